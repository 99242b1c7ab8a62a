#!/usr/bin/env bash
# Compares machines: merges the results folders of several machines (each with runs.csv
# and machine.json, as scripts/sweep.sh writes them) into plots/compare/:
#   compare.md, compare.csv   one row per machine: CPU, cores, serial time, best speedup
#                             and efficiency at all cores per kernel, and a score
#   bars-<kernel>.png/.svg    serial and best throughput of every machine
#   speedup-<kernel>.png/.svg the machines' speedup curves overlaid
#   scripts/compare.sh results/A results/B ... [--out DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pb="${PARBENCH_BUILD_DIR:-$root/build}/parbench"
die() { echo "compare.sh: $*" >&2; exit 2; }
out="$root/plots/compare"
dirs=()
while [ $# -gt 0 ]; do
    case "$1" in
        --out) [ $# -ge 2 ] || die "--out needs a directory"; out=$2; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option '$1'; accepted: --out DIR" ;;
        *) [ -d "$1" ] || die "'$1' is not a results directory"; dirs+=("$1"); shift ;;
    esac
done
[ ${#dirs[@]} -gt 0 ] || die "give at least one results directory, e.g. scripts/compare.sh results/*"
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first"
command -v gnuplot > /dev/null || die "gnuplot not found: run scripts/setup.sh (package gnuplot-nox)"
mkdir -p "$out" || die "cannot create '$out'"
"$pb" compare "${dirs[@]}" --out "$out" || exit $?
cd "$out"
for bars in bars-*.dat; do
    [ -e "$bars" ] || continue
    kernel=${bars#bars-}; kernel=${kernel%.dat}
    unit=$(sed -n '1s/.*(\(.*\))$/\1/p' "$bars")
    for term in png svg; do
        gnuplot -e "kernel='$kernel'; unit='$unit'; term='$term'" "$root/scripts/compare.gnuplot" ||
            die "gnuplot failed for $kernel"
    done
done
echo "compare: table in $out/compare.md and compare.csv, figures in $out"
