#!/usr/bin/env bash
# The uring modes. io latency --mode uring: every reply verified (the result is the exact
# count) at all-in-flight, a small --inflight window, jitter (replies out of order) and no
# latency, in the same CSV as nonblocking. io checkpoint --mode uring on 1, 2 and 3 ranks,
# with and without --fsync, slices of uneven sizes: the file holds exactly what the
# MPI-IO modes write (the checksum, recomputed here, is every row's result); nothing left
# at PATH.tmp. analyze puts uring beside nonblocking in the I/O figures' data. Bad input
# is refused in one line. No timing is asserted. Skipped where the kernel refuses io_uring.
. "$(dirname "$0")/lib.sh"

csv="$TMP/lat.csv"
"$PARBENCH" io latency --mode uring --requests 1 --latency 0 --reps 1 --warmup 0 --quiet > /dev/null 2> "$TMP/probe" ||
    { grep -q "io_uring_setup" "$TMP/probe" && skip "this kernel refuses io_uring: $(cat "$TMP/probe")"; }
run() { "$PARBENCH" io latency "$@" --csv "$csv" --quiet || fail "rc $?: io latency $*"; }
run --mode nonblocking,uring --requests 500 --latency 2 --reps 2
run --mode uring --requests 300 --latency 1 --inflight 7 --reps 2
run --mode uring --requests 5000 --latency 2 --jitter 3 --reps 2
run --mode uring --requests 20000 --latency 0 --reps 1 --warmup 0

[ "$(csv_count "$csv")" = 5 ] && pass || fail "5 rows expected, got $(csv_count "$csv")"
[ "$(csv_column "$csv" variant | tr '\n' ' ')" = "nonblocking uring uring uring uring " ] && pass ||
    fail "variant column: $(csv_column "$csv" variant | tr '\n' ' ')"
[ "$(csv_column "$csv" verified | sort -u)" = true ] && pass || fail "every run verified"
[ "$(csv_column "$csv" result | tr '\n' ' ')" = "500 500 300 5000 20000 " ] && pass ||
    fail "results: $(csv_column "$csv" result | tr '\n' ' ')"
[ "$(csv_column "$csv" latency_ms | tr '\n' ' ')" = "2 2 1 3.5 0 " ] && pass || fail "latency_ms column"
[ "$(csv_column "$csv" threads | sort -u)" = 1 ] && pass || fail "threads column"
"$PARBENCH" list | grep -A3 "^  latency" | grep -q "modes:.* uring$" && pass || fail "list: uring not an available mode"

# bad input: one line, exit 2
expect_bad "applies to" io latency --mode uring --threads 4
expect_bad "--inflight" io latency --mode uring --inflight 0
expect_bad "--mode" io latency --mode uring,epoll

