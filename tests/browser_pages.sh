#!/usr/bin/env bash
# The pages to project, in a real browser (issue 15, item 5): Debian's chromium, headless,
# renders the lab page (parbench compare) and a machine's page (scripts/plot.sh); every
# machine, id, kernel and flag of the data must be in the rendered page, hostile names
# shown as text (never as markup), nothing requested from the network (chromium's own net
# log: no request made for the page; a page that does refer outside is caught the same
# way, so the check can fail), and both pages print. The screenshots and PDFs are kept in
# PARBENCH_ARTIFACTS (build/artifacts/browser), lab-1280x720.png among them: the ranking on
# a projector must need no sideways scrolling (issue 24). chromium comes from
# scripts/setup.sh --browser; without it (not root, no network) the test is skipped.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/browser_lib.sh"

# --- the lab: three machines with flags, one named to be markup, one with a quote ---
header=$(synthetic_header)
row() { synthetic_row "$@"; }
lab() { # lab FOLDER ID CORES [NAME=VALUE for the matmul omp row]
    local d=$TMP/lab/$1
    mkdir -p "$d"
    PARBENCH_MACHINE=$2 "$PARBENCH" info --json > "$d/machine.json"
    { echo "$header"
      row "$2" montecarlo serial 100000000 1 1 1.0 100 Msamples/s
      row "$2" montecarlo omp 100000000 "$3" 1 0.55 182 Msamples/s
      row "$2" matmul serial 1024 1 1 2.0 1 GFLOP/s
      row "$2" matmul omp 1024 "$3" 1 1.1 1.8 GFLOP/s "${@:4}"
      row "$2" sieve serial 1000000000 1 1 1.0 1000 Mnumbers/s
      row "$2" sieve omp 1000000000 "$3" 1 0.6 1667 Mnumbers/s
      row "$2" io-latency blocking 100 1 1 1.0 100 requests/s requests=100 latency_ms=10
      row "$2" io-latency nonblocking 100 1 1 0.011 9090 requests/s requests=100 latency_ms=10
    } > "$d/runs.csv"
}
cores=$("$PARBENCH" info --json | sed -n 's/^  "usable_cores": \([0-9]*\),/\1/p')
lab alice lab-alice "$cores" notes=cv-high
lab '<img src=x onerror=alert(1)>' lab-markup "$cores" notes="starved;shared-core"
lab 'Tom & "Jerry"' lab-quote "$cores"
python3 "$PB_CSV" row "$TMP/h.csv" > /dev/null # (the header file is the rows' template)
"$PARBENCH" compare "$TMP/lab"/* --out "$TMP/lab-out" > /dev/null 2> "$TMP/err" && pass || fail "compare: $(cat "$TMP/err")"
labpage=$TMP/lab-out/index.html

# --- a machine: real runs, its topology, peak rows, plot.sh's figures and page ---
m=$TMP/results/pc-17
mkdir -p "$m"
"$src/scripts/topology.sh" "$m" > /dev/null 2>&1 || skip_part "topology.sh failed: the page shows no topology picture"
"$PARBENCH" run montecarlo --variant serial,omp --size 1e6 --reps 3 --csv "$m/runs.csv" --quiet
"$PARBENCH" sweep sieve --variant omp --threads 1,"$cores" --size 1e6 --reps 3 --csv "$m/runs.csv" --quiet
"$PARBENCH" run sieve --variant serial --size 1e6 --reps 3 --csv "$m/runs.csv" --quiet
"$PARBENCH" io latency --mode blocking,nonblocking --requests 4 --latency 1 --reps 2 --warmup 0 --csv "$m/runs.csv" --quiet
id=$("$PARBENCH" info --json | sed -n 's/^  "id": "\(.*\)",/\1/p')
{ row "$id" peak fma 1 1 1 1.0 40 GFLOP/s; row "$id" peak fma 1 "$cores" 1 1.0 80 GFLOP/s
  row "$id" peak triad 1 1 1 1.0 20 GB/s; row "$id" peak triad 1 "$cores" 1 1.0 30 GB/s; } >> "$m/runs.csv"
"$src/scripts/plot.sh" "$m" --out "$TMP/plots/pc-17" > /dev/null 2> "$TMP/err" && pass || fail "plot.sh: $(cat "$TMP/err")"
machinepage=$TMP/plots/pc-17/index.html

# --- a page that does refer outside: the network check must catch it ---
printf '%s\n' '<!DOCTYPE html><html><head><meta charset="utf-8"><title>leaky</title>' \
    '<link rel="stylesheet" href="https://fonts.example.org/a.css"></head>' \
    '<body><p>leaky</p><img src="http://example.com/x.png"></body></html>' > "$TMP/leaky.html"

# check PAGE DOM NETLOG WORD...: every WORD in the rendered text; no script, no event
# handler, nothing but data: and #fragments referred to; the policy in place; and no
# request made for the page in chromium's net log
check() {
    python3 - "$@" << 'EOF'
import html.parser, json, sys
page, dom, netlog, words = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
problems = []
class Walk(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.text = []; self.csp = ""
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "base", "link"):
            problems.append("a <%s> element" % tag)
        for k, v in attrs:
            v = v or ""
            if k.startswith("on"):
                problems.append("an event handler %s=%r" % (k, v))
            if k in ("src", "href", "xlink:href", "srcset", "action", "poster", "data") and \
                    not (v.startswith("data:") or v.startswith("#")):
                problems.append("%s=%r refers outside" % (k, v[:80]))
            if k == "style" and "url(" in v:
                problems.append("a style with url()")
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "content-security-policy":
            self.csp = dict(attrs).get("content", "")
    def handle_data(self, data):
        self.text.append(data)
w = Walk(); w.feed(open(dom, encoding="utf-8").read())
text = " ".join(w.text)
if "default-src 'none'" not in w.csp:
    problems.append("no Content-Security-Policy default-src 'none' (got %r)" % w.csp)
missing = [x for x in words if x not in text]
if missing:
    problems.append("not in the rendered page: %r" % missing)
log = json.load(open(netlog))
types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
for e in log["events"]:
    p = e.get("params", {})
    # requests made for the page carry its origin (file://) in their isolation key;
    # chromium's own background requests do not
    if types.get(e["type"]) == "URL_REQUEST_START_JOB" and "file://" in p.get("network_isolation_key", "") \
            and not p.get("url", "").startswith(("file:", "data:")):
        problems.append("requested from the network: " + p["url"])
if problems:
    print("\n".join(problems)); sys.exit(1)
EOF
}
render() { # render NAME PAGE: the DOM with a net log, a screenshot and a PDF into $art
    chrome "$1" --log-net-log="$TMP/net-$1.json" --net-log-capture-mode=Everything --dump-dom "file://$2" > "$TMP/dom-$1.html" &&
        chrome "$1-shot" --window-size=1600,2400 --hide-scrollbars --screenshot="$art/$1.png" "file://$2" > /dev/null &&
        chrome "$1-pdf" --no-pdf-header-footer --print-to-pdf="$art/$1.pdf" "file://$2" > /dev/null ||
        fail "chromium on $1: $(tail -3 "$TMP/chrome-$1"*.log)"
    [ "$(head -c 8 "$art/$1.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && [ "$(stat -c %s "$art/$1.png")" -gt 20000 ] &&
        pass || fail "$1: no screenshot"
    [ "$(head -c 5 "$art/$1.pdf")" = "%PDF-" ] && pass || fail "$1: no PDF"
}

render lab "$labpage"
labwords=(alice '<img src=x onerror=alert(1)>' 'Tom & "Jerry"' lab-alice lab-markup lab-quote montecarlo matmul
          cv-high starved shared-core "Concurrency" "⚠ not ranked")
check "$labpage" "$TMP/dom-lab.html" "$TMP/net-lab.json" "${labwords[@]}" > "$TMP/why" && pass || fail "lab page: $(cat "$TMP/why")"
# every machine and flag of compare.csv is in it
mapfile -t data_words < <(python3 - "$TMP/lab-out/compare.csv" << 'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
out = set()
for r in rows:
    out.update([r["label"], r["machine"]])
    for k, v in r.items():
        if k.endswith("flags") and v:
            out.update(f.strip() for f in v.split(","))
print("\n".join(sorted(out)))
EOF
)
[ "${#data_words[@]}" -ge 8 ] && check "$labpage" "$TMP/dom-lab.html" "$TMP/net-lab.json" "${data_words[@]}" > "$TMP/why" &&
    pass || fail "lab page against compare.csv (${#data_words[@]} words): $(cat "$TMP/why")"

# --- the ranking on a 1280x720 projector (issue 24): no sideways scrolling. A copy of the
# page without its policy gets a script that writes the layout into the DOM: the viewport
# width, the page's scroll width and the ranking table's right edge, in CSS pixels ---
python3 - "$labpage" "$TMP/lab-measure.html" << 'EOF2'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
probe = ("<script>var t = document.querySelector('table'), r = t.getBoundingClientRect();"
         "document.body.setAttribute('data-fit', [innerWidth, document.documentElement.scrollWidth,"
         " Math.ceil(r.right), t.rows.length - 1, Math.ceil(t.rows[1].getBoundingClientRect().bottom)].join(' '));"
         "</script></body>")
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", probe))
EOF2
chrome fit --window-size=1280,720 --hide-scrollbars --dump-dom "file://$TMP/lab-measure.html" > "$TMP/dom-fit.html" &&
    chrome fit-shot --window-size=1280,720 --hide-scrollbars --screenshot="$art/lab-1280x720.png" "file://$labpage" > /dev/null ||
    fail "chromium at 1280x720: $(tail -3 "$TMP/chrome-fit"*.log)"
read -r vw sw right nrows first < <(sed -n 's/.*data-fit="\([0-9 ]*\)".*/\1/p' "$TMP/dom-fit.html")
echo "at 1280x720: viewport $vw px, page $sw px wide, ranking's right edge $right px, $nrows rows, the first ending at $first px"
[ "${vw:-0}" = 1280 ] && [ "$nrows" = 3 ] && pass || fail "the layout probe: '$vw' '$nrows' (want 1280 and 3 rows)"
[ "${sw:-99999}" -le "$vw" ] && [ "${right:-99999}" -le "$vw" ] && pass ||
    fail "the ranking overflows a 1280 px projector: page $sw px, table to $right px"
