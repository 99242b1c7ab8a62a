#!/usr/bin/env bash
# The MPI form of the deadlock demo (issue 29): two ranks that both MPI_Send a message
# above the eager limit first are caught by the parent's watchdog within its bound, every
# process of the job is ended, and the three cures swap the messages intact. Under Open
# MPI and (label mpich) MPICH's Hydra.
. "$(dirname "$0")/lib.sh"
[ "${PARBENCH_HAVE_MPI:-0}" = 1 ] || skip "this parbench has no MPI"
exe=$(readlink -f "$PARBENCH")
left() { pgrep -f -- "$exe demo deadlock --mpi --case blocking" | grep -vx "$$" || true; }

# the deadlock, caught within the bound (300 ms from the moment both ranks are in MPI_Send;
# the watchdog polls every 5 ms: 10 s above the bound is a stall no machine has), then the cures
timeout 180 "$PARBENCH" demo deadlock --mpi --bound 300 --reps 3 --warmup 1 --csv "$TMP/d.csv" > "$TMP/out" 2> "$TMP/err"
rc=$?
[ $rc = 0 ] && pass || fail "rc $rc (124: hung): $(tail -5 "$TMP/err")"
ms=$(sed -n 's/^deadlocked after \([0-9]*\) ms: both ranks inside MPI_Send .*/\1/p' "$TMP/out")
[ -n "$ms" ] && [ "$ms" -ge 300 ] && [ "$ms" -le 10300 ] && pass ||
    fail "no 'deadlocked after N ms: both ranks inside MPI_Send' with 300 <= N <= 10300: $(head -5 "$TMP/out")"
grep -q "^watchdog: ended the launcher and ranks [0-9]* and [0-9]*: no process left$" "$TMP/out" && pass ||
    fail "the watchdog's line: $(grep watchdog "$TMP/out")"
[ -z "$(left)" ] && pass || fail "ranks of the blocking case still running: $(left)"
# the cures: one row each, verified, each rank holding the other's 2^19 doubles
[ "$(csv_select "$TMP/d.csv" variant,verified,result,ranks kernel=demo-deadlock-mpi | tr '\n' ' ')" = \
  "ordered true 524288 2 sendrecv true 524288 2 nonblocking true 524288 2 " ] && pass ||
    fail "the cures' rows: $(csv_select "$TMP/d.csv" variant,verified,result,ranks)"
grep -q "^lesson: two ranks that both call a blocking MPI_Send first" "$TMP/out" && pass || fail "no lesson: $(tail -4 "$TMP/out")"

# one double fits every eager limit: no deadlock, said so, and no lesson
timeout 120 "$PARBENCH" demo deadlock --mpi --size 1 --reps 1 --warmup 0 > "$TMP/out" 2> "$TMP/err" && pass ||
    fail "--size 1: $(tail -3 "$TMP/err")"
grep -q "^no deadlock: an MPI_Send returned before the other rank received: 8 bytes fit" "$TMP/out" &&
    grep -q "^lesson not shown: there was no deadlock to cure" "$TMP/out" && pass || fail "--size 1: $(cat "$TMP/out")"

# interrupted while it watches (a 60 s bound): it ends the job on its way out
timeout 120 "$PARBENCH" demo deadlock --mpi --bound 60000 > "$TMP/out" 2>&1 &
pid=$!
for _ in $(seq 600); do [ -z "$(left)" ] || break; sleep 0.1; done
if [ -n "$(left)" ]; then
    sleep 0.5
    kill -INT "$(pgrep -P "$pid" -x parbench || echo "$pid")" 2> /dev/null
    wait "$pid"
    rc=$?
    [ $rc = 130 ] && pass || fail "interrupted: rc $rc (want 130): $(tail -3 "$TMP/out")"
    for _ in $(seq 50); do [ -n "$(left)" ] || break; sleep 0.1; done
    [ -z "$(left)" ] && pass || fail "interrupted: ranks left running: $(left)"
else
    kill "$pid" 2> /dev/null; wait "$pid"
    fail "the blocking case's ranks never started: $(tail -3 "$TMP/out")"
fi

expect_bad "--case runs under the launcher only" demo deadlock --mpi --case blocking
expect_bad "milliseconds from 50 to 60000" demo deadlock --mpi --bound 10
finish
