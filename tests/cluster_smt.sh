#!/usr/bin/env bash
# A generated Slurm job on a 2-way SMT node, without a Slurm: the scheduler's variables
# are faked (SLURM_CPUS_ON_NODE=4 counts hardware threads), the node's topology is a
# synthetic hwloc one (2 cores x 2 PUs: HWLOC_SYNTHETIC) that `parbench info` reports (a
# wrapper sets it for info alone: Open MPI reads it too, and cannot bind ranks on a
# synthetic machine), and `scontrol show hostnames` is a stub that names this host (no
# scheduler is reached). The job must place one rank
# per physical core (2, bound to cores), say so, and without --size choose each kernel's
# size once with --size auto at a node's minimum time, and say that in its log.
source "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
[ "${PARBENCH_HAVE_MPI:-1}" = 1 ] || skip "built without MPI: the job's mpi steps cannot run"
command -v python3 > /dev/null || skip "no python3 (the job reads its CSV with it)"
host=$(hostname)
mkdir -p "$TMP/bin"
printf '#!/bin/sh\n[ "$1 $2" = "show hostnames" ] && echo %s\n' "$host" > "$TMP/bin/scontrol"
chmod +x "$TMP/bin/scontrol"
mkdir -p "$TMP/build"
printf '#!/bin/sh\n[ "$1" != info ] || export HWLOC_SYNTHETIC="pack:1 core:2 pu:2"\nexec %q "$@"\n' "$PARBENCH" \
    > "$TMP/build/parbench"
chmod +x "$TMP/build/parbench"
# the launcher of the build's MPI (the job reads it from the build's CMakeCache.txt: without
# it, Open MPI's mpirun would start an MPICH build's ranks as singletons)
grep '^MPIEXEC_EXECUTABLE:' "$(dirname "$PARBENCH")/CMakeCache.txt" > "$TMP/build/CMakeCache.txt" 2> /dev/null || true
"$src/scripts/submit.sh" slurm --build "$TMP/build" --kernels montecarlo --variants mpi --reps 2 --machine smt \
    --out "$TMP/res" --dry-run > "$TMP/job.sbatch" 2> /dev/null || fail "submit.sh --dry-run exited $?"
rc=0
(cd "$TMP" && PATH=$TMP/bin:$PATH SLURM_JOB_ID=4242 SLURM_JOB_NODELIST=$host SLURM_CPUS_ON_NODE=4 \
    timeout 300 bash "$TMP/job.sbatch") > "$TMP/log" 2>&1 || rc=$?
[ "$rc" = 0 ] && pass || { fail "the job exited $rc"; tail -20 "$TMP/log"; }
grep -q "2 ranks/node x 1 threads (2 cores per node from SLURM_CPUS_ON_NODE=4 / 2 hardware threads per core)" \
    "$TMP/log" && pass || fail "the job's ranks per node: $(grep -m1 'ranks/node' "$TMP/log")"
# (Open MPI: --bind-to core ... -np 2; Hydra: -bind-to core:1 ... -n 2)
grep -Eq -- "(--bind-to core .*-np 2 |-bind-to core(:1)? .*-n 2 )" "$TMP/log" && pass ||
    fail "the launch line: $(grep -m1 '+ ' "$TMP/log")"
grep -q "montecarlo: no --size given: --size auto chose [0-9]* (serial on $host >= 1 s" "$TMP/log" && pass ||
    fail "the size's line: $(grep -m1 'size' "$TMP/log")"
rows=$(csv_select "$TMP/res/job-4242.csv" variant,ranks,threads,verified 2>&1)
[ "$rows" = "mpi 2 1 true" ] && pass || fail "the job's rows: [$rows]"
size=$(csv_select "$TMP/res/job-4242.csv" size)
[ "${size:-0}" -gt 100000000 ] && pass || fail "the job ran montecarlo at $size samples, a laptop's default size"
finish
