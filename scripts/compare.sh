#!/usr/bin/env bash
# Compares machines: the hand-ins of several machines (results folders with runs.csv and
# machine.json, as scripts/sweep.sh writes them, or the handin-*.tar.gz that
# scripts/handin.sh packs) side by side in plots/compare/:
#   index.html                the page to project: ranked table with quality marks, a
#                             chart and table per kernel, the concurrency table
#   compare.md, compare.csv   the same tables (see parbench compare --help)
#   bars-<kernel>.png/.svg    per-core and all-cores throughput of every machine
#   speedup-<kernel>.png/.svg the machines' omp speedups over their serial runs, overlaid
#   scripts/compare.sh HANDIN... [--out DIR] [--kernels LIST]
# --kernels: the score's kernels (default: the whole suite); a machine lacking one is
# shown, not ranked (see parbench compare --help).
set -euo pipefail
. "$(dirname "$0")/locate.sh"
. "$pb_scripts/args.sh"
. "$pb_scripts/figures.sh"
out="$pb_home/plots/compare"
dirs=() skipped=() twice=() score=()
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --out) need_value "$@"; out=$2; shift 2 ;;
        --kernels) need_value "$@"; score=(--kernels "$2"); shift 2 ;;
        -h|--help) usage ;;
        -*) die "unknown option '$1'; accepted: --out DIR, --kernels LIST" ;;
        '') die "a results directory is an empty string" ;;
        *) # results/* also matches results/README.md: plain files are passed over; so is
           # a hand-in given twice (or a link to one given already), which would count twice
           if [ -d "$1" ] || { [ -f "$1" ] && [[ "$1" == *.tar.gz || "$1" == *.tgz ]]; }; then
               real_path "$1" || die "'$1' is not a results directory"
               again=0
               for d in "${dirs[@]}"; do [ "$d" != "$REPLY" ] || again=1; done
               if [ "$again" = 1 ]; then twice+=("$1"); else dirs+=("$REPLY"); fi
           elif [ -f "$1" ]; then skipped+=("$1")
           else die "'$1' is not a results directory"; fi
           shift ;;
    esac
done
[ ${#dirs[@]} -gt 0 ] || die "give at least one results directory or hand-in, e.g. scripts/compare.sh results/*"
[ ${#skipped[@]} = 0 ] || echo "compare.sh: passing over files that are not results directories or hand-ins: $(shown "${skipped[*]}")" >&2
[ ${#twice[@]} = 0 ] || echo "compare.sh: passing over hand-ins given already: $(shown "${twice[*]}")" >&2
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first"
command -v gnuplot > /dev/null || die "gnuplot not found: run scripts/setup.sh (package gnuplot-nox)"
mkdir -p -- "$out" 2> /dev/null && real_path "$out" || die "cannot create the directory '$out'"
out=$REPLY
"$pb" compare "${dirs[@]}" --out "$out" ${score[@]+"${score[@]}"} || exit $?
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
    draw "$pb_data/compare.gnuplot" "$work/bars-$kernel" "$kernel" "$unit" bars "${serial:+1}" "${best:+1}" ""
    draw "$pb_data/compare.gnuplot" "$work/speedup-$kernel" "$kernel" "$unit" speedup "" "" \
        "$(series_with_points "speedup-$kernel.dat" 2)"
    made+=("bars-$kernel" "speedup-$kernel")
done
[ ${#made[@]} = 0 ] || publish "$work" "$out" "${made[@]}"
echo "compare: the page to project in $out/index.html; tables in compare.md and compare.csv, figures in $out"
