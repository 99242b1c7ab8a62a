#!/usr/bin/env bash
# The test command: installs what is missing, builds with -Werror, runs every test;
# then builds against MPICH (build-mpich/) and runs the MPI and cluster tests under its
# Hydra mpiexec (label mpich); then builds with AddressSanitizer +
# UndefinedBehaviorSanitizer and runs the suite once more under them (valgrind, fuzzing,
# the cluster tests and the scripts' own plumbing run in the first pass only).
#   scripts/test.sh [--quick] [ctest arguments...]    --quick: the first pass only
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; shift; fi
# --cluster: slurm-wlm and munge for the Slurm test, --browser: chromium for the browser
# test (PARBENCH_SETUP_ARGS= leaves them out)
"$root/scripts/setup.sh" ${PARBENCH_SETUP_ARGS---cluster --browser}
"$root/scripts/build.sh"
(cd "${PARBENCH_BUILD_DIR:-$root/build}" && ctest --no-tests=error --output-on-failure -j 2 "$@")
echo "== first pass (setup, build, tests): ${SECONDS} s =="
[ "$quick" = 1 ] && exit 0

echo "== the MPI and cluster tests against MPICH, under its mpiexec (Hydra) =="
PARBENCH_BUILD_DIR=$root/build-mpich "$root/scripts/build.sh" --mpi mpich
(cd "$root/build-mpich" && ctest --no-tests=error --output-on-failure -j 2 -L mpich "$@")

echo "== MPICH pass done: ${SECONDS} s in all =="
echo "== the same tests under AddressSanitizer + UndefinedBehaviorSanitizer =="
asan="$root/build-asan"
PARBENCH_BUILD_DIR=$asan "$root/scripts/build.sh" -DPARBENCH_SANITIZE=ON
cd "$asan"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
# slow under the sanitizers, or nothing of ours to check there: simgrid (its own build),
# install (the first pass installs and packages), browser (chromium's time), jobs (the
# text of generated job scripts), plumbing (the scripts' own bash and gnuplot), and the
# sweep script's test (its runs and readers are the CLI tests' own). The tests that start
# MPI run without leak detection (tests/CMakeLists.txt says why).
skip="valgrind|fuzz|build|cluster|bench|simgrid|install|browser|jobs|plumbing"
ctest --no-tests=error --output-on-failure -j 2 -LE "$skip" -E "^scripts_sweep_plot$" "$@"
echo "== sanitizer pass done: ${SECONDS} s in all =="
