#!/usr/bin/env bash
# The serial variant of every kernel under valgrind memcheck: no error, no leak.
# valgrind does not decode AVX-512, which -march=native emits on recent x86 CPUs, so
# this test builds its own portable binary (PARBENCH_NATIVE=OFF); its matmul takes the
# widest tile valgrind's CPU reports (AVX2 on an AVX-512 machine: kernels/matmul/dispatch.c).
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
command -v valgrind > /dev/null || skip "valgrind missing: run scripts/setup.sh"
cmake -S "$src" -B "$TMP/b" -DPARBENCH_NATIVE=OFF > "$TMP/cmake.log" 2>&1 &&
    cmake --build "$TMP/b" -j 2 --target parbench > "$TMP/build.log" 2>&1 && pass ||
    { fail "portable build: $(grep -m5 -i error "$TMP/build.log" "$TMP/cmake.log")"; finish; exit; }
PARBENCH=$TMP/b/parbench
for k in $("$PARBENCH" list --names); do
    case "$k" in matmul) size=37 ;; sieve) size=100003 ;; *) size=20000 ;; esac
    valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect "$PARBENCH" run "$k" --variant serial --size "$size" \
        --reps 2 --csv "$TMP/v.csv" --quiet 2> "$TMP/vg.log"
    rc=$?
    [ $rc = 0 ] && pass || fail "$k serial under memcheck: rc $rc: $(head -30 "$TMP/vg.log")"
done
# the failure paths too: bad input and the CSV checks
valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    "$PARBENCH" run montecarlo --size 10x 2> "$TMP/vg.log"
[ $? = 2 ] && pass || fail "bad input under memcheck: $(cat "$TMP/vg.log")"
valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    "$PARBENCH" info --json > /dev/null 2> "$TMP/vg.log" && pass || fail "info under memcheck: $(head -20 "$TMP/vg.log")"
finish
