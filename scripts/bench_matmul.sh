#!/usr/bin/env bash
# Matrix multiply: GFLOP/s of naive, serial, omp, blas, blas-omp and mpi at each size,
# measured in one run, against the machine's own FMA roof (`parbench peak`) and OpenBLAS
# at its best: every row must verify and all variants must print the same checksum.
#
# Side by side: each of --rounds rounds first measures the roof (`parbench peak`: FMA at
# one core and at --threads cores), then runs serial, omp, blas and blas-omp (one
# parbench process) and then mpi, --reps timed repetitions each (their median) after two
# warm-ups (MPI needs a few runs to settle); every other round runs the kernels in the
# reverse order. GFLOP/s are medians over the rounds and each ratio is the median of the
# per-round ratios, so a load that comes and goes (a shared machine) hits both sides of a
# ratio alike. "% roof" is a row's pct_peak: its GFLOP/s over the FMA roof of the same
# round for its worker count (serial: one core; omp, blas-omp, mpi: all --threads).
# OpenBLAS runs with the kernel of this CPU (OPENBLAS_CORETYPE=SkylakeX where AVX-512
# runs, Haswell otherwise) and its own cache sizes (OPENBLAS_L2_SIZE unset), for that one
# command only. Times are measured inside parbench. naive is one process with
# --naive-reps repetitions (its median).
#   scripts/bench_matmul.sh [--sizes "1024 2048"] [--rounds R] [--reps R] [--naive-reps R] [--threads T] [--np P]
#                           [--blas-env keep]
# --blas-env keep: OpenBLAS with the environment as it is (the tests: they never change it).
# Uses ${PARBENCH_BUILD_DIR:-build}/parbench, building it first when it is missing.
# naive is slow (about 7 s at n = 1024, a minute at 2048): --naive-reps 0 skips it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PARBENCH_BUILD_DIR:-$root/build}
pb="$build/parbench"
sizes="1024 2048" rounds=7 reps=3 naive_reps=3 threads=2 np=2 blas_env=best
ACCEPTED="--sizes \"N ...\", --rounds R, --reps R, --naive-reps R, --threads T, --np P, --blas-env keep"
. "$root/scripts/args.sh"
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --sizes) need_value "$@"; sizes=$2; shift 2 ;;
        --rounds) need_value "$@"; rounds=$2; shift 2 ;;
        --reps) need_value "$@"; reps=$2; shift 2 ;;
        --naive-reps) need_value "$@"; naive_reps=$2; shift 2 ;;
        --threads) need_value "$@"; threads=$2; shift 2 ;;
        --np) need_value "$@"; np=$2; shift 2 ;;
        --blas-env) need_value "$@"; blas_env=$2; shift 2
            [ "$blas_env" = keep ] || die "--blas-env '$blas_env': expected keep (OpenBLAS with the environment as it is)" ;;
        *) die "unknown option '$1'" ;;
    esac
done
[[ "$sizes" =~ [^[:space:]] ]] || die "--sizes needs at least one size"
whole --rounds "$rounds" 1
whole --reps "$reps" 1
whole --naive-reps "$naive_reps" 0
whole --threads "$threads" 1
whole --np "$np" 1
[ -x "$pb" ] || PARBENCH_BUILD_DIR=$build "$root/scripts/build.sh"
. "$root/scripts/mpi_launcher.sh"
csv=$(mktemp /tmp/bench_matmul.XXXXXX.csv); rm -f "$csv"
trap 'rm -f "$csv" "$csv.peak"' EXIT

locals=serial,omp
"$pb" info 2>/dev/null | grep -q '^blas *none' || locals=$locals,blas,blas-omp
# OpenBLAS at its best on this CPU, for its own command only (never in tests or CI)
coretype=Haswell
grep -qw avx512f /proc/cpuinfo 2> /dev/null && coretype=SkylakeX
blas_cmd=(env -u OPENBLAS_L2_SIZE "OPENBLAS_CORETYPE=$coretype")
if [ "$blas_env" = keep ]; then coretype="${OPENBLAS_CORETYPE:-auto} (the environment's)"; blas_cmd=(); fi
have_mpi=0
if "$pb" --version | grep -q "MPI yes"; then
    mpi_setup "$build" || { echo "bench_matmul.sh: $MPI_WHY" >&2; exit 2; }
    mpi_cmd "$np" none 1
    have_mpi=1
