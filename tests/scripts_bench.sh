#!/usr/bin/env bash
# The benchmark scripts (the figures in the README come from them) at tiny sizes: each
# runs to the end, prints its table with a row per size, finds every run verified and
# the variants agreeing, and refuses an unknown option with exit 2 and one line.
# Timings at these sizes mean nothing; only the plumbing is checked here.
. "$(dirname "$0")/lib.sh"
src=$(cd "$(dirname "$0")/.." && pwd)

expect_script_bad() { # expect_script_bad "text" script args...
    local want=$1; shift
    "$@" > "$TMP/out" 2> "$TMP/err" < /dev/null
    local rc=$?
    [ "$rc" = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q -- "$want" "$TMP/err" && pass ||
        fail "$(basename "$1") ${*:2}: rc $rc, stderr: $(cat "$TMP/err")"
}

out=$TMP/matmul.txt
"$src/scripts/bench_matmul.sh" --sizes "64 101" --rounds 2 --reps 1 --naive-reps 1 --blas-env keep > "$out" 2> "$TMP/err" ||
    fail "bench_matmul rc $?: $(cat "$TMP/err")"
for n in 64 101; do
    # n, then naive serial omp blas mpi GFLOP/s (blas/mpi may be '-'), then 3 ratios
    awk -v n="$n" '$1 == n && $2 + 0 > 0 && $3 + 0 > 0 && $4 + 0 > 0 { ok = 1 } END { exit !ok }' "$out" &&
        pass || fail "bench_matmul: no row for n = $n: $(cat "$out")"
done
grep -q "every variant verified with the same checksum: yes" "$out" && pass || fail "bench_matmul verdict: $(cat "$out")"
# the roof (parbench peak, each round) and OpenBLAS on the same threads beside ours
grep -Eq '^ +n +naive +serial +omp +blas +blas-omp +mpi +ser%roof +omp%roof +mpi%roof ' "$out" && pass ||
    fail "bench_matmul header: $(grep ' n ' "$out")"
grep -q "^machine: .*OpenBLAS core ${OPENBLAS_CORETYPE:-auto} (the environment's)$" "$out" && pass || fail "bench_matmul machine line: $(grep machine "$out")"
expect_script_bad "unknown option '--size'; accepted: --sizes" "$src/scripts/bench_matmul.sh" --size 64
expect_script_bad "rounds must be a whole number >= 1, not 'x'" "$src/scripts/bench_matmul.sh" --rounds x
expect_script_bad "np needs a value" "$src/scripts/bench_matmul.sh" --np

out=$TMP/mc.txt
"$src/scripts/bench_montecarlo.sh" --size 1e6 --reps 3 > "$out" 2> "$TMP/err" || fail "bench_montecarlo rc $?: $(cat "$TMP/err")"
# the script reads the CSV by column name (scripts/csv_by_name.py)
grep -q "^Monte Carlo pi, 1000000 samples" "$out" && pass || fail "bench_montecarlo sample count: $(cat "$out")"
grep -Eq "^ *serial +[0-9.]+ s +[0-9.]+ ns/sample" "$out" && pass || fail "bench_montecarlo serial line: $(cat "$out")"
grep -Eq "^ *omp x2 .* speedup [0-9.]+x" "$out" && pass || fail "bench_montecarlo omp line: $(cat "$out")"
grep -q "in every variant: identical" "$out" && pass || fail "bench_montecarlo verdict: $(cat "$out")"
expect_script_bad "unknown option '--rounds'; accepted: --size N" "$src/scripts/bench_montecarlo.sh" --rounds 3
expect_script_bad "reps needs a value" "$src/scripts/bench_montecarlo.sh" --reps --size 1e6

if command -v primesieve > /dev/null; then
    out=$TMP/sieve.txt
    "$src/scripts/bench_sieve.sh" --sizes "1e6 1e7" --rounds 2 > "$out" 2> "$TMP/err" ||
        fail "bench_sieve rc $?: $(cat "$TMP/err")"
    for n in 1000000 10000000; do
        awk -v n="$n" '$1 == n && NF >= 6 { ok = 1 } END { exit !ok }' "$out" && pass ||
            fail "bench_sieve: no row for N = $n: $(cat "$out")"
    done
    grep -q "every run verified with the same pi(N), primesieve agreeing: yes" "$out" && pass ||
        fail "bench_sieve verdict: $(cat "$out")"
    grep -Eq "^ +10000000 +([0-9.]+|-) +([0-9.]+|-) +([0-9.]+|-)$" "$out" && pass ||
        fail "bench_sieve: no speedup line (ours, primesieve's) for N = 1e7: $(cat "$out")"
else
    skip_part "primesieve is not installed (scripts/setup.sh installs it): bench_sieve.sh not run"
fi
expect_script_bad "np needs a value; accepted: --sizes" "$src/scripts/bench_sieve.sh" --np
expect_script_bad "threads must be a whole number >= 1, not '0'" "$src/scripts/bench_sieve.sh" --threads 0

out=$TMP/peak.txt
"$src/scripts/bench_peak.sh" --quick --rounds 1 > "$out" 2> "$TMP/err" || fail "bench_peak rc $?: $(cat "$TMP/err")"
# four figures, parbench's and the plain loop's always there (likwid-bench's where it runs)
for f in "FMA GFLOP/s, 1 core" "FMA GFLOP/s, [0-9]+ cores" "triad GB/s, 1 core" "triad GB/s, [0-9]+ cores"; do
    grep -Eq "^$f +[0-9.e+]+ +([0-9.e+]+|-) +[0-9.e+]+ \\|" "$out" && pass || fail "bench_peak lacks '$f': $(cat "$out")"
done
expect_script_bad "unknown option '--size'; accepted: --rounds" "$src/scripts/bench_peak.sh" --size 5
expect_script_bad "rounds must be a whole number >= 1, not '0'" "$src/scripts/bench_peak.sh" --rounds 0
expect_script_bad "triad-elements must be a whole number" "$src/scripts/bench_peak.sh" --triad-elements 1e9

out=$TMP/io.txt
REPS=1 ROUNDS=1 "$src/scripts/bench_io.sh" > "$out" 2> "$TMP/err" || fail "bench_io rc $?: $(cat "$TMP/err")"
headings=("== 1. io latency" "== target: 10,000 requests" "asyncio overhead / nonblocking: [0-9.]+x"
          "== 3. io overlap" "nonblocking: [0-9.]+ s overall" "== 4. io checkpoint" "nonblocking: [0-9.]+ s with checkpoints"
          "-- mpirun -np 2 \(every core computing\), --fsync" "-- mpirun -np 1 \(a core left for the kernel's workers\)")
# uring beside them where this build has it (bench_io.sh says why it is left out otherwise)
if "$PARBENCH" list | grep -A3 "^  latency" | grep -q "modes:.* uring$" && ! grep -q "uring left out" "$out"; then
    headings+=("1000 uring +1 " "parbench uring \(io_uring\) +[0-9.]+" "nonblocking / uring ([0-9.]+x|-)"
               "goal, uring overhead <= 0.3 us a request: (met|MISSED)" "uring: [0-9.]+ s with checkpoints")
fi
for heading in "${headings[@]}"; do
    grep -Eq -- "$heading" "$out" && pass || fail "bench_io lacks '$heading': $(cat "$out")"
done
expect_script_bad "takes no options" "$src/scripts/bench_io.sh" --reps 3
REPS=0 expect_script_bad "REPS must be a whole number" "$src/scripts/bench_io.sh"
CKPT_DIR=/nonexistent expect_script_bad "CKPT_DIR '/nonexistent' is not a writable directory" "$src/scripts/bench_io.sh"

# bench_trace.sh: a row per kernel with both medians and the overhead, the spans of the
# traced run (omp on 2 threads: at least a chunk per thread and repetition), the verdict
out=$TMP/trace.txt
"$src/scripts/bench_trace.sh" --rounds 3 --reps 1 --montecarlo-size 1e6 --matmul-size 64 > "$out" 2> "$TMP/err" ||
    fail "bench_trace rc $?: $(cat "$TMP/err")"
for k in montecarlo matmul; do
    grep -Eq "^$k +size [0-9e.]+ +plain [0-9.]+ s +traced [0-9.]+ s +overhead [-+][0-9.]+% +\\(rounds from [-+][0-9.]+% to [-+][0-9.]+%; [0-9]+ spans" "$out" &&
        pass || fail "bench_trace: no row for $k: $(cat "$out")"
    grep -A1 "^$k " "$out" | grep -Eq "^ +CPU time: overhead [-+][0-9.]+% +\\(rounds from [-+][0-9.]+% to [-+][0-9.]+%\\)$" &&
        pass || fail "bench_trace: no CPU line for $k: $(cat "$out")"
    spans=$(sed -n "s/^$k .*; \\([0-9]*\\) spans in a run of 2 repetitions.*/\\1/p" "$out")
    [ "${spans:-0}" -ge 4 ] && pass || fail "bench_trace: $k traced run has ${spans:-no} spans"
done
grep -Eq "^verdict: median overhead at most 2% for every kernel: (yes|NO) \\(largest [-+][0-9.]+%\\)$" "$out" && pass ||
    fail "bench_trace verdict: $(cat "$out")"
expect_script_bad "unknown option '--size'; accepted: --rounds R" "$src/scripts/bench_trace.sh" --size 10
expect_script_bad "rounds must be a whole number >= 1, not 'x'" "$src/scripts/bench_trace.sh" --rounds x
expect_script_bad "--matmul-size '10x': trailing characters" "$src/scripts/bench_trace.sh" --matmul-size 10x
finish
