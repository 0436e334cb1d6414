#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL 15 server for the tests.
#
#   eval "$(scripts/postgres.sh)"        # start if needed; exports SCENARIO_PG{HOST,PORT,USER}
#   scripts/postgres.sh status           # exit 0 if our server is running
#   scripts/postgres.sh stop             # stop it (the data folder stays for the next start)
#
# The server listens only on a Unix socket (no TCP), trusts every local connection, and keeps its
# data in a temporary folder. PostgreSQL refuses to run as root, so when this script runs as root
# it runs initdb and pg_ctl as the `postgres` OS user; as any other user it runs them as that user.
# Only the export line goes to stdout; progress goes to stderr. Starting twice does nothing.
#
# Settings (environment): SCENARIO_PGBIN (default /usr/lib/postgresql/15/bin),
# SCENARIO_PGDATA (default /tmp/scenario-pg), SCENARIO_PGSOCKET (default /tmp/scenario-pg-sock),
# SCENARIO_PGPORT (default 54329; with no TCP it only names the socket file).
set -euo pipefail

bin=${SCENARIO_PGBIN:-/usr/lib/postgresql/15/bin}
data=${SCENARIO_PGDATA:-/tmp/scenario-pg}
socket=${SCENARIO_PGSOCKET:-/tmp/scenario-pg-sock}
port=${SCENARIO_PGPORT:-54329}
command=${1:-start}

log() { echo "postgres.sh: $*" >&2; }

# Runs a command as the server's OS user: `postgres` when we are root, ourselves otherwise.
as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

is_running() {
  [[ -f "$data/PG_VERSION" ]] && as_server_user "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

start() {
  if [[ ! -x "$bin/pg_ctl" ]]; then
    log "no PostgreSQL binaries in $bin (install postgresql-15 or set SCENARIO_PGBIN)"
    exit 1
  fi
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    log "running as root needs a 'postgres' OS user to run the server"
    exit 1
  fi
  mkdir -p "$socket"
  chmod 777 "$socket"
  if is_running; then
    log "already running (data $data)"
  else
    if [[ ! -f "$data/PG_VERSION" ]]; then
      rm -rf "$data"
      mkdir -p "$data"
      if [[ $(id -u) -eq 0 ]]; then chown postgres: "$data"; fi
      chmod 700 "$data"
      log "initdb $data"
      as_server_user "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C \
        >"$data.initdb.log" 2>&1 || { cat "$data.initdb.log" >&2; exit 1; }
    fi
    log "starting on socket $socket, port $port"
    as_server_user "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $socket -p $port -c fsync=off" start >&2 \
      || { cat "$data/server.log" >&2; exit 1; }
  fi
  echo "export SCENARIO_PGHOST=$socket SCENARIO_PGPORT=$port SCENARIO_PGUSER=postgres"
}

stop() {
  if is_running; then
    as_server_user "$bin/pg_ctl" -D "$data" -m fast -w stop >&2
  else
    log "not running"
  fi
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) is_running ;;
  *) log "unknown command '$command' (use start, stop or status)"; exit 2 ;;
esac
