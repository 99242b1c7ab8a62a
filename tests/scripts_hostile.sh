#!/usr/bin/env bash
# Folders handed in by students are hostile (issue 12, items 1 and 2): no folder name, CSV
# field or machine.json value runs as a gnuplot or shell command in plot.sh or compare.sh,
# and nothing is written outside the plots' folder or through a link in it.
# Every payload would create a file pwned-* in $HOME (a fresh folder here): after all the
# runs there must be none. The scripts run from a copy of scripts/, so that plot.sh's
# default folder (plots/<name>) lies in this test's folder.
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
export PARBENCH_BUILD_DIR
PARBENCH_BUILD_DIR=$(dirname "$PARBENCH")
export HOME=$TMP/home
mkdir -p "$HOME" "$TMP/root" "$TMP/h"
cp -r "$src/scripts" "$TMP/root/"
plot=$TMP/root/scripts/plot.sh compare=$TMP/root/scripts/compare.sh
cases=0

# One machine's results: I/O rows and a demo's bars, 2 figures whose titles name the
# folder; with a kernel group too (serial, omp on 1 and 2 threads), 4 figures.
base=$TMP/base.csv full=$TMP/full.csv
"$PARBENCH" io latency --mode blocking,nonblocking --requests 2 --latency 1 --reps 1 --warmup 0 --csv "$base" --quiet
"$PARBENCH" demo race --threads 2 --size 1000 --reps 1 --warmup 0 --csv "$base" --quiet
cp "$base" "$full"
"$PARBENCH" run montecarlo --variant serial --size 1e5 --reps 1 --warmup 0 --csv "$full" --quiet
"$PARBENCH" sweep montecarlo --variant omp --threads 1,2 --size 1e5 --reps 1 --warmup 0 --csv "$full" --quiet
"$PARBENCH" info --json > "$TMP/machine.json"
figures="demo-race io-latency"

# figures_ok DIR NAME: DIR holds exactly the $figures as PNG and as SVG that parses, and
# the I/O figure's title shows NAME (control characters as '?', non-UTF-8 bytes left out)
figures_ok() {
    local got
    got=$(cd "$1" && ls -- *.png 2> /dev/null | sed 's/\.png$//' | sort | paste -sd ' ')
    [ "$got" = "$figures" ] || { fail "$2: figures in $1: [$got]"; return; }
    python3 - "$1" "$2" << 'EOF' && pass || fail "$2: figures do not hold up"
import os, sys, xml.etree.ElementTree as E
folder, name = sys.argv[1], os.fsencode(sys.argv[2]).decode("utf-8", "ignore")
shown = "".join("?" if ord(c) < 32 or ord(c) == 127 else c for c in name)
for fig in os.listdir(folder):
    path = os.path.join(folder, fig)
    if fig.endswith(".png"):
        assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n" and os.path.getsize(path) > 5000, path
    if fig.endswith(".svg"):
        texts = " ".join(t.text or "" for t in E.parse(path).getroot().iter() if t.tag.endswith("text"))
        if fig == "io-latency.svg":
            assert "| " + shown in texts, (shown, texts[:300])
EOF
}

# 1. Folder names. Each payload would touch $HOME/pwned-* if it reached gnuplot (quotes,
# a newline then '!', backquotes, system()) or the shell ($( ), backquotes, ; | &).
names=(
    "x'; system(\"touch $(printf %s "$HOME/pwned-g0" | sed 's|/|\\057|g')\"); y='" # issue 12's, to $HOME
    "x'; system(\"cd;touch pwned-g1\"); y='"
    "x\"; system(\"cd;touch pwned-g2\"); y=\""
    $'x\n!cd;touch pwned-g3\n'
    "x' . system(\"cd;touch pwned-g4\") . '"
    "x\`cd;touch pwned-g5\`y"
    "@x'.system('cd;touch pwned-g6').'"
    "\$(cd;touch pwned-s1)"
    "\`cd;touch pwned-s2\`"
    ";cd;touch pwned-s3;"
    "|cd;touch pwned-s4"
    "&cd;touch pwned-s5&"
    "back\\slash\\'quote\\"
    "'"
    "\""
    "-rf"
    "--out"
    "-"
    "my results"
    " leading and trailing "
    "résultats 日本"
    $'bad utf8 \xff\xfe'
    $'tab\there'
    $'cr\rhere'
    $'esc\e[31mred'
    "<b>&amp;<i>"
    "%s%n%x%%"
    "*"
    "?[a]"
    ".hidden"
    "..."
    "~"
    "a_b^c{d}@e&f~g"
    "$(printf 'a%.0s' {1..200})"
)
for name in "${names[@]}"; do
    cases=$((cases + 1))
    mkdir -p -- "$TMP/h/$name"
    cp "$base" "$TMP/h/$name/runs.csv"
    cp "$TMP/machine.json" "$TMP/h/$name/"
    # relative, as a student's folder is named in a shell; "./" keeps a leading '-' a name
    rc=0
    (cd "$TMP/h" && "$plot" "./$name") > "$TMP/out" 2> "$TMP/err" || rc=$?
    [ "$rc" = 0 ] && [ ! -s "$TMP/err" ] && pass || fail "plot.sh on $(printf %q "$name"): rc $rc: $(head -c 600 "$TMP/err")"
    figures_ok "$TMP/root/plots/$name" "$name"
