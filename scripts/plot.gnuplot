# Scaling figures of one group written by `parbench analyze`, drawn by scripts/plot.sh:
#   gnuplot -c plot.gnuplot png|svg OUTBASE GROUP.gp speedup|efficiency ABS REL KF KFRANGE
# GROUP.gp, written by parbench, defines datafile, names[], amdahl[], machine, kernel,
# sizelabel, rundate and maxworkers. ABS, REL and KF list the series (e.g. "1 3") with
# points of absolute speedup, relative speedup and Karp-Flatt metric, as gnuplot warns
# about (or fails on) a series without any; KFRANGE is "MIN MAX" of the Karp-Flatt values.
# Writes OUTBASE.png or OUTBASE.svg.
term = ARG1; outbase = ARG2; figure = ARG4; abs = ARG5; rel = ARG6; kf = ARG7; kfrange = ARG8
load ARG3
set datafile missing "NaN"
set grid
set key left top box opaque noenhanced
set xlabel "workers (threads x ranks)"
set xrange [0.8:maxworkers + 0.5]
set yrange [0:*]
set offsets 0, 0.5, graph 0.08, 0 # room above the highest point
title_line = sprintf("%s, size %s | %s | %s", kernel, sizelabel, machine, rundate)
style(i) = (i - 1) % 8 + 1
n(s) = s eq "" ? 1 : s + 0 # a series number (gnuplot reads an empty list once, as "")
if (term eq "png") { set terminal pngcairo size 1400,560 noenhanced font "DejaVu Sans,11"; ext = ".png" } \
else { set terminal svg size 1400,560 noenhanced font "DejaVu Sans,11"; ext = ".svg" }
no_points(text) = sprintf("no points: %s", text)

if (figure eq "speedup") {
    # absolute speedup (against the serial variant) and relative speedup (against the
    # same variant on one worker) side by side, each with the ideal line; the relative
    # panel adds each series' Amdahl fit
    set output outbase . ext
    set multiplot layout 1,2 title "Speedup: " . title_line
    set ylabel "speedup over the serial variant (x)"
    set title "absolute speedup"
    if (abs eq "") {
        set label 1 no_points("no serial run of this size") at graph 0.5, 0.5 center front
        plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)"
        unset label 1
    } else {
        plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)", \
             for [s in abs] datafile index (n(s) - 1) using 1:3 with linespoints lt style(n(s)) pt 7 ps 1.3 lw 2 title names[n(s)]
    }
    set ylabel "speedup over the same variant on 1 worker (x)"
    set title "relative speedup, with Amdahl fits (dashed)"
    amdahl_curve(f, p) = 1.0 / (f + (1.0 - f) / p)
    gustafson_curve(f, p) = p - f * (p - 1.0)
    fit_of(s) = amdahl[n(s)] # NaN when there is no fit
    # a demo built with a known serial fraction: its law's prediction, solid black
    if (!exists("predicted_f")) { predicted_f = NaN; predicted_law = "" }
    theory(p) = p < 1 || predicted_f != predicted_f ? 1/0 : \
                (predicted_law eq "Gustafson" ? gustafson_curve(predicted_f, p) : amdahl_curve(predicted_f, p))
    theory_title = predicted_f == predicted_f ? sprintf("%s's law, f=%.2f", predicted_law, predicted_f) : ""
    if (rel eq "") {
        set label 1 no_points("no run on 1 worker of any variant") at graph 0.5, 0.5 center front
        plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)", \
             theory(x) with lines lw 2 lc rgb "black" title theory_title
        unset label 1
    } else {
        plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)", \
             theory(x) with lines lw 2 lc rgb "black" title theory_title, \
             for [s in rel] datafile index (n(s) - 1) using 1:4 with linespoints lt style(n(s)) pt 7 ps 1.3 lw 2 title names[n(s)], \
             for [s in rel] (fit_of(s) == fit_of(s) && x >= 1 ? amdahl_curve(fit_of(s), x) : 1/0) with lines lt style(n(s)) dashtype 3 \
                 title (fit_of(s) == fit_of(s) ? sprintf("%s Amdahl f=%.3f", names[n(s)], fit_of(s)) : "")
    }
    unset multiplot
}

if (figure eq "efficiency") {
    # parallel efficiency (relative and absolute) and the Karp-Flatt metric per point
    set output outbase . ext
    set multiplot layout 1,2 title "Efficiency: " . title_line
    set title "parallel efficiency = speedup / workers"
    set ylabel "efficiency (%)"
    set key left bottom # the points start at the top left (100% on 1 worker)
    ideal = "ideal (100%)"
    if (rel ne "" && abs ne "") {
        plot 100 with lines dashtype 2 lc rgb "gray40" title ideal, \
             for [s in rel] datafile index (n(s) - 1) using 1:($6*100) with linespoints lt style(n(s)) pt 7 ps 1.3 lw 2 title names[n(s)] . " (relative)", \
             for [s in abs] datafile index (n(s) - 1) using 1:($5*100) with points lt style(n(s)) pt 4 ps 1.3 title names[n(s)] . " (absolute)"
    } else { if (rel ne "") {
        plot 100 with lines dashtype 2 lc rgb "gray40" title ideal, \
             for [s in rel] datafile index (n(s) - 1) using 1:($6*100) with linespoints lt style(n(s)) pt 7 ps 1.3 lw 2 title names[n(s)] . " (relative)"
    } else { if (abs ne "") {
        plot 100 with lines dashtype 2 lc rgb "gray40" title ideal, \
             for [s in abs] datafile index (n(s) - 1) using 1:($5*100) with points lt style(n(s)) pt 4 ps 1.3 title names[n(s)] . " (absolute)"
    } else {
        set label 1 no_points("no speedup known") at graph 0.5, 0.5 center front
        plot 100 with lines dashtype 2 lc rgb "gray40" title ideal
        unset label 1
    } } }
    set title "Karp-Flatt metric e = (1/S - 1/p) / (1 - 1/p)"
    set ylabel "experimentally determined serial fraction e"
    set key left top
    if (kf eq "") {
        set label 1 no_points("the metric needs a speedup on 2 or more workers") at graph 0.5, 0.5 center front
        set yrange [0:1]
        unset key
        plot 1/0 notitle
        unset label 1
    } else {
        lo = word(kfrange, 1) + 0; hi = word(kfrange, 2) + 0
        if (lo == hi) { set yrange [lo - 0.5:hi + 0.5] } else { set yrange [*:*] }
        plot for [s in kf] datafile index (n(s) - 1) using 1:7 with linespoints lt style(n(s)) pt 7 ps 1.3 lw 2 title names[n(s)]
    }
    unset multiplot
}
