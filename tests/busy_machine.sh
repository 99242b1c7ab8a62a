#!/usr/bin/env bash
# A busy machine, made on purpose: a busy loop pinned with taskset to CPU 0 for a known
# time, started and stopped here, and parbench confined to that CPU. Whatever else runs
# on the machine only makes CPU 0 busier, so each check holds under any load:
#   - the quiet gate waits for its cores, bounded, says so on stderr, and records the wait
#     and what it saw (wait_s, others_busy);
#   - a starved step is measured again (attempts), its row keeps the attempts and flags,
#     and the verdict names it with the command that measures it again;
#   - an oversubscribed step (starved by construction) is not run again.
# Then, from constructed rows: the verdict's speedups and intervals equal those computed
# from the CSV; a flagged all-cores roof is never used; peak's arrays stay within their
# memory share (PARBENCH_MAX_MEMORY) and a VM's absurd cache gets a note, not gigabytes;
# `run` without --size measures a calibrated size; a tiny run is flagged tiny.
# No check asserts a speed.
. "$(dirname "$0")/lib.sh"
command -v taskset > /dev/null || skip "no taskset"
[ "$(nproc)" -ge 1 ] || skip "no CPU"
csv="$TMP/runs.csv"
col() { csv_select "$csv" "$@"; }

busy_pid=""
start_busy() { taskset -c 0 sh -c 'while :; do :; done' & busy_pid=$!; sleep 0.3; }
stop_busy() { [ -z "$busy_pid" ] || { kill "$busy_pid" 2> /dev/null; wait "$busy_pid" 2> /dev/null; }; busy_pid=""; }
trap 'stop_busy; rm -rf "$TMP"' EXIT

# ---- the gate: CPU 0 kept busy, the step waits its 2 s and records it ----
start_busy
taskset -c 0 "$PARBENCH" run montecarlo --variant serial --size 1e6 --reps 1 --warmup 0 --wait-quiet 2 \
    --csv "$csv" --quiet 2> "$TMP/err"
rc=$?
[ $rc = 0 ] && pass || fail "gated run rc $rc: $(cat "$TMP/err")"
read -r wait others attempts < <(col wait_s,others_busy,attempts | tail -1)
awk -v w="$wait" 'BEGIN { exit !(w >= 1.9 && w <= 60) }' && pass || fail "wait_s $wait (want about 2: the whole budget)"
awk -v o="$others" 'BEGIN { exit !(o >= 0.8) }' && pass || fail "others_busy $others (the loop keeps CPU 0 busy)"
grep -q "^waiting for the cores (montecarlo/serial): other work keeps [0-9.]* of 1 usable cores busy" "$TMP/err" &&
    grep -q "^still busy after [0-9]* s" "$TMP/err" && pass || fail "gate progress lines: $(cat "$TMP/err")"
[ "$attempts" = 1 ] && pass || fail "attempts $attempts (want 1)"

# ---- a quiet machine (a fixed /proc/stat: nothing moves between the two looks): no wait ----
printf 'cpu  1 0 1 100 0 0 0 0 0 0\ncpu0 1 0 1 100 0 0 0 0 0 0\ncpu1 1 0 1 100 0 0 0 0 0 0\n' > "$TMP/stat"
rm -f "$csv"
PARBENCH_PROC_STAT="$TMP/stat" "$PARBENCH" run montecarlo --variant serial --size 1e6 --reps 1 --warmup 0 \
    --wait-quiet 30 --csv "$csv" --quiet 2> "$TMP/err" && pass || fail "quiet run: $(cat "$TMP/err")"
[ "$(col wait_s,others_busy)" = "0.0 0.00" ] && ! grep -q waiting "$TMP/err" && pass ||
    fail "a quiet machine waited: $(col wait_s,others_busy) $(cat "$TMP/err")"

# ---- a starved step, measured again: 2 attempts, still starved, named by the verdict ----
rm -f "$csv"
taskset -c 0 "$PARBENCH" run montecarlo --variant serial --size 3e8 --reps 2 --warmup 0 --wait-quiet 0.5 \
    --attempts 2 --csv "$csv" > "$TMP/out" 2> "$TMP/err"
