# The machine's roofline (scripts/plot.sh): log-log FLOPs per byte against GFLOP/s, the
# roofs min(FMA peak, intensity x bandwidth) at one core and at all cores from its
# `parbench peak` rows, and a point per kernel, variant and worker count measured: the
# STREAM triad (1/12 FLOP per byte), the overlap driver's stencil (5/16) and the naive
# matmul (about 1/4) under the bandwidth roof, the blocked matmul (n/12) under the FMA
# roof, each coloured by the roof that bounds it (analyze's column 8); each label at its
# point, right or left as analyze chose so that points of one intensity take turns:
#   gnuplot -c plot_roofline.gnuplot png|svg OUTBASE ROOFS POINTS.dat MACHINE NPOINTS
# ROOFS is parbench analyze's roofline.roofs (numbers, and strings written as data).
term = ARG1; outbase = ARG2; machine = ARG5; npoints = ARG6 + 0
load ARG3
set datafile missing "NaN"
set grid
set key outside right top box opaque
if (term eq "png") { set terminal pngcairo size 1000,650 noenhanced font "DejaVu Sans,11"; ext = ".png" } \
else { set terminal svg size 1000,650 noenhanced font "DejaVu Sans,11"; ext = ".svg" }
set output outbase . ext
set title sprintf("roofline | %s | roofs from parbench peak (FP64 FMA, STREAM triad)", machine)
set xlabel "arithmetic intensity (FLOP per byte moved to or from memory)"
set ylabel "GFLOP/s"
set logscale xy
set format x "%g"; set format y "%g"
set xrange [0.01:10000] # room right of the points for their labels
set samples 400
roof(x, f, b) = (f == f && b == b) ? (x * b < f ? x * b : f) : (f == f ? f : x * b)
top = (fma_all == fma_all && fma_all > fma1 ? fma_all : fma1) * 2
top = top == top ? top : bw1 * 100
# a roof that is NaN was not measured, or measured while the cores were taken (never used)
roof_text(f, b) = sprintf("%s GFLOP/s, %s GB/s", f == f ? sprintf("%.0f", f) : "untrusted", \
                          b == b ? sprintf("%.0f", b) : "untrusted")
all_title = all_cores > 1 ? sprintf("%d cores: %s", all_cores, roof_text(fma_all, bw_all)) \
                          : "all cores: no trusted roof (measured while the cores were busy)"

# one series, each point marked by the roof that bounds it (a series per roof would warn
# when a roof has no points)
kind_pt(k) = k eq "compute" ? 7 : k eq "memory" ? 5 : 6
kind_rgb(k) = k eq "compute" ? 0x009E73 : k eq "memory" ? 0xCC79A7 : 0x000000
set yrange [*:top]
if (npoints > 0) {
    plot roof(x, fma1, bw1) with lines lw 2 lc rgb "#0072B2" title ("1 core: " . roof_text(fma1, bw1)), \
         roof(x, fma_all, bw_all) with lines lw 2 dt 2 lc rgb "#D55E00" \
             title all_title, \
         ARG4 using 1:2:(kind_pt(strcol(8))):(kind_rgb(strcol(8))) with points ps 1.5 pt variable \
             lc rgb variable notitle, \
         keyentry with points pt 7 ps 1.5 lc rgb "#009E73" title "compute-bound runs (kernel/variant x workers)", \
         keyentry with points pt 5 ps 1.5 lc rgb "#CC79A7" title "memory-bound runs", \
         keyentry with points pt 6 ps 1.5 lc rgb "#000000" title "runs without a trusted roof", \
         ARG4 using 1:6:($7 > 0 ? stringcolumn(5) : "") with labels offset 1,0 left font ",9" notitle, \
         ARG4 using 1:6:($7 < 0 ? stringcolumn(5) : "") with labels offset -1,0 right font ",9" notitle
} else {
    plot roof(x, fma1, bw1) with lines lw 2 lc rgb "#0072B2" title ("1 core: " . roof_text(fma1, bw1)), \
         roof(x, fma_all, bw_all) with lines lw 2 dt 2 lc rgb "#D55E00" \
             title all_title
}
