#!/usr/bin/env bash
# The figures of the I/O-simulation drivers, in one run: waiting that overlaps, without
# more cores.
#   1. io latency: blocking vs nonblocking vs threads vs uring at a few request counts,
#      client CPU next to wall time; the target run (10,000 requests of 10 ms, all in
#      flight, < 0.15 s)
#   2. per-request overhead above the ideal, (wall - 10 ms) / 10,000 requests: uring
#      (io_uring completions) vs nonblocking (poll readiness) vs Python asyncio.gather
#      (scripts/asyncio_client.py), same device process and protocol, in ROUNDS interleaved
#      rounds (every other round in reverse order); medians over the rounds, ratios the
#      medians of the per-round ratios (goal: uring <= 0.3 us a request)
#   3. io overlap under mpirun -np 2: OSU and IMB overlap of the three modes
#   4. io checkpoint under mpirun -np 2 and -np 1: blocking vs nonblocking (MPI-IO) vs
#      uring (io_uring), without and with --fsync; 20 steps of computing between
#      checkpoints, about 14 ms, longer than what a checkpoint leaves to the kernel (its
#      write and the removal of the one it replaces), so that the overlap can be whole
# Uses build/ (or PARBENCH_BUILD_DIR); REPS (default 5) timed repetitions per figure;
# ROUNDS (default 5) rounds of figure 2; CKPT_DIR (default: a fresh directory under /tmp)
# holds the checkpoint file. Without liburing (or where the kernel refuses io_uring) the
# uring rows are left out, saying so.
# Timings on a shared machine are noisy: every figure is a median, and the ones compared
# are measured in this same run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PARBENCH_BUILD_DIR:-$root/build}
pb=$build/parbench
reps=${REPS:-5} rounds=${ROUNDS:-5}
[ $# -eq 0 ] || { echo "bench_io.sh: takes no options (got '$1'); set REPS=R, ROUNDS=R and CKPT_DIR=DIR in the environment" >&2; exit 2; }
case "$reps" in
    '' | *[!0-9]* | 0) echo "bench_io.sh: REPS must be a whole number of repetitions >= 1, not '$reps'" >&2; exit 2 ;;
esac
case "$rounds" in
    '' | *[!0-9]* | 0) echo "bench_io.sh: ROUNDS must be a whole number of rounds >= 1, not '$rounds'" >&2; exit 2 ;;
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
# uring: in this build, and accepted by this kernel (a container's seccomp filter may refuse it)
uring=uring
if ! "$pb" io latency --mode uring --requests 1 --latency 0 --reps 1 --warmup 0 --quiet > /dev/null 2> "$tmp/uring.err"; then
    echo "(uring left out: $(head -1 "$tmp/uring.err"))"
    uring=""
fi
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
[ -z "$uring" ] || lat 100 uring
lat 1000 nonblocking
lat 1000 threads --threads 1000
[ -z "$uring" ] || lat 1000 uring
echo "(blocking at 1000 requests would wait 1000 x 10 ms = 10 s per run: vs_blocking uses that ideal)"
echo

echo "== target: 10,000 requests of 10 ms, 10,000 in flight (goal: under 0.15 s wall; ideal 0.01 s)"
for mode in nonblocking $uring; do
    "$pb" io latency --mode "$mode" --requests 10000 --latency 10 --inflight 10000 --reps "$reps" \
        --csv "$tmp/target-$mode.csv" --quiet
    wall=$(field time_s "$tmp/target-$mode.csv")
    cpu=$(field cpu_s "$tmp/target-$mode.csv")
    verdict=$(awk -v w="$wall" 'BEGIN { print (w < 0.15 ? "met" : "MISSED") }')
    printf "%-12s wall %.4f s, client CPU %.4f s, %s requests in flight on average: target %s\n" "$mode" "$wall" "$cpu" \
        "$(field concurrency "$tmp/target-$mode.csv")" "$verdict"
    if command -v taskset > /dev/null; then
        taskset -c 0 "$pb" io latency --mode "$mode" --requests 10000 --latency 10 --inflight 10000 --reps "$reps" \
            --csv "$tmp/pinned-$mode.csv" --quiet
        printf "%-12s the same, client and device pinned to one core (taskset -c 0): wall %.4f s, client CPU %.4f s\n" \
            "$mode" "$(field time_s "$tmp/pinned-$mode.csv")" "$(field cpu_s "$tmp/pinned-$mode.csv")"
    fi
done
echo

