#!/usr/bin/env bash
# Builds the Debian package of parbench (CPack): a portable binary (PARBENCH_NATIVE=OFF
# unless set: the package may go to other CPUs), installed under /usr, its module file
# on Debian lmod's own MODULEPATH (so `module load parbench` needs no `module use`).
#   scripts/package.sh [--out DIR]       (default: build-package/; the .deb lands there)
# Install it with `apt-get install ./parbench_VERSION_ARCH.deb` (pulls its dependencies)
# or `dpkg -i`; remove it with `dpkg -r parbench`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/args.sh"
out=$root/build-package
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --out) need_value "$@"; out=$2; shift 2 ;;
        -h | --help) usage ;;
        *) die "unknown option '$1'; accepted: --out DIR" ;;
    esac
done
command -v cpack > /dev/null || die "no cpack (package cmake): run scripts/setup.sh"
command -v dpkg-shlibdeps > /dev/null || die "no dpkg-shlibdeps (package dpkg-dev): run scripts/setup.sh"
cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DPARBENCH_NATIVE="${PARBENCH_NATIVE:-OFF}" -DPARBENCH_MODULEFILES_DIR=share/lmod/lmod/modulefiles \
    > "$out.cmake.log" 2>&1 || { cat "$out.cmake.log" >&2; exit 3; }
cmake --build "$out" -j "$(nproc)" 2>&1 | { grep -Ev "^\[|^Consolidate|^Scanning|^Built target" || true; }
(cd "$out" && cpack -G DEB > cpack.log 2>&1) || { cat "$out/cpack.log" >&2; exit 3; }
ls "$out"/parbench_*.deb
