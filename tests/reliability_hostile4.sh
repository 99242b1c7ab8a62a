#!/usr/bin/env bash
# A fourth hostile pass (issue 25): what the third pass's fixes left, and what the new
# pass found (each part names its kind; each failed before its fix).
. "$(dirname "$0")/lib.sh"
"$PARBENCH" run montecarlo --variant serial,omp --size 1e5 --reps 2 --csv "$TMP/ok.csv" --quiet || fail "seed rows"
"$PARBENCH" info --json > "$TMP/machine.json"

# ---- 17. a UTF-8 byte order mark at the start of a results file is named as such by
# --csv (append: was "different header" or "older schema") and by every reader
{ printf '\357\273\277'; cat "$TMP/ok.csv"; } > "$TMP/bom.csv"
sum=$(md5sum < "$TMP/bom.csv")
bom="bom.csv: the file starts with a UTF-8 byte order mark .* accepted: plain UTF-8 or ASCII without a byte order mark"
expect_bad "$bom" run montecarlo --variant serial --size 1e3 --reps 1 --csv "$TMP/bom.csv"
expect_bad "$bom" sweep montecarlo --variant omp --threads 1 --size 1e3 --reps 1 --csv "$TMP/bom.csv"
expect_bad "$bom" io latency --mode blocking --requests 2 --latency 1 --reps 1 --csv "$TMP/bom.csv"
expect_bad "$bom" demo race --csv "$TMP/bom.csv"
[ "$(md5sum < "$TMP/bom.csv")" = "$sum" ] && pass || fail "a refused --csv with a byte order mark was changed"
mkdir -p "$TMP/hbom" && cp "$TMP/bom.csv" "$TMP/hbom/runs.csv" && cp "$TMP/machine.json" "$TMP/hbom/"
read_bom="bom.csv: line 1 starts with a UTF-8 byte order mark .* accepted: plain UTF-8 or ASCII without a byte order mark"
expect_bad "$read_bom" analyze "$TMP/bom.csv" --out "$TMP/a"
expect_bad "$read_bom" diff "$TMP/ok.csv" "$TMP/bom.csv"
expect_bad "$read_bom" verdict "$TMP/bom.csv"
expect_bad "$read_bom" migrate "$TMP/bom.csv"
expect_bad "runs.csv: line 1 starts with a UTF-8 byte order mark" compare "$TMP/hbom" --out "$TMP/c"
expect_bad "runs.csv: line 1 starts with a UTF-8 byte order mark" compare "$TMP/hbom" --check
expect_bad "runs.csv: line 1 starts with a UTF-8 byte order mark" page "$TMP/hbom" --out "$TMP/p"
[ "$(md5sum < "$TMP/bom.csv")" = "$sum" ] && [ ! -e "$TMP/a" ] && [ ! -e "$TMP/c" ] && [ ! -e "$TMP/p" ] && pass ||
    fail "a reader changed a file with a byte order mark or wrote output"

# ---- 4. OMP_NUM_THREADS or OMP_THREAD_LIMIT that libgomp itself refuses ("abc", "0"):
# parbench's one line, not libgomp's "Invalid value" line beside it
for v in abc 0 2.5 -1 "2,,2"; do
    OMP_NUM_THREADS=$v expect_bad "OMP_NUM_THREADS '$v': expected a thread count from 1 to 4096" \
        run montecarlo --variant omp --size 1e3 --reps 1
done
OMP_THREAD_LIMIT=abc expect_bad "OMP_THREAD_LIMIT 'abc': expected a thread count from 1 to 4096" info

# ---- 2. a file named for /proc/stat that never ends (PARBENCH_PROC_STAT=/dev/zero) is read
# no further than its cpu lines (it was read for ever: the run hung)
PARBENCH_PROC_STAT=/dev/zero timeout 60 "$PARBENCH" run montecarlo --variant serial --size 1e3 --reps 1 --quiet \
    2> "$TMP/err"
rc=$?
[ $rc = 0 ] && pass || fail "PARBENCH_PROC_STAT=/dev/zero: rc $rc (124: still reading after 60 s): $(head -c 300 "$TMP/err")"

# ---- 15. a platform that passes simulate.sh's checks but SimGrid refuses (an unknown unit):
# every step fails, and no machine.json without rows (nor the folder) is left behind
if command -v smpirun > /dev/null; then
    printf '<?xml version="1.0"?>\n<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">\n<platform version="4.1"><zone id="z" routing="Full"><host id="a" speed="1Gx"/></zone></platform>\n' \
        > "$TMP/badunit.xml"
    "${PARBENCH_SOURCE_DIR:?}/scripts/simulate.sh" --platform "$TMP/badunit.xml" --ranks 1 --host-speed 1 \
        --build "$(dirname "$PARBENCH")" --out "$TMP/sim" > /dev/null 2> "$TMP/err"
    rc=$?
    [ $rc != 0 ] && grep -q "step 1 (.*) failed" "$TMP/err" && [ ! -e "$TMP/sim" ] && pass ||
        fail "simulate.sh on a platform SimGrid refuses: rc $rc, left: $(ls -A "$TMP/sim" 2>&1): $(tail -c 300 "$TMP/err")"
else
    skip_part "simulate.sh on a platform SimGrid refuses needs smpirun (libsimgrid-dev)"
fi
finish
