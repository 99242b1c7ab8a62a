#!/usr/bin/env bash
# scripts/bench_sieve.sh at tiny sizes (plumbing only; timings there mean nothing): a
# row per N with every column filled, one per-round ratio for each round (3 rounds,
# so both orders of a round run), the verdict lines; --big plans 1e12 with its own
# round count (--dry-run: nothing runs); every bad option is one line and exit 2.
. "$(dirname "$0")/lib.sh"
src=$(cd "$(dirname "$0")/.." && pwd)
bench=$src/scripts/bench_sieve.sh
export PARBENCH_BUILD_DIR
PARBENCH_BUILD_DIR=$(dirname "$PARBENCH")

command -v primesieve > /dev/null || { echo "primesieve is not installed: bench_sieve.sh not run (SKIP)"; exit 77; }

out=$TMP/bench.txt
"$bench" --sizes "1e6 2000003" --rounds 3 > "$out" 2> "$TMP/err" || fail "bench_sieve rc $?: $(cat "$TMP/err")"
mpi_col='$5 ~ /^[0-9]+\.[0-9]+$/'
[ "${PARBENCH_HAVE_MPI:-0}" = 1 ] || mpi_col='$5 == "-"'
for n in 1000000 2000003; do
    # N, rounds, serial omp mpi ps-t1 ps-t2 seconds (tiny, may read 0.000), |, 5 ratios
    awk -v n="$n" '$1 == n && $2 == 3 && $3 ~ /^[0-9]+\.[0-9]+$/ && $4 ~ /^[0-9]+\.[0-9]+$/ && '"$mpi_col"' &&
                   $6 ~ /^[0-9]+\.[0-9]+$/ && $8 == "|" && NF == 13 { ok = 1 } END { exit !ok }' "$out" && pass ||
        fail "no full row for N = $n: $(cat "$out")"
    # per-round ratios: 3 of our speedup (the primesieve ratios may be '-' when it reads 0 s)
    awk -v n="$n" '$1 == n && /;/ { split($0, p, ";"); ok = split(p[3], r, " ") == 3 } END { exit !ok }' "$out" && pass ||
        fail "per-round speedups for N = $n: $(cat "$out")"
done
grep -q "^goals from N = 1e9 .*: no N judged$" "$out" && pass || fail "goals line: $(cat "$out")"
grep -q "every run verified with the same pi(N), primesieve agreeing: yes" "$out" && pass || fail "verdict: $(cat "$out")"
grep -q "^N = 2000003: 3 rounds" "$TMP/err" && pass || fail "progress lines: $(cat "$TMP/err")"

"$bench" --sizes 1e9 --big --big-rounds 2 --no-mpi --dry-run > "$out" 2> "$TMP/err" || fail "dry run rc $?"
grep -q "^N = 1e9 (1000000000): 5 rounds of serial, primesieve -t1, omp 2 threads, primesieve -t2$" "$out" && pass ||
    fail "dry run 1e9: $(cat "$out")"
grep -q "^N = 1e12 (1000000000000): 2 rounds" "$out" && pass || fail "dry run --big: $(cat "$out")"
[ "$(wc -l < "$out")" = 2 ] && [ ! -s "$TMP/err" ] && pass || fail "dry run output: $(cat "$out" "$TMP/err")"

# --reps: each step runs K times in its round and counts as their median, on both sides
"$bench" --sizes 1e6 --rounds 1 --reps 3 --no-mpi > "$out" 2> "$TMP/err" || fail "--reps 3 rc $?: $(cat "$TMP/err")"
grep -q "^sieve: pi(N); seconds are medians over the rounds (each round's the median of 3 runs)," "$out" && pass ||
    fail "--reps 3 heading: $(cat "$out")"
grep -q "every run verified with the same pi(N), primesieve agreeing: yes" "$out" && pass || fail "--reps 3 verdict: $(cat "$out")"
"$bench" --sizes 1e10 --reps 3 --dry-run | grep -q "; each 3 runs, their median$" && pass || fail "--reps 3 dry run"

expect_script_bad() { # expect_script_bad "text" args...
    local want=$1; shift
    "$bench" "$@" > "$TMP/out" 2> "$TMP/err" < /dev/null
    local rc=$?
    [ "$rc" = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q -- "$want" "$TMP/err" && [ ! -s "$TMP/out" ] && pass ||
        fail "bench_sieve.sh $*: rc $rc, stderr: $(cat "$TMP/err")"
}
expect_script_bad "unknown option '--size'; accepted: --sizes" --size 1e9
expect_script_bad "--big is given more than once" --big --big
expect_script_bad "--big-rounds must be a whole number >= 1, not '0'" --big-rounds 0
expect_script_bad "--reps must be a whole number >= 1, not 'x'" --reps x
expect_script_bad "--rounds must be a whole number >= 1, not '1234567'" --rounds 1234567
expect_script_bad "--sizes: 'abc' is not a number" --sizes abc
expect_script_bad "--sizes: '2e13' must be a whole number from 1 to 1e13" --sizes "1e9 2e13"
expect_script_bad "--sizes: '0' must be a whole number from 1 to 1e13" --sizes 0
expect_script_bad "--sizes: '1e12' is listed twice" --sizes 1000000000000 --big --dry-run
expect_script_bad "--sizes needs at least one size" --sizes " "
expect_script_bad "--sizes: '\*' is not a number" --sizes "1e9 *"
expect_script_bad "--sizes: at most 8 sizes, not 9" --sizes "1 2 3 4 5 6 7 8 9"
expect_script_bad "--np needs a value" --np --no-mpi
finish
