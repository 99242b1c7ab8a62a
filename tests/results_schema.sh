#!/usr/bin/env bash
# Versioned results: a schema-1 file (tests/fixtures/runs-schema1.csv, written by the
# parbench of 2026-11-27) reads as it is, and so do its columns in another order and
# with a column this parbench does not know (one note); a missing required column is
# named; appending to schema 1 is refused with the command that migrates it; migrate
# rewrites atomically, keeps the original byte for byte, and round-trips. A schema-4 file
# with its columns reordered is appended to in its own order; a reordered schema-2 file
# is migrated.
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
fixture="$src/tests/fixtures/runs-schema1.csv"
cp "$fixture" "$TMP/v1.csv"

# analyze OUT FILE: the scaling table and every data file, as one text to compare
analyzed() {
    rm -rf "$TMP/$1"
    "$PARBENCH" analyze "$2" --out "$TMP/$1" > "$TMP/$1.txt" 2> "$TMP/$1.err" || return 1
    (cd "$TMP/$1" && for f in *; do echo "== $f"; cat "$f"; done) >> "$TMP/$1.txt"
}
analyzed base "$TMP/v1.csv" && pass || fail "schema 1 fixture: $(cat "$TMP/base.err")"
grep -q '^montecarlo-4e6' "$TMP/base.txt" && grep -q '^== io-latency.dat' "$TMP/base.txt" && pass ||
    fail "schema 1 analysis lacks the montecarlo group or the I/O data"

# the same columns in reverse order (quoted fields stay whole: python's csv module)
python3 - "$TMP/v1.csv" "$TMP/reordered.csv" "$TMP/extra.csv" << 'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
with open(sys.argv[2], 'w', newline='') as f:
    csv.writer(f, lineterminator='\n').writerows([r[::-1] for r in rows])
