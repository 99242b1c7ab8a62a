#!/usr/bin/env bash
# Draws the scaling figures of one machine's results with gnuplot (PNG and SVG):
#   scripts/plot.sh [RESULTS_DIR] [--out DIR]
# RESULTS_DIR defaults to results/<this machine>, DIR to plots/<its name>.
# Per kernel and size: <kernel>-<size>-speedup (absolute and relative speedup, ideal
# line, Amdahl fits) and -efficiency (efficiency, Karp-Flatt); per I/O driver: time
# against size for each mode (io overlap: its overlap per mode; io server: requests/s against
# the compute share); per demo tagged demo-*:
# bars of each case's time (race: and the updates lost; io-vs-cpu: the speedups); from
# the trace timeline.json in RESULTS_DIR (the timeline demo's): a Gantt figure, timeline.
# A figure without a single point is left out, with a note on stderr.
set -euo pipefail
. "$(dirname "$0")/locate.sh"
. "$pb_scripts/args.sh"
. "$pb_scripts/figures.sh"
results="" out="" have_results=0
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --out) need_value "$@"; out=$2; shift 2 ;;
        -h|--help) usage ;;
        -*) die "unknown option '$1'; accepted: --out DIR" ;;
        *) results_arg "$1"; shift ;;
    esac
done
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first"
command -v gnuplot > /dev/null || die "gnuplot not found: run scripts/setup.sh (package gnuplot-nox)"
if [ "$have_results" = 0 ]; then
    results="$pb_home/results/$("$pb" info --id)"
fi
# Names are resolved first: the plots' folder is named after the results folder itself,
# never after "..", "." or a path that leads elsewhere
real_path "$results" 2> /dev/null && [ -d "$REPLY" ] || die "'$results' is not a results directory"
resolved=$REPLY name=${REPLY##*/}
case "$name" in "" | . | ..) die "'$results' names no results folder" ;; esac
[ -f "$resolved/runs.csv" ] || die "no runs.csv in '$results': run scripts/sweep.sh first"
[ -n "$out" ] || out="$pb_home/plots/$name"
mkdir -p -- "$out" 2> /dev/null && real_path "$out" || die "cannot create the directory '$out'"
out=$REPLY

# Everything is made in a fresh folder, then renamed into place (see figures.sh).
work=$(mktemp -d "$out/.plot.XXXXXX") || die "cannot write in '$out'"
trap 'rm -rf -- "$work"' EXIT
# --out relative: parbench refuses control characters in an option, and a folder name
# may hold them
(cd "$work" && "$pb" analyze "$resolved/runs.csv" --out data > scaling.txt) || exit $?
shown_name=$(shown "$name")
made=() left_out=0
skipped() { echo "plot.sh: note: $1 left out: no points ($2)" >&2; left_out=$((left_out + 1)); }
cd "$work/data"
for gp in *.gp; do
    [ -e "$gp" ] || continue
    base=${gp%.gp}
    abs=$(series_with_points "$base.dat" 3)
    rel=$(series_with_points "$base.dat" 4)
    kf=$(series_with_points "$base.dat" 7)
    if [ -n "$abs$rel" ]; then
        draw "$pb_data/plot.gnuplot" "../$base-speedup" "$gp" speedup "$abs" "$rel" "$kf" ""
        made+=("$base-speedup")
    else
        skipped "$base-speedup" "no serial run and no run on 1 worker"
    fi
    if [ -n "$abs$rel$kf" ]; then
        draw "$pb_data/plot.gnuplot" "../$base-efficiency" "$gp" efficiency "$abs" "$rel" "$kf" "$(value_range "$base.dat" 7)"
        made+=("$base-efficiency")
    else
        skipped "$base-efficiency" "no serial run and no run on 1 worker"
    fi
done
for dat in io-*.dat; do
    [ -e "$dat" ] || continue
    base=${dat%.dat}
    wall=$(series_with_points "$dat" 2 log)
    [ -n "$wall" ] || { skipped "$base" "no time above 0"; continue; }
    # columnhead needs the series name as the first data line of each block
    awk '/^# series/ { print "\"" $3 "\""; next } /^#/ { next } { print }' "$dat" > "$base.plotdata"
    draw "$pb_data/plot_io.gnuplot" "../$base" "$base.plotdata" "$base" "$shown_name" "$wall" \
        "$(series_with_points "$dat" 3 log)" "$(value_range "$dat" log 1)" "$(value_range "$dat" log 2 3)"
    made+=("$base")
