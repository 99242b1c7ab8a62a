#!/usr/bin/env bash
# Draws the scaling figures of one machine's results with gnuplot (PNG and SVG):
#   scripts/plot.sh [RESULTS_DIR] [--out DIR]
# RESULTS_DIR defaults to results/<this machine>, DIR to plots/<its name>.
# Per kernel and size: <kernel>-<size>-speedup (absolute and relative speedup, ideal
# line, Amdahl fits) and -efficiency (efficiency, Karp-Flatt); per I/O driver: time
# against size for each mode; per demo tagged demo-*: bars of each case's time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pb="${PARBENCH_BUILD_DIR:-$root/build}/parbench"
. "$root/scripts/args.sh"
results="" out=""
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --out) [ $# -ge 2 ] && [ -n "$2" ] || die "--out needs a directory"; out=$2; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option '$1'; accepted: --out DIR" ;;
        *) [ -z "$results" ] || die "expected one results directory, got '$results' and '$1'"; results=$1; shift ;;
    esac
done
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first"
command -v gnuplot > /dev/null || die "gnuplot not found: run scripts/setup.sh (package gnuplot-nox)"
if [ -z "$results" ]; then
    results="$root/results/$("$pb" info --json | sed -n 's/^  "id": "\(.*\)",/\1/p')"
fi
[ -f "$results/runs.csv" ] || die "no runs.csv in '$results': run scripts/sweep.sh first"
[ -n "$out" ] || out="$root/plots/$(basename "$results")"
mkdir -p "$out/data" 2> /dev/null || die "cannot create the directory '$out/data'"

"$pb" analyze "$results/runs.csv" --out "$out/data" > "$out/scaling.txt" || exit $?
made=()
cd "$out/data"
for gp in *.gp; do
    [ -e "$gp" ] || continue
    base=${gp%.gp}
    for term in png svg; do
        gnuplot -e "groupfile='$gp'; outbase='../$base'; term='$term'" "$root/scripts/plot.gnuplot" 2> "../$base.gnuplot.log" ||
            { cat "../$base.gnuplot.log" >&2; die "gnuplot failed for $base"; }
    done
    rm -f "../$base.gnuplot.log"
    made+=("$base-speedup" "$base-efficiency")
done
for dat in io-*.dat; do
    [ -e "$dat" ] || continue
    base=${dat%.dat}
    modes=$(grep -c '^# series' "$dat")
    machine=$(basename "$results")
    for term in png svg; do
        # columnhead needs the series name as the first data line of each block
        awk '/^# series/ { print "\"" $3 "\""; next } /^#/ { next } { print }' "$dat" > "$base.plotdata"
        gnuplot -e "datafile='$base.plotdata'; name='$base'; machine='$machine'; outbase='../$base'; term='$term'; nmodes=$modes" \
            "$root/scripts/plot_io.gnuplot" 2> /dev/null || die "gnuplot failed for $base"
    done
    made+=("$base")
done
for bars in *.bars; do
    [ -e "$bars" ] || continue
    base=${bars%.bars}
    for term in png svg; do
        gnuplot -e "datafile='$bars'; name='$base'; machine='$(basename "$results")'; outbase='../$base'; term='$term'" \
            "$root/scripts/plot_bars.gnuplot" 2> /dev/null || die "gnuplot failed for $base"
    done
    made+=("$base")
done
[ ${#made[@]} -gt 0 ] || die "nothing to plot in $results/runs.csv"
echo "plots: ${#made[@]} figures (PNG and SVG) in $out; scaling table in $out/scaling.txt"
