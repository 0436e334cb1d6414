#!/usr/bin/env bash
# Benchmark of the SQLite target (issue 17): builds in release mode, then in one run writes
# ROWS rows straight into a new SQLite database (`scenario run --db sqlite:`), and, as the
# baseline, writes the CSV and imports it with `sqlite3 .import` into the same table. Reports
# wall times, peak memory and the ratio (the target: direct <= 1.5x CSV + import). Best of RUNS.
# Not a test: the figures depend on the machine and its load.
# Usage: scripts/bench-sqlite.sh      RUNS=5 ROWS=2000000 scripts/bench-sqlite.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${RUNS:-3}
ROWS=${ROWS:-1000000}
swift build -c release --product scenario >/dev/null
bin=$(swift build -c release --show-bin-path)/scenario
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
scenario=scripts/bench/db_events.scenario   # the events table both paths write

seconds() { /usr/bin/time -f '%e %M' -o "$out/time" "$@" >/dev/null; cat "$out/time"; }
best_direct="" best_base="" rss=""
for ((i = 1; i <= RUNS; i++)); do
  rm -f "$out/d.db" "$out/i.db"
  rm -rf "$out/csv"
  read -r t m < <(seconds "$bin" run "$scenario" --set rows="$ROWS" --db "sqlite:$out/d.db" --quiet)
  sqlite3 "$out/i.db" "$(sqlite3 "$out/d.db" '.schema events')"
  read -r c _ < <(seconds "$bin" run "$scenario" --set rows="$ROWS" --out "$out/csv" --quiet)
  read -r im _ < <(seconds sqlite3 "$out/i.db" ".import --csv --skip 1 $out/csv/events.csv events")
  base=$(awk "BEGIN{print $c + $im}")
  if [[ -z $best_direct ]] || awk "BEGIN{exit !($t < $best_direct)}"; then best_direct=$t; rss=$m; fi
  if [[ -z $best_base ]] || awk "BEGIN{exit !($base < $best_base)}"; then best_base=$base; fi
done
rows=$(sqlite3 "$out/d.db" 'SELECT COUNT(*) FROM events')
echo "scenario bench-sqlite: $(nproc) cores, best of $RUNS, $rows rows, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
printf 'direct (--db sqlite:)     %6s s  %8s KB\nCSV + sqlite3 .import     %6s s\n' "$best_direct" "$rss" "$best_base"
awk "BEGIN{printf \"direct / (CSV + import): %.2f x\n\", $best_direct / $best_base}"
