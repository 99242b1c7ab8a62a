#!/usr/bin/env bash
# The Debian package (scripts/package.sh, CPack): built from this checkout, installed on
# this machine with dpkg (root only), run from /usr in another folder (suite at tiny sizes,
# `man parbench`, the completion, `module load parbench` from Debian's lmod with no
# `module use`), then removed: nothing of it stays. Skipped where a parbench not from this
# package is installed already (it is never overwritten).
source "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
[ "$(id -u)" = 0 ] || skip "not root: dpkg -i needs root"
command -v dpkg-shlibdeps > /dev/null && command -v cpack > /dev/null || skip "no dpkg-dev or cpack"
if [ -e /usr/bin/parbench ] && ! dpkg -S /usr/bin/parbench 2> /dev/null | grep -q '^parbench:'; then
    skip "/usr/bin/parbench exists and is not from the parbench package"
fi
"$src/scripts/package.sh" --out "$TMP/pkg" > "$TMP/package.log" 2>&1 || { cat "$TMP/package.log"; fail "package.sh exited"; finish; }
deb=$(ls "$TMP"/pkg/parbench_*.deb)
dpkg-deb -f "$deb" Depends | grep -q 'openmpi-bin\|mpich' && dpkg-deb -f "$deb" Depends | grep -q 'libc6' && pass ||
    fail "the package's dependencies: $(dpkg-deb -f "$deb" Depends)"
removed() { dpkg -r parbench > /dev/null 2>&1 || true; }
trap 'removed; rm -rf "$TMP"' EXIT
dpkg -i "$deb" > "$TMP/dpkg.log" 2>&1 && pass || { cat "$TMP/dpkg.log"; fail "dpkg -i"; finish; }
mkdir -p "$TMP/work" && cd "$TMP/work"
unset PARBENCH_BUILD_DIR PARBENCH_SOURCE_DIR PARBENCH
[ "$(command -v parbench)" = /usr/bin/parbench ] && pass || fail "parbench is not /usr/bin/parbench"
rc=0
/usr/bin/parbench suite --size-class tiny --kernels montecarlo --no-mpi --no-io --no-demos > "$TMP/suite.out" \
    2> "$TMP/suite.err" || rc=$?
id=$(/usr/bin/parbench info --id)
[ "$rc" = 0 ] && [ -s "results/$id/runs.csv" ] && [ -s "plots/$id/index.html" ] && pass ||
    { fail "suite from /usr: exit $rc"; tail -5 "$TMP/suite.err"; }
man -w parbench | grep -qx '/usr/share/man/man1/parbench.1\(.gz\)\{0,1\}' && pass || fail "man -w parbench: $(man -w parbench 2>&1)"
[ -f /usr/share/bash-completion/completions/parbench ] && pass || fail "no completion under /usr/share/bash-completion"
# (a login shell's setup: Debian's /etc/profile.d/lmod.sh sets MODULEPATH from /etc/lmod)
if [ -r /etc/profile.d/lmod.sh ]; then
    got=$(bash -c 'source /etc/profile.d/lmod.sh; module load parbench && module list 2>&1 | grep -o "parbench/[0-9.]*"' 2>&1)
    [ "$got" = parbench/0.1.0 ] && pass || fail "module load parbench: $got"
else
    skip_part "no Lmod: module load not tried"
fi
dpkg -r parbench > /dev/null 2>&1 && [ ! -e /usr/bin/parbench ] && [ ! -e /usr/libexec/parbench ] && pass ||
    fail "dpkg -r left parbench behind"
finish
