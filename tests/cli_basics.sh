#!/usr/bin/env bash
# The subcommands that work: help, version, list, info (text and JSON), run with CSV
# output, sweep, size spellings, and the exit code of a verified run.
. "$(dirname "$0")/lib.sh"

"$PARBENCH" --help | grep -q "parbench run KERNEL" && pass || fail "--help"
"$PARBENCH" --version | grep -Eq "^parbench [0-9]+\.[0-9]+\.[0-9]+" && pass || fail "--version"
"$PARBENCH" list | grep -Eq "montecarlo .*" && pass || fail "list shows montecarlo"
"$PARBENCH" list | grep -q "variants: serial omp omp-one-core mpi hybrid" && pass || fail "list shows variants"

"$PARBENCH" info > "$TMP/info.txt" && pass || fail "info rc"
for field in "machine id" "cpu" "topology" "L1 cache" "memory" "compiler" "openmp" "mpi"; do
    grep -q "^$field " "$TMP/info.txt" && pass || fail "info lacks '$field'"
done
OMP_NUM_THREADS=3 "$PARBENCH" info | grep -q "OMP_NUM_THREADS=3" && pass || fail "info shows OMP_* variables"
"$PARBENCH" info --json > "$TMP/info.json" && pass || fail "info --json rc"
python3 - "$TMP/info.json" <<'PY' && pass || fail "info --json content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["cores"] >= 1 and d["pus"] >= d["cores"], d
assert d["id"].startswith(d["host"]), d
assert d["caches"]["l1"]["bytes"] > 0, d
for k in ("cpu_model", "memory_bytes", "compiler", "flags", "openmp", "mpi", "environment"):
    assert k in d, k
PY
# the machine id is stable from run to run
[ "$("$PARBENCH" info --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')" = \
  "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$TMP/info.json")" ] && pass || fail "id stable"

csv="$TMP/r.csv"
# the same size in four spellings gives the same answer
for size in 1048576 2^20 1048576e0 2^20; do
    "$PARBENCH" run montecarlo --variant serial --size "$size" --reps 2 --csv "$csv" --quiet || fail "run --size $size"
done
[ "$(csv_column "$csv" size | sort -u)" = 1048576 ] && pass || fail "sizes parsed alike"
[ "$(csv_column "$csv" result | sort -u | wc -l)" = 1 ] && pass || fail "same result for the same size"
# every column the README documents is in the header (found by name: the order is free)
for c in kernel variant size threads ranks reps time_s time_min_s time_max_s throughput unit result verified machine timestamp; do
    csv_column "$csv" "$c" > /dev/null 2>&1 && pass || fail "header lacks $c: $(head -1 "$csv")"
done
[ "$(csv_count "$csv")" = 4 ] && pass || fail "4 rows"
[ "$(csv_column "$csv" verified | sort -u)" = true ] && pass || fail "verified"
[ "$(csv_column "$csv" reps | sort -u)" = 2 ] && pass || fail "reps column"
# sweep --variant all: the variants that threads vary, never serial or mpi
# (hybrid starts MPI: under ASan its leaks are Open MPI's, as in the mpi-labelled tests)
ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 \
    "$PARBENCH" sweep montecarlo --variant all --threads 1,2 --size 1000 --reps 1 --csv "$TMP/all.csv" --quiet ||
    fail "sweep all"
want="omp omp-one-core "; "$PARBENCH" --version | grep -q "MPI yes" && want="hybrid $want"
[ "$(csv_column "$TMP/all.csv" variant | sort -u | tr '\n' ' ')" = "$want" ] && pass ||
    fail "sweep all variants: $(csv_column "$TMP/all.csv" variant | sort -u | tr '\n' ' ')"
# --dry-run checks and runs nothing: no row, no file, exit 0; bad values still exit 2
out=$("$PARBENCH" run matmul --variant serial,omp --size 4096 --dry-run --csv "$TMP/dry.csv") &&
    [ ! -e "$TMP/dry.csv" ] && [[ "$out" == "dry run: run matmul, variants serial,omp, size 4096,"* ]] && pass ||
    fail "dry run: $out"
expect_bad "--size '1e400'" run montecarlo --size 1e400 --dry-run
for c in info list run sweep io demo analyze compare page diff migrate; do
    "$PARBENCH" $c --help | grep -q "usage" && pass || fail "parbench $c --help"
done
# the sweep summary's base is the fewest threads, in whatever order they were listed
"$PARBENCH" sweep montecarlo --variant omp --threads 2,1 --size 1e5 --reps 1 2> /dev/null |
    grep -Eq "^omp +1 +1 +1 +1\.00x +100%( \[tiny\])?$" && pass || fail "sweep summary base"
# a file holding just the header (as a spreadsheet may save it) takes rows
head -1 "$csv" > "$TMP/h.csv"
"$PARBENCH" run montecarlo --variant serial --size 1000 --reps 1 --csv "$TMP/h.csv" --quiet && [ "$(csv_count "$TMP/h.csv")" = 1 ] &&
    pass || fail "header-only CSV refused"

"$PARBENCH" run montecarlo --variant serial,omp --threads 2 --size 1e6 --reps 3 > "$TMP/out.txt"
rc=$?
[ $rc -eq 0 ] && pass || fail "verified run exits 0 (got $rc)"
# (the interval in brackets where the repetitions give one)
grep -Eq "^omp: [0-9.]+x( \([0-9.]+-[0-9.]+\))? the serial variant on 2 workers" "$TMP/out.txt" && pass ||
    fail "speedup line: $(grep '^omp:' "$TMP/out.txt")"
"$PARBENCH" run montecarlo --variant serial --size 1e6 --reps 1 --quiet > "$TMP/q.txt" 2>&1
[ ! -s "$TMP/q.txt" ] && pass || fail "--quiet prints nothing"

"$PARBENCH" sweep montecarlo --variant omp --threads 1,2,3 --size 1e6 --reps 2 --csv "$TMP/s.csv" > "$TMP/sweep.txt" && pass || fail "sweep rc"
[ "$(csv_column "$TMP/s.csv" threads | tr '\n' ' ')" = "1 2 3 " ] && pass || fail "sweep rows"
grep -Eq "efficiency" "$TMP/sweep.txt" && pass || fail "sweep summary"
# an oversubscribed run is marked in the notes column
"$PARBENCH" run montecarlo --variant omp --threads 64 --size 1e5 --reps 1 --csv "$TMP/o.csv" --quiet
csv_column "$TMP/o.csv" notes | grep -q oversubscribed && pass || fail "oversubscribed note"
finish
