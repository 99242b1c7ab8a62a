#!/usr/bin/env bash
# Builds the libFuzzer target for the option parser and the value grammar with clang (ASan +
# UBSan) and fuzzes it for a bounded time from a small seed corpus.
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
seconds=${PARBENCH_FUZZ_SECONDS:-20}
command -v clang > /dev/null || skip "clang missing: run scripts/setup.sh"
gen=$(dirname "$PARBENCH")/generated
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fopenmp \
    -I "$src/drivers" -I "$gen" -I "$src/kernels" \
    "$src/tests/fuzz/fuzz_args.c" "$src/drivers/base/options.c" "$src/drivers/base/parse.c" -o "$TMP/fuzz_args" 2> "$TMP/cc.log" &&
    pass || { fail "clang build: $(cat "$TMP/cc.log")"; finish; exit; }
mkdir -p "$TMP/corpus"
i=0
for seed in "k\0--size\0001e5" "k\0--size\0002^17\0--count\0004" "--names\0serial,omp\0k" \
            "k\0--size\00010^5\0--real\0002.5\0--flag" "k\0--list\0001,2,4" "k\0--size=1.5e3\0--label\000x-1" \
            "--path=a/b\0--real=0.5e1"; do
    printf "$seed" > "$TMP/corpus/seed$i"; i=$((i + 1))
done
"$TMP/fuzz_args" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 -print_final_stats=1 "$TMP/corpus" \
    > "$TMP/fuzz.log" 2>&1
rc=$?
[ $rc = 0 ] && pass || fail "fuzzer found a problem (rc $rc): $(grep -A20 -m1 'ERROR\|==ERROR\|deadly' "$TMP/fuzz.log" | head -40)"
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$TMP/fuzz.log")
echo "fuzz_args: $runs executions in ${seconds}s"
[ "${runs:-0}" -gt 1000 ] && pass || fail "too few executions: ${runs:-none}"
finish
