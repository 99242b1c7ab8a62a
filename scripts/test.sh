#!/usr/bin/env bash
# The test command: installs what is missing, builds with -Werror, runs every test.
#   scripts/test.sh [ctest arguments...]    e.g. scripts/test.sh -L unit
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" ${PARBENCH_SETUP_ARGS:-}
"$root/scripts/build.sh"
cd "${PARBENCH_BUILD_DIR:-$root/build}"
ctest --no-tests=error --output-on-failure -j 2 "$@"
