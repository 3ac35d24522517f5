#!/usr/bin/env bash
# Install the pgvector extension (>= 0.8) into the machine's PostgreSQL server.
#
# Debian bookworm ships no pgvector package, so this builds pgvector from Debian trixie's
# *source* package, fetched with apt through a private, source-only sources file (the
# system's apt configuration and package lists are not touched):
#   1. deb822 file: Types: deb-src, Suites: trixie, Components: main, with the URI and
#      Signed-By keyring of the machine's own bookworm source;
#   2. apt-get update / apt-get source --download-only with Dir::Etc::sourcelist=that file,
#      Dir::Etc::sourceparts=/dev/null, Dir::State::Lists=a private dir;
#   3. apt-get install postgresql-server-dev-<ver> (may upgrade the server's minor version,
#      so the cluster is restarted afterwards);
#   4. dpkg-source -x, make OPTFLAGS="" && make install;
#   5. verify: CREATE EXTENSION IF NOT EXISTS vector in database $PGVECTOR_VERIFY_DB.
# Idempotent: a quick no-op when vector.control is installed and CREATE EXTENSION gives >= 0.8.
#   PGVECTOR_VERIFY_DB  database used for the check (default: test)
#   PGVECTOR_FORCE=1    rebuild even if already installed
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MIN_VERSION=0.8
VERIFY_DB=${PGVECTOR_VERIFY_DB:-test}
PSQL=(psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)
export DEBIAN_FRONTEND=noninteractive

log() { echo "[install-pgvector] $*"; }
die() { echo "[install-pgvector] ERROR: $*" >&2; exit 1; }

# Major version of the running/installed server (the cluster under /etc/postgresql).
pg_major() {
  local v
  v=$("${PSQL[@]}" -d postgres -c "SHOW server_version_num" 2>/dev/null || true)
  if [ -n "$v" ]; then echo $((v / 10000)); return; fi
  ls /etc/postgresql 2>/dev/null | sort -V | tail -n1
}

# Prints the installed extension version after CREATE EXTENSION, or nothing on failure.
vector_version() {
  "${PSQL[@]}" -d "$VERIFY_DB" \
    -c "CREATE EXTENSION IF NOT EXISTS vector" \
    -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'" 2>/dev/null | tail -n1
}

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

bash "$HERE/ensure-postgres.sh"

if [ "$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$VERIFY_DB'" 2>/dev/null)" != 1 ]; then
  log "database '$VERIFY_DB' does not exist; verifying in 'postgres' instead"
  VERIFY_DB=postgres
fi

PGMAJOR=$(pg_major)
[ -n "$PGMAJOR" ] || die "cannot determine the PostgreSQL major version"
PG_CONFIG_BIN=/usr/lib/postgresql/$PGMAJOR/bin/pg_config
# The server's own extension dir (the /usr/bin/pg_config wrapper may point elsewhere
# before postgresql-server-dev-* is installed).
SHAREDIR=/usr/share/postgresql/$PGMAJOR
[ -x "$PG_CONFIG_BIN" ] && SHAREDIR=$("$PG_CONFIG_BIN" --sharedir)

if [ "${PGVECTOR_FORCE:-0}" != 1 ] && [ -f "$SHAREDIR/extension/vector.control" ]; then
  have=$(vector_version || true)
  if [ -n "$have" ] && version_ge "$have" "$MIN_VERSION"; then
    log "pgvector $have already installed for PostgreSQL $PGMAJOR (CREATE EXTENSION works in '$VERIFY_DB'); nothing to do"
    exit 0
  fi
  log "vector.control present but CREATE EXTENSION gives '${have:-failure}': rebuilding"
fi

log "building pgvector for PostgreSQL $PGMAJOR from Debian trixie's source package"

