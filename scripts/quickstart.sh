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
part setup "$root/scripts/setup.sh"
part build "$root/scripts/build.sh"
# the rest is `parbench suite`: topology, sweep, plots, verdict
part suite "$root/scripts/suite.sh" "$@"
