#!/usr/bin/env bash
# The quick suite twice in one run: on the machine as it is (quiet, if nothing else runs)
# and with one core kept busy by a loop pinned to CPU 0 (taskset) for the whole run.
# Prints, side by side: the wall time, the share of trusted steps, and each kernel's
# headline speedups as the verdict has them. Run it on an otherwise quiet machine.
#   scripts/bench_busy.sh [sweep options, e.g. --kernels montecarlo --no-demos]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PARBENCH_BUILD_DIR:-$root/build}
command -v taskset > /dev/null || { echo "bench_busy.sh: needs taskset (util-linux)" >&2; exit 2; }
[ -x "$build/parbench" ] || { echo "bench_busy.sh: no parbench at $build/parbench: run scripts/build.sh" >&2; exit 2; }
work=$(mktemp -d /tmp/bench_busy.XXXXXX)
busy=""
trap '[ -z "$busy" ] || kill "$busy" 2> /dev/null; rm -rf "$work"' EXIT

# suite NAME: sweep + plots (what quickstart.sh runs after its build), timed
suite() {
    local t0 t1
    t0=$(date +%s.%N)
    "$root/scripts/sweep.sh" --build "$build" --out "$work/$1" --no-verdict "${@:2}" > "$work/$1.log" 2>&1 ||
        echo "bench_busy.sh: the $1 sweep failed: see below" >&2
    "$root/scripts/plot.sh" "$work/$1" --out "$work/$1-plots" >> "$work/$1.log" 2>&1 || true
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f\n", b - a }' > "$work/$1.wall"
}
echo "bench_busy.sh: the quick suite as the machine is ..." >&2
suite quiet "$@"
echo "bench_busy.sh: ... and with CPU 0 kept busy by a pinned loop" >&2
taskset -c 0 sh -c 'while :; do :; done' &
busy=$!
suite busy "$@"
kill "$busy"; busy=""

verdict() { sed -n '/^verdict: /,$p' "$work/$1-plots/scaling.txt" 2> /dev/null; }
echo
echo "machine: $("$build/parbench" info | sed -n 's/^cpu *//p' | sed 's/ *$//'), $(nproc) CPUs"
printf '%-34s %-44s %s\n' "" "as it is" "CPU 0 kept busy"
printf '%-34s %-44s %s\n' "wall time (sweep + plots)" "$(cat "$work/quiet.wall") s" "$(cat "$work/busy.wall") s"
printf '%-34s %-44s %s\n' "steps trusted" "$(verdict quiet | sed -n '1s/^verdict: //p')" "$(verdict busy | sed -n '1s/^verdict: //p')"
for k in $("$build/parbench" list --names); do
    q=$(verdict quiet | sed -n "s/^  $k [^:]*: //p" | head -1)
    b=$(verdict busy | sed -n "s/^  $k [^:]*: //p" | head -1)
    [ -n "$q$b" ] || continue
    echo "$k:"
    echo "  as it is:       ${q:--}"
    echo "  CPU 0 busy:     ${b:--}"
done
echo
echo "the busy run's verdict:"
verdict busy | sed 's/^/  /'
grep -c "^waiting for the cores" "$work/busy.log" | sed 's/^/  progress lines of the gate: /'
