#!/usr/bin/env bash
# The figures of the I/O-simulation drivers, in one run: waiting that overlaps, without
# more cores.
#   1. io latency: blocking vs nonblocking vs threads at a few request counts, client CPU
#      next to wall time; the target run (10,000 requests of 10 ms, all in flight, < 0.15 s)
#   2. per-request overhead of our nonblocking client vs Python asyncio.gather
#      (scripts/asyncio_client.py) on the same device process and protocol, back to back
#   3. io overlap under mpirun -np 2: OSU and IMB overlap of the three modes
#   4. io checkpoint under mpirun -np 2: blocking vs nonblocking, without and with --fsync
# Uses build/ (or PARBENCH_BUILD_DIR); REPS (default 5) timed repetitions per figure;
# CKPT_DIR (default: a fresh directory under /tmp) holds the checkpoint file.
# Timings on a shared machine are noisy: every figure is a median, and the ones compared
# are measured in this same run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PARBENCH_BUILD_DIR:-$root/build}
pb=$build/parbench
reps=${REPS:-5}
[ $# -eq 0 ] || { echo "bench_io.sh: takes no options (got '$1'); set REPS=R and CKPT_DIR=DIR in the environment" >&2; exit 2; }
case "$reps" in
    '' | *[!0-9]* | 0) echo "bench_io.sh: REPS must be a whole number of repetitions >= 1, not '$reps'" >&2; exit 2 ;;
esac
[ -x "$pb" ] || { echo "bench_io.sh: $pb not found; run scripts/build.sh first" >&2; exit 2; }
if [ -n "${CKPT_DIR+set}" ] && { [ ! -d "$CKPT_DIR" ] || [ ! -w "$CKPT_DIR" ]; }; then
    echo "bench_io.sh: CKPT_DIR '$CKPT_DIR' is not a writable directory" >&2; exit 2
