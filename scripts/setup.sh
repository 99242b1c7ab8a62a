#!/usr/bin/env bash
# Installs the Debian 12 packages parbench needs, only those that are missing.
# As root it runs apt-get; otherwise it names the packages to install.
#   scripts/setup.sh            build, run and test dependencies (MPICH beside Open MPI:
#                               scripts/test.sh tests a build against each)
#   scripts/setup.sh --cluster  also slurm-wlm and munge (the Slurm tests)
set -euo pipefail

packages=(build-essential cmake pkg-config openmpi-bin libopenmpi-dev hwloc libhwloc-dev
          gnuplot-nox libopenblas-dev primesieve libcmocka-dev python3 valgrind clang libclang-rt-14-dev
          mpich libmpich-dev)
if [ "${1:-}" = "--cluster" ]; then
    packages+=(slurm-wlm munge iproute2)
elif [ -n "${1:-}" ]; then
    echo "setup.sh: unknown option '$1'; accepted: --cluster" >&2
    exit 2
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all packages present"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    # slurm-wlm and munge serve only the Slurm test, which skips without root anyway.
    if [ -z "$(printf '%s\n' "${missing[@]}" | grep -vxE 'slurm-wlm|munge|iproute2')" ]; then
        echo "setup: not root: ${missing[*]} not installed (the Slurm test will skip)" >&2
        exit 0
    fi
    echo "setup: missing packages: ${missing[*]}" >&2
    echo "setup: install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" > /tmp/parbench-apt.log 2>&1 ||
    { tail -20 /tmp/parbench-apt.log >&2; echo "setup: apt-get install failed" >&2; exit 1; }
echo "setup: done"
