#!/usr/bin/env bash
# sieve end to end through the CLI: every variant, every thread and rank count, prints
# the same exact pi(N) and verifies, for the edge cases, a segment boundary of the
# default segment, the square of the first crossed-off prime, an N outside the table
# (checked by Lucy-Hedgehog) and 1e9; throughput is Mnumbers/s; bad sizes exit 2.
. "$(dirname "$0")/lib.sh"

csv="$TMP/sieve.csv"
run() { "$PARBENCH" run sieve --reps 1 --warmup 0 --csv "$csv" --quiet "$@"; }

# N -> pi(N); 15728640 = 30 * 524288 ends the first 512 KiB segment; 10609 = 103^2
[ "${PARBENCH_HAVE_MPI:-0}" = 1 ] || skip_part "built without MPI: the mpi and hybrid variants"
declare -A expect=([0]=0 [1]=0 [2]=1 [3]=2 [4]=2 [1000]=168 [10609]=1294 [15728639]=1014733
                   [15728641]=1014733 [100000007]=5761456 [1000000000]=50847534)
for n in 0 1 2 3 4 1000 10609 15728639 15728641 100000007 1000000000; do
    rm -f "$csv"
    every_variant sieve "$n" "$csv"
    want=$EVERY_VARIANT_ROWS
    results=$(csv_column "$csv" result | sort -u)
    [ "$results" = "${expect[$n]}" ] && pass || fail "n=$n: results '$(echo $results)', expected ${expect[$n]}"
    [ "$(csv_column "$csv" verified | sort -u)" = true ] && pass || fail "n=$n not all verified"
    rows=$(csv_count "$csv")
    [ "$rows" = "$want" ] && pass || fail "n=$n: $rows rows, expected $want"
done

# throughput is Mnumbers/s = N / time / 1e6
rm -f "$csv"
run --variant serial --size 1e8 || fail "serial 1e8"
csv_select "$csv" time_s,throughput,unit | awk '{ want = 1e8 / $1 / 1e6; d = $2 / want; ok = d > 0.99 && d < 1.01 && $3 == "Mnumbers/s" }
    END { exit !(NR == 1 && ok) }' && pass || fail "throughput is not Mnumbers/s: $(csv_select "$csv" time_s,throughput,unit)"

# too large (above 1e13) or not a number: exit 2 with a message naming the problem
for bad in 1e14 10000000000001 abc 12x -5; do
    msg=$("$PARBENCH" run sieve --variant serial --size "$bad" --quiet 2>&1 >/dev/null)
    st=$?
    [ "$st" = 2 ] && pass || fail "--size $bad exit $st, expected 2"
    echo "$msg" | grep -q -- "--size" && pass || fail "--size $bad: unclear message '$msg'"
done
finish
