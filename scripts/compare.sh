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
. "$root/scripts/args.sh"
out="$root/plots/compare"
dirs=() skipped=()
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --out) [ $# -ge 2 ] && [ -n "$2" ] || die "--out needs a directory"; out=$2; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option '$1'; accepted: --out DIR" ;;
        *) # results/* also matches results/README.md: plain files are passed over
           if [ -d "$1" ]; then dirs+=("$1")
           elif [ -f "$1" ]; then skipped+=("$1")
           else die "'$1' is not a results directory"; fi
           shift ;;
    esac
done
[ ${#dirs[@]} -gt 0 ] || die "give at least one results directory, e.g. scripts/compare.sh results/*"
[ ${#skipped[@]} = 0 ] || echo "compare.sh: passing over files that are not results directories: ${skipped[*]}" >&2
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first"
command -v gnuplot > /dev/null || die "gnuplot not found: run scripts/setup.sh (package gnuplot-nox)"
mkdir -p "$out" 2> /dev/null || die "cannot create the directory '$out'"
"$pb" compare "${dirs[@]}" --out "$out" || exit $?
cd "$out"
# the kernels of this comparison; figures of other kernels left by an earlier one go
kernels=" $(sed -n "s/^kernels\[[0-9]*\] = '\(.*\)'$/\1/p" compare.gp | paste -sd ' ') "
for old in bars-*.dat; do
    [ -e "$old" ] || continue
    k=${old#bars-}; k=${k%.dat}
    [[ "$kernels" == *" $k "* ]] || rm -f "bars-$k".* "speedup-$k".*
done
for kernel in $kernels; do
    bars=bars-$kernel.dat
    unit=$(sed -n '1s/.*(\(.*\))$/\1/p' "$bars")
    for term in png svg; do
        gnuplot -e "kernel='$kernel'; unit='$unit'; term='$term'" "$root/scripts/compare.gnuplot" ||
            die "gnuplot failed for $kernel"
    done
done
echo "compare: table in $out/compare.md and compare.csv, figures in $out"
