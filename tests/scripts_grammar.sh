#!/usr/bin/env bash
# One grammar in the scripts (issue 12, item 6): empty lists and empty names are refused,
# a name listed twice is refused, and two spellings of one setting are refused rather
# than "the last one wins". Each mistake is one line on stderr and exit 2, before
# anything is run or written.
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
build=$(dirname "$PARBENCH")
export PARBENCH_BUILD_DIR=$build

# bad WHY SCRIPT ARGS...: exit 2, one line on stderr holding WHY, nothing on stdout
bad() {
    local why=$1 script=$2 rc=0
    shift 2
    "$src/scripts/$script" "$@" > "$TMP/out" 2> "$TMP/err" < /dev/null || rc=$?
    [ "$rc" = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q -- "$why" "$TMP/err" && [ ! -s "$TMP/out" ] && pass ||
        fail "$script $(printf '%q ' "$@"): rc $rc: $(head -c 300 "$TMP/err")"
}
# sweep.sh: a plan of no kernels is not "every kernel", nor nothing
sweep=(sweep.sh --size-class tiny --no-mpi --no-io --no-demos --reps 1 --out "$TMP/sweep")
bad "none empty" "${sweep[@]}" --kernels ,,
bad "none empty" "${sweep[@]}" --kernels montecarlo,,sieve
bad "none empty" "${sweep[@]}" --kernels montecarlo,
bad "needs a value" "${sweep[@]}" --kernels ''
bad "'montecarlo' is listed twice" "${sweep[@]}" --kernels montecarlo,montecarlo
bad "'montecarlo sieve' is not one of the kernels" "${sweep[@]}" --kernels 'montecarlo sieve'
bad "'\*' is not one of the kernels" "${sweep[@]}" --kernels '*'
bad "control character" "${sweep[@]}" --kernels $'montecarlo\nsieve'
[ ! -e "$TMP/sweep" ] && pass || fail "sweep.sh wrote $(ls -A "$TMP/sweep") before refusing"

# plot.sh and compare.sh: an empty folder name is not "this machine's folder"
mkdir -p "$TMP/r"
"$PARBENCH" run montecarlo --variant serial --size 1e5 --reps 1 --warmup 0 --csv "$TMP/r/runs.csv" --quiet
bad "the results directory is an empty string" plot.sh ''
bad "the results directory is an empty string" plot.sh '' --out "$TMP/p"
bad "expected one results directory" plot.sh "$TMP/r" ''
bad "needs a value" plot.sh "$TMP/r" --out ''
bad "a results directory is an empty string" compare.sh ''
bad "a results directory is an empty string" compare.sh "$TMP/r" '' --out "$TMP/c"
bad "needs a value" compare.sh "$TMP/r" --out ''
[ ! -e "$TMP/p" ] && [ ! -e "$TMP/c" ] && pass || fail "plots written before refusing"

# submit.sh: --partition and --queue are one setting; lists as above; one size per kernel
s=(submit.sh slurm --build "$build" --dry-run)
bad "same setting" "${s[@]}" --partition x --queue y
bad "same setting" "${s[@]}" --queue y --partition x
bad "--queue is given more than once" "${s[@]}" --queue y --queue z
bad "none empty" "${s[@]}" --kernels ,,
bad "none empty" "${s[@]}" --variants ,,
bad "none empty" "${s[@]}" --variants mpi,,hybrid
bad "'hybrid' is listed twice" "${s[@]}" --variants hybrid,hybrid
bad "one size for every kernel" "${s[@]}" --size 1e6,1e7
bad "'montecarlo' is listed twice" "${s[@]}" --size montecarlo=1e6,montecarlo=1e7
bad "'sieve' is not one of the kernels of --kernels" "${s[@]}" --size sieve=1e6
bad "expected SIZE or KERNEL=SIZE" "${s[@]}" --kernels montecarlo,sieve --size montecarlo=1e6,,sieve=1e6
# what is accepted comes out as given, once
"$src/scripts/submit.sh" slurm --build "$build" --dry-run --queue q1 --kernels sieve,montecarlo --variants hybrid \
    --size montecarlo=1e6,sieve=1e6 > "$TMP/job" && pass || fail "a good dry run"
grep -qx '#SBATCH --partition=q1' "$TMP/job" && grep -qx 'PB_KERNELS=sieve,montecarlo' "$TMP/job" &&
    grep -qx 'PB_VARIANTS=hybrid' "$TMP/job" && grep -qx 'PB_SIZE=montecarlo=1e6,sieve=1e6' "$TMP/job" && pass ||
    fail "the job script: $(grep -E '^(PB_|#SBATCH --partition)' "$TMP/job")"

# the benchmark scripts: a list of sizes holds a size
bad "--sizes needs at least one size" bench_matmul.sh --sizes ' '
bad "--sizes needs at least one size" bench_sieve.sh --sizes ' '
finish
