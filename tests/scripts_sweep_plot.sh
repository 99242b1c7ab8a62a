#!/usr/bin/env bash
# A tiny sweep writes every planned row, verified; weak scaling grows the size; the
# plots come out as non-empty PNGs and SVGs that parse; topology.sh writes its files.
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
out="$TMP/results"
cores=$("$PARBENCH" info --json | sed -n 's/^  "usable_cores": \([0-9]*\),/\1/p') # what sweep.sh plans with
kernels=$("$PARBENCH" list --names | tr '\n' ' ')

"$src/scripts/sweep.sh" --size-class tiny --oversubscribe --no-demos --reps 1 --out "$out" 2> "$TMP/progress" && pass || fail "sweep rc"
grep -Eq '^\[sweep\] montecarlo +omp +ranks=1 +threads=2 +step [0-9]+ of [0-9]+, [0-9]+s elapsed, ~[0-9?]+s left' "$TMP/progress" &&
    pass || fail "progress line: $(head -3 "$TMP/progress")"
csv="$out/runs.csv"
# the expected rows: the roofs (peak fma and triad at 1 and all cores) first; then per
# kernel serial; omp 1..2*cores; mpi 1..2*cores; hybrid p x t <= cores; 1 x cores
expect="$TMP/expect" got="$TMP/got"
: > "$expect"
for v in fma triad; do
    echo "peak $v 1 1" >> "$expect"
    [ "$cores" -ge 2 ] && echo "peak $v $cores 1" >> "$expect"
done
for k in $kernels; do
    echo "$k serial 1 1" >> "$expect"
    for ((t = 1; t <= 2 * cores; t++)); do echo "$k omp $t 1" >> "$expect"; done
    if [ "${PARBENCH_HAVE_MPI:-0}" = 1 ]; then
        for ((p = 1; p <= 2 * cores; p++)); do echo "$k mpi 1 $p" >> "$expect"; done
        for ((p = 2; p <= cores; p++)); do for ((t = 2; p * t <= cores; t++)); do echo "$k hybrid $t $p" >> "$expect"; done; done
        [ "$cores" -ge 2 ] && echo "$k hybrid $cores 1" >> "$expect"
    fi
done
# the I/O driver: every mode at 2 and 4 requests (and the overlap driver's modes on 2 ranks)
io_modes="blocking nonblocking threads" # and uring where this build has it
"$PARBENCH" list | grep -A3 "^  latency" | grep -q "modes:.* uring$" && io_modes+=" uring"
for r in 2 4; do for m in $io_modes; do echo "io-latency $m $r" >> "$expect"; done; done
if [ "${PARBENCH_HAVE_MPI:-0}" = 1 ]; then for m in blocking nonblocking progress; do echo "io-overlap $m 2" >> "$expect"; done; fi
csv_select "$csv" kernel,variant,threads,ranks,size | awk '$1 !~ /^io-/ { print $1, $2, $3, $4 }
    $1 == "io-latency" { print $1, $2, $5 } $1 == "io-overlap" { print $1, $2, $4 }' > "$got"
diff <(sort "$expect") <(sort "$got") > "$TMP/diff" && pass || fail "sweep rows differ: $(cat "$TMP/diff")"
[ "$(csv_column "$csv" verified | sort -u)" = true ] && pass || fail "unverified rows"
# on one usable core (taskset -c 0) the sweep plans for one core, whatever the machine has
if command -v taskset > /dev/null && taskset -c 0 true 2> /dev/null; then
    taskset -c 0 "$src/scripts/sweep.sh" --size-class tiny --kernels montecarlo --no-peak --no-io --no-demos --reps 1 \
        --out "$TMP/one" 2> /dev/null && pass || fail "sweep on one core: rc $?"
    want="montecarlo serial 1 1 1;montecarlo omp 1 1 1"
    [ "${PARBENCH_HAVE_MPI:-0}" = 1 ] && want+=";montecarlo mpi 1 1 1"
    got=$(csv_select "$TMP/one/runs.csv" kernel,variant,threads,ranks,usable_cores | paste -sd';')
    [ "$got" = "$want" ] && pass || fail "sweep on one usable core: [$got], want [$want]"
else
    skip_part "no taskset here: the sweep on one usable core"
fi
# every kernel's result is the same in every row of that kernel
for k in $kernels; do
    [ "$(csv_select "$csv" result kernel="$k" | sort -u | wc -l)" = 1 ] && pass || fail "$k results differ"
done
[ -s "$out/machine.json" ] && pass || fail "machine.json"
# the roofs measured first are in machine.json, and every later compute row has pct_peak;
# unless the load of a parallel ctest starved both one-core roofs: a starved roof is never
# a roof, so then there is none (which rows load starves is not this test's to decide)
if [ "$(csv_select "$csv" notes kernel=peak threads=1 | grep -vc starved)" -gt 0 ]; then
    grep -Eq '^  "peak": \{"fma_gflops_1core": ([0-9.e+]+|null), .*"isa": "[a-z0-9]+"\}$' "$out/machine.json" && pass ||
        fail "machine.json peak: $(grep peak "$out/machine.json")"
    # (a pct needs both one-core roofs: min(FMA, intensity x bandwidth))
    if [ "$(csv_select "$csv" notes kernel=peak threads=1 | grep -c starved)" = 0 ]; then
        [ "$(csv_select "$csv" pct_peak kernel=matmul variant=serial | grep -c '^[0-9.]\+$')" -ge 1 ] && pass ||
            fail "matmul rows without pct_peak"
    fi
    roofs=1