rc=$?
stop_busy
[ $rc = 0 ] && pass || fail "starved run rc $rc: $(cat "$TMP/err")"
read -r attempts notes < <(col attempts,notes)
[ "$attempts" = 2 ] && [[ ";$notes;" == *";starved;"* ]] && pass || fail "attempts $attempts, notes $notes"
grep -q "montecarlo/serial: flagged starved; measuring again (attempt 2 of 2)" "$TMP/err" && pass ||
    fail "no line about the second attempt: $(cat "$TMP/err")"
"$PARBENCH" verdict "$csv" > "$TMP/v" 2>&1 && pass || fail "verdict rc: $(cat "$TMP/v")"
grep -q "^verdict: 0 of 1 steps trusted" "$TMP/v" &&
    grep -Eq "^    montecarlo:serial:1x1 +starved.*; 2 attempts; other work kept [0-9.]+ of 1 cores busy" "$TMP/v" &&
    grep -q "parbench suite --out $TMP --only montecarlo:serial:1x1$" "$TMP/v" && pass ||
    fail "verdict of the starved step: $(cat "$TMP/v")"
# the same row made cv-high on a quiet machine (others_busy 0): waiting would change
# nothing, so the verdict asks for more repetitions, not for a quieter machine
python3 - "$csv" "$TMP/quiet.csv" << 'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    for r in rows:
        r["notes"], r["others_busy"] = "cv-high", "0"
        w.writerow(r)
PY
"$PARBENCH" verdict "$TMP/quiet.csv" > "$TMP/v" 2>&1
grep -q "their spread is their own (no other work was in the way): measure them again with more repetitions: parbench suite --out $TMP --only montecarlo:serial:1x1 --reps 10$" "$TMP/v" &&
    ! grep -q "when the machine is quieter" "$TMP/v" && pass || fail "verdict of a quiet cv-high step: $(cat "$TMP/v")"

# ---- oversubscribed (2 threads on 1 CPU) is starved by construction: one attempt ----
rm -f "$csv"
taskset -c 0 "$PARBENCH" run montecarlo --variant omp --threads 2 --size 1e7 --reps 1 --warmup 0 --attempts 3 \
    --csv "$csv" --quiet 2> /dev/null && pass || fail "oversubscribed run rc"
read -r attempts notes < <(col attempts,notes)
[ "$attempts" = 1 ] && [[ ";$notes;" == *";oversubscribed;"* ]] && pass || fail "oversubscribed: attempts $attempts, $notes"

# ---- the verdict's numbers are the CSV's: constructed rows, computed independently ----
synthetic_header > /dev/null 2>&1
v="$TMP/v.csv"
{
    head -1 "$TMP/h.csv"
    synthetic_row m1 montecarlo serial 1000 1 1 2.0 500 Msamples/s usable_cores=2 ci_low_s=1.9 ci_high_s=2.2
    synthetic_row m1 montecarlo omp 1000 2 1 1.0 1000 Msamples/s usable_cores=2 ci_low_s=0.95 ci_high_s=1.1
    synthetic_row m1 montecarlo mpi 1000 1 2 1.25 800 Msamples/s usable_cores=2 notes=starved attempts=3 \
        others_busy=1.2 load1=3.5
} > "$v"
"$PARBENCH" verdict "$v" > "$TMP/v" 2>&1 && pass || fail "verdict of constructed rows: $(cat "$TMP/v")"
want_omp=$(awk 'BEGIN { printf "omp %.2fx (%.2f-%.2f) on 2", 2.0 / 1.0, 1.9 / 1.1, 2.2 / 0.95 }')
want_mpi=$(awk 'BEGIN { printf "mpi x2 untrusted [starved] (measured %.2fx)", 2.0 / 1.25 }')
grep -q "^verdict: 2 of 3 steps trusted" "$TMP/v" && grep -qF "montecarlo 1000: $want_omp, $want_mpi" "$TMP/v" &&
    grep -Eq "^    montecarlo:mpi:2x1 +starved; 3 attempts; other work kept 1.2 of 2 cores busy \(load 3.5\)" "$TMP/v" &&
    pass || fail "verdict numbers (want '$want_omp', '$want_mpi'): $(cat "$TMP/v")"
