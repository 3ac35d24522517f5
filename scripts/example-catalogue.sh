#!/usr/bin/env bash
# Prints the path of a small example catalogue to ingest (the README's Quick start):
# ../shared/data/librosa-music when this checkout sits next to the shared data, otherwise
# data/example, built once from the freely licensed Debian package singularity-music
# (16 tracks, CC-BY-SA-3.0) with scripts/fetch-debian-music.ts. Progress goes to stderr.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED="$ROOT/../shared/data/librosa-music"
if [ -f "$SHARED/tracks.jsonl" ]; then
  echo "$SHARED"
  exit 0
fi
OUT="$ROOT/data/example"
if [ ! -f "$OUT/tracks.jsonl" ]; then
  command -v apt-get >/dev/null || { echo "no ../shared and no apt-get: pass any folder of audio files to tunelens ingest instead" >&2; exit 1; }
  echo "building $OUT from Debian's singularity-music (first run only)…" >&2
  (cd "$ROOT" && npx tsx scripts/fetch-debian-music.ts --packages singularity-music --out data/example --scratch data/.example-scratch) >&2
fi
echo "$OUT"