# io checkpoint: the same bytes whichever way they are written
ck="$TMP/ck.bin" ckcsv="$TMP/ck.csv"
fnv() { fnv_words "$1"; }
if [ "${PARBENCH_HAVE_MPI:-0}" = 1 ]; then
    args=(--steps 7 --every 3 --reps 2 --csv "$ckcsv" --quiet)
    "$PARBENCH" io checkpoint --file "$ck" --doubles 6000 --mode blocking,uring "${args[@]}" || fail "1 rank: rc $?"
    sum1=$(fnv "$ck")
    mpi_run 2 "$PARBENCH" io checkpoint --file "$ck" --doubles 3000 --mode uring --fsync "${args[@]}" || fail "2 ranks: rc $?"
    sum2=$(fnv "$ck")
    mpi_run 3 "$PARBENCH" io checkpoint --file "$ck" --doubles 2000 --mode nonblocking,uring "${args[@]}" ||
        fail "3 ranks: rc $?"
    sum3=$(fnv "$ck")
    [ "$(stat -c %s "$ck")" = 48000 ] && pass || fail "file size $(stat -c %s "$ck")"
    [ "$sum1" = "$sum2" ] && [ "$sum2" = "$sum3" ] && pass || fail "contents differ: $sum1 $sum2 $sum3"
    # 2 x 300001 doubles: each slice in 3 pieces (1 MiB, 1 MiB, the rest), at an odd offset
    mpi_run 2 "$PARBENCH" io checkpoint --file "$TMP/big.bin" --doubles 300001 --mode blocking,uring --fsync \
        --steps 4 --every 2 --reps 1 --csv "$TMP/big.csv" --quiet || fail "2 ranks, 300001 doubles: rc $?"
    [ "$(stat -c %s "$TMP/big.bin")" = 4800016 ] && pass || fail "big file size $(stat -c %s "$TMP/big.bin")"
    [ "$(csv_column "$TMP/big.csv" result | sort -u)" = "$(fnv "$TMP/big.bin")" ] && pass ||
        fail "big: results $(csv_column "$TMP/big.csv" result | tr '\n' ' ') against the file's $(fnv "$TMP/big.bin")"
    [ ! -e "$ck.tmp" ] && [ ! -e "$TMP/big.bin.tmp" ] && pass || fail "a .tmp file left behind"
    [ "$(csv_column "$ckcsv" variant | tr '\n' ' ')" = "blocking uring uring nonblocking uring " ] && pass ||
        fail "checkpoint variant column: $(csv_column "$ckcsv" variant | tr '\n' ' ')"
    [ "$(csv_column "$ckcsv" ranks | tr '\n' ' ')" = "1 1 2 3 3 " ] && pass || fail "checkpoint ranks column"
    [ "$(csv_column "$ckcsv" verified | sort -u)" = true ] && pass || fail "every checkpoint run verified"
    [ "$(csv_column "$ckcsv" result | sort -u)" = "$sum1" ] && pass ||
        fail "checkpoint results $(csv_column "$ckcsv" result | sort -u | tr '\n' ' ') are not the file's $sum1"
    expect_bad "--every" io checkpoint --file "$ck" --mode uring --steps 2 --every 3
    # Each checkpoint replaced is held open by rank 0 and closed by a kernel worker: 600
    # of them under a limit of 200 open files pass only if every one is closed.
    (ulimit -n 200 && "$PARBENCH" io checkpoint --file "$TMP/many.bin" --doubles 1000 --mode uring --steps 300 \
        --every 1 --reps 2 --warmup 0 --quiet) && pass || fail "600 checkpoints under ulimit -n 200: rc $?"
    # a symbolic link at PATH is replaced like any old checkpoint, never written through
    echo precious > "$TMP/victim" && ln -s "$TMP/victim" "$TMP/link.bin"
    "$PARBENCH" io checkpoint --file "$TMP/link.bin" --doubles 1000 --mode uring --steps 4 --every 1 --reps 1 \
        --warmup 0 --quiet || fail "link at PATH: rc $?"
    [ "$(cat "$TMP/victim")" = precious ] && [ ! -L "$TMP/link.bin" ] && [ "$(stat -c %s "$TMP/link.bin")" = 8000 ] &&
        pass || fail "the link at PATH was followed or kept"
else
    skip_part "io checkpoint: built without MPI"
fi

# the figures' data: uring a series beside nonblocking (and beside the MPI-IO modes)
"$PARBENCH" analyze "$csv" --out "$TMP/fig" > /dev/null && pass || fail "analyze"
grep -q "^# series nonblocking" "$TMP/fig/io-latency.dat" && grep -q "^# series uring" "$TMP/fig/io-latency.dat" &&
    pass || fail "io-latency.dat: $(grep '# series' "$TMP/fig/io-latency.dat" | tr '\n' ' ')"
if [ -s "$ckcsv" ]; then
    "$PARBENCH" analyze "$ckcsv" --out "$TMP/fig2" > /dev/null && grep -q "^# series uring" "$TMP/fig2/io-checkpoint.dat" &&
        pass || fail "io-checkpoint.dat has no uring series"
fi
finish