[ "${first:-99999}" -le 720 ] && pass || fail "the ranking's first row ends at $first px, below a 720 px screen"

render machine "$machinepage"
# the machine, its kernels, and every trust flag of its rows
mapfile -t flags < <(csv_column "$m/runs.csv" notes | tr ';' '\n' | grep -xE 'starved|cv-high|oversubscribed|below-timer-resolution|shared-core' | sort -u)
check "$machinepage" "$TMP/dom-machine.html" "$TMP/net-machine.json" pc-17 "$id" montecarlo sieve "Peak and roofline" \
    "FP64 FMA" "Topology" "Figures" "sieve-1e6-speedup.svg" "${flags[@]}" > "$TMP/why" && pass ||
    fail "machine page: $(cat "$TMP/why")"
grep -q 'src="data:image/svg+xml;base64,' "$TMP/dom-machine.html" && pass || fail "no figure inlined"

# the check catches a page that refers outside (so its passes above mean something)
chrome leaky --log-net-log="$TMP/net-leaky.json" --net-log-capture-mode=Everything --dump-dom "file://$TMP/leaky.html" > "$TMP/dom-leaky.html"
check "$TMP/leaky.html" "$TMP/dom-leaky.html" "$TMP/net-leaky.json" leaky > "$TMP/why" && fail "the leaky page passed" ||
    { grep -q "requested from the network: http://example.com/x.png" "$TMP/why" &&
      grep -q "requested from the network: https://fonts.example.org/a.css" "$TMP/why" && pass ||
      fail "leaky page: $(cat "$TMP/why")"; }
echo "screenshots and PDFs: $art"
cp "$labpage" "$art/lab.html"; finish
