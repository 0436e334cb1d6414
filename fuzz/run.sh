#!/usr/bin/env bash
# Builds a libFuzzer harness with `swiftc -sanitize=fuzzer,address` and runs it over the seed
# corpus. Two harnesses (FUZZ_HARNESS):
#   compile  fuzz/FuzzEntry.swift: bytes -> lexer -> parser -> checker -> rendered diagnostics
#   run      fuzz/FuzzRun.swift: the same, then runs a valid program in memory under small budgets
#
# Usage:
#   fuzz/run.sh [SECONDS] [libFuzzer flags...]   build if needed, then fuzz (default 60 s)
#   fuzz/run.sh build                            only build
#   fuzz/run.sh repro FILE...                    run the harness once on each FILE
#   fuzz/run.sh merge                            minimise the working corpus into fuzz/corpus/HARNESS
#
# Environment:
#   FUZZ_HARNESS compile (default) or run
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
# imports the engine, the sinks and the rest too. New corpus entries go to $FUZZ_BUILD/corpus-HARNESS; the seeds in
# Tests/Golden/fuzz-corpus are only read. Crashes and timeouts are written to
# $FUZZ_BUILD/artifacts/. Exit status: libFuzzer's (0 when nothing was found).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FUZZ_BUILD:-$root/.build-fuzz}"
opt="${FUZZ_OPT:--O}"
jobs="${FUZZ_JOBS:-1}"
harness="${FUZZ_HARNESS:-compile}"
case "$harness" in
  compile) entry="$root/fuzz/FuzzEntry.swift" ;;
  run) entry="$root/fuzz/FuzzRun.swift" ;;
  *) echo "fuzz/run.sh: FUZZ_HARNESS must be 'compile' or 'run', not '$harness'" >&2; exit 2 ;;
esac
binary="$build/scenario-fuzz-$harness"
seeds="$root/Tests/Golden/fuzz-corpus"
# The committed, minimised corpus of earlier campaigns (read at start; `merge` rewrites it).
committed="$root/fuzz/corpus/$harness"
work="$build/corpus-$harness"
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
  find "$sources/$1" -name '*.swift' -exec grep -hoE '^(@_exported )?import (struct |enum |protocol |class |func |typealias )?C?Scenario[A-Za-z]+' {} + \
    | grep -oE '(C)?Scenario[A-Za-z]+$' | sort -u | grep -vx "$1" || true
}

# Whether the binary is older than any source it is built from.
stale() {
  [[ ! -x $binary ]] && return 0
  local newer
  newer=$(find "$sources" "$root/fuzz" \( -name '*.swift' -o -name '*.c' -o -name '*.h' \) -newer "$binary" -print -quit)
  [[ -n $newer ]]
}

build() {
  mkdir -p "$build/modules" "$build/obj"
  rm -rf "$build/obj"
  mkdir -p "$build/obj"
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
      if [[ -d $sources/$m/include ]]; then
        # A C target (SwiftPM's layout: sources beside a public include/ folder): compile it with
        # clang under the same sanitizers and describe it to Swift with a module map.
        local cfile n=0
        for cfile in "$sources/$m"/*.c; do
          clang -fsanitize=fuzzer-no-link,address -g -O1 -I "$sources/$m/include" \
            -c "$cfile" -o "$build/obj/$m-$n.o"
          n=$((n + 1))
        done
        mkdir -p "$build/modules/$m"
        {
          echo "module $m {"
          for h in "$sources/$m"/include/*.h; do echo "  header \"$h\""; done
          echo "  export *"
          echo "}"
        } > "$build/modules/$m/module.modulemap"
        flags+=(-Xcc "-fmodule-map-file=$build/modules/$m/module.modulemap")
        done_list+="$m "
        progress=1
        continue
      fi
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
  swiftc "${flags[@]}" -module-name ScenarioFuzz "$entry" "$build"/obj/*.o \
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
    exec "$binary" -detect_leaks=0 -rss_limit_mb=3072 -runs=1 "$@"
    ;;
  merge)
    # Keeps a small set of inputs of the working corpus and the committed one that covers all
    # of their features (-set_cover_merge: about 60% of the bytes of a plain -merge), in place
    # of the committed one.
    stale && build
    mkdir -p "$work" "$committed"
    rm -rf "$build/merged"
    mkdir -p "$build/merged"
    # The merge's inner process exits normally, and LeakSanitizer's check at exit (which
    # -detect_leaks=0 does not turn off) would report Swift's boxes (below) and leave an empty
    # crash-* file in the working directory; ASAN_OPTIONS turns that check off too.
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
      "$binary" -set_cover_merge=1 -detect_leaks=0 -rss_limit_mb=3072 -max_len=65536 -timeout=10 \
      -artifact_prefix="$build/artifacts/$harness-merge-" "$build/merged" "$committed" "$work"
    rm -rf "$committed"
    mkdir -p "$committed"
    cp "$build/merged"/* "$committed/" 2>/dev/null || true
    echo "fuzz/run.sh: $(ls "$committed" | wc -l) inputs in $committed" >&2
    exit 0
    ;;
esac

seconds="${1:-60}"
[[ $# -gt 0 ]] && shift
stale && build
mkdir -p "$work" "$build/artifacts"

# Seeds: the corpus's *.scenario files. Its *.crash files reproduce known crashes; libFuzzer
# would stop on them at once, so they stay out until fixed (and renamed to .scenario).
rm -rf "$build/seeds"
mkdir -p "$build/seeds"
cp "$seeds"/*.scenario "$build/seeds/"
# Other fixtures make good extra seeds (read only, like the seeds).
extra=()
for d in "$committed" "$root/Tests/Golden/errors" "$root/Tests/Golden/runtime" "$root/Tests/Golden/parse" "$root/scenarios"; do
  [[ -d $d ]] && extra+=("$d")
done
parallel=()
if [[ $jobs -gt 1 ]]; then
  parallel=(-jobs="$jobs" -workers="$jobs")  # each job logs to fuzz-N.log in $build
fi
cd "$build"
# -detect_leaks=0: LeakSanitizer cannot see most of Swift's references. A multi-payload enum such
# as the IR's `indirect enum IRExprKind` keeps its case tag in the spare (high) bits of the box
# pointer, so a scan finds no word equal to the box's address and reports every live box as a
# "direct leak" (12 of 12 starts stopped at the seed corpus on Checker.lowerBinary/lowerCall
# boxes, all of them referenced). Memory that really grows is caught by -rss_limit_mb and -malloc_limit_mb instead.
exec "$binary" "$work" "$build/seeds" "${extra[@]}" \
  -dict="$root/fuzz/scenario.dict" -max_len=65536 -timeout=10 -max_total_time="$seconds" \
  -detect_leaks=0 -rss_limit_mb=3072 -malloc_limit_mb=2048 \
  -artifact_prefix="$build/artifacts/$harness-" -print_final_stats=1 "${parallel[@]}" "$@"
