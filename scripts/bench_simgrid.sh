#!/usr/bin/env bash
# Is the simulation right? SimGrid's simulated times next to measured ones, in one run:
# the mpi variants at 1 and 2 ranks on this machine (mpirun, build/) and on its
# platform `this-machine` (smpirun, build-simgrid/; measured at the start by
# scripts/platform_here.sh into a temporary file), and the MPI ping-pong both ways.
#   scripts/bench_simgrid.sh [--rounds R] [--kernels LIST] [--size KERNEL=N]... [--cluster]
#                            [--out FILE]
# --cluster adds three "hosts" over TCP: network namespaces node1..node3 on a bridge
# (scripts/netns_hosts.sh; needs root), 2 and 3 ranks one per host, against a platform
# `veth` of three hosts of this machine's speed on links of the ping-pong measured
# between node1 and node2. (The three hosts share this machine's cores: at 3 ranks on 2
# cores the measured run is oversubscribed, the simulated one is not.)
# Each round runs the simulation and the real runs (in turn first: a load that comes and
# goes hits both sides alike); a ratio is simulated / measured time, its median over the
# rounds is printed with the per-round ratios. Above 1: the simulation is slower than the
# machine. Both sides are warm medians: every step, simulated (simulate.sh --reps
# harness) and measured, runs with parbench run's own warm-up and repetitions, so a
# first run's page faults and cold caches weigh on neither side alone.
# Defaults: 3 rounds, matmul,montecarlo,sieve at simulate.sh's default sizes.
# --out FILE also writes the tables there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PARBENCH_BUILD_DIR:-$root/build}
rounds=3 kernels=matmul,montecarlo,sieve out="" cluster=0
sizes=()
ACCEPTED="--rounds R, --kernels LIST, --size KERNEL=N, --cluster, --out FILE"
. "$root/scripts/args.sh"
. "$root/scripts/mpi_launcher.sh"
. "$root/scripts/netns_hosts.sh"
while [ $# -gt 0 ]; do
    [ "$1" = --size ] || once "$1"
    case "$1" in
        --rounds) need_value "$@"; rounds=$2; shift 2 ;;
        --kernels) need_value "$@"; kernels=$2; shift 2 ;;
        --size) need_value "$@"; sizes+=(--size "$2"); shift 2 ;;
        --cluster) cluster=1; shift ;;
        --out) need_value "$@"; out=$2; shift 2 ;;
        -h|--help) usage ;;
        *) die "unknown option '$1'" ;;
    esac
done
whole --rounds "$rounds" 1
list_of --kernels "$kernels" kernels matmul montecarlo sieve
kernel_list=("${LIST[@]}")
pb="$build/parbench"
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first"
[ -x "$root/build-simgrid/parbench" ] || die "no build-simgrid/parbench: run scripts/build.sh --simgrid first"
[ "$cluster" = 0 ] || { [ "$(id -u)" = 0 ] && command -v ip > /dev/null; } ||
    die "--cluster needs root and the ip command (network namespaces)"
