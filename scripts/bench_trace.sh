#!/usr/bin/env bash
# What --trace costs a kernel run (issue 16: at most 2%). Paired runs of the same kernel
# and size, without and with --trace, in interleaved rounds (plain first in odd rounds,
# traced first in even ones, so a drift of the machine's load hits both alike); per round
# the ratio of the two runs' median times; the overhead is the median of those ratios,
# minus one. With --trace every chunk's span goes into a buffer allocated before the run;
# the file is written after the timed repetitions, so it is not in the times. The CPU
# seconds of the two runs are compared the same way: other jobs on a busy machine stretch
# the wall time of a round far more than they change the CPU time the run itself spends.
#   scripts/bench_trace.sh [--rounds R] [--reps R] [--montecarlo-size N] [--matmul-size N]
# Defaults: 11 rounds of runs of 3 repetitions (after 1 warm-up), omp on 2 threads, sizes
# of about half a second each here (Monte Carlo 1.3e9 samples, matmul n = 3072).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pb="${PARBENCH_BUILD_DIR:-$root/build}/parbench"
rounds=11 reps=3 mc_size=1.3e9 mm_size=3072
ACCEPTED="--rounds R, --reps R, --montecarlo-size N, --matmul-size N"
. "$root/scripts/args.sh"
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --rounds) need_value "$@"; whole rounds "$2" 1; rounds=$2; shift 2 ;;
        --reps) need_value "$@"; whole reps "$2" 1; reps=$2; shift 2 ;;
        --montecarlo-size) need_value "$@"; mc_size=$2; shift 2 ;;
        --matmul-size) need_value "$@"; mm_size=$2; shift 2 ;;
        -h|--help) usage ;;
        *) die "unknown option '$1'" ;;
    esac
done
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first"
tmp=$(mktemp -d /tmp/bench_trace.XXXXXX)
trap 'rm -rf -- "$tmp"' EXIT
kernels=("montecarlo $mc_size" "matmul $mm_size")
for k in "${kernels[@]}"; do # the sizes are judged by parbench before anything runs
    read -r name size <<< "$k"
    why=$("$pb" run "$name" --variant omp --threads 2 --size "$size" --dry-run --quiet 2>&1) || {
        why=${why#parbench: }; die "--$name-size ${why#--size }"; }
done

# times CSV: "time_s cpu_s" of its last row (columns by name), if it was verified
times() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { t = $c["time_s"] " " $c["cpu_s"]; v = $c["verified"] }
                   END { if (v != "true") exit 1; print t }' "$1"; }

echo "== --trace overhead: omp on 2 threads; $rounds interleaved rounds of paired runs of $reps repetitions"
echo "   (plain and traced back to back, their order alternating); the ratio traced / plain per round"
for k in "${kernels[@]}"; do
    read -r name size <<< "$k"
    ratios=() cpu_ratios=() plain_t=() traced_t=() plain_c=() traced_c=()
    for ((r = 1; r <= rounds; r++)); do
        order=(plain traced)
        [ $((r % 2)) = 1 ] || order=(traced plain)
        for how in "${order[@]}"; do
            rm -f "$tmp/$how.csv"
            args=(run "$name" --variant omp --threads 2 --size "$size" --reps "$reps" --warmup 1 --csv "$tmp/$how.csv" --quiet)
            [ "$how" = plain ] || args+=(--trace "$tmp/trace.json")
            "$pb" "${args[@]}" || { echo "bench_trace.sh: $name run failed (exit $?)" >&2; exit 1; }
            read -r t c < <(times "$tmp/$how.csv") || { echo "bench_trace.sh: $name: a run was not verified" >&2; exit 1; }
            if [ "$how" = plain ]; then plain_t+=("$t") plain_c+=("$c"); else traced_t+=("$t") traced_c+=("$c"); fi
        done
        ratios+=("$(awk -v a="${traced_t[-1]}" -v b="${plain_t[-1]}" 'BEGIN { printf "%.6f", a / b }')")
        cpu_ratios+=("$(awk -v a="${traced_c[-1]}" -v b="${plain_c[-1]}" 'BEGIN { printf "%.6f", (b > 0 ? a / b : 1) }')")
    done
    spans=$(grep -c '"ph":"[Xb]"' "$tmp/trace.json" || true)
    printf '%s\n' "${ratios[@]}" | sort -g > "$tmp/ratios"
    printf '%s\n' "${plain_t[@]}" | sort -g > "$tmp/plain"
    printf '%s\n' "${traced_t[@]}" | sort -g > "$tmp/traced"
    printf '%s\n' "${cpu_ratios[@]}" | sort -g > "$tmp/cpu"
    paste "$tmp/ratios" "$tmp/plain" "$tmp/traced" "$tmp/cpu" | awk -v name="$name" -v size="$size" -v spans="$spans" -v reps="$reps" '
        { r[NR] = $1; p[NR] = $2; t[NR] = $3; c[NR] = $4 }
        function median(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        END {
            m = median(r, NR); mc = median(c, NR)
            printf "%-10s size %-8s plain %.4f s  traced %.4f s  overhead %+.2f%%  (rounds from %+.2f%% to %+.2f%%; %d spans in a run of %d repetitions, warm-up included)\n",
                name, size, median(p, NR), median(t, NR), 100 * (m - 1), 100 * (r[1] - 1), 100 * (r[NR] - 1), spans, reps + 1
            printf "%-10s CPU time: overhead %+.2f%%  (rounds from %+.2f%% to %+.2f%%)\n", "", 100 * (mc - 1), 100 * (c[1] - 1), 100 * (c[NR] - 1)
            printf "%s %.6f\n", name, m > "/dev/stderr"
        }' 2>> "$tmp/medians"
done
awk '{ worst = $2 > worst ? $2 : worst } END {
        printf "verdict: median overhead at most 2%% for every kernel: %s (largest %+.2f%%)\n", worst <= 1.02 ? "yes" : "NO", 100 * (worst - 1) }' \
    "$tmp/medians"
