#!/usr/bin/env bash
# The classroom comparison over three machines with rows written here, so that every
# number of the table is known: labels from the hand-ins' folder names, the machine id
# beside them; a second hand-in of one machine merged with one warning naming both; the
# one speedup definition (omp and mpi on all usable cores over serial, at the serial
# run's size); demo, tagged and peak rows left out; quality marks; the score over the
# kernels every machine has (the others listed as missing); ranks; % of own peak; the
# concurrency half; the page. Malformed or missing input gives one clear error, exit 2.
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
header=$(synthetic_header)
row() { synthetic_row "$@"; }
# machine_dir DIR ID CORES CPU: a machine.json that says so
machine_dir() {
    mkdir -p "$1"
    PARBENCH_MACHINE=$2 "$PARBENCH" info --json | python3 -c '
import json, sys
m = json.load(sys.stdin)
m.update(cores=int(sys.argv[1]), usable_cores=int(sys.argv[1]), cpu_model=sys.argv[2])
print(json.dumps(m, indent=2))' "$3" "$4" > "$1/machine.json"
    echo "$header" > "$1/runs.csv"
}

machine_dir "$TMP/alice" lab-a 2 "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz"
{
    row lab-a montecarlo serial 100000000 1 1 1.0 100 Msamples/s
    row lab-a montecarlo omp 100000000 1 1 1.0 100 Msamples/s
    row lab-a montecarlo omp 100000000 2 1 0.5 200 Msamples/s
    row lab-a montecarlo mpi 100000000 1 2 0.52 192.3 Msamples/s
    row lab-a montecarlo serial 2000 1 1 0.001 2 Msamples/s tag=demo-io-vs-cpu # a demo's: not the size
    row lab-a matmul serial 1024 1 1 2.0 1 GFLOP/s gflops=1
    row lab-a matmul omp 1024 2 1 1.0 2 GFLOP/s gflops=2
    row lab-a peak fma 1 1 1 1.0 4 GFLOP/s                 # the roofs: 4 GFLOP/s a core, 8 on both
    row lab-a peak fma 1 2 1 1.0 8 GFLOP/s
    row lab-a demo-race atomic 1000 2 1 0.1 10 Mupdates/s   # demos and I/O drivers are not ranked
    row lab-a io-latency blocking 100 1 1 1.0 100 requests/s requests=100 latency_ms=10
    row lab-a io-latency nonblocking 100 1 1 0.0105 9524 requests/s requests=100 latency_ms=10 cpu_s=0.001
} >> "$TMP/alice/runs.csv"
machine_dir "$TMP/bob" lab-b 16 "AMD Ryzen 7 5800X 8-Core Processor"
{
    row lab-b montecarlo serial 100000000 1 1 2.0 50 Msamples/s
    row lab-b montecarlo omp 100000000 16 1 0.25 400 Msamples/s
    row lab-b matmul serial 1024 1 1 1.0 2 GFLOP/s
} >> "$TMP/bob/runs.csv"
# the same machine again, in another folder: the matmul run on all cores, a newer serial run
mkdir -p "$TMP/bob-again"; cp "$TMP/bob/machine.json" "$TMP/bob-again/"
echo "$header" > "$TMP/bob-again/runs.csv"
{
    row lab-b matmul omp 1024 16 1 0.5 4 GFLOP/s notes=cv-high
    row lab-b montecarlo serial 100000000 1 1 2.5 40 Msamples/s timestamp=2026-11-26T11:00:00Z
} >> "$TMP/bob-again/runs.csv"
machine_dir "$TMP/carol" lab-c 16 "AMD Ryzen 5 5600G with Radeon Graphics"
{
    row lab-c montecarlo serial 100000000 1 1 0.5 200 Msamples/s
    row lab-c montecarlo omp 100000000 16 1 0.1 1000 Msamples/s
    row lab-c montecarlo serial 1000 1 1 0.001 1 Msamples/s   # another size, no partner: not the one
} >> "$TMP/carol/runs.csv"

