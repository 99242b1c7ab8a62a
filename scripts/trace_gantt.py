#!/usr/bin/env python3
"""Turns a parbench trace (Chrome Trace Event JSON, `--trace FILE`) into the data of a
Gantt figure for scripts/plot_timeline.gnuplot:

    trace_gantt.py TRACE.json > DATA

One row per worker (a thread of a rank) of each step of the plan; a bar per span, from
its start to its end in milliseconds. Spans with a name of their own (the timeline demo's
"A1", "B2") are drawn for the last repetition of each step: the last span of each name,
the step's time counted from the first of them, so the cases compare on one axis. A
trace without named spans draws every compute, wait and request span from the trace's
start. Spans in progress together on one worker (requests in flight) get lanes of their
own within the worker's row.

The file comes from elsewhere (a results folder handed in): it is read only as JSON,
every text that reaches the data is reduced to letters, digits and a few signs, every
time must be finite and every span's start and end (ts + dur too) within MAX_TIME_US, and
anything else ends with one line on stderr and exit 1. The work is n log n in the spans (sorting
and dictionaries: a 7 MB trace of 60,000 spans took over a minute when every span was
looked for in lists).

DATA holds three blocks (gnuplot `index`): bars "y half_height t0 t1 colour label",
rows "y label", and each step's end "t1 y text".
"""
import heapq
import json
import math
import os
import re
import sys

MAX_BYTES = 256 << 20  # a trace this large is not drawn
MAX_BARS = 4000        # the bars of one figure, at most (the last ones are kept)
MAX_TIME_US = 1e15     # about 31 years in microseconds: a later time is not a trace's


def clean(text, limit=40):
    """Text fit for a gnuplot data string: no quotes, no control characters."""
    return re.sub(r"[^A-Za-z0-9 +_.:/()-]", "?", str(text))[:limit]


def number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("a time that is not a finite number")
    return float(value)


def span(step, pid, tid, name, t0, t1, named):
    """A span to draw: its start and end (ts + dur may be inf though both are finite)
    within MAX_TIME_US of 0."""
    for t in (t0, t1):
        if not math.isfinite(t) or abs(t) > MAX_TIME_US:
            raise ValueError("a time beyond %g microseconds" % MAX_TIME_US)
    return (step, pid, tid, name, t0, t1, named)


def spans_of(events):
    """(step, pid, tid, name, t0, t1, named) of every span: complete events and matched
    async begin/end pairs, in microseconds."""
    spans, open_ = [], {}
    for e in events:
        if not isinstance(e, dict):
            continue
        ph = e.get("ph")
        if ph not in ("X", "b", "e"):
            continue
        args = e.get("args") if isinstance(e.get("args"), dict) else {}
        name, step = clean(e.get("name", "")), clean(e.get("cat", ""))
        named = "kind" in args  # parbench writes args.kind on spans with a name of their own
        pid, tid = e.get("pid"), e.get("tid")
        if not isinstance(pid, int) or not isinstance(tid, int) or isinstance(pid, bool) or isinstance(tid, bool):
            continue
        if ph == "X":
            t0 = number(e.get("ts"))
            # the end is checked too: two finite halves can add up to inf (1e308 + 1e308)
            spans.append(span(step, pid, tid, name, t0, t0 + max(0.0, number(e.get("dur"))), named))
        elif ph == "b":
            open_[(pid, clean(e.get("id", "")), step)] = (number(e.get("ts")), name, tid, named)
        else:
            begun = open_.pop((pid, clean(e.get("id", "")), step), None)
            if begun:
                t0, bname, btid, bnamed = begun
                spans.append(span(step, pid, btid, bname, t0, max(t0, number(e.get("ts"))), bnamed))
    return spans


def lanes(bars):
    """Greedy interval partitioning: lane of each bar (sorted by start) and lane count;
    each bar takes the lowest lane free at its start (heaps: n log n)."""
    busy, free, out, count = [], [], [], 0  # busy: (end, lane); free: lanes
    for t0, t1 in bars:
        while busy and busy[0][0] <= t0:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, count = count, count + 1
        heapq.heappush(busy, (t1, lane))
        out.append(lane)
    return out, max(1, count)


def in_order(keys):
    """The distinct keys in the order they first appear."""
    return list(dict.fromkeys(keys))


def main():
    path = sys.argv[1]
    if os.path.getsize(path) > MAX_BYTES:
        raise ValueError("larger than %d MiB" % (MAX_BYTES >> 20))
    with open(path, "rb") as f:
        data = json.load(f)
    events = data.get("traceEvents") if isinstance(data, dict) else data
    if not isinstance(events, list):
        raise ValueError("no traceEvents list")
    spans = spans_of(events)
    named = [s for s in spans if s[6]]
    chosen = []
    if named:
        last = {}  # per step, the last span of each name: the last repetition
        for s in named:
            last.setdefault(s[0], {})[(s[1], s[3])] = s
        for step in in_order(s[0] for s in named):
            start = min(s[4] for s in last[step].values())
            chosen += [(step, s[1], s[2], s[3], s[4] - start, s[5] - start) for s in last[step].values()]
    elif spans:
        start = min(s[4] for s in spans)
        chosen = [(s[0], s[1], s[2], s[3], s[4] - start, s[5] - start) for s in spans]
    if not chosen:
        raise ValueError("no spans")
    chosen = sorted(chosen, key=lambda s: s[4])[-MAX_BARS:]
    # (step, pid, tid): the steps in the order they ran, then by rank and thread
    rows = in_order((s[0], s[1], s[2]) for s in chosen)
    steps = in_order(key[0] for key in rows)
    step_place = {step: i for i, step in enumerate(steps)}
    rows.sort(key=lambda k: (step_place[k[0]], k[1], k[2]))
    ranks = {k[1] for k in rows}
    y_of = {key: len(rows) - 1 - r for r, key in enumerate(rows)}  # the first row on top
    by_row = {}
    for s in chosen:  # chosen is sorted by start
        by_row.setdefault((s[0], s[1], s[2]), []).append(s)
    print("# bars: y half_height t0_ms t1_ms colour label")
    for key in rows:
        mine = by_row[key]
        lane, nl = lanes([(s[4], s[5]) for s in mine])
        half = 0.38 / nl
        for s, l in zip(mine, lane):
            task = s[3][:1].upper()
            colour = (ord(task) - ord("A")) % 8 + 1 if "A" <= task <= "Z" else 8  # a colour per task
            print("%.4f %.4f %.6g %.6g %d \"%s\"" % (y_of[key] + 0.38 - (2 * l + 1) * half, half * 0.9, s[4] / 1e3,
                                                     s[5] / 1e3, colour, s[3]))
    print("\n\n# rows: y label")
    for key in rows:
        who = "rank %d thread %d" % (key[1], key[2]) if len(ranks) > 1 else "worker %d" % key[2]
        print("%d \"%s\"" % (y_of[key], clean("%s: %s" % (key[0].split("/")[-1], who), 60)))
    print("\n\n# each step's end: t1_ms y text")
    ends, tops = {}, {}
    for s in chosen:
        ends[s[0]] = max(ends.get(s[0], s[5]), s[5])
    for key, y in y_of.items():
        tops[key[0]] = min(tops.get(key[0], y), y)
    for step in steps:
        end = ends[step] / 1e3
        print("%.6g %d \"%.1f ms\"" % (end, tops[step], end))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # whatever the file holds: one line, never a traceback
        print("not a trace parbench can draw: %s" % clean(e, 120), file=sys.stderr)
        sys.exit(1)