with open(sys.argv[3], 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(rows[0][:5] + ['gpu_model'] + rows[0][5:])
    w.writerows(r[:5] + ['H200'] + r[5:] for r in rows[1:])
EOF
analyzed reordered "$TMP/reordered.csv" && cmp -s "$TMP/base.txt" "$TMP/reordered.txt" && pass ||
    fail "reordered columns analyze differently: $(diff "$TMP/base.txt" "$TMP/reordered.txt" | head -5)"
analyzed extra "$TMP/extra.csv" && cmp -s "$TMP/base.txt" "$TMP/extra.txt" && pass ||
    fail "an extra column changes the analysis: $(diff "$TMP/base.txt" "$TMP/extra.txt" | head -5)"
[ "$(grep -c 'passing over columns' "$TMP/extra.err")" = 1 ] && grep -q 'gpu_model' "$TMP/extra.err" && pass ||
    fail "the unknown column is not noted once: $(cat "$TMP/extra.err")"

# a required column missing: named, exit 2, one line
python3 - "$TMP/v1.csv" "$TMP/no-time.csv" << 'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
i = rows[0].index('time_s')
with open(sys.argv[2], 'w', newline='') as f:
    csv.writer(f, lineterminator='\n').writerows(r[:i] + r[i + 1:] for r in rows)
EOF
"$PARBENCH" analyze "$TMP/no-time.csv" --out "$TMP/nt" 2> "$TMP/err"
[ $? = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "no 'time_s' column" "$TMP/err" && pass ||
    fail "missing time_s: $(cat "$TMP/err")"

# appending to schema 1 is refused, naming migrate; the file is untouched
expect_bad "parbench migrate $TMP/v1.csv" run montecarlo --variant serial --size 1000 --reps 1 --csv "$TMP/v1.csv"
cmp -s "$fixture" "$TMP/v1.csv" && pass || fail "the refused append changed the schema-1 file"

# migrate: the original kept as .v1.bak, byte for byte; the new file in schema 4 with
# the same rows; migrating again does nothing; then rows append
"$PARBENCH" migrate "$TMP/v1.csv" > "$TMP/out" 2> "$TMP/err" && pass || fail "migrate: $(cat "$TMP/err")"
grep -q "migrated $TMP/v1.csv: 22 rows from schema 1 to schema 4; the original is kept as $TMP/v1.csv.v1.bak" \
    "$TMP/out" && pass || fail "migrate message: $(cat "$TMP/out")"
cmp -s "$fixture" "$TMP/v1.csv.v1.bak" && pass || fail "backup differs from the original"
[ "$(head -1 "$TMP/v1.csv" | cut -d, -f1)" = schema ] && [ "$(csv_column "$TMP/v1.csv" schema | sort -u)" = 4 ] &&
    pass || fail "migrated file is not schema 4: $(head -2 "$TMP/v1.csv")"
analyzed migrated "$TMP/v1.csv" && cmp -s "$TMP/base.txt" "$TMP/migrated.txt" && pass ||
    fail "migrated rows analyze differently: $(diff "$TMP/base.txt" "$TMP/migrated.txt" | head -5)"
# round trip: every field of every row survives (the new columns empty)
python3 - "$fixture" "$TMP/v1.csv" << 'EOF' && pass || fail "round trip lost or changed fields"
import csv, sys
old = list(csv.DictReader(open(sys.argv[1], newline='')))
new = list(csv.DictReader(open(sys.argv[2], newline='')))
assert len(old) == len(new) == 22, (len(old), len(new))
for a, b in zip(old, new):
    for k, v in a.items():
        if k in ('requests', 'latency_ms', 'concurrency', 'overlap_osu_pct', 'overlap_imb_pct') and v:
            assert float(v) == float(b[k]), (k, v, b[k])      # numbers, written by the schema's format
        else:
            assert v == b[k], (k, v, b[k])
    assert b['schema'] == '4' and b['samples'] == '' and b['ci_low_s'] == '' and b['attempts'] == ''
EOF
cp "$TMP/v1.csv" "$TMP/v2.csv"
"$PARBENCH" migrate "$TMP/v1.csv" > "$TMP/out" 2>&1 && grep -q "already in results schema 4" "$TMP/out" &&
    cmp -s "$TMP/v1.csv" "$TMP/v2.csv" && pass || fail "second migrate: $(cat "$TMP/out")"
"$PARBENCH" run montecarlo --variant serial --size 1000 --reps 2 --csv "$TMP/v1.csv" --quiet && pass ||
    fail "append after migrate"
[ "$(wc -l < "$TMP/v1.csv")" = 24 ] && pass || fail "row count after append: $(wc -l < "$TMP/v1.csv")"
# the new row keeps its two samples, and they round-trip to the median (time_s is written
# with 9 significant digits: within 5e-9 of it, relatively)
python3 - "$TMP/v1.csv" << 'EOF' && pass || fail "samples of the new row"
import csv, statistics, sys
row = list(csv.DictReader(open(sys.argv[1], newline='')))[-1]
s = [float(x) for x in row['samples'].split(';')]
assert len(s) == 2 and abs(statistics.median(s) - float(row['time_s'])) <= 5.001e-9 * float(row['time_s']), row
EOF

# schema 2 (before the quiet gate's columns): read as it is, appending refused naming
# migrate, migrated to 4 with the new columns empty and the original kept as .v2.bak
"$PARBENCH" run montecarlo --variant serial --size 1000 --reps 2 --csv "$TMP/s3.csv" --quiet 2> /dev/null || fail "s3 rows"
python3 - "$TMP/s3.csv" "$TMP/s2.csv" << 'EOF' || fail "making a schema-2 file"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
new3 = ('model', 'attempts', 'wait_s', 'others_busy')
with open(sys.argv[2], 'w', newline='') as f:
    w = csv.DictWriter(f, [c for c in rows[0] if c not in new3], lineterminator='\n')
    w.writeheader()
    for r in rows:
        r['schema'] = '2'
        w.writerow({k: v for k, v in r.items() if k not in new3})
EOF
cp "$TMP/s2.csv" "$TMP/s2.orig"
"$PARBENCH" analyze "$TMP/s2.csv" --out "$TMP/s2a" > /dev/null 2>&1 && pass || fail "a schema-2 file is read"
expect_bad "parbench migrate $TMP/s2.csv" run montecarlo --variant serial --size 1000 --reps 1 --csv "$TMP/s2.csv"
"$PARBENCH" migrate "$TMP/s2.csv" > "$TMP/out" 2>&1 &&
    grep -q "migrated $TMP/s2.csv: 1 rows from schema 2 to schema 4; the original is kept as $TMP/s2.csv.v2.bak" "$TMP/out" &&
    cmp -s "$TMP/s2.orig" "$TMP/s2.csv.v2.bak" && [ "$(csv_select "$TMP/s2.csv" schema,model,attempts)" = "4  " ] &&
    pass || fail "schema 2 to 4: $(cat "$TMP/out")"

# columns in another order (reversed), each row by name: the columns that do not depend
# on timing (what ran, its answer, its model) as one line per row
fixed=schema,kernel,variant,size,threads,ranks,reps,verified,unit,result,model
reverse_columns() {
    python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n").writerows(r[::-1] for r in rows)' "$@"
}
# schema 4 reordered: appended to in its own order, its header kept, the new row lining
# up by name with the row the same command wrote before (its samples with its median)
reverse_columns "$TMP/s3.csv" "$TMP/r4.csv"
head -1 "$TMP/r4.csv" > "$TMP/r4.head"
"$PARBENCH" run montecarlo --variant serial --size 1000 --reps 2 --csv "$TMP/r4.csv" --quiet 2> "$TMP/err" && pass ||
    fail "append to a reordered schema-4 file: $(cat "$TMP/err")"
head -1 "$TMP/r4.csv" | cmp -s - "$TMP/r4.head" && [ "$(csv_count "$TMP/r4.csv")" = 2 ] &&
    [ -z "$(python3 "$PB_CSV" widths "$TMP/r4.csv")" ] && pass || fail "reordered file's header or rows: $(cat "$TMP/r4.csv")"
[ "$(csv_select "$TMP/r4.csv" "$fixed" | sort -u)" = "4 montecarlo serial 1000 1 1 2 true $(csv_select "$TMP/s3.csv" unit,result) serial" ] &&
    pass || fail "the new row by name: $(csv_select "$TMP/r4.csv" "$fixed")"
python3 - "$TMP/r4.csv" << 'EOF' && pass || fail "the new row's samples and median"
import csv, statistics, sys
row = list(csv.DictReader(open(sys.argv[1], newline='')))[-1]
s = [float(x) for x in row['samples'].split(';')]
assert len(s) == 2 and abs(statistics.median(s) - float(row['time_s'])) <= 5.001e-9 * float(row['time_s']), row
assert row['machine'] and row['timestamp'].endswith('Z') and float(row['cores_busy']) >= 0, row
EOF
"$PARBENCH" analyze "$TMP/r4.csv" --out "$TMP/r4a" > "$TMP/out" 2> "$TMP/err" && grep -q '^montecarlo-1000' "$TMP/out" &&
    pass || fail "analyze of the reordered file: $(cat "$TMP/err")"
# reordered with a column this schema lacks: refused naming migrate, unchanged
python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n").writerows([["gpu_model"] + rows[0]] + [["H200"] + r for r in rows[1:]])' \
    "$TMP/r4.csv" "$TMP/r4x.csv"
cp "$TMP/r4x.csv" "$TMP/r4x.orig"
expect_bad "parbench migrate $TMP/r4x.csv" run montecarlo --variant serial --size 1000 --reps 1 --csv "$TMP/r4x.csv"
cmp -s "$TMP/r4x.orig" "$TMP/r4x.csv" && pass || fail "the refused append changed the file"
# schema 2 reordered: migrated to schema 4's order, every row by name the same, analyzed
reverse_columns "$TMP/s2.csv.v2.bak" "$TMP/r2.csv"
"$PARBENCH" migrate "$TMP/r2.csv" > "$TMP/out" 2>&1 && grep -q "1 rows from schema 2 to schema 4" "$TMP/out" &&
    cmp -s "$TMP/r2.csv" "$TMP/s2.csv" && pass ||
    fail "reordered schema 2 migrated: $(cat "$TMP/out"); $(diff "$TMP/r2.csv" "$TMP/s2.csv" | head -4)"
"$PARBENCH" analyze "$TMP/r2.csv" --out "$TMP/r2a" > "$TMP/out" 2> "$TMP/err" && grep -q '^montecarlo-1000' "$TMP/out" &&
    pass || fail "analyze of the migrated schema-2 file: $(cat "$TMP/err")"

# a backup already there: refused, nothing changed
cp "$fixture" "$TMP/again.csv"
echo keep > "$TMP/again.csv.v1.bak"
"$PARBENCH" migrate "$TMP/again.csv" 2> "$TMP/err"
[ $? = 2 ] && grep -q "move that file away first" "$TMP/err" && cmp -s "$fixture" "$TMP/again.csv" &&
    [ "$(cat "$TMP/again.csv.v1.bak")" = keep ] && pass || fail "existing backup: $(cat "$TMP/err")"
# not a results file: refused, unchanged
printf 'a,b\n1,2\n' > "$TMP/foreign.csv"
"$PARBENCH" migrate "$TMP/foreign.csv" 2> "$TMP/err"
[ $? = 2 ] && [ "$(cat "$TMP/foreign.csv")" = "$(printf 'a,b\n1,2')" ] && [ ! -e "$TMP/foreign.csv.v1.bak" ] &&
    pass || fail "foreign file: $(cat "$TMP/err")"
finish
