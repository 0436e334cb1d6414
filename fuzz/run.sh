#!/usr/bin/env bash
# Builds the libFuzzer harness for the scenario front end (fuzz/FuzzEntry.swift) with
# `swiftc -sanitize=fuzzer,address` and runs it over the seed corpus.
#
# Usage:
#   fuzz/run.sh [SECONDS] [libFuzzer flags...]   build if needed, then fuzz (default 60 s)
#   fuzz/run.sh build                            only build
#   fuzz/run.sh repro FILE...                    run the harness once on each FILE
#
# Environment:
#   FUZZ_BUILD   build and work folder (default: .build-fuzz at the package root)
#   FUZZ_OPT     optimisation flag for swiftc (default: -O; use -Onone to match debug builds)
#   FUZZ_JOBS    parallel fuzzing processes (default: 1; this machine has 2 cores)
#   FUZZ_SOURCES the Sources folder to build (default: Sources at the package root); e.g. a
#                snapshot taken with `git archive HEAD Sources | tar -x -C /tmp/snap` while the
#                working tree is being edited
#
# SwiftPM cannot build with -sanitize=fuzzer, so each library target is compiled here as its own
# module (whole-module, one object file each) in dependency order, exactly as SwiftPM would split
# them, with `-package-name scenario` so that `package` declarations stay visible. All library
# targets are built, because ScenarioKit (whose ScenarioCompiler.compile the harness calls)
# imports the engine, the sinks and the rest too. New corpus entries go to $FUZZ_BUILD/corpus; the seeds in
# Tests/Golden/fuzz-corpus are only read. Crashes and timeouts are written to
# $FUZZ_BUILD/artifacts/. Exit status: libFuzzer's (0 when nothing was found).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FUZZ_BUILD:-$root/.build-fuzz}"
opt="${FUZZ_OPT:--O}"
jobs="${FUZZ_JOBS:-1}"
binary="$build/scenario-fuzz"
seeds="$root/Tests/Golden/fuzz-corpus"
sources="${FUZZ_SOURCES:-$root/Sources}"

# Library targets: every folder under Sources except the executable and the test support. They
# are compiled in dependency order, found from their `import Scenario...` lines.
library_modules() {
  local d
  for d in "$sources"/*/; do
    d=$(basename "$d")
    [[ $d == scenario || $d == ScenarioTestSupport ]] && continue
    echo "$d"
  done
}

# The Scenario modules that a module's sources import.
module_imports() {
  find "$sources/$1" -name '*.swift' -exec grep -hoE '^(@_exported )?import (struct |enum |protocol |class |func |typealias )?Scenario[A-Za-z]+' {} + \
    | grep -oE 'Scenario[A-Za-z]+$' | sort -u | grep -vx "$1" || true
}

# Whether the binary is older than any source it is built from.
stale() {
  [[ ! -x $binary ]] && return 0
  local newer
  newer=$(find "$sources" "$root/fuzz" -name '*.swift' -newer "$binary" -print -quit)
  [[ -n $newer ]]
}

build() {
  mkdir -p "$build/modules" "$build/obj"
  rm -f "$build"/obj/*.o
  local flags=(-parse-as-library -package-name scenario -sanitize=fuzzer,address -g "$opt"
    -I "$build/modules")
  local pending=() done_list=" " progress m dep ready
  while IFS= read -r m; do pending+=("$m"); done < <(library_modules)
  while [[ ${#pending[@]} -gt 0 ]]; do
    progress=0
    local next=()
    for m in "${pending[@]}"; do
      ready=1
      for dep in $(module_imports "$m"); do
        [[ $done_list == *" $dep "* ]] || ready=0
      done
      if [[ $ready -eq 0 ]]; then
        next+=("$m")
        continue
      fi
      echo "fuzz/run.sh: compiling $m" >&2
      local files=()
      while IFS= read -r f; do files+=("$f"); done < <(find "$sources/$m" -name '*.swift' | sort)
      swiftc "${flags[@]}" -module-name "$m" -wmo -emit-module \
        -emit-module-path "$build/modules/$m.swiftmodule" -c -o "$build/obj/$m.o" "${files[@]}"
      done_list+="$m "
      progress=1
    done
    if [[ $progress -eq 0 ]]; then
      echo "fuzz/run.sh: cannot order the modules ${next[*]} (an import cycle or a missing module)" >&2
      exit 1
    fi
    pending=("${next[@]}")
  done
  echo "fuzz/run.sh: linking $binary" >&2
  swiftc "${flags[@]}" -module-name ScenarioFuzz "$root/fuzz/FuzzEntry.swift" "$build"/obj/*.o \
    -o "$binary" 2> >(grep -v "ld.gold: warning: Cannot export local symbol" >&2)
}

case "${1:-}" in
  build)
    build
    exit 0
    ;;
  repro)
    shift
    stale && build
    exec "$binary" -runs=1 "$@"
    ;;
esac

seconds="${1:-60}"
[[ $# -gt 0 ]] && shift
stale && build
mkdir -p "$build/corpus" "$build/artifacts"

# Seeds: the corpus's *.scenario files. Its *.crash files reproduce known crashes; libFuzzer
# would stop on them at once, so they stay out until fixed (and renamed to .scenario).
rm -rf "$build/seeds"
mkdir -p "$build/seeds"
cp "$seeds"/*.scenario "$build/seeds/"
# Other fixtures make good extra seeds (read only, like the seeds).
extra=()
for d in "$root/Tests/Golden/errors" "$root/Tests/Golden/parse" "$root/scenarios"; do
  [[ -d $d ]] && extra+=("$d")
done
parallel=()
if [[ $jobs -gt 1 ]]; then
  parallel=(-jobs="$jobs" -workers="$jobs")  # each job logs to fuzz-N.log in $build
fi
cd "$build"
exec "$binary" "$build/corpus" "$build/seeds" "${extra[@]}" \
  -dict="$root/fuzz/scenario.dict" -max_len=4096 -timeout=5 -max_total_time="$seconds" \
  -artifact_prefix="$build/artifacts/" -print_final_stats=1 "${parallel[@]}" "$@"