fi
read -ra size_list <<< "$sizes" # words, never file names (no globbing)
for n in "${size_list[@]}"; do
    echo "n = $n: $rounds rounds of peak,$locals$([ "$have_mpi" = 1 ] && echo ",mpi") ..." >&2
    for r in $(seq "$rounds"); do
        one=(--size "$n" --reps "$reps" --warmup 2 --csv "$csv" --quiet --tag "round$r")
        # (the triad at 2^24 elements: 400 MB, past any real cache; matmul is bound by the FMA roof)
        "$pb" peak --threads "$threads" --triad-elements 2^24 --csv "$csv" > /dev/null 2> "$csv.peak" ||
            { cat "$csv.peak" >&2; exit 3; }
        run_local() { ${blas_cmd[@]+"${blas_cmd[@]}"} "$pb" run matmul --variant "$locals" --threads "$threads" "${one[@]}"; }
        run_mpi() { [ "$have_mpi" = 0 ] || "${MPI_CMD[@]}" "$pb" run matmul --variant mpi "${one[@]}"; }
        if [ $((r % 2)) = 1 ]; then run_local; run_mpi; else run_mpi; run_local; fi
    done
    if [ "$naive_reps" -gt 0 ]; then
        echo "n = $n: naive, $naive_reps repetitions ..." >&2
        "$pb" run matmul --variant naive --size "$n" --reps "$naive_reps" --warmup 0 --csv "$csv" --quiet --tag naive
    fi
done

echo "machine: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) hardware threads; OpenBLAS core $coretype"
python3 "$root/scripts/csv_by_name.py" tsv "$csv" | awk -F'\t' -v rounds="$rounds" -v nreps="$naive_reps" -v threads="$threads" -v np="$np" '
    function median(list,    a, k, m, i, j, x) {
        k = split(list, a, " ")
        for (i = 2; i <= k; i++) { x = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
        return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["kernel"] != "matmul" { next }   # the roof rows: read through each row'"'"'s pct_peak
    {
        n = $c["size"]; v = $c["variant"]; tag = $c["tag"]
        if (!(n in seen)) { seen[n] = 1; order[++count] = n }
        times[n, v] = times[n, v] " " $c["time_s"]
        if ($c["pct_peak"] != "") roof[n, v] = roof[n, v] " " $c["pct_peak"]
        if (v == "naive") naive[n] = $c["time_s"]   # already the median of its repetitions
        else t[n, tag, v] = $c["time_s"]
        if ($c["verified"] != "true") { bad = 1; print "NOT VERIFIED: " v " n=" n > "/dev/stderr" }
        if ((n in res) && res[n] != $c["result"]) { bad = 1; print "RESULTS DIFFER at n=" n > "/dev/stderr" }
        res[n] = $c["result"]
    }
    function gf(n, v) {
        if (v == "naive") return (n in naive) ? sprintf("%8.2f", 2 * n^3 / naive[n] / 1e9) : sprintf("%8s", "-")
        return ((n, v) in times) ? sprintf("%8.2f", 2 * n^3 / median(times[n, v]) / 1e9) : sprintf("%8s", "-")
    }
    # the median of the rounds'"'"' pct_peak (a roof measured while the cores were taken is
    # no roof: that round has none, and with no round left the column reads "-")
    function pct(n, v) { return ((n, v) in roof) ? sprintf("%7.1f%%", median(roof[n, v])) : sprintf("%8s", "-") }
    # median over rounds of time(b) / time(a) within the same round
    function ratio(n, a, b,    r, list) {
        list = ""
        for (r = 1; r <= rounds; r++)
            if ((n, "round" r, a) in t && (n, "round" r, b) in t) list = list " " t[n, "round" r, b] / t[n, "round" r, a]
        return list == "" ? sprintf("%11s", "-") : sprintf("%11.2f", median(list))
    }
    END {
        printf "matmul C = A*B (double): GFLOP/s = 2n^3 / median time over %d rounds (naive: median of %d reps);\n", rounds, nreps
        printf "ratios are medians of per-round ratios; omp and blas-omp %d threads, mpi %d ranks\n", threads, np
        printf "%6s %8s %8s %8s %8s %8s %8s %8s %8s %8s %11s %11s %11s %11s\n", "n", "naive", "serial", "omp", "blas", "blas-omp", "mpi",
            "ser%roof", "omp%roof", "mpi%roof", "serial/blas", "omp/serial", "omp/blasomp", "mpi/serial"
        for (i = 1; i <= count; i++) {
            n = order[i]
            printf "%6d %s %s %s %s %s %s %s %s %s %s %s %s %s\n", n, gf(n, "naive"), gf(n, "serial"), gf(n, "omp"), gf(n, "blas"),
                gf(n, "blas-omp"), gf(n, "mpi"), pct(n, "serial"), pct(n, "omp"), pct(n, "mpi"),
                ratio(n, "serial", "blas"), ratio(n, "omp", "serial"), ratio(n, "omp", "blas-omp"), ratio(n, "mpi", "serial")
        }
        printf "(serial/blas = blas time / serial time: the fraction of OpenBLAS single-thread speed reached;\n"
        printf " omp/blasomp the same on %d threads; %%roof: of `parbench peak`'"'"'s FMA roof for the row'"'"'s cores)\n", threads
        printf "every variant verified with the same checksum: %s\n", bad ? "NO" : "yes"
        exit bad
    }'
