#!/usr/bin/env bash
# Prime sieve against primesieve (Kim Walisch's, the reference for speed): our serial,
# omp and mpi times next to `primesieve -t1` and `-tT` at each N, in one run.
#
# Side by side: each round runs serial, primesieve -t1, omp, primesieve -tT and mpi,
# each as its own process, and every other round in the reverse order, so a load that
# comes and goes (a shared machine) hits both sides of a ratio alike. Times are those
# measured inside each program (parbench's time_s, primesieve's "Seconds"). Times are
# medians over the rounds; each ratio is the median of the per-round ratios, and the
# per-round ratios are listed too, primesieve's own 1 -> T thread speedup beside ours
# (both from the same rounds, and their ratio round by round). Every parbench run must verify with the same pi(N),
# and primesieve's count must agree.
#   scripts/bench_sieve.sh [--sizes "1e9 1e10 1e11"] [--big] [--rounds R] [--big-rounds R]
#                          [--reps K] [--threads T] [--np P] [--no-mpi] [--dry-run]
# --reps K: each step of a round runs K times back to back and counts as their median (ours:
# parbench --reps K; primesieve: K commands), default 1; on a VM whose speed moves from one
# second to the next, --reps 3 steadies the sub-second runs (N = 1e10: 0.4-1 s each).
# --big adds N = 1e12 (about 10 minutes a round on 2 cores) with --big-rounds rounds
# (default 3); --dry-run prints the plan and runs nothing. Uses
# ${PARBENCH_BUILD_DIR:-build}/parbench, building it first when it is missing, and
# installs primesieve (Debian package `primesieve`) when it is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PARBENCH_BUILD_DIR:-$root/build}
pb="$build/parbench"
sizes="1e9 1e10 1e11" big=0 rounds=5 big_rounds=3 reps=1 threads=2 np=2 mpi=1 dry=0
ACCEPTED="--sizes \"N ...\", --big, --rounds R, --big-rounds R, --reps K, --threads T, --np P, --no-mpi, --dry-run"
. "$root/scripts/args.sh"
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --sizes) need_value "$@"; sizes=$2; shift 2 ;;
        --big) big=1; shift ;;
        --rounds) need_value "$@"; rounds=$2; shift 2 ;;
        --big-rounds) need_value "$@"; big_rounds=$2; shift 2 ;;
        --reps) need_value "$@"; reps=$2; shift 2 ;;
        --threads) need_value "$@"; threads=$2; shift 2 ;;
        --np) need_value "$@"; np=$2; shift 2 ;;
        --no-mpi) mpi=0; shift ;;
        --dry-run) dry=1; shift ;;
        *) die "unknown option '$1'" ;;
    esac
done
whole --rounds "$rounds" 1
whole --big-rounds "$big_rounds" 1
whole --reps "$reps" 1
whole --threads "$threads" 1
whole --np "$np" 1
[ "$big" = 0 ] || sizes="$sizes 1e12"

# Each N: a plain number (1000000000, 1e9 or 1.5e9) from 1 to 1e13 (parbench's limit),
# at most 8 of them, none twice. "N:value:rounds" per size from here on.
[[ "$sizes" =~ [^[:space:]] ]] || die "--sizes needs at least one size"
read -ra size_list <<< "$sizes"   # words, never file names (no globbing)
[ "${#size_list[@]}" -le 8 ] || die "--sizes: at most 8 sizes, not ${#size_list[@]}"
plan=()
for n in "${size_list[@]}"; do
    [[ "$n" =~ ^[0-9]{1,14}(\.[0-9]{1,6})?(e[0-9]{1,2})?$ ]] || die "--sizes: '$n' is not a number such as 1e9 or 1000000000"
    nn=$(awk -v x="$n" 'BEGIN { if (x < 1 || x > 1e13 || x != int(x)) print "bad"; else printf "%.0f", x }')
    [ "$nn" != bad ] || die "--sizes: '$n' must be a whole number from 1 to 1e13"
    for p in "${plan[@]+"${plan[@]}"}"; do
        [ "$(echo "$p" | cut -d: -f2)" != "$nn" ] || die "--sizes: '$n' is listed twice"
    done
    r=$rounds
    [ "$nn" -lt 1000000000000 ] || r=$big_rounds
    plan+=("$n:$nn:$r")
done

