#!/usr/bin/env bash
# The lesson page in a real browser (issue 29): real runs, scripts/plot.sh's figures and
# lesson.html (plot.sh writes it after index.html), rendered by headless chromium offline:
# the sections and a figure inlined, nothing requested from the network (chromium's net
# log: no request carries the page's file:// origin), no sideways scrolling at 1280x720,
# and it prints. Without chromium or gnuplot the test is skipped (77).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/browser_lib.sh"
command -v gnuplot > /dev/null || skip "gnuplot is not installed (scripts/setup.sh): plot.sh draws no figures"

m=$TMP/results/pc-lesson
mkdir -p "$m"
"$PARBENCH" run montecarlo --variant serial,omp --size 1e6 --reps 3 --csv "$m/runs.csv" --quiet
"$PARBENCH" io latency --mode blocking,nonblocking --requests 4 --latency 1 --reps 2 --warmup 0 --csv "$m/runs.csv" --quiet
"$src/scripts/plot.sh" "$m" --out "$TMP/plots" > /dev/null 2> "$TMP/err" && pass || fail "plot.sh: $(cat "$TMP/err")"
page=$TMP/plots/lesson.html
[ -s "$page" ] && pass || fail "plot.sh wrote no lesson.html"

# a copy without its policy gets a script that writes the layout into the DOM
python3 - "$page" "$TMP/measure.html" << 'EOF2'
import re, sys
page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", open(sys.argv[1], encoding="utf-8").read())
probe = ("<script>document.body.setAttribute('data-fit', [innerWidth, document.documentElement.scrollWidth,"
         " document.querySelectorAll('h2').length, document.querySelectorAll('img').length].join(' '));</script></body>")
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", probe))
EOF2
chrome net --log-net-log="$TMP/net.json" --net-log-capture-mode=Everything --dump-dom "file://$page" > "$TMP/dom.html" &&
    chrome fit --window-size=1280,720 --hide-scrollbars --dump-dom "file://$TMP/measure.html" > "$TMP/fit.html" &&
    chrome shot --window-size=1280,720 --hide-scrollbars --screenshot="$art/lesson-1280x720.png" "file://$page" > /dev/null &&
    chrome pdf --no-pdf-header-footer --print-to-pdf="$art/lesson.pdf" "file://$page" > /dev/null && pass ||
    fail "chromium: $(tail -3 "$TMP"/chrome-*.log)"
read -r vw sw nh2 nimg < <(sed -n 's/.*data-fit="\([0-9 ]*\)".*/\1/p' "$TMP/fit.html")
echo "at 1280x720: viewport $vw px, page $sw px wide, $nh2 sections, $nimg figures"
[ "${vw:-0}" = 1280 ] && [ "${sw:-99999}" -le 1280 ] && pass || fail "the lesson is wider than 1280 px: '$sw' in '$vw'"
[ "${nh2:-0}" = 8 ] && [ "${nimg:-0}" -ge 1 ] && pass || fail "$nh2 sections (want 8), $nimg figures (want 1 or more)"
# (a busy machine flags the short runs: then the sentence says so instead)
grep -Eq "On your machine, 4 requests that each wait 1 ms took|Not shown: on your machine the io-latency/" "$TMP/dom.html" &&
    pass || fail "no io-latency sentence rendered"
[ "$(head -c 5 "$art/lesson.pdf")" = "%PDF-" ] && pass || fail "no PDF"
python3 - "$TMP/net.json" << 'EOF2' && pass || fail "lesson.html made network requests"
import json, sys
log = json.load(open(sys.argv[1]))
types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
bad = [e["params"]["url"] for e in log["events"] if types.get(e["type"]) == "URL_REQUEST_START_JOB"
       and "file://" in e.get("params", {}).get("network_isolation_key", "")
       and not e["params"].get("url", "").startswith(("file:", "data:"))]
print("\n".join(bad)); sys.exit(1 if bad else 0)
EOF2
finish