echo "== 2. per-request overhead above the ideal, (wall - 10 ms) / 10,000 requests: nonblocking${uring:+, uring}, asyncio"
echo "   (10,000 requests of 10 ms, all in flight, each client to its own 'parbench io device' process over a"
echo "   socketpair, every reply checked; $rounds interleaved rounds of $reps repetitions, every other round reversed)"
# one_client ROUND CLIENT: appends "ROUND CLIENT wall_s cpu_s" (the medians of the repetitions)
one_client() {
    local wall cpu out
    case "$2" in
        asyncio)
            out=$(python3 "$root/scripts/asyncio_client.py" --parbench "$pb" --requests 10000 --latency 10 --reps "$reps")
            wall=$(sed -E 's/.*wall_s=([^ ]+).*/\1/' <<< "$out") cpu=$(sed -E 's/.*cpu_s=([^ ]+).*/\1/' <<< "$out") ;;
        *)
            "$pb" io latency --mode "$2" --requests 10000 --latency 10 --reps "$reps" --csv "$tmp/round.csv" --quiet
            wall=$(field time_s "$tmp/round.csv") cpu=$(field cpu_s "$tmp/round.csv") ;;
    esac
    echo "$1 $2 $wall $cpu" >> "$tmp/rounds.txt"
}
clients=(nonblocking $uring asyncio)
: > "$tmp/rounds.txt"
for k in $(seq "$rounds"); do
    order=("${clients[@]}")
    [ $((k % 2)) = 1 ] || order=($(printf '%s\n' "${clients[@]}" | tac))
    for c in "${order[@]}"; do one_client "$k" "$c"; done
done
awk -v rounds="$rounds" '
    function median(list,    a, k, i, j, x) {
        k = split(list, a, " ")
        for (i = 2; i <= k; i++) { x = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
        return k == 0 ? "" : k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    function over(w) { return (w - 0.010) / 10000 * 1e6 } # us a request above the ideal
    { wall[$2] = wall[$2] " " $3; cpu[$2] = cpu[$2] " " $4; o[$1, $2] = over($3); seen[$2] = 1 }
    # the per-round ratios of overheads a / b, as a list (a round below the timer noise: none)
    function ratios(a, b,    k, list) {
        for (k = 1; k <= rounds; k++)
            if (((k, a) in o) && ((k, b) in o) && o[k, b] > 0) list = list " " sprintf("%.2f", o[k, a] / o[k, b])
        return list
    }
    END {
        printf "%-26s %10s %12s %16s %12s\n", "client", "wall_s", "client_cpu_s", "overhead_us/req", "cpu_us/req"
        n = split("nonblocking uring asyncio", names, " ")
        split("parbench nonblocking (poll)|parbench uring (io_uring)|python asyncio", shown, "|")
        for (i = 1; i <= n; i++) {
            c = names[i]
            if (!(c in seen)) continue
            w = median(wall[c]); u = median(cpu[c])
            printf "%-26s %10.4f %12.4f %16.3f %12.3f\n", shown[i], w, u, over(w), u / 10000 * 1e6
        }
        if ("uring" in seen) {
            r1 = median(ratios("nonblocking", "uring")); r2 = median(ratios("asyncio", "uring"))
            printf "overhead ratios, medians of the per-round ratios: nonblocking / uring %s, asyncio / uring %s\n",
                   r1 == "" ? "- (uring below the timer noise)" : sprintf("%.2fx", r1),
                   r2 == "" ? "-" : sprintf("%.1fx", r2)
            printf "per-round nonblocking / uring:%s; asyncio / uring:%s\n", ratios("nonblocking", "uring"), ratios("asyncio", "uring")
            printf "goal, uring overhead <= 0.3 us a request: %s\n", over(median(wall["uring"])) <= 0.3 ? "met" : "MISSED"
        }
        r3 = median(ratios("asyncio", "nonblocking"))
        if (r3 == "") print "asyncio overhead / nonblocking: nonblocking is below the timer noise"
        else printf "asyncio overhead / nonblocking: %.1fx (goal: 10x)\n", r3
    }' "$tmp/rounds.txt"
echo

ov_args=(--cells 2^20 --bytes 2^20 --iters 20 --test-every 16384)
echo "== 3. io overlap: ring halo exchange under mpirun -np 2 (${ov_args[*]})"
mpirun_np 2 "$pb" io overlap --mode all "${ov_args[@]}" --reps "$reps" --csv "$tmp/ov.csv" 2> /dev/null |
    grep -E "^(blocking|nonblocking|progress): "
echo

ck_args=(--doubles 2^21 --steps 90 --every 20 --file "$ckdir/bench_io_checkpoint.bin")
echo "== 4. io checkpoint: to one shared file, MPI-IO and io_uring (${ck_args[*]})"
for np in 2 1; do
    for sync in "" --fsync; do
        echo "-- mpirun -np $np ($([ "$np" = 1 ] && echo "a core left for the kernel's workers" || echo "every core computing")), ${sync:-without --fsync (the page cache absorbs the writes)}"
        mpirun_np "$np" "$pb" io checkpoint --mode "blocking,nonblocking${uring:+,uring}" "${ck_args[@]}" $sync --reps "$reps" 2> /dev/null |
            grep -E "^(blocking|nonblocking|uring): "
    done
done
rm -f "$ckdir/bench_io_checkpoint.bin"
