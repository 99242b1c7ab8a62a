# Scaling figures for one group written by `parbench analyze` (its .gp file is loaded
# first, defining datafile, names[], amdahl[], machine, kernel, sizelabel, rundate).
# Called by scripts/plot.sh with: gnuplot -e 'groupfile="X.gp"; outbase="..."; term="png|svg"'
load groupfile
set datafile missing "NaN"
set grid
set key left top box opaque
set xlabel "workers (threads x ranks)"
set xrange [0.8:maxworkers + 0.5]
set yrange [0:*]
set offsets 0, 0.5, 0, 0
title_line = sprintf("%s, size %s | %s | %s", kernel, sizelabel, machine, rundate)
style(i) = (i - 1) % 8 + 1
if (term eq "png") { set terminal pngcairo size 1400,560 enhanced font "DejaVu Sans,11"; ext = ".png" } \
else { set terminal svg size 1400,560 enhanced font "DejaVu Sans,11"; ext = ".svg" }

# 1. absolute speedup (against the serial variant) and relative speedup (against the
#    same variant on one worker) side by side, each with the ideal line; the relative
#    panel adds each series' Amdahl fit.
set output outbase . "-speedup" . ext
set multiplot layout 1,2 title "Speedup: " . title_line
set ylabel "speedup over the serial variant (x)"
set title "absolute speedup"
plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)", \
     for [i=1:nseries] datafile index (i-1) using 1:3 with linespoints lt style(i) pt 7 ps 1.3 lw 2 title names[i]
set ylabel "speedup over the same variant on 1 worker (x)"
set title "relative speedup, with Amdahl fits (dashed)"
amdahl_curve(f, p) = 1.0 / (f + (1.0 - f) / p)
gustafson_curve(f, p) = p - f * (p - 1.0)
# a demo built with a known serial fraction: its law's prediction, solid black
if (!exists("predicted_f")) { predicted_f = NaN; predicted_law = "" }
theory(p) = p < 1 || predicted_f != predicted_f ? 1/0 : \
            (predicted_law eq "Gustafson" ? gustafson_curve(predicted_f, p) : amdahl_curve(predicted_f, p))
plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)", \
     theory(x) with lines lw 2 lc rgb "black" title (predicted_f == predicted_f ? sprintf("%s's law, f=%.2f", predicted_law, predicted_f) : ""), \
     for [i=1:nseries] datafile index (i-1) using 1:4 with linespoints lt style(i) pt 7 ps 1.3 lw 2 title names[i], \
     for [i=1:nseries] (amdahl[i] == amdahl[i] && x >= 1 ? amdahl_curve(amdahl[i], x) : 1/0) with lines lt style(i) dashtype 3 \
         title (amdahl[i] == amdahl[i] ? sprintf("%s Amdahl f=%.3f", names[i], amdahl[i]) : "")
unset multiplot

# 2. parallel efficiency (relative and absolute) and the Karp-Flatt metric per point
set output outbase . "-efficiency" . ext
set multiplot layout 1,2 title "Efficiency: " . title_line
set title "parallel efficiency = speedup / workers"
set ylabel "efficiency (%)"
set yrange [0:*]
plot 100 with lines dashtype 2 lc rgb "gray40" title "ideal (100%)", \
     for [i=1:nseries] datafile index (i-1) using 1:($6*100) with linespoints lt style(i) pt 7 ps 1.3 lw 2 title names[i] . " (relative)", \
     for [i=1:nseries] datafile index (i-1) using 1:($5*100) with points lt style(i) pt 4 ps 1.3 title names[i] . " (absolute)"
set title "Karp-Flatt metric e = (1/S - 1/p) / (1 - 1/p)"
set ylabel "experimentally determined serial fraction e"
set yrange [*:*]
set xrange [0.8:maxworkers + 0.5]
plot for [i=1:nseries] datafile index (i-1) using 1:7 with linespoints lt style(i) pt 7 ps 1.3 lw 2 title names[i]
unset multiplot
