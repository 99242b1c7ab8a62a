#!/usr/bin/env bash
# parbench demo deadlock (threads and locks): the opposite-order case deadlocks for certain
# (both threads hold their first lock before asking for the second) and its watchdog
# catches both threads, every time; the one-order cure finishes every round; the trace
# says who held which lock and waited for which. Bounds by construction only: a watchdog
# of 250 ms cannot fire sooner, and the run ends (no hang guard beyond ctest's).
. "$(dirname "$0")/lib.sh"

csv="$TMP/dl.csv"
"$PARBENCH" demo deadlock --size 1000 --reps 5 --csv "$csv" --trace "$TMP/dl.json" > "$TMP/out" 2> "$TMP/err" ||
    fail "rc $?: $(cat "$TMP/err")"
[ "$(csv_select "$csv" variant,result,verified | tr '\n' ' ')" = "opposite-order deadlocked true one-order 2000 true " ] &&
    pass || fail "rows: $(csv_select "$csv" variant,result,verified | tr '\n' ' ')"
[ "$(csv_column "$csv" tag | sort -u)" = demo-deadlock ] && pass || fail "tag"
# the watchdog waits its whole bound, every repetition (samples are each repetition's time)
csv_select "$csv" samples | sed -n 1p | tr ';' '\n' | awk '$1 < 0.25 { bad = 1 } END { exit bad || NR != 5 }' &&
    pass || fail "opposite-order repetitions under the 250 ms bound: $(csv_select "$csv" samples | sed -n 1p)"
grep -q "^opposite-order deadlocked after 250 ms: thread A holds L1 and waits for L2, thread B holds L2 and waits for L1" \
    "$TMP/out" && pass || fail "the deadlock's report: $(cat "$TMP/out")"
grep -q "^one-order      1000 rounds, both threads taking L1 then L2: no deadlock" "$TMP/out" && pass || fail "the cure's line"
grep -q "^lesson: two threads that take two locks in opposite orders wait for each other forever" "$TMP/out" && pass ||
    fail "the lesson (both cases exact by construction)"
# who waited on whom: thread 0 held L1 and wanted L2, thread 1 the other way round, each
# waiting its bound; the cure's first rounds are traced too
python3 - "$TMP/dl.json" << 'EOF2' && pass || fail "trace: who waited on whom"
import json, sys
ev = json.load(open(sys.argv[1]))
ev = ev['traceEvents'] if isinstance(ev, dict) else ev
def spans(step, name, tid):
    return [e for e in ev if e.get('ph') == 'X' and e.get('cat') == step and e['name'] == name and e['tid'] == tid]
opp = 'demo deadlock/opposite-order'
for tid, held, wanted in ((0, 'hold L1', 'want L2'), (1, 'hold L2', 'want L1')):
    w = spans(opp, wanted, tid)
    assert len(w) >= 6 and all(e['dur'] >= 250000 for e in w), (tid, len(w))
    assert len(spans(opp, held, tid)) == len(w)
assert spans('demo deadlock/one-order', 'hold L1', 1), 'the cure takes L1 first on thread 1 as well'
assert not spans('demo deadlock/one-order', 'hold L2', 1)
EOF2
# bad input
expect_bad "--threads applies to" demo deadlock --threads 4
finish
