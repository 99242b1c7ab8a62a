#!/usr/bin/env bash
# Every bad input exits 2 with exactly one line on stderr that names what was wrong,
# prints nothing on stdout, and leaves an existing results file byte for byte intact.
# (A directory where no file can be created, for root too: cli_readonly_dir.sh.)
. "$(dirname "$0")/lib.sh"

csv="$TMP/keep.csv"
"$PARBENCH" run montecarlo --variant serial --size 1000 --reps 1 --csv "$csv" --quiet || fail "seed run"
cp "$csv" "$TMP/before.csv"
echo "a,b" > "$TMP/foreign.csv"


expect_bad "missing command"
expect_bad "unknown command 'frobnicate'" frobnicate
expect_bad "unknown kernel 'nosuch'" run nosuch
expect_bad "needs a KERNEL" run
expect_bad "needs a KERNEL" run --size 10
expect_bad "--tag needs a value" run montecarlo --tag --quiet --size 10
PARBENCH_MAX_MEMORY=abc expect_bad "PARBENCH_MAX_MEMORY 'abc': not a number" run montecarlo --size 10
PARBENCH_MAX_MEMORY=0 expect_bad "PARBENCH_MAX_MEMORY '0': zero bytes" run montecarlo --size 10
# three 2000^2 matrices in whole 2 MiB pages (3 x 33554432) + the packing workspace (8617984) and
# its rounding bound (2 x 2 MiB)
PARBENCH_MAX_MEMORY=1e6 expect_bad "needs 113475584 bytes" run matmul --variant serial --size 2000
expect_bad "--variant needs a value" run montecarlo --variant --csv "$TMP/x.csv"
expect_bad "'all' stands alone" run montecarlo --variant all,serial
expect_bad "--requests needs a value" io latency --requests --mode all
expect_bad "--threads needs a value" demo race --threads --size 10
expect_bad "unexpected argument 'extra'" run montecarlo extra
expect_bad "unknown option '--bogus'" run montecarlo --bogus
expect_bad "unknown option '-x'" run montecarlo -x
expect_bad "unknown option '--bogus=1'" run montecarlo --bogus=1
for size in "" abc -5 0 10x 1e400 2^64 99999999999999999999 1.5 1e-3 " 5" 2^ 1e14; do
    expect_bad "--size" run montecarlo --size "$size"
done
expect_bad "--size needs a value" run montecarlo --size
expect_bad "--size is given more than once" run montecarlo --size 10 --size 20
expect_bad "out of range: montecarlo accepts samples from 1 to 1e13" run montecarlo --size 0
for t in 0 4097 -1 x 1.5 ""; do
    expect_bad "--threads" run montecarlo --threads "$t"
done
for r in 0 -1 100001 abc; do
    expect_bad "--reps" run montecarlo --reps "$r"
done
expect_bad "--warmup" run montecarlo --warmup 1001
expect_bad "--warmup" run montecarlo --warmup -1
expect_bad "--seed" run montecarlo --seed -1
expect_bad "--seed" run montecarlo --seed 18446744073709551616
expect_bad "montecarlo has the variants serial, omp, omp-one-core, mpi, hybrid" run montecarlo --variant gpu
expect_bad "listed twice" run montecarlo --variant serial,serial
expect_bad "--variant" run montecarlo --variant ""
expect_bad "--variant" run montecarlo --variant serial,
expect_bad "--tag" run montecarlo --tag "a b"
expect_bad "--quiet takes no value" run montecarlo --quiet=yes
expect_bad "--quiet is given more than once" run montecarlo --quiet --quiet
expect_bad "does not exist" run montecarlo --size 10 --csv /nonexistent/dir/r.csv
expect_bad "different header" run montecarlo --size 10 --csv "$TMP/foreign.csv"
expect_bad "is a directory" run montecarlo --size 10 --csv "$TMP"
expect_bad "cannot create a file in '/proc'" run montecarlo --size 10 --csv /proc/parbench.csv
expect_bad "--csv '$TMP/new.csv/': expected a file path" run montecarlo --size 10 --csv "$TMP/new.csv/"
ln -s "$TMP/nowhere/x.csv" "$TMP/dangling.csv"
expect_bad "a symbolic link to a file that does not exist" run montecarlo --size 10 --csv "$TMP/dangling.csv"
expect_bad "File name too long" run montecarlo --size 10 --csv "$TMP/$(printf 'a%.0s' $(seq 300)).csv"
head -c -1 "$csv" > "$TMP/cut.csv"
expect_bad "its last line is cut off" run montecarlo --size 10 --csv "$TMP/cut.csv"
cmp -s "$TMP/cut.csv" <(head -c -1 "$csv") && pass || fail "cut-off CSV touched"
# a size whose memory exceeds what the machine has (capped here to 64 MiB): refused before allocating
PARBENCH_MAX_MEMORY=67108864 expect_bad "bytes" run matmul --variant serial --size 4096
PARBENCH_MAX_MEMORY=67108864 expect_bad "bytes" run matmul --variant omp --size 4096 --csv "$csv"
expect_bad "--size 16385: out of range" run matmul --size 16385
expect_bad "--size" run sieve --size 1e14
expect_bad "sweep needs --threads" sweep montecarlo --variant omp
expect_bad "sweep needs --variant" sweep montecarlo --threads 1,2
expect_bad "a sweep varies threads" sweep montecarlo --variant serial --threads 1,2
expect_bad "--threads '1,,2'" sweep montecarlo --variant omp --threads 1,,2
expect_bad "--threads '0,1'" sweep montecarlo --variant omp --threads 0,1
expect_bad "--threads '1,2,1': 1 is listed twice" sweep montecarlo --variant omp --threads 1,2,1
expect_bad "too many entries; expected a comma-separated list of thread counts from 1 to 4096, at most 64" \
    sweep montecarlo --variant omp --threads "$(seq -s, 1 80)"
expect_bad "unknown option '--xml' for parbench info" info --xml
expect_bad "parbench list takes no arguments" list extra
if [ "${PARBENCH_HAVE_MPI:-0}" != 1 ]; then
    expect_bad "unavailable: this parbench was built without MPI" run montecarlo --variant mpi
fi

cmp -s "$csv" "$TMP/before.csv" && pass || fail "results file changed by bad runs"
[ "$(cat "$TMP/foreign.csv")" = "a,b" ] && pass || fail "foreign CSV touched"
finish
