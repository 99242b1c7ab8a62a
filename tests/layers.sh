#!/usr/bin/env bash
# The layers of drivers/ (cmake/check_layers.cmake): today's tree passes; a copy with one
# include pointing upward (core including cli, output including a reader, a runner
# including the command line) and one with a folder in no layer are refused, each with a
# line naming the file, the include and both layers; the build itself runs the check
# before parbench links (target parbench_layers).
source "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
check() { cmake -DPARBENCH_DRIVERS="$1" -P "$src/cmake/check_layers.cmake" > "$TMP/out" 2>&1; }
check "$src/drivers" && pass || fail "today's drivers/ refused: $(cat "$TMP/out")"
planted() { # FILE INCLUDE WANT: a copy with INCLUDE added to FILE is refused, saying WANT
    rm -rf "$TMP/d" && cp -r "$src/drivers" "$TMP/d"
    sed -i "1i #include \"$2\"" "$TMP/d/$1"
    if check "$TMP/d"; then fail "$1 including $2 was accepted"
    elif grep -qF "$3" "$TMP/out"; then pass
    else fail "$1 including $2: $(cat "$TMP/out")"; fi
}
planted core/timer.c cli/commands.h "drivers/core/timer.c: #include \"cli/commands.h\": 'core' (layer core) may not include 'cli' (layer cli, above it)"
planted output/report.c analysis/verdict.h "'output' (layer output) may not include 'analysis' (layer analysis,diff,lab, above it)"
planted base/parse.c env/machine.h "'base' (layer base) may not include 'env' (layer env, above it)"
planted glue/matmul.c demo/demo.h "'glue' (layer plan,glue,io,demo) may not include 'demo' (layer plan,glue,io,demo, above it)"
rm -rf "$TMP/d" && cp -r "$src/drivers" "$TMP/d" && mkdir "$TMP/d/extra" && echo '/* */' > "$TMP/d/extra/x.c"
check "$TMP/d" && fail "a folder in no layer was accepted" ||
    { grep -qF "drivers/extra/x.c: its folder 'extra' is in no layer" "$TMP/out" && pass || fail "no layer: $(cat "$TMP/out")"; }
# no two source files of drivers/ share a name
dups=$(find "$src/drivers" -name '*.[ch]' -printf '%f\n' | sort | uniq -d | paste -sd' ')
[ -z "$dups" ] && pass || fail "files sharing a name in drivers/: $dups"
finish
