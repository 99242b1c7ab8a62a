#!/usr/bin/env bash
# SIGINT and SIGTERM end a run at once with one message and exit 128+signal; the CSV
# keeps every earlier row, whole, and gains no partial one. Two runs appending at once
# produce only whole rows.
. "$(dirname "$0")/lib.sh"
csv="$TMP/r.csv"
"$PARBENCH" run montecarlo --variant serial,omp --size 1e5 --reps 2 --csv "$csv" --quiet || fail "seed rows"
cp "$csv" "$TMP/before.csv"

for sig in INT TERM; do
    # the first variant (1e12 samples) is cut: nothing of this invocation is recorded
    timeout --preserve-status -s "$sig" 3 "$PARBENCH" run montecarlo --variant serial,omp --size 1e12 --reps 1 --warmup 0 \
        --csv "$csv" --quiet 2> "$TMP/err"
    rc=$?
    want=$((128 + $(kill -l "$sig")))
    [ "$rc" = "$want" ] && pass || fail "SIG$sig: rc $rc, want $want"
    [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "rows already written are kept" "$TMP/err" && pass ||
        fail "SIG$sig message: $(cat "$TMP/err")"
    cmp -s "$csv" "$TMP/before.csv" && pass || fail "SIG$sig changed the CSV (the cut run must not be recorded)"
done

# while a long run is interrupted, a short concurrent run lands its row; the cut run adds none
timeout -s INT 4 "$PARBENCH" run montecarlo --variant serial,omp --size 1e12 --reps 1 --warmup 0 --threads 2 \
    --csv "$csv" --quiet 2> /dev/null &
pid=$!
sleep 0.5
"$PARBENCH" run montecarlo --variant serial --size 2e5 --reps 1 --csv "$csv" --quiet || fail "concurrent run"
wait $pid
[ "$(($(wc -l < "$csv") - $(wc -l < "$TMP/before.csv")))" = 1 ] && pass || fail "one row added: $(tail -2 "$csv")"
head -n "$(wc -l < "$TMP/before.csv")" "$csv" | cmp -s - "$TMP/before.csv" && pass || fail "earlier rows changed"

# two runs appending at once, many rows each: every line is a whole row
for i in 1 2; do
    "$PARBENCH" sweep montecarlo --variant omp --threads 1,2,3,4,5,6,7,8,9,10 --size 1000 --reps 1 --warmup 0 \
        --csv "$TMP/c.csv" --quiet &
done
wait
ncols=$(head -1 "$TMP/c.csv" | tr ',' '\n' | wc -l)
[ "$(wc -l < "$TMP/c.csv")" = 21 ] && pass || fail "20 rows + header: $(wc -l < "$TMP/c.csv")"
[ "$(awk -F, -v n="$ncols" 'NF != n' "$TMP/c.csv" | wc -l)" = 0 ] && pass || fail "torn rows"
[ "$(grep -c '^schema,kernel,' "$TMP/c.csv")" = 1 ] && pass || fail "header written twice"
finish
