#!/usr/bin/env bash
# parbench diff says slower or faster only where both sides ran alike ("Say nothing
# false"): a flagged side, other usable cores or placement, or much more other work on
# one side make a pair inconclusive, with the reason and both sides' flags, load and
# cores; inconclusive exits 0 unless --strict and the numbers say slower; rows on one
# side only carry no statistic in any format. Every input is an edited copy of one real
# run (python's csv module): nothing depends on this machine's load or speed.
. "$(dirname "$0")/lib.sh"
a="$TMP/a.csv"
"$PARBENCH" run montecarlo --variant serial,omp --threads 2 --size 1e5 --reps 6 --csv "$TMP/run.csv" --quiet ||
    fail "seed run"

# edit SRC DST [COLUMN=VALUE...] [VARIANT=slow]: the rows of SRC with columns set (every
# row), or VARIANT's samples and times scaled by max(1.10, 1.05 max/min) (above every
# original repetition: U = 0 however noisy the run was)
edit() {
    python3 - "$@" << 'EOF'
import csv, sys
src, dst, edits = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = list(csv.DictReader(open(src, newline='')))
for r in rows:
    for e in edits:
        key, _, val = e.partition('=')
        if val == 'slow':
            if r['variant'] != key:
                continue
            xs = [float(s) for s in r['samples'].split(';')]
            f = max(1.10, 1.05 * max(xs) / min(xs))
            r['samples'] = ';'.join(repr(x * f) for x in xs)
            for c in ('time_s', 'time_min_s', 'time_max_s', 'ci_low_s', 'ci_high_s'):
                r[c] = repr(float(r[c]) * f) if r[c] else r[c]
        else:
            r[key] = val
with open(dst, 'w', newline='') as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator='\n')
    w.writeheader()
    w.writerows(rows)
EOF
}
diff_rc() { "$PARBENCH" diff "$@" > "$TMP/out" 2> "$TMP/err"; }
# the verdict, test_says and inconclusive_why of VARIANT's line in --format csv output
csv_cell() { python3 "$PB_CSV" select "$TMP/out" "$2" variant="$1"; }

# the base: the run as it is, its flags cleared and its conditions fixed (the same row
# under the same conditions on both sides, whatever this machine was doing)
edit "$TMP/run.csv" "$a" notes= usable_cores=2 others_busy=0.1 load1=0.5 placement=r0:0-1
diff_rc "$a" "$a"; rc=$?
[ $rc = 0 ] && [ "$(grep -c '  ~$' "$TMP/out")" = 2 ] && ! grep -q '^inconclusive:' "$TMP/out" && pass ||
    fail "a trusted run against itself: rc $rc: $(cat "$TMP/out")"

# ---- every NEW row starved: inconclusive, exit 0, the reason and both sides shown
edit "$a" "$TMP/starved.csv" notes=starved
diff_rc "$a" "$TMP/starved.csv"; rc=$?
[ $rc = 0 ] && [ "$(grep -c '  inconclusive (test: ~)$' "$TMP/out")" = 2 ] && pass ||
    fail "starved copy: rc $rc: $(cat "$TMP/out")"
grep -q '^  montecarlo omp size 1e5 threads 2 ranks 1: NEW starved$' "$TMP/out" &&
    grep -q '^    BASE  flags -, load 0.50, other work kept 0.10 cores busy, usable cores 2, placement r0:0-1$' \
        "$TMP/out" && grep -q '^    NEW   flags starved, load 0.50, ' "$TMP/out" && pass ||
    fail "the reason and both sides: $(cat "$TMP/out")"
grep -q '^summary: 0 slower, 0 faster, 0 ~ (no difference the data can show), 2 inconclusive' "$TMP/out" && pass ||
    fail "summary: $(grep summary "$TMP/out")"
diff_rc "$TMP/starved.csv" "$a" --format md; rc=$?
[ $rc = 0 ] && grep -q '| inconclusive (test: ~) |$' "$TMP/out" && grep -q '^- montecarlo serial .*: BASE starved$' \
    "$TMP/out" && grep -q '^  - BASE: flags starved, load 0.50' "$TMP/out" && pass || fail "md: rc $rc: $(cat "$TMP/out")"

# ---- the numbers differ enough: still inconclusive, exit 0; --strict exits 1
edit "$TMP/starved.csv" "$TMP/starved-slow.csv" omp=slow
diff_rc "$a" "$TMP/starved-slow.csv" --format csv; rc=$?
[ $rc = 0 ] && [ "$(csv_cell omp verdict)" = inconclusive ] && [ "$(csv_cell omp test_says)" = slower ] &&
    [ "$(csv_cell omp inconclusive_why)" = "NEW starved" ] && [ -n "$(csv_cell omp p_value)" ] && pass ||
    fail "starved and slowed: rc $rc: $(cat "$TMP/out" "$TMP/err")"
