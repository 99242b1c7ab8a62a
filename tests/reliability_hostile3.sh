#!/usr/bin/env bash
# A third hostile pass (issue 25): limits, hostile hand-ins and environments.
#  - a file-size limit (ulimit -f, SIGXFSZ) never tears a row: the run exits 3 and the
#    file keeps whole rows; compare --out writes all of its files or none;
# (each part names the item of issue 25 it covers)
. "$(dirname "$0")/lib.sh"
"$PARBENCH" run montecarlo --variant serial,omp --size 1e5 --reps 2 --csv "$TMP/ok.csv" --quiet || fail "seed rows"
mkdir -p "$TMP/res"
cp "$TMP/ok.csv" "$TMP/res/runs.csv"
"$PARBENCH" info --json > "$TMP/res/machine.json"

# ---- 1. a file-size limit: the row that does not fit is cut back off, exit 3
cp "$TMP/ok.csv" "$TMP/lim.csv"
seed=$(csv_count "$TMP/lim.csv")
blocks=$(( $(stat -c %s "$TMP/lim.csv") / 1024 + 3 ))
rc=0 n=0
while [ $rc = 0 ] && [ $n -lt 200 ]; do
    (ulimit -f "$blocks"; exec "$PARBENCH" run montecarlo --variant serial --size 100 --reps 40 --csv "$TMP/lim.csv" \
        --quiet) 2> "$TMP/err"
    rc=$?; n=$((n + 1))
done
[ $rc = 3 ] && grep -q "file-size limit (ulimit -f) is reached; the row was not written, the file is as it was" "$TMP/err" &&
    [ "$(wc -l < "$TMP/err")" = 1 ] && pass || fail "ulimit -f: rc $rc after $n runs (153 = killed by SIGXFSZ): $(cat "$TMP/err")"
[ "$(tail -c 1 "$TMP/lim.csv" | od -An -c | tr -d ' ')" = '\n' ] && pass || fail "ulimit -f: the file ends in a torn row"
[ "$(csv_count "$TMP/lim.csv")" = $((seed + n - 1)) ] && pass || fail "ulimit -f: $(csv_count "$TMP/lim.csv") rows after $n runs"
"$PARBENCH" analyze "$TMP/lim.csv" --out "$TMP/lim-a" > /dev/null 2> "$TMP/err" && pass ||
    fail "ulimit -f: analyze refuses the file afterwards: $(cat "$TMP/err")"
"$PARBENCH" run montecarlo --variant serial --size 100 --reps 1 --csv "$TMP/lim.csv" --quiet 2> "$TMP/err" && pass ||
    fail "ulimit -f: a later run cannot append: $(cat "$TMP/err")"

# ---- 11. compare --out: all files or none (index.html does not fit under the limit, compare.md does)
"$PARBENCH" compare "$TMP/res" --out "$TMP/cmp" > /dev/null 2>&1 || fail "compare seed"
(cd "$TMP/cmp" && md5sum -- * > "$TMP/cmp.sums")
mkdir -p "$TMP/res2" && cp "$TMP/res/machine.json" "$TMP/res2/"
"$PARBENCH" run montecarlo --variant serial,omp --size 2e5 --reps 2 --csv "$TMP/res2/runs.csv" --quiet
md=$(stat -c %s "$TMP/cmp/compare.md") html=$(stat -c %s "$TMP/cmp/index.html")
[ "$md" -lt 2048 ] && [ "$html" -gt 4096 ] || fail "fixture: compare.md $md, index.html $html bytes"
(ulimit -f 2; exec "$PARBENCH" compare "$TMP/res2" --out "$TMP/cmp") > /dev/null 2> "$TMP/err"
rc=$?
[ $rc = 3 ] && grep -q "index.html: cannot write: File too large" "$TMP/err" && pass ||
    fail "compare --out under ulimit -f: rc $rc: $(cat "$TMP/err")"
(cd "$TMP/cmp" && md5sum -c --quiet "$TMP/cmp.sums") > /dev/null 2>&1 && pass ||
    fail "compare --out: a failed write left new files next to old ones"
[ -z "$(find "$TMP/cmp" -name '.*' -type f)" ] && pass || fail "compare --out: temporary files left: $(ls -A "$TMP/cmp")"
finish