# a speedup above the workers' count (a serial run that met a slower moment) is marked, not taught
sl="$TMP/superlinear.csv"
{
    head -1 "$TMP/h.csv"
    synthetic_row m1 sieve serial 1000 1 1 2.0 500 Mnumbers/s usable_cores=2 ci_low_s=1.9 ci_high_s=2.1
    synthetic_row m1 sieve omp 1000 2 1 0.8 1250 Mnumbers/s usable_cores=2 ci_low_s=0.78 ci_high_s=0.82
    synthetic_row m1 sieve mpi 1000 1 2 1.0 1000 Mnumbers/s usable_cores=2 ci_low_s=0.98 ci_high_s=1.02
} > "$sl"
"$PARBENCH" verdict "$sl" > "$TMP/sl" 2>&1 && pass || fail "verdict of a superlinear row: $(cat "$TMP/sl")"
want_sl=$(awk 'BEGIN { printf "omp %.2fx (%.2f-%.2f) on 2 [superlinear], mpi %.2fx (%.2f-%.2f) on 2", 2.0 / 0.8,
    1.9 / 0.82, 2.1 / 0.78, 2.0 / 1.0, 1.9 / 1.02, 2.1 / 0.98 }')
grep -qF "sieve 1000: $want_sl" "$TMP/sl" && grep -q "^  \[superlinear\]: faster than its workers' count allows" "$TMP/sl" &&
    pass || fail "superlinear mark (want '$want_sl'): $(cat "$TMP/sl")"
# analyze's scaling.txt ends with the same verdict
"$PARBENCH" analyze "$v" --out "$TMP/a" > "$TMP/scaling.txt" 2> /dev/null &&
    [ "$(sed -n '/^verdict: /,/^  not trusted/p' "$TMP/scaling.txt")" = "$(sed -n '/^verdict: /,/^  not trusted/p' "$TMP/v")" ] &&
    pass || fail "scaling.txt's verdict differs: $(tail -6 "$TMP/scaling.txt")"

# ---- a flagged all-cores roof is never a roof ----
r="$TMP/roof.csv"
{
    head -1 "$TMP/h.csv"
    synthetic_row "$("$PARBENCH" info --json | sed -n 's/^  "id": "\(.*\)",/\1/p')" peak fma 1000 1 1 0.1 50 GFLOP/s
    synthetic_row "$("$PARBENCH" info --json | sed -n 's/^  "id": "\(.*\)",/\1/p')" peak fma 1000 2 1 0.2 40 GFLOP/s \
        notes=roof-below-1core
} > "$r"
"$PARBENCH" info --json --peak "$r" | grep -q '"fma_gflops_1core": 50, "fma_gflops_all": null' && pass ||
    fail "the flagged 2-core roof was used: $("$PARBENCH" info --json --peak "$r" | grep peak)"

# ---- peak within its memory share; an absurd cache gets a note ----
PARBENCH_MAX_MEMORY=600e6 "$PARBENCH" peak --dry-run > "$TMP/out" 2>&1 && pass || fail "peak --dry-run rc"
mib=$(sed -n 's/^memory: \([0-9.]*\) MiB at most (peak\/triad).*/\1/p' "$TMP/out")
awk -v m="$mib" 'BEGIN { exit !(m > 0 && m * 1048576 <= 0.25 * 600e6 + 1048576) }' && pass ||
    fail "peak's triad takes $mib MiB of a 600e6-byte budget (want at most a quarter): $(cat "$TMP/out")"
HWLOC_SYNTHETIC="pack:1 l3:1(size=1GB) core:2 pu:1" PARBENCH_MAX_MEMORY=20e9 \
    "$PARBENCH" peak --reps 1 --warmup 0 --fma-steps 2^10 --threads 1 --triad-elements 2^10 --dry-run > /dev/null &&
    HWLOC_SYNTHETIC="pack:1 l3:1(size=1GB) core:2 pu:1" PARBENCH_MAX_MEMORY=20e9 "$PARBENCH" peak --dry-run \
        > "$TMP/out" 2>&1 && grep -q "^memory: 768.0 MiB at most (peak/triad)" "$TMP/out" && pass ||
    fail "1 GB of L3 on 2 cores: want arrays from 64 MiB (768 MiB in all): $(cat "$TMP/out")"
