#!/usr/bin/env bash
# matmul end to end through the CLI: every variant, on sizes that no block size or rank
# count divides, prints the same exact checksum (pinned for --seed 42) and verifies;
# mpi on 1-4 ranks and hybrid 2x2, with and without --gather; bad sizes exit 2.
. "$(dirname "$0")/lib.sh"

csv="$TMP/mm.csv"
run() { "$PARBENCH" run matmul --seed 42 --reps 1 --warmup 0 --csv "$csv" --quiet "$@"; }

# size -> expected checksum (seed 42); 1023 and 2049 cross every block edge
declare -A expect=([1]=-4 [7]=-6 [1000]=83584 [1023]=121332 [2049]=420419)
locals="naive,serial,omp"
if "$PARBENCH" info 2>/dev/null | grep -q '^blas *none'; then
    skip_part "this build has no BLAS: the blas and blas-omp variants"
else
    locals="$locals,blas,blas-omp"
fi
[ "${PARBENCH_HAVE_MPI:-0}" = 1 ] || skip_part "built without MPI: the mpi and hybrid variants"
for n in 1 7 1000 1023 2049; do
    rm -f "$csv"
    v=$locals
    [ "$n" = 2049 ] && v=${v#naive,} # naive at 2049 takes a minute
    run --variant "$v" --size "$n" --threads 2 || fail "n=$n local variants exit $?"
    if [ "${PARBENCH_HAVE_MPI:-0}" = 1 ]; then
        for np in 1 2 3 4; do
            mpi_run "$np" "$PARBENCH" run matmul --variant mpi --size "$n" --seed 42 --reps 1 --warmup 0 \
                --csv "$csv" --quiet || fail "n=$n mpi np=$np"
        done
        mpi_run 3 "$PARBENCH" run matmul --variant mpi --gather --size "$n" --seed 42 --reps 1 --warmup 0 \
            --csv "$csv" --quiet || fail "n=$n mpi np=3 --gather"
        mpi_run 2 "$PARBENCH" run matmul --variant hybrid --threads 2 --size "$n" --seed 42 --reps 1 \
            --warmup 0 --csv "$csv" --quiet || fail "n=$n hybrid 2x2"
        mpi_run 2 "$PARBENCH" run matmul --variant hybrid --threads 2 --gather --size "$n" --seed 42 \
            --reps 1 --warmup 0 --csv "$csv" --quiet || fail "n=$n hybrid 2x2 --gather"
    fi
    results=$(csv_column "$csv" result | sort -u)
    [ "$(echo "$results" | wc -l)" = 1 ] && pass || fail "n=$n results differ: $(csv_column "$csv" result | tr '\n' ' ')"
    [ "$results" = "${expect[$n]}" ] && pass || fail "n=$n checksum $results, expected ${expect[$n]}"
    [ "$(csv_column "$csv" verified | sort -u)" = true ] && pass || fail "n=$n not all verified"
    rows=$(csv_count "$csv")
    want=$(echo "$v" | tr ',' '\n' | wc -l)
    [ "${PARBENCH_HAVE_MPI:-0}" = 1 ] && want=$((want + 7))
    [ "$rows" = "$want" ] && pass || fail "n=$n: $rows rows, expected $want"
    if [ "${PARBENCH_HAVE_MPI:-0}" = 1 ]; then # the rows with --gather say so, the others not
        [ "$(csv_column "$csv" notes | grep -c gather)" = 2 ] && pass || fail "n=$n: gather notes"
    fi
done
# throughput is GFLOP/s = 2 n^3 / time
rm -f "$csv"
run --variant serial --size 512 || fail "serial 512"
csv_select "$csv" time_s,throughput,unit | awk '{ want = 2 * 512^3 / $1 / 1e9; d = $2 / want; ok = d > 0.99 && d < 1.01 && $3 == "GFLOP/s" }
    END { exit !(NR == 1 && ok) }' && pass || fail "throughput is not GFLOP/s: $(csv_select "$csv" time_s,throughput,unit)"

expect_bad "--gather applies to mpi and hybrid only, and --variant chose serial,omp" run matmul --variant serial,omp --gather

# sizes outside [1, 16384] are bad input (exit 2)
for bad in 0 16385; do
    "$PARBENCH" run matmul --variant serial --size "$bad" --quiet >/dev/null 2>&1
    [ $? = 2 ] && pass || fail "--size $bad did not exit 2"
done
finish