if [ "$dry" = 1 ]; then
    for p in "${plan[@]}"; do
        IFS=: read -r n nn r <<< "$p"
        echo "N = $n ($nn): $r rounds of serial, primesieve -t1, omp $threads threads, primesieve -t$threads$([ "$mpi" = 1 ] && echo ", mpi $np ranks")$([ "$reps" -gt 1 ] && echo "; each $reps runs, their median")"
    done
    exit 0
fi

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

if [ "$mpi" = 1 ] && ! "$pb" --version | grep -q "MPI yes"; then
    echo "this parbench has no MPI: mpi not run" >&2
    mpi=0
fi
if [ "$mpi" = 1 ]; then # the build's own launcher (Open MPI or Hydra), with its flags
    mpi_setup "$build" || { echo "bench_sieve.sh: $MPI_WHY" >&2; exit 2; }
    mpi_cmd "$np" none 1
fi

# reference N T ROUND: --reps timed primesieve counts, each a line "N primesieve-tT ROUND
# seconds count" (the summary below takes the round's median)
reference() {
    local out k
    for ((k = 0; k < reps; k++)); do
        out=$(primesieve "$1" -t"$2" --time --no-status)
        echo "$1 primesieve-t$2 $3 $(echo "$out" | awk '/^Seconds:/ { print $2 }') $(echo "$out" | awk '/^Primes:/ { print $2 }')" >> "$ref"
    done
}
# ours VARIANT N ROUND: one parbench run of --reps timed repetitions (its row holds their
# median), tagged with the round
ours() {
    local common=(--size "$2" --reps "$reps" --warmup 0 --csv "$csv" --quiet --tag "round$3")
    case "$1" in
        serial) "$pb" run sieve --variant serial "${common[@]}" ;;
        omp) "$pb" run sieve --variant omp --threads "$threads" "${common[@]}" ;;
        mpi) "${MPI_CMD[@]}" "$pb" run sieve --variant mpi "${common[@]}" ;;
    esac
}

