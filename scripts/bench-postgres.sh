#!/usr/bin/env bash
# Benchmark of the PostgreSQL target (issue 18): builds in release mode, starts the throwaway
# server (scripts/postgres.sh), then in one run writes ROWS rows straight into a fresh database
# (`scenario run --db postgresql://...`) and, as the baseline, writes the CSV and loads it with
# `psql \copy` into the same table. Reports wall times, peak memory and the ratio (the target:
# direct <= 1.5x CSV + \copy). Best of RUNS. Not a test: the figures depend on the machine.
# Usage: scripts/bench-postgres.sh      RUNS=5 ROWS=2000000 scripts/bench-postgres.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${RUNS:-3}
ROWS=${ROWS:-1000000}
swift build -c release --product scenario >/dev/null
bin=$(swift build -c release --show-bin-path)/scenario
eval "$(scripts/postgres.sh start)"
pgbin=${SCENARIO_PGBIN:-/usr/lib/postgresql/15/bin}
psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$SCENARIO_PGHOST" -p "$SCENARIO_PGPORT" -U "$SCENARIO_PGUSER")
uri="postgresql://$SCENARIO_PGUSER@/bench_direct?host=$SCENARIO_PGHOST&port=$SCENARIO_PGPORT"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
scenario=scripts/bench/db_events.scenario   # the events table both paths write
fresh() { "${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" 2>/dev/null; }
seconds() { /usr/bin/time -f '%e %M' -o "$out/time" "$@" >/dev/null; cat "$out/time"; }
best_direct="" best_base="" rss=""
for ((i = 1; i <= RUNS; i++)); do
  fresh bench_direct
  fresh bench_copy
  rm -rf "$out/csv"
  read -r t m < <(seconds "$bin" run "$scenario" --set rows="$ROWS" --db "$uri" --quiet)
  "$pgbin/pg_dump" -h "$SCENARIO_PGHOST" -p "$SCENARIO_PGPORT" -U "$SCENARIO_PGUSER" -s -t events bench_direct \
    | "${psql[@]}" -d bench_copy >/dev/null
  read -r c _ < <(seconds "$bin" run "$scenario" --set rows="$ROWS" --out "$out/csv" --quiet)
  read -r cp _ < <(seconds "${psql[@]}" -d bench_copy -c "\\copy events FROM '$out/csv/events.csv' WITH (FORMAT csv, HEADER true)")
  base=$(awk "BEGIN{print $c + $cp}")
  if [[ -z $best_direct ]] || awk "BEGIN{exit !($t < $best_direct)}"; then best_direct=$t; rss=$m; fi
  if [[ -z $best_base ]] || awk "BEGIN{exit !($base < $best_base)}"; then best_base=$base; fi
done
rows=$("${psql[@]}" -d bench_direct -t -A -c 'SELECT COUNT(*) FROM events')
copied=$("${psql[@]}" -d bench_copy -t -A -c 'SELECT COUNT(*) FROM events')
echo "scenario bench-postgres: $(nproc) cores, best of $RUNS, $rows rows direct, $copied copied, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
printf 'direct (--db postgresql://)  %6s s  %8s KB\nCSV + psql \\copy              %6s s\n' "$best_direct" "$rss" "$best_base"
awk "BEGIN{printf \"direct / (CSV + \\\\copy): %.2f x\n\", $best_direct / $best_base}"
