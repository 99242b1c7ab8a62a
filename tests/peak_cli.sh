#!/usr/bin/env bash
# parbench peak end to end: rows kernel=peak (fma in GFLOP/s with its vector code in the
# notes, triad in GB/s) at one core and at the threads asked for, all verified; the
# following matmul run in the same CSV gets pct_peak; info --json --peak records the
# roofs; bad options exit 2 with one line. Small sizes: no figure here is a measurement.
. "$(dirname "$0")/lib.sh"
csv="$TMP/runs.csv"
small=(--fma-steps 2^14 --triad-elements 2^16 --reps 2 --warmup 0)

"$PARBENCH" peak --csv "$csv" --threads 2 "${small[@]}" > "$TMP/out" 2> "$TMP/err" && pass ||
    fail "peak rc $?: $(cat "$TMP/err")"
grep -Eq '^parbench .* peak \| fma: [0-9]+ chains x [0-9] doubles \((avx512|avx2|sse2|generic)\)' "$TMP/out" && pass ||
    fail "the title names the vector code: $(head -1 "$TMP/out")"
grep -Eq '^FP64 FMA peak: .* GFLOP/s on 1 core( \[[^]]*\])?, .* GFLOP/s on 2 cores' "$TMP/out" && pass || fail "fma summary line"
grep -q '^memory bandwidth (STREAM triad): .* GB/s on 1 core' "$TMP/out" && pass || fail "triad summary line"
got=$(csv_select "$csv" kernel,variant,threads,ranks,unit,verified | paste -sd';')
want="peak fma 1 1 GFLOP/s true;peak fma 2 1 GFLOP/s true;peak triad 1 1 GB/s true;peak triad 2 1 GB/s true"
[ "$got" = "$want" ] && pass || fail "peak rows: [$got], want [$want]"
# the rate is the variant's own: gflops for fma, gbytes_s for triad, and the throughput equals it
csv_select "$csv" throughput,gflops,gbytes_s,notes variant=fma | while read -r tp gf rest; do
    [ "$tp" = "$gf" ] && [[ "$rest" =~ isa=(avx512|avx2|sse2|generic)\;vector=[248]xfp64 ]] && echo ok || echo "bad: $tp $gf $rest"
done > "$TMP/fma"
[ "$(sort -u "$TMP/fma")" = ok ] && pass || fail "fma rows: $(cat "$TMP/fma")"
[ "$(csv_select "$csv" throughput,gbytes_s variant=triad | awk '$1 != $2 || $1 <= 0' | wc -l)" = 0 ] && pass ||
    fail "triad rows: $(csv_select "$csv" throughput,gbytes_s variant=triad)"
# the fma answer is the exact closed form: a whole number
[ -z "$(csv_select "$csv" result variant=fma | grep -v '^[0-9]\+$')" ] && pass || fail "fma result not exact"

# the roofs at work: a matmul run into the same CSV gets its % of them
"$PARBENCH" run matmul --variant serial,omp --threads 2 --size 128 --reps 2 --csv "$csv" --quiet 2> /dev/null && pass ||
    fail "matmul run"
# pct_peak is a ratio of timings (any value on a busy machine), but it follows exactly from
# the file's own rows: 100 x gflops / min(FMA roof, intensity x bandwidth roof), each roof
# the one-core figure, or at 2 workers the all-cores one; a roof row measured while the
# cores were taken (starved, roof-below-1core: load decides which) is never a roof, and
# without its roof a row has no pct_peak (an empty field)
python3 - "$csv" << 'EOF' && pass || fail "matmul pct_peak does not follow from the peak rows"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
def roof(variant, w):
    got = [float(r['throughput']) for r in rows
           if r['kernel'] == 'peak' and r['variant'] == variant and r['threads'] == ('2' if w >= 2 else '1')
           and not {'starved', 'roof-below-1core'} & set(r['notes'].split(';'))]
    return got[-1] if got else None
mm = [r for r in rows if r['kernel'] == 'matmul']
assert len(mm) == 2, mm
for r in mm:
    w = int(r['threads']) * int(r['ranks'])
    g, b = float(r['gflops']), float(r['gbytes_s'])
    f, t = roof('fma', w), roof('triad', w)
    if f is None or t is None or roof('fma', 1) is None or roof('triad', 1) is None:
        assert r['pct_peak'] == '', (r['variant'], r['pct_peak'], 'no roof')
        continue
    want = 100 * g / min(f, g / b * t)
    assert abs(float(r['pct_peak']) - want) <= 0.05 + 1e-3 * want, (r['variant'], r['pct_peak'], want)
EOF

# machine.json's peak member, from the rows of this machine
"$PARBENCH" info --json --peak "$csv" > "$TMP/machine.json" 2> "$TMP/err"
rc=$?
# (exit 2 only when both one-core rows were starved: then no roof is trusted at all)
if [ $rc = 2 ] && [ "$(csv_select "$csv" notes kernel=peak threads=1 | grep -c starved)" = 2 ]; then
    pass
else
    [ $rc = 0 ] && pass || fail "info --json --peak: rc $rc: $(cat "$TMP/err")"
fi
# (an all-cores roof measured while the cores were taken is null: load decides which)
[ $rc = 2 ] || python3 -c 'import csv, json, sys; p = json.load(open(sys.argv[1]))["peak"]
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
def flagged(v, t):
    mine = [r for r in rows if r["kernel"] == "peak" and r["variant"] == v and r["threads"] == t]
    return bool({"starved", "roof-below-1core"} & set(mine[-1]["notes"].split(";")))
for key, v, t in (("fma_gflops_1core", "fma", "1"), ("fma_gflops_all", "fma", "2"),
                  ("triad_gbs_1core", "triad", "1"), ("triad_gbs_all", "triad", "2")):
    assert (p[key] is None) == flagged(v, t), (key, p[key])
    assert p[key] is None or p[key] > 0, key
assert p["all_cores"] in (1, 2) and p["isa"] in ("avx512", "avx2", "sse2", "generic")' "$TMP/machine.json" "$csv" && pass ||
    fail "machine.json peak: $(grep '"peak"' "$TMP/machine.json")"
"$PARBENCH" run montecarlo --variant serial --size 10 --reps 1 --quiet --csv "$TMP/none.csv"
expect_bad "holds no verified peak rows of this machine" info --json --peak "$TMP/none.csv"
expect_bad "--peak applies to --json only" info --peak "$csv"
expect_bad "cannot read" info --json --peak "$TMP/missing.csv"

# --threads 1: the one-core rows only
"$PARBENCH" peak --csv "$TMP/one.csv" --threads 1 "${small[@]}" --quiet && pass || fail "peak --threads 1"
[ "$(csv_select "$TMP/one.csv" variant,threads | paste -sd';')" = "fma 1;triad 1" ] && pass || fail "one-core rows"

expect_bad "unknown option '--bogus'" peak --bogus
expect_bad "--threads '0'" peak --threads 0
expect_bad "--fma-steps" peak --fma-steps 0
expect_bad "--triad-elements" peak --triad-elements lots
expect_bad "--max-time applies to --reps auto only" peak --max-time 2
expect_bad "unexpected" peak extra
"$PARBENCH" peak --dry-run --csv "$TMP/dry.csv" > /dev/null && [ ! -e "$TMP/dry.csv" ] && pass || fail "dry run"
"$PARBENCH" peak --help | grep -q -- "--triad-elements" && pass || fail "--help"
finish
