# ---- parbench cluster job body (scripts/jobs/body.sh, appended by scripts/submit.sh) ----
# Runs each kernel on each node count of PB_NODE_COUNTS, on the same cores per node two ways:
#   hybrid  R ranks per node x PB_THREADS OpenMP threads each
#   mpi     R x PB_THREADS ranks per node, one thread each
# where R is PB_TASKS_PER_NODE, or, when that is empty, the node's cores (as the scheduler
# counts them at run time) divided by PB_THREADS. Every launch is written to the log before
# it runs, and ends after PB_STEP_TIME seconds at most (timeout). It writes into
# results/<machine>/ (machine: PB_MACHINE, else the cluster's name):
#   job-<id>.csv   this job's rows (also appended to runs.csv)
#   job-<id>.env   the scheduler's SLURM_* / PBS_* variables, sourceable
#   job-<id>.json  scheduler, job id, node list, layout, launcher, times, outcome
#   job-<id>.sh    this script
#   machine.json   parbench info --json of the first node
# It also runs outside a scheduler (job id local-<time>, this host), which is how the
# generated scripts are smoke-tested.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true # bash 5.2: '&' in ${x//a/b} is literal

die() { echo "parbench job: $*" >&2; exit 2; }
pb=$PB_BUILD/parbench
[ -x "$pb" ] || die "no parbench at $pb (build it where the compute nodes can read it)"

# Who ran us, and on which nodes (in the scheduler's order; rank 0 runs on the first).
if [ -n "${SLURM_JOB_ID:-}" ]; then
    scheduler=slurm job_id=$SLURM_JOB_ID
    mapfile -t nodes < <(scontrol show hostnames "$SLURM_JOB_NODELIST")
elif [ -n "${PBS_JOBID:-}" ]; then
    scheduler=pbs job_id=${PBS_JOBID%%.*}
    [ -r "${PBS_NODEFILE:-}" ] || die "PBS_NODEFILE '${PBS_NODEFILE:-}' is not readable"
    mapfile -t nodes < <(awk 'NF && !seen[$1]++ { print $1 }' "$PBS_NODEFILE")
    cd "${PBS_O_WORKDIR:-$PB_HOME}"
else
    scheduler=none job_id=local-$(date +%Y%m%d-%H%M%S)-$$
    nodes=("$(hostname)")
fi
[ "${#nodes[@]}" -ge "$PB_NODES" ] ||
    die "the job has ${#nodes[@]} node(s) (${nodes[*]}) but was generated for $PB_NODES"
[ "$PB_LAUNCHER" = srun ] && [ "$scheduler" != slurm ] && die "--launcher srun needs Slurm"

# The launcher of the MPI parbench was built with, as this job's environment (after its
# preamble and modules) finds it; Open MPI's root consent only where it applies. srun
# needs no mpiexec: there the library's family chooses --mpi=.
if ! mpi_setup "$PB_BUILD"; then
    [ "$PB_LAUNCHER" = srun ] || die "$MPI_WHY"
    MPIEXEC=none MPI_KIND=hydra
    ! "$pb" info --json | grep -q '^  "mpi": "Open MPI' || MPI_KIND=openmpi
fi
SRUN_MPI=""
[ "$PB_LAUNCHER" != srun ] || srun_mpi_plugin

# The results folder and the CSV's machine column: --machine, else the cluster's name
# (never a compute node's: the next job may get other nodes); outside a scheduler, this
# machine's id.
cluster_name() { # a name from the scheduler's environment, kept to letters, digits, . _ -
    local n
    n=$(printf '%s' "$1" | LC_ALL=C tr -c 'A-Za-z0-9._-' _ | cut -c1-64)
    printf '%s' "${n:-cluster}"
}
if [ -n "$PB_MACHINE" ]; then
    export PARBENCH_MACHINE=$PB_MACHINE
elif [ "$scheduler" = slurm ]; then
    PARBENCH_MACHINE=$(cluster_name "${SLURM_CLUSTER_NAME:-slurm}")
    export PARBENCH_MACHINE
elif [ "$scheduler" = pbs ]; then
    server=${PBS_SERVER:-pbs}
    PARBENCH_MACHINE=$(cluster_name "${server%%.*}")
    export PARBENCH_MACHINE
fi
machine=$("$pb" info --id)
[ -n "$machine" ] || die "parbench info --id gave no machine id"
out=${PB_OUT:-$PB_HOME/results/$machine}
mkdir -p "$out"
"$pb" info --json > "$out/machine.json"
job_csv=$out/job-$job_id.csv
rm -f "$job_csv"

