#!/usr/bin/env bash
# Installs the Debian 12 packages parbench needs, only those that are missing.
# As root it runs apt-get; otherwise it names the packages to install.
# (libsimgrid-dev: SimGrid's SMPI, for scripts/build.sh --simgrid and scripts/simulate.sh;
#  liburing-dev: the io drivers' uring modes)
#   scripts/setup.sh            build, run and test dependencies (MPICH beside Open MPI:
#                               scripts/test.sh tests a build against each)
#   scripts/setup.sh --cluster  also slurm-wlm and munge (the Slurm tests)
#   scripts/setup.sh --browser  also chromium (the browser test renders the pages headless)
# The options combine (test.sh passes both); the default set stays small.
set -euo pipefail

packages=(build-essential cmake pkg-config openmpi-bin libopenmpi-dev hwloc libhwloc-dev zlib1g-dev
          gnuplot-nox libopenblas-dev primesieve libcmocka-dev python3 valgrind clang libclang-rt-14-dev
          mpich libmpich-dev likwid libsimgrid-dev liburing-dev
          lmod bash-completion man-db dpkg-dev) # (the last four: the installed tree and the .deb, tested)
optional='slurm-wlm|munge|iproute2|chromium|likwid' # for tests and bench columns that skip without them
given=" "
for opt in "$@"; do
    case "$opt" in
        --cluster) packages+=(slurm-wlm munge iproute2) ;;
        --browser) packages+=(chromium) ;;
        *) echo "setup.sh: unknown option '$opt'; accepted: --cluster, --browser" >&2; exit 2 ;;
    esac
    [[ "$given" != *" $opt "* ]] || { echo "setup.sh: $opt is given more than once" >&2; exit 2; }
    given+="$opt "
done

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
    # slurm-wlm, munge and chromium serve only tests that skip without them.
    if [ -z "$(printf '%s\n' "${missing[@]}" | grep -vxE "$optional")" ]; then
        echo "setup: not root: ${missing[*]} not installed (the Slurm and browser tests will skip)" >&2
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
