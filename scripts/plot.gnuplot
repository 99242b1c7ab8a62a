# Scaling figures of one group written by `parbench analyze`, drawn by scripts/plot.sh:
#   gnuplot -c plot.gnuplot png|svg OUTBASE GROUP.gp speedup|efficiency ABS REL KF KFRANGE
# GROUP.gp, written by parbench, defines datafile, names[], amdahl[], machine, kernel,
# sizelabel, rundate, weak, maxworkers, usable_cores and oversubscribed_points (and, for
# a demo built with a known serial fraction, predicted_f and predicted_law). ABS, REL and
# KF list the series (e.g. "1 3") with points of absolute speedup, relative speedup and
# Karp-Flatt metric, as gnuplot warns about (or fails on) a series without any; KFRANGE
# is "MIN MAX" of the Karp-Flatt values. Writes OUTBASE.png or OUTBASE.svg.
#
# What a reader must not be misled by: workers are whole numbers (ticks at integers);
# a dotted red line marks the usable cores, and points beyond them (oversubscribed) are
# open circles and never fitted; legends sit right of the panels, off the data; without a
# serial run there is no absolute panel; weak scaling is Gustafson's scaled speedup; a
# demo with a known serial fraction shows Amdahl's ceiling 1/f.
term = ARG1; outbase = ARG2; figure = ARG4; abs = ARG5; rel = ARG6; kf = ARG7; kfrange = ARG8
load ARG3
set datafile missing "NaN"
set grid
set key outside right top vertical box opaque noenhanced
if (!exists("predicted_f")) { predicted_f = NaN; predicted_law = "" }
if (!exists("usable_cores")) { usable_cores = 0; oversubscribed_points = 0 }
if (!exists("starved_points")) { starved_points = 0 }
amdahl_curve(f, p) = 1.0 / (f + (1.0 - f) / p)
gustafson_curve(f, p) = p - f * (p - 1.0)
# Amdahl's ceiling 1/f shows once the curve is within 10% of it: p = 9 (1 - f) / f
ceiling = figure eq "speedup" && predicted_law eq "Amdahl" && predicted_f > 0 ? 1.0 / predicted_f : NaN
xmax = maxworkers + 0.5
if (ceiling == ceiling) { xmax = 9 * (1 - predicted_f) / predicted_f; xmax = xmax < maxworkers + 0.5 ? maxworkers + 0.5 : xmax > 4096 ? 4096 : xmax }
set xrange [0.5:xmax]
if (xmax <= 16.5) { set xtics 1 } else { set xtics autofreq }
set format x "%.0f"
set mxtics 1
set xlabel "workers (threads x ranks)"
if (usable_cores > 0 && usable_cores <= xmax) {
    set arrow 1 from usable_cores, graph 0 to usable_cores, graph 1 nohead dashtype 3 lw 2 lc rgb "#c02020" front
    # the words on the side of the line with more room
    if (usable_cores - 0.5 < (xmax - 0.5) / 2) {
        set label 3 sprintf("%d usable cores", usable_cores) at usable_cores, graph 0.97 left offset 0.6, 0 tc rgb "#c02020" front
    } else {
        set label 3 sprintf("%d usable cores", usable_cores) at usable_cores, graph 0.97 right offset -0.6, 0 tc rgb "#c02020" front
    }
}
set yrange [0:*]
# hundreds of workers (a simulated cluster): log2 axes (speedups on both), or the first
# points crowd at 0 and the ideal line is all one sees
if (maxworkers > 64) { set logscale x 2; set xrange [0.8:maxworkers * 1.25]; set xtics 1, 4 }
if (maxworkers > 64 && figure eq "speedup") { set logscale y 2; set yrange [0.5:*]; set ytics 1, 4 }
set offsets 0, 0, graph 0.08, 0 # room above the highest point
title_line = sprintf("%s, size %s | %s | %s", kernel, sizelabel, machine, rundate)
style(i) = (i - 1) % 8 + 1
n(s) = s eq "" ? 1 : s + 0 # a series number (gnuplot reads an empty list once, as "")
marker(o) = o == 1 ? 6 : (o == 2 ? 2 : 7)  # oversubscribed: open circle; starved: a cross
over_title = "open: oversubscribed, not fitted"
marked = oversubscribed_points + starved_points
over_key = oversubscribed_points > 0 ? over_title : "" # (an empty title: no key entry)
starved_key = starved_points > 0 ? "x: starved, see scaling.txt" : "" # (threads without their cores)
two_panels = figure eq "efficiency" || abs ne ""
width = two_panels ? 1500 : 1000
if (term eq "png") { set terminal pngcairo size width,600 noenhanced font "DejaVu Sans,11"; ext = ".png" } \
else { set terminal svg size width,600 noenhanced font "DejaVu Sans,11"; ext = ".svg" }
no_points(text) = sprintf("no points: %s", text)
# a demo built with a known serial fraction: its law's prediction, solid black
theory(p) = p < 1 || predicted_f != predicted_f ? 1/0 : \
            (predicted_law eq "Gustafson" ? gustafson_curve(predicted_f, p) : amdahl_curve(predicted_f, p))
