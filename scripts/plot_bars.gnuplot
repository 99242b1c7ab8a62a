# One demo's cases as bars of median time: gnuplot -e 'datafile="demo-race.bars";
# name="demo-race"; machine="..."; outbase="..."; term="png|svg"' plot_bars.gnuplot
set datafile missing "NaN"
set grid ytics
if (term eq "png") { set terminal pngcairo size 1000,600 enhanced font "DejaVu Sans,11"; ext = ".png" } \
else { set terminal svg size 1000,600 enhanced font "DejaVu Sans,11"; ext = ".svg" }
set output outbase . ext
set title sprintf("parbench demo %s: median time of each case | %s", name[6:], machine)
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.7
set ylabel "median time (s), log scale"
set logscale y
set xtics rotate by -25 noenhanced
unset key
plot datafile using 2:xtic(1) lc rgb "#3b7dd8"