# Cores per node: --tasks-per-node x --threads when given; else what the scheduler gave
# this job on its first node (Slurm: SLURM_CPUS_ON_NODE; PBS: PBS_NUM_PPN, NCPUS, or the
# node file's lines of the host), and on an exclusive node that the scheduler counted as
# one slot (PBS without ppn), the node's usable cores.
usable=$(sed -n 's/^  "usable_cores": \([0-9]*\),/\1/p' "$out/machine.json")
if [ -n "$PB_TASKS_PER_NODE" ]; then
    per_node_cores=$((PB_TASKS_PER_NODE * PB_THREADS)) cores_from="--tasks-per-node x --threads"
else
    case "$scheduler" in
        slurm) per_node_cores=${SLURM_CPUS_ON_NODE:-} cores_from=SLURM_CPUS_ON_NODE ;;
        pbs) per_node_cores=${PBS_NUM_PPN:-${NCPUS:-$(grep -cx "${nodes[0]}" "$PBS_NODEFILE")}} cores_from=PBS ;;
        none) per_node_cores=$usable cores_from="usable cores" ;;
    esac
    if [ -z "$per_node_cores" ] || { [ "$per_node_cores" = 1 ] && [ "$PB_EXCLUSIVE" = 1 ]; }; then
        per_node_cores=$usable cores_from="usable cores of ${nodes[0]}"
    fi
fi
[[ "$per_node_cores" =~ ^[1-9][0-9]*$ ]] || die "cannot tell the cores per node ($cores_from: '$per_node_cores')"
# Schedulers and CPU masks count hardware threads: SLURM_CPUS_ON_NODE is 4 on a 2-core
# node with 2-way SMT, and 4 ranks bound to cores there are refused ("binding more
# processes than cpus") or share cores. One rank (or one thread) per physical core, from
# the node's own topology (hwloc, in machine.json: pus / cores).
pus=$(sed -n 's/^  "pus": \([0-9]*\),/\1/p' "$out/machine.json")
phys=$(sed -n 's/^  "cores": \([0-9]*\),/\1/p' "$out/machine.json")
smt=1
[[ "$pus" =~ ^[1-9][0-9]*$ && "$phys" =~ ^[1-9][0-9]*$ ]] && [ "$pus" -gt "$phys" ] && smt=$((pus / phys))
if [ -z "$PB_TASKS_PER_NODE" ] && [ "$smt" -gt 1 ] && [ "$per_node_cores" -ge "$smt" ]; then
    cores_from="$cores_from=$per_node_cores / $smt hardware threads per core"
    per_node_cores=$((per_node_cores / smt))
fi
tasks_per_node=$((per_node_cores / PB_THREADS))
[ "$tasks_per_node" -ge 1 ] || die "a node has $per_node_cores cores ($cores_from), fewer than --threads $PB_THREADS"
cores_per_node=$((tasks_per_node * PB_THREADS))

# The script as it ran (the scheduler's copy), and the scheduler's variables, exactly,
# in a file a shell can source.
cp -- "$0" "$out/job-$job_id.sh" 2>/dev/null || true
{
    echo "# parbench job $job_id ($scheduler), nodes: ${nodes[*]:0:$PB_NODES}, started $(date -u +%FT%TZ)"
    for v in $(compgen -e | grep -E '^(SLURM|PBS)_' | sort); do printf '%s=%q\n' "$v" "${!v}"; done
} > "$out/job-$job_id.env"

IFS=, read -ra counts <<< "$PB_NODE_COUNTS"

# step NODES PER_NODE THREADS CMD...: PER_NODE ranks on each of the first NODES nodes,
# each rank owning THREADS cores, its OpenMP threads kept on them (close, on cores); the
# command is written to the log first, and stopped after PB_STEP_TIME seconds.
step() {
    local n=$1 per_node=$2 t=$3 rc=0
    shift 3
    local ranks=$((n * per_node)) env=(OMP_NUM_THREADS="$t") launch
    export OMP_NUM_THREADS=$t
    if [ "$PB_BIND" = core ]; then
        export OMP_PROC_BIND=close OMP_PLACES=cores
        env+=(OMP_PROC_BIND=close OMP_PLACES=cores)
    else
        unset OMP_PROC_BIND OMP_PLACES
    fi
    if [ "$PB_LAUNCHER" = srun ]; then
        local bind=cores; [ "$PB_BIND" = core ] || bind=none
        launch=(srun ${SRUN_MPI:+--mpi="$SRUN_MPI"} --nodes="$n" --ntasks="$ranks" --ntasks-per-node="$per_node"
                --cpus-per-task="$t" --cpu-bind="$bind")
    else
        local bind=none; [ "$PB_BIND" = core ] && bind=core:$t
        [ -z "${PARBENCH_MACHINE:-}" ] || env+=(PARBENCH_MACHINE="$PARBENCH_MACHINE")
        mpi_cmd "$ranks" "$bind" 0 "${env[@]}"
        mpi_hosts_flags "$out/.hosts-$job_id" "$per_node" "$t" "${nodes[@]:0:$n}"
        launch=("${MPI_CMD[@]}" "${MPI_HOSTS_FLAGS[@]}")
    fi
    launch=(timeout --kill-after=30 "$PB_STEP_TIME" "${launch[@]}" "$@")
    local shown
    shown=$(printf '%q ' "${launch[@]}")
    echo "[job $job_id] + ${shown% }"
    "${launch[@]}" || rc=$?
    [ "$rc" != 124 ] && [ "$rc" != 137 ] ||
        echo "parbench job: the step ran into its limit of $PB_STEP_TIME s (--step-time) and was stopped" >&2
    return "$rc"
}