# --- 1. find the machine's own Debian archive source (URI + keyring) -------------------
uri="" keyring=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  # Each deb822 stanza: remember URIs / Suites / Signed-By, take the first whose suites
  # include a plain Debian release suite (bookworm, bookworm-updates, ...), not security.
  read -r uri keyring < <(awk '
    function flush() {
      if (uris != "" && suites ~ /(^| )(bookworm|trixie|stable|testing)(-updates)?( |$)/ && uris !~ /security/ && !done) {
        split(uris, u, " "); print u[1], (signed == "" ? "-" : signed); done = 1
      }
      uris = ""; suites = ""; signed = ""; enabled = 1
    }
    /^[[:space:]]*#/ { next }
    /^[[:space:]]*$/ { flush(); next }
    /^URIs:/      { sub(/^URIs:[[:space:]]*/, ""); uris = $0 }
    /^Suites:/    { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
    /^Signed-By:/ { sub(/^Signed-By:[[:space:]]*/, ""); signed = $0 }
    /^Enabled:[[:space:]]*no/ { uris = "" }
    END { flush() }' "$f") || true   # read fails when awk prints nothing
  [ -n "$uri" ] && break
done
if [ -z "$uri" ]; then
  # One-line format: deb [signed-by=K] URI SUITE COMPONENTS
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    line=$(grep -E '^[[:space:]]*deb(-src)?[[:space:]]' "$f" | grep -v security \
      | grep -E '[[:space:]](bookworm|trixie|stable|testing)(-updates)?[[:space:]]' | head -n1 || true)
    [ -n "$line" ] || continue
    keyring=$(sed -nE 's/.*signed-by=([^] ]+).*/\1/p' <<<"$line")
    uri=$(sed -E 's/\[[^]]*\]//' <<<"$line" | awk '{print $2}')
    [ -n "$uri" ] && break
  done
fi
[ -n "$uri" ] || die "no Debian archive source found in /etc/apt/sources.list{,.d}"
[ "$keyring" = "-" ] && keyring=""
log "apt source: $uri (keyring: ${keyring:-apt default})"

# --- 2. fetch the trixie source package through a private apt setup --------------------
WORK=$(mktemp -d /tmp/pgvector-build.XXXXXX)
chmod 755 "$WORK"   # apt downloads as user _apt
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/lists/partial" "$WORK/src"
chown _apt "$WORK/src" 2>/dev/null || true   # apt fetches as _apt where that user exists
{
  echo "Types: deb-src"
  echo "URIs: $uri"
  echo "Suites: trixie"
  echo "Components: main"
  [ -n "$keyring" ] && echo "Signed-By: $keyring"
} >"$WORK/trixie-src.sources"
APT_OPTS=(-o "Dir::Etc::sourcelist=$WORK/trixie-src.sources" -o Dir::Etc::sourceparts=/dev/null
          -o "Dir::State::Lists=$WORK/lists")
log "apt-get update (trixie deb-src only, private lists dir)"
apt-get "${APT_OPTS[@]}" -qq update >/dev/null
(cd "$WORK/src" && apt-get "${APT_OPTS[@]}" -qq source --download-only pgvector) \
  || die "apt-get source pgvector failed"
dsc=$(ls "$WORK"/src/pgvector_*.dsc | head -n1)
log "downloaded $(basename "$dsc")"

# --- 3. server headers ---------------------------------------------------------------
DEV_PKG=postgresql-server-dev-$PGMAJOR
before=$(dpkg-query -W -f='${Version}' "postgresql-$PGMAJOR" 2>/dev/null || true)
if ! dpkg -s "$DEV_PKG" >/dev/null 2>&1; then
  log "apt-get install $DEV_PKG"
  if ! apt-get install -y -qq --no-install-recommends "$DEV_PKG" >/dev/null; then
    log "install failed; apt-get update and retry"
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "$DEV_PKG" >/dev/null
  fi
fi
for tool in make gcc dpkg-source; do
  command -v "$tool" >/dev/null 2>&1 || { log "installing build tools"; \
    apt-get install -y -qq --no-install-recommends build-essential dpkg-dev >/dev/null; break; }
done
after=$(dpkg-query -W -f='${Version}' "postgresql-$PGMAJOR" 2>/dev/null || true)

# --- 4. build and install ------------------------------------------------------------
(cd "$WORK/src" && dpkg-source --no-check -x "$(basename "$dsc")" build >/dev/null)
log "make && make install ($(grep -m1 '^Version:' "$dsc"))"
make -C "$WORK/src/build" -s -j"$(nproc)" PG_CONFIG="$PG_CONFIG_BIN" OPTFLAGS="" >"$WORK/build.log" 2>&1 \
  || { tail -n 40 "$WORK/build.log" >&2; die "pgvector build failed"; }
make -C "$WORK/src/build" -s PG_CONFIG="$PG_CONFIG_BIN" OPTFLAGS="" install >>"$WORK/build.log" 2>&1 \
  || { tail -n 40 "$WORK/build.log" >&2; die "pgvector install failed"; }

# --- restart if the server package changed under the running cluster -------------------
running=$("${PSQL[@]}" -d postgres -c "SHOW server_version" 2>/dev/null | awk '{print $1}' || true)
if [ "$before" != "$after" ] || { [ -n "$running" ] && [[ "$after" != "$running"* ]]; }; then
  log "postgresql-$PGMAJOR is now $after (server was running ${running:-?}): restarting cluster"
  pg_ctlcluster --skip-systemctl-redirect "$PGMAJOR" main restart
fi
bash "$HERE/ensure-postgres.sh"

# --- 5. verify -----------------------------------------------------------------------
# An older vector already created in that database is moved to the new version.
"${PSQL[@]}" -d "$VERIFY_DB" -c "ALTER EXTENSION vector UPDATE" >/dev/null 2>&1 || true
have=$(vector_version || true)
[ -n "$have" ] || die "CREATE EXTENSION vector failed in database '$VERIFY_DB'"
version_ge "$have" "$MIN_VERSION" || die "pgvector $have installed, need >= $MIN_VERSION"
log "pgvector $have installed for PostgreSQL $PGMAJOR (CREATE EXTENSION works in '$VERIFY_DB')"
