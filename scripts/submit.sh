#!/usr/bin/env bash
# Generates a parbench batch job from options and submits it (or prints it).
#
#   scripts/submit.sh slurm|pbs [options]
#     --nodes N             nodes (default 1, or the largest of --node-counts)
#     --node-counts L       the node counts of the scaling steps (default 1, 2, 4 ... N)
#     --split               one job per node count, each asking for just its nodes
#                           (default: one job of N nodes runs every count)
#     --tasks-per-node P    MPI ranks per node of the hybrid variant (default: the node's
#                           cores as the scheduler counts them at run time, / T)
#     --threads T           OpenMP threads per rank of the hybrid variant (default 1);
#                           the mpi variant runs P x T ranks per node, so both use the
#                           same P x T cores of each node
#     --time T              time limit: minutes (90) or H:MM:SS (1:30:00); default 0:30:00
#     --step-time T         limit of each launch (timeout), as --time; default 10 minutes
#                           or --time, whichever is shorter
#     --preamble FILE       lines of your own (a bash file: `source /etc/profile.d/...`,
#                           exports) inserted before the first run
#     --module NAME         `module load NAME` before the first run (repeatable)
#     --reference FILE      at the end, `parbench diff FILE` against the job's rows: the
#                           verdict (pass, slower, inconclusive, error) and the counts of
#                           slower and inconclusive pairs go into job-<id>.json; the job's
#                           status stays that of its steps
#     --partition P         Slurm partition / PBS queue (--queue is the same setting)
#     --account A           account to charge
#     --kernels K[,K...]    kernels (default montecarlo; see parbench list --names)
#     --variants V[,V...]   mpi and/or hybrid (default mpi, plus hybrid when T > 1)
#     --size S | K=S,...    problem size for every kernel, or per kernel of --kernels
#     --reps R              timed repetitions per run (default 3)
#     --launcher L          mpirun (default: the launcher of the MPI parbench was built
#                           with, Open MPI's mpirun or MPICH's mpiexec) or srun (Slurm
#                           only; --mpi= chosen at run time from `srun --mpi=list`)
#     --bind core|none      core (default): ranks bound to T cores each, OMP_PROC_BIND=close,
#                           OMP_PLACES=cores; none: no binding (shared or oversubscribed nodes)
#     --no-exclusive        share nodes with other jobs (default: whole nodes, for clean timings)
#     --pbs-flavor F        torque (default: -l nodes=N:ppn=C) or openpbs (-l select=...)
#     --machine NAME        results go to results/NAME/ (default: the cluster's name,
#                           SLURM_CLUSTER_NAME or the PBS server, at run time)
#     --out DIR             results directory instead of results/<machine>/
#     --job-name NAME       default parbench
#     --build DIR           the build holding parbench (default build/); must be on a
#                           file system the compute nodes share
#     --dry-run             print the job script; submit nothing
# Without --dry-run the script is kept next to the job's log (results/<machine>/ when
# --machine or --out is given, else BUILD/jobs/) and submitted with sbatch or qsub; the
# job id is printed on stdout (one line per job with --split). The job writes
# results/<machine>/job-<id>.{csv,env,json,sh}, and its log shows every launch command
# before it runs. Warnings (on stderr) name a build or results folder under /tmp or
# /var/tmp (not shared with the compute nodes) and a log folder inside the build.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true # bash 5.2: keep '&' literal in ${x//a/b}
. "$(dirname "$0")/locate.sh"

