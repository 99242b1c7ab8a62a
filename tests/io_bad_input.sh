#!/usr/bin/env bash
# parbench io: every bad input exits 2 with exactly one line on stderr naming what was
# wrong, prints nothing on stdout, leaves the results file intact and creates no file.
# (A read-only directory, for root too: cli_readonly_dir.sh.)
. "$(dirname "$0")/lib.sh"

csv="$TMP/keep.csv"
"$PARBENCH" io latency --mode nonblocking --requests 5 --latency 0 --reps 1 --csv "$csv" --quiet || fail "seed run"
cp "$csv" "$TMP/before.csv"
echo "a,b" > "$TMP/foreign.csv"

expect_bad "needs a DRIVER: one of latency, overlap, checkpoint, server" io
expect_bad "unknown io driver 'disk'" io disk
expect_bad "unexpected argument 'extra'" io latency extra
expect_bad "unknown option '--size'" io latency --size 10
expect_bad "unknown option '--cells'" io latency --cells 10
expect_bad "unknown option '-x'" io latency -x
# latency
expect_bad "--latency '-1': not a number; expected a latency in milliseconds" io latency --latency -1
for v in "" abc 1e9 60001 10ms; do
    expect_bad "--latency" io latency --latency "$v"
done
expect_bad "--jitter '-2'" io latency --jitter -2
expect_bad "--requests '0': too small; expected a request count from 1 to 1e7" io latency --requests 0
for v in -5 abc 1.5 1e8 2^64; do
    expect_bad "--requests" io latency --requests "$v"
done
expect_bad "--inflight '0'" io latency --inflight 0
expect_bad "--threads '0'" io latency --threads 0
expect_bad "--threads '4097'" io latency --threads 4097
expect_bad "--latency needs a value" io latency --latency
expect_bad "--latency is given more than once" io latency --latency 1 --latency 2
expect_bad "--mode 'sleepy': io latency has the modes blocking, nonblocking, threads" io latency --mode sleepy
expect_bad "listed twice" io latency --mode blocking,blocking
expect_bad "--mode" io latency --mode blocking,
expect_bad "--mode is given more than once" io latency --mode blocking --mode threads
expect_bad "--reps" io latency --reps 0
expect_bad "--warmup" io latency --warmup -1
expect_bad "--seed" io latency --seed x
expect_bad "--quiet takes no value" io latency --quiet=1
expect_bad "--tag 'a b'" io latency --tag "a b"
# overlap
expect_bad "--bytes 1000000000000: larger than this machine's memory" io overlap --bytes 1e12
expect_bad "--bytes 12: not a multiple of 8" io overlap --bytes 12 --cells 96
expect_bad "--cells 1000: not a multiple of 128" io overlap --bytes 1024 --cells 1000
expect_bad "at least 3 are needed" io overlap --bytes 1024 --cells 256
expect_bad "--cells '0'" io overlap --cells 0
expect_bad "--iters '0'" io overlap --iters 0
expect_bad "--test-every '0'" io overlap --test-every 0
expect_bad "--mode 'progres'" io overlap --mode progres
# checkpoint
expect_bad "needs --file PATH" io checkpoint
expect_bad "--file /nonexistent/dir/ck.bin: directory '/nonexistent/dir' does not exist" io checkpoint --file /nonexistent/dir/ck.bin
expect_bad "is a directory" io checkpoint --file "$TMP"
expect_bad "--file ''" io checkpoint --file ""
expect_bad "--doubles '1e10': too large" io checkpoint --file "$TMP/ck.bin" --doubles 1e10
expect_bad "--doubles '2^40'" io checkpoint --file "$TMP/ck.bin" --doubles 2^40
expect_bad "no checkpoint would be written" io checkpoint --file "$TMP/ck.bin" --steps 3 --every 4
expect_bad "--fsync takes no value" io checkpoint --file "$TMP/ck.bin" --fsync=yes
expect_bad "--every '0'" io checkpoint --file "$TMP/ck.bin" --every 0
# a checkpoint never overwrites the results: neither the --csv file nor any results CSV
expect_bad "--file $csv and --csv name the same file" io checkpoint --file "$csv" --doubles 8 --csv "$csv"
expect_bad "is a parbench results CSV; refusing to overwrite it" io checkpoint --file "$csv" --doubles 8
expect_bad "and --csv name the same file" io checkpoint --file "$TMP/./new.csv" --doubles 8 --csv "$TMP/new.csv"
touch "$TMP/plain"
expect_bad "--file '$TMP/plain/': expected a file path" io checkpoint --file "$TMP/plain/"
expect_bad "directory '$TMP/plain' does not exist" io checkpoint --file "$TMP/plain/ck.bin"
expect_bad "cannot create a file in '/proc'" io checkpoint --file /proc/ck.bin
# the results file is checked before anything runs
expect_bad "different header" io latency --requests 1 --csv "$TMP/foreign.csv"
expect_bad "does not exist" io latency --requests 1 --csv /nonexistent/dir/r.csv
# the device subcommand
expect_bad "needs --fd N" io device --latency 1
expect_bad "--fd 0: not a socket" io device --fd 0
expect_bad "--fd 99: not an open descriptor" io device --fd 99
expect_bad "--latency '-1'" io device --fd 0 --latency -1

cmp -s "$csv" "$TMP/before.csv" && pass || fail "results file changed by bad runs"
[ "$(cat "$TMP/foreign.csv")" = "a,b" ] && pass || fail "foreign CSV touched"
[ ! -e "$TMP/ck.bin" ] && [ ! -e "$TMP/ck.bin.tmp" ] && [ ! -e "$TMP/new.csv" ] && pass ||
    fail "checkpoint file created by a bad run"
finish
