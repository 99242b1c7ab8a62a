#!/usr/bin/env bash
# Figures that show what they claim, from constructed rows (nothing here depends on a
# measurement): a Karp-Flatt value outside [0, 1] is not drawn or printed as a serial
# fraction, the reason is; a negative overlap stays negative in the figure's data.
. "$(dirname "$0")/lib.sh"
synthetic_header > /dev/null 2>&1 || fail "header"
csv="$TMP/runs.csv"
{
    head -1 "$TMP/h.csv"
    # omp on 2 workers superlinear (e < 0), on 3 a plain fraction (e = 0.4), on 4 slower than one (e > 1)
    for spec in "serial 1 1.0" "omp 1 1.0" "omp 2 0.4" "omp 3 0.6" "omp 4 2.0"; do
        set -- $spec
        synthetic_row m1 montecarlo "$1" 1000 "$2" 1 "$3" "$(awk -v t="$3" 'BEGIN { print 1 / t }')" Msamples/s usable_cores=4
    done
} > "$csv"
"$PARBENCH" analyze "$csv" --out "$TMP/a" > "$TMP/scaling.txt" 2> "$TMP/err" && pass || fail "analyze: $(cat "$TMP/err")"
[ "$(awk '!/^#/ && NF { print $1, ($7 == "NaN" ? "NaN" : sprintf("%.3f", $7)) }' "$TMP/a/montecarlo-1000.dat" | tr '\n' ';')" = "1 NaN;1 NaN;2 NaN;3 0.400;4 NaN;" ] &&
    pass || fail "Karp-Flatt column: $(awk '!/^#/ && NF { print $1, $7 }' "$TMP/a/montecarlo-1000.dat" | tr '\n' ';')"
grep -qx "kf_left_out = 'not drawn: 1 with e < 0 (superlinear), 1 with e > 1 (slower than 1 worker: starved)'" \
    "$TMP/a/montecarlo-1000.gp" && pass || fail "the figure's note: $(grep kf_left "$TMP/a/montecarlo-1000.gp")"
grep -Eq "^  omp +2 .* superlinear \[superlinear\]$" "$TMP/scaling.txt" && grep -Eq "^  omp +4 .* slower( \[|$)" "$TMP/scaling.txt" &&
    grep -Eq "^  omp +3 .* 0\.4000" "$TMP/scaling.txt" && pass || fail "scaling.txt: $(head -8 "$TMP/scaling.txt")"

# io overlap: a progress mode slower than blocking has a negative overlap, kept negative
{
    head -1 "$TMP/h.csv"
    synthetic_row m1 io-overlap blocking 393216 1 2 1.0 1 iters/s overlap_osu_pct=0 overlap_imb_pct=0
    synthetic_row m1 io-overlap progress 393216 1 2 1.45 1 iters/s overlap_osu_pct=-45.0 overlap_imb_pct=-22.5
} > "$TMP/ov.csv"
"$PARBENCH" analyze "$TMP/ov.csv" --out "$TMP/o" > /dev/null 2>&1 && pass || fail "analyze overlap rows"
grep -q '^"progress" -45 -22.5 0 0$' "$TMP/o/io-overlap.groups" && pass ||
    fail "negative overlap: $(cat "$TMP/o/io-overlap.groups")"

