#!/usr/bin/env bash
# A build without MPI, hwloc, OpenBLAS, liburing and zlib still works: it says the mpi and
# hybrid variants (and the uring modes) are unavailable, refuses them with exit 2, and runs
# everything else; without zlib, compare and page read results folders and refuse a
# .tar.gz hand-in with one line.
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
cmake -S "$src" -B "$TMP/b" -DPARBENCH_WITH_MPI=OFF -DPARBENCH_WITH_HWLOC=OFF -DPARBENCH_WITH_BLAS=OFF -DPARBENCH_WITH_URING=OFF \
    -DPARBENCH_WITH_ZLIB=OFF -DPARBENCH_WERROR=ON > "$TMP/cmake.log" 2>&1 && pass || { fail "configure: $(tail "$TMP/cmake.log")"; finish; exit; }
grep -q "built without MPI: the mpi and hybrid variants are unavailable" "$TMP/cmake.log" && pass || fail "configure message"
grep -q "built without liburing: the io drivers' uring modes are unavailable" "$TMP/cmake.log" && pass ||
    fail "configure message (liburing)"
grep -q "built without zlib: compare, page and lesson refuse .tar.gz hand-ins (results folders work)" "$TMP/cmake.log" &&
    pass || fail "configure message (zlib)"
# its MPI tests are listed and reported skipped, not left out
(cd "$TMP/b" && ctest -R '^(test_matmul_mpi_np2|test_sieve_mpi_np4|io_overlap|io_checkpoint|io_uring)$' > "$TMP/ctest.log" 2>&1)
[ "$(grep -c '\*\*\*Skipped' "$TMP/ctest.log")" = 5 ] && grep -q "100% tests passed, 0 tests failed out of 5" "$TMP/ctest.log" &&
    pass || fail "MPI tests without MPI: $(cat "$TMP/ctest.log")"
cmake --build "$TMP/b" -j 2 --target parbench > "$TMP/build.log" 2>&1 && pass || { fail "build: $(grep -m5 error "$TMP/build.log")"; finish; exit; }
pb="$TMP/b/parbench"
"$pb" --version | grep -q "MPI no, hwloc no, OpenBLAS no, zlib no;" && pass || fail "version: $("$pb" --version)"
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
# without zlib: a results folder is compared and paged, its archive refused in one line
mkdir -p "$TMP/lab/pc1"
cp "$TMP/r.csv" "$TMP/lab/pc1/runs.csv"
"$pb" info --json > "$TMP/lab/pc1/machine.json"
"$pb" compare "$TMP/lab/pc1" --out "$TMP/cmp" > /dev/null 2> "$TMP/err" &&
    [ "$(csv_select "$TMP/cmp/compare.csv" label | sort -u)" = pc1 ] && pass || fail "compare of a folder: $(cat "$TMP/err")"
"$pb" page "$TMP/lab/pc1" --out "$TMP/page" > /dev/null 2> "$TMP/err" && [ -s "$TMP/page/index.html" ] && pass ||
    fail "page of a folder: $(cat "$TMP/err")"
tar -czf "$TMP/lab/handin-pc1.tar.gz" -C "$TMP/lab" pc1
for cmd in "compare --out $TMP/cmp2" "page --out $TMP/page2" "lesson --out $TMP/lesson2"; do
    read -r name opts <<< "$cmd"
    # shellcheck disable=SC2086 # opts: the option and its folder
    "$pb" "$name" "$TMP/lab/handin-pc1.tar.gz" $opts > "$TMP/out" 2> "$TMP/err"
    rc=$?
    [ $rc = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && [ ! -s "$TMP/out" ] && grep -qF \
        "handin-pc1.tar.gz: this parbench was built without zlib: unpack the hand-in first or rebuild with zlib1g-dev" \
        "$TMP/err" && pass || fail "$name of an archive without zlib: rc $rc: $(cat "$TMP/err")"
done
"$pb" info --json | grep -q '"topology_from": "sysconf"' && pass || fail "info without hwloc"
"$pb" info | grep -q "^mpi            none (built without MPI)" && pass || fail "info says no MPI"
finish
