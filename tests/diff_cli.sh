#!/usr/bin/env bash
# parbench diff (issue 19) on the CSVs of real runs (they write the samples column),
# with slowed, hastened and relabelled copies made deterministically by python's csv
# module: the verdicts, regressions first, the exit codes (0 / 1 / 2), the three formats,
# folders, repeated keys, unpaired rows, too few samples, schema-1 rows, machines, and
# bad input. Nothing here depends on how fast this machine is.
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
a="$TMP/a.csv"
"$PARBENCH" run montecarlo --variant serial,omp --threads 2 --size 1e5 --reps 6 --csv "$a" --quiet ||
    fail "seed run"
"$PARBENCH" run montecarlo --variant serial --size 1e5 --reps 3 --csv "$TMP/three.csv" --quiet || fail "3-rep run"

# copy SRC DST [VARIANT=FACTOR...] [machine=ID] [notes=TEXT] [samples:VARIANT=A;B;...] [time=T]: the
# rows of SRC with the times of VARIANT scaled. A factor below 1.10 of the spread could
# let the noise of this run decide the verdict, so "slow" scales by
# max(1.10, 1.05 * max/min): every slowed repetition is above every original one, and
# U is 0 however busy the machine was.
copy() {
    python3 - "$@" << 'EOF'
import csv, sys
src, dst, edits = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = list(csv.DictReader(open(src, newline='')))
times = ('time_s', 'time_min_s', 'time_max_s', 'ci_low_s', 'ci_high_s')
for r in rows:
    for e in edits:
        key, _, val = e.partition('=')
        if key in ('machine', 'notes'):
            r[key] = val
        elif key == 'time':
            r['timestamp'] = val
        elif key.startswith('samples:') and r['variant'] == key[8:]:
            r['samples'] = val
            if 'x' not in val:  # a hex sample stays as it is: the reader must refuse it
                xs = sorted(float(s) for s in val.split(';'))
                r['time_s'] = repr(xs[len(xs) // 2])
        elif r['variant'] == key:
            xs = [float(s) for s in r['samples'].split(';')]
            f = {'slow': max(1.10, 1.05 * max(xs) / min(xs)), 'fast': 1 / max(1.10, 1.05 * max(xs) / min(xs))}[val]
            r['samples'] = ';'.join(repr(x * f) for x in xs)
            for c in times:
                if r[c]:
                    r[c] = repr(float(r[c]) * f)
with open(dst, 'w', newline='') as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator='\n')
    w.writeheader()
    w.writerows(rows)
EOF
}

# this run's own flags (tiny at this size, cv-high or starved on a busy machine) would make
# every pair inconclusive (that is tests/diff_trust.sh): cleared, as both sides are copies
# of this one run, so only the numbers decide here
copy "$a" "$TMP/clean.csv" notes= && mv "$TMP/clean.csv" "$a"

# diff_rc ARGS...: runs parbench diff, output in $TMP/out and $TMP/err, returns its code
diff_rc() { "$PARBENCH" diff "$@" > "$TMP/out" 2> "$TMP/err"; }
# verdict VARIANT: the verdict column of VARIANT's line in --format csv output
verdict() { awk -F, -v v="$1" '$2 == v { print $NF }' "$TMP/out"; }

# ---- no change: the same samples, ~, exit 0
copy "$a" "$TMP/same.csv"
diff_rc "$a" "$TMP/same.csv"; rc=$?
[ $rc = 0 ] && [ "$(grep -c '  ~$' "$TMP/out")" = 2 ] && pass || fail "same samples: rc $rc: $(cat "$TMP/out")"
grep -q '^summary: 0 slower, 0 faster, 2 ~' "$TMP/out" && pass || fail "summary: $(grep summary "$TMP/out")"
grep -q '^method: rows paired by kernel, variant, size, threads, ranks and tag; change = Hodges-Lehmann' "$TMP/out" &&
    pass || fail "method line"

# ---- omp slowed: slower, p = 2/924 (6 and 6, no overlap), listed first, exit 1
copy "$a" "$TMP/slow.csv" omp=slow
diff_rc "$a" "$TMP/slow.csv" --format csv; rc=$?
[ $rc = 1 ] && pass || fail "slowed omp: rc $rc (want 1): $(cat "$TMP/err")"
[ "$(sed -n 2p "$TMP/out" | cut -d, -f2)" = omp ] && [ "$(verdict omp)" = slower ] && [ "$(verdict serial)" = "~" ] &&
    pass || fail "regression not first, or verdicts: $(cat "$TMP/out")"
python3 - "$TMP/out" "$a" "$TMP/slow.csv" << 'EOF' && pass || fail "csv values: $(cat "$TMP/out")"
import csv, sys
rows = {r['variant']: r for r in csv.DictReader(open(sys.argv[1], newline=''))}
o = rows['omp']
assert abs(float(o['p_value']) - 2 / 924) < 1e-6, o['p_value']
assert o['test'] == 'exact' and o['base_n'] == '6' and o['new_n'] == '6', o
# the change is the median of the 36 differences new - base over the base row's median,
# recomputed here from the two files' samples: between the two middle differences
base, new = ({r['variant']: r for r in csv.DictReader(open(f, newline=''))}['omp'] for f in sys.argv[2:4])
xs, ys = ([float(v) for v in r['samples'].split(';')] for r in (base, new))
d = sorted(y - x for y in ys for x in xs)
lo, hi = (100 * v / float(base['time_s']) for v in (d[len(d) // 2 - 1], d[len(d) // 2]))
assert lo - 1e-3 <= float(o['change_pct']) <= hi + 1e-3, (lo, hi, o)
assert float(o['change_pct']) > 5 and float(o['change_low_pct']) > 0, o
assert float(o['change_low_pct']) <= float(o['change_pct']) <= float(o['change_high_pct']), o
assert float(o['new_median_s']) > float(o['base_median_s']), o
s = rows['serial']
assert float(s['p_value']) == 1.0 and float(s['change_pct']) == 0.0, s
EOF
# a folder stands for its runs.csv; Markdown marks the regression
mkdir -p "$TMP/newdir" && cp "$TMP/slow.csv" "$TMP/newdir/runs.csv"
diff_rc "$a" "$TMP/newdir" --format md; rc=$?
[ $rc = 1 ] && grep -q '^| kernel | variant | size |' "$TMP/out" && grep -q '^|---|---|---:|' "$TMP/out" &&
    grep -q '| \*\*slower\*\* |$' "$TMP/out" && pass || fail "md from a folder: rc $rc: $(cat "$TMP/out" "$TMP/err")"

# ---- serial hastened: faster, exit 0 (only slower fails)
copy "$a" "$TMP/fast.csv" serial=fast
diff_rc "$a" "$TMP/fast.csv" --format csv; rc=$?
[ $rc = 0 ] && [ "$(verdict serial)" = faster ] && [ "$(verdict omp)" = "~" ] && pass ||
    fail "faster: rc $rc: $(cat "$TMP/out")"

# ---- the threshold: 1.5% slower, significant (no overlap), called only above 1%
copy "$a" "$TMP/t0.csv" "samples:omp=1.000;1.001;1.002;1.003;1.004;1.005"
copy "$a" "$TMP/t1.csv" "samples:omp=1.015;1.016;1.017;1.018;1.019;1.020"
diff_rc "$TMP/t0.csv" "$TMP/t1.csv" --format csv; rc=$?
[ $rc = 0 ] && [ "$(verdict omp)" = "~" ] && pass || fail "1.5% under the 2% threshold: rc $rc: $(cat "$TMP/out")"
diff_rc "$TMP/t0.csv" "$TMP/t1.csv" --format csv --threshold 1; rc=$?
[ $rc = 1 ] && [ "$(verdict omp)" = slower ] && pass || fail "1.5% over --threshold 1: rc $rc: $(cat "$TMP/out")"
diff_rc "$TMP/t0.csv" "$TMP/t1.csv" --format csv --threshold=1 --alpha=0.001; rc=$?
[ $rc = 0 ] && [ "$(verdict omp)" = "~" ] && pass || fail "p = 0.0022 is not below --alpha 0.001: $(cat "$TMP/out")"

# ---- too few samples: 3 repetitions are never tested, even slowed
copy "$TMP/three.csv" "$TMP/three-slow.csv" serial=slow
diff_rc "$TMP/three.csv" "$TMP/three-slow.csv"; rc=$?
[ $rc = 0 ] && grep -q ' too few samples (3)$' "$TMP/out" && pass || fail "3 reps: rc $rc: $(cat "$TMP/out")"

# ---- schema 1 (no samples column): listed, not tested
fixture="$src/tests/fixtures/runs-schema1.csv"
diff_rc "$fixture" "$fixture"; rc=$?
[ $rc = 0 ] && [ "$(grep -c ' no samples (schema 1)$' "$TMP/out")" = 22 ] && pass ||
    fail "schema 1: rc $rc: $(head -5 "$TMP/out")"

# ---- pairing: a row of another size or tag is not the same key; only in BASE / NEW
"$PARBENCH" run montecarlo --variant serial --size 2e5 --reps 4 --tag other --csv "$TMP/more.csv" --quiet
{ cat "$TMP/same.csv"; tail -n +2 "$TMP/more.csv"; } > "$TMP/plus.csv"
diff_rc "$a" "$TMP/plus.csv"; rc=$?
[ $rc = 0 ] && grep -Eq '^montecarlo +serial +2e5 +1 +1 +other .* only in NEW$' "$TMP/out" &&
    grep -q ', 1 only in NEW$' "$TMP/out" && pass || fail "only in NEW: rc $rc: $(cat "$TMP/out")"
diff_rc "$TMP/plus.csv" "$a"; rc=$?
[ $rc = 0 ] && grep -Eq 'only in BASE$' "$TMP/out" && pass || fail "only in BASE: $(cat "$TMP/out")"

# ---- a key twice: the newest row is used, and a note says so (the slowed rows are
# stamped later, but stand first in the file)
copy "$TMP/slow.csv" "$TMP/slow-later.csv" omp=slow time=2099-01-01T00:00:00Z
{ cat "$TMP/slow-later.csv"; tail -n +2 "$a"; } > "$TMP/twice.csv"
diff_rc "$a" "$TMP/twice.csv" --format csv; rc=$?
[ $rc = 1 ] && [ "$(verdict omp)" = slower ] && [ "$(verdict serial)" = "~" ] && pass ||
    fail "newest of a key: rc $rc: $(cat "$TMP/out")"
[ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "note: NEW: 2 key(s) have several rows .* the newest of each (by timestamp, \
then file order) is used, 2 older row(s) left out" "$TMP/err" && pass || fail "duplicate note: $(cat "$TMP/err")"

# ---- machines: refused unless --cross-machine
copy "$a" "$TMP/other.csv" machine=elsewhere-1234
expect_bad "different machines (.* and elsewhere-1234).*--cross-machine" diff "$a" "$TMP/other.csv"
diff_rc "$a" "$TMP/other.csv" --cross-machine; rc=$?
[ $rc = 0 ] && grep -q "and elsewhere-1234$" "$TMP/out" && pass || fail "--cross-machine: rc $rc: $(cat "$TMP/err")"

# ---- bad input: one line, exit 2, nothing on stdout
expect_bad "$TMP/none.csv: cannot read the results file" diff "$a" "$TMP/none.csv"
mkdir -p "$TMP/empty-dir"
expect_bad "$TMP/empty-dir/runs.csv: cannot read the results file" diff "$TMP/empty-dir" "$a"
mkfifo "$TMP/fifo"
expect_bad "not a regular file (a FIFO)" diff "$a" "$TMP/fifo"
echo "hello,world" > "$TMP/text.csv"; echo "1,2" >> "$TMP/text.csv"
expect_bad "not a parbench results file" diff "$TMP/text.csv" "$a"
copy "$a" "$TMP/bad-samples.csv" "samples:omp=0.1;0.2;0x3"
expect_bad "bad value in column samples" diff "$a" "$TMP/bad-samples.csv"
copy "$a" "$TMP/neg-samples.csv" "samples:omp=0.1;-0.2;0.3;0.4"
expect_bad "bad value in column samples" diff "$a" "$TMP/neg-samples.csv"
expect_bad "--alpha '0': too small; expected a significance level" diff "$a" "$a" --alpha 0
expect_bad "--alpha '0.7': too large" diff "$a" "$a" --alpha 0.7
expect_bad "--threshold '-1'" diff "$a" "$a" --threshold -1
expect_bad "--format 'xml': unknown; expected table, md or csv" diff "$a" "$a" --format xml
expect_bad "BASE NEW" diff "$a"
expect_bad "BASE NEW" diff "$a" "$a" "$a"
expect_bad "--cross-machine takes no value" diff "$a" "$a" --cross-machine=yes
finish
