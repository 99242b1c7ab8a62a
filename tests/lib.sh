# Helpers for the shell tests. PARBENCH is the executable (set by ctest).
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

pass() { checks=$((checks + 1)); }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL: $*" >&2; }

# csv_column FILE NAME: the values of one column (no quoting in the columns we read)
csv_column() {
    awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { print $c }' "$1"
}

finish() {
    echo "$((checks - failures)) passed, $failures failed"
    [ "$failures" -eq 0 ]
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
