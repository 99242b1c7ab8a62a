#!/usr/bin/env bash
# Generates a parbench batch job from options and submits it (or prints it).
#
#   scripts/submit.sh slurm|pbs [options]
#     --nodes N             nodes (default 1); the job runs on 1, 2, 4 ... N of them
#     --tasks-per-node P    MPI ranks per node of the hybrid variant (default 1)
#     --threads T           OpenMP threads per rank of the hybrid variant (default 1);
#                           the mpi variant runs P x T ranks per node, so both use the
#                           same P x T cores of each node
#     --time T              time limit: minutes (90) or H:MM:SS (1:30:00); default 0:30:00
#     --partition P         Slurm partition / PBS queue (--queue is the same setting)
#     --account A           account to charge
#     --kernels K[,K...]    kernels (default montecarlo; see parbench list --names)
#     --variants V[,V...]   mpi and/or hybrid (default mpi, plus hybrid when T > 1)
#     --size S | K=S,...    problem size for every kernel, or per kernel of --kernels
#     --reps R              timed repetitions per run (default 3)
#     --launcher L          mpirun (default) or srun (Slurm only: srun --mpi=pmix)
#     --bind core|none      core (default): ranks bound to T cores each, OMP_PROC_BIND=close,
#                           OMP_PLACES=cores; none: no binding (shared or oversubscribed nodes)
#     --no-exclusive        share nodes with other jobs (default: whole nodes, for clean timings)
#     --pbs-flavor F        torque (default: -l nodes=N:ppn=C) or openpbs (-l select=...)
#     --machine NAME        results go to results/NAME/ (default: parbench's machine id)
#     --out DIR             results directory instead of results/<machine>/
#     --job-name NAME       default parbench
#     --build DIR           the build holding parbench (default build/); must be on a
#                           file system the compute nodes share
#     --dry-run             print the job script; submit nothing
# Without --dry-run the script is kept next to the job's log (results/<machine>/ when
# --machine or --out is given, else BUILD/jobs/) and submitted with sbatch or qsub; the
# job id is printed on stdout. The job writes results/<machine>/job-<id>.{csv,env,json,sh}.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true # bash 5.2: keep '&' literal in ${x//a/b}
root=$(cd "$(dirname "$0")/.." && pwd)

ALIASES="--queue=--partition"
. "$root/scripts/args.sh"
count() { # count OPTION VALUE MAX
    [[ "$2" =~ ^[0-9]+$ ]] && [ "${#2}" -le 5 ] && [ "$2" -ge 1 ] && [ "$2" -le "$3" ] ||
        die "$1 '$2': expected a whole number from 1 to $3"
}
name() { [[ "$2" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]] || die "$1 '$2': expected letters, digits, '.', '_' or '-' (up to 64)"; }

[ $# -ge 1 ] || die "missing scheduler; usage: submit.sh slurm|pbs [options] (see --help)"
case "$1" in
    slurm|pbs) scheduler=$1; shift ;;
    -h|--help) usage ;;
    -*) die "missing scheduler before '$1'; usage: submit.sh slurm|pbs [options]" ;;
    *) die "unknown scheduler '$1'; expected slurm or pbs" ;;
esac
invocation="scripts/submit.sh $scheduler"
for a in "$@"; do [ "$a" = --dry-run ] || invocation+=" $(printf %q "$a")"; done
nodes=1 ppn=1 threads=1 time=0:30:00 partition="" account="" kernels=montecarlo variants=""
size="" reps=3 launcher=mpirun bind=core exclusive=1 flavor=torque machine="" out=""
job_name=parbench build=${PARBENCH_BUILD_DIR:-$root/build} dry_run=0
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --nodes) need_value "$@"; nodes=$2; shift 2 ;;
        --tasks-per-node) need_value "$@"; ppn=$2; shift 2 ;;
        --threads) need_value "$@"; threads=$2; shift 2 ;;
        --time) need_value "$@"; time=$2; shift 2 ;;
        --partition|--queue) need_value "$@"; partition=$2; shift 2 ;;
        --account) need_value "$@"; account=$2; shift 2 ;;
        --kernels) need_value "$@"; kernels=$2; shift 2 ;;
        --variants) need_value "$@"; variants=$2; shift 2 ;;
        --size) need_value "$@"; size=$2; shift 2 ;;
        --reps) need_value "$@"; reps=$2; shift 2 ;;
        --launcher) need_value "$@"; launcher=$2; shift 2 ;;
        --bind) need_value "$@"; bind=$2; shift 2 ;;
        --no-exclusive) exclusive=0; shift ;;
        --pbs-flavor) need_value "$@"; flavor=$2; shift 2 ;;
        --machine) need_value "$@"; machine=$2; shift 2 ;;
        --out) need_value "$@"; out=$2; shift 2 ;;
        --job-name) need_value "$@"; job_name=$2; shift 2 ;;
        --build) need_value "$@"; build=$2; shift 2 ;;
        --dry-run) dry_run=1; shift ;;
        -h|--help) usage ;;
        *) die "unknown option '$1'; see submit.sh --help" ;;
    esac
