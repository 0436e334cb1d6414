#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL 15 server for the tests.
#
#   eval "$(scripts/postgres.sh)"        # start if needed; exports SCENARIO_PG{HOST,PORT,USER}
#   scripts/postgres.sh status           # exit 0 if our server is running
#   scripts/postgres.sh stop             # stop it (the data folder stays for the next start)
#
# The server listens on a Unix socket, where it trusts every connection, and on 127.0.0.1, where
# the role `scenario_pw` must give its password (scram-sha-256; the tests of the PostgreSQL
# target check a wrong one); it keeps its data in a temporary folder. PostgreSQL refuses to run as root, so when this script runs as root
# it runs initdb and pg_ctl as the `postgres` OS user; as any other user it runs them as that user.
# Only the export line goes to stdout; progress goes to stderr. Starting twice does nothing.
# The export line also names the password role: SCENARIO_PGTCPUSER and SCENARIO_PGTCPPASSWORD.
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
# The password of the TCP role of this throwaway server (test data only).
tcp_password=scenario-test-password

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
    # The password role over TCP comes before initdb's trust lines.
    if ! grep -q "scenario_pw" "$data/pg_hba.conf"; then
      as_server_user sh -c "{ echo 'host all scenario_pw 127.0.0.1/32 scram-sha-256'; cat '$data/pg_hba.conf'; } > '$data/pg_hba.new' && mv '$data/pg_hba.new' '$data/pg_hba.conf'"
    fi
    log "starting on socket $socket and 127.0.0.1, port $port"
    as_server_user "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -k $socket -p $port -c fsync=off" start >&2 \
      || { cat "$data/server.log" >&2; exit 1; }
    as_server_user "$bin/psql" -X -q -h "$socket" -p "$port" -U postgres -d postgres -c \
      "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'scenario_pw') THEN CREATE ROLE scenario_pw LOGIN SUPERUSER PASSWORD '$tcp_password'; END IF; END \$\$" >&2
  fi
  echo "export SCENARIO_PGHOST=$socket SCENARIO_PGPORT=$port SCENARIO_PGUSER=postgres SCENARIO_PGTCPUSER=scenario_pw SCENARIO_PGTCPPASSWORD=$tcp_password"
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
