# ---- parbench cluster job body (scripts/jobs/body.sh, appended by scripts/submit.sh) ----
# Runs each kernel on 1, 2, 4 ... PB_NODES nodes, on the same cores per node two ways:
#   hybrid  PB_TASKS_PER_NODE ranks per node x PB_THREADS OpenMP threads each
#   mpi     PB_TASKS_PER_NODE x PB_THREADS ranks per node, one thread each
# and writes into results/<machine>/:
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
    cd "${PBS_O_WORKDIR:-$PB_ROOT}"
else
    scheduler=none job_id=local-$(date +%Y%m%d-%H%M%S)-$$
    nodes=("$(hostname)")
fi
[ "${#nodes[@]}" -ge "$PB_NODES" ] ||
    die "the job has ${#nodes[@]} node(s) (${nodes[*]}) but was generated for $PB_NODES"
[ "$PB_LAUNCHER" = srun ] && [ "$scheduler" != slurm ] && die "--launcher srun needs Slurm"

# The machine id names the results directory and the CSV's machine column.
[ -n "$PB_MACHINE" ] && export PARBENCH_MACHINE=$PB_MACHINE
machine=$("$pb" info --json | sed -n 's/^  "id": "\(.*\)",/\1/p')
[ -n "$machine" ] || die "parbench info --json gave no machine id"
out=${PB_OUT:-$PB_ROOT/results/$machine}
mkdir -p "$out"
"$pb" info --json > "$out/machine.json"
job_csv=$out/job-$job_id.csv
rm -f "$job_csv"

# The script as it ran (the scheduler's copy), and the scheduler's variables, exactly,
# in a file a shell can source.
cp -- "$0" "$out/job-$job_id.sh" 2>/dev/null || true
{
    echo "# parbench job $job_id ($scheduler), nodes: ${nodes[*]:0:$PB_NODES}, started $(date -u +%FT%TZ)"
    for v in $(compgen -e | grep -E '^(SLURM|PBS)_' | sort); do printf '%s=%q\n' "$v" "${!v}"; done
} > "$out/job-$job_id.env"

# Node counts to sweep: 1, 2, 4, ... and PB_NODES itself.
counts=()
for ((n = 1; n < PB_NODES; n *= 2)); do counts+=("$n"); done
counts+=("$PB_NODES")

# launch NODES PER_NODE THREADS CMD...: PER_NODE ranks on each of the first NODES nodes,
# each rank owning THREADS cores, its OpenMP threads kept on them (close, on cores).
cores_per_node=$((PB_TASKS_PER_NODE * PB_THREADS))
launch() {
    local n=$1 per_node=$2 t=$3; shift 3
    local ranks=$((n * per_node))
    export OMP_NUM_THREADS=$t
    if [ "$PB_BIND" = core ]; then
        export OMP_PROC_BIND=close OMP_PLACES=cores
    else
        unset OMP_PROC_BIND OMP_PLACES
    fi
    if [ "$PB_LAUNCHER" = srun ]; then
        local bind=cores; [ "$PB_BIND" = core ] || bind=none
        srun --mpi=pmix --nodes="$n" --ntasks="$ranks" --ntasks-per-node="$per_node" \
            --cpus-per-task="$t" --cpu-bind="$bind" "$@"
    else
        local hostfile=$out/.hosts-$job_id i
        # within an allocation, mpirun takes the slots (one per task) from the scheduler
        for ((i = 0; i < n; i++)); do echo "${nodes[$i]} slots=$cores_per_node"; done > "$hostfile"
        local env=(-x OMP_NUM_THREADS)
        [ "$PB_BIND" = core ] && env+=(-x OMP_PROC_BIND -x OMP_PLACES)
        [ -n "${PARBENCH_MACHINE:-}" ] && env+=(-x PARBENCH_MACHINE)
        mpirun -np "$ranks" --hostfile "$hostfile" --map-by "ppr:$per_node:node:PE=$t" \
            --bind-to "$PB_BIND" "${env[@]}" "$@"
    fi
}

echo "parbench job $job_id ($scheduler): ${nodes[*]:0:$PB_NODES}; $PB_TASKS_PER_NODE ranks/node x $PB_THREADS threads; launcher $PB_LAUNCHER, bind $PB_BIND; results in $out"
start=$(date -u +%FT%TZ) steps=0 failed=0
for k in ${PB_KERNELS//,/ }; do
    size=""
    for s in ${PB_SIZE//,/ }; do
        case "$s" in "$k="*) size=${s#*=} ;; *=*) ;; *) size=$s ;; esac
    done
    for n in "${counts[@]}"; do
        for v in ${PB_VARIANTS//,/ }; do
            t=1 per_node=$cores_per_node
            [ "$v" = hybrid ] && t=$PB_THREADS per_node=$PB_TASKS_PER_NODE
            args=(run "$k" --variant "$v" --threads "$t" --reps "$PB_REPS" --csv "$job_csv" --quiet)
            [ -n "$size" ] && args+=(--size "$size")
            steps=$((steps + 1))
            echo "[job $job_id] $k $v: $n node(s), $((n * per_node)) ranks x $t threads"
            if ! launch "$n" "$per_node" "$t" "$pb" "${args[@]}"; then
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
  "tasks_per_node": $PB_TASKS_PER_NODE,
  "threads": $PB_THREADS,
  "launcher": "$PB_LAUNCHER",
  "bind": "$PB_BIND",
  "kernels": $(list ${PB_KERNELS//,/ }),
  "variants": $(list ${PB_VARIANTS//,/ }),
  "machine": $(json "$machine"),
  "start": "$start",
  "end": "$(date -u +%FT%TZ)",
  "steps": $steps,
  "failed": $failed,
  "rows": $rows,
  "csv": $(json "job-$job_id.csv"),
  "env": $(json "job-$job_id.env")
}
JSON
echo "parbench job $job_id: $steps steps, $failed failed, $rows rows; see $out/job-$job_id.json"
[ "$failed" -eq 0 ]
