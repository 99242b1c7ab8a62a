#!/usr/bin/env bash
# MPI failure paths: a verification failure on one rank makes every rank exit non-zero
# with that rank named; a rank that dies ends the job in bounded time; no hang.
# Exit codes are asserted exactly: a verification failure is exit 1 (parbench's code for
# it), the rank made to abort dies of SIGABRT; any other signal (a segfault: 139 from
# Open MPI's mpirun, 11 from Hydra's mpiexec) is a crash and fails the test.
# Every mpirun runs under `timeout 60` (mpirun_bounded): exit 124 is a hang, whatever the
# machine's load; no sum of wall-clock times is asserted.
. "$(dirname "$0")/lib.sh"

# exit code 1 without mpirun
PARBENCH_DEBUG_FAIL_RANK=0 "$PARBENCH" run montecarlo --variant serial --size 1e5 --reps 1 --quiet 2> /dev/null
[ $? = 1 ] && pass || fail "verification failure exits 1"
if [ "${PARBENCH_HAVE_MPI:-0}" != 1 ]; then
    skip_part "built without MPI: the MPI failure paths"
    finish; exit
fi

# mpirun_bounded NP CMD...: CMD on NP ranks under the build's launcher, ended as a hang
# (124) after 60 s; says how long it took on the test's own stdout (fd 3), whatever the
# caller redirects
exec 3>&1
# the exit code of the launcher when one rank died of signal $1: Open MPI's mpirun exits
# 128 + the signal, Hydra's mpiexec the signal's number
signal_rc() { if [ "$MPI_KIND" = openmpi ]; then echo $((128 + $1)); else echo "$1"; fi; }
mpirun_bounded() {
    local t0=$EPOCHREALTIME rc=0
    mpi_cmd "$1" none 1
    shift
    timeout 60 "${MPI_CMD[@]}" "$@" || rc=$?
    awk -v a="$t0" -v b="$EPOCHREALTIME" -v rc="$rc" 'BEGIN { printf "mpirun took %.2f s (rc %d)\n", b - a, rc }' >&3
    return "$rc"
}

csv="$TMP/r.csv"
PARBENCH_DEBUG_FAIL_RANK=1 mpirun_bounded 3 \
    "$PARBENCH" run montecarlo --variant mpi --size 1e5 --reps 1 --csv "$csv" --quiet > "$TMP/out" 2> "$TMP/err"
rc=$?
[ "$rc" = 1 ] && pass || fail "forced failure: rc $rc (want 1; 124 = hang)"
grep -q "parbench: montecarlo/mpi: rank 1: verification failed" "$TMP/err" && pass || fail "rank named: $(cat "$TMP/err")"
[ "$(grep -c 'verification failed' "$TMP/err")" = 1 ] && pass || fail "reported once (rank 0 only)"
[ "$(csv_column "$csv" verified)" = false ] && pass || fail "row marked unverified"
# the failing rank is rank 0 itself
PARBENCH_DEBUG_FAIL_RANK=0 mpirun_bounded 2 \
    "$PARBENCH" run montecarlo --variant mpi --size 1e5 --reps 1 --quiet 2> "$TMP/err"
rc=$?
[ "$rc" = 1 ] && grep -q "rank 0: verification failed" "$TMP/err" && pass || fail "rank 0 failure: rc $rc (want 1)"

# a rank that aborts in the timed loop: mpirun ends (no hang: not 124) and reports failure.
# Bounded by construction (timeout), not by a sum of wall-clock times: the slowest mpirun
# of this test took 4.5 s in 14 runs under load (two `yes` on the two cores, or ctest -j2),
# so 60 s is a hang, not a slow machine.
PARBENCH_DEBUG_ABORT_RANK=1 mpirun_bounded 3 \
    "$PARBENCH" run montecarlo --variant mpi --size 1e9 --reps 3 --quiet > /dev/null 2> "$TMP/err"
rc=$?
# the crash this test expects: SIGABRT (6), from the rank told to abort; nothing else.
# Hydra reports the status of whichever process it saw end first: the aborted rank (6) or
# another it then ended with SIGTERM (15), by timing; a segfault (11) is neither.
if [ "$MPI_KIND" = openmpi ]; then want="$(signal_rc 6)"; else want="6 15"; fi
[[ " $want " == *" $rc "* ]] && pass || fail "dead rank: rc $rc (want $want: SIGABRT; 124 = hang)"

# a demo is one process: under mpirun it refuses once, instead of every copy writing rows
mpirun_bounded 2 "$PARBENCH" demo race --size 1e4 --reps 1 \
    --csv "$TMP/demo.csv" > "$TMP/out" 2> "$TMP/err"
rc=$?
[ "$rc" = 2 ] && [ "$(grep -c 'start it without mpirun' "$TMP/err")" = 1 ] && [ ! -e "$TMP/demo.csv" ] && [ ! -s "$TMP/out" ] &&
    pass || fail "demo under mpirun: rc $rc: $(cat "$TMP/err")"
finish
