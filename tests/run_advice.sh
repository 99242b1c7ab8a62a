#!/usr/bin/env bash
# Advice that fits the run ("Say nothing false"): crowded OpenMP threads get OpenMP advice
# (OMP_NUM_THREADS, OMP_PLACES/OMP_PROC_BIND), never a launcher's; a hybrid rank gets the
# binding of the MPI this build links; a demo that crowds its cores on purpose gets none.
# Construction decides every case, never timing: taskset -c 0 leaves one usable core,
# so two threads are oversubscribed whatever the machine is doing.
. "$(dirname "$0")/lib.sh"
command -v taskset > /dev/null && taskset -c 0 true 2> /dev/null || skip "no taskset here"
small=(--size 1e5 --reps 3 --warmup 0)

# ---- OpenMP threads on one core: OpenMP advice, no launcher
taskset -c 0 "$PARBENCH" run montecarlo --variant omp --threads 2 "${small[@]}" > /dev/null 2> "$TMP/err" ||
    fail "omp run: $(cat "$TMP/err")"
grep -q "advice: montecarlo/omp: 2 OpenMP threads on 1 usable core: .*OMP_NUM_THREADS=1" "$TMP/err" &&
    grep -q "OMP_PLACES=cores OMP_PROC_BIND=close" "$TMP/err" && pass || fail "OpenMP advice: $(cat "$TMP/err")"
! grep -Eq 'mpirun|mpiexec|srun|--map-by|-bind-to' "$TMP/err" && pass || fail "launcher advice for omp: $(cat "$TMP/err")"

# ---- a hybrid rank on one core: the binding of this build's launcher, no OpenMP variable
if [ "${PARBENCH_HAVE_MPI:-0}" = 1 ]; then
    taskset -c 0 "$PARBENCH" run montecarlo --variant hybrid --threads 2 "${small[@]}" > /dev/null 2> "$TMP/err" ||
        fail "hybrid run: $(cat "$TMP/err")"
    case "$MPI_KIND" in
        openmpi) want="mpirun --map-by slot:PE=2 --bind-to core" other="mpiexec -bind-to" ;;
        *) want="mpiexec -bind-to core:2" other="--map-by" ;;
    esac
    grep -q "advice: montecarlo/hybrid: .*($want)" "$TMP/err" && ! grep -q -- "$other" "$TMP/err" &&
        ! grep -q OMP_NUM_THREADS "$TMP/err" && pass || fail "hybrid advice ($MPI_KIND): $(cat "$TMP/err")"
else
    skip_part "built without MPI: the hybrid case"
fi

# ---- demos that run more threads than cores on purpose: no oversubscription advice
taskset -c 0 "$PARBENCH" demo oversubscription --size 1e5 --reps 1 --warmup 0 > "$TMP/out" 2> "$TMP/err" ||
    fail "demo oversubscription: $(cat "$TMP/err")"
! grep -Eq 'advice|oversubscribed|starved|OMP_NUM_THREADS|mpirun|mpiexec' "$TMP/err" && pass ||
    fail "demo oversubscription warned: $(cat "$TMP/err")"
taskset -c 0 "$PARBENCH" demo io-vs-cpu --tasks 2 --latency 1 --reps 1 --warmup 0 > "$TMP/out" 2> "$TMP/err" ||
    fail "demo io-vs-cpu: $(cat "$TMP/err")"
! grep -Eq 'advice|oversubscribed|OMP_NUM_THREADS|mpirun|mpiexec' "$TMP/err" && pass ||
    fail "demo io-vs-cpu warned: $(cat "$TMP/err")"
finish
