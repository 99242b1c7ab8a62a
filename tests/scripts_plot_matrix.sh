#!/usr/bin/env bash
# plot.sh draws whatever parbench itself writes (issue 12, item 7): small results files
# made by the real parbench at tiny sizes (one variant, one thread count, only serial,
# only mpi, one I/O mode, each demo alone, weak scaling only, ...). For each, plot.sh
# exits 0, draws exactly the figures that have points (PNG and SVG that parse), leaves
# out the others with one note each, and gnuplot says nothing on stderr. A gnuplot that
# fails half-way leaves no figure behind, and the figures of an earlier run stay.
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
export PARBENCH_BUILD_DIR
PARBENCH_BUILD_DIR=$(dirname "$PARBENCH")
mpi=${PARBENCH_HAVE_MPI:-0}
q=(--reps 1 --warmup 0 --quiet)

# case NAME FIGURES NOTES COMMAND...: COMMAND writes NAME/runs.csv (its --csv comes last);
# plot.sh then draws FIGURES figures and notes NOTES left out
case_() {
    local name=$1 figures=$2 notes=$3 rc=0
    shift 3
    mkdir -p "$TMP/$name"
    "$@" --csv "$TMP/$name/runs.csv" > /dev/null 2> "$TMP/err" || { fail "$name: parbench failed: $(cat "$TMP/err")"; return; }
    "$src/scripts/plot.sh" "$TMP/$name" --out "$TMP/$name.plots" > "$TMP/out" 2> "$TMP/err" || rc=$?
    [ "$rc" = 0 ] || { fail "$name: plot.sh rc $rc: $(head -c 800 "$TMP/err")"; return; }
    # stderr: only plot.sh's notes of figures left out
    [ -z "$(grep -v '^plot.sh: note: .* left out: no points' "$TMP/err")" ] && [ "$(wc -l < "$TMP/err")" = "$notes" ] &&
        pass || fail "$name: stderr (want $notes notes): $(head -c 800 "$TMP/err")"
    grep -q "^plots: $figures figures" "$TMP/out" && pass || fail "$name: $(cat "$TMP/out") (want $figures figures)"
    python3 - "$TMP/$name.plots" "$figures" << 'EOF' && pass || fail "$name: figures: $(ls -A "$TMP/$name.plots")"
import os, sys, xml.etree.ElementTree as E
folder, want = sys.argv[1], int(sys.argv[2])
names = sorted(f for f in os.listdir(folder) if f not in ("data", "scaling.txt", "index.html", "lesson.html"))
assert os.path.isfile(os.path.join(folder, "index.html")), "no page"
pngs = [f[:-4] for f in names if f.endswith(".png")]
assert len(pngs) == want and names == sorted([p + ".png" for p in pngs] + [p + ".svg" for p in pngs]), names
for p in pngs:
    png = os.path.join(folder, p + ".png")
    assert open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n" and os.path.getsize(png) > 5000, png
    root = E.parse(os.path.join(folder, p + ".svg")).getroot()
    assert root.tag.endswith("svg") and len(list(root.iter())) > 50, p
EOF
}