theory_title = predicted_f == predicted_f ? sprintf("%s's law, f=%.2f", predicted_law, predicted_f) : ""

if (figure eq "speedup") {
    set output outbase . ext
    if (two_panels) { set multiplot layout 1,2 title "Speedup: " . title_line } \
    else { set multiplot layout 1,1 title "Speedup: " . title_line }
    if (abs ne "") {
        # absolute speedup: against the serial variant of the same size
        set ylabel "speedup over the serial variant (x)"
        set title "absolute speedup"
        if (marked > 0) {
            plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)", \
                 for [s in abs] datafile index (n(s) - 1) using 1:3:(marker($10)) with linespoints lt style(n(s)) pt variable ps 1.5 lw 2 title names[n(s)], \
                 keyentry with points pt 6 ps 1.5 lc rgb "black" title over_key, \
                 keyentry with points pt 2 ps 1.5 lc rgb "black" title starved_key
        } else {
            plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)", \
                 for [s in abs] datafile index (n(s) - 1) using 1:3 with linespoints lt style(n(s)) pt 7 ps 1.3 lw 2 title names[n(s)]
        }
    }
    # relative speedup: against the same variant on one worker; strong scaling with each
    # series' Amdahl fit, weak scaling as Gustafson's scaled speedup (no Amdahl fit)
    if (weak) {
        set ylabel "scaled speedup over 1 worker (throughput ratio, x)"
        set title "weak scaling: scaled speedup (Gustafson)"
    } else {
        set ylabel "speedup over the same variant on 1 worker (x)"
        set title "relative speedup; Amdahl fits (dotted) where 3+ points up to the cores allow"
    }
    fit_of(s) = weak ? NaN : amdahl[n(s)] # NaN when there is no fit
    if (ceiling == ceiling) {
        set yrange [0:ceiling * 1.15]
        set arrow 2 from graph 0, first ceiling to graph 1, first ceiling nohead dashtype 4 lw 1.5 lc rgb "black"
        set label 2 sprintf("Amdahl's ceiling 1/f = %.3gx", ceiling) at graph 0.98, first ceiling right offset 0, 0.8
    }
    if (rel eq "") {
        set label 1 no_points("no run on 1 worker of any variant") at graph 0.5, 0.5 center front
        plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)", \
             theory(x) with lines lw 2 lc rgb "black" title theory_title
        unset label 1
    } else { if (marked > 0) {
        plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)", \
             theory(x) with lines lw 2 lc rgb "black" title theory_title, \
             for [s in rel] datafile index (n(s) - 1) using 1:4:(marker($10)) with linespoints lt style(n(s)) pt variable ps 1.5 lw 2 title names[n(s)], \
             for [s in rel] (fit_of(s) == fit_of(s) && x >= 1 ? amdahl_curve(fit_of(s), x) : 1/0) with lines lt style(n(s)) dashtype 3 \
                 title (fit_of(s) == fit_of(s) ? sprintf("%s Amdahl f=%.3f", names[n(s)], fit_of(s)) : ""), \
             keyentry with points pt 6 ps 1.5 lc rgb "black" title over_key, \
             keyentry with points pt 2 ps 1.5 lc rgb "black" title starved_key
    } else {
        plot x with lines dashtype 2 lc rgb "gray40" title "ideal (linear)", \
             theory(x) with lines lw 2 lc rgb "black" title theory_title, \
             for [s in rel] datafile index (n(s) - 1) using 1:4 with linespoints lt style(n(s)) pt 7 ps 1.3 lw 2 title names[n(s)], \
             for [s in rel] (fit_of(s) == fit_of(s) && x >= 1 ? amdahl_curve(fit_of(s), x) : 1/0) with lines lt style(n(s)) dashtype 3 \
                 title (fit_of(s) == fit_of(s) ? sprintf("%s Amdahl f=%.3f", names[n(s)], fit_of(s)) : "")
    } }
    unset multiplot
}

