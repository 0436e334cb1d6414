#!/usr/bin/env bash
# Benchmark of the value packs (issue 14): builds in release mode, then in one run measures
#   1. ../shared/bench/sessions23.scenario and the `customers` table of
#      scenarios/crm_edge_cases.scenario alone (its parameters and that table, cut from the file)
#      at ROWS rows each, and reports their wall times and ratio (target: customers /
#      sessions23 <= 2);
#   2. the customers table at ROWS / 10 and ROWS rows: peak memory (max RSS), which must stay
#      flat.
# Best of RUNS runs for each figure. Not a test: the figures depend on the machine and its load.
# Usage:
#   scripts/bench-packs.sh                   # RUNS=3, ROWS=1000000
#   RUNS=1 ROWS=200000 scripts/bench-packs.sh --threads 1   # extra flags go to every run
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${RUNS:-3}
ROWS=${ROWS:-1000000}
swift build -c release --product scenario >/dev/null
bin=$(swift build -c release --show-bin-path)/scenario
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if ! command -v /usr/bin/time >/dev/null 2>&1; then
  echo "bench-packs.sh: needs /usr/bin/time (GNU time) for peak memory" >&2
  exit 2
fi

# The crm fixture up to the end of its customers table: header, parameters and that table.
awk '{ print } /^table customers / { inside = 1 } inside && /^}/ { exit }' scenarios/crm_edge_cases.scenario \
  >"$out/customers.scenario"

# best LABEL FILE ARGS...: prints "WALL RSS_KB" of the best of RUNS runs on stdout, and a line on
# stderr.
best() {
  local label=$1 file=$2
  shift 2
  local best_wall="" best_rss=""
  for ((i = 1; i <= RUNS; i++)); do
    rm -rf "$out/run"
    /usr/bin/time -f 'TIME %e %M' -o "$out/time" "$bin" run "$file" --out "$out/run" --quiet --expectations off "$@" \
      >/dev/null 2>"$out/err" || { echo "bench-packs.sh: $label failed:" >&2; cat "$out/err" >&2; exit 1; }
    local wall rss
    wall=$(awk '/^TIME/ {print $2}' "$out/time")
    rss=$(awk '/^TIME/ {print $3}' "$out/time")
    if [[ -z $best_wall ]] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; fi
    if [[ -z $best_rss ]] || ((rss < best_rss)); then best_rss=$rss; fi
  done
  printf '%-40s %8s s %8.1f MB peak %8.1f MB written\n' "$label" "$best_wall" \
    "$(awk "BEGIN{print $best_rss / 1024}")" "$(awk "BEGIN{print $(cat "$out"/run/*.csv | wc -c) / 1048576}")" >&2
  echo "$best_wall $best_rss"
}

echo "scenario bench-packs: $(nproc) cores, best of $RUNS, $ROWS rows, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
read -r base _ < <(best "sessions23, $ROWS rows" ../shared/bench/sessions23.scenario --set rows="$ROWS" "$@")
read -r packs rss_big < <(best "customers, $ROWS rows" "$out/customers.scenario" --set customers="$ROWS" "$@")
read -r _ rss_small < <(best "customers, $((ROWS / 10)) rows" "$out/customers.scenario" --set customers="$((ROWS / 10))" "$@")
[[ -n $base && -n $packs && -n $rss_small ]] || exit 1
awk "BEGIN{printf \"ratio customers / sessions23: %.2f (target <= 2)\n\", $packs / $base}"
awk "BEGIN{printf \"peak memory %s / %s rows: %.2f\n\", $ROWS, $ROWS / 10, $rss_big / $rss_small}"
