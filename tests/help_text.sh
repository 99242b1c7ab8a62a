#!/usr/bin/env bash
# --help says nothing false ("Say nothing false"): each heading once and with a title, a
# default the command computes said in words (never the 0 stored before it is computed,
# nor this machine's value), no default said twice, and every demo in parbench --help.
. "$(dirname "$0")/lib.sh"

# help CMD...: the --help of parbench CMD into $TMP/help
help() { "$PARBENCH" "$@" --help > "$TMP/help" 2>&1 || fail "parbench $* --help: rc $?"; }

# ---- headings: none bare and repeated (io latency had three "options:")
for cmd in "io latency" "io overlap" "run montecarlo" "sweep montecarlo" peak "demo race" diff; do
    help $cmd
    dup=$(grep -E '^[^ ].*:$' "$TMP/help" | sort | uniq -d)
    [ -z "$dup" ] && [ "$(grep -c '^options:$' "$TMP/help")" -le 1 ] && pass ||
        fail "$cmd --help: headings repeated: $dup"
done
help io latency
grep -q '^measuring and recording:$' "$TMP/help" && pass || fail "io latency: no title for the common options"

# ---- computed defaults in words; a default never said twice on one line
help demo
grep -q -- "--threads T .*\[default: max(2, the machine's cores) for race and false-sharing, its cores for the others\]$" \
    "$TMP/help" && grep -q -- "--size N .*\[default: a size that runs in a few seconds\]$" "$TMP/help" && pass ||
    fail "demo: computed defaults: $(grep -E -- '--(threads|size)' "$TMP/help")"
! grep -E -- '--(threads|size) .*\[default 0\]' "$TMP/help" && pass || fail "demo: [default 0] shown"
help peak
grep -q -- "--threads T .*\[default: the usable cores\]$" "$TMP/help" && pass ||
    fail "peak --threads: $(grep -- --threads "$TMP/help")"
help run montecarlo
grep -q -- "--threads T .*\[default: OMP_NUM_THREADS, else" "$TMP/help" && pass ||
    fail "run --threads: $(grep -- --threads "$TMP/help")"
for cmd in "run montecarlo" "sweep montecarlo" peak "io latency" demo diff; do
    help $cmd
    ! grep -q '(default.*\[default' "$TMP/help" && pass || fail "$cmd: a default said twice: $(grep '(default' "$TMP/help")"
done

# ---- every demo that parbench demo --help lists is named in parbench --help
help demo
names=$(sed -n '/^demos /,$ s/^  \([a-z-]*\) .*/\1/p' "$TMP/help")
[ "$(echo "$names" | wc -w)" -ge 6 ] || fail "demo names: $names"
help
line=$(grep '^  parbench demo ' "$TMP/help")
for n in $names; do
    [[ "$line" == *" $n"[,\;]* || "$line" == *" $n" ]] && pass || fail "parbench --help leaves demo $n out: $line"
done
finish
