#!/usr/bin/env bash
# Writes the SimGrid platform `this-machine` from figures measured here, so that a
# simulation can be checked against real runs (scripts/bench_simgrid.sh):
#   scripts/platform_here.sh [--out FILE] [--build DIR]
# One host per usable core (core-0, core-1, ...), each as fast as this machine's core in
# parbench's serial matmul (the GFLOP/s column of `parbench run matmul --variant serial`),
# on links with the latency and bandwidth of an MPI ping-pong between two ranks here
# (scripts/pingpong.c, built with mpicc, run with the launcher of parbench's MPI). The
# ranks' messages all go through one memory system: the hosts share a backbone of that
# same bandwidth. Default FILE: scripts/platforms/this-machine.xml (not in git: it is
# this machine's). The build (default build/, or PARBENCH_BUILD_DIR) is the ordinary one.
set -euo pipefail
. "$(dirname "$0")/locate.sh"
build=$pb_build
# beside the shipped platforms in a checkout; installed, under the current folder
out="$pb_home/platforms/this-machine.xml"
[ -z "$root" ] || out="$root/scripts/platforms/this-machine.xml"
ACCEPTED="--out, --build"
. "$pb_scripts/args.sh"
. "$pb_scripts/mpi_launcher.sh"
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --out) need_value "$@"; out=$2; shift 2 ;;
        --build) need_value "$@"; build=$2; shift 2 ;;
        -h|--help) usage ;;
        *) die "unknown option '$1'" ;;
    esac
done
pb="$build/parbench"
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first"
command -v mpicc > /dev/null || die "no mpicc here: scripts/setup.sh installs Open MPI"
mpi_setup "$build" || die "$MPI_WHY"

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
cores=$("$pb" info --json | sed -n 's/^  "usable_cores": \([0-9]*\),/\1/p')
[[ "$cores" =~ ^[1-9][0-9]{0,4}$ ]] || die "cannot read the usable cores from parbench info --json"
[ "$cores" -ge 2 ] || cores=2 # (a ping-pong needs two ends)

echo "[platform_here] compute: serial matmul of 1024, 5 repetitions" >&2
"$pb" run matmul --variant serial --size 1024 --reps 5 --quiet --csv "$work/speed.csv" > /dev/null
gflops=$(python3 "$pb_scripts/csv_by_name.py" select "$work/speed.csv" gflops | tail -1)
[[ "$gflops" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "cannot read the serial matmul's GFLOP/s"

echo "[platform_here] network: MPI ping-pong between 2 ranks (1 byte and 4 MiB)" >&2
mpicc -O2 -o "$work/pingpong" "$pb_data/pingpong.c"
mpi_cmd 2 none 0
line=$("${MPI_CMD[@]}" "$work/pingpong")
[[ "$line" =~ ^latency_us\ ([0-9.]+)\ bandwidth_GBps\ ([0-9.]+)$ ]] || die "the ping-pong printed '$line'"
lat_us=${BASH_REMATCH[1]} bw=${BASH_REMATCH[2]}
# the route core-i -> backbone -> core-j crosses two links: half the latency on each
link_lat=$(awk -v l="$lat_us" 'BEGIN { printf "%.4f", l / 2 }')
mkdir -p -- "$(dirname -- "$out")"
cat > "$out.tmp" <<EOF
<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<!--
  this-machine: $(hostname | tr -cd 'A-Za-z0-9._-') as measured by scripts/platform_here.sh on $(date -u +%Y-%m-%dT%H:%MZ).
  Hosts core-0 .. core-$((cores - 1)), one per usable core, one MPI rank each.
  Host speed ${gflops} Gf: parbench's serial matmul (n=1024) on one core here.
  Network: an MPI ping-pong between two ranks here (scripts/pingpong.c): ${lat_us} us one
    way (half a 1-byte round trip), ${bw} GB/s (4 MiB messages). Each host's link has
    half the latency (a route crosses two) and the whole bandwidth; the backbone, the one
    memory system all copies go through, is shared at the same bandwidth.
  What this leaves out: the cores share caches and memory bandwidth, which SimGrid does
    not model (each simulated host computes as fast as one core alone), and a message
    here is a CPU copy that takes the sender's core (SimGrid's network is a separate
    resource).
-->
<platform version="4.1">
  <cluster id="this-machine" prefix="core-" suffix="" radical="0-$((cores - 1))" speed="${gflops}Gf"
           bw="${bw}GBps" lat="${link_lat}us" sharing_policy="SPLITDUPLEX"
           bb_bw="${bw}GBps" bb_lat="0us"/>
</platform>
EOF
mv -f -- "$out.tmp" "$out"
echo "platform_here: $out: $cores hosts of $gflops GFLOP/s, $lat_us us, $bw GB/s"
