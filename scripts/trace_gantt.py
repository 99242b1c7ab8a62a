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
number must be finite, and anything else ends with one line on stderr and exit 1.

DATA holds three blocks (gnuplot `index`): bars "y half_height t0 t1 colour label",
rows "y label", and each step's end "t1 y text".
"""
import json
import math
import os
import re
import sys

MAX_BYTES = 256 << 20  # a trace this large is not drawn
MAX_BARS = 4000        # the bars of one figure, at most (the last ones are kept)


def clean(text, limit=40):
    """Text fit for a gnuplot data string: no quotes, no control characters."""
    return re.sub(r"[^A-Za-z0-9 +_.:/()-]", "?", str(text))[:limit]


def number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("a time that is not a finite number")
    return float(value)


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
            spans.append((step, pid, tid, name, t0, t0 + max(0.0, number(e.get("dur"))), named))
        elif ph == "b":
            open_[(pid, clean(e.get("id", "")), step)] = (number(e.get("ts")), name, tid, named)
        else:
            begun = open_.pop((pid, clean(e.get("id", "")), step), None)
            if begun:
                t0, bname, btid, bnamed = begun
                spans.append((step, pid, btid, bname, t0, max(t0, number(e.get("ts"))), bnamed))
    return spans


def lanes(bars):
    """Greedy interval partitioning: lane of each bar (sorted by start) and lane count."""
    ends, out = [], []
    for t0, t1 in bars:
        for i, end in enumerate(ends):
            if end <= t0:
                ends[i] = t1
                out.append(i)
                break
        else:
            ends.append(t1)
            out.append(len(ends) - 1)
    return out, max(1, len(ends))


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
        steps = []
        for s in named:
            if s[0] not in steps:
                steps.append(s[0])
        for step in steps:
            last = {}
            for s in named:
                if s[0] == step:
                    last[(s[1], s[3])] = s  # the last span of each name: the last repetition
            start = min(s[4] for s in last.values())
            chosen += [(step, s[1], s[2], s[3], s[4] - start, s[5] - start) for s in last.values()]
    elif spans:
        start = min(s[4] for s in spans)
        chosen = [(s[0], s[1], s[2], s[3], s[4] - start, s[5] - start) for s in spans]
    if not chosen:
        raise ValueError("no spans")
    chosen = sorted(chosen, key=lambda s: s[4])[-MAX_BARS:]
    rows = []  # (step, pid, tid): the steps in the order they ran, then by rank and thread
    for s in chosen:
        if (s[0], s[1], s[2]) not in rows:
            rows.append((s[0], s[1], s[2]))
    steps = []
    for key in rows:
        if key[0] not in steps:
            steps.append(key[0])
    rows.sort(key=lambda k: (steps.index(k[0]), k[1], k[2]))
    ranks = {k[1] for k in rows}
    y_of = {key: len(rows) - 1 - r for r, key in enumerate(rows)}  # the first row on top
    print("# bars: y half_height t0_ms t1_ms colour label")
    for key in rows:
        mine = sorted((s for s in chosen if (s[0], s[1], s[2]) == key), key=lambda s: s[4])
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
    for step in steps:
        end = max(s[5] for s in chosen if s[0] == step) / 1e3
        print("%.6g %d \"%.1f ms\"" % (end, min(y for key, y in y_of.items() if key[0] == step), end))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # whatever the file holds: one line, never a traceback
        print("not a trace parbench can draw: %s" % clean(e, 120), file=sys.stderr)
        sys.exit(1)
