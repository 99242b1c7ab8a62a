#!/usr/bin/env bash
# Ranks started with different arguments (an MPMD launch, a wrapper that edits one
# rank's command line) would wait forever in different collectives. Every rank checks
# its parsed options against rank 0's before any work: a mismatch ends every rank with
# exit 2 and one line naming the option, within seconds (issue 12).
. "$(dirname "$0")/lib.sh"
[ "${PARBENCH_HAVE_MPI:-0}" = 1 ] || { echo "SKIP: this parbench has no MPI"; exit 77; }
mismatch() { # mismatch "text the line must hold" -- ARGS OF RANK 0 -- ARGS OF RANK 1
    local want=$1; shift 2
    local a=() b=()
    while [ "$1" != -- ]; do a+=("$1"); shift; done
    shift
    b=("$@")
    mpi_flags 1 none 1
    timeout 60 "$MPIEXEC" "${MPI_FLAGS[@]}" "$PARBENCH" "${a[@]}" : "$MPI_NP_FLAG" 1 "$PARBENCH" "${b[@]}" \
        > "$TMP/out" 2> "$TMP/err"
    local rc=$?
    [ $rc = 2 ] && [ "$(grep -c '^parbench:' "$TMP/err")" = 1 ] && grep -q -- "$want" "$TMP/err" && pass ||
        fail "rc $rc (124: hung), want 2 and '$want': $(grep parbench "$TMP/err")"
}
mismatch "rank 1 was started with '--reps=3' where rank 0 has '--reps=1'" \
    -- run montecarlo --variant mpi --size 1e6 --reps 1 -- run montecarlo --variant mpi --size 1e6 --reps 3
mismatch "'--variant=mpi,hybrid' where rank 0 has '--variant=mpi'" \
    -- run montecarlo --variant mpi --size 1e6 -- run montecarlo --variant mpi,hybrid --size 1e6
mismatch "'--iters=3' where rank 0 has '--iters=2'" \
    -- io overlap --cells 2^12 --bytes 2^9 --iters 2 -- io overlap --cells 2^12 --bytes 2^9 --iters 3
# the same options written differently agree: --reps=3 and --reps 3
mpi_flags 1 none 1
timeout 60 "$MPIEXEC" "${MPI_FLAGS[@]}" "$PARBENCH" run montecarlo --variant mpi --size 1e5 --reps=3 \
    --quiet : "$MPI_NP_FLAG" 1 "$PARBENCH" run montecarlo --variant mpi --size 1e5 --reps 3 --quiet 2> "$TMP/err" && pass ||
    fail "equal options refused: $(cat "$TMP/err")"
finish
