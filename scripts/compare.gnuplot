# Machine comparison figures for one kernel, from the files `parbench compare` writes in
# the current folder, drawn by scripts/compare.sh:
#   gnuplot -c compare.gnuplot png|svg OUTBASE KERNEL UNIT bars|speedup SERIAL BEST CURVES
# compare.gp (written by parbench) defines machines[] and nmachines. SERIAL and BEST are
# "1" when bars-KERNEL.dat holds a per-core (serial) or all-cores (omp) throughput, "" when not; CURVES lists
# the machines (e.g. "1 3") with points in speedup-KERNEL.dat, as gnuplot warns about
# (or fails on) data without any; a figure without points says so. Writes OUTBASE.png
# or OUTBASE.svg.
term = ARG1; outbase = ARG2; kernel = ARG3; unit = ARG4; figure = ARG5; serial = ARG6; best = ARG7; curves = ARG8
load "compare.gp"
n(s) = s eq "" ? 1 : s + 0 # a machine number (gnuplot reads an empty list once, as "")
set datafile missing "NaN"
set grid
set key left top box opaque
if (term eq "png") { set terminal pngcairo size 1400,560 noenhanced font "DejaVu Sans,11"; ext = ".png" } \
else { set terminal svg size 1400,560 noenhanced font "DejaVu Sans,11"; ext = ".svg" }
set output outbase . ext

if (figure eq "bars") {
    bars = "bars-" . kernel . ".dat"
    set title kernel . ": throughput of each machine (higher is better)"
    set style data histograms
    set style histogram clustered gap 1
    set style fill solid 0.8 border -1
    set ylabel "throughput (" . unit . ")"
    set yrange [0:*]
    set xtics rotate by -20
    if (serial ne "" && best ne "") {
        plot bars using 2:xtic(1) title "one core (serial)", "" using 3 title "all cores (omp)"
    } else { if (serial ne "") {
        plot bars using 2:xtic(1) title "one core (serial)"
    } else { if (best ne "") {
        plot bars using 3:xtic(1) title "all cores (omp)"
    } else {
        set label 1 "no points: no machine has a throughput" at graph 0.5, 0.5 center front
        set yrange [0:1]
        unset key
        plot 1/0 notitle
    } } }
}

if (figure eq "speedup") {
    set title kernel . ": omp speedup of all machines, T(serial) / T(omp), at each one's serial size"
    set style data linespoints
    set xrange [0.8:*]
    set yrange [0:*]
    set offsets 0, 0.5, graph 0.08, 0
    set xlabel "omp threads"
    set ylabel "speedup (x)"
    if (curves eq "") {
        set label 1 "no points: no machine has omp runs beside its serial run" at graph 0.5, 0.5 center front
        set xrange [0.8:2.5]
        plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)"
    } else {
        plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)", \
             for [s in curves] "speedup-" . kernel . ".dat" index (n(s) - 1) using 1:2 pt 7 ps 1.3 lw 2 title machines[n(s)]
    }
}
