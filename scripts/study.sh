#!/usr/bin/env bash
# The main job: installs dependencies, builds, and runs `airgrid study` on its embedded default
# (a generated Lublin workload); the report lands in ./airgrid-study/report.html.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
"${AIRGRID_BUILD_DIR:-build}/airgrid" study "$@"
