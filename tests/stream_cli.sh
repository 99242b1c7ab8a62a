#!/usr/bin/env bash
# stream end to end through the CLI: every variant, thread and rank count (more ranks
# than elements included) writes the same checksum, the closed form worked out here, and
# verifies; the row's model is its variant's; throughput is GB/s = 1200 bytes an element
# (50 passes of 24) / time, and its FLOPs are 1/12 of its bytes (the roofline's
# memory-bound point); bad sizes and a size beyond the memory exit 2 with one line.
. "$(dirname "$0")/lib.sh"

csv="$TMP/stream.csv"
run() { "$PARBENCH" run stream --reps 1 --warmup 0 --csv "$csv" --quiet "$@"; }
# sum over i < n of (i mod 997) + 3 (i mod 5 + 1), by whole periods
closed_form() {
    python3 -c 'import sys
n = int(sys.argv[1])
def period(m, add):
    q, r = divmod(n, m)
    return q * (m * (m - 1) // 2 + add * m) + r * (r - 1) // 2 + add * r
print(period(997, 0) + 3 * period(5, 1))' "$1"
}

[ "${PARBENCH_HAVE_MPI:-0}" = 1 ] || skip_part "built without MPI: the mpi and hybrid variants"
for n in 1 5 1000003; do
    rm -f "$csv"
    every_variant stream "$n" "$csv"
    want=$EVERY_VARIANT_ROWS
    results=$(csv_column "$csv" result | sort -u)
    expect=$(closed_form "$n")
    [ "$results" = "$expect" ] && pass || fail "n=$n: results '$(echo $results)', expected $expect"
    [ "$(csv_column "$csv" verified | sort -u)" = true ] && pass || fail "n=$n not all verified"
    rows=$(csv_count "$csv")
    [ "$rows" = "$want" ] && pass || fail "n=$n: $rows rows, expected $want"
    models=$(csv_select "$csv" variant,model | sort -u | tr '\n' ' ')
    case "$models" in
        "hybrid hybrid mpi mpi omp threads serial serial " | "omp threads serial serial ") pass ;;
        *) fail "n=$n: variants and models '$models'" ;;
    esac
done

# GB/s = 1200 n / time / 1e9, also the row's gbytes_s; gflops / gbytes_s = 2/24
rm -f "$csv"
run --variant serial --size 1e6 || fail "serial 1e6"
csv_select "$csv" time_s,throughput,unit,gbytes_s,gflops | awk '{ want = 1200e6 / $1 / 1e9
        ok = $2 / want > 0.99 && $2 / want < 1.01 && $3 == "GB/s" && $4 / $2 > 0.999 && $4 / $2 < 1.001 &&
             $5 * 12 / $4 > 0.999 && $5 * 12 / $4 < 1.001 }
    END { exit !(NR == 1 && ok) }' && pass || fail "rates: $(csv_select "$csv" time_s,throughput,unit,gbytes_s,gflops)"

# out of range or not a number: exit 2, one line naming --size and the range
for bad in 0 1e13 abc 12x -5; do
    expect_bad "--size" run stream --variant serial --size "$bad" --quiet
done
expect_bad "from 1 to 1e12" run stream --variant serial --size 1e13
# beyond the memory (3 arrays of 8 MB against 1 MB): refused before anything runs
rm -f "$csv"
PARBENCH_MAX_MEMORY=1e6 expect_bad "needs 24000064 bytes" run stream --variant omp --size 1e6 --csv "$csv"
[ ! -e "$csv" ] && pass || fail "a refused run wrote $csv"
finish
