#!/usr/bin/env bash
# MPI failure paths: a verification failure on one rank makes every rank exit non-zero
# with that rank named; a rank that dies ends the job in bounded time; no hang.
. "$(dirname "$0")/lib.sh"
if [ "${PARBENCH_HAVE_MPI:-0}" != 1 ]; then echo "built without MPI: nothing to test"; exit 0; fi

csv="$TMP/r.csv"
start=$(date +%s)
mpi_cmd 3 none 1
PARBENCH_DEBUG_FAIL_RANK=1 timeout 60 "${MPI_CMD[@]}" \
    "$PARBENCH" run montecarlo --variant mpi --size 1e5 --reps 1 --csv "$csv" --quiet > "$TMP/out" 2> "$TMP/err"
rc=$?
[ "$rc" != 0 ] && [ "$rc" != 124 ] && pass || fail "forced failure: rc $rc"
grep -q "parbench: montecarlo/mpi: rank 1: verification failed" "$TMP/err" && pass || fail "rank named: $(cat "$TMP/err")"
[ "$(grep -c 'verification failed' "$TMP/err")" = 1 ] && pass || fail "reported once (rank 0 only)"
[ "$(csv_column "$csv" verified)" = false ] && pass || fail "row marked unverified"
# the failing rank is rank 0 itself
mpi_cmd 2 none 1
PARBENCH_DEBUG_FAIL_RANK=0 timeout 60 "${MPI_CMD[@]}" \
    "$PARBENCH" run montecarlo --variant mpi --size 1e5 --reps 1 --quiet 2> "$TMP/err"
rc=$?
[ "$rc" != 0 ] && [ "$rc" != 124 ] && grep -q "rank 0: verification failed" "$TMP/err" && pass || fail "rank 0 failure: rc $rc"
# exit code 1 without mpirun
PARBENCH_DEBUG_FAIL_RANK=0 "$PARBENCH" run montecarlo --variant serial --size 1e5 --reps 1 --quiet 2> /dev/null
[ $? = 1 ] && pass || fail "verification failure exits 1"

# a rank that aborts in the timed loop: mpirun ends (no hang) and reports failure
mpi_cmd 3 none 1
PARBENCH_DEBUG_ABORT_RANK=1 timeout 60 "${MPI_CMD[@]}" \
    "$PARBENCH" run montecarlo --variant mpi --size 1e9 --reps 3 --quiet > /dev/null 2> "$TMP/err"
rc=$?
[ "$rc" != 0 ] && [ "$rc" != 124 ] && pass || fail "dead rank: rc $rc (124 = hang)"
[ $(($(date +%s) - start)) -lt 60 ] && pass || fail "took too long"

# a demo is one process: under mpirun it refuses once, instead of every copy writing rows
mpi_cmd 2 none 1
timeout 60 "${MPI_CMD[@]}" "$PARBENCH" demo race --size 1e4 --reps 1 \
    --csv "$TMP/demo.csv" > "$TMP/out" 2> "$TMP/err"
rc=$?
[ "$rc" = 2 ] && [ "$(grep -c 'start it without mpirun' "$TMP/err")" = 1 ] && [ ! -e "$TMP/demo.csv" ] && [ ! -s "$TMP/out" ] &&
    pass || fail "demo under mpirun: rc $rc: $(cat "$TMP/err")"
finish
