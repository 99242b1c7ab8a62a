# The io server's figure, drawn by scripts/plot.sh: requests per second against the share
# of each request's time that is computing, one line per mode:
#   gnuplot -c plot_server.gnuplot png|svg OUTBASE DATAFILE MACHINE MODES
# DATAFILE: one block per mode, its name on its first line (plot.sh puts it there), then
# "share_pct requests_per_s p50_ms p99_ms flagged"; MODES lists the blocks with a rate
# above 0 ("1 2 3"). A flagged point (its row untrusted) is drawn open, with a key entry.
term = ARG1; outbase = ARG2; datafile = ARG3; machine = ARG4; modes = ARG5
n(s) = s eq "" ? 1 : s + 0
set datafile missing "NaN"
set grid
set key outside right top box opaque noenhanced
if (term eq "png") { set terminal pngcairo size 1000,600 noenhanced font "DejaVu Sans,11"; ext = ".png" } \
else { set terminal svg size 1000,600 noenhanced font "DejaVu Sans,11"; ext = ".svg" }
set output outbase . ext
set title sprintf("io server: requests per second as the requests compute more | %s", machine)
set xlabel "compute share of each request (%): compute / (wait + compute)"
set ylabel "requests per second (log)"
set logscale y
set format y "%g"
# the shares measured, not 0-100%: three points at 0, 20 and 80% use the whole width
set autoscale x
set offsets 2, 2, 0, 0
plot for [s in modes] datafile index (n(s) - 1) using 1:2 with lines lt n(s) lw 2 title columnhead(1), \
     for [s in modes] datafile index (n(s) - 1) using 1:2:($5 > 0 ? 6 : 7) with points lt n(s) pt variable ps 1.4 notitle, \
     1 / 0 with points lc "black" pt 6 ps 1.4 title "open: flagged, says little"
