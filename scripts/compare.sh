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
. "$root/scripts/figures.sh"
out="$root/plots/compare"
dirs=() skipped=() twice=()
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --out) need_value "$@"; out=$2; shift 2 ;;
        -h|--help) usage ;;
        -*) die "unknown option '$1'; accepted: --out DIR" ;;
        '') die "a results directory is an empty string" ;;
        *) # results/* also matches results/README.md: plain files are passed over; so is
           # a folder given twice (or a link to one given already), which would count twice
           if [ -d "$1" ]; then
               real_path "$1" || die "'$1' is not a results directory"
               again=0
               for d in "${dirs[@]}"; do [ "$d" != "$REPLY" ] || again=1; done
               if [ "$again" = 1 ]; then twice+=("$1"); else dirs+=("$REPLY"); fi
           elif [ -f "$1" ]; then skipped+=("$1")
           else die "'$1' is not a results directory"; fi
           shift ;;
    esac
done
[ ${#dirs[@]} -gt 0 ] || die "give at least one results directory, e.g. scripts/compare.sh results/*"
[ ${#skipped[@]} = 0 ] || echo "compare.sh: passing over files that are not results directories: $(shown "${skipped[*]}")" >&2
[ ${#twice[@]} = 0 ] || echo "compare.sh: passing over folders given already: $(shown "${twice[*]}")" >&2
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first"
command -v gnuplot > /dev/null || die "gnuplot not found: run scripts/setup.sh (package gnuplot-nox)"
mkdir -p -- "$out" 2> /dev/null && real_path "$out" || die "cannot create the directory '$out'"
out=$REPLY
"$pb" compare "${dirs[@]}" --out "$out" || exit $?
cd "$out"
# the kernels of this comparison; figures of other kernels left by an earlier one go
mapfile -t kernels < <(sed -n "s/^kernels\[[0-9]*\] = '\(.*\)'$/\1/p" compare.gp)
for old in bars-*.dat; do
    [ -e "$old" ] || continue
    k=${old#bars-} k=${k%.dat}
    [[ " ${kernels[*]} " == *" $k "* ]] || rm -f -- "bars-$k".* "speedup-$k".*
done
# Figures are drawn in a fresh folder, then renamed into place (see figures.sh).
work=$(mktemp -d "$out/.compare.XXXXXX") || die "cannot write in '$out'"
trap 'rm -rf -- "$work"' EXIT
made=()
for kernel in "${kernels[@]}"; do # both figures for every kernel; an empty one says why
    bars=bars-$kernel.dat
    unit=$(sed -n '1s/.*(\(.*\))$/\1/p' "$bars")
    serial=$(value_range "$bars" -2) best=$(value_range "$bars" -1)
    draw "$root/scripts/compare.gnuplot" "$work/bars-$kernel" "$kernel" "$unit" bars "${serial:+1}" "${best:+1}" ""
    draw "$root/scripts/compare.gnuplot" "$work/speedup-$kernel" "$kernel" "$unit" speedup "" "" \
        "$(series_with_points "speedup-$kernel.dat" 2)"
    made+=("bars-$kernel" "speedup-$kernel")
done
[ ${#made[@]} = 0 ] || publish "$work" "$out" "${made[@]}"
echo "compare: table in $out/compare.md and compare.csv, figures in $out"