for p in "${plan[@]}"; do
    IFS=: read -r n nn r <<< "$p"
    echo "N = $n: $r rounds ..." >&2
    if [ "$nn" -le 10000000000 ]; then   # an untimed warm-up of each where it is cheap
        "$pb" run sieve --variant serial --size "$n" --reps 1 --warmup 0 --quiet > /dev/null
        primesieve "$nn" -t1 --no-status -q > /dev/null
    fi
    for k in $(seq "$r"); do
        steps=("ours serial" "reference 1" "ours omp" "reference $threads")
        [ "$mpi" = 0 ] || steps+=("ours mpi")
        if [ $((k % 2)) = 0 ]; then   # every other round backwards
            back=()
            for ((i = ${#steps[@]} - 1; i >= 0; i--)); do back+=("${steps[i]}"); done
            steps=("${back[@]}")
        fi
        for s in "${steps[@]}"; do
            read -r who what <<< "$s"
            if [ "$who" = ours ]; then ours "$what" "$n" "$k"; else reference "$nn" "$what" "$k"; fi
        done
    done
done

# The parbench rows and primesieve's lines as one stream "N name round seconds count verified";
# a round's time is the median of its lines (primesieve's --reps lines; parbench's one row).
{
    python3 "$root/scripts/csv_by_name.py" select "$csv" size,variant,tag,time_s,result,verified | sed 's/ round/ /' 
    awk '{ print $1, $2, $3, $4, $5, "true" }' "$ref"
} | awk -v threads="$threads" -v np="$np" -v reps="$reps" '
    function median(list,    a, k, i, j, x) {
        k = split(list, a, " ")
        for (i = 2; i <= k; i++) { x = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
        return k == 0 ? -1 : k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    {
        n = $1; name = $2; round = $3
        if (!(n in seen)) { seen[n] = 1; order[++count] = n }
        if (round > rounds[n]) rounds[n] = round
        in_round[n, name, round] = in_round[n, name, round] " " $4
        if ($6 != "true") { bad = 1; print "NOT VERIFIED: " name " N=" n > "/dev/stderr" }
        if ((n in res) && res[n] != $5) { bad = 1; print "COUNTS DIFFER at N=" n ": " name " gives " $5 ", others " res[n] > "/dev/stderr" }
        res[n] = $5
    }
    # the per-round ratios time(a) / time(b), as a list
    function ratios(n, a, b,    k, list) {
        list = ""
        for (k = 1; k <= rounds[n]; k++)
            if ((n, a, k) in t && (n, b, k) in t && t[n, b, k] > 0) list = list " " sprintf("%.2f", t[n, a, k] / t[n, b, k])
        return list
    }
    function sci(n,    k) { for (k = 0; n >= 10 && n % 10 == 0; k++) n /= 10; return k >= 3 ? n "e" k : n * 10^k }
    function f(x) { return x < 0 ? sprintf("%9s", "-") : sprintf("%9.3f", x) }
    function g(x) { return x < 0 ? sprintf("%9s", "-") : sprintf("%9.2f", x) }
    END {
        for (key in in_round) {   # each round'"'"'s time, and the list of them over the rounds
            split(key, part, SUBSEP)
            t[key] = median(in_round[key]); times[part[1], part[2]] = times[part[1], part[2]] " " t[key]
        }
        p1 = "primesieve-t1"; pt = "primesieve-t" threads
        # (in parentheses: a bare ">" among printf'"'"'s arguments would redirect its output)
        printf "sieve: pi(N); seconds are medians over the rounds%s, ratios medians of the per-round ratios;\n",
               (reps + 0 > 1 ? " (each round'"'"'s the median of " reps " runs)" : "")
        printf "omp %d threads, mpi %d ranks, primesieve -t1 and -t%d\n", threads, np, threads
        printf "%14s %6s %9s %9s %9s %9s %9s | %9s %9s %9s %9s %9s\n", "N", "rounds", "serial", "omp", "mpi", "ps-t1", "ps-t" threads,
               "ser/ps1", "omp/ps" threads, "omp-spdup", "mpi-spdup", "ps-spdup"
        for (i = 1; i <= count; i++) {
            n = order[i]
            printf "%14.0f %6d %s %s %s %s %s | %s %s %s %s %s\n", n, rounds[n],
                   f(median(times[n, "serial"])), f(median(times[n, "omp"])), f(median(times[n, "mpi"])),
                   f(median(times[n, p1])), f(median(times[n, pt])),
                   g(median(ratios(n, "serial", p1))), g(median(ratios(n, "omp", pt))),
                   g(median(ratios(n, "serial", "omp"))), g(median(ratios(n, "serial", "mpi"))), g(median(ratios(n, p1, pt)))
            if (n >= 1e9 && (median(ratios(n, "serial", p1)) > 1 || median(ratios(n, "omp", pt)) > 1 ||
                             (n >= 1e10 && median(ratios(n, "serial", "omp")) < 1.9))) missed = missed " " sci(n)
            judged += n >= 1e9
        }
        printf "per-round ratios (ser/ps1; omp/ps%d; omp speedup; primesieve speedup):\n", threads
        for (i = 1; i <= count; i++) {
            n = order[i]
            printf "%14.0f %s;%s;%s;%s\n", n, ratios(n, "serial", p1), ratios(n, "omp", pt), ratios(n, "serial", "omp"),
                   ratios(n, p1, pt)
        }
        # the two speedups from the same rounds, and their ratio round by round
        printf "speedup from 1 to %d threads, medians over the same rounds: N, ours, primesieve'"'"'s, ours / primesieve'"'"'s\n", threads
        for (i = 1; i <= count; i++) {
            n = order[i]
            rel = ""
            for (k = 1; k <= rounds[n]; k++)
                if (t[n, "omp", k] > 0 && t[n, p1, k] > 0 && t[n, pt, k] > 0)
                    rel = rel " " sprintf("%.3f", (t[n, "serial", k] / t[n, "omp", k]) / (t[n, p1, k] / t[n, pt, k]))
            printf "%14.0f %s %s %s\n", n, g(median(ratios(n, "serial", "omp"))), g(median(ratios(n, p1, pt))), g(median(rel))
        }
        printf "(ser/ps1 = our serial time / primesieve -t1 time; speedups = serial time / parallel time)\n"
        printf "goals from N = 1e9 (ser/ps1 <= 1, omp/ps%d <= 1; omp speedup >= 1.9 from 1e10): %s\n", threads,
               !judged ? "no N judged" : missed == "" ? "met at every N" : "missed at" missed
        printf "every run verified with the same pi(N), primesieve agreeing: %s\n", bad ? "NO" : "yes"
        exit bad
    }'
