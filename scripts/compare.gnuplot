# Machine comparison figures for one kernel, from the files of `parbench compare`.
# gnuplot -e 'kernel="montecarlo"; unit="Msamples/s"; term="png|svg"' compare.gnuplot
load "compare.gp"
set datafile missing "NaN"
set grid
set key left top box opaque
if (term eq "png") { set terminal pngcairo size 1400,560 enhanced font "DejaVu Sans,11"; ext = ".png" } \
else { set terminal svg size 1400,560 enhanced font "DejaVu Sans,11"; ext = ".svg" }

set output "bars-" . kernel . ext
set title kernel . ": throughput of each machine (higher is better)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set ylabel "throughput (" . unit . ")"
set yrange [0:*]
set xtics rotate by -20
plot "bars-" . kernel . ".dat" using 2:xtic(1) title "serial", "" using 3 title "best variant"

set output "speedup-" . kernel . ext
set title kernel . ": speedup curves of all machines (omp, else mpi, relative to 1 worker)"
set style data linespoints
set xtics norotate autofreq
set xrange [0.8:*]
set yrange [0:*]
set xlabel "workers (threads x ranks)"
set ylabel "speedup (x)"
plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)", \
     for [i=1:nmachines] "speedup-" . kernel . ".dat" index (i-1) using 1:2 pt 7 ps 1.3 lw 2 title machines[i]