done

count --nodes "$nodes" 10000
count --tasks-per-node "$ppn" 4096
count --threads "$threads" 4096
count --reps "$reps" 9999
nodes=$((10#$nodes)) ppn=$((10#$ppn)) threads=$((10#$threads)) reps=$((10#$reps)) # 08 is not octal
# Time: minutes, or H:MM:SS; written as H:MM:SS, which sbatch and qsub both take.
if [[ "$time" =~ ^[0-9]{1,6}$ ]]; then
    [ "$((10#$time))" -ge 1 ] || die "--time '$time': expected at least 1 minute"
    time=$((10#$time / 60)):$(printf %02d $((10#$time % 60))):00
elif [[ "$time" =~ ^([0-9]{1,4}):([0-5][0-9]):([0-5][0-9])$ ]]; then
    [ "$time" != "${BASH_REMATCH[1]}:00:00" ] || [ "${BASH_REMATCH[1]}" -gt 0 ] ||
        die "--time '$time': expected more than zero"
else
    die "--time '$time': expected minutes (90) or H:MM:SS (1:30:00)"
fi
[ -z "$partition" ] || name --partition "$partition"
[ -z "$account" ] || name --account "$account"
[ -z "$machine" ] || name --machine "$machine"
name --job-name "$job_name"
case "$launcher" in
    mpirun) ;;
    srun) [ "$scheduler" = slurm ] || die "--launcher srun: only with slurm; PBS jobs use mpirun" ;;
    *) die "--launcher '$launcher': expected mpirun or srun" ;;
esac
case "$bind" in core|none) ;; *) die "--bind '$bind': expected core or none" ;; esac
case "$flavor" in torque|openpbs) ;; *) die "--pbs-flavor '$flavor': expected torque or openpbs" ;; esac

build_dir=$(cd "$build" 2>/dev/null && pwd) || die "--build '$build': no such directory; run scripts/build.sh first"
build=$build_dir
pb=$build/parbench
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first (or give --build DIR)"
mapfile -t known < <("$pb" list --names)
list_of --kernels "$kernels" kernels "${known[@]}"
kernels_list=("${LIST[@]}")
kernels=$(IFS=,; echo "${LIST[*]}")
[ -n "$variants" ] || { variants=mpi; [ "$threads" -gt 1 ] && variants=mpi,hybrid; }
list_of --variants "$variants" "cluster variants" mpi hybrid
variants=$(IFS=,; echo "${LIST[*]}")
# --size S (every kernel) or K=S,... (each kernel once, and only kernels of --kernels)
if [ -n "$size" ]; then
    if [[ "$size" != *=* ]]; then
        [[ "$size" != *,* ]] || die "--size '$size': one size for every kernel, or KERNEL=SIZE,... for each"
        sized=("${kernels_list[@]/%/=$size}")
    else
        [[ "$size" =~ ^[^,=]+=[^,=]+(,[^,=]+=[^,=]+)*$ ]] || die "--size '$size': expected SIZE or KERNEL=SIZE,KERNEL=SIZE,..."
        IFS=, read -ra sized <<< "$size"
        list_of --size "$(printf '%s\n' "${sized[@]%%=*}" | paste -sd ,)" "kernels of --kernels" "${kernels_list[@]}"
    fi
    # parbench itself judges each size (per kernel), before the job waits in a queue
    for s in "${sized[@]}"; do
        why=$("$pb" run "${s%%=*}" --variant mpi --size "${s#*=}" --dry-run 2>&1 > /dev/null) ||
            die "${why#parbench: } (kernel ${s%%=*})"
    done