# a plain file among the folders (results/* matches results/README.md) is passed over
echo "notes" > "$TMP/README.md"
"$src/scripts/compare.sh" "$TMP/alice" "$TMP/bob" "$TMP/carol" "$TMP/bob-again" "$TMP/README.md" --out "$TMP/cmp" \
    --kernels montecarlo,matmul \
    > "$TMP/out" 2> "$TMP/err" && pass || fail "compare rc: $(cat "$TMP/out" "$TMP/err")"
grep -q "passing over files that are not results directories or hand-ins: $TMP/README.md" "$TMP/err" && pass ||
    fail "README.md: $(cat "$TMP/err")"
[ "$(grep -c "warning: the hand-ins 'bob', 'bob-again' hold runs of one machine (lab-b): merged into one row labelled 'bob'" "$TMP/err")" = 1 ] &&
    pass || fail "merge warning: $(cat "$TMP/err")"
[ "$(grep -c . "$TMP/err")" = 2 ] && ! grep -q gnuplot "$TMP/err" && pass || fail "stderr holds more: $(cat "$TMP/err")"
[ "$(ls "$TMP/cmp" | grep -c 'demo\|io-\|peak')" = 0 ] && pass || fail "demo, io or peak figures in the comparison"
[ "$(head -1 "$TMP/cmp/bars-matmul.dat")" = "# machine per_core_throughput all_cores_throughput (GFLOP/s)" ] && pass ||
    fail "matmul unit: $(head -1 "$TMP/cmp/bars-matmul.dat")"

csv=$TMP/cmp/compare.csv
# one row per machine, scored on montecarlo and matmul (--kernels): alice ranked (1); bob
# not ranked (matmul cv-high), its score sqrt(400/200 x 4/2) shown; carol lacks matmul:
# not ranked, no score (however fast its montecarlo)
[ "$(csv_select "$csv" rank,label,machine,cores,score | paste -sd '|')" = "1 alice lab-a 2 1| bob lab-b 16 2| carol lab-c 16 " ] &&
    pass || fail "ranked rows: $(csv_select "$csv" rank,label,machine,cores,score | paste -sd '|')"
expect() { # expect LABEL COLUMNS WANT
    local got; got=$(csv_select "$csv" "$2" label="$1")
    [ "$got" = "$3" ] && pass || fail "$1 $2: got '$got' want '$3'"
}
expect alice cpu,montecarlo_size,montecarlo_serial_s,montecarlo_omp_speedup,montecarlo_omp_efficiency "Intel Xeon Gold 6130 100000000 1 2 1"
expect alice montecarlo_mpi_speedup,montecarlo_pct_peak,matmul_omp_speedup,matmul_pct_peak,missing "1.92308  2 25 "
expect carol not_ranked "lacks matmul"
expect bob cpu,montecarlo_serial_s,montecarlo_per_core,montecarlo_all_cores,montecarlo_omp_speedup "AMD Ryzen 7 5800X 2.5 40 400 10"
expect bob not_ranked,flags,matmul_flags "matmul: cv-high cv-high cv-high"
expect carol cpu,missing,matmul_serial_s "AMD Ryzen 5 5600G matmul "
expect alice io_requests,io_speedup,io_overhead_us "100 95.2381 5"
expect carol io_requests "" # no I/O runs: empty, not zero

# compare-long.csv: one row per machine and kernel (and an io-latency row where the machine
# has I/O runs), the same values as the wide file
long=$TMP/cmp/compare-long.csv
[ "$(csv_select "$long" label,kernel | paste -sd '|')" = "alice montecarlo|alice matmul|alice io-latency|bob montecarlo|bob matmul|carol montecarlo|carol matmul" ] &&
    pass || fail "long rows: $(csv_select "$long" label,kernel | paste -sd '|')"
