# Helpers for the shell tests. PARBENCH is the executable (set by ctest).
set -u
: "${PARBENCH:?run under ctest, or set PARBENCH=build/parbench}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
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

mpi_run() { # mpi_run NP args...
    local np=$1; shift
    mpirun -np "$np" --oversubscribe --bind-to none "$@"
}