ALIASES="--queue=--partition"
. "$pb_scripts/args.sh"
warn() { # one line on stderr, control characters shown as '?'
    { printf '%s' "submit.sh: warning: $*" | LC_ALL=C tr '\001-\037\177' '?'; echo; } >&2
}
count() { # count OPTION VALUE MAX
    [[ "$2" =~ ^[0-9]+$ ]] && [ "${#2}" -le 5 ] && [ "$2" -ge 1 ] && [ "$2" -le "$3" ] ||
        die "$1 '$2': expected a whole number from 1 to $3"
}
name() { [[ "$2" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]] || die "$1 '$2': expected letters, digits, '.', '_' or '-' (up to 64)"; }
# duration OPTION VALUE: minutes (90) or H:MM:SS (1:30:00), more than zero; sets secs
duration() {
    if [[ "$2" =~ ^[0-9]{1,6}$ ]]; then
        [ "$((10#$2))" -ge 1 ] || die "$1 '$2': expected at least 1 minute"
        secs=$((10#$2 * 60))
    elif [[ "$2" =~ ^([0-9]{1,4}):([0-5][0-9]):([0-5][0-9])$ ]]; then
        secs=$((10#${BASH_REMATCH[1]} * 3600 + 10#${BASH_REMATCH[2]} * 60 + 10#${BASH_REMATCH[3]}))
        [ "$secs" -gt 0 ] || die "$1 '$2': expected more than zero"
    else
        die "$1 '$2': expected minutes (90) or H:MM:SS (1:30:00)"
    fi
}
# on_local_disk PATH: PATH lies in a folder that each node has for itself
on_local_disk() { case "$1/" in /tmp/* | /var/tmp/* | /dev/shm/*) return 0 ;; esac; return 1; }

[ $# -ge 1 ] || die "missing scheduler; usage: submit.sh slurm|pbs [options] (see --help)"
case "$1" in
    slurm|pbs) scheduler=$1; shift ;;
    -h|--help) usage ;;
    -*) die "missing scheduler before '$1'; usage: submit.sh slurm|pbs [options]" ;;
    *) die "unknown scheduler '$1'; expected slurm or pbs" ;;
esac
invocation="scripts/submit.sh $scheduler"
for a in "$@"; do [ "$a" = --dry-run ] || invocation+=" $(printf %q "$a")"; done
nodes="" ppn="" threads=1 time=0:30:00 partition="" account="" kernels="" variants=""
size="" reps=3 launcher=mpirun bind=core exclusive=1 flavor=torque machine="" out=""
job_name=parbench build=$pb_build dry_run=0
node_counts="" split=0 step_time="" preamble="" modules=() reference=""
while [ $# -gt 0 ]; do
    [ "$1" = --module ] || once "$1" # --module is the one option given once per module
    case "$1" in
        --nodes) need_value "$@"; nodes=$2; shift 2 ;;
        --node-counts) need_value "$@"; node_counts=$2; shift 2 ;;
        --split) split=1; shift ;;
        --step-time) need_value "$@"; step_time=$2; shift 2 ;;
        --preamble) need_value "$@"; preamble=$2; shift 2 ;;
        --reference) need_value "$@"; reference=$2; shift 2 ;;
        --module) need_value "$@"; modules+=("$2"); shift 2 ;;
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

[ -z "$nodes" ] || { count --nodes "$nodes" 10000; nodes=$((10#$nodes)); } # 08 is not octal
[ -z "$ppn" ] || { count --tasks-per-node "$ppn" 4096; ppn=$((10#$ppn)); }
count --threads "$threads" 4096
count --reps "$reps" 9999
threads=$((10#$threads)) reps=$((10#$reps))
# Node counts: as given (each once, none above --nodes), else 1, 2, 4 ... and --nodes.
if [ -n "$node_counts" ]; then
    [[ "$node_counts" =~ ^[^,]+(,[^,]+)*$ ]] || die "--node-counts '$node_counts': expected a comma-separated list of node counts, none empty"
    IFS=, read -ra counts <<< "$node_counts"
    seen=" " largest=0
    for i in "${!counts[@]}"; do
        count --node-counts "${counts[$i]}" 10000
        counts[$i]=$((10#${counts[$i]}))
        [[ "$seen" != *" ${counts[$i]} "* ]] || die "--node-counts: ${counts[$i]} is listed twice"
        seen+="${counts[$i]} "
        [ "${counts[$i]}" -le "$largest" ] || largest=${counts[$i]}
    done
    [ -n "$nodes" ] || nodes=$largest
    [ "$largest" -le "$nodes" ] || die "--node-counts: $largest is more than --nodes $nodes"
else
    nodes=${nodes:-1} counts=()
    for ((n = 1; n < nodes; n *= 2)); do counts+=("$n"); done
    counts+=("$nodes")
fi
# Times: written as H:MM:SS, which sbatch and qsub both take.
duration --time "$time"
time_secs=$secs time=$((secs / 3600)):$(printf %02d:%02d $((secs % 3600 / 60)) $((secs % 60)))
if [ -n "$step_time" ]; then
    duration --step-time "$step_time"
    step_secs=$secs
    [ "$step_secs" -le "$time_secs" ] || warn "--step-time $step_time is longer than the job's --time $time: the job ends first"
else
    step_secs=$((time_secs < 600 ? time_secs : 600))
fi
[ -z "$partition" ] || name --partition "$partition"
[ -z "$account" ] || name --account "$account"
[ -z "$machine" ] || name --machine "$machine"
name --job-name "$job_name"
for m in ${modules[@]+"${modules[@]}"}; do # names only: they land on a `module load` line
    [[ "$m" =~ ^[A-Za-z0-9][A-Za-z0-9._+/:@-]{0,127}$ ]] ||
        die "--module '$m': expected a module name of letters, digits and . _ + - / : @ (no spaces or shell characters)"
done
# --preamble: the user's own lines, inserted as they are (that is its purpose); a file
# that cannot be a shell script is refused before the job waits in a queue.
if [ -n "$preamble" ]; then
    [ -e "$preamble" ] || die "--preamble '$preamble': no such file"
    [ -f "$preamble" ] || die "--preamble '$preamble': not a regular file (a folder, a device or a pipe)"
    [ -r "$preamble" ] || die "--preamble '$preamble': not readable"
    [ "$(wc -c < "$preamble")" -le 65536 ] || die "--preamble '$preamble': larger than 64 KiB; a preamble is a few lines"
    [ "$(LC_ALL=C tr -d '\000' < "$preamble" | wc -c)" = "$(wc -c < "$preamble")" ] ||
        die "--preamble '$preamble': holds NUL bytes: not a shell script"
    ! LC_ALL=C grep -q $'\r' "$preamble" || die "--preamble '$preamble': has DOS line ends (\\r): convert it (dos2unix)"
    why=$(bash -n "$preamble" 2>&1) || die "--preamble '$preamble': not valid bash: $(printf '%s' "$why" | head -1)"
    # bash -n accepts a here-document that the end of the file closes (a warning only): in
    # the job, it would swallow every line after the preamble, and run their $( ) inside it
    case $why in
        *here-document*) die "--preamble '$preamble': a here-document (<<WORD) is not closed before its end: it would swallow the rest of the job; end it with a line holding only its WORD" ;;
    esac
    real_path "$preamble"
    preamble=$REPLY
fi
case "$launcher" in
    mpirun) ;;
    srun) [ "$scheduler" = slurm ] || die "--launcher srun: only with slurm; PBS jobs use the MPI's launcher (mpirun)" ;;
    *) die "--launcher '$launcher': expected mpirun or srun" ;;
esac
case "$bind" in core|none) ;; *) die "--bind '$bind': expected core or none" ;; esac
case "$flavor" in torque|openpbs) ;; *) die "--pbs-flavor '$flavor': expected torque or openpbs" ;; esac

build_dir=$(cd "$build" 2>/dev/null && pwd) || die "--build '$build': no such directory; run scripts/build.sh first"
build=$build_dir
pb=$build/parbench
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first (or give --build DIR)"
# --reference: the results the job's rows are compared with (parbench diff) at its end;
# a file diff refuses is refused here, before the job waits in a queue
if [ -n "$reference" ]; then
    why=$("$pb" diff "$reference" "$reference" --format csv 2>&1 > /dev/null) ||
        die "--reference '$reference': ${why#parbench: }"
    real_path "$reference"
    reference=$REPLY
    ! on_local_disk "$reference" || warn "--reference $reference is on a node's own disk: the compute nodes may not see it"
fi
mapfile -t known < <("$pb" list --names)
# default: the first kernel parbench lists
list_of --kernels "${kernels:-${known[0]}}" kernels "${known[@]}"
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
    log_dir=$pb_home/results/$machine
else # the machine id is known only on the node; results/ holds only machines' folders
    log_dir=$build/jobs
fi
# The log folder goes into a #SBATCH or #PBS line, which the schedulers split at spaces
# and read without shell quoting (Slurm also reads '%' there): refused, not mangled.
unfit='[[:space:][:cntrl:]"'"'"'\\%]'
[[ ! "$log_dir" =~ $unfit ]] || die "the job's log folder '$log_dir' (from --out, --machine or --build) goes into a #SBATCH/#PBS line, which cannot hold spaces, quotes, backslashes or '%': choose another --out"

# What an admin would ask about, said now (the job is generated anyway).
on_local_disk "$build" &&
    warn "the build $build is under /tmp or /var/tmp, which each node has for itself: the compute nodes will not find parbench there; build on a shared file system (home, project, scratch)"
on_local_disk "$log_dir" &&
    warn "the results and log folder $log_dir is under /tmp or /var/tmp, which each node has for itself: give --out on a shared file system"
case "$log_dir/" in "$build"/*)
    warn "the job's log and script go to $log_dir, inside the build folder, which a clean rebuild deletes: give --out or --machine" ;;
esac
if [ -n "$preamble" ] && directive=$(grep -nE -m1 '^[[:space:]]*#(SBATCH|PBS)[[:space:]]' "$preamble"); then
    warn "--preamble line ${directive%%:*} is a scheduler directive, which is ignored after the job's first command: give it as an option of submit.sh"
fi
[ -n "$ppn" ] || [ "$exclusive" = 1 ] ||
    warn "--no-exclusive without --tasks-per-node: each node runs as many ranks as the scheduler gives the job cores there (often 1)"

# cpus: cores per node asked for; empty: whole nodes (exclusive), counted at run time
cpus=""
[ -z "$ppn" ] || cpus=$((ppn * threads))
excl_slurm="" excl_torque=""
if [ "$exclusive" = 1 ]; then excl_slurm=--exclusive excl_torque=-n; fi
template=$pb_data/jobs/parbench.sbatch
[ "$scheduler" = pbs ] && template=$pb_data/jobs/parbench.pbs
declare -A fill

# generate NODES COUNTS JOB_NAME: the job script for NODES nodes running the scaling
# steps on COUNTS (comma-separated)
generate() {
    local nodes=$1 steps_on=$2 torque_nodes="" select="" place="" torque_excl=$excl_torque
    if [ "$flavor" = torque ]; then
        torque_nodes=$nodes${cpus:+:ppn=$cpus}
    else
        select=$nodes${cpus:+:ncpus=$cpus:mpiprocs=$cpus} torque_excl="" # one MPI slot per core
        place=scatter; [ "$exclusive" = 1 ] && place=scatter:excl
    fi
    fill=(
        [JOB_NAME]=$3 [NODES]=$nodes [CORES_PER_NODE]=$cpus [TIME]=$time
        [PARTITION]=$partition [ACCOUNT]=$account [EXCLUSIVE]=$excl_slurm [LOG_DIR]=$log_dir
        [TORQUE_NODES]=$torque_nodes [TORQUE_EXCLUSIVE]=$torque_excl [PBS_SELECT]=$select [PBS_PLACE]=$place
    )
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
    local v value m
    for v in PB_HOME=$pb_home PB_SCRIPTS=$pb_scripts PB_BUILD=$build PB_KERNELS=$kernels PB_VARIANTS=$variants PB_SIZE=$size \
             PB_REPS=$reps PB_NODES=$nodes PB_NODE_COUNTS=$steps_on PB_TASKS_PER_NODE=$ppn PB_THREADS=$threads \
             PB_LAUNCHER=$launcher PB_BIND=$bind PB_EXCLUSIVE=$exclusive PB_STEP_TIME=$step_secs \
             PB_MACHINE=$machine PB_OUT=$out PB_REFERENCE=$reference; do
        value=${v#*=}
        [[ "$value" =~ ^[A-Za-z0-9_./,=:^+-]+$ ]] || value=$(printf %q "$value")
        printf '%s=%s\n' "${v%%=*}" "$value"
    done
    if [ -n "$preamble" ]; then
        echo "# ---- preamble: $(printf %q "$preamble") (--preamble), as it is ----"
        cat -- "$preamble"
        [ -z "$(tail -c 1 -- "$preamble")" ] || echo
        echo "# ---- end of the preamble ----"
    fi
    if [ ${#modules[@]} -gt 0 ]; then
        echo "# ---- modules (--module) ----"
        echo 'command -v module > /dev/null || { echo "parbench job: no module command here: load your site'"'"'s module system in a --preamble" >&2; exit 2; }'
        for m in "${modules[@]}"; do
            printf 'module load %q || { echo "parbench job: module load %q failed" >&2; exit 2; }\n' "$m" "$m"
        done
    fi
    echo "# ---- MPI launchers and their flags (scripts/mpi_launcher.sh) ----"
    cat "$pb_scripts/mpi_launcher.sh"
    cat "$pb_data/jobs/body.sh"
}

# The jobs: one of --nodes nodes running every count, or with --split one per count.
jobs=("$nodes $(IFS=,; echo "${counts[*]}") $job_name")
if [ "$split" = 1 ]; then
    jobs=()
    for n in "${counts[@]}"; do jobs+=("$n $n $job_name-${n}n"); done
fi
i=0
if [ "$dry_run" = 1 ]; then
    for j in "${jobs[@]}"; do
        read -r jn jc jname <<< "$j"
        i=$((i + 1))
        if [ "$split" = 1 ]; then [ "$i" = 1 ] || echo; echo "# ==== job $i of ${#jobs[@]} (--split) ===="; fi
        generate "$jn" "$jc" "$jname"
    done
    exit 0
fi
submit=sbatch; [ "$scheduler" = pbs ] && submit=qsub
command -v "$submit" > /dev/null || die "no $submit here: run this on the cluster's login node, or use --dry-run"
mkdir -p "$log_dir"
for j in "${jobs[@]}"; do
    read -r jn jc jname <<< "$j"
    script=$log_dir/parbench-$scheduler-$(date +%Y%m%d-%H%M%S)-$$-${jn}n.sh
    generate "$jn" "$jc" "$jname" > "$script"
    if [ "$scheduler" = slurm ]; then
        id=$(sbatch --parsable "$script") || { echo "submit.sh: sbatch failed; the script is $script" >&2; exit 1; }
        id=${id%%;*}
    else
        id=$(qsub "$script") || { echo "submit.sh: qsub failed; the script is $script" >&2; exit 1; }
    fi
    echo "submit.sh: $scheduler job $id submitted ($jn node(s)); script $script, log in $log_dir/" >&2
    echo "$id"
done
