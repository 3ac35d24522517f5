#!/usr/bin/env bash
# Make sure the machine's PostgreSQL cluster accepts connections on 127.0.0.1:5432.
# If it does not, start it with pg_ctlcluster (the version is read from /etc/postgresql)
# and wait, bounded, until pg_isready says yes. Exits non-zero if it never becomes ready.
#   ENSURE_POSTGRES_TIMEOUT  seconds to wait after starting (default 60)
set -euo pipefail

HOST=127.0.0.1
PORT=${PGPORT:-5432}
TIMEOUT=${ENSURE_POSTGRES_TIMEOUT:-60}

log() { echo "[ensure-postgres] $*"; }

ready() { pg_isready -q -h "$HOST" -p "$PORT" -t 2 >/dev/null 2>&1; }

if ! command -v pg_isready >/dev/null 2>&1; then
  log "pg_isready not found: PostgreSQL client tools are not installed" >&2
  exit 1
fi

if ready; then
  log "already accepting connections on $HOST:$PORT"
  exit 0
fi

# Newest installed major version that has a 'main' cluster.
ver=""
if [ -d /etc/postgresql ]; then
  ver=$(ls /etc/postgresql | sort -V | while read -r v; do
          [ -f "/etc/postgresql/$v/main/postgresql.conf" ] && echo "$v"; done | tail -n1)
fi
if [ -z "$ver" ]; then
  log "no cluster found under /etc/postgresql" >&2
  exit 1
fi

log "not accepting connections; starting cluster $ver/main"
# 'start' fails if the cluster is already starting/running but not yet ready: tolerate that
# and let the wait below decide.
pg_ctlcluster --skip-systemctl-redirect "$ver" main start || log "pg_ctlcluster start returned $? (continuing to wait)"

deadline=$((SECONDS + TIMEOUT))
until ready; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "cluster $ver/main still not ready after ${TIMEOUT}s" >&2
    pg_lsclusters >&2 || true
    tail -n 30 "/var/log/postgresql/postgresql-$ver-main.log" >&2 2>/dev/null || true
    exit 1
  fi
  sleep 1
done
log "cluster $ver/main ready on $HOST:$PORT"
