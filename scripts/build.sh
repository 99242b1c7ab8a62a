#!/usr/bin/env bash
# Configures and builds parbench (Release, -march=native unless PARBENCH_NATIVE=OFF).
#   scripts/build.sh [--mpi mpich|openmpi | --simgrid] [cmake arguments, e.g. -DPARBENCH_SANITIZE=ON]
# Without --mpi: the system's default MPI, into build/. --mpi NAME: Debian's MPICH or Open
# MPI by name (CMake's standard hint -DMPI_C_COMPILER=mpicc.NAME; the launcher is then
# mpiexec.NAME), into build-NAME/. --simgrid: SimGrid's SMPI (smpicc; run under smpirun,
# see scripts/simulate.sh), into build-simgrid/. PARBENCH_BUILD_DIR names another folder.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mpi_args=() suffix=""
if [ "${1:-}" = --mpi ]; then
    case "${2:-}" in
        mpich|openmpi) ;;
        *) echo "build.sh: --mpi '${2:-}': expected mpich or openmpi" >&2; exit 2 ;;
    esac
    command -v "mpicc.$2" > /dev/null ||
        { echo "build.sh: --mpi $2: no mpicc.$2 here; scripts/setup.sh installs MPICH and Open MPI" >&2; exit 2; }
    mpi_args=(-DMPI_C_COMPILER="mpicc.$2") suffix=-$2
    shift 2
elif [ "${1:-}" = --simgrid ]; then
    command -v smpicc > /dev/null ||
        { echo "build.sh: --simgrid: no smpicc here; scripts/setup.sh installs libsimgrid-dev" >&2; exit 2; }
    # SMPI's compiler wrapper is also the MPI "compiler" CMake asks about
    mpi_args=(-DCMAKE_C_COMPILER=smpicc -DMPI_C_COMPILER=smpicc -DPARBENCH_SIMGRID=ON) suffix=-simgrid
    shift
fi
build=${PARBENCH_BUILD_DIR:-$root/build$suffix}
cmake -S "$root" -B "$build" -DPARBENCH_WERROR=ON -DPARBENCH_NATIVE="${PARBENCH_NATIVE:-ON}" ${mpi_args[@]+"${mpi_args[@]}"} \
    "$@" > "$build.cmake.log" 2>&1 || { cat "$build.cmake.log" >&2; exit 1; }
grep "parbench:" "$build.cmake.log" || true
# Show warnings and errors only; a failed build fails this script (pipefail).
cmake --build "$build" -j "$(nproc)" 2>&1 | { grep -Ev "^\[|^Consolidate|^Scanning|^Built target" || true; }
echo "build: $build/parbench"
