#!/usr/bin/env bash
# The classroom comparison over three machines: this one and two synthetic hwloc
# topologies (lstopo --input), with CSVs written here, so the table rows and scores
# are known exactly. A fourth folder from the same machine as the second merges into
# it. Malformed or missing input gives one clear error and exit 2.
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
header=$(head -1 < <("$PARBENCH" run montecarlo --variant serial --size 10 --reps 1 --quiet --csv "$TMP/h.csv"; cat "$TMP/h.csv"))

# row MACHINE KERNEL VARIANT SIZE THREADS RANKS TIME THROUGHPUT UNIT [TIMESTAMP]: the columns
# by name, in the header's order; the driver-specific ones stay empty
row() {
    python3 "$PB_CSV" row "$TMP/h.csv" schema=2 machine="$1" kernel="$2" variant="$3" size="$4" threads="$5" ranks="$6" \
        reps=3 time_s="$7" time_min_s="$7" time_max_s="$7" throughput="$8" unit="$9" result=1 verified=true \
        timestamp="${10:-2026-11-26T10:00:00Z}" cv=0.01 warmup=1 seed=42 cpu_s="$7"
}
machine_dir() { # machine_dir DIR ID [synthetic topology]
    mkdir -p "$1"
    if [ -n "${3:-}" ]; then
        lstopo-no-graphics --input "$3" --of xml --force "$TMP/$2.xml" 2> /dev/null
        HWLOC_XMLFILE="$TMP/$2.xml" PARBENCH_MACHINE=$2 "$PARBENCH" info --json > "$1/machine.json"
    else
        PARBENCH_MACHINE=$2 "$PARBENCH" info --json > "$1/machine.json"
    fi
    echo "$header" > "$1/runs.csv"
}
cores=$("$PARBENCH" info --json | sed -n 's/^  "cores": \([0-9]*\),/\1/p')

machine_dir "$TMP/A" lab-a
{
    row lab-a montecarlo serial 100000000 1 1 1.0 100 Msamples/s
    row lab-a montecarlo omp 100000000 1 1 1.0 100 Msamples/s
    row lab-a montecarlo omp 100000000 "$cores" 1 0.5 200 Msamples/s
    row lab-a matmul serial 1024 1 1 2.0 1 GFLOP/s
    row lab-a matmul omp 1024 "$cores" 1 1.0 2 GFLOP/s
    row lab-a demo-race atomic 1000 2 1 0.1 10 Mupdates/s   # demos and I/O drivers are not ranked
    row lab-a io-latency nonblocking 100 1 1 0.01 10000 requests/s
} >> "$TMP/A/runs.csv"
machine_dir "$TMP/B" lab-b "pack:2 core:8 pu:2"
{
    row lab-b montecarlo serial 100000000 1 1 2.0 50 Msamples/s
    row lab-b montecarlo omp 100000000 16 1 0.25 400 Msamples/s
    row lab-b matmul serial 1024 1 1 1.0 2 GFLOP/s
} >> "$TMP/B/runs.csv"
# the same machine again, in another folder: one more point, and a newer serial run
mkdir -p "$TMP/B2"; cp "$TMP/B/machine.json" "$TMP/B2/"
echo "$header" > "$TMP/B2/runs.csv"
{
    row lab-b matmul omp 1024 16 1 0.5 4 GFLOP/s
    row lab-b montecarlo serial 100000000 1 1 2.5 40 Msamples/s 2026-11-26T11:00:00Z
} >> "$TMP/B2/runs.csv"
machine_dir "$TMP/C" lab-c "pack:1 core:16 pu:1"
{
    row lab-c montecarlo serial 100000000 1 1 0.5 200 Msamples/s
    row lab-c montecarlo omp 100000000 16 1 0.1 1000 Msamples/s
    row lab-c montecarlo serial 1000 1 1 0.001 1 Msamples/s   # another size: not the reference
} >> "$TMP/C/runs.csv"

# a plain file among the folders (results/* matches results/README.md) is passed over
echo "notes" > "$TMP/README.md"
"$src/scripts/compare.sh" "$TMP/A" "$TMP/B" "$TMP/C" "$TMP/B2" "$TMP/README.md" --out "$TMP/cmp" > "$TMP/out" 2> "$TMP/err" &&
    pass || fail "compare rc: $(cat "$TMP/out" "$TMP/err")"
