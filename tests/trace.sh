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
        # a span with a name of its own ("A1") says its kind in args
        assert e['args'].get('kind', e['name']) in ('compute', 'wait') and (e['pid'], e['tid']) in names, e
        assert e['pid'] in procs, e
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

# the timeline demo: every step a named span; one after the other on one thread, A1 and
# B1 in flight together on one thread, A and B computing on two threads at once
"$PARBENCH" demo timeline --step 20 --reps 1 --warmup 0 --trace "$TMP/tl.json" --quiet || fail "timeline run"
check "$TMP/tl.json" '
def named(case, ph):
    return {e["name"]: e for e in ev if e["ph"] == ph and e["cat"] == "demo timeline/" + case and e["name"][0] in "AB"}
steps = ["A1", "A2", "B1", "B2"]
seq_b, seq_e = named("sequential", "b"), named("sequential", "e")
assert sorted(seq_b) == steps and sorted(seq_e) == steps, seq_b
assert all(seq_e[a]["ts"] <= seq_b[b]["ts"] for a, b in zip(steps, steps[1:])), "one after the other"
assert all(seq_b[s]["args"]["kind"] == "request" for s in steps)
con_b, con_e = named("concurrent", "b"), named("concurrent", "e")
assert sorted(con_b) == steps and {e["tid"] for e in con_b.values()} == {0}
assert con_b["B1"]["ts"] < con_e["A1"]["ts"] and con_b["A1"]["ts"] < con_e["B1"]["ts"], "A1 and B1 in flight together"
par = named("parallel", "X")
assert sorted(par) == steps and all(par[s]["args"]["kind"] == "compute" for s in steps)
assert par["A1"]["tid"] == par["A2"]["tid"] != par["B1"]["tid"] == par["B2"]["tid"], "a thread per task"
assert par["A1"]["ts"] + par["A1"]["dur"] <= par["A2"]["ts"] and par["B1"]["ts"] + par["B1"]["dur"] <= par["B2"]["ts"]
' && pass || fail "timeline trace"

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
