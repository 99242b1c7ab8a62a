#!/usr/bin/env bash
# A lesson is stated only when the demo's own numbers support it (issue "Say nothing
# false"). Under `taskset -c 0` the parallel cases have one usable core for two or more
# workers: whatever the load, their numbers cannot show parallelism, so the demos must
# say why the lesson is not shown, never state it. And the lessons with their conditions
# are listed in `parbench demo --help`; the figures hatch a flagged bar.
. "$(dirname "$0")/lib.sh"
command -v taskset > /dev/null || skip "no taskset"
no_lesson() { # NAME ARGS...: the demo runs, says "lesson not shown: REASON", states no lesson
    local name=$1; shift
    taskset -c 0 "$PARBENCH" demo "$name" "$@" --csv "$TMP/$name.csv" > "$TMP/out" 2> "$TMP/err"
    local rc=$?
    [ $rc = 0 ] && pass || fail "demo $name rc $rc: $(tail -3 "$TMP/err")"
    grep -q "^lesson not shown: .*usable core" "$TMP/out" && ! grep -q "^lesson: " "$TMP/out" &&
        grep -q "^Run it again when the machine is quieter: parbench demo $name" "$TMP/out" && pass ||
        fail "demo $name on one core: $(grep -A2 '^lesson' "$TMP/out")"
}
no_lesson timeline --step 20 --reps 2
no_lesson io-vs-cpu --tasks 4 --latency 5 --reps 2
no_lesson oversubscription --size 1e7 --reps 2

"$PARBENCH" demo --help > "$TMP/help"
[ "$(grep -c '^    *when: ' "$TMP/help")" = 7 ] && pass || fail "demo --help lists 7 lessons with their conditions"

# the figures: a bar whose row is flagged (and not oversubscribed on purpose) is hatched.
# Constructed: the io-vs-cpu rows with every flag cleared, then the CPU baseline marked
# starved: each CPU-bound ratio (all over that baseline) is flagged, no I/O-bound one.
python3 - "$TMP/io-vs-cpu.csv" "$TMP/marked.csv" << 'PY' || fail "marking rows"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
for r in rows:
    r['notes'] = 'starved' if (r['kernel'], r['variant']) == ('montecarlo', 'serial') else ''
    r['verified'] = 'true'
with open(sys.argv[2], 'w', newline='') as f:
    w = csv.DictWriter(f, list(rows[0]), lineterminator='\n')
    w.writeheader()
    w.writerows(rows)
PY
"$PARBENCH" analyze "$TMP/marked.csv" --out "$TMP/a" > /dev/null 2>&1 && pass || fail "analyze the marked rows"
flags=$(awk '!/^#/ { print $(NF-1) $NF }' "$TMP/a/demo-io-vs-cpu.groups" | tr '\n' ' ')
[ "$flags" = "01 01 01 " ] && pass || fail "hatched bars (I/O, CPU per case): got '$flags', want '01 01 01 '"
if command -v gnuplot > /dev/null; then
    mkdir -p "$TMP/res" && cp "$TMP/marked.csv" "$TMP/res/runs.csv" && "$PARBENCH" info --json > "$TMP/res/machine.json"
    PARBENCH_BUILD_DIR=$(dirname "$PARBENCH") "$PARBENCH_SOURCE_DIR/scripts/plot.sh" "$TMP/res" --out "$TMP/plots" > /dev/null 2>&1 &&
        [ -s "$TMP/plots/demo-io-vs-cpu.svg" ] && grep -q "busy machine)" "$TMP/plots/demo-io-vs-cpu.svg" &&
        grep -q "hatched: flagged, says little" "$TMP/plots/demo-io-vs-cpu.svg" && pass || fail "the figure says busy machine"
else
    skip_part "gnuplot not installed: the figure"
fi
finish
