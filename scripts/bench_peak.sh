#!/usr/bin/env bash
# parbench peak against independent tools, side by side in one run: likwid-bench
# (peakflops_avx512_fma or peakflops_avx_fma, stream_mem_avx512 or stream_mem_avx, by
# the CPU's flags) and plain loops of our own (scripts/peak_plain.c: the textbook FMA
# loop and STREAM triad, compiled here with cc -O3 -march=native -fopenmp). Four
# figures: FP64 FMA GFLOP/s and triad GB/s, each on 1 core and on T cores.
#
# Each round runs parbench peak, likwid-bench and the plain loops, each its own process
# (every other round in the reverse order, so a load that comes and goes hits all alike),
# and each reports the median of its own repetitions. The table shows the medians over
# the rounds, and each ratio is the median of the per-round ratios. The triad arrays are
# the same size in all three (parbench's default: 4x the last-level cache, or
# --triad-elements). likwid-bench may fail where it cannot pin threads or read the
# topology (a container, a VM): its column is then '-' with the reason on stderr.
#   scripts/bench_peak.sh [--rounds R] [--threads T] [--triad-elements N] [--quick]
# --quick: small sizes, to check that it runs (the figures mean nothing). Uses
# ${PARBENCH_BUILD_DIR:-build}/parbench, building it first when it is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PARBENCH_BUILD_DIR:-$root/build}
pb="$build/parbench"
rounds=5 threads="" elements="" quick=0
ACCEPTED="--rounds R, --threads T, --triad-elements N, --quick"
. "$root/scripts/args.sh"
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --rounds) need_value "$@"; rounds=$2; shift 2 ;;
        --threads) need_value "$@"; threads=$2; shift 2 ;;
        --triad-elements) need_value "$@"; elements=$2; shift 2 ;;
        --quick) quick=1; shift ;;
        -h|--help) usage ;;
        *) die "unknown option '$1'" ;;
    esac
done
whole --rounds "$rounds" 1
[ -z "$threads" ] || whole --threads "$threads" 1
[ -z "$elements" ] || [[ "$elements" =~ ^[1-9][0-9]{3,10}$ ]] ||
    die "--triad-elements must be a whole number from 1000 to 99999999999 (plain digits), not '$elements'"
[ -x "$pb" ] || PARBENCH_BUILD_DIR=$build "$root/scripts/build.sh" >&2
[ -n "$threads" ] || threads=$("$pb" info --json | sed -n 's/^  "usable_cores": \([0-9]*\),/\1/p')

work=$(mktemp -d /tmp/bench_peak.XXXXXX)
trap 'rm -rf "$work"' EXIT
cc -O3 -march=native -fopenmp -o "$work/plain" "$root/scripts/peak_plain.c" ||
    die "cannot compile scripts/peak_plain.c with cc -O3 -march=native -fopenmp"

# sizes: parbench's own (2^24 FMA steps, about 0.1 s; STREAM's 4x the last-level cache),
# the plain FMA loop's steps for about as long (128 accumulators a step, parbench 64-128)
pb_size=() fma_plain=20000000 reps=5 likwid_fma_s=0.5
if [ "$quick" = 1 ]; then
    pb_size=(--fma-steps 2^16) fma_plain=100000 reps=2 likwid_fma_s=0.05
    [ -n "$elements" ] || elements=1048576
fi
[ -z "$elements" ] || pb_size+=(--triad-elements "$elements")
# an untimed parbench run first: it warms up, and its triad row says the array size
"$pb" peak --threads "$threads" --reps 1 --warmup 0 "${pb_size[@]}" --csv "$work/size.csv" --quiet ||
    die "parbench peak failed (see above)"
elements=$(python3 "$root/scripts/csv_by_name.py" select "$work/size.csv" size variant=triad threads=1)
isa=$(python3 "$root/scripts/csv_by_name.py" select "$work/size.csv" notes variant=fma threads=1 | sed 's/^isa=//; s/;.*//')
[[ "$elements" =~ ^[0-9]+$ ]] || die "cannot read the triad size from parbench's row"

# likwid-bench: its kernels for this CPU, or the reason it is left out
flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
if [[ " $flags " == *" avx512f "* ]]; then lk_fma=peakflops_avx512_fma lk_stream=stream_mem_avx512
elif [[ " $flags " == *" fma "* && " $flags " == *" avx2 "* ]]; then lk_fma=peakflops_avx_fma lk_stream=stream_mem_avx
else lk_fma=peakflops_sse lk_stream=stream_mem_sse; fi
likwid_why=""
if ! command -v likwid-bench > /dev/null; then
    likwid_why="likwid-bench is not installed (Debian package likwid; scripts/setup.sh installs it)"
elif ! likwid-bench -t "$lk_fma" -W "N:16kB:1" -i 10 > "$work/lk.out" 2>&1 || ! grep -q '^MFlops/s:' "$work/lk.out"; then
    likwid_why="likwid-bench -t $lk_fma failed here: $(grep -v '^-*$' "$work/lk.out" | tail -1)"
