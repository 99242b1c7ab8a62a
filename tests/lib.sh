# Helpers for the shell tests. PARBENCH is the executable (set by ctest).
# A test exits 0 when every check passed, 1 when one failed, and 77 (ctest's
# SKIP_RETURN_CODE, set for every shell test) when it, or a part of it, cannot run here
# and nothing failed: a check that cannot run is reported as skipped, never as passed.
set -u
: "${PARBENCH:?run under ctest, or set PARBENCH=build/parbench}"
# The launcher of the MPI this parbench links (Open MPI's mpirun or MPICH's Hydra
# mpiexec) and its flags, from the scripts' own helper.
. "${PARBENCH_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}/scripts/mpi_launcher.sh"
if [ "${PARBENCH_HAVE_MPI:-0}" = 1 ]; then
    mpi_setup "$(dirname "$PARBENCH")" || { echo "FAIL: $MPI_WHY" >&2; exit 1; }
fi
failures=0
checks=0
TMP=$(mktemp -d /tmp/pbtest.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

skipped=""
pass() { checks=$((checks + 1)); }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL: $*" >&2; }
skip() { echo "SKIP: $*"; exit 77; }                                 # the whole test
skip_part() { skipped+="${skipped:+; }$*"; echo "SKIP (part): $*"; } # finish then exits 77

# Results CSVs are read by column name with CSV quoting (scripts/csv_by_name.py), never by position.
# csv_select FILE COLUMNS [NAME=VALUE | NAME!=VALUE ...]: the COLUMNS (comma-separated)
# of each row meeting every condition, joined by one space, a line per row.
PB_CSV=$(cd "$(dirname "${BASH_SOURCE[0]}")/../scripts" && pwd)/csv_by_name.py
csv_select() { python3 "$PB_CSV" select "$@"; }
# csv_column FILE NAME: the values of one column, a line per row
csv_column() { csv_select "$1" "$2"; }
# csv_count FILE [CONDITION ...]: how many rows meet every condition
csv_count() { python3 "$PB_CSV" count "$@"; }

# synthetic_row MACHINE KERNEL VARIANT SIZE THREADS RANKS TIME THROUGHPUT UNIT [NAME=VALUE...]: a
# verified schema-2 row in the header order of $TMP/h.csv (made by synthetic_header), the
# median's interval +-1%; NAME=VALUE sets (or overrides) any other column
synthetic_header() { "$PARBENCH" run montecarlo --variant serial --size 10 --reps 1 --quiet --csv "$TMP/h.csv"; head -1 "$TMP/h.csv"; }
synthetic_row() {
    local t=$7
    python3 "$PB_CSV" row "$TMP/h.csv" schema=2 machine="$1" kernel="$2" variant="$3" size="$4" threads="$5" ranks="$6" \
        reps=3 time_s="$t" time_min_s="$t" time_max_s="$t" throughput="$8" unit="$9" result=1 verified=true \
        timestamp=2026-11-26T10:00:00Z cv=0.01 warmup=1 seed=42 cpu_s="$t" \
        ci_low_s="$(awk -v t="$t" 'BEGIN { print t * 0.99 }')" ci_high_s="$(awk -v t="$t" 'BEGIN { print t * 1.01 }')" \
        "${@:10}"
}

finish() {
    echo "$((checks - failures)) passed, $failures failed${skipped:+; skipped: $skipped}"
    [ "$checks" -gt 0 ] || { echo "FAIL: no check ran" >&2; return 1; }
    [ "$failures" -eq 0 ] || return 1
    [ -z "$skipped" ] || return 77
}

# expect_bad "text the message must hold" ARGS...: parbench ARGS exits 2 with exactly one
# line on stderr holding the text, and prints nothing on stdout
expect_bad() {
    local want=$1; shift
    "$PARBENCH" "$@" > "$TMP/out" 2> "$TMP/err" < /dev/null
    local rc=$?
    local lines; lines=$(wc -l < "$TMP/err")
    if [ $rc -ne 2 ]; then fail "rc $rc (want 2): parbench $*"; return; fi
    if [ "$lines" -ne 1 ]; then fail "$lines stderr lines (want 1): parbench $*: $(cat "$TMP/err")"; return; fi
    if ! grep -q -- "$want" "$TMP/err"; then fail "message lacks '$want': parbench $*: $(cat "$TMP/err")"; return; fi
    if [ -s "$TMP/out" ]; then fail "stdout not empty: parbench $*"; return; fi
    pass
}

# mpi_run NP CMD...: CMD on NP ranks, unbound, more ranks than cores allowed (for a
# command under `timeout`: mpi_cmd NP none 1; timeout 60 "${MPI_CMD[@]}" CMD...)
mpi_run() {
    mpi_cmd "$1" none 1
    shift
    "${MPI_CMD[@]}" "$@"
}

# fnv_words FILE: FNV-1a over the file's 64-bit little-endian words (the checksum io
# checkpoint reports as its result)
fnv_words() {
    python3 -c '
import struct, sys
h = 0xcbf29ce484222325
for (w,) in struct.iter_unpack("<Q", open(sys.argv[1], "rb").read()):
    h = ((h ^ w) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
print(f"{h:016x}")' "$1"
}

# every_variant KERNEL SIZE CSV: the kernel's serial and omp on 2 threads, omp on 1 and 3,
# and (built with MPI) mpi on 1-4 ranks and hybrid on 2 ranks x 2 threads, one repetition
# each, appended to CSV; EVERY_VARIANT_ROWS gets the rows they write (no subshell, so that
# a failure counts)
every_variant() {
    local k=$1 n=$2 csv=$3 t np
    local once=(run "$k" --size "$n" --reps 1 --warmup 0 --csv "$csv" --quiet)
    "$PARBENCH" "${once[@]}" --variant serial,omp --threads 2 || fail "$k n=$n serial,omp exit $?"
    for t in 1 3; do
        "$PARBENCH" "${once[@]}" --variant omp --threads "$t" || fail "$k n=$n omp -t $t exit $?"
    done
    EVERY_VARIANT_ROWS=4
    [ "${PARBENCH_HAVE_MPI:-0}" = 1 ] || return 0
    for np in 1 2 3 4; do
        mpi_run "$np" "$PARBENCH" "${once[@]}" --variant mpi || fail "$k n=$n mpi np=$np exit $?"
    done
    mpi_run 2 "$PARBENCH" "${once[@]}" --variant hybrid --threads 2 || fail "$k n=$n hybrid 2x2 exit $?"
    EVERY_VARIANT_ROWS=9
}
