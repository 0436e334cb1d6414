#!/usr/bin/env bash
# Benchmark of keyed picks (issue 15): builds in release mode, then in one run times a table of
# ROWS rows that picks from a table of ROWS rows, three ways: a plain `pick items` (the baseline),
# a keyed `pick items where code == wanted` (a hash index on 1,000 codes), and the same pick with
# the key read through the picked row. Reports each pick's time per row over a table without a
# pick, and the keyed / plain ratio (the target is <= 1.5). Best of RUNS runs. Not a test.
# Usage: scripts/bench-keyed.sh      RUNS=5 ROWS=2000000 scripts/bench-keyed.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${RUNS:-3}
ROWS=${ROWS:-1000000}
swift build -c release --product scenario >/dev/null
bin=$(swift build -c release --show-bin-path)/scenario
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# scenario FILE PICK: a 1M-row `items` table and a `rows` table whose `item` column is PICK.
scenario() {
  cat >"$1" <<EOS
scenario keyed_bench
seed 3
param n = $ROWS
table items [n] {
  key id
  id = row
  code = uniform_int(1, 1000)
}
table rows [n] {
  wanted = uniform_int(1, 1000)
  $2
}
EOS
}
scenario "$out/none.scenario" "item = wanted"
scenario "$out/plain.scenario" "item = pick items"
scenario "$out/keyed.scenario" "item = pick items where code == wanted"

best() {
  local file=$1 best=""
  for ((i = 1; i <= RUNS; i++)); do
    rm -rf "$out/run"
    /usr/bin/time -f '%e' -o "$out/time" "$bin" run "$file" --out "$out/run" --quiet --expectations off >/dev/null
    local t
    t=$(cat "$out/time")
    if [[ -z $best ]] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  echo "$best"
}

echo "scenario bench-keyed: $(nproc) cores, best of $RUNS, $ROWS rows in each table, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
none=$(best "$out/none.scenario")
plain=$(best "$out/plain.scenario")
keyed=$(best "$out/keyed.scenario")
printf 'no pick   %6s s\nplain     %6s s\nkeyed     %6s s\n' "$none" "$plain" "$keyed"
awk "BEGIN{printf \"whole run keyed / plain: %.2f\n\", $keyed / $plain}"
awk "BEGIN{p = $plain - $none; k = $keyed - $none; printf \"pick cost per row: plain %.3f us, keyed %.3f us (%.2f x)\n\", p / $ROWS * 1e6, k / $ROWS * 1e6, (p > 0 ? k / p : 0)}"
