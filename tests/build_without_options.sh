#!/usr/bin/env bash
# A build without MPI, hwloc, OpenBLAS and liburing still works: it says the mpi and
# hybrid variants (and the uring modes) are unavailable, refuses them with exit 2, and runs
# everything else.
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
cmake -S "$src" -B "$TMP/b" -DPARBENCH_WITH_MPI=OFF -DPARBENCH_WITH_HWLOC=OFF -DPARBENCH_WITH_BLAS=OFF -DPARBENCH_WITH_URING=OFF \
    -DPARBENCH_WERROR=ON > "$TMP/cmake.log" 2>&1 && pass || { fail "configure: $(tail "$TMP/cmake.log")"; finish; exit; }
grep -q "built without MPI: the mpi and hybrid variants are unavailable" "$TMP/cmake.log" && pass || fail "configure message"
grep -q "built without liburing: the io drivers' uring modes are unavailable" "$TMP/cmake.log" && pass ||
    fail "configure message (liburing)"
# its MPI tests are listed and reported skipped, not left out
(cd "$TMP/b" && ctest -R '^(test_matmul_mpi_np2|test_sieve_mpi_np4|io_overlap|io_checkpoint|io_uring)$' > "$TMP/ctest.log" 2>&1)
[ "$(grep -c '\*\*\*Skipped' "$TMP/ctest.log")" = 5 ] && grep -q "100% tests passed, 0 tests failed out of 5" "$TMP/ctest.log" &&
    pass || fail "MPI tests without MPI: $(cat "$TMP/ctest.log")"
cmake --build "$TMP/b" -j 2 --target parbench > "$TMP/build.log" 2>&1 && pass || { fail "build: $(grep -m5 error "$TMP/build.log")"; finish; exit; }
pb="$TMP/b/parbench"
"$pb" --version | grep -q "MPI no, hwloc no, OpenBLAS no" && pass || fail "version: $("$pb" --version)"
"$pb" list | grep -q "mpi (unavailable)" && pass || fail "list marks mpi unavailable"
"$pb" list | grep -q "this build has no MPI" && pass || fail "list says no MPI"
"$pb" run montecarlo --variant mpi --size 1000 2> "$TMP/err" > /dev/null
[ $? = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "unavailable: this parbench was built without MPI" "$TMP/err" &&
    pass || fail "mpi refused: $(cat "$TMP/err")"
"$pb" io latency --mode uring --requests 10 2> "$TMP/err" > /dev/null
[ $? = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "uring: unavailable: this parbench was built without liburing" "$TMP/err" &&
    pass || fail "uring refused: $(cat "$TMP/err")"
"$pb" list | grep -q "nonblocking threads uring (unavailable)" && pass || fail "list marks uring unavailable"
"$pb" run montecarlo --variant serial,omp --size 1e5 --reps 1 --csv "$TMP/r.csv" --quiet && pass || fail "serial,omp run"
[ "$(csv_column "$TMP/r.csv" verified | sort -u)" = true ] && pass || fail "verified"
"$pb" info --json | grep -q '"topology_from": "sysconf"' && pass || fail "info without hwloc"
"$pb" info | grep -q "^mpi            none (built without MPI)" && pass || fail "info says no MPI"
finish