[ "$(csv_select "$long" size,serial_s,all_cores,omp_speedup,flags label=bob kernel=montecarlo)" = \
  "$(csv_select "$csv" montecarlo_size,montecarlo_serial_s,montecarlo_all_cores,montecarlo_omp_speedup,montecarlo_flags label=bob)" ] &&
    pass || fail "long bob montecarlo: $(csv_select "$long" size,serial_s,all_cores,omp_speedup,flags label=bob kernel=montecarlo)"
[ "$(csv_select "$long" rank,score,io_speedup,io_overhead_us,size label=alice kernel=io-latency)" = "1 1 95.2381 5 " ] &&
    pass || fail "long alice io row: $(csv_select "$long" rank,score,io_speedup,io_overhead_us,size label=alice kernel=io-latency)"

md=$TMP/cmp/compare.md
grep -q "^| 1 | alice | lab-a | Intel Xeon Gold 6130 | 2 | 2026-11-26 | 1.000 | ±1.0% | - | - |$" "$md" && pass ||
    fail "ranking row: $(grep alice "$md" | head -1)"
grep -q "^| ⚠ not ranked | bob | 1e8 | 2.5 | 40 | 400 | 10.00x, 62% | - | - | - |$" "$md" && pass ||
    fail "montecarlo row: $(grep '| bob | 1e8' "$md")"
grep -q "^| 1 | alice | 1e8 | 1 | 100 | 200 | 2.00x, 100% | 1.92x, 96% | - | - |$" "$md" && pass ||
    fail "alice's montecarlo row: $(grep '| alice | 1e8' "$md")"
grep -q "^| ⚠ not ranked | carol | - | - | - | - | - | - | - | missing: no serial run |$" "$md" && pass ||
    fail "carol's matmul row: $(grep '| carol | -' "$md")"
grep -q "^## matmul (scored at matrix order n 1024 only: its throughput depends on the size)$" "$md" && pass || fail "matmul heading"
grep -q "^## montecarlo (scored by throughput at any size: every sample is the same work" "$md" && pass || fail "montecarlo heading"
grep -q "relative to the best ranked machine's (of 1 ranked)" "$md" && pass || fail "score sentence: $(grep '^score' "$md")"
# nobody ranked (the whole suite: nobody has sieve, nor stream): no score, and no sentence says otherwise
"$PARBENCH" compare "$TMP/alice" "$TMP/carol" --out "$TMP/cmp-none" > /dev/null 2>&1 && pass || fail "compare without sieve"
grep -q "No machine is ranked, so there is no score" "$TMP/cmp-none/index.html" &&
    ! grep -q "relative to the best ranked machine's" "$TMP/cmp-none/index.html" && pass || fail "page of nobody ranked"
# (the suite is whatever parbench list --json names: a kernel added changes no line here)
# suite_but K...: the suite's kernels other than K..., ", "-joined, in the suite's order
suite_but() {
    "$PARBENCH" list --json | python3 -c 'import json, sys
print(", ".join(k["name"] for k in json.load(sys.stdin)["kernels"] if k["name"] not in sys.argv[1:]))' "$@"
}
want="alice  lacks $(suite_but montecarlo matmul)|carol  lacks $(suite_but montecarlo)"
[ "$(csv_select "$TMP/cmp-none/compare.csv" label,score,not_ranked | paste -sd '|')" = "$want" ] &&
    pass || fail "nobody ranked: $(csv_select "$TMP/cmp-none/compare.csv" label,score,not_ranked | paste -sd '|')"
"$PARBENCH" compare "$TMP/alice" --kernels montecarlo,cake --out "$TMP/cmp-bad" > /dev/null 2> "$TMP/err"
[ $? = 2 ] && grep -qxF "parbench: compare: --kernels: no kernel 'cake'; accepted: some of $(suite_but)" "$TMP/err" &&
    pass || fail "--kernels cake: $(cat "$TMP/err")"
grep -q "speedup = T(serial) / T(omp on all usable cores)" "$md" && pass || fail "the definition is named"

