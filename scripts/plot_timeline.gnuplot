# A trace as a Gantt figure, drawn by scripts/plot.sh from the data scripts/trace_gantt.py
# made of it:
#   gnuplot -c plot_timeline.gnuplot png|svg OUTBASE DATAFILE MACHINE ROWS [TITLE]
# One row per worker of each step, a bar per span from its start to its end, labelled
# with its name, coloured per task (A, B, ...); spans in progress together on one worker
# share its row in thinner lanes. ROWS: the number of rows (the figure's height).
term = ARG1; outbase = ARG2; datafile = ARG3; machine = ARG4; rows = ARG5 + 0
height = 160 + 70 * rows
if (term eq "png") { set terminal pngcairo size 1200,height noenhanced font "DejaVu Sans,11"; ext = ".png" } \
else { set terminal svg size 1200,height noenhanced font "DejaVu Sans,11"; ext = ".svg" }
set output outbase . ext
what = (ARGC >= 6 && ARG6 ne "") ? ARG6 : "The timeline, measured: each worker's steps (the last repetition of each case)"
set title sprintf("%s | %s", what, machine)
set xlabel "time from the start of each case (ms)"
set yrange [-0.6:rows - 0.4]
set xrange [0:*]
set offsets 0, graph 0.08, 0, 0 # room for the total after the last bar
set ytics nomirror
set grid xtics
unset key
set style fill solid 0.8 border -1
set lmargin 26
plot datafile index 0 using (($3 + $4) / 2):1:(($4 - $3) / 2):2:5 with boxxyerror lc variable, \
     '' index 0 using (($3 + $4) / 2):1:6 with labels font ",10", \
     '' index 1 using (0):1:ytic(2) with points ps 0, \
     '' index 2 using 1:2:3 with labels left offset 1, 0
