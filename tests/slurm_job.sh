#!/usr/bin/env bash
# Slurm for real: starts munged, slurmctld and one slurmd on localhost (no systemd;
# private config, sockets, ports, state and spool under a temp dir), submits jobs made
# by scripts/submit.sh, waits for them with a bounded timeout and checks their results,
# metadata and logs:
#   - launched with the MPI's own launcher, with a --preamble (a stub `module` function)
#     and a --module line: the log shows the module loaded, and every launch command,
#     under its per-step `timeout`, before it ran; the job set Open MPI's root consent
#     itself (it is not in the submitting environment);
#   - launched with srun, its --mpi= chosen from `srun --mpi=list` (no mpiexec needed);
#   - without --tasks-per-node: ranks per node from SLURM_CPUS_ON_NODE, and without
#     --machine the machine column is the cluster's name (ClusterName=parbench).
# The daemons are stopped by pid on any exit. Needs root and slurm-wlm + munge (installed
# here by scripts/setup.sh --cluster when missing); else SKIP (77).
set -euo pipefail
: "${PARBENCH:?run under ctest, or set PARBENCH=build/parbench}"
src=${PARBENCH_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root to start munged, slurmctld and slurmd"
[ "${PARBENCH_HAVE_MPI:-1}" = 1 ] || skip "parbench was built without MPI"
have_slurm() { command -v sbatch && command -v slurmctld && command -v slurmd && command -v munged; } > /dev/null
if ! have_slurm; then
    echo "slurm-wlm or munge missing: installing them (scripts/setup.sh --cluster)"
    timeout 300 "$src/scripts/setup.sh" --cluster || skip "slurm-wlm and munge are missing and could not be installed"
    have_slurm || skip "slurm-wlm and munge are still missing after setup"
fi
id munge > /dev/null 2>&1 || skip "no munge user (the munge package creates it)"
setpriv --reuid=munge --regid=munge --init-groups true 2> /dev/null ||
    skip "cannot run processes as the munge user here (a user namespace without it?)"

D=$(mktemp -d /tmp/pbslurm.XXXXXX)
chmod 755 "$D" # munged insists that every directory above its socket be searchable
pids=()
cleanup() {
    local pid
    if [ -n "${SLURM_CONF:-}" ] && [ -f "$D/slurmctld.started" ]; then
        # cancel our jobs and let their steps end while slurmd can still reap them
        timeout 5 scancel --user=root > /dev/null 2>&1 || true
        for _ in $(seq 50); do
            [ -z "$(timeout 2 squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.2
        done
    fi
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do # bounded wait, then force
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    [ "${KEEP_SLURM_DIR:-0}" = 1 ] && echo "kept $D" || rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# wait_for SECONDS WHAT CMD...: polls CMD every 0.2 s
wait_for() {
    local limit=$1 what=$2; shift 2
    for _ in $(seq $((limit * 5))); do "$@" > /dev/null 2>&1 && return 0; sleep 0.2; done
    echo "FAIL: $what within ${limit}s"; tail -5 "$D"/log/*.log 2>/dev/null; exit 1
}

# munged with its own key, socket and pid file, as the munge user.
mkdir -p "$D/munge" "$D/state" "$D/spool" "$D/log" "$D/results"
dd if=/dev/urandom of="$D/munge/munge.key" bs=1024 count=1 status=none
chown -R munge:munge "$D/munge"
chmod 700 "$D/munge"; chmod 755 "$D/munge"; chmod 400 "$D/munge/munge.key"
sock=$D/munge/munge.socket
setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --foreground \
    --socket="$sock" --key-file="$D/munge/munge.key" --pid-file="$D/munge/munged.pid" \
    --log-file="$D/log/munged.log" --seed-file="$D/munge/seed" > "$D/log/munged.out" 2>&1 &
pids+=($!)
wait_for 10 "munged answers" sh -c "munge -n -S '$sock' | unmunge -S '$sock'"

# Two free ports, so a real Slurm on this machine is left alone.
port=""
for p in $(seq 26817 2 26899); do
    if ! ss -Htln "( sport = :$p or sport = :$((p + 1)) )" | grep -q .; then port=$p; break; fi
done
[ -n "$port" ] || skip "no two free TCP ports in 26817-26900 for slurmctld and slurmd"
export SLURM_CONF=$D/slurm.conf
cat > "$SLURM_CONF" <<CONF
ClusterName=parbench
SlurmctldHost=localhost
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=pmix
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=localhost CPUs=4 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
# 4 CPUs declared on this 2-core machine (config_overrides): 4 ranks, or 2 x 2 threads.
slurmctld -D -i > "$D/log/slurmctld.out" 2>&1 &
pids+=($!)
touch "$D/slurmctld.started"
slurmd -D -N localhost > "$D/log/slurmd.out" 2>&1 &
pids+=($!)
wait_for 20 "the node is idle" sh -c 'sinfo -h -n localhost -o %t | grep -qx idle'
echo "slurm up: $(sinfo -h -o '%P %a %D %t %N' | head -1) (ports $port, $((port + 1)))"

# The generator, as a user would call it; its own options are checked in cluster_jobs.
# The job itself must give Open MPI its consent to run as root, where that applies.
unset OMPI_ALLOW_RUN_AS_ROOT OMPI_ALLOW_RUN_AS_ROOT_CONFIRM
. "$src/scripts/mpi_launcher.sh"
mpi_launcher "$(dirname "$PARBENCH")" || skip "$MPI_WHY"
cat > "$D/preamble.sh" <<'PRE'
# a site's preamble: its module system (a stub here) and a setting of its own
module() { echo "stub module: $*"; }
export PARBENCH_TEST_PREAMBLE=ran
PRE
submit() {
    "$src/scripts/submit.sh" slurm --build "$(dirname "$PARBENCH")" --nodes 1 --threads 2 --time 5 \
        --partition debug --bind none --size 1e6 --reps 2 --out "$D/results" "$@" 2> "$D/submit.err"
}
job_mpirun=$(submit --tasks-per-node 2 --machine slurmtest --job-name pbtest-mpirun \
    --preamble "$D/preamble.sh" --module parbench-test/1.0 --step-time 0:01:30)
# (srun needs no mpiexec in the job: none is found there)
job_srun=$(PARBENCH_MPIEXEC=/nonexistent/mpiexec submit --tasks-per-node 2 --machine slurmtest --job-name pbtest-srun \
    --launcher srun)
job_auto=$(submit --job-name pbtest-auto)
echo "submitted jobs $job_mpirun ($MPIEXEC), $job_srun (srun) and $job_auto (ranks per node from Slurm)"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
csv() { python3 "$src/scripts/csv_by_name.py" "$@"; } # columns by name (as tests/lib.sh)
state() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2; }
finished() { case "$(state "$1")" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED) return 0 ;; esac; return 1; }
for job in "$job_mpirun" "$job_srun" "$job_auto"; do
    wait_for 60 "job $job finishes (state $(state "$job"))" finished "$job"
    st=$(state "$job")
    [ "$st" = COMPLETED ] || { fail "job $job ended $st"; cat "$D/results/parbench-$job.out" 2>/dev/null; continue; }
    echo "job $job: COMPLETED"
    r=$D/results
    # this job's rows: 4 ranks (mpi) and 2 ranks x 2 threads (hybrid) on this host, verified
    rows=$(csv select "$r/job-$job.csv" variant,ranks,threads,verified,machine,hosts 2>&1 || true)
    name=slurmtest; [ "$job" != "$job_auto" ] || name=parbench
    expect="mpi 4 1 true $name $(hostname)*4
hybrid 2 2 true $name $(hostname)*2"
    [ "$rows" = "$expect" ] || fail "job $job rows: got [$rows], expected [$expect]"
    grep -qx "SLURM_JOB_ID=$job" "$r/job-$job.env" || fail "job $job: SLURM_JOB_ID missing from job-$job.env"
    grep -qx "SLURM_JOB_NODELIST=localhost" "$r/job-$job.env" || fail "job $job: SLURM_JOB_NODELIST missing from job-$job.env"
    grep -q "\"job_id\": \"$job\"" "$r/job-$job.json" && grep -q '"nodes": \["localhost"\]' "$r/job-$job.json" &&
        grep -q '"failed": 0' "$r/job-$job.json" || fail "job $job: job-$job.json lacks the job id, node list or outcome"
    [ -s "$r/parbench-$job.out" ] || fail "job $job: no log parbench-$job.out"
    grep -q '^#SBATCH --job-name=pbtest-' "$r/job-$job.sh" 2>/dev/null || fail "job $job: no copy of its script"
done
r=$D/results
grep -q '^#SBATCH --ntasks-per-node=4$' "$r/job-$job_mpirun.sh" || fail "job $job_mpirun: no --ntasks-per-node=4"
! grep -q '^#SBATCH --ntasks-per-node' "$r/job-$job_auto.sh" && grep -q '^#SBATCH --exclusive$' "$r/job-$job_auto.sh" ||
    fail "job $job_auto: should ask for whole nodes, without --ntasks-per-node"
grep -q '"cores_from": "SLURM_CPUS_ON_NODE"' "$r/job-$job_auto.json" || fail "job $job_auto: cores per node not from Slurm"

# The log of the job with the preamble: the module loaded through the preamble's function,
# then each launch echoed before it ran, under its step limit (90 s), and the results.
log=$r/parbench-$job_mpirun.out
grep -qx 'stub module: load parbench-test/1.0' "$log" || fail "job $job_mpirun: no module line in its log"
mapfile -t launches < <(grep "^\[job $job_mpirun\] + " "$log")
want="[job $job_mpirun] + timeout --kill-after=30 90 $MPIEXEC "
[ "${#launches[@]}" = 2 ] && [[ "${launches[0]}" == "$want"*" run montecarlo --variant mpi "* ]] &&
    [[ "${launches[1]}" == "$want"*" run montecarlo --variant hybrid "* ]] ||
    fail "job $job_mpirun: expected 2 launches '$want...' (mpi, hybrid) in its log, got: ${launches[*]}"
[ "$(grep -n -m1 "^\[job $job_mpirun\] + " "$log" | cut -d: -f1)" -gt "$(grep -n -m1 '^stub module' "$log" | cut -d: -f1)" ] ||
    fail "job $job_mpirun: a launch before the module line"
grep -q '"step_time_s": 90' "$r/job-$job_mpirun.json" || fail "job $job_mpirun: step time not 90 s in its json"
grep -q '^export PARBENCH_TEST_PREAMBLE=ran$' "$r/job-$job_mpirun.sh" && grep -q '^# ---- preamble: ' "$r/job-$job_mpirun.sh" ||
    fail "job $job_mpirun: its script lacks the preamble"
if [ "$MPI_KIND" = openmpi ] && [ "$(id -u)" = 0 ]; then
    ! grep -q OMPI_ALLOW_RUN_AS_ROOT "$r/job-$job_mpirun.env" || fail "the root consent leaked from the submitting shell"
fi

# srun: --mpi= from what this Slurm offers, in the MPI's order (Open MPI: pmix first)
grep -q '"launcher": "srun"' "$r/job-$job_srun.json" && grep -q '"mpi_launcher": "none"' "$r/job-$job_srun.json" ||
    fail "job $job_srun did not use srun, or found an mpiexec"
offered=$(srun --mpi=list 2>&1 | tr -cs 'A-Za-z0-9_' ' ')
want=pmi2; [ "$MPI_KIND" = openmpi ] && want=pmix
[[ " $offered " == *" $want "* ]] || want=""
grep -q "\"srun_mpi\": \"$want\"" "$r/job-$job_srun.json" &&
    grep -q "^\[job $job_srun\] + timeout --kill-after=30 300 srun ${want:+--mpi=$want }--nodes=1 " "$r/parbench-$job_srun.out" ||
    fail "job $job_srun: expected srun --mpi=$want (offered: $offered): $(grep '+ timeout' "$r/parbench-$job_srun.out" | head -1)"

n=$(csv count "$r/runs.csv" verified=true machine=slurmtest 2>&1 || true)
[ "$n" = 4 ] || fail "runs.csv has $n verified rows of slurmtest, expected 4 (2 per job)"
[ -s "$D/results/machine.json" ] || fail "no machine.json"
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed; slurmctld log tail:"; tail -5 "$D/log/slurmctld.log"; exit 1; }
echo "slurm: all three jobs completed and verified; launches echoed under their step limits"
