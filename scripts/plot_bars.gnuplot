# One demo's cases as bars of median time, drawn by scripts/plot.sh:
#   gnuplot -c plot_bars.gnuplot png|svg OUTBASE DATAFILE NAME MACHINE YRANGE
# DATAFILE (written by parbench analyze): one line per case, "label" time threads;
# YRANGE: "MIN MAX" of the times above 0 (a log axis).
term = ARG1; outbase = ARG2; datafile = ARG3; name = ARG4; machine = ARG5
set datafile missing "NaN"
set grid ytics
if (term eq "png") { set terminal pngcairo size 1000,600 noenhanced font "DejaVu Sans,11"; ext = ".png" } \
else { set terminal svg size 1000,600 noenhanced font "DejaVu Sans,11"; ext = ".svg" }
set output outbase . ext
set title sprintf("parbench demo %s: median time of each case | %s", name[6:], machine)
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.7
set ylabel "median time (s), log scale"
set logscale y
lo = word(ARG6, 1) + 0; hi = word(ARG6, 2) + 0
set yrange [lo / 2:hi * 2]
set xtics rotate by -25
unset key
plot datafile using ($2 > 0 ? $2 : NaN):xtic(1) lc rgb "#3b7dd8"