done
# the io server: requests/s against the compute share, per mode
for share in *.share; do
    [ -e "$share" ] || continue
    base=${share%.share}
    modes=$(series_with_points "$share" 2 log)
    [ -n "$modes" ] || { skipped "$base" "no rate above 0"; continue; }
    awk '/^# series/ { print "\"" $3 "\""; next } /^#/ { next } { print }' "$share" > "$base.plotdata"
    draw "$pb_data/plot_server.gnuplot" "../$base" "$base.plotdata" "$shown_name" "$modes"
    made+=("$base")
done
for bars in *.bars; do
    [ -e "$bars" ] || continue
    base=${bars%.bars}
    # (the label holds blanks: columns counted from the end, time -4, updates lost -2, flagged -1)
    [ -n "$(value_range "$bars" log -4)" ] || { skipped "$base" "no time above 0"; continue; }
    lost=""
    [ -z "$(value_range "$bars" -2)" ] || lost=yes
    draw "$pb_data/plot_bars.gnuplot" "../$base" "$bars" "$base" "$shown_name" cases "$lost"
    made+=("$base")
done
for groups in *.groups; do
    [ -e "$groups" ] || continue
    base=${groups%.groups}
    cols=""
    # (from the end: v1 -4, v2 -3, then their flags)
    [ -z "$(value_range "$groups" -4)" ] || cols="2"
    [ -z "$(value_range "$groups" -3)" ] || cols="$cols 3"
    [ -n "$cols" ] || { skipped "$base" "no value known"; continue; }
    draw "$pb_data/plot_bars.gnuplot" "../$base" "$groups" "$base" "$shown_name" groups "$cols"
    made+=("$base")
done
# the roofline, when the results hold this machine's peak rows (analyze wrote the roofs)
if [ -f roofline.roofs ]; then
    draw "$pb_data/plot_roofline.gnuplot" "../roofline" roofline.roofs roofline.dat "$shown_name" \
        "$(grep -vc '^#' roofline.dat || true)"
    made+=(roofline)
fi
# the timeline and deadlock demos' traces (sweep.sh writes them): Gantt figures, read as
# data only
declare -A trace_title=([timeline]="" \
    [deadlock]="The deadlock, measured: each thread holds one lock and waits for the other until the watchdog")
for trace in timeline deadlock; do
    [ -f "$resolved/$trace.json" ] || continue
    if python3 "$pb_scripts/trace_gantt.py" "$resolved/$trace.json" > "$trace.gantt" 2> gantt.err; then
        draw "$pb_data/plot_timeline.gnuplot" "../$trace" "$trace.gantt" "$shown_name" \
            "$(awk '/^# rows/ { on = 1; next } on && /^#/ { exit } on && NF { n++ } END { print n + 0 }' "$trace.gantt")" \
            "${trace_title[$trace]}"
        made+=("$trace")
    else
        echo "plot.sh: note: $trace left out: $trace.json is $(head -c 300 gantt.err | head -1)" >&2
        left_out=$((left_out + 1))
    fi
    rm -f gantt.err
done
cd "$pb_home"
[ ${#made[@]} = 0 ] || publish "$work" "$out" "${made[@]}"
mv -fT -- "$work/scaling.txt" "$out/scaling.txt"
# the data files into data/: a link there is replaced; other files in it are left alone
if [ -L "$out/data" ] || [ ! -e "$out/data" ]; then
    rm -f -- "$out/data"
    mv -T -- "$work/data" "$out/data"
else
    [ -d "$out/data" ] || die "'$out/data' is in the way: not a folder"
    for f in "$work/data"/*; do [ ! -e "$f" ] || mv -fT -- "$f" "$out/data/${f##*/}"; done
fi
(cd "$out" && "$pb" page "$resolved" --out .) || exit $? # index.html: the page to project
(cd "$out" && "$pb" lesson "$resolved" --out .) || exit $? # lesson.html: the tutorial, from these runs
note=""
[ "$left_out" = 0 ] || note=", $left_out left out (no points)"
echo "plots: ${#made[@]} figures (PNG and SVG) in $out$note; scaling table in $out/scaling.txt"
