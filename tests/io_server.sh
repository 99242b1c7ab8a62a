#!/usr/bin/env bash
# parbench io server: every mode answers every request exactly once with the right
# answer (the result is the exact count), the server's columns are filled and bounded by
# construction (no request is answered before the device's wait: p50 >= --wait), bad
# mixes are refused, and analyze draws requests/s against the compute share. No timing
# is asserted: which mode wins is the figure's business, on a machine that may be busy.
. "$(dirname "$0")/lib.sh"

csv="$TMP/server.csv"
run() { "$PARBENCH" io server "$@" --csv "$csv" --quiet || fail "rc $?: io server $*"; }
run --requests 60 --wait 5 --compute 0 --clients 8 --reps 2
run --requests 60 --wait 5 --compute 0.5 --clients 8 --reps 2
run --requests 7 --wait 2 --compute 0.2 --clients 16 --reps 1 --mode threads,hybrid --workers 3
run --requests 40 --wait 0 --compute 0.1 --clients 1 --reps 1 --mode event-loop

[ "$(csv_count "$csv")" = 9 ] && pass || fail "9 rows expected, got $(csv_count "$csv")"
[ "$(csv_column "$csv" verified | sort -u)" = true ] && pass || fail "every run verified"
[ "$(csv_column "$csv" result | tr '\n' ' ')" = "60 60 60 60 60 60 7 7 40 " ] && pass ||
    fail "results (requests answered): $(csv_column "$csv" result | tr '\n' ' ')"
[ "$(csv_column "$csv" variant | tr '\n' ' ')" = \
  "event-loop threads hybrid event-loop threads hybrid threads hybrid event-loop " ] && pass || fail "variant column"
# the threads mode has a thread per client, never more clients than requests
[ "$(csv_column "$csv" threads | tr '\n' ' ')" = "1 8 1 1 8 1 7 1 1 " ] && pass ||
    fail "threads column: $(csv_column "$csv" threads | tr '\n' ' ')"
[ "$(csv_column "$csv" latency_ms | tr '\n' ' ')" = "5 5 5 5 5 5 2 2 0 " ] && pass || fail "latency_ms column (the wait)"
[ "$(csv_column "$csv" compute_ms | tr '\n' ' ')" = "0 0 0 0.5 0.5 0.5 0.2 0.2 0.1 " ] && pass || fail "compute_ms column"
# a request is answered no sooner than the device's wait, and p50 <= p99
paste -d' ' <(csv_column "$csv" latency_ms) <(csv_column "$csv" p50_ms) <(csv_column "$csv" p99_ms) |
    awk '!($2 >= $1 && $3 >= $2 && $3 > 0) { print "bad latencies: " $0; bad = 1 } END { exit bad }' && pass ||
    fail "p50/p99 columns"
# CPU: the compute is real work on every mode (0.5 ms x 60 requests, at least half of it seen)
paste -d' ' <(csv_column "$csv" compute_ms) <(csv_column "$csv" cpu_s) | sed -n 4,6p |
    awk '$2 < 0.5 * 60 * $1 / 1000 { bad = 1 } END { exit bad }' && pass || fail "CPU time below the compute asked for"

# the table's summary
"$PARBENCH" io server --requests 20 --wait 1 --compute 0.1 --clients 4 --reps 1 > "$TMP/out.txt" 2> /dev/null ||
    fail "table run"
grep -q "^hybrid: 20 requests in .* requests/s, latency p50 .* ms, p99 .* ms$" "$TMP/out.txt" && pass || fail "summary line"
grep -q "^most requests/s at a compute share of 9%: " "$TMP/out.txt" && pass || fail "the best mode named"

# bad input: one line, exit 2
expect_bad "--wait 0 --compute 0: a request must wait or compute" io server --wait 0 --compute 0
expect_bad "--compute '-1'" io server --compute -1
expect_bad "--clients '0'" io server --clients 0
expect_bad "--workers applies to" io server --mode event-loop --workers 2
expect_bad "--requests '0'" io server --requests 0

# analyze: one block per mode, by compute share, flagged column 0 or 1
mkdir -p "$TMP/fig"
"$PARBENCH" analyze "$csv" --out "$TMP/fig" > /dev/null || fail "analyze"
awk '/^# series/ { s = $3; next } /^#/ || NF == 0 { next } { print s, $1, $5 }' "$TMP/fig/io-server.share" \
    > "$TMP/share.txt"
[ "$(awk '$1 == "hybrid" { printf "%s ", $2 }' "$TMP/share.txt")" = "0 9.091 9.091 " ] && pass ||
    fail "hybrid's shares: $(cat "$TMP/share.txt")"
[ "$(awk '$1 == "event-loop" { printf "%s ", $2 }' "$TMP/share.txt")" = "0 9.091 100 " ] && pass ||
    fail "event-loop's shares: $(cat "$TMP/share.txt")"
awk '$3 != 0 && $3 != 1 { exit 1 }' "$TMP/share.txt" && pass || fail "flagged column"
[ ! -e "$TMP/fig/io-server.dat" ] && pass || fail "io-server is drawn against its share, not its size"
finish