echo "parbench job $job_id ($scheduler): ${nodes[*]:0:$PB_NODES}; node counts $PB_NODE_COUNTS;" \
    "$tasks_per_node ranks/node x $PB_THREADS threads ($cores_per_node cores per node from $cores_from);" \
    "launcher $PB_LAUNCHER ($MPIEXEC, $MPI_KIND${SRUN_MPI:+, srun --mpi=$SRUN_MPI}), bind $PB_BIND;" \
    "each step at most $PB_STEP_TIME s; results in $out"
start=$(date -u +%FT%TZ) steps=0 failed=0
# Without --size, each kernel's size is chosen here, once, for all its steps (a strong-
# scaling series needs one size): the smallest whose serial run on this node lasts long
# enough that the largest step (every rank of the job) still lasts ~0.2 s, twice the
# kernel's minimum meaningful time, and at least 1 s: node sizes, not a laptop's.
largest=0
IFS=, read -ra _counts <<< "$PB_NODE_COUNTS"
for n in "${_counts[@]}"; do [ "$n" -le "$largest" ] || largest=$n; done
min_time=$(awk -v w="$((largest * cores_per_node))" 'BEGIN { t = 0.2 * w; if (t < 1) t = 1; if (t > 120) t = 120; print t }')
choose_size() { # KERNEL: the size of --size auto --min-time $min_time, serial on this node
    local cal=$out/.calibrate-$job_id.csv
    rm -f "$cal"
    "$pb" run "$1" --variant serial --size auto --min-time "$min_time" --reps 1 --warmup 0 --quiet --csv "$cal" ||
        return 1
    python3 "$PB_SCRIPTS/csv_by_name.py" select "$cal" size | tail -1
    rm -f "$cal"
}
for k in ${PB_KERNELS//,/ }; do
    size=""
    for s in ${PB_SIZE//,/ }; do
        case "$s" in "$k="*) size=${s#*=} ;; *=*) ;; *) size=$s ;; esac
    done
    if [ -z "$size" ]; then
        size=$(choose_size "$k") && [ -n "$size" ] ||
            die "$k: no --size given and --size auto failed on ${nodes[0]}: give --size to submit.sh"
        echo "[job $job_id] $k: no --size given: --size auto chose $size (serial on ${nodes[0]} >= $min_time s, so that" \
            "$((largest * cores_per_node)) workers still run ~0.2 s)"
    fi
    for n in "${counts[@]}"; do
        for v in ${PB_VARIANTS//,/ }; do
            t=1 per_node=$cores_per_node
            [ "$v" = hybrid ] && t=$PB_THREADS per_node=$tasks_per_node
            args=(run "$k" --variant "$v" --threads "$t" --reps "$PB_REPS" --csv "$job_csv" --quiet)
            [ -n "$size" ] && args+=(--size "$size")
            steps=$((steps + 1))
            echo "[job $job_id] $k $v: $n node(s), $((n * per_node)) ranks x $t threads"
            if ! step "$n" "$per_node" "$t" "$pb" "${args[@]}"; then
                echo "parbench job: step failed: $k $v on $n node(s)" >&2
                failed=$((failed + 1))
            fi
        done
    done
done
rm -f "$out/.hosts-$job_id"

# Add this job's rows to runs.csv under the lock parbench itself takes (flock), so
# concurrent jobs never interleave; a runs.csv with another header is left alone.
rows=0
if [ -s "$job_csv" ]; then
    rows=$(($(wc -l < "$job_csv") - 1))
    csv=$out/runs.csv
    touch "$csv"
    if ! flock "$csv" sh -c 'if [ ! -s "$2" ]; then cat "$1" >> "$2";
            elif [ "$(head -n1 "$1")" = "$(head -n1 "$2")" ]; then tail -n +2 "$1" >> "$2";
            else exit 1; fi' sh "$job_csv" "$csv"; then
        echo "parbench job: $csv has another header: this job's rows stay in $job_csv only" >&2
    fi
fi

# PB_REFERENCE: did anything get slower than the reference? parbench diff decides (exit 0
# nothing slower, 1 something slower, 2 cannot compare); the verdict goes into the JSON,
# the job's own status stays that of its steps (a regression is recorded, not a failure).
# Pairs whose sides did not run alike (a flag, other cores, much more other work) are
# inconclusive, as diff says: counted, never a failure, and the verdict when nothing is
# slower, since "pass" would claim what the data cannot show.
verdict="" diff_rc="" slower=0 inconclusive=0
if [ -n "${PB_REFERENCE:-}" ]; then
    diff_csv=$out/job-$job_id.diff.csv
    if [ "$rows" -gt 0 ]; then
        echo "+ $pb diff $PB_REFERENCE $job_csv --format csv"
        diff_rc=0
        "$pb" diff "$PB_REFERENCE" "$job_csv" --format csv > "$diff_csv" 2> "$out/job-$job_id.diff.err" || diff_rc=$?
        slower=$(python3 "$PB_SCRIPTS/csv_by_name.py" count "$diff_csv" verdict=slower 2> /dev/null || echo 0)
        inconclusive=$(python3 "$PB_SCRIPTS/csv_by_name.py" count "$diff_csv" verdict=inconclusive 2> /dev/null ||
            echo 0)
    fi
    case "$diff_rc" in 0) verdict=pass ;; 1) verdict=slower ;; *) verdict=error ;; esac
    [ "$verdict" != pass ] || [ "$inconclusive" = 0 ] || verdict=inconclusive
    echo "parbench job: compared with $PB_REFERENCE: $verdict ($slower slower, $inconclusive inconclusive)"
