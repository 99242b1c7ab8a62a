# Wall time (and client CPU time) against request count for each mode of one I/O driver.
# gnuplot -e 'datafile="io-latency.dat"; name="io-latency"; machine="..."; outbase="..."; term="png|svg"; nmodes=3'
set datafile missing "NaN"
set grid
set key left top box opaque
if (term eq "png") { set terminal pngcairo size 900,600 enhanced font "DejaVu Sans,11"; ext = ".png" } \
else { set terminal svg size 900,600 enhanced font "DejaVu Sans,11"; ext = ".svg" }
set output outbase . ext
set title sprintf("%s: wall time and CPU time per mode | %s", name, machine)
set xlabel (name eq "io-latency" ? "requests" : name eq "io-overlap" ? "cells per rank" : "field doubles per rank")
set ylabel "time (s): wall (filled, lines), client CPU (open squares)"
set logscale xy
set format y "%g"
set format x "%g"
plot for [i=0:nmodes-1] datafile index i using 1:2 with linespoints lt (i + 1) pt 7 ps 1.3 lw 2 title columnhead(1) . " wall", \
     for [i=0:nmodes-1] datafile index i using 1:3 with points lt (i + 1) pt 4 ps 1.5 title columnhead(1) . " CPU"
