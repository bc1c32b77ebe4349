#!/usr/bin/env bash
# Runs every libFuzzer harness for a bounded time (ASan + UBSan, clang-14).
#   scripts/fuzz.sh [SECONDS_PER_HARNESS=600] [HARNESS...]
# Builds build-fuzz/ (AIRGRID_FUZZ=ON, tests and benchmarks off), then runs each harness with
# one job on a scratch copy of its committed corpus (new inputs stay in build-fuzz/corpus/<name>;
# copy the interesting ones into fuzz/corpus/<name>/ by hand). A crash leaves crash-* files in
# build-fuzz/findings/<name>/ and makes the script exit 1. Prints the executions of each run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
all=(swf grid_file scores mask mlp checkpoint expr)
harnesses=("${@:-${all[@]}}")
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DAIRGRID_FUZZ=ON -DAIRGRID_TESTS=OFF -DAIRGRID_BENCH=OFF -DAIRGRID_MPI=OFF >/dev/null
targets=()
for h in "${harnesses[@]}"; do targets+=("${h}_fuzz"); done
cmake --build build-fuzz -j"${JOBS:-2}" --target "${targets[@]}"
status=0
for h in "${harnesses[@]}"; do
  seeds=fuzz/corpus/$h
  [ "$h" = swf ] && seeds=src/workload/testdata/swf_corpus
  bin=build-fuzz/fuzz/${h}_fuzz
  [ "$h" = swf ] && bin=build-fuzz/src/workload/swf_fuzz
  mkdir -p "build-fuzz/corpus/$h" "build-fuzz/findings/$h"
  log=build-fuzz/findings/$h/fuzz.log
  if "$bin" -max_total_time="$seconds" -jobs=1 -workers=1 -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="build-fuzz/findings/$h/" "build-fuzz/corpus/$h" "$seeds" >"$log" 2>&1; then
    echo "$h: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$log" | tail -1), no finding"
  else
    echo "$h: FINDING (see $log and build-fuzz/findings/$h/)"
    status=1
  fi
done
exit $status
