#!/usr/bin/env bash
# Benchmark of the tutor-quality port (issue 4): builds in release mode, then runs
#   1. production mode (150 tutors, 30 days, 750 sessions/day; seven files), and
#   2. a 1,000,000-session run (--set sessions_per_day=33334),
#   3. 100,000 and 2,000,000 sessions, to show that peak memory does not grow with sessions,
# and reports wall time, rows/s and peak memory (max RSS) for each; best of RUNS runs.
# Not a test: the figures depend on the machine and its load. Usage:
#   scripts/bench.sh            # RUNS=3
#   RUNS=5 scripts/bench.sh
#   scripts/bench.sh --threads 1   # extra flags go to every run
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${RUNS:-3}
swift build -c release --product scenario >/dev/null
bin=$(swift build -c release --show-bin-path)/scenario
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if ! command -v /usr/bin/time >/dev/null 2>&1; then
  echo "bench.sh: needs /usr/bin/time (GNU time) for peak memory" >&2
  exit 2
fi

# Every run checks the scenario's expectations unless told otherwise (a failure only makes the
# exit code 1, which the benchmark ignores).
bench() {
  local label=$1
  shift
  local best_wall="" best_rss="" rows=""
  for ((i = 1; i <= RUNS; i++)); do
    rm -rf "$out/run"
    local stats
    stats=$({ /usr/bin/time -f 'TIME %e %M' "$bin" run scenarios/tutor_quality.scenario --out "$out/run" \
      --quiet "$@" >/dev/null 2>"$out/err"; } 2>&1 || true)
    stats=$(grep '^TIME' "$out/err" || true)
    if [[ -z $stats ]]; then
      echo "bench.sh: run failed:" >&2
      cat "$out/err" >&2
      exit 1
    fi
    local wall rss
    wall=$(awk '{print $2}' <<<"$stats")
    rss=$(awk '{print $3}' <<<"$stats")
    rows=$(cat "$out"/run/*.csv | wc -l)
    rows=$((rows - $(ls "$out"/run/*.csv | wc -l)))
    if [[ -z $best_wall ]] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; fi
    if [[ -z $best_rss ]] || ((rss < best_rss)); then best_rss=$rss; fi
  done
  local rate
  rate=$(awk "BEGIN{printf \"%.0f\", $rows / ($best_wall > 0 ? $best_wall : 0.01)}")
  printf '%-34s %8s s %12s rows %12s rows/s %8.1f MB peak\n' "$label" "$best_wall" "$rows" "$rate" \
    "$(awk "BEGIN{print $best_rss / 1024}")"
}

echo "scenario bench: $(nproc) cores, best of $RUNS, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
bench "production (7 files)" --mode production "$@"
bench "production, --expectations off" --mode production --expectations off "$@"
bench "1M sessions (7 files)" --set sessions_per_day=33334 "$@"
bench "1M sessions, --expectations off" --set sessions_per_day=33334 --expectations off "$@"
# Memory must not grow with the session count: the same run at a tenth and at twice the size.
bench "100k sessions, --expectations off" --set sessions_per_day=3334 --expectations off "$@"
bench "2M sessions, --expectations off" --set sessions_per_day=66667 --expectations off "$@"