fi
. "$root/scripts/mpi_launcher.sh"
mpi_setup "$build" || { echo "bench_io.sh: $MPI_WHY" >&2; exit 2; }
tmp=$(mktemp -d /tmp/bench_io.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
ckdir=${CKPT_DIR:-$tmp}
mpirun_np() { mpi_cmd "$1" none 1; shift; "${MPI_CMD[@]}" "$@"; }
# field NAME [CSV]: the column NAME of the last row
field() {
    python3 "$root/scripts/csv_by_name.py" tsv "${2:-$tmp/lat.csv}" "$1" | awk 'NR > 1 { v = $0 } END { print v }'
}

echo "== parbench io: $("$pb" --version); $(nproc) hardware threads; $reps timed repetitions per figure"
echo
echo "== 1. io latency: requests of 10 ms to a simulated device (a separate process), client on one core"
printf "%9s %-12s %8s %11s %11s %13s %10s\n" requests mode threads wall_s client_cpu_s in_flight_avg vs_blocking
lat() { # lat REQUESTS MODE [options...]
    local n=$1 mode=$2; shift 2
    "$pb" io latency --mode "$mode" --requests "$n" --latency 10 --reps "$reps" --csv "$tmp/lat.csv" --quiet "$@"
    local wall; wall=$(field time_s)
    printf "%9s %-12s %8s %11.4f %11.4f %13s %9.1fx\n" "$n" "$mode" "$(field threads)" "$wall" "$(field cpu_s)" \
        "$(field concurrency)" "$(awk -v w="$wall" -v n="$n" 'BEGIN { print n * 0.010 / w }')"
}
lat 100 blocking
lat 100 nonblocking
lat 100 threads --threads 100
lat 1000 nonblocking
lat 1000 threads --threads 1000
echo "(blocking at 1000 requests would wait 1000 x 10 ms = 10 s per run: vs_blocking uses that ideal)"
echo

echo "== target: 10,000 requests of 10 ms, 10,000 in flight, nonblocking (goal: under 0.15 s wall; ideal 0.01 s)"
"$pb" io latency --mode nonblocking --requests 10000 --latency 10 --inflight 10000 --reps "$reps" \
    --csv "$tmp/target.csv" --quiet
wall=$(field time_s "$tmp/target.csv")
cpu=$(field cpu_s "$tmp/target.csv")
verdict=$(awk -v w="$wall" 'BEGIN { print (w < 0.15 ? "met" : "MISSED") }')
printf "wall %.4f s, client CPU %.4f s, %s requests in flight on average: target %s\n" "$wall" "$cpu" \
    "$(field concurrency "$tmp/target.csv")" "$verdict"
if command -v taskset > /dev/null; then
    taskset -c 0 "$pb" io latency --mode nonblocking --requests 10000 --latency 10 --inflight 10000 --reps "$reps" \
        --csv "$tmp/pinned.csv" --quiet
    printf "the same with client and device pinned to one core (taskset -c 0): wall %.4f s, client CPU %.4f s\n" \
        "$(field time_s "$tmp/pinned.csv")" "$(field cpu_s "$tmp/pinned.csv")"
fi
echo

echo "== 2. per-request overhead, (wall - latency) / requests: parbench nonblocking vs Python asyncio.gather"
echo "   (the same 10,000 requests of 10 ms, all in flight, each to its own 'parbench io device' process"
echo "   over a socketpair, every reply checked by both clients)"
"$pb" io latency --mode nonblocking --requests 10000 --latency 10 --reps "$reps" --csv "$tmp/ours.csv" --quiet
ours_wall=$(field time_s "$tmp/ours.csv")
ours_cpu=$(field cpu_s "$tmp/ours.csv")
py=$(python3 "$root/scripts/asyncio_client.py" --parbench "$pb" --requests 10000 --latency 10 --reps "$reps")
py_wall=$(sed -E 's/.*wall_s=([^ ]+).*/\1/' <<< "$py")
py_cpu=$(sed -E 's/.*cpu_s=([^ ]+).*/\1/' <<< "$py")
printf "%-22s %10s %12s %16s %16s\n" client wall_s client_cpu_s overhead_us/req cpu_us/req
row() { awk -v c="$1" -v w="$2" -v u="$3" 'BEGIN { printf "%-22s %10.4f %12.4f %16.2f %16.2f\n", c, w, u, (w - 0.010) / 10000 * 1e6, u / 10000 * 1e6 }'; }
row "parbench nonblocking" "$ours_wall" "$ours_cpu"
row "python asyncio" "$py_wall" "$py_cpu"
awk -v o="$ours_wall" -v p="$py_wall" 'BEGIN { oo = (o - 0.010); pp = (p - 0.010);
    if (oo <= 0) print "asyncio overhead / ours: ours is below the timer noise";
    else printf "asyncio overhead / ours: %.1fx (goal: 10x)\n", pp / oo }'
echo

ov_args=(--cells 2^20 --bytes 2^20 --iters 20 --test-every 16384)
echo "== 3. io overlap: ring halo exchange under mpirun -np 2 (${ov_args[*]})"
mpirun_np 2 "$pb" io overlap --mode all "${ov_args[@]}" --reps "$reps" --csv "$tmp/ov.csv" 2> /dev/null |
    grep -E "^(blocking|nonblocking|progress): "
echo

ck_args=(--doubles 2^21 --steps 20 --every 5 --file "$ckdir/bench_io_checkpoint.bin")
echo "== 4. io checkpoint: MPI-IO to one shared file under mpirun -np 2 (${ck_args[*]})"
for sync in "" --fsync; do
    echo "-- ${sync:-without --fsync (the page cache absorbs the writes)}"
    mpirun_np 2 "$pb" io checkpoint --mode all "${ck_args[@]}" $sync --reps "$reps" 2> /dev/null |
        grep -E "^(blocking|nonblocking): "
done
rm -f "$ckdir/bench_io_checkpoint.bin"