# the figures: each kernel's bars and speedup curves, the curves over serial (carol:
# 0.5 / 0.1 on 16 threads)
for k in montecarlo matmul; do
    for f in bars speedup; do
        [ "$(head -c 4 "$TMP/cmp/$f-$k.png" | od -An -tx1 | tr -d ' \n')" = 89504e47 ] && pass || fail "$f-$k.png"
        python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$TMP/cmp/$f-$k.svg" && pass || fail "$f-$k.svg"
    done
done
[ "$(grep -c '^# series' "$TMP/cmp/speedup-montecarlo.dat")" = 3 ] && pass || fail "3 curves"
[ "$(awk '/^# series lab-c/ { on = 1; next } on && /^[0-9]/ { print; exit }' "$TMP/cmp/speedup-montecarlo.dat")" = "16 5" ] &&
    pass || fail "carol's curve: $(cat "$TMP/cmp/speedup-montecarlo.dat")"

# the page: one file, every machine and flag in it, no script, nothing fetched
page=$TMP/cmp/index.html
for want in carol alice bob lab-a lab-b lab-c montecarlo matmul cv-high "Content-Security-Policy" "default-src 'none'"; do
    grep -qF -- "$want" "$page" && pass || fail "index.html lacks $want"
done
! grep -qiE '<script|<link|src="http|href="http|@import|url\(' "$page" && pass || fail "index.html refers outside itself"

# bad input: exit 2, one line, nothing written
mkdir -p "$TMP/bad"; cp "$TMP/alice/runs.csv" "$TMP/bad/"; echo "lab-x,serial,not-a-row" >> "$TMP/bad/runs.csv"
bad() { # bad "message" args...
    local want=$1; shift
    "$src/scripts/compare.sh" "$@" --out "$TMP/badout" > /dev/null 2> "$TMP/err"; local rc=$?
    [ $rc = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q -- "$want" "$TMP/err" && pass ||
        fail "compare $*: rc $rc: $(cat "$TMP/err")"
}
bad "line 14: expected" "$TMP/alice" "$TMP/bad"
mkdir -p "$TMP/empty"
bad "runs.csv: cannot read" "$TMP/alice" "$TMP/empty"
bad "is not a results directory" "$TMP/missing"
echo "x,y" > "$TMP/empty/runs.csv"
bad "not a parbench results file" "$TMP/empty"
bad "give at least one results directory"
# a folder with demo rows only has no machine to compare
mkdir -p "$TMP/demos"; { echo "$header"; row lab-d demo-race atomic 1000 2 1 0.1 10 Mupdates/s; } > "$TMP/demos/runs.csv"
bad "no verified rows of the quick suite's kernels" "$TMP/demos"
# a results folder handed in by someone else cannot run gnuplot commands or write
# outside the output folder: a quote in the machine id, a path in the kernel name
mkdir -p "$TMP/evil"
{ echo "$header"; row 'm";system("touch '"$TMP"'/PWNED");x="' montecarlo serial 1000 1 1 1.0 1 Msamples/s; } > "$TMP/evil/runs.csv"
bad "line 2: bad value in column machine" "$TMP/alice" "$TMP/evil"
{ echo "$header"; row lab-e ../escaped serial 1000 1 1 1.0 1 Msamples/s; } > "$TMP/evil/runs.csv"
bad "line 2: bad value in column kernel" "$TMP/evil"
{ echo "$header"; row lab-e montecarlo serial 1000 1 1 1.0 1 'x`touch PWNED`'; } > "$TMP/evil/runs.csv"
bad "line 2: bad value in column unit" "$TMP/evil"
[ ! -e "$TMP/PWNED" ] && [ ! -e "$TMP/badout/PWNED" ] && [ ! -e "$TMP/escaped-1000.gp" ] && pass || fail "injected command ran"
[ -z "$(ls "$TMP/badout"/*.png 2> /dev/null)" ] && pass || fail "figures made from bad input"
finish
