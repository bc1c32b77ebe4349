#!/usr/bin/env bash
# The test suite, as a new user and CI run it: installs dependencies, builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir "${AIRGRID_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)" --timeout 600