fi

json() { # a JSON string; control characters (a job name from sbatch -J) escaped
    local s=$1
    s=${s//\\/\\\\} s=${s//\"/\\\"} s=${s//$'\n'/\\n} s=${s//$'\t'/\\t} s=${s//$'\r'/\\r}
    printf '"%s"' "$(printf '%s' "$s" | LC_ALL=C tr '\001-\037\177' '?')"
}
list() { local sep="" x; printf '['; for x in "$@"; do printf '%s%s' "$sep" "$(json "$x")"; sep=", "; done; printf ']'; }
numbers() { local IFS=,; printf '[%s]' "$*"; }
cat > "$out/job-$job_id.json" <<JSON
{
  "job_id": $(json "$job_id"),
  "scheduler": "$scheduler",
  "job_name": $(json "${SLURM_JOB_NAME:-${PBS_JOBNAME:-}}"),
  "partition": $(json "${SLURM_JOB_PARTITION:-${PBS_QUEUE:-}}"),
  "nodes": $(list "${nodes[@]:0:$PB_NODES}"),
  "node_counts": $(numbers "${counts[@]}"),
  "tasks_per_node": $tasks_per_node,
  "threads": $PB_THREADS,
  "cores_per_node": $cores_per_node,
  "cores_from": $(json "$cores_from"),
  "launcher": "$PB_LAUNCHER",
  "mpi_launcher": $(json "$MPIEXEC"),
  "mpi_family": "$MPI_KIND",
  "srun_mpi": $(json "$SRUN_MPI"),
  "bind": "$PB_BIND",
  "step_time_s": $PB_STEP_TIME,
  "kernels": $(list ${PB_KERNELS//,/ }),
  "variants": $(list ${PB_VARIANTS//,/ }),
  "machine": $(json "$machine"),
  "start": "$start",
  "end": "$(date -u +%FT%TZ)",
  "steps": $steps,
  "failed": $failed,
  "rows": $rows,
  "csv": $(json "job-$job_id.csv"),
  "env": $(json "job-$job_id.env"),
  "reference": $(json "${PB_REFERENCE:-}"),
  "diff": $(json "${PB_REFERENCE:+job-$job_id.diff.csv}"),
  "diff_exit": ${diff_rc:-null},
  "verdict": $(json "$verdict"),
  "slower": $slower,
  "inconclusive": $inconclusive
}
JSON
echo "parbench job $job_id: $steps steps, $failed failed, $rows rows; see $out/job-$job_id.json"
[ "$failed" -eq 0 ]