grep -q "passing over files that are not results directories: $TMP/README.md" "$TMP/err" && pass || fail "README.md: $(cat "$TMP/err")"
[ "$(ls "$TMP/cmp" | grep -c 'demo\|io-')" = 0 ] && pass || fail "demo or io figures in the comparison"
[ "$(head -1 "$TMP/cmp/bars-matmul.dat")" = "# machine serial_throughput best_throughput (GFLOP/s)" ] && pass || fail "matmul unit"
csv="$TMP/cmp/compare.csv"
[ "$(head -1 "$csv")" = "machine,cpu,cores,montecarlo_size,montecarlo_serial_s,montecarlo_best_speedup,montecarlo_efficiency_full,montecarlo_best_throughput,matmul_size,matmul_serial_s,matmul_best_speedup,matmul_efficiency_full,matmul_best_throughput,score" ] &&
    pass || fail "compare.csv header: $(head -1 "$csv")"
[ "$(wc -l < "$csv")" = 4 ] && pass || fail "one row per machine (B and B2 merged): $(cat "$csv")"
expect_row() {
    local got; got=$(grep "^$1," "$csv")
    [ "$got" = "$2" ] && pass || fail "row $1: got '$got' want '$2'"
}
cpu=$(sed -n 's/^  "cpu_model": "\(.*\)",/\1/p' "$TMP/A/machine.json")
expect_row lab-a "lab-a,\"$cpu\",$cores,100000000,1,2,$(awk -v c="$cores" 'BEGIN { printf "%.4g", 2 / c }'),200,1024,2,2,$(awk -v c="$cores" 'BEGIN { printf "%.4g", 2 / c }'),2,1.0000"
# lab-b: the newer serial run (2.5 s) wins; omp at 16 = all cores: 10x, 62.5%; score sqrt(2 * 2)
expect_row lab-b 'lab-b,"synthetic topology",16,100000000,2.5,10,0.625,400,1024,1,2,0.125,4,2.0000'
# lab-c: no matmul, score from montecarlo alone: 1000 / 200
expect_row lab-c 'lab-c,"synthetic topology",16,100000000,0.5,5,0.3125,1000,1024,nan,nan,nan,nan,5.0000'
grep -q "^| lab-b | synthetic topology | 16 | 2.5 | 10.00x | 62% | 1 | 2.00x | 12% | 2.000 |$" "$TMP/cmp/compare.md" && pass ||
    fail "markdown row: $(grep lab-b "$TMP/cmp/compare.md")"
for k in montecarlo matmul; do
    for f in bars speedup; do
        [ "$(head -c 4 "$TMP/cmp/$f-$k.png" | od -An -tx1 | tr -d ' \n')" = 89504e47 ] && pass || fail "$f-$k.png"
        python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$TMP/cmp/$f-$k.svg" && pass || fail "$f-$k.svg"
    done
done
# the overlaid curves hold every machine's omp points
[ "$(grep -c '^# series' "$TMP/cmp/speedup-montecarlo.dat")" = 3 ] && pass || fail "3 curves"

# bad input: exit 2, one line, nothing written
mkdir -p "$TMP/bad"; cp "$TMP/A/runs.csv" "$TMP/bad/"; echo "lab-x,serial,not-a-row" >> "$TMP/bad/runs.csv"
bad() { # bad "message" args...
    local want=$1; shift
    "$src/scripts/compare.sh" "$@" --out "$TMP/badout" > /dev/null 2> "$TMP/err"; local rc=$?
    [ $rc = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q -- "$want" "$TMP/err" && pass ||
        fail "compare $*: rc $rc: $(cat "$TMP/err")"
}
bad "line 9: expected" "$TMP/A" "$TMP/bad"
mkdir -p "$TMP/empty"
bad "runs.csv: cannot read" "$TMP/A" "$TMP/empty"
bad "is not a results directory" "$TMP/missing"
echo "x,y" > "$TMP/empty/runs.csv"
bad "not a parbench results file" "$TMP/empty"
bad "give at least one results directory"
# a results folder handed in by someone else cannot run gnuplot commands or write
# outside the output folder: a quote in the machine id, a path in the kernel name
mkdir -p "$TMP/evil"
{ echo "$header"; row 'm";system("touch '"$TMP"'/PWNED");x="' montecarlo serial 1000 1 1 1.0 1 Msamples/s; } > "$TMP/evil/runs.csv"
bad "line 2: bad value in column machine" "$TMP/A" "$TMP/evil"
{ echo "$header"; row lab-e ../escaped serial 1000 1 1 1.0 1 Msamples/s; } > "$TMP/evil/runs.csv"
bad "line 2: bad value in column kernel" "$TMP/evil"
{ echo "$header"; row lab-e montecarlo serial 1000 1 1 1.0 1 'x`touch PWNED`'; } > "$TMP/evil/runs.csv"
bad "line 2: bad value in column unit" "$TMP/evil"
[ ! -e "$TMP/PWNED" ] && [ ! -e "$TMP/badout/PWNED" ] && [ ! -e "$TMP/escaped-1000.gp" ] && pass || fail "injected command ran"
[ -z "$(ls "$TMP/badout"/*.png 2> /dev/null)" ] && pass || fail "figures made from bad input"
finish
