#!/usr/bin/env bash
# Monte Carlo pi: ns per sample (serial) and the 2-thread and 2-rank speedups, measured
# side by side in one run, medians of --reps repetitions (time measured inside parbench).
#   scripts/bench_montecarlo.sh [--size N] [--reps R]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PARBENCH_BUILD_DIR:-$root/build}
pb=$build/parbench
size=1e9 reps=7
ACCEPTED="--size N, --reps R"
. "$root/scripts/args.sh"
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --size) need_value "$@"; size=$2; shift 2 ;;
        --reps) need_value "$@"; reps=$2; shift 2 ;;
        *) die "unknown option '$1'" ;;
    esac
done
[ -x "$pb" ] || { echo "bench_montecarlo.sh: no parbench at $pb: run scripts/build.sh" >&2; exit 2; }
. "$root/scripts/mpi_launcher.sh"
csv=$(mktemp /tmp/bench_mc.XXXXXX.csv); rm -f "$csv"
trap 'rm -f "$csv"' EXIT
common=(--size "$size" --reps "$reps" --warmup 1 --csv "$csv" --quiet)
"$pb" run montecarlo --variant serial "${common[@]}"
"$pb" run montecarlo --variant omp --threads 2 "${common[@]}"
if "$pb" --version | grep -q "MPI yes"; then
    mpi_setup "$build" || die "$MPI_WHY"
    mpi_cmd 2 core 0
    "${MPI_CMD[@]}" "$pb" run montecarlo --variant mpi "${common[@]}"
fi
python3 "$root/scripts/csv_by_name.py" tsv "$csv" | awk -F'\t' '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } # columns by name
    { v = $c["variant"]; n = $c["size"]; t[v] = $c["time_s"]; cv[v] = $c["cv"]; res[v] = $c["result"] }
    END {
        printf "Monte Carlo pi, %d samples, median of the repetitions (cv in brackets)\n", n
        printf "  serial  %.3f s  %.3f ns/sample  [cv %.1f%%]\n", t["serial"], t["serial"] / n * 1e9, 100 * cv["serial"]
        printf "  omp x2  %.3f s  %.3f ns/sample per core  speedup %.2fx  [cv %.1f%%]\n", t["omp"], 2 * t["omp"] / n * 1e9, t["serial"] / t["omp"], 100 * cv["omp"]
        if ("mpi" in t)
            printf "  mpi x2  %.3f s  %.3f ns/sample per core  speedup %.2fx  [cv %.1f%%]\n", t["mpi"], 2 * t["mpi"] / n * 1e9, t["serial"] / t["mpi"], 100 * cv["mpi"]
        same = res["serial"] == res["omp"] && (!("mpi" in res) || res["mpi"] == res["serial"])
        printf "  result %s in every variant: %s\n", res["serial"], same ? "identical" : "DIFFERENT"
        exit !same
    }'
