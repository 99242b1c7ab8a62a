#!/usr/bin/env bash
# The main job: installs what is missing, builds, records this machine's topology,
# runs the quick suite (first `parbench peak`, the machine's own FMA and memory limits;
# then every kernel: serial, threads, ranks, hybrid, each row with its % of that peak)
# and draws the plots (the roofline among them), and ends with the verdict: how many
# steps are trusted, the speedups on all usable cores, what to measure again. About 2
# minutes on a quiet 2-core machine; on a busy one each step waits for its cores (60 s
# at most) and a starved step is measured again (see sweep.sh). Ctrl-C stops it (exit
# 130; 143 on SIGTERM) with one line saying where; the rows already written stay.
#   scripts/quickstart.sh [sweep options, e.g. --size-class medium]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/steps.sh"
# part WHAT CMD...: one part of the job; a signal ends the job, a failure too
part() {
    local rc=0
    run_step "${@:2}" || rc=$?
    if stopped "$rc"; then
        # the sweep's own line says at which of its steps
        [ "$1" = sweep ] || echo "quickstart.sh: stopped by $stop_name during the $1" >&2
        exit "$stop_code"
    fi
    [ "$rc" = 0 ] || exit "$rc"
}
part setup "$root/scripts/setup.sh"
part build "$root/scripts/build.sh"
pb="${PARBENCH_BUILD_DIR:-$root/build}/parbench"
machine=$("$pb" info --json | sed -n 's/^  "id": "\(.*\)",/\1/p')
[ -n "$machine" ] || { echo "quickstart.sh: parbench info --json gave no machine id" >&2; exit 3; }
part topology "$root/scripts/topology.sh" "$root/results/$machine"
part sweep "$root/scripts/sweep.sh" --out "$root/results/$machine" --no-verdict "$@"
part plots "$root/scripts/plot.sh" "$root/results/$machine" --out "$root/plots/$machine"
# the verdict last, as scaling.txt has it (the same rows, the same numbers)
echo
sed -n '/^verdict: /,$p' "$root/plots/$machine/scaling.txt"
echo
echo "results: $root/results/$machine/runs.csv (+ machine.json, topology.*)"
echo "plots:   $root/plots/$machine/ (speedup, efficiency, roofline; scaling table in scaling.txt)"
echo "compare machines: scripts/compare.sh results/*"