fi
[ -z "$likwid_why" ] || echo "bench_peak.sh: no likwid-bench column: $likwid_why" >&2
# likwid-bench's own -s undercounts iterations on short kernels: the FMA iterations are
# scaled from a short run instead, to last about likwid_fma_s seconds
declare -A lk_iters=()
likwid_fma() { # T: GFLOP/s of 16 kB (in L1) per thread
    local w="N:$((16 * $1))kB:$1" t
    if [ -z "${lk_iters[$1]:-}" ]; then
        t=$(likwid-bench -t "$lk_fma" -W "$w" -i 1000 2>&1 | awk '/^Time:/ { print $2 }')
        lk_iters[$1]=$(awk -v t="$t" -v s="$likwid_fma_s" 'BEGIN { n = t > 0 ? 1000 * s / t : 1000; print n < 1000 ? 1000 : int(n) }')
    fi
    likwid-bench -t "$lk_fma" -W "$w" -i "${lk_iters[$1]}" 2>&1 | awk '/^MFlops\/s:/ { print $2 / 1000 }'
}
likwid_stream() { # T: GB/s of three arrays of $elements doubles (MByte/s: 10^6 bytes)
    local kb=$((3 * elements * 8 / 1000))
    likwid-bench -t "$lk_stream" -W "N:${kb}kB:$1" -i "$((reps * 4))" 2>&1 | awk '/^MByte\/s:/ { print $2 / 1000 }'
}

# one_round K: every tool's four figures, as lines "figure tool round value"
parbench_figures() {
    rm -f "$work/round.csv"
    "$pb" peak --threads "$threads" --reps "$reps" "${pb_size[@]}" --csv "$work/round.csv" --quiet
    python3 "$root/scripts/csv_by_name.py" select "$work/round.csv" variant,threads,throughput,verified |
        awk -v k="$1" -v t="$threads" '$4 != "true" { print "bench_peak.sh: parbench " $1 " not verified" > "/dev/stderr"; exit 1 }
            { print $1 ($2 == 1 ? "-1" : "-T"), "parbench", k, $3 }
            t == 1 { print $1 "-T", "parbench", k, $3 }'
}
likwid_figures() {
    [ -z "$likwid_why" ] || return 0
    echo "fma-1 likwid $1 $(likwid_fma 1)"
    echo "fma-T likwid $1 $(likwid_fma "$threads")"
    echo "triad-1 likwid $1 $(likwid_stream 1)"
    echo "triad-T likwid $1 $(likwid_stream "$threads")"
}
plain_figures() {
    echo "fma-1 plain $1 $("$work/plain" fma 1 "$fma_plain" "$reps")"
    echo "fma-T plain $1 $("$work/plain" fma "$threads" "$fma_plain" "$reps")"
    echo "triad-1 plain $1 $("$work/plain" triad 1 "$elements" "$reps")"
    echo "triad-T plain $1 $("$work/plain" triad "$threads" "$elements" "$reps")"
}
: > "$work/figures"
for k in $(seq "$rounds"); do
    echo "round $k of $rounds ..." >&2
    order=(parbench likwid plain)
    [ $((k % 2)) = 1 ] || order=(plain likwid parbench)
    for tool in "${order[@]}"; do "${tool}_figures" "$k" >> "$work/figures"; done
done

awk -v threads="$threads" -v rounds="$rounds" -v n="$elements" -v lk="$lk_fma, $lk_stream" -v isa="$isa" '
    function median(list,    a, k, i, j, x) {
        k = split(list, a, " ")
        for (i = 2; i <= k; i++) { x = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
        return k == 0 ? -1 : k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    $4 + 0 > 0 { v[$1, $2, $3] = $4; all[$1, $2] = all[$1, $2] " " $4 }
    function ratios(f, a, b,    k, list) {
        for (k = 1; k <= rounds; k++)
            if ((f, a, k) in v && (f, b, k) in v) list = list " " sprintf("%.3f", v[f, a, k] / v[f, b, k])
        return list
    }
    function cell(x, fmt) { return x < 0 ? sprintf("%10s", "-") : sprintf(fmt, x) }
    END {
        printf "parbench peak (%s) vs likwid-bench (%s) vs plain loops (cc -O3 -march=native);\n", isa, lk
        printf "T = %d threads, triad arrays of %d doubles; medians over %d rounds, ratios medians of the per-round ratios\n",
               threads, n, rounds
        printf "%-22s %10s %10s %10s | %10s %10s\n", "figure", "parbench", "likwid", "plain", "pb/likwid", "pb/plain"
        split("fma-1 fma-T triad-1 triad-T", fig, " ")
        for (i = 1; i <= 4; i++) {
            f = fig[i]
            name = (f ~ /^fma/ ? "FMA GFLOP/s" : "triad GB/s") (f ~ /-1$/ ? ", 1 core" : ", " threads " cores")
            printf "%-22s %s %s %s | %s %s\n", name, cell(median(all[f, "parbench"]), "%10.4g"),
                   cell(median(all[f, "likwid"]), "%10.4g"), cell(median(all[f, "plain"]), "%10.4g"),
                   cell(median(ratios(f, "parbench", "likwid")), "%10.3f"), cell(median(ratios(f, "parbench", "plain")), "%10.3f")
        }
        printf "per-round ratios pb/likwid; pb/plain:\n"
        for (i = 1; i <= 4; i++)
            printf "  %-8s%s;%s\n", fig[i], ratios(fig[i], "parbench", "likwid"), ratios(fig[i], "parbench", "plain")
    }' "$work/figures"