done
# the same names as --out, each plotted from one folder (an option's value with a
# control character is refused, as in every script)
for name in "${names[@]:0:12}"; do
    rc=0
    (cd "$TMP/root" && "$plot" "$TMP/h/my results" --out "./$name.out") > /dev/null 2> "$TMP/err" || rc=$?
    if [[ "$name" == *[[:cntrl:]]* ]]; then
        [ "$rc" = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "control character" "$TMP/err" && pass ||
            fail "plot.sh --out $(printf %q "$name"): rc $rc: $(head -c 600 "$TMP/err")"
        continue
    fi
    [ "$rc" = 0 ] && [ ! -s "$TMP/err" ] && pass || fail "plot.sh --out $(printf %q "$name"): rc $rc: $(head -c 600 "$TMP/err")"
    figures_ok "$TMP/root/$name.out" "my results"
done
# plots/ holds one folder per name, and nothing else was made next to it
entries() { find "$1" -mindepth 1 -maxdepth 1 -printf x | wc -c; }
[ "$(entries "$TMP/root/plots")" = "${#names[@]}" ] && pass || fail "plots/ holds $(entries "$TMP/root/plots") entries"
[ -z "$(find "$TMP/root/plots" -name '.plot.*')" ] && pass || fail "work folders left behind"

# compare.sh over every hostile folder at once, each with a kernel's rows (they merge:
# one machine, one warning line naming the folders, shown safely); the page shows the
# first name as text
for name in "${names[@]}"; do cp "$full" "$TMP/h/$name/runs.csv"; done
rc=0
"$compare" "$TMP/h"/* --out "$TMP/cmp" > /dev/null 2> "$TMP/err" || rc=$?
[ "$rc" = 0 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "^parbench: compare: warning: the hand-ins .* hold runs of one machine" "$TMP/err" &&
    pass || fail "compare.sh over the hostile folders: rc $rc: $(head -c 600 "$TMP/err")"
[ "$(csv_count "$TMP/cmp/compare.csv")" = 1 ] && pass || fail "compare.csv: $(cat "$TMP/cmp/compare.csv")"
python3 - "$TMP/cmp/index.html" << 'EOF' && pass || fail "index.html of the hostile folders"
import html.parser, sys
class P(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        assert tag not in ("script", "b", "i", "iframe"), tag
        assert not any(k.startswith("on") for k, _ in attrs), attrs
P().feed(open(sys.argv[1], encoding="utf-8").read())
EOF

# 2. CSV fields (machine, tag, unit) and machine.json values. parbench's reader refuses
# what could be code (one line, exit 2); what it lets through is drawn as text.
values=(
    "x'; system(\"cd;touch pwned-c1\"); y='" "x\"; system(\"cd;touch pwned-c2\"); y=\""
    $'x\n!cd;touch pwned-c3' "\$(cd;touch pwned-c4)" "\`cd;touch pwned-c5\`" "back\\slash"
    "../../escaped" "-lead" "with space" "ünïcode" "% (%s) /x" "@macro"
)
refused=0 drawn=0
for field in machine tag unit; do
    for value in "${values[@]}"; do
        cases=$((cases + 1))
        d=$TMP/fields/$field-$cases
        mkdir -p "$d"
        # the base rows, with this field replaced in every row, CSV-quoted as needed
        python3 - "$base" "$field" "$value" > "$d/runs.csv" << 'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
col = rows[0].index(sys.argv[2])
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(rows[0])
for r in rows[1:]:
    r[col] = sys.argv[3]
    w.writerow(r)
EOF
        rc=0
        "$plot" "$d" --out "$d.plots" > /dev/null 2> "$TMP/err" || rc=$?
        if [ "$rc" = 2 ]; then
            refused=$((refused + 1))
            [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "line 2: \(bad value in column\|expected\)" "$TMP/err" &&
                [ -z "$(ls "$d.plots" 2> /dev/null)" ] && pass ||
                fail "$field=$(printf %q "$value"): refused, but: $(cat "$TMP/err"); $(ls -A "$d.plots" 2> /dev/null)"
        else
            drawn=$((drawn + 1))
            [ "$rc" = 0 ] && [ ! -s "$TMP/err" ] && pass || fail "$field=$(printf %q "$value"): rc $rc: $(head -c 600 "$TMP/err")"
        fi
    done
done
echo "CSV fields: $refused refused by parbench's reader, $drawn drawn"
# machine.json: its values reach compare.md and compare.csv, never gnuplot
for value in "${values[@]:0:6}"; do
    for key in cpu_model host; do
        cases=$((cases + 1))
        d=$TMP/json/$key-$cases
        mkdir -p "$d"
        cp "$full" "$d/runs.csv"
        python3 - "$TMP/machine.json" "$key" "$value" > "$d/machine.json" << 'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
m[sys.argv[2]] = sys.argv[3]
print(json.dumps(m, indent=2))
EOF
        rc=0
        "$compare" "$d" --out "$d.cmp" > /dev/null 2> "$TMP/err" || rc=$?
        { [ "$rc" = 0 ] && [ ! -s "$TMP/err" ]; } || { [ "$rc" = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ]; } && pass ||
            fail "machine.json $key=$(printf %q "$value"): rc $rc: $(head -c 600 "$TMP/err")"
    done
done

# 2b. A trace handed in as timeline.json (plot.sh draws it as a Gantt figure): its names,
# categories and numbers reach gnuplot as data only; a file that is no drawable trace is
# left out with one note, never a traceback, and the other figures are drawn.
"$PARBENCH" demo timeline --step 1 --reps 1 --warmup 0 --trace "$TMP/tl.json" --quiet
python3 - "$TMP/tl.json" "$TMP/traces" << 'EOF'
import json, os, sys
good = json.load(open(sys.argv[1]))
out = sys.argv[2]
os.makedirs(out)
payloads = ["x'; system(\"cd;touch pwned-t1\"); y='", "x\"; system(\"cd;touch pwned-t2\"); y=\"",
            "x\n!cd;touch pwned-t3\n", "`cd;touch pwned-t4`", "@x", "$(cd;touch pwned-t5)", "\\", "\u00e9\u65e5",
            "a" * 5000]
cases = {}
for i, p in enumerate(payloads):
    d = json.loads(json.dumps(good))
    for e in d["traceEvents"]:
        if e["ph"] in "Xb":
            e["name"] = p
        e["cat"] = p
    cases["names-%d" % i] = json.dumps(d)
for i, v in enumerate(["1e3", None, True, [1], {"a": 1}, -1e300]):
    d = json.loads(json.dumps(good))
    d["traceEvents"][-1]["ts"] = v
    cases["ts-%d" % i] = json.dumps(d)
cases["nan"] = json.dumps(good).replace('"ts":', '"ts":NaN,"x":', 1)
cases["infinity"] = json.dumps(good).replace('"dur":', '"dur":Infinity,"y":', 1)
cases["huge-int"] = json.dumps(good).replace('"ts":', '"ts":' + "9" * 400 + ',"z":', 1)
cases["not-json"] = "system('cd;touch pwned-t6')"
cases["empty"] = ""
cases["a-list"] = json.dumps(["x", 1, None])
cases["no-events"] = json.dumps({"traceEvents": []})
cases["events-not-a-list"] = json.dumps({"traceEvents": "x"})
cases["deep"] = "[" * 100000 + "]" * 100000
cases["pids-not-ints"] = json.dumps({"traceEvents": [{"ph": "X", "ts": 0, "dur": 1, "pid": "0", "tid": 0.5}]})
for name, text in cases.items():
    os.makedirs(os.path.join(out, name))
    with open(os.path.join(out, name, "timeline.json"), "w") as f:
        f.write(text)
EOF
for d in "$TMP/traces"/*; do
    cases=$((cases + 1))
    cp "$base" "$d/runs.csv"
    rc=0
    "$plot" "$d" --out "$d.plots" > /dev/null 2> "$TMP/err" || rc=$?
    if [ -e "$d.plots/timeline.png" ]; then
        [ "$rc" = 0 ] && [ ! -s "$TMP/err" ] &&
            python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$d.plots/timeline.svg" && pass ||
            fail "timeline.json ${d##*/}: rc $rc: $(head -c 600 "$TMP/err")"
    else
        [ "$rc" = 0 ] && [ "$(wc -l < "$TMP/err")" = 1 ] &&
            grep -q "^plot.sh: note: timeline left out: timeline.json is not a trace parbench can draw: " "$TMP/err" &&
            [ -e "$d.plots/demo-race.png" ] && pass || fail "timeline.json ${d##*/}: rc $rc: $(head -c 600 "$TMP/err")"
    fi
