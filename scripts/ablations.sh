#!/usr/bin/env bash
# Ablations of docs/quality.md under one reduced, equal budget (2 epochs, batch 48, lr 2e-3, first 4
# captions per clip, seed 1 (the glove+bow baseline also seed 2); the shipped recipe is 10 epochs). Trains each variant into
# data/ablations/, evaluates them side by side and renders docs/ablations.md, which
# `tunelens eval … --append docs/ablations.md` includes in docs/quality.md.
#   bash scripts/ablations.sh            (from the repository root, after the corpus is built)
# JOBS trainings at a time (default 1): each is single-threaded (tfjs WASM), so JOBS=2 uses both
# cores of an otherwise idle 2-core machine. Variants already trained/evaluated are skipped.
set -eu
JOBS=${JOBS:-1}
OUT=data/ablations
COMMON="--data data/corpus/synthetic --epochs 2 --batch 48 --lr 2e-3 --max-captions 4 --no-progress"
mkdir -p "$OUT"
[ -d data/corpus/synthetic-val-described ] || npx tsx scripts/held-out-split.ts --with-descriptions data/corpus/synthetic data/corpus/synthetic-val-described

# Each variant trains, then is evaluated on mustango-captions and the described held-out split, in
# a background job; at most JOBS of them run at once, and the table waits for all of them.
variant() { # version, extra train options
  v=$1; shift
  [ -f "$OUT/$v/model.json" ] || npx tunelens train $COMMON --out "$OUT/$v" --name "$v" --model-version "$v" "$@" > "$OUT/train-$v.log" 2>&1
  [ -f "$OUT/eval-$v.json" ] || npx tunelens eval ../shared/data/mustango-captions data/corpus/synthetic-val-described \
    --model "$OUT/$v" --json "$OUT/eval-$v.json" > "$OUT/eval-$v.log" 2>&1
}
run() {
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
  variant "$@" &
}
# the shipped recipe again with another seed (10 epochs: the longest job, so it starts first)
run v0.3-s2 --seed 2 --text-backbone glove+bow --epochs 10
run abl-untrained --seed 1 --text-backbone glove+bow --epochs 0
run abl-glove --seed 1 --text-backbone glove+bow
run abl-glove-crop --seed 1 --text-backbone glove+bow --crop-positives
run abl-glove-s2 --seed 2 --text-backbone glove+bow
run abl-bow --seed 1 --text-backbone bow
run abl-use --seed 1 --text-backbone use+bow
run abl-glove-half --seed 1 --text-backbone glove+bow --train-clips 1350
# real music from Debian packages (uncaptioned) as crop positives: needs scripts/fetch-debian-music.ts
if [ -f data/corpus/debian-music/tracks.jsonl ]; then
  run abl-glove-crop-debian --seed 1 --text-backbone glove+bow --crop-positives --data data/corpus/debian-music
else
  echo "skipping abl-glove-crop-debian: run npx tsx scripts/fetch-debian-music.ts first" >&2
fi
# the shipped model on the same two sets, for its row (audio / description / fused)
[ -f "$OUT/eval-v0.3.json" ] || npx tunelens eval ../shared/data/mustango-captions data/corpus/synthetic-val-described \
  --model models/tunelens-default --json "$OUT/eval-v0.3.json" > "$OUT/eval-v0.3.log" 2>&1
wait
sh scripts/ablation-table.sh