fi
"$pb" --version | grep -q "MPI yes" || die "this parbench ($pb) was built without MPI: cluster jobs need it"

# Where results and the job's log go: known now only when --out or --machine says so.
if [ -n "$out" ]; then
    out=$(realpath -m -- "$out")
    log_dir=$out
elif [ -n "$machine" ]; then
    log_dir=$root/results/$machine
else # the machine id is known only on the node; results/ holds only machines' folders
    log_dir=$build/jobs
fi
# The log folder goes into a #SBATCH or #PBS line, which the schedulers split at spaces
# and read without shell quoting (Slurm also reads '%' there): refused, not mangled.
unfit='[[:space:][:cntrl:]"'"'"'\\%]'
[[ ! "$log_dir" =~ $unfit ]] || die "the job's log folder '$log_dir' (from --out, --machine or --build) goes into a #SBATCH/#PBS line, which cannot hold spaces, quotes, backslashes or '%': choose another --out"

cpus=$((ppn * threads))
excl_slurm="" excl_torque="" torque_nodes="" select="" place=""
if [ "$exclusive" = 1 ]; then excl_slurm=--exclusive excl_torque=-n; fi
if [ "$flavor" = torque ]; then
    torque_nodes=$nodes:ppn=$cpus
else
    select=$nodes:ncpus=$cpus:mpiprocs=$cpus excl_torque="" # one MPI slot per core
    place=scatter; [ "$exclusive" = 1 ] && place=scatter:excl
fi
template=$root/scripts/jobs/parbench.sbatch
[ "$scheduler" = pbs ] && template=$root/scripts/jobs/parbench.pbs
declare -A fill=(
    [JOB_NAME]=$job_name [NODES]=$nodes [CORES_PER_NODE]=$cpus [TIME]=$time
    [PARTITION]=$partition [ACCOUNT]=$account [EXCLUSIVE]=$excl_slurm [LOG_DIR]=$log_dir
    [TORQUE_NODES]=$torque_nodes [TORQUE_EXCLUSIVE]=$excl_torque [PBS_SELECT]=$select [PBS_PLACE]=$place
)

generate() {
    local line key
    while IFS= read -r line; do
        for key in "${!fill[@]}"; do
            if [[ "$line" == *"@@$key@@"* ]]; then
                [ -n "${fill[$key]}" ] || continue 2 # an empty value drops its directive
                line=${line//@@$key@@/${fill[$key]}}
            fi
        done
        printf '%s\n' "$line"
    done < "$template"
    echo
    echo "# ---- generated by: $invocation ----"
    local v value
    for v in PB_ROOT=$root PB_BUILD=$build PB_KERNELS=$kernels PB_VARIANTS=$variants PB_SIZE=$size \
             PB_REPS=$reps PB_NODES=$nodes PB_TASKS_PER_NODE=$ppn PB_THREADS=$threads \
             PB_LAUNCHER=$launcher PB_BIND=$bind PB_MACHINE=$machine PB_OUT=$out; do
        value=${v#*=}
        [[ "$value" =~ ^[A-Za-z0-9_./,=:^+-]+$ ]] || value=$(printf %q "$value")
        printf '%s=%s\n' "${v%%=*}" "$value"
    done
    cat "$root/scripts/jobs/body.sh"
}

if [ "$dry_run" = 1 ]; then
    generate
    exit 0
fi
submit=sbatch; [ "$scheduler" = pbs ] && submit=qsub
command -v "$submit" > /dev/null || die "no $submit here: run this on the cluster's login node, or use --dry-run"
mkdir -p "$log_dir"
script=$log_dir/parbench-$scheduler-$(date +%Y%m%d-%H%M%S)-$$.sh
generate > "$script"
if [ "$scheduler" = slurm ]; then
    id=$(sbatch --parsable "$script") || { echo "submit.sh: sbatch failed; the script is $script" >&2; exit 1; }
    id=${id%%;*}
else
    id=$(qsub "$script") || { echo "submit.sh: qsub failed; the script is $script" >&2; exit 1; }
fi
echo "submit.sh: $scheduler job $id submitted; script $script, log in $log_dir/" >&2
echo "$id"
