#!/usr/bin/env bash
# A cluster on paper: builds the SimGrid build (scripts/build.sh --simgrid, into
# simgrid/ beside this parbench, incrementally) and runs the matmul and montecarlo mpi
# variants on 16 simulated ranks of the lab platform through scripts/simulate.sh.
# Checks that every row verified, names the platform as its machine, says `simulated`
# and ran on 16 distinct simulated hosts; that the figures' titles say so; and that the
# threaded variants are refused (exit 2). Without smpicc/smpirun (libsimgrid-dev): SKIP.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
command -v smpicc > /dev/null && command -v smpirun > /dev/null || skip "no smpicc/smpirun (scripts/setup.sh installs libsimgrid-dev)"
build="$(dirname "$PARBENCH")/simgrid"
PARBENCH_BUILD_DIR=$build "$src/scripts/build.sh" --simgrid > "$TMP/build.log" 2>&1 ||
    { cat "$TMP/build.log" >&2; echo "FAIL: scripts/build.sh --simgrid" >&2; exit 1; }

# a fixed host speed: no calibration run, the same scaling on every machine
"$src/scripts/simulate.sh" --platform lab --ranks 16 --kernels matmul,montecarlo --size matmul=192 \
    --size montecarlo=2e6 --host-speed 20 --step-time 60 --out "$TMP/lab" --build "$build" > "$TMP/sim.log" 2>&1 ||
    { cat "$TMP/sim.log" >&2; fail "simulate.sh on the lab platform"; }
csv="$TMP/lab/runs.csv"
if [ -f "$csv" ]; then
    [ "$(csv_count "$csv")" = 4 ] && pass || fail "expected 4 rows (serial and mpi of 2 kernels), got $(csv_count "$csv")"
    [ "$(csv_count "$csv" verified=true machine=lab)" = 4 ] && pass ||
        fail "rows not verified or not of machine lab: $(csv_select "$csv" kernel,variant,verified,machine | tr '\n' '|')"
    [ "$(csv_count "$csv" notes=simulated)" = 4 ] && pass || fail "notes: $(csv_column "$csv" notes | tr '\n' '|')"
    for k in matmul montecarlo; do
        hosts=$(csv_select "$csv" hosts "kernel=$k" variant=mpi ranks=16)
        [ "$(tr ';' '\n' <<< "$hosts" | grep -cE '^pc-([0-9]|1[0-5])$')" = 16 ] && pass ||
            fail "$k: 16 ranks on the lab's pc-0..pc-15 expected, hosts '$hosts'"
        # the host-based columns say nothing of a simulated host: empty
        [ "$(csv_select "$csv" cores_busy,cpu_s,placement "kernel=$k" variant=mpi)" = "  " ] && pass ||
            fail "$k: host-based columns filled: '$(csv_select "$csv" cores_busy,cpu_s,placement "kernel=$k" variant=mpi)'"
    done
    grep -q '"simulated": true' "$TMP/lab/machine.json" && pass || fail "machine.json does not say simulated"
    "$PARBENCH" analyze "$csv" --out "$TMP/figs" > /dev/null
    grep -q "machine = 'lab (simulated)'" "$TMP/figs"/matmul-*.gp && pass || fail "figure titles do not say simulated"
fi

# threads are refused in this build, with one reason, exit 2
echo pc-0 > "$TMP/hosts"
rc=0
smpirun -np 1 -platform "$src/scripts/platforms/lab.xml" -hostfile "$TMP/hosts" --log=root.thres:critical \
    "$build/parbench" run matmul --variant omp --size 64 > "$TMP/omp.out" 2>&1 || rc=$?
[ "$rc" = 2 ] && grep -q "SMPI simulates ranks, not threads" "$TMP/omp.out" && pass ||
    fail "omp variant under SMPI: exit $rc, $(head -c 300 "$TMP/omp.out")"
# ... said once however many simulated ranks refuse (they share one process)
printf 'pc-%d\n' 0 1 2 3 > "$TMP/hosts4"
smpirun -np 4 -platform "$src/scripts/platforms/lab.xml" -hostfile "$TMP/hosts4" --cfg=smpi/privatization:1 \
    --log=root.thres:critical "$build/parbench" run matmul --variant omp --size 64 > "$TMP/omp4.out" 2>&1 || true
[ "$(grep -c '^parbench:' "$TMP/omp4.out")" = 1 ] && pass ||
    fail "4 simulated ranks refusing omp: $(grep -c '^parbench:' "$TMP/omp4.out") lines, want 1"
# bad input: one line naming what was wrong and what is accepted, exit 2, nothing run
bad() {
    local want=$1 rc=0
    shift
    "$src/scripts/simulate.sh" "$@" --build "$build" --out "$TMP/bad" > "$TMP/bad.out" 2>&1 || rc=$?
    [ "$rc" = 2 ] && [ "$(wc -l < "$TMP/bad.out")" = 1 ] && grep -qF -- "$want" "$TMP/bad.out" && [ ! -e "$TMP/bad" ] &&
        pass || fail "simulate.sh $*: exit $rc, '$(head -c 300 "$TMP/bad.out")' (expected '$want')"
}
bad "no scripts/platforms/nowhere.xml; the platforms: commodity,lab,large" --platform nowhere --ranks 2
bad "--ranks 33: the platform lab has 32 hosts (one rank per host)" --platform lab --ranks 1,33
bad "--ranks '1,,2': expected counts from 1" --platform lab --ranks 1,,2
bad "--size 'matmul=x': expected KERNEL=N" --platform lab --ranks 2 --size matmul=x
bad "--size matmul= is given more than once" --platform lab --ranks 2 --size matmul=64 --size matmul=96
bad "--kernels: 'stencil' is not one of the kernels" --platform lab --ranks 2 --kernels stencil
echo "simgrid: $checks checks, $failures failed"
[ "$failures" = 0 ]