if (figure eq "efficiency") {
    # parallel efficiency (relative and absolute) and the Karp-Flatt metric per point
    set output outbase . ext
    set multiplot layout 1,2 title "Efficiency: " . title_line
    set title "parallel efficiency = speedup / workers"
    set ylabel "efficiency (%)"
    ideal = "ideal (100%)"
    if (rel ne "" && abs ne "") {
        plot 100 with lines dashtype 2 lc rgb "gray40" title ideal, \
             100 * theory(x) / x with lines lw 2 lc rgb "black" title theory_title, \
             for [s in rel] datafile index (n(s) - 1) using 1:($6*100):(marker($10)) with linespoints lt style(n(s)) pt variable ps 1.5 lw 2 title names[n(s)] . " (relative)", \
             for [s in abs] datafile index (n(s) - 1) using 1:($5*100) with points lt style(n(s)) pt 4 ps 1.3 title names[n(s)] . " (absolute)", \
             keyentry with points pt 6 ps 1.5 lc rgb "black" title over_key, \
             keyentry with points pt 2 ps 1.5 lc rgb "black" title starved_key
    } else { if (rel ne "") {
        plot 100 with lines dashtype 2 lc rgb "gray40" title ideal, \
             100 * theory(x) / x with lines lw 2 lc rgb "black" title theory_title, \
             for [s in rel] datafile index (n(s) - 1) using 1:($6*100):(marker($10)) with linespoints lt style(n(s)) pt variable ps 1.5 lw 2 title names[n(s)] . " (relative)", \
             keyentry with points pt 6 ps 1.5 lc rgb "black" title over_key, \
             keyentry with points pt 2 ps 1.5 lc rgb "black" title starved_key
    } else { if (abs ne "") {
        plot 100 with lines dashtype 2 lc rgb "gray40" title ideal, \
             for [s in abs] datafile index (n(s) - 1) using 1:($5*100) with points lt style(n(s)) pt 4 ps 1.3 title names[n(s)] . " (absolute)"
    } else {
        set label 1 no_points("no speedup known") at graph 0.5, 0.5 center front
        plot 100 with lines dashtype 2 lc rgb "gray40" title ideal
        unset label 1
    } } }
    set title "Karp-Flatt metric e = (1/S - 1/p) / (1 - 1/p), colours as on the left"
    set ylabel "experimentally determined serial fraction e"
    unset key # the series of the left panel, in its colours
    # e outside [0, 1] is no serial fraction (analyze leaves it out and says why)
    if (exists("kf_left_out") && strlen(kf_left_out) > 0) {
        set label 3 kf_left_out at graph 0.5, graph 0.04 center front font ",9" noenhanced
    }
    if (kf eq "") {
        kf_none = (exists("kf_left_out") && strlen(kf_left_out) > 0) ? kf_left_out \
                  : no_points("the metric needs a speedup on 2 or more workers")
        unset label 3
        set label 1 kf_none at graph 0.5, 0.5 center front noenhanced
        set yrange [0:1]
        unset key
        plot 1/0 notitle
        unset label 1
    } else {
        lo = word(kfrange, 1) + 0; hi = word(kfrange, 2) + 0
        # a job built with serial fraction f under Amdahl's law: its Karp-Flatt metric is f
        known_f = predicted_law eq "Amdahl" && predicted_f == predicted_f
        if (known_f) { lo = lo < predicted_f ? lo : predicted_f; hi = hi > predicted_f ? hi : predicted_f }
        if (lo == hi) { set yrange [lo - 0.5:hi + 0.5] } else { set yrange [lo - 0.1 * (hi - lo):hi + 0.1 * (hi - lo)] }
        if (known_f) {
            set arrow 2 from graph 0, first predicted_f to graph 1, first predicted_f nohead dashtype 4 lw 1.5 lc rgb "black"
            set label 2 sprintf("the job's serial fraction f = %.2f", predicted_f) at graph 0.02, first predicted_f left offset 0, 0.8
        }
        plot for [s in kf] datafile index (n(s) - 1) using 1:7:(marker($10)) with linespoints lt style(n(s)) pt variable ps 1.5 lw 2 title names[n(s)]
    }
    unset label 3
    unset multiplot
}
