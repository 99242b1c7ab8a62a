#!/usr/bin/env bash
# Prime sieve against primesieve (Kim Walisch's, the reference for speed): our serial,
# omp and mpi times next to `primesieve -t1` and `-t2` at each N, in one run. The runs
# are interleaved in rounds (ours, then primesieve's) so that load from other users of
# the machine hits both alike; each figure is the median over the rounds, and the
# ratios are of those medians. Every parbench row must verify with the same pi(N), and
# primesieve's count must agree.
#   scripts/bench_sieve.sh [--sizes "1e9 1e10"] [--rounds R] [--threads T] [--np P]
# Uses ${PARBENCH_BUILD_DIR:-build}/parbench, building it first when it is missing, and
# installs primesieve (Debian package `primesieve`) when it is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PARBENCH_BUILD_DIR:-$root/build}
pb="$build/parbench"
sizes="1e9 1e10" rounds=5 threads=2 np=2
ACCEPTED="--sizes \"N ...\", --rounds R, --threads T, --np P"
. "$root/scripts/args.sh"
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --sizes) need_value "$@"; sizes=$2; shift 2 ;;
        --rounds) need_value "$@"; rounds=$2; shift 2 ;;
        --threads) need_value "$@"; threads=$2; shift 2 ;;
        --np) need_value "$@"; np=$2; shift 2 ;;
        *) die "unknown option '$1'" ;;
    esac
done
[[ "$sizes" =~ [^[:space:]] ]] || die "--sizes needs at least one size"
whole --rounds "$rounds" 1
whole --threads "$threads" 1
whole --np "$np" 1

if ! command -v primesieve >/dev/null 2>&1; then
    echo "primesieve is missing: installing the Debian package" >&2
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get install -y primesieve >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y primesieve >&2; }
fi
[ -x "$pb" ] || PARBENCH_BUILD_DIR=$build "$root/scripts/build.sh"
. "$root/scripts/mpi_launcher.sh"
csv=$(mktemp /tmp/bench_sieve.XXXXXX.csv); rm -f "$csv"
ref=$(mktemp /tmp/bench_sieve_ref.XXXXXX)
trap 'rm -f "$csv" "$ref"' EXIT

have_mpi=0
if "$pb" --version | grep -q "MPI yes"; then
    mpi_setup "$build" || { echo "bench_sieve.sh: $MPI_WHY" >&2; exit 2; }
    mpi_cmd "$np" none 1
    have_mpi=1
fi

# primesieve N T: one timed count; appends "N primesieve-tT seconds count" to $ref
ps_run() {
    local out
    out=$(primesieve "$1" -t"$2" --time --no-status)
    echo "$1 primesieve-t$2 $(echo "$out" | awk '/^Seconds:/ { print $2 }') $(echo "$out" | awk '/^Primes:/ { print $2 }')" >> "$ref"
}

read -ra size_list <<< "$sizes" # words, never file names (no globbing)
for n in "${size_list[@]}"; do
    nn=$(awk -v x="$n" 'BEGIN { printf "%.0f", x }')
    echo "N = $n: $rounds rounds ..." >&2
    # one untimed warm-up of each, so no round pays for a cold start
    "$pb" run sieve --variant serial --size "$n" --reps 1 --warmup 0 --quiet > /dev/null
    primesieve "$n" -t1 --no-status -q > /dev/null
    for r in $(seq "$rounds"); do
        common=(--size "$n" --reps 1 --warmup 0 --csv "$csv" --quiet)
        "$pb" run sieve --variant serial,omp --threads "$threads" "${common[@]}"
        if [ "$have_mpi" = 1 ]; then
            "${MPI_CMD[@]}" "$pb" run sieve --variant mpi "${common[@]}"
        fi
        ps_run "$nn" 1
        ps_run "$nn" "$threads"
    done
done

# The parbench rows (size, variant, time_s, result, verified) and primesieve's lines,
# as one stream "N name seconds count verified".
{
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             { print $c["size"], $c["variant"], $c["time_s"], $c["result"], $c["verified"] }' "$csv"
    awk '{ print $1, $2, $3, $4, "true" }' "$ref"
} | awk -v rounds="$rounds" -v threads="$threads" -v np="$np" -v have_mpi="$have_mpi" '
    function median(key,    k, m, i, j, tmp, v) {
        m = cnt[key]
        for (i = 1; i <= m; i++) v[i] = times[key, i]
        for (i = 2; i <= m; i++) { tmp = v[i]; for (j = i - 1; j >= 1 && v[j] > tmp; j--) v[j + 1] = v[j]; v[j + 1] = tmp }
        return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
    }
    {
        n = $1; name = $2
        if (!(n in seen)) { seen[n] = 1; order[++count] = n }
        times[n, name, ++cnt[n, name]] = $3
        if ($5 != "true") { bad = 1; print "NOT VERIFIED: " name " N=" n > "/dev/stderr" }
        if ((n in res) && res[n] != $4) { bad = 1; print "COUNTS DIFFER at N=" n ": " name " gives " $4 ", others " res[n] > "/dev/stderr" }
        res[n] = $4
    }
    function med(n, name) { return ((n, name) in cnt) ? median(n SUBSEP name) : -1 }
    function f(x) { return x < 0 ? sprintf("%9s", "-") : sprintf("%9.3f", x) }
    function r(a, b) { return (a < 0 || b < 0) ? sprintf("%9s", "-") : sprintf("%9.2f", a / b) }
    END {
        pt = "primesieve-t" threads
        printf "sieve: pi(N), median seconds over %d interleaved rounds; omp %d threads, mpi %d ranks; primesieve -t1 and -t%d\n", rounds, threads, np, threads
        printf "%14s %9s %9s %9s %9s %9s | %9s %9s %9s %9s %9s\n", "N", "serial", "omp", "mpi", "ps-t1", "ps-t" threads,
               "ser/ps1", "omp/ps" threads, "omp-spdup", "mpi-spdup", "Mnum/s"
        for (i = 1; i <= count; i++) {
            n = order[i]
            s = med(n, "serial"); o = med(n, "omp"); m = med(n, "mpi"); p1 = med(n, "primesieve-t1"); p2 = med(n, pt)
            printf "%14.0f %s %s %s %s %s | %s %s %s %s %9.0f\n", n, f(s), f(o), f(m), f(p1), f(p2),
                   r(s, p1), r(o, p2), r(s, o), r(s, m), (s > 0 ? n / s / 1e6 : 0)
        }
        printf "(ser/ps1 = our serial time / primesieve -t1 time: target <= 2.5, goal <= 1.5; speedups are serial time / parallel time)\n"
        printf "every run verified with the same pi(N), primesieve agreeing: %s\n", bad ? "NO" : "yes"
        exit bad
    }'
