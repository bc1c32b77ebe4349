#!/usr/bin/env bash
# The main job: installs dependencies, builds only the `airgrid` program (not the tests or the
# benchmarks: scripts/test.sh builds those), and runs `airgrid study` on its embedded default (learn
# on a generated Lublin workload, evaluate on the shipped SDSC-SP2 trace); the report lands in ./airgrid-study/report.html. Arguments go to
# `airgrid study` (e.g. --scale small). AIRGRID_BUILD_DIR (default build), AIRGRID_JOBS (nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${AIRGRID_BUILD_DIR:-build}
jobs=${AIRGRID_JOBS:-$(nproc)}
scripts/install-deps.sh
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build_dir" -j "$jobs" --target airgrid
"$build_dir/airgrid" study "$@"