diff_rc "$a" "$TMP/starved-slow.csv" --strict; rc=$?
[ $rc = 1 ] && grep -q 'inconclusive (test: slower)$' "$TMP/out" && pass || fail "--strict: rc $rc: $(cat "$TMP/out")"
diff_rc "$a" "$TMP/starved.csv" --strict; rc=$?
[ $rc = 0 ] && pass || fail "--strict, numbers the same: rc $rc"

# ---- other usable cores (2 -> 1), placement, other work, load: each one reason
edit "$a" "$TMP/one-core.csv" usable_cores=1
diff_rc "$a" "$TMP/one-core.csv" --format csv; rc=$?
[ $rc = 0 ] && [ "$(csv_cell serial verdict)" = inconclusive ] &&
    [ "$(csv_cell serial inconclusive_why)" = "usable cores 2 -> 1" ] && pass ||
    fail "usable cores 2 -> 1: rc $rc: $(cat "$TMP/out")"
edit "$a" "$TMP/moved.csv" placement=r0:0
diff_rc "$a" "$TMP/moved.csv" --format csv
[ "$(csv_cell omp inconclusive_why)" = "placement differs" ] && pass || fail "placement: $(cat "$TMP/out")"
edit "$a" "$TMP/busy.csv" others_busy=0.6
diff_rc "$a" "$TMP/busy.csv" --format csv
[ "$(csv_cell omp inconclusive_why)" = "other work kept 0.10 -> 0.60 cores busy" ] && pass ||
    fail "others_busy +0.5: $(cat "$TMP/out")"
edit "$a" "$TMP/little.csv" others_busy=0.5 load1=9
diff_rc "$a" "$TMP/little.csv" --format csv
[ "$(csv_cell omp verdict)" = "~" ] && pass || fail "others_busy +0.4 (load1 not read beside it): $(cat "$TMP/out")"
# rows without others_busy (older schemas): the load average, doubled and above the cores
edit "$a" "$TMP/old.csv" others_busy= load1=0.9
edit "$a" "$TMP/old-loaded.csv" others_busy= load1=2.5
edit "$a" "$TMP/old-some.csv" others_busy= load1=1.9
diff_rc "$TMP/old.csv" "$TMP/old-loaded.csv" --format csv
[ "$(csv_cell omp inconclusive_why)" = "load 0.90 -> 2.50" ] && pass || fail "load1 0.9 -> 2.5: $(cat "$TMP/out")"
diff_rc "$TMP/old.csv" "$TMP/old-some.csv" --format csv
[ "$(csv_cell omp verdict)" = "~" ] && pass || fail "load1 0.9 -> 1.9 (below the cores): $(cat "$TMP/out")"

# ---- rows on one side only: no statistic in any format
edit "$a" "$TMP/retagged.csv" tag=other
diff_rc "$a" "$TMP/retagged.csv"; rc=$?
[ $rc = 0 ] && [ "$(grep -c '  only in \(BASE\|NEW\)$' "$TMP/out")" = 4 ] &&
    ! grep '  only in \(BASE\|NEW\)$' "$TMP/out" | grep -q '%\|/\|e-0[0-9]  *[0-9]' && pass || fail "only-in rows, table: rc $rc: $(cat "$TMP/out")"
diff_rc "$a" "$TMP/retagged.csv" --format md
[ "$(grep -c '| only in \(BASE\|NEW\) |$' "$TMP/out")" = 4 ] &&
    ! grep '| only in \(BASE\|NEW\) |$' "$TMP/out" | grep -q '%\|/\|| 0 |' && pass || fail "only-in rows, md: $(cat "$TMP/out")"
diff_rc "$a" "$TMP/retagged.csv" --format csv
python3 - "$TMP/out" << 'EOF' && pass || fail "only-in rows, csv: $(cat "$TMP/out")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
assert len(rows) == 4, rows
stats = ('change_pct', 'change_low_pct', 'change_high_pct', 'coverage', 'p_value', 'test', 'test_says',
         'inconclusive_why')
for r in rows:
    assert r['verdict'] in ('only in BASE', 'only in NEW'), r
    assert all(r[c] == '' for c in stats), r
    missing = 'new' if r['verdict'] == 'only in BASE' else 'base'
    assert r[missing + '_n'] == '' and r[missing + '_median_s'] == '', r
EOF
finish
