#!/usr/bin/env bash
# The quick suite (`parbench suite`, and what quickstart.sh runs after setup and build):
# records this machine's topology, runs the sweep (first `parbench peak`, then every
# kernel serial, on 1..cores threads, ranks and hybrid; the I/O drivers; the demos),
# draws the plots and ends with the verdict: how many steps are trusted, the speedups on
# all usable cores, what to measure again. Results go to results/<machine>/ and plots to
# plots/<machine>/ under the checkout, or, for an installed parbench, under the current
# folder; --out DIR and --plots DIR name others. Ctrl-C stops it (exit 130; 143 on
# SIGTERM) with one line saying where; the rows already written stay.
#   parbench suite [--out DIR] [--plots DIR] [sweep options, e.g. --size-class tiny --no-mpi]
#   scripts/suite.sh [the same]
# The sweep's options (scripts/sweep.sh) follow.
set -euo pipefail
. "$(dirname "$0")/locate.sh"
. "$pb_scripts/steps.sh"
. "$pb_scripts/args.sh"
out="" plots="" sweep_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        -h | --help) (usage); echo; "$pb_scripts/sweep.sh" --help; exit 0 ;;
        --out) need_value "$@"; out=$2; shift 2 ;;
        --plots) need_value "$@"; plots=$2; shift 2 ;;
        *) sweep_args+=("$1"); shift ;;
    esac
done
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first (or install it)"
machine=$("$pb" info --id)
[ -n "$machine" ] || { echo "suite: parbench info --id gave no machine id" >&2; exit 3; }
results=${out:-$pb_home/results/$machine}
plots=${plots:-$pb_home/plots/$machine}
# the sweep's options judged before anything is written: a typo leaves no half-made folder
part "option check" "$pb_scripts/sweep.sh" --out "$results" --check-options ${sweep_args[@]+"${sweep_args[@]}"}
part topology "$pb_scripts/topology.sh" "$results"
part sweep "$pb_scripts/sweep.sh" --out "$results" --no-verdict ${sweep_args[@]+"${sweep_args[@]}"}
part plots "$pb_scripts/plot.sh" "$results" --out "$plots"
# the verdict last, as scaling.txt has it (the same rows, the same numbers)
echo
sed -n '/^verdict: /,$p' "$plots/scaling.txt"
echo
echo "results: $results/runs.csv (+ machine.json, topology.*)"
echo "plots:   $plots/ (speedup, efficiency, roofline; scaling table in scaling.txt; index.html)"
echo "compare machines: parbench compare-plots results/*"
