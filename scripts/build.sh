#!/usr/bin/env bash
# Configures and builds parbench into build/ (Release, -march=native unless
# PARBENCH_NATIVE=OFF). Extra arguments go to cmake, e.g. -DPARBENCH_SANITIZE=ON.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PARBENCH_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DPARBENCH_WERROR=ON -DPARBENCH_NATIVE="${PARBENCH_NATIVE:-ON}" "$@" > "$build.cmake.log" 2>&1 ||
    { cat "$build.cmake.log" >&2; exit 1; }
grep "parbench:" "$build.cmake.log" || true
# Show warnings and errors only; a failed build fails this script (pipefail).
cmake --build "$build" -j "$(nproc)" 2>&1 | { grep -Ev "^\[|^Consolidate|^Scanning|^Built target" || true; }
echo "build: $build/parbench"
