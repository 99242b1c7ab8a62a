#!/usr/bin/env bash
# The main job: installs what is missing, builds, records this machine's topology,
# runs the quick suite (every kernel: serial, threads, ranks, hybrid) and draws the
# plots. About 2 minutes on a 2-core machine.
#   scripts/quickstart.sh [sweep options, e.g. --size-class medium]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
pb="${PARBENCH_BUILD_DIR:-$root/build}/parbench"
machine=$("$pb" info --json | sed -n 's/^  "id": "\(.*\)",/\1/p')
"$root/scripts/topology.sh" "$root/results/$machine"
"$root/scripts/sweep.sh" --out "$root/results/$machine" "$@"
"$root/scripts/plot.sh" "$root/results/$machine" --out "$root/plots/$machine"
echo
echo "results: $root/results/$machine/runs.csv (+ machine.json, topology.*)"
echo "plots:   $root/plots/$machine/ (speedup, efficiency; scaling table in scaling.txt)"
echo "compare machines: scripts/compare.sh results/*"
