# Wall time (and client CPU time) against size for each mode of one I/O driver, drawn by
# scripts/plot.sh:
#   gnuplot -c plot_io.gnuplot png|svg OUTBASE DATAFILE NAME MACHINE WALL CPU XRANGE YRANGE
# DATAFILE: one block per mode, its name on its first line; WALL and CPU list the modes
# (e.g. "1 3") with wall and CPU times above 0 (log axes: gnuplot warns about a mode
# without any); XRANGE and YRANGE: "MIN MAX" of those points.
term = ARG1; outbase = ARG2; datafile = ARG3; name = ARG4; machine = ARG5; wall = ARG6; cpu = ARG7
n(s) = s eq "" ? 1 : s + 0 # a mode number (gnuplot reads an empty list once, as "")
set datafile missing "NaN"
set grid
set key outside right top box opaque # off the data
if (term eq "png") { set terminal pngcairo size 1000,600 noenhanced font "DejaVu Sans,11"; ext = ".png" } \
else { set terminal svg size 1000,600 noenhanced font "DejaVu Sans,11"; ext = ".svg" }
set output outbase . ext
set title sprintf("%s: wall time and CPU time per mode | %s", name, machine)
set xlabel (name eq "io-latency" ? "requests" : name eq "io-overlap" ? "cells per rank" : "field doubles per rank")
set ylabel "time (s): wall (filled, lines), client CPU (open squares)"
set logscale xy
set format y "%g"
set format x "%g"
# one size (or one time): a range around it, as autoscaling has none to stretch
lo = word(ARG8, 1) + 0; hi = word(ARG8, 2) + 0
if (lo == hi) { set xrange [lo / 2:hi * 2]; set xtics (lo) } else { set xrange [lo / 1.5:hi * 1.5] } # no half points at the edges
lo = word(ARG9, 1) + 0; hi = word(ARG9, 2) + 0
if (lo == hi) { set yrange [lo / 2:hi * 2] }
if (cpu eq "") {
    plot for [s in wall] datafile index (n(s) - 1) using 1:2 with linespoints lt n(s) pt 7 ps 1.3 lw 2 title columnhead(1) . " wall"
} else {
    plot for [s in wall] datafile index (n(s) - 1) using 1:2 with linespoints lt n(s) pt 7 ps 1.3 lw 2 title columnhead(1) . " wall", \
         for [s in cpu] datafile index (n(s) - 1) using 1:3 with points lt n(s) pt 4 ps 1.5 title columnhead(1) . " CPU"
}