mpi_setup "$build" || die "$MPI_WHY"
work=$(mktemp -d)
ns=pbsg$$
cleanup() { [ "$cluster" = 0 ] || netns_hosts_down "$ns"; rm -rf -- "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# this machine's platform measured now, beside the runs it is compared with (a figure
# from another hour of a shared machine would skew every ratio)
here="$work/this-machine.xml"
"$root/scripts/platform_here.sh" --out "$here" --build "$build" > /dev/null
mpicc -O2 -o "$work/pp" "$root/scripts/pingpong.c"
smpicc -O2 -o "$work/pp-sim" "$root/scripts/pingpong.c" 2> /dev/null

# simulated NAME PLATFORM RANKS ROUND: simulate.sh's rows in $work/NAME-sim-ROUND/runs.csv
simulated() {
    "$root/scripts/simulate.sh" --platform "$2" --ranks "$3" --kernels "$kernels" ${sizes[@]+"${sizes[@]}"} \
        --reps harness --out "$work/$1-sim-$4" > "$work/$1-sim-$4.log" 2>&1 || { cat "$work/$1-sim-$4.log" >&2; die "the simulation failed"; }
}
# measured NAME RANKS ROUND LAUNCH...: the real runs (LAUNCH NP CMD... starts one) at the
# sizes of the first simulated round, with the harness's own warm-up and repetitions (as
# the simulated steps), rows in $work/NAME-real-ROUND.csv
measured() {
    local name=$1 ranks=$2 round=$3 k n p
    shift 3
    for k in "${kernel_list[@]}"; do
        n=$(python3 "$root/scripts/csv_by_name.py" select "$work/$name-sim-1/runs.csv" size "kernel=$k" variant=mpi | tail -1)
        [[ "$n" =~ ^[0-9]+$ ]] || die "no simulated $k row to size the real run"
        for p in ${ranks//,/ }; do
            "$@" "$p" "$pb" run "$k" --variant mpi --size "$n" --quiet \
                --csv "$work/$name-real-$round.csv" > /dev/null
        done
    done
}
# compare NAME PLATFORM RANKS LAUNCH...: the rounds, in turn simulated or measured first
compare() {
    local name=$1 platform=$2 ranks=$3 r
    shift 3
    for ((r = 1; r <= rounds; r++)); do
        echo "[bench_simgrid] $name: round $r of $rounds" >&2
        if [ $((r % 2)) = 1 ]; then
            simulated "$name" "$platform" "$ranks" "$r"; measured "$name" "$ranks" "$r" "$@"
        else
            measured "$name" "$ranks" "$r" "$@"; simulated "$name" "$platform" "$ranks" "$r"
        fi
    done
}
# pingpong_sim PLATFORM: the ping-pong's line under smpirun on its first two hosts
pingpong_sim() {
    python3 "$root/scripts/platform_info.py" hosts "$1" > "$work/pp.hosts"
    smpirun -np 2 -platform "$1" -hostfile "$work/pp.hosts" --cfg=smpi/lat-factor:0:1 --cfg=smpi/bw-factor:0:1 \
        --log=root.thres:critical "$work/pp-sim"
}

here_launch() { mpi_cmd "$1" none 0; shift; "${MPI_CMD[@]}" "$@"; }
compare here "$here" 1,2 here_launch
pp_real_here=$(here_launch 2 "$work/pp")
pp_sim_here=$(pingpong_sim "$here")

if [ "$cluster" = 1 ]; then
    netns_hosts_up "$ns" "$work" || die "$NETNS_WHY"
    netns_hosts_mpi_env "$work"
    mpi_hosts_flags "$work/hostfile" 1 1 node1 node2 node3
    cluster_launch() { mpi_cmd "$1" none 0; shift; netns_on_node1 "$ns" 600 "${MPI_CMD[@]}" "${MPI_HOSTS_FLAGS[@]}" "$@"; }
    pp_real_veth=$(cluster_launch 2 "$work/pp")
    [[ "$pp_real_veth" =~ ^latency_us\ ([0-9.]+)\ bandwidth_GBps\ ([0-9.]+)$ ]] ||
        die "the ping-pong across the hosts printed '$pp_real_veth'"
    speed=$(sed -n 's/.* speed="\([0-9.]*Gf\)".*/\1/p' "$here" | head -1)
    [ -n "$speed" ] || die "no host speed in $here"
    lat=$(awk -v l="${BASH_REMATCH[1]}" 'BEGIN { printf "%.4f", l / 2 }')
    cat > "$work/veth.xml" <<EOF
<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<!-- veth: node1..node3, network namespaces on one bridge over TCP, as measured by
     scripts/bench_simgrid.sh with its cluster option: ${BASH_REMATCH[1]} us, ${BASH_REMATCH[2]} GB/s; hosts as fast as
     this machine's core (this-machine.xml). The kernel copies every byte: a shared backbone. -->
<platform version="4.1">
  <cluster id="veth" prefix="node" suffix="" radical="1-3" speed="$speed" bw="${BASH_REMATCH[2]}GBps"
           lat="${lat}us" sharing_policy="SPLITDUPLEX" bb_bw="${BASH_REMATCH[2]}GBps" bb_lat="0us"/>
</platform>
EOF
    compare veth "$work/veth.xml" 2,3 cluster_launch
    pp_sim_veth=$(pingpong_sim "$work/veth.xml")
fi

# table NAME TITLE PP_REAL PP_SIM: per kernel and ranks the measured and simulated
# medians, the median ratio and the per-round ratios; then the ping-pong
table() {
    printf "%s (%s rounds; ratio = simulated / measured; every time a warm median: both sides ran with parbench\n" \
        "$2" "$rounds"
    printf "run's own warm-up and repetitions)\n"
    python3 - "$work" "$1" "$rounds" "$3" "$4" "$root/scripts/csv_by_name.py" <<'EOF'
import statistics, subprocess, sys
work, name, rounds, pp_real, pp_sim, by_name = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(), sys.argv[5].split(), sys.argv[6]
def rows(path):
    out = subprocess.run([sys.executable, by_name, "select", path, "kernel,variant,ranks,size,time_s"],
                         capture_output=True, text=True, check=True).stdout
    return {(k, int(p)): (int(n), float(t)) for k, v, p, n, t in (l.split() for l in out.splitlines()) if v == "mpi"}
sim = [rows(f"{work}/{name}-sim-{r}/runs.csv") for r in range(1, rounds + 1)]
real = [rows(f"{work}/{name}-real-{r}.csv") for r in range(1, rounds + 1)]
print(f"{'kernel':<11} {'ranks':>5} {'size':>12} {'measured_s':>11} {'simulated_s':>11} {'ratio':>6}  per round")
for key in sorted(sim[0]):
    ratios = [s[key][1] / m[key][1] for s, m in zip(sim, real)]
    print(f"{key[0]:<11} {key[1]:>5} {sim[0][key][0]:>12} {statistics.median(m[key][1] for m in real):>11.4g} "
          f"{statistics.median(s[key][1] for s in sim):>11.4g} {statistics.median(ratios):>6.2f}  "
          + " ".join(f"{x:.2f}" for x in ratios))
lat_r, bw_r, lat_s, bw_s = float(pp_real[1]), float(pp_real[3]), float(pp_sim[1]), float(pp_sim[3])
print(f"ping-pong latency   measured {lat_r:.3f} us, simulated {lat_s:.3f} us, ratio {lat_s / lat_r:.2f}")
print(f"ping-pong bandwidth measured {bw_r:.2f} GB/s, simulated {bw_s:.2f} GB/s, ratio {bw_s / bw_r:.2f}")
EOF
}
tables() {
    table here "SimGrid on this-machine vs measured here" "$pp_real_here" "$pp_sim_here"
    [ "$cluster" = 0 ] || { echo; table veth "SimGrid on veth vs measured across 3 namespace hosts over TCP" "$pp_real_veth" "$pp_sim_veth"; }
}
if [ -n "$out" ]; then tables | tee -- "$out"; else tables; fi
