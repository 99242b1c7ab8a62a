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

mpi_run() { # mpi_run NP args...
    local np=$1; shift
    mpirun -np "$np" --oversubscribe --bind-to none "$@"
}
