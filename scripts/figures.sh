# Drawing with gnuplot, for plot.sh and compare.sh (sourced after args.sh).
#
# Values reach gnuplot only as arguments of `gnuplot -c SCRIPT ARG...`, which it keeps as
# strings (ARG1, ARG2, ...) and never runs: a folder name or a field of a results file
# handed in by someone else cannot become a gnuplot command. Figures are drawn in a
# fresh folder and then renamed into place: a link left where a figure goes is replaced,
# never written through, and no figure is ever half written. gnuplot warns on stderr
# about a data block without points, and fails when a whole plot has none: the scripts
# are told which blocks hold points, and a figure without any is left out with a note.

# shown TEXT: TEXT fit for a title: control characters as '?', bytes that are not UTF-8
# left out (an SVG must be valid XML)
shown() { printf '%s' "$1" | { iconv -f UTF-8 -t UTF-8 -c 2> /dev/null || true; } | LC_ALL=C tr '\001-\037\177' '?'; }

# The numbers that `parbench analyze` and `compare` write, "NaN"/"nan" being none.
number_re='^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$'

# series_with_points FILE COLUMN [log]: the numbers (1, 2, ...) of the data blocks of
# FILE (each begins with a "# series NAME" line) that hold a number in COLUMN (with
# "log": a number above 0, in column 1 too), space-separated
series_with_points() {
    awk -v col="$2" -v logscale="${3:-}" -v re="$number_re" '
        /^# series/ { n++; next }
        /^#/ || NF == 0 { next }
        $col ~ re && (logscale == "" || ($col > 0 && $1 ~ re && $1 > 0)) { has[n] = 1 }
        END { for (i = 1; i <= n; i++) if (i in has) printf "%s%d", (out++ ? " " : ""), i; print "" }' "$1"
}

# value_range FILE [log] COLUMN...: "MIN MAX" of the numbers in the COLUMNs (a negative
# COLUMN counts from the end of the line; with "log": only numbers above 0); nothing
# when there is none
value_range() {
    local file=$1 log=""
    shift
    [ "$1" != log ] || { log=log; shift; }
    awk -v cols="$*" -v logscale="$log" -v re="$number_re" '
        BEGIN { nc = split(cols, c, " ") }
        /^#/ || NF == 0 { next }
        { for (i = 1; i <= nc; i++) {
              v = c[i] < 0 ? $(NF + 1 + c[i]) : $(c[i])
              if (v !~ re || (logscale != "" && v + 0 <= 0)) continue
              v += 0
              if (!seen++ || v < lo) lo = v
              if (seen == 1 || v > hi) hi = v } }
        END { if (seen) printf "%.17g %.17g\n", lo, hi }' "$file"
}

# draw SCRIPT OUTBASE ARG...: one figure, OUTBASE.png and OUTBASE.svg, from
# `gnuplot -c SCRIPT png|svg OUTBASE ARG...`; what gnuplot says goes to stderr, and a
# failure ends the script
draw() {
    local script=$1 outbase=$2 term
    shift 2
    for term in png svg; do
        if ! gnuplot -c "$script" "$term" "$outbase" "$@" 2> "$outbase.log"; then
            cat "$outbase.log" >&2
            die "gnuplot failed for $(basename "$outbase")"
        fi
        [ ! -s "$outbase.log" ] || sed "s/^/gnuplot: /" "$outbase.log" >&2
    done
    rm -f "$outbase.log"
}

# publish FROM TO NAME...: moves FROM/NAME.png and .svg to TO/ by renaming (a link in
# TO is replaced, not followed; -T: nor is a link to a folder)
publish() {
    local from=$1 to=$2 name ext
    shift 2
    for name in "$@"; do
        for ext in png svg; do mv -fT -- "$from/$name.$ext" "$to/$name.$ext"; done
    done
}