else
    ! grep -q '"peak"' "$out/machine.json" && pass || fail "machine.json has roofs from starved rows"
    roofs=0
fi

# weak scaling: montecarlo's size grows linearly with the workers
"$src/scripts/sweep.sh" --size-class tiny --scaling weak --kernels montecarlo --no-peak --no-mpi --no-io --no-demos --reps 1 --out "$TMP/weak" 2> /dev/null && pass || fail "weak sweep"
weak=$(csv_select "$TMP/weak/runs.csv" threads,size,tag variant=omp | tr ' \n' ': ')
[ "$weak" = "$(for ((t = 1; t <= cores; t++)); do printf '%d:%d:weak ' "$t" $((200000 * t)); done)" ] && pass ||
    fail "weak sizes: $weak"

# plots: each figure as a PNG (magic number) and an SVG that parses as XML
"$src/scripts/plot.sh" "$out" --out "$TMP/plots" > /dev/null && pass || fail "plot.sh rc"
for k in $kernels; do
    for fig in speedup efficiency; do
        png=$(ls "$TMP/plots/$k"-*-"$fig".png 2> /dev/null | head -1)
        [ -n "$png" ] && [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && [ "$(stat -c %s "$png")" -gt 10000 ] &&
            pass || fail "$k $fig PNG"
        python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); assert r.tag.endswith("svg") and len(list(r.iter())) > 50' \
            "${png%.png}.svg" && pass || fail "$k $fig SVG"
    done
done
grep -q "Amdahl fit" "$TMP/plots/scaling.txt" && pass || fail "scaling table has Amdahl fits"
[ "$roofs" = 0 ] || { [ -s "$TMP/plots/roofline.png" ] && [ -s "$TMP/plots/roofline.svg" ]; } && pass ||
    fail "roofline plot from the sweep's peak rows"
[ -s "$TMP/plots/io-latency.png" ] && [ "$(grep -c '^# series' "$TMP/plots/data/io-latency.dat")" = "$(wc -w <<< "$io_modes")" ] && pass || fail "io time-vs-requests plot"
"$src/scripts/plot.sh" "$TMP/weak" --out "$TMP/weakplots" > /dev/null && [ -s "$TMP/weakplots/montecarlo-weak-speedup.png" ] && pass || fail "weak plot"

# malformed input: a clear error and exit 2, never an empty plot
mkdir -p "$TMP/bad"
head -3 "$csv" > "$TMP/bad/runs.csv"; echo "montecarlo,omp,oops" >> "$TMP/bad/runs.csv"
"$src/scripts/plot.sh" "$TMP/bad" --out "$TMP/badplots" > /dev/null 2> "$TMP/err"; rc=$?
[ $rc = 2 ] && grep -q "line 4: expected" "$TMP/err" && pass || fail "malformed CSV: rc $rc $(cat "$TMP/err")"
[ -z "$(ls "$TMP/badplots"/*.png 2> /dev/null)" ] && pass || fail "plots made from a malformed CSV"
"$src/scripts/plot.sh" "$TMP/nothing" > /dev/null 2>&1; [ $? = 2 ] && pass || fail "missing results dir"
# sweep.sh judges its results folder before the first step: one line, exit 2, nothing run
sweep_bad() { # sweep_bad "message" args...
    local want=$1; shift
    "$src/scripts/sweep.sh" --size-class tiny --kernels montecarlo --no-demos "$@" > /dev/null 2> "$TMP/err"; local rc=$?
    [ $rc = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q -- "$want" "$TMP/err" && pass ||
        fail "sweep.sh $*: rc $rc: $(cat "$TMP/err")"
}
mkdir -p "$TMP/foreign" && echo "a,b" > "$TMP/foreign/runs.csv"
sweep_bad "different header" --out "$TMP/foreign"
[ "$(cat "$TMP/foreign/runs.csv")" = "a,b" ] && [ ! -e "$TMP/foreign/machine.json" ] && pass || fail "foreign folder touched"
sweep_bad "exists and is not a directory" --out "$TMP/foreign/runs.csv"
sweep_bad "unknown option '--bogus'" --bogus
sweep_bad "--kernels is given more than once" --kernels nosuch
"$src/scripts/sweep.sh" --help | grep -q "^  scripts/sweep.sh \[--kernels" && ! "$src/scripts/sweep.sh" --help | grep -q "set -euo" &&
    pass || fail "sweep.sh --help"

# topology
"$src/scripts/topology.sh" "$TMP/topo" > /dev/null && pass || fail "topology.sh"
python3 -c 'import sys, xml.etree.ElementTree as E; assert E.parse(sys.argv[1]).getroot().tag == "topology"' "$TMP/topo/topology.xml" && pass || fail "topology.xml"
grep -q "Core" "$TMP/topo/topology.txt" && pass || fail "topology.txt"
[ "$(head -c 4 "$TMP/topo/topology.png" | od -An -tx1 | tr -d ' \n')" = 89504e47 ] && pass || fail "topology.png"
python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))["cores"] >= 1' "$TMP/topo/machine.json" && pass || fail "machine.json"
finish