case_ one-variant 0 2 "$PARBENCH" run montecarlo --variant omp --threads 2 --size 1e5 "${q[@]}"
case_ one-thread-count 2 0 "$PARBENCH" run montecarlo --variant serial,omp --threads 1 --size 1e5 "${q[@]}"
case_ only-serial 2 0 "$PARBENCH" run sieve --variant serial --size 1e5 "${q[@]}"
case_ serial-and-omp2 2 0 "$PARBENCH" run montecarlo --variant serial,omp --threads 2 --size 1e5 "${q[@]}"
case_ naive-only 2 0 "$PARBENCH" run matmul --variant naive --size 32 "${q[@]}"
case_ omp-sweep 2 0 "$PARBENCH" sweep matmul --variant omp --threads 1,2 --size 64 "${q[@]}"
case_ weak-only 0 2 "$PARBENCH" run montecarlo --variant omp --threads 2 --size 1e5 --tag weak "${q[@]}"
case_ weak-sweep 2 0 "$PARBENCH" sweep montecarlo --variant omp --threads 1,2 --size 1e5 --tag weak "${q[@]}"
case_ io-one-mode-one-size 1 0 "$PARBENCH" io latency --mode blocking --requests 2 --latency 1 "${q[@]}"
case_ io-threads-one-size 1 0 "$PARBENCH" io latency --mode threads --threads 2 --requests 4 --latency 1 "${q[@]}"
for d in race false-sharing; do case_ "demo-$d" 1 0 "$PARBENCH" demo "$d" --threads 2 --size 1000 "${q[@]}"; done
case_ demo-oversubscription 2 0 "$PARBENCH" demo oversubscription --size 1000 "${q[@]}"
case_ demo-amdahl 4 0 "$PARBENCH" demo amdahl --threads 2 --size 1000 "${q[@]}"
case_ demo-io-vs-cpu 1 0 "$PARBENCH" demo io-vs-cpu --threads 2 --tasks 4 --latency 1 "${q[@]}"
case_ demo-timeline 1 0 "$PARBENCH" demo timeline --step 2 "${q[@]}"
# with the demo's trace in the results folder: its Gantt figure too
case_ demo-timeline-traced 2 0 "$PARBENCH" demo timeline --step 2 --trace "$TMP/demo-timeline-traced/timeline.json" "${q[@]}"
if [ "$mpi" = 1 ]; then
    case_ only-mpi 0 2 mpi_run 2 "$PARBENCH" run montecarlo --variant mpi --size 1e5 "${q[@]}"
    case_ only-mpi-1-rank 2 0 mpi_run 1 "$PARBENCH" run montecarlo --variant mpi --size 1e5 "${q[@]}"
    case_ only-hybrid 0 2 mpi_run 2 "$PARBENCH" run sieve --variant hybrid --threads 2 --size 1e5 "${q[@]}"
    case_ io-overlap-one-mode 1 0 mpi_run 2 "$PARBENCH" io overlap --mode nonblocking --cells 2^12 --bytes 2^9 --iters 2 "${q[@]}"
    case_ io-checkpoint-one-mode 1 0 mpi_run 2 "$PARBENCH" io checkpoint --mode blocking --doubles 2^10 --steps 2 --every 1 \
        --file "$TMP/ck.bin" "${q[@]}"
else
    skip_part "no MPI: the mpi, hybrid and MPI I/O cases"
fi
# two I/O sizes of one mode, and every kind at once
"$PARBENCH" io latency --mode nonblocking --requests 8 --latency 1 "${q[@]}" --csv "$TMP/io-one-mode-one-size/runs.csv"
"$src/scripts/plot.sh" "$TMP/io-one-mode-one-size" --out "$TMP/io2" > /dev/null 2> "$TMP/err" && [ ! -s "$TMP/err" ] &&
    pass || fail "io, two modes and sizes: $(cat "$TMP/err")"
cat "$TMP"/{one-variant,only-serial,demo-race,io-threads-one-size}/runs.csv | awk 'NR == 1 { h = $0 } NR == 1 || $0 != h' > "$TMP/all.csv"
mkdir -p "$TMP/all" && mv "$TMP/all.csv" "$TMP/all/runs.csv"
"$src/scripts/plot.sh" "$TMP/all" --out "$TMP/all.plots" > "$TMP/out" 2> "$TMP/err" &&
    grep -q "^plots: 4 figures" "$TMP/out" && [ "$(wc -l < "$TMP/err")" = 2 ] && pass || fail "all at once: $(cat "$TMP/out" "$TMP/err")"

# A gnuplot that fails on the SVG of the second figure: plot.sh fails, and the folder
# keeps the figures of the run before, whole, and no new one.
mkdir -p "$TMP/fake"
cat > "$TMP/fake/gnuplot" << EOF
#!/usr/bin/env bash
[ -e "$TMP/fake/count" ] || echo 0 > "$TMP/fake/count"
n=\$((\$(cat "$TMP/fake/count") + 1)); echo \$n > "$TMP/fake/count"
[ "\$n" != 4 ] || { echo "gnuplot: out of luck" >&2; exit 1; }
exec $(command -v gnuplot) "\$@"
EOF
chmod +x "$TMP/fake/gnuplot"
sums() { (cd "$1" && find . -type f ! -path './data/*' -exec md5sum {} + | sort -k 2); }
before=$(sums "$TMP/serial-and-omp2.plots")
rc=0; PATH=$TMP/fake:$PATH "$src/scripts/plot.sh" "$TMP/serial-and-omp2" --out "$TMP/serial-and-omp2.plots" > /dev/null 2> "$TMP/err" || rc=$?
[ "$rc" = 2 ] && grep -q "gnuplot failed" "$TMP/err" && pass || fail "failing gnuplot: rc $rc: $(cat "$TMP/err")"
[ "$(sums "$TMP/serial-and-omp2.plots")" = "$before" ] && [ -z "$(find "$TMP/serial-and-omp2.plots" -name '.plot.*')" ] &&
    pass || fail "a failed run changed the figures: $(ls -A "$TMP/serial-and-omp2.plots")"
finish
