#!/usr/bin/env bash
# Is the simulation right? SimGrid's simulated times next to measured ones, in one run:
# the mpi variants at 1 and 2 ranks on this machine (mpirun, build/) and on its
# platform `this-machine` (smpirun, build-simgrid/, scripts/platform_here.sh writes the
# platform first when it is missing), and the MPI ping-pong both ways.
#   scripts/bench_simgrid.sh [--rounds R] [--kernels LIST] [--size KERNEL=N]... [--out FILE]
# Each round runs the simulation and the real runs (in turn first: a load that comes and
# goes hits both sides alike); a ratio is simulated / measured time, its median over the
# rounds is printed with the per-round ratios. Above 1: the simulation is slower than the
# machine. Defaults: 3 rounds, matmul,montecarlo,sieve at simulate.sh's default sizes.
# --out FILE also writes the table there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PARBENCH_BUILD_DIR:-$root/build}
rounds=3 kernels=matmul,montecarlo,sieve out=""
sizes=()
ACCEPTED="--rounds R, --kernels LIST, --size KERNEL=N, --out FILE"
. "$root/scripts/args.sh"
. "$root/scripts/mpi_launcher.sh"
while [ $# -gt 0 ]; do
    [ "$1" = --size ] || once "$1"
    case "$1" in
        --rounds) need_value "$@"; rounds=$2; shift 2 ;;
        --kernels) need_value "$@"; kernels=$2; shift 2 ;;
        --size) need_value "$@"; sizes+=(--size "$2"); shift 2 ;;
        --out) need_value "$@"; out=$2; shift 2 ;;
        -h|--help) usage ;;
        *) die "unknown option '$1'" ;;
    esac
done
whole --rounds "$rounds" 1
list_of --kernels "$kernels" kernels matmul montecarlo sieve
pb="$build/parbench"
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first"
[ -x "$root/build-simgrid/parbench" ] || die "no build-simgrid/parbench: run scripts/build.sh --simgrid first"
mpi_setup "$build" || die "$MPI_WHY"
platform="$root/scripts/platforms/this-machine.xml"
[ -f "$platform" ] || "$root/scripts/platform_here.sh"

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
sim_log() { "$root/scripts/simulate.sh" --platform this-machine --ranks 1,2 --kernels "$kernels" ${sizes[@]+"${sizes[@]}"} \
                --out "$work/sim$1" > "$work/sim$1.log" 2>&1 || { cat "$work/sim$1.log" >&2; die "the simulation failed"; }; }
# the real runs at the sizes the simulation used (read from the first round's rows)
real_runs() {
    local k n p
    for k in "${LIST[@]}"; do
        n=$(python3 "$root/scripts/csv_by_name.py" select "$work/sim1/runs.csv" size "kernel=$k" variant=mpi | tail -1)
        [[ "$n" =~ ^[0-9]+$ ]] || die "no simulated $k row to size the real run"
        for p in 1 2; do
            mpi_cmd "$p" none 0
            "${MPI_CMD[@]}" "$pb" run "$k" --variant mpi --size "$n" --reps 1 --warmup 0 --quiet \
                --csv "$work/real$1.csv" > /dev/null
        done
    done
}
for ((r = 1; r <= rounds; r++)); do
    echo "[bench_simgrid] round $r of $rounds" >&2
    if [ $((r % 2)) = 1 ]; then sim_log "$r"; real_runs "$r"; else real_runs "$r"; sim_log "$r"; fi
done

# the ping-pong: measured with mpicc/mpirun, simulated with smpicc/smpirun
mpicc -O2 -o "$work/pp" "$root/scripts/pingpong.c"
smpicc -O2 -o "$work/pp-sim" "$root/scripts/pingpong.c" 2> /dev/null
python3 "$root/scripts/platform_info.py" hosts "$platform" > "$work/hosts"
mpi_cmd 2 none 0
pp_real=$("${MPI_CMD[@]}" "$work/pp")
pp_sim=$(smpirun -np 2 -platform "$platform" -hostfile "$work/hosts" --cfg=smpi/lat-factor:0:1 --cfg=smpi/bw-factor:0:1 \
         --log=root.thres:critical "$work/pp-sim")

# kernel ranks size: measured and simulated medians, median ratio, per-round ratios
table() {
    printf 'SimGrid on this-machine vs measured here (%s rounds; ratio = simulated / measured)\n' "$rounds"
    python3 - "$work" "$rounds" "$pp_real" "$pp_sim" "$root/scripts/csv_by_name.py" <<'EOF'
import statistics, subprocess, sys
work, rounds, pp_real, pp_sim, by_name = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split(), sys.argv[5]
def rows(path):
    out = subprocess.run([sys.executable, by_name, "select", path, "kernel,variant,ranks,size,time_s"],
                         capture_output=True, text=True, check=True).stdout
    return {(k, int(p)): (int(n), float(t)) for k, v, p, n, t in (l.split() for l in out.splitlines()) if v == "mpi"}
sim = [rows(f"{work}/sim{r}/runs.csv") for r in range(1, rounds + 1)]
real = [rows(f"{work}/real{r}.csv") for r in range(1, rounds + 1)]
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
if [ -n "$out" ]; then table | tee -- "$out"; else table; fi
