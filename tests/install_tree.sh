#!/usr/bin/env bash
# parbench installed like HPC software: `cmake --install` of this build into a prefix,
# then, from another folder and with nothing of the checkout on hand: the front door
# (--version names the commit; --help lists the scripts), `parbench suite` at tiny sizes
# writing results/ and plots/ under the current folder and nothing into the prefix,
# `parbench compare-plots` of that result, the man page, the bash completion, and
# `module load parbench` with Lmod. Then the tree moved elsewhere still works.
source "$(dirname "$0")/lib.sh"
build=$(dirname "$PARBENCH")
prefix=$TMP/opt/parbench
cmake --install "$build" --prefix "$prefix" > "$TMP/install.log" 2>&1 || { cat "$TMP/install.log"; fail "cmake --install exited $?"; finish; }
for f in bin/parbench libexec/parbench/suite.sh libexec/parbench/installed.sh share/parbench/plot.gnuplot \
    share/parbench/jobs/body.sh share/parbench/platforms/lab.xml share/man/man1/parbench.1 \
    share/bash-completion/completions/parbench share/modulefiles/parbench/0.1.0.lua; do
    [ -f "$prefix/$f" ] && pass || fail "not installed: $f"
done
# the checkout is out of reach: PARBENCH_BUILD_DIR and the source tree are not used
mkdir -p "$TMP/work" && cd "$TMP/work"
unset PARBENCH_BUILD_DIR PARBENCH_SOURCE_DIR
pb=$prefix/bin/parbench
# the commit the build was configured at (git describe; "unknown" outside git), the same as
# the build's own binary says
commit=$("$PARBENCH" --version | sed -n 's/^parbench [0-9.]* (commit \([0-9a-f]\{7,\}\(-dirty\)\{0,1\}\|unknown\); .*/\1/p')
[ -n "$commit" ] && "$pb" --version | grep -q "^parbench 0.1.0 (commit $commit; " && pass ||
    fail "--version: $("$pb" --version) (the build's: $("$PARBENCH" --version))"
"$pb" --help | grep -q '^  parbench suite ' && pass || fail "--help does not list suite"
touch "$TMP/before"
# a typo in a sweep option: exit 2, one line naming it, and no folder made
rc=0
"$pb" suite --size-class tiniest --no-mpi > /dev/null 2> "$TMP/bad.err" || rc=$?
[ "$rc" = 2 ] && [ "$(wc -l < "$TMP/bad.err")" = 1 ] && grep -q "size-class 'tiniest'" "$TMP/bad.err" &&
    [ ! -e results ] && [ ! -e plots ] && pass || fail "suite --size-class tiniest: rc $rc, $(cat "$TMP/bad.err"), $(ls)"
rc=0
"$pb" suite --size-class tiny --kernels montecarlo --no-mpi --no-demos > "$TMP/suite.out" 2> "$TMP/suite.err" || rc=$?
[ "$rc" = 0 ] && pass || { fail "parbench suite exited $rc"; tail -5 "$TMP/suite.err"; }
id=$("$pb" info --id)
[ -s "results/$id/runs.csv" ] && [ -s "results/$id/machine.json" ] && [ -s "plots/$id/index.html" ] &&
    [ -s "plots/$id/scaling.txt" ] && pass || fail "suite: results/$id or plots/$id missing: $(ls -R . | head -20)"
grep -q '^verdict: ' "$TMP/suite.out" && pass || fail "suite: no verdict at its end"
[ -z "$(find "$prefix" -newer "$TMP/before" -print -quit)" ] && pass ||
    fail "the suite wrote into the install tree: $(find "$prefix" -newer "$TMP/before" | head -3)"
"$pb" compare-plots "results/$id" --out cmp > /dev/null 2> "$TMP/cmp.err" && [ -s cmp/index.html ] && pass ||
    fail "compare-plots: $(tail -2 "$TMP/cmp.err")"
# the man page: every command has its section, rendered without warnings
MANPATH=$prefix/share/man man -w parbench | grep -q "^$prefix/share/man/man1/parbench.1" && pass || fail "man -w parbench"
for c in run io demo suite submit; do
    grep -q "^\.SS \"parbench $c\"" "$prefix/share/man/man1/parbench.1" && pass || fail "man page: no section $c"
done
warn=$(MANWIDTH=100 man --warnings -l "$prefix/share/man/man1/parbench.1" 2>&1 > /dev/null | head -3)
[ -z "$warn" ] && pass || fail "man --warnings: $warn"
# the completion: commands, options of a command, kernel names
complete_words() { # WORD...: what completing the last word offers
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _parbench; printf "%s\n" "${COMPREPLY[@]}"' \
        sh "$prefix/share/bash-completion/completions/parbench" "$@"
}
[ "$(complete_words parbench su)" = "suite
submit" ] || [ "$(complete_words parbench su | sort | paste -sd,)" = "submit,suite" ] && pass ||
    fail "completing 'su': $(complete_words parbench su | paste -sd,)"
[ "$(complete_words parbench run mat)" = matmul ] && pass || fail "completing 'run mat': $(complete_words parbench run mat)"
complete_words parbench run matmul --wai | grep -qx -- --wait-quiet && pass || fail "completing 'run matmul --wai'"
# the module file
if [ -r /usr/share/lmod/lmod/init/bash ]; then
    got=$(bash -c 'source /usr/share/lmod/lmod/init/bash; module use "$1/share/modulefiles"; module load parbench &&
        command -v parbench && man -w parbench' sh "$prefix" 2>&1)
    [ "$got" = "$prefix/bin/parbench
$prefix/share/man/man1/parbench.1" ] && pass || fail "module load parbench: $got"
else
    skip_part "no Lmod (package lmod): module load not tried"
fi
# moved elsewhere, the tree still finds its parts (relative paths inside)
mv "$TMP/opt" "$TMP/moved"
"$TMP/moved/parbench/bin/parbench" plot "results/$id" --out plots2 > /dev/null 2> "$TMP/plot.err" &&
    [ -s plots2/index.html ] && pass || fail "moved tree: parbench plot: $(tail -2 "$TMP/plot.err")"
finish
