#!/usr/bin/env bash
# Configures and builds airgrid (Release) into ./build. Extra arguments go to CMake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${AIRGRID_BUILD_DIR:-build}
jobs=${AIRGRID_JOBS:-$(nproc)}
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
fi
cmake --build "$build_dir" -j "$jobs"
