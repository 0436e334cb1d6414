#!/usr/bin/env bash
# Runs a statistics scenario under many seeds and counts, per expectation, the seeds it passed.
#
# The scenario (written to a temporary file below) holds the tutor-quality statistics of seeds
# 003/004: experience ~ Gamma(2, 12) and reliability ~ Beta(8, 2) with rank correlation 0.35,
# reliability and avg_historical_rating with Pearson correlation 0.58, empathy and satisfaction
# with rank correlation 0.72, plus means, spreads, a median and rates. Every tolerance is five
# standard errors derived from n (research/statistics.md §4.2), so a correct engine fails a given
# check with probability below 1e-6 per seed: any failure here points at a real bias.
#
# Usage: scripts/stat-seeds.sh            (20 seeds, n = 100000)
#        SEEDS=50 N=200000 scripts/stat-seeds.sh
# Exit status: 0 when every expectation passed for every seed, 1 otherwise, 2 on a build or run
# error.
set -euo pipefail

seeds="${SEEDS:-20}"
n="${N:-100000}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "building (release) ..." >&2
swift build -c release --scratch-path .build-release >&2 || exit 2
bin="$(swift build -c release --scratch-path .build-release --show-bin-path)/scenario"

work="$(mktemp -d "${TMPDIR:-/tmp}/stat-seeds.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Constants used by the tolerances (all exact or to 6+ significant digits):
#   Gamma(2, 12): mean 24, sd 12*sqrt(2); kurtosis 3 + 6/2 = 6, so sd's standard error is
#     sd * sqrt((6 - 1)/4) / sqrt(n); median 12 * 1.678347 = 20.140164, density there 0.026110,
#     so the median's standard error is 0.5 / 0.026110 / sqrt(n) = 19.149892 / sqrt(n).
#   Beta(8, 2): mean 0.8, variance 8*2/(10^2 * 11); P(X > 0.9) = 1 - 9*0.9^8*0.1 - 0.9^9 = 0.225159.
#   satisfaction ~ Normal(8.2, 1.2): P(X >= 7.2) = Phi(1/1.2) = 0.797672.
#   Spearman: Var(atanh r_S) = 1.06/(n - 3) (Fieller, Hartley & Pearson), i.e. a standard error
#     of sqrt(1.06) * (1 - r^2) / sqrt(n) for r_S; 1/sqrt(n - 1) for independent columns.
#   Pearson: (1 - r^2) / sqrt(n); for Beta(8, 2) x Normal the delta-method (influence-function)
#     standard error measured on 10^5 rows is 0.98 of that.
#   Rank 0.72 between normals is Pearson 2*sin(pi*0.72/6) = 0.736249.
#   no_show_count: 16% Poisson(3), else 0: mean 0.48, variance 0.16*12 - 0.48^2 = 1.6896.
cat >"$work/stats.scenario" <<'EOF'
scenario stat_seeds
seed 1
now 2024-06-30T00:00:00

param n = 100000
let se = 1 / sqrt(n - 1)

table tutors [n] {
  key tutor_id
  tutor_id = "T" ++ pad(row + 1, 6)
  experience = gamma(2, 12)
  reliability = beta(8, 2)
  correlate experience, reliability: rank 0.35
  avg_historical_rating = normal(4.2, 0.35)
  correlate reliability, avg_historical_rating: pearson 0.58
  empathy = normal(6.5, 1.5)
  satisfaction = normal(8.2, 1.2)
  correlate empathy, satisfaction: 0.72
  would_recommend = satisfaction >= 7.2
  has_no_show_issue = bernoulli(16%)
  no_show_count = has_no_show_issue ? poisson(3) : 0
}

expect tutors: count == n
expect tutors: unique(tutor_id)
expect tutors: mean(experience) ~ 24 +- 5 * 12 * sqrt(2) * se
expect tutors: sd(experience) ~ 12 * sqrt(2) +- 5 * 12 * sqrt(2) * sqrt(1.25) * se
expect tutors: median(experience) ~ 20.140164 +- 5 * 19.149892 * se
expect tutors: mean(reliability) ~ 0.8 +- 5 * sqrt(16 / 1100) * se
expect tutors: rate(reliability > 0.9) ~ 0.225159 +- 5 * 0.417687 * se
expect tutors: mean(avg_historical_rating) ~ 4.2 +- 5 * 0.35 * se
expect tutors: mean(empathy) ~ 6.5 +- 5 * 1.5 * se
expect tutors: mean(satisfaction) ~ 8.2 +- 5 * 1.2 * se
expect tutors: rate(would_recommend) ~ 0.797672 +- 5 * 0.401736 * se
expect tutors: rate(has_no_show_issue) ~ 0.16 +- 5 * sqrt(0.16 * 0.84) * se
expect tutors: mean(no_show_count) ~ 0.48 +- 5 * sqrt(1.6896) * se
expect tutors: not has_no_show_issue implies no_show_count == 0
expect tutors: rank_corr(experience, reliability) ~ 0.35 +- 5 * sqrt(1.06) * (1 - 0.35 * 0.35) * se
expect tutors: pearson(reliability, avg_historical_rating) ~ 0.58 +- 5 * (1 - 0.58 * 0.58) * se
expect tutors: rank_corr(experience, avg_historical_rating) ~ 0 +- 5 * se
expect tutors: rank_corr(empathy, satisfaction) ~ 0.72 +- 5 * sqrt(1.06) * (1 - 0.72 * 0.72) * se
expect tutors: pearson(empathy, satisfaction) ~ 0.736249 +- 5 * (1 - 0.736249 * 0.736249) * se
EOF

echo "running $seeds seeds with n = $n ..." >&2
for i in $(seq 1 "$seeds"); do
  seed=$((1000 + i))
  status=0
  "$bin" run "$work/stats.scenario" --seed "$seed" --set "n=$n" --out "$work/out" \
    >"$work/report-$seed.txt" 2>"$work/stderr-$seed.txt" || status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
    echo "seed $seed: scenario exited with $status" >&2
    cat "$work/stderr-$seed.txt" >&2
    exit 2
  fi
  # One line per expectation: seed, status, measured, expectation text (report columns are
  # separated by two or more spaces; texts hold single spaces only).
  awk -F '  +' -v seed="$seed" '/^(PASS|FAIL) /{ print seed "\t" $1 "\t" $5 "\t" $3 }' \
    "$work/report-$seed.txt" >>"$work/results.tsv"
done

# Pass counts per expectation, in declaration order, with the range of measured values.
awk -F '\t' -v seeds="$seeds" '
  !($4 in seen) { seen[$4] = 1; order[++k] = $4; lo[$4] = $3; hi[$4] = $3 }
  { runs[$4]++; if ($2 == "PASS") pass[$4]++
    if ($3 + 0 < lo[$4] + 0) lo[$4] = $3
    if ($3 + 0 > hi[$4] + 0) hi[$4] = $3 }
  END {
    printf "%-7s  %-12s  %-12s  %s\n", "passed", "min measured", "max measured", "expectation"
    failed = 0
    for (i = 1; i <= k; i++) {
      e = order[i]
      printf "%2d/%-4d  %-12s  %-12s  %s\n", pass[e], seeds, lo[e], hi[e], e
      if (pass[e] != seeds || runs[e] != seeds) failed++
    }
    printf "\n%d expectations x %d seeds: %s\n", k, seeds,
      failed ? failed " expectation(s) failed at least once" : "all passed"
    exit failed ? 1 : 0
  }' "$work/results.tsv"
