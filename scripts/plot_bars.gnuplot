# Bar charts written by parbench analyze, drawn by scripts/plot.sh, on linear axes with
# each value written on its bar:
#   gnuplot -c plot_bars.gnuplot png|svg OUTBASE DATAFILE NAME MACHINE cases LOST
#   gnuplot -c plot_bars.gnuplot png|svg OUTBASE DATAFILE NAME MACHINE groups COLUMNS
# cases (a demo's NAME.bars): one line per case, "label" time threads lost_pct flagged; one
# bar per case, each its own colour; LOST "yes": a first panel with the share of updates
# each case lost (the race demo), next to the times.
# A flagged bar (its row untrusted: starved, cv-high, ... and not on purpose) is hatched,
# with a key entry, and the title says "busy machine" (an unflagged bar's hatch is a box of
# height 0: an element without a single point would draw a warning instead).
# groups (NAME.groups): one line per group, "label" v1 v2 f1 f2; two bars per group, the
# series named here by NAME (demo-io-vs-cpu: I/O-bound and CPU-bound speedups; io-overlap:
# OSU and IMB overlap); COLUMNS lists the value columns that hold numbers ("2 3").
term = ARG1; outbase = ARG2; datafile = ARG3; name = ARG4; machine = ARG5; kind = ARG6
set datafile missing "NaN"
set grid ytics
set style fill solid 0.85 border -1
set key outside below center horizontal box noenhanced
set xtics noenhanced nomirror
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0 # room for the values above the bars
lost = kind eq "cases" && ARG7 eq "yes"
width = lost ? 1400 : 1000
if (term eq "png") { set terminal pngcairo size width,600 noenhanced font "DejaVu Sans,11"; ext = ".png" } \
else { set terminal svg size width,600 noenhanced font "DejaVu Sans,11"; ext = ".svg" }
set output outbase . ext
bar_text(x, fmt) = x == x ? sprintf(fmt, x) : ""
bar_color(i) = int(i) % 8 + 1 # a colour per case

hatch_key = "hatched: flagged, says little (scaling.txt)"
stats datafile using (column(kind eq "cases" ? 5 : 4) + (kind eq "cases" ? 0 : column(5))) nooutput
busy = STATS_max > 0
busy_title = busy ? " (busy machine)" : ""
if (kind eq "cases") {
    set boxwidth 0.7
    set rmargin 10 # the last case's slanted name
    set xtics rotate by -20
    unset key # (the time panel keys its hatch when a bar is flagged)
    if (lost) {
        set multiplot layout 1,2 title sprintf("parbench demo %s | %s%s", name[6:], machine, busy_title)
        set title "updates lost (% of the increments)"
        set ylabel "updates lost (%)"
        set yrange [0:100]
        plot datafile using 0:4:(bar_color($0)):xtic(1) with boxes lc variable, \
             '' using 0:4:(bar_text($4, "%.1f%%")) with labels offset 0, 0.8
        set yrange [0:*]
        set title "median time of each case"
    } else {
        set title sprintf("parbench demo %s: median time of each case | %s%s", name[6:], machine, busy_title)
    }
    set ylabel "median time (s)"
    if (busy) {
        set key outside below center horizontal box noenhanced
        plot datafile using 0:2:(bar_color($0)):xtic(1) with boxes lc variable notitle, \
             '' using 0:($5 > 0 ? $2 : 0) with boxes fs transparent pattern 4 border lc rgb "black" title hatch_key, \
             '' using 0:2:(bar_text($2, "%.3g s")) with labels offset 0, 0.8 notitle
    } else {
        plot datafile using 0:2:(bar_color($0)):xtic(1) with boxes lc variable notitle, \
             '' using 0:2:(bar_text($2, "%.3g s")) with labels offset 0, 0.8 notitle
    }
    if (lost) { unset multiplot }
}

if (kind eq "groups") {
    io_cpu = name eq "demo-io-vs-cpu"
    s1 = io_cpu ? "I/O-bound: requests to the device" : "OSU: share of the communication hidden"
    s2 = io_cpu ? "CPU-bound: Monte Carlo chunks" : "IMB: share of the longer part hidden"
    set title (io_cpu ? sprintf("parbench demo io-vs-cpu: the same tasks three ways | %s%s", machine, busy_title) \
                      : sprintf("io overlap: communication overlapped with computation, per mode | %s", machine))
    set ylabel (io_cpu ? "speedup over one at a time (x)" : "overlap (%)")
    # overlap may be negative (slower than the parts one after the other): a zero line, no floor
    if (!io_cpu) { set yrange [*:100]; set xzeroaxis lt -1 lw 1.5; set ylabel "overlap (%; negative: slower than one after the other)" }
    fmt = io_cpu ? "%.2fx" : "%.1f%%"
    set boxwidth 0.36
    has(c) = strstrt(" " . ARG7 . " ", sprintf(" %d ", c)) > 0
    set bmargin 6
    set key at screen 0.5, screen 0.02 center bottom horizontal # under the groups' names
    stats datafile using (0) nooutput
    set xrange [-0.6:STATS_records - 0.4]
    if (has(2) && has(3) && busy) {
        # (the group's name under the middle of its two bars: an invisible point carries it;
        # a flagged bar drawn again, hatched over its colour)
        plot datafile using 0:(0):xtic(1) with points ps 0 notitle, \
             '' using ($0 - 0.19):2 with boxes lc rgb "#3b7dd8" title s1, \
             '' using ($0 + 0.19):3 with boxes lc rgb "#e08a1e" title s2, \
             '' using ($0 - 0.19):($4 > 0 ? $2 : 0) with boxes fs transparent pattern 4 border lc rgb "black" \
                title hatch_key, \
             '' using ($0 + 0.19):($5 > 0 ? $3 : 0) with boxes fs transparent pattern 4 border lc rgb "black" \
                notitle, \
             '' using ($0 - 0.19):2:(bar_text($2, fmt)) with labels offset 0, 0.8 notitle, \
             '' using ($0 + 0.19):3:(bar_text($3, fmt)) with labels offset 0, 0.8 notitle
    } else { if (has(2) && has(3)) {
        plot datafile using 0:(0):xtic(1) with points ps 0 notitle, \
             '' using ($0 - 0.19):2 with boxes lc rgb "#3b7dd8" title s1, \
             '' using ($0 + 0.19):3 with boxes lc rgb "#e08a1e" title s2, \
             '' using ($0 - 0.19):2:(bar_text($2, fmt)) with labels offset 0, 0.8 notitle, \
             '' using ($0 + 0.19):3:(bar_text($3, fmt)) with labels offset 0, 0.8 notitle
    } else {
        c = has(2) ? 2 : 3
        plot datafile using 0:c:xtic(1) with boxes lc rgb (c == 2 ? "#3b7dd8" : "#e08a1e") title (c == 2 ? s1 : s2), \
             '' using 0:c:(bar_text(column(c), fmt)) with labels offset 0, 0.8 notitle
    } }
}
