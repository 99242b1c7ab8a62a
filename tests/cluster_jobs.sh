#!/usr/bin/env bash
# The job generator (scripts/submit.sh) without a scheduler: bad options fail with one
# line and exit 2; --dry-run prints Slurm and PBS scripts with the right directives that
# pass `bash -n`; and the generated PBS script runs under a simulated PBS environment
# (PBS_JOBID, PBS_NODEFILE), as no PBS server is available to test against.
source "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
submit=$src/scripts/submit.sh
build=$(dirname "$PARBENCH")

# bad [SCHEDULER OPTIONS...]: exit 2 with exactly one line on stderr and nothing on stdout
bad() {
    local rc=0 args=()
    [ $# -gt 0 ] && args=("$1" --build "$build" --dry-run "${@:2}")
    "$submit" "${args[@]}" > "$TMP/out" 2> "$TMP/err" || rc=$?
    if [ "$rc" = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && [ ! -s "$TMP/out" ]; then pass
    else fail "submit.sh $*: exit $rc, stderr: $(head -c 300 "$TMP/err")"; fi
}
bad
bad sge
bad slurm --bogus
bad slurm --nodes 0
bad slurm --nodes two
bad slurm --nodes
bad slurm --tasks-per-node 0
bad slurm --threads -1
bad slurm --time 0
bad slurm --time 1:75:00
bad slurm --time 0:00:00
bad slurm --time 2h
bad slurm --kernels nosuchkernel
bad slurm --variants omp
bad slurm --launcher ssh
bad slurm --bind socket
bad slurm --partition 'a b'
bad slurm --size 'nosuchkernel=10'
bad slurm --size lots
bad slurm --size 1e400
bad slurm --size 0
bad slurm --kernels montecarlo,matmul --size matmul=99999
bad slurm --kernels matmul --size 1e6
grep -q "out of range: matmul accepts matrix order n from 1 to 16384 (kernel matmul)" "$TMP/err" && pass ||
    fail "size judged by parbench: $(cat "$TMP/err")"
bad slurm --reps 0
bad pbs --launcher srun
bad pbs --pbs-flavor sge
bad slurm --nodes 1 --nodes 2
rc=0; "$submit" slurm --build /nonexistent/build --dry-run > /dev/null 2> "$TMP/err" || rc=$?
[ "$rc" = 2 ] && grep -q -- "--build '/nonexistent/build': no such directory" "$TMP/err" && pass ||
    fail "build message: rc $rc: $(cat "$TMP/err")"
bad slurm --kernels montecarlo,montecarlo
bad slurm --variants mpi,mpi
if ! command -v qsub > /dev/null; then
    rc=0; "$submit" pbs --build "$build" > /dev/null 2> "$TMP/err" || rc=$?
    [ "$rc" = 2 ] && grep -q "no qsub" "$TMP/err" && pass || fail "submit without qsub: exit $rc: $(cat "$TMP/err")"
else
    skip_part "qsub is installed: submitting without qsub is not tested"
fi

# has FILE LINE...: each LINE is a whole line of FILE; lacks: none is
has() { local f=$1 l; shift; for l in "$@"; do grep -qxF -- "$l" "$f" && pass || fail "$f lacks line: $l"; done; }
lacks() { local f=$1 l; shift; for l in "$@"; do grep -qF -- "$l" "$f" && fail "$f has: $l" || pass; done; }
common=(--build "$build" --nodes 4 --tasks-per-node 8 --threads 2 --time 120 --account proj1 --dry-run)

"$submit" slurm "${common[@]}" --partition compute --launcher srun --kernels montecarlo > "$TMP/a.sbatch" ||
    fail "slurm dry run exited $?"
has "$TMP/a.sbatch" '#!/bin/bash' '#SBATCH --nodes=4' '#SBATCH --ntasks-per-node=16' '#SBATCH --cpus-per-task=1' \
    '#SBATCH --time=2:00:00' '#SBATCH --partition=compute' '#SBATCH --account=proj1' '#SBATCH --exclusive' \
    'PB_LAUNCHER=srun' 'PB_VARIANTS=mpi,hybrid' 'PB_BIND=core'
grep -q 'srun --mpi=pmix' "$TMP/a.sbatch" && grep -q 'cpus-per-task="$t"' "$TMP/a.sbatch" &&
    grep -q 'ppr:$per_node:node:PE=$t' "$TMP/a.sbatch" &&
    grep -q 'OMP_PROC_BIND=close OMP_PLACES=cores' "$TMP/a.sbatch" && pass || fail "slurm script lacks the launch and binding lines"
lacks "$TMP/a.sbatch" '@@'
bash -n "$TMP/a.sbatch" && pass || fail "slurm script: bash -n failed"

"$submit" slurm --build "$build" --no-exclusive --dry-run > "$TMP/b.sbatch" || fail "minimal slurm dry run exited $?"
has "$TMP/b.sbatch" '#SBATCH --nodes=1' '#SBATCH --time=0:30:00' 'PB_LAUNCHER=mpirun' 'PB_VARIANTS=mpi'
lacks "$TMP/b.sbatch" '--partition' '--account' '--exclusive' '@@'

"$submit" pbs "${common[@]}" --queue compute > "$TMP/a.pbs" || fail "pbs dry run exited $?"
has "$TMP/a.pbs" '#PBS -l nodes=4:ppn=16' '#PBS -l walltime=2:00:00' '#PBS -q compute' '#PBS -A proj1' \
    '#PBS -n' '#PBS -j oe' 'PB_LAUNCHER=mpirun'
lacks "$TMP/a.pbs" 'select=' '@@' '#SBATCH'
bash -n "$TMP/a.pbs" && pass || fail "pbs script: bash -n failed"
"$submit" pbs "${common[@]}" --pbs-flavor openpbs > "$TMP/b.pbs" || fail "openpbs dry run exited $?"
has "$TMP/b.pbs" '#PBS -l select=4:ncpus=16:mpiprocs=16' '#PBS -l place=scatter:excl'
lacks "$TMP/b.pbs" '#PBS -l nodes=' '#PBS -n' '@@'
bash -n "$TMP/b.pbs" && pass || fail "openpbs script: bash -n failed"

# The PBS script for real, on this host, as PBS would start it (its node file lists a
# host once per CPU).
if [ "${PARBENCH_HAVE_MPI:-1}" = 1 ] && command -v mpirun > /dev/null; then
    "$submit" pbs --build "$build" --tasks-per-node 2 --threads 2 --bind none --size 1e6 --reps 2 \
        --machine pbstest --out "$TMP/res" --dry-run > "$TMP/run.pbs"
    host=$(hostname)
    printf '%s\n' "$host" "$host" "$host" "$host" > "$TMP/nodefile"
    rc=0
    (cd "$TMP" && PBS_JOBID=777.pbsserver PBS_NODEFILE=$TMP/nodefile PBS_O_WORKDIR=$TMP PBS_QUEUE=batch \
        timeout 120 bash "$TMP/run.pbs") > "$TMP/run.log" 2>&1 || rc=$?
    [ "$rc" = 0 ] && pass || { fail "the PBS script exited $rc"; cat "$TMP/run.log"; }
    rows=$(csv_select "$TMP/res/job-777.csv" variant,ranks,threads,verified,machine,hosts 2>&1)
    [ "$rows" = "mpi 4 1 true pbstest $host*4
hybrid 2 2 true pbstest $host*2" ] && pass || fail "PBS job rows: [$rows]"
    has "$TMP/res/job-777.env" 'PBS_JOBID=777.pbsserver' 'PBS_QUEUE=batch'
    cmp -s "$TMP/run.pbs" "$TMP/res/job-777.sh" && pass || fail "job-777.sh is not the script that ran"
    grep -q '"scheduler": "pbs"' "$TMP/res/job-777.json" && grep -q "\"nodes\": \[\"$host\"\]" "$TMP/res/job-777.json" &&
        pass || fail "job-777.json lacks scheduler or nodes"
    [ "$(csv_count "$TMP/res/runs.csv" verified=true machine=pbstest)" = 2 ] && pass || fail "runs.csv lacks the job's 2 rows"

    # generated for 2 nodes, given 1: refuses with one line, exit 2
    "$submit" pbs --build "$build" --nodes 2 --out "$TMP/res2" --dry-run > "$TMP/two.pbs"
    rc=0; PBS_JOBID=778 PBS_NODEFILE=$TMP/nodefile timeout 30 bash "$TMP/two.pbs" > /dev/null 2> "$TMP/err" || rc=$?
    [ "$rc" = 2 ] && grep -q "generated for 2" "$TMP/err" && pass || fail "2-node job on 1 node: exit $rc: $(cat "$TMP/err")"
    # srun outside Slurm: refuses
    "$submit" slurm --build "$build" --launcher srun --out "$TMP/res3" --dry-run > "$TMP/srun.sbatch"
    rc=0; (unset SLURM_JOB_ID; timeout 30 bash "$TMP/srun.sbatch") > /dev/null 2> "$TMP/err" || rc=$?
    [ "$rc" = 2 ] && grep -q "srun needs Slurm" "$TMP/err" && pass || fail "srun outside Slurm: exit $rc: $(cat "$TMP/err")"
else
    skip_part "no MPI: the generated PBS script was not run"
fi
finish
