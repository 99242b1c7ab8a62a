#!/usr/bin/env bash
# --trace writes Chrome Trace Event Format JSON (issue 16): process and thread names as
# metadata, complete events with a duration and the CPU for compute and waits, and
# matched async begin/end pairs for requests. Two omp threads' spans overlap in time;
# 16 nonblocking requests to a 50 ms device are all open at once on one thread; under
# mpirun every rank's spans arrive at rank 0.
. "$(dirname "$0")/lib.sh"
check() { # check FILE PYTHON-ASSERTIONS: the structure every trace has, then the case's own
    python3 - "$1" "$2" << 'EOF2'
import json, sys
d = json.load(open(sys.argv[1]))
ev = d['traceEvents']
assert isinstance(ev, list) and ev, 'no events'
names = {(e['pid'], e.get('tid')) for e in ev if e['ph'] == 'M' and e['name'] == 'thread_name'}
procs = {e['pid'] for e in ev if e['ph'] == 'M' and e['name'] == 'process_name'}
for e in ev:
    assert e['ph'] in 'MXbe', e
    if e['ph'] == 'X':
        assert e['dur'] >= 0 and e['ts'] >= 0 and isinstance(e['args']['cpu'], int), e
        assert e['name'] in ('compute', 'wait') and (e['pid'], e['tid']) in names and e['pid'] in procs, e
opened = {}
for e in (e for e in ev if e['ph'] in 'be'):
    key = (e['pid'], e['id'])
    if e['ph'] == 'b':
        assert key not in opened, 'request begun twice'; opened[key] = e['ts']
    else:
        assert key in opened and e['ts'] >= opened.pop(key), 'end before begin'
assert not opened, 'unmatched begin'
exec(sys.argv[2])
EOF2
}
"$PARBENCH" run montecarlo --variant omp --threads 2 --size 1e8 --reps 2 --warmup 0 --trace "$TMP/omp.json" --quiet ||
    fail "omp run"
check "$TMP/omp.json" '
x = [e for e in ev if e["ph"] == "X" and e["name"] == "compute"]
t0 = [e for e in x if e["tid"] == 0]; t1 = [e for e in x if e["tid"] == 1]
assert t0 and t1, "spans of both threads"
assert any(a["ts"] < b["ts"] + b["dur"] and b["ts"] < a["ts"] + a["dur"] for a in t0 for b in t1), "no overlap"
' && pass || fail "omp trace"

"$PARBENCH" io latency --mode nonblocking --requests 16 --latency 50 --reps 1 --warmup 0 --trace "$TMP/io.json" \
    --quiet || fail "io run"
check "$TMP/io.json" '
pts = sorted((e["ts"], 1 if e["ph"] == "b" else -1) for e in ev if e["ph"] in "be")
open_now = peak = 0
for _, d in pts:
    open_now += d; peak = max(peak, open_now)
assert sum(1 for e in ev if e["ph"] == "b") == 16 and peak == 16, ("requests", peak)
assert {e["tid"] for e in ev if e["ph"] in "be"} == {0}, "one thread"
assert any(e["name"] == "wait" for e in ev if e["ph"] == "X"), "the poll waits"
' && pass || fail "io trace"

if [ "${PARBENCH_HAVE_MPI:-0}" = 1 ]; then
    mpi_run 2 "$PARBENCH" run montecarlo --variant mpi --size 2e7 --reps 2 --trace "$TMP/mpi.json" --quiet ||
        fail "mpi run"
    check "$TMP/mpi.json" '
assert procs == {0, 1}, procs
assert {e["pid"] for e in ev if e["ph"] == "X" and e["name"] == "compute"} == {0, 1}
assert any(e["name"] == "wait" for e in ev if e["ph"] == "X"), "the allreduce waits"
' && pass || fail "mpi trace"
fi
expect_bad "--trace $TMP: is a directory" run montecarlo --size 10 --trace "$TMP"
"$PARBENCH" run montecarlo --size 10 --reps 1 --csv "$TMP/r.csv" --quiet
expect_bad "would overwrite a results CSV" run montecarlo --size 10 --trace "$TMP/r.csv"
finish
