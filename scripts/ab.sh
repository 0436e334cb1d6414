#!/usr/bin/env bash
# A/B benchmark of two builds of `scenario`, run interleaved so that both see the same machine
# drift: round k runs A then B (odd rounds) or B then A (even rounds) on each workload, timing
# each run's wall clock to the microsecond (bash's EPOCHREALTIME), and reports the median, the
# fastest run and the ratio B/A of the medians. Not a test: figures depend on the machine.
#
#   scripts/ab.sh                       # A = 877ac56 (before issue 9), B = the working tree
#   scripts/ab.sh REF_A [REF_B]         # any two git refs; B defaults to the working tree
#   ROUNDS=20 scripts/ab.sh             # rounds per workload (default 10, at least 10)
#   WORKLOADS="production" scripts/ab.sh
#
# Workloads (tutor_quality.scenario, expectations measured unless noted):
#   production   --mode production (22,500 sessions, seven files)
#   1m           --set sessions_per_day=33334 (1,000,000 sessions)
#   1m-off       the same with --expectations off
# A git ref is built in release mode in a worktree under ${AB_CACHE:-/tmp/scenario-ab}/REF
# (kept between runs); the working tree is built in place.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ROUNDS=${ROUNDS:-10}
((ROUNDS >= 10)) || { echo "ab.sh: ROUNDS must be at least 10" >&2; exit 2; }
REF_A=${1:-877ac56}
REF_B=${2:-}
CACHE=${AB_CACHE:-/tmp/scenario-ab}
WORKLOADS=${WORKLOADS:-"production 1m 1m-off"}

# Builds a git ref (or the working tree when empty) and prints the binary's path.
build() {
  local ref=$1
  if [[ -z $ref ]]; then
    swift build -c release --product scenario >&2
    echo "$(swift build -c release --show-bin-path)/scenario"
    return
  fi
  local commit
  commit=$(git rev-parse --short "$ref^{commit}")
  local dir="$CACHE/$commit"
  if [[ ! -d $dir ]]; then
    mkdir -p "$CACHE"
    git worktree add --detach "$dir" "$commit" >&2
  fi
  (cd "$dir" && swift build -c release --product scenario >&2)
  echo "$(cd "$dir" && swift build -c release --show-bin-path)/scenario"
}

args_for() {
  case $1 in
    production) echo "--mode production" ;;
    1m) echo "--set sessions_per_day=33334" ;;
    1m-off) echo "--set sessions_per_day=33334 --expectations off" ;;
    *) echo "ab.sh: unknown workload '$1'" >&2; exit 2 ;;
  esac
}

bin_a=$(build "$REF_A")
bin_b=$(build "$REF_B")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One timed run; prints seconds with microseconds.
timed() {
  local bin=$1
  shift
  rm -rf "$out/run"
  local start=$EPOCHREALTIME
  # Exit 1 (a failed expectation) still counts as a run; anything else stops the benchmark.
  "$bin" run scenarios/tutor_quality.scenario --out "$out/run" --quiet "$@" >/dev/null 2>"$out/err" || {
    local status=$?
    if ((status != 1)); then
      echo "ab.sh: run failed ($status):" >&2
      cat "$out/err" >&2
      exit 1
    fi
  }
  local end=$EPOCHREALTIME
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f\n", e - s }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "scenario A/B: $(nproc) cores, $ROUNDS rounds, interleaved, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "A: ${REF_A} ($bin_a)"
echo "B: ${REF_B:-working tree} ($bin_b)"
printf '%-12s %12s %12s %12s %12s %10s\n' workload "A median s" "B median s" "A min s" "B min s" "B/A"
for w in $WORKLOADS; do
  read -r -a flags <<<"$(args_for "$w")"
  : >"$out/a.times"
  : >"$out/b.times"
  # One warm-up run each (page cache, binary loading), not timed.
  timed "$bin_a" "${flags[@]}" >/dev/null
  timed "$bin_b" "${flags[@]}" >/dev/null
  for ((k = 1; k <= ROUNDS; k++)); do
    if ((k % 2)); then
      timed "$bin_a" "${flags[@]}" >>"$out/a.times"
      timed "$bin_b" "${flags[@]}" >>"$out/b.times"
    else
      timed "$bin_b" "${flags[@]}" >>"$out/b.times"
      timed "$bin_a" "${flags[@]}" >>"$out/a.times"
    fi
  done
  ma=$(median <"$out/a.times")
  mb=$(median <"$out/b.times")
  mina=$(sort -g "$out/a.times" | head -1)
  minb=$(sort -g "$out/b.times" | head -1)
  printf '%-12s %12.4f %12.4f %12.4f %12.4f %10.3f\n' "$w" "$ma" "$mb" "$mina" "$minb" \
    "$(awk -v a="$ma" -v b="$mb" 'BEGIN { print b / a }')"
done