# the roofline: every label at its point (label_gflops = gflops), points of one intensity
# taking turns right and left, and more than one intensity (issue 24): the triad itself
# at 1/12 FLOP/byte, the overlap driver's stencil at 5/16 and the naive matmul near 1/4
# under the memory roof, the blocked matmul (n/12 = 256) under the compute roof
{
    head -1 "$TMP/h.csv"
    synthetic_row m1 peak fma 1000 1 1 0.1 50 GFLOP/s gflops=50
    synthetic_row m1 peak fma 1000 2 1 0.1 100 GFLOP/s gflops=100
    synthetic_row m1 peak triad 1000 1 1 0.1 20 GB/s gbytes_s=20 gflops=1.66667
    synthetic_row m1 peak triad 1000 2 1 0.1 24 GB/s gbytes_s=24 gflops=2
    synthetic_row m1 matmul serial 3072 1 1 1.3 45 GFLOP/s gflops=45 gbytes_s=0.175
    synthetic_row m1 matmul omp 3072 2 1 0.7 90 GFLOP/s gflops=90 gbytes_s=0.35
    synthetic_row m1 matmul mpi 3072 1 2 0.66 95 GFLOP/s gflops=95 gbytes_s=0.37
    synthetic_row m1 matmul naive 1024 1 1 2.0 1.07 GFLOP/s gflops=1.07 gbytes_s=4.29
    synthetic_row m1 io-overlap blocking 1048576 1 2 1.0 500 Mcells/s gflops=2.5 gbytes_s=8
} > "$TMP/roof.csv"
"$PARBENCH" analyze "$TMP/roof.csv" --out "$TMP/r" > /dev/null 2>&1 && pass || fail "analyze roofline rows"
awk '!/^#/ { if ($2 != $(NF-2)) bad = bad " " $5 } END { exit bad != "" }' "$TMP/r/roofline.dat" && pass ||
    fail "a label away from its point: $(cat "$TMP/r/roofline.dat")"
[ "$(awk '!/^#/ && $5 ~ /matmul\/(serial|omp|mpi)/  { print $(NF-1) }' "$TMP/r/roofline.dat" | tr '\n' ' ')" = "1 -1 1 " ] && pass ||
    fail "matmul labels' sides (want 1 -1 1 from the lowest up): $(cat "$TMP/r/roofline.dat")"
awk '!/^#/ && $5 ~ /peak\/triad/ && $1 > 0.083 && $1 < 0.084 && $NF == "memory" { n++ } END { exit n != 2 }' "$TMP/r/roofline.dat" && pass ||
    fail "the triad points at 1/12 FLOP/byte: $(cat "$TMP/r/roofline.dat")"
# each kind of run on its roof: "kernel/variant intensity roof", the intensities to 2 digits
got=$(awk '!/^#/ && $5 !~ /peak/ { printf "%s %.2g %s|", $5, $1, $NF }' "$TMP/r/roofline.dat")
[ "$got" = '"matmul/naive 0.25 memory|"io-overlap/blocking 0.31 memory|"matmul/serial 2.6e+02 compute|"matmul/omp 2.6e+02 compute|"matmul/mpi 2.6e+02 compute|' ] &&
    pass || fail "the roofs of the runs: $got"
# the intensities are what the harness writes: a naive matmul run measured here has
# (2 n^3) / ((n^3 + 2 n^2) x 8) FLOP per byte, a blocked one n / 12
"$PARBENCH" run matmul --variant naive,serial --size 96 --reps 2 --warmup 0 --csv "$TMP/mm.csv" --quiet > /dev/null 2>&1 &&
    pass || fail "matmul naive,serial at 96"
got=$(python3 "$PB_CSV" select "$TMP/mm.csv" variant,gflops,gbytes_s |
      awk '{ printf "%s %.4f|", $1, $2 / $3 }')
[ "$got" = "naive $(awk 'BEGIN { n = 96; printf "%.4f", 2 * n^3 / ((n^3 + 2 * n^2) * 8) }')|serial 8.0000|" ] && pass ||
    fail "the intensities the harness wrote: $got"
# the figure is drawn from that file without a word from gnuplot
gnuplot -c "$PARBENCH_SOURCE_DIR/scripts/plot_roofline.gnuplot" svg "$TMP/r/roofline" "$TMP/r/roofline.roofs" \
    "$TMP/r/roofline.dat" m1 "$(grep -vc '^#' "$TMP/r/roofline.dat")" > "$TMP/gp.out" 2>&1 && [ ! -s "$TMP/gp.out" ] &&
    grep -q "memory-bound runs" "$TMP/r/roofline.svg" && pass || fail "the roofline figure: $(cat "$TMP/gp.out")"
finish