done
# what is drawn and what is left out, by construction (ts-5, a span at -1e300 us, is beyond
# trace_gantt.py's bound of 1e15 us since issue 25: left out with the note above)
for d in names-0 names-1 names-2 names-8; do
    [ -e "$TMP/traces/$d.plots/timeline.png" ] && pass || fail "$d not drawn"
done
for d in ts-0 ts-1 ts-2 ts-3 ts-4 huge-int nan infinity not-json empty a-list no-events events-not-a-list deep pids-not-ints; do
    [ ! -e "$TMP/traces/$d.plots/timeline.png" ] && pass || fail "$d drawn"
done

# No payload ran, anywhere.
pwned=$(find "$TMP" -name 'pwned*' | head -5)
[ -z "$pwned" ] && pass || fail "a payload ran: $pwned"

# 3. Nothing is written outside its place. RESULTS/.. names the folder above, whose own
# name names the plots; "." too. Not the repository root (plots/..), as before.
mkdir -p "$TMP/root/results/lab/sub"
cp "$full" "$TMP/root/results/lab/runs.csv"
figures="demo-race io-latency montecarlo-1e5-efficiency montecarlo-1e5-speedup"
before=$(ls -A "$TMP/root" | paste -sd ' ')
"$plot" "$TMP/root/results/lab/sub/.." > /dev/null 2> "$TMP/err" && pass || fail "plot.sh DIR/..: $(cat "$TMP/err")"
(cd "$TMP/root/results/lab" && "$plot" .) > /dev/null 2> "$TMP/err" && pass || fail "plot.sh .: $(cat "$TMP/err")"
[ "$(ls -A "$TMP/root" | paste -sd ' ')" = "$before" ] && pass || fail "written next to plots/: $(ls -A "$TMP/root")"
figures_ok "$TMP/root/plots/lab" lab
cases=$((cases + 2))
# links in the plots' folder are replaced, never written through
out=$TMP/linked
mkdir -p "$out" "$TMP/victims/dir"
for f in montecarlo-1e5-speedup.png io-latency.svg scaling.txt; do
    echo "keep" > "$TMP/victims/$f"
    ln -s "$TMP/victims/$f" "$out/$f"
done
ln -s "$TMP/victims/dir" "$out/data"
ln -s "$TMP/victims/dir" "$out/demo-race.png"
"$plot" "$TMP/root/results/lab" --out "$out" > /dev/null 2> "$TMP/err" && pass || fail "plot.sh into links: $(cat "$TMP/err")"
[ "$(cat "$TMP/victims"/*.png "$TMP/victims"/*.svg "$TMP/victims/scaling.txt" | sort -u)" = keep ] &&
    [ -z "$(ls -A "$TMP/victims/dir")" ] && pass || fail "written through a link: $(ls -AR "$TMP/victims")"
[ -z "$(find "$out" -type l)" ] && [ -d "$out/data" ] && pass || fail "links left in the plots: $(find "$out" -type l)"
cases=$((cases + 5))
# a results folder that resolves to no name, or is empty, is refused
for bad in / ""; do
    rc=0; "$plot" "$bad" > /dev/null 2> "$TMP/err" || rc=$?
    [ "$rc" = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && pass || fail "plot.sh '$bad': rc $rc: $(cat "$TMP/err")"
    cases=$((cases + 1))
done

echo "hostile cases: $cases"
finish
