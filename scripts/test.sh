#!/usr/bin/env bash
# The test suite, as a new user and CI run it: installs dependencies, builds the tests (and the
# benchmarks, which compile in seconds), runs every test, and ends with a summary that names each
# skipped test with its reason and says how to get the data the skipped tests need.
# AIRGRID_BUILD_DIR (default build), AIRGRID_JOBS (default nproc); extra arguments go to ctest.
set -uo pipefail
cd "$(dirname "$0")/.."
build_dir=${AIRGRID_BUILD_DIR:-build}
jobs=${AIRGRID_JOBS:-$(nproc)}
scripts/install-deps.sh || exit 1
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release || exit 1
fi
cmake --build "$build_dir" -j "$jobs" || exit 1

junit="$build_dir/ctest-results.xml"
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" --timeout 600 --output-junit "$(pwd)/$junit" "$@"
status=$?
scripts/skipped-tests.py "$junit" || true
exit $status
