#!/usr/bin/env bash
# Install the Debian packages the test suite and tools need. Idempotent: packages already
# installed are detected with dpkg -s, and apt-get update runs (once, quietly) only when
# something is missing. Add packages to SYSTEM_PACKAGES below.
#   bash scripts/install-system-deps.sh            what the tests and the service need
#   bash scripts/install-system-deps.sh --corpus   also what the training corpus recipe needs
set -euo pipefail

SYSTEM_PACKAGES=(
  ffmpeg              # tests encode mp3/flac/opus fixtures
  fluidsynth          # renders MIDI clips to audio
  fluid-soundfont-gm  # General MIDI soundfont for fluidsynth
  sox                 # fast downmix/resample of rendered corpus clips
  chromium            # headless browser for the web page tests (driven by playwright-core)
)
# The shipped model's corpus renders 65 % of its clips with MuseScore General (closer to real
# instruments); tests do not need it, so it is installed only for the recipe.
if [ "${1:-}" = "--corpus" ]; then
  SYSTEM_PACKAGES+=(musescore-general-soundfont-lossless)
fi

export DEBIAN_FRONTEND=noninteractive
log() { echo "[install-system-deps] $*"; }

missing=()
for p in "${SYSTEM_PACKAGES[@]}"; do
  # dpkg -s succeeds for removed-but-not-purged packages too: require "install ok installed".
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  log "all ${#SYSTEM_PACKAGES[@]} packages already installed (${SYSTEM_PACKAGES[*]})"
  exit 0
fi

SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo -n)

log "missing: ${missing[*]}"
log "apt-get update"
"${SUDO[@]}" apt-get update -qq >/dev/null
log "apt-get install ${missing[*]}"
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null
for p in "${missing[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] \
    || { log "ERROR: $p did not install" >&2; exit 1; }
done
log "installed ${missing[*]}"