HWLOC_SYNTHETIC="pack:1 l3:1(size=1GB) core:2 pu:1" "$PARBENCH" peak --reps 1 --warmup 0 --fma-steps 2^10 \
    --threads 1 2> /dev/null | grep -q "^note: the topology reports 954 MiB of L3 cache for 2 cores" && pass ||
    fail "no note about the absurd cache"
# a step that would not fit is refused before it runs: one line, exit 2
PARBENCH_MAX_MEMORY=100e6 "$PARBENCH" peak --triad-elements 2^25 --csv "$TMP/none.csv" > "$TMP/out" 2> "$TMP/err"
[ $? = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "peak/triad: needs 805306368 bytes (768 MiB) on this node, but 100000000 bytes (95 MiB) are available" "$TMP/err" &&
    [ ! -e "$TMP/none.csv" ] && pass || fail "peak beyond memory: $(cat "$TMP/err")"

# ---- the first command measures something; a tiny run says so ----
"$PARBENCH" run montecarlo --variant serial --dry-run | grep -q ", size auto," && pass || fail "run's default size"
"$PARBENCH" run montecarlo --variant serial --reps 1 --csv "$TMP/auto.csv" > "$TMP/out" 2> /dev/null &&
    grep -q "^size auto: montecarlo .* >= --min-time 0.3 s" "$TMP/out" && [[ "$(csv_column "$TMP/auto.csv" notes)" == *size-auto* ]] &&
    pass || fail "run without --size: $(head -2 "$TMP/out")"
"$PARBENCH" run montecarlo --variant serial --size 1e4 --reps 3 --csv "$TMP/tiny.csv" --quiet 2> /dev/null &&
    [[ ";$(csv_column "$TMP/tiny.csv" notes);" == *";tiny;"* ]] && pass || fail "a 1e4-sample run is not flagged tiny"

# ---- the sweep ends with its verdict; --only measures the steps it names again ----
sweep=("$PARBENCH_SOURCE_DIR/scripts/sweep.sh" --build "$(dirname "$PARBENCH")" --size-class tiny --kernels montecarlo
       --no-peak --no-mpi --no-io --no-demos --reps 1 --out "$TMP/sw")
"${sweep[@]}" > "$TMP/out" 2> "$TMP/err" && pass || fail "sweep rc: $(tail -3 "$TMP/err")"
grep -Eq "^verdict: (all 3 steps trusted|[0-3] of 3 steps trusted)" "$TMP/out" && pass ||
    fail "the sweep's verdict: $(tail -5 "$TMP/out")"
rows=$(csv_count "$TMP/sw/runs.csv")
size=$(csv_select "$TMP/sw/runs.csv" size variant=serial)
"${sweep[@]}" --only montecarlo:omp:1x2 > "$TMP/out" 2> "$TMP/err" && pass || fail "--only rc: $(tail -3 "$TMP/err")"
[ "$(csv_count "$TMP/sw/runs.csv")" = $((rows + 1)) ] &&
    [ "$(csv_select "$TMP/sw/runs.csv" size,threads variant=omp | tail -1)" = "$size 2" ] &&
    grep -q "^sweep: 1 steps in" "$TMP/out" && pass || fail "--only ran: $(tail -3 "$TMP/out")"
"${sweep[@]}" --only montecarlo:omp:9x9 > "$TMP/out" 2> "$TMP/err"
[ $? = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "^sweep.sh: --only montecarlo:omp:9x9: no such step" "$TMP/err" &&
    pass || fail "--only with an unknown step: $(cat "$TMP/err")"
# a step expected beyond the budget is skipped before it runs, and the sweep says so
"${sweep[@]/$TMP\/sw/$TMP/sw2}" --step-budget 1 > "$TMP/out" 2> "$TMP/err" && pass || fail "budget sweep rc"
[ "$(grep -c "^sweep.sh: skipping montecarlo .* above --step-budget 1 s" "$TMP/err")" = 3 ] &&
    grep -q "^sweep: 3 steps in [0-9]*s, 0 failed, 3 skipped (--step-budget)" "$TMP/out" && pass ||
    fail "--step-budget: $(cat "$TMP/err" "$TMP/out" | tail -5)"
finish
