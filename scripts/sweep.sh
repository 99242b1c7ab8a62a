#!/usr/bin/env bash
# Sweeps every kernel (or --kernels LIST) over thread counts, MPI rank counts and
# hybrid ranks x threads, up to the cores this process may use (taskset, a Slurm step,
# a cgroup quota: `parbench info`'s usable cores), and appends the rows to
# results/<machine>/runs.csv. MPI runs use the launcher of the MPI parbench was built
# with (Open MPI's mpirun or MPICH's mpiexec).
#
#   scripts/sweep.sh [--kernels montecarlo,matmul] [--size-class auto|tiny|small|medium|large]
#                    [--min-time S] [--scaling strong|weak] [--max-workers N] [--oversubscribe]
#                    [--no-peak] [--no-mpi] [--no-io] [--no-demos] [--reps R] [--out DIR] [--build DIR]
#                    [--wait-quiet S] [--attempts K] [--only STEP[,STEP...]] [--step-budget S]
#                    [--no-verdict] [--check-options]
#
# A busy machine is the normal case. Before each step parbench looks at what else keeps
# the cores the step needs busy and waits for them, up to --wait-quiet seconds (default
# 60; 10 once the machine has stayed busy through a whole wait, until a step starts with
# less than half a core of other work). A step whose row comes out starved or cv-high is measured again, up to
# --attempts runs (default 3), and the best-founded row is kept with the attempts it
# took. (--size-class tiny checks that things run: no waiting, one attempt.) The sweep
# ends with a verdict: how many steps are trusted, each kernel's speedups on all usable
# cores, and the steps that stayed untrusted with the command that measures just those
# again: --only takes the names it prints (matmul:omp:1x2, peak, io-latency:100,
# io-overlap:2, demo:race), the size of a kernel's earlier rows in the same file.
# Every step is bounded: parbench refuses one that would not fit in the memory available
# before it runs, and a step expected (from the plan and the kernel's serial time) to
# take longer than --step-budget seconds (default 900) is skipped with a line saying so.
#
# First (unless --no-peak) `parbench peak` measures the machine's own limits, FMA GFLOP/s
# and STREAM triad GB/s at one core and at --max-workers cores (a few seconds): every
# later row gets pct_peak against them, machine.json gets them as "peak", and plot.sh
# draws the roofline.
#
# --size-class auto (the default) sizes each kernel on this machine: its serial step runs
# with --size auto, the smallest size whose one-worker run lasts --min-time seconds
# (default 0.5), and every other step of the kernel uses that size. The fixed classes
# suit no machine in particular: a 74 ms run measures start-up and the clock.
#
# After the kernels come the I/O latency driver at three request counts (and the MPI
# overlap driver on 2 ranks), the hybrid server at 0, 1 and 4 ms of compute per request,
# and every demo `parbench list` names, unless --no-io / --no-demos: the concurrency half,
# in the same runs.csv (and the timeline and deadlock demos' traces in timeline.json and
# deadlock.json, which plot.sh draws).
# strong scaling: the size stays fixed while the workers grow (speedup, Amdahl).
# weak scaling:   the size grows with the workers (matmul n with the cube root, others
#                 linearly), so ideal is a flat time (Gustafson).
# --oversubscribe also runs 2x the cores in threads and ranks, to show what that costs.
# Ctrl-C (SIGINT) or SIGTERM stops the sweep at once, with one line saying at which step,
# and exit 130 (143); the rows written before stay.
set -euo pipefail
. "$(dirname "$0")/locate.sh"
build=$pb_build
kernels="" size_class=auto min_time=0.5 scaling=strong max_workers="" oversubscribe=0 use_mpi=1 reps=3 out=""
use_io=1 use_demos=1 use_peak=1 wait_quiet="" attempts="" only="" use_verdict=1 step_budget=900 check_only=0

. "$pb_scripts/args.sh"
. "$pb_scripts/steps.sh"
. "$pb_scripts/mpi_launcher.sh"
. "$pb_scripts/facts.sh"
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --kernels) need_value "$@"; kernels=$2; shift 2 ;;
        --size-class) need_value "$@"; size_class=$2; shift 2 ;;
        --min-time) need_value "$@"; min_time=$2; shift 2 ;;
        --scaling) need_value "$@"; scaling=$2; shift 2 ;;
        --max-workers) need_value "$@"; max_workers=$2; shift 2 ;;
        --oversubscribe) oversubscribe=1; shift ;;
        --no-peak) use_peak=0; shift ;;
        --no-mpi) use_mpi=0; shift ;;
        --no-io) use_io=0; shift ;;
        --no-demos) use_demos=0; shift ;;
        --reps) need_value "$@"; reps=$2; shift 2 ;;
        --out) need_value "$@"; out=$2; shift 2 ;;
        --build) need_value "$@"; build=$2; shift 2 ;;
        --wait-quiet) need_value "$@"; wait_quiet=$2; shift 2 ;;
        --attempts) need_value "$@"; attempts=$2; shift 2 ;;
        --only) need_value "$@"; only=$2; shift 2 ;;
        --no-verdict) use_verdict=0; shift ;;
        --check-options) check_only=1; shift ;;
        --step-budget) need_value "$@"; step_budget=$2; shift 2 ;;
        -h|--help) usage ;;
        *) die "unknown option '$1'; see sweep.sh --help" ;;
    esac
done
case "$size_class" in auto|tiny|small|medium|large) ;; *) die "--size-class '$size_class': expected auto, tiny, small, medium or large" ;; esac
[[ "$min_time" =~ ^[0-9]{1,4}(\.[0-9]{1,3})?$ ]] && [[ "$min_time" =~ [1-9] ]] ||
    die "--min-time '$min_time': expected seconds such as 0.5 or 2"
case "$scaling" in strong|weak) ;; *) die "--scaling '$scaling': expected strong or weak" ;; esac
[[ "$reps" =~ ^[1-9][0-9]{0,3}$ ]] || die "--reps '$reps': expected a count from 1 to 9999"
# tiny sizes check that things run: nothing there is worth waiting for or measuring again
if [ "$size_class" = tiny ]; then : "${wait_quiet:=0}" "${attempts:=1}"; else : "${wait_quiet:=60}" "${attempts:=3}"; fi
[[ "$wait_quiet" =~ ^[0-9]{1,4}$ ]] && [ "$wait_quiet" -le 3600 ] ||
    die "--wait-quiet '$wait_quiet': expected whole seconds from 0 to 3600"
[[ "$attempts" =~ ^([1-9]|10)$ ]] || die "--attempts '$attempts': expected a count from 1 to 10"
[[ "$step_budget" =~ ^[1-9][0-9]{0,5}$ ]] || die "--step-budget '$step_budget': expected whole seconds from 1 to 999999"
[[ -z "$only" || "$only" =~ ^[a-z0-9:.,-]{1,2000}$ ]] ||
    die "--only '$only': expected step names such as KERNEL:VARIANT:RANKSxTHREADS,peak separated by commas"
pb="$build/parbench"
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first"

cores=$("$pb" info --json | sed -n 's/^  "usable_cores": \([0-9]*\),/\1/p')
[ -n "$max_workers" ] || max_workers=$cores
[[ "$max_workers" =~ ^[1-9][0-9]{0,3}$ ]] || die "--max-workers '$max_workers': expected a count from 1 to 9999"
top=$max_workers
[ "$oversubscribe" = 1 ] && top=$((2 * max_workers))
kernel_facts
list_of --kernels "${kernels:-$(IFS=,; echo "${FACT_KERNELS[*]}")}" kernels "${FACT_KERNELS[@]}"
kernels=("${LIST[@]}")
if [ "$use_mpi" = 1 ] && ! "$pb" --version | grep -q "MPI yes"; then
    echo "sweep.sh: this parbench has no MPI: skipping mpi and hybrid" >&2
    use_mpi=0
fi
if [ "$use_mpi" = 1 ]; then mpi_setup "$build" || die "$MPI_WHY"; fi
machine=$("$pb" info --id)
[ -n "$out" ] || out="$pb_home/results/$machine"
[ ! -e "$out" ] || [ -d "$out" ] || die "--out '$out': exists and is not a directory"
csv="$out/runs.csv"
# the results file is judged once, before any step (another header, not writable, ...)
# (a signal that ends the check ends no sweep here: the first step, which runs nothing
# then, says where the sweep stopped, as it would a moment later)
judge_csv() {
    why=$("$pb" run "${FACT_KERNELS[0]}" --size 1 --dry-run --quiet --csv "$csv" 2>&1) || [ -n "$stop_signal" ] ||
        die "${why#parbench: }"
}
# --check-options: the options and an existing results file judged, nothing written
# (parbench suite asks first, so that a bad option leaves no topology files behind)
if [ "$check_only" = 1 ]; then
    [ ! -e "$csv" ] || judge_csv
    stopped || exit 0
    exit "$stop_code"
fi
mkdir -p "$out" 2> /dev/null || die "--out '$out': cannot create the directory"
judge_csv
"$pb" info --json > "$out/machine.json"

# base_size KERNEL: the size of one worker's problem in this size class (auto: what the
# kernel's serial step chose, "auto" for that step itself)
declare -A auto_size=()
base_size() {
    case "$1:$size_class" in
        *:auto) echo "${auto_size[$1]:-auto}" ;;
        *) echo "${FACT_SIZE[$1:$size_class]:-}" ;; # the kernel's own classes (parbench list --json)
    esac
}
# size_for KERNEL WORKERS: strong scaling keeps the size; weak scaling grows it
size_for() {
    local base; base=$(base_size "$1")
    [ -n "$base" ] || return 0
    if [ "$scaling" = strong ] || [ "$2" = 1 ] || [ "$base" = auto ]; then echo "$base"; return; fi
    grown_size "$base" "$2" "${FACT_POWER[$1]}"
}

# last_size CSV KERNEL: the size of the kernel's last row, read by column name
last_size() {
    local s
    s=$(python3 "$pb_scripts/csv_by_name.py" select "$1" size "kernel=$2" | tail -1)
    [[ "$s" =~ ^[0-9]{1,19}$ ]] && echo "$s"
}

# The plan, one line per step: KERNEL VARIANT RANKS THREADS
plan=()
# the roofs first, on the cores the sweep may use (never more: a roof is not oversubscribed)
[ "$use_peak" = 1 ] && plan+=("peak fma,triad 1 $((max_workers < cores ? max_workers : cores))")
for k in "${kernels[@]}"; do
    plan+=("$k serial 1 1")
    for ((t = 1; t <= top; t++)); do plan+=("$k omp 1 $t"); done
    if [ "$use_mpi" = 1 ]; then
        for ((p = 1; p <= top; p++)); do plan+=("$k mpi $p 1"); done
        for ((p = 2; p <= max_workers; p++)); do
            for ((t = 2; p * t <= max_workers; t++)); do plan+=("$k hybrid $p $t"); done
        done
        [ "$max_workers" -ge 2 ] && plan+=("$k hybrid 1 $max_workers")
    fi
done

if [ "$use_io" = 1 ]; then
    # requests to a device of 10 ms (1 ms at tiny size): time against request count per mode
    if [ "$size_class" = tiny ]; then io_sizes="2 4"; else io_sizes="10 100 1000"; fi
    for r in $io_sizes; do plan+=("io latency $r 1"); done
    [ "$use_mpi" = 1 ] && plan+=("io overlap 2 1")
    # the hybrid server: requests that wait 10 ms, then compute C ms (the figure's x axis)
    for c in 0 1 4; do plan+=("io server $c 1"); done
fi
if [ "$use_demos" = 1 ]; then
    mapfile -t demo_names < <("$pb" list --demo-names)
    for d in "${demo_names[@]}"; do plan+=("demo $d 1 1"); done
fi

# step_id LINE: the step's name, as the verdict prints it and --only takes it
step_id() {
    local k v p t
    read -r k v p t <<< "$1"
    case "$k" in
        peak) echo peak ;;
        io) echo "io-$v:$p" ;;
        demo) echo "demo:$v" ;;
        *) echo "$k:$v:${p}x$t" ;;
    esac
}
if [ -n "$only" ]; then
    IFS=, read -r -a wanted <<< "$only"
    kept=()
    for w in "${wanted[@]}"; do
        found=0
        for line in "${plan[@]}"; do [ "$(step_id "$line")" = "$w" ] && { kept+=("$line"); found=1; }; done
        [ "$found" = 1 ] || die "--only $w: no such step in this sweep's plan (names: KERNEL:VARIANT:RANKSxTHREADS, peak, io-latency:N, io-overlap:P, io-server:C, demo:NAME)"
    done
    plan=("${kept[@]}")
    # a kernel whose serial step is not measured again keeps the size its earlier rows have
    if [ "$size_class" = auto ]; then
        for k in "${kernels[@]}"; do
            printf '%s\n' "${plan[@]}" | grep -q "^$k serial " && continue
            printf '%s\n' "${plan[@]}" | grep -q "^$k " || continue
            auto_size[$k]=$( [ -f "$csv" ] && last_size "$csv" "$k") ||
                die "--only: no earlier $k row in $csv to take its size from; add $k:serial:1x1"
        done
    fi
fi

# est_step LINE: the seconds a step is expected to take, from the plan and what the
# calibration found (the kernel's serial time once it ran): progress lines say ~N s left
declare -A serial_time=()
est_step() {
    local k v p t
    read -r k v p t <<< "$1"
    case "$k" in
        peak) echo 6 ;;
        io) case "$v" in
                latency) awk -v r="$p" -v n="$reps" 'BEGIN { printf "%.0f\n", 0.011 * r * n + 2 }' ;;
                server) awk -v c="$p" -v n="$reps" 'BEGIN { printf "%.0f\n", (n + 1) * (0.2 * c + 0.2) * 1.5 + 2 }' ;;
                *) echo 4 ;;
            esac ;;
        demo) echo 5 ;;
        *) awk -v s="${serial_time[$k]:-$min_time}" -v n="$reps" -v w=$((p * t)) -v cal="${serial_time[$k]:+0}" \
               -v mpi=$([ "$v" = mpi ] || [ "$v" = hybrid ] && echo 1 || echo 0) \
               'BEGIN { e = (n + 1) * s / (w < 1 ? 1 : w) + mpi * 0.5; if (cal == "") e += 3 * s; printf "%.0f\n", e }' ;;
    esac
}

start=$(date +%s)
start_iso=$(date -u +%Y-%m-%dT%H:%M:%SZ)
step=0
failed=0
skipped=0
wait_now=$wait_quiet
for line in "${plan[@]}"; do
    read -r k v p t <<< "$line"
    step=$((step + 1))
    case "$k" in
        io) case "$v" in
                latency) what="latency requests=$p" ;; overlap) what="overlap ranks=$p" ;; *) what="$v compute=${p}ms" ;;
            esac
            where="io $what" ;;
        demo) what="$v" where="demo $v" ;;
        peak) what="fma, triad at 1 and $t cores" where="peak" ;;
        *) what=$(printf '%-6s ranks=%-2s threads=%-2s' "$v" "$p" "$t") where="$k $v ranks=$p threads=$t" ;;
    esac
    now=$(date +%s); elapsed=$((now - start))
    left=0
    for rest in "${plan[@]:step-1}"; do left=$((left + $(est_step "$rest"))); done
    case "$k" in
    io)
        latency=10; [ "$size_class" = tiny ] && latency=1
        if [ "$v" = latency ]; then
            # no warm-up: a blocking warm-up at 1000 requests would wait 10 s for nothing
            cmd=("$pb" io latency --mode all --requests "$p" --latency "$latency" --reps "$reps" --warmup 0
                 --csv "$csv" --quiet --wait-quiet "$wait_now" --attempts "$attempts")
        elif [ "$v" = server ]; then
            cmd=("$pb" io server --mode all --compute "$p" --wait "$latency" --reps "$reps" --csv "$csv" --quiet
                 --wait-quiet "$wait_now" --attempts "$attempts")
            [ "$size_class" = tiny ] && cmd+=(--requests 40)
        else
            mpi_cmd "$p" none "$((p > cores))"
            cmd=("${MPI_CMD[@]}" "$pb" io overlap --mode all --reps "$reps" --csv "$csv" --quiet
                 --wait-quiet "$wait_now" --attempts "$attempts")
            [ "$size_class" = tiny ] && cmd+=(--cells 2^12 --bytes 2^9 --iters 2)
        fi ;;
    peak)
        cmd=("$pb" peak --threads "$t" --csv "$csv" --quiet --wait-quiet "$wait_now" --attempts "$attempts")
        # tiny: a check that it runs, in a second (arrays of 16 MiB: the triad may be
        # partly in cache, so its roof is not to be trusted)
        [ "$size_class" = tiny ] && cmd+=(--reps 2 --fma-steps 2^20 --triad-elements 2^21) ;;
    demo)
        # (one attempt: some cases are starved or oversubscribed on purpose)
        cmd=("$pb" demo "$v" --csv "$csv" --quiet --wait-quiet "$wait_now")
        # the timeline's trace: plot.sh draws it as a Gantt figure
        if [ "$v" = timeline ]; then cmd+=(--trace "$out/timeline.json"); fi
        # the deadlock's: who held which lock and waited for the other (a Gantt figure too)
        if [ "$v" = deadlock ]; then cmd+=(--trace "$out/deadlock.json"); fi ;;
    *)
        size=$(size_for "$k" $((p * t)))
        args=(run "$k" --variant "$v" --threads "$t" --reps "$reps" --csv "$csv" --quiet --wait-quiet "$wait_now"
              --attempts "$attempts")
        [ "$scaling" = weak ] && args+=(--tag weak)
        [ -n "$size" ] && args+=(--size "$size")
        [ "$size" = auto ] && args+=(--min-time "$min_time")
        if [ "$v" = mpi ] || [ "$v" = hybrid ]; then
            mpi_cmd "$p" none "$((p * t > cores))" OMP_NUM_THREADS="$t"
            cmd=("${MPI_CMD[@]}" "$pb" "${args[@]}")
        else
            cmd=("$pb" "${args[@]}")
        fi ;;
    esac
    rc=0
    expect=$(est_step "$line")
    if [ "$expect" -gt "$step_budget" ]; then
        echo "sweep.sh: skipping $where: expected to take ~${expect} s, above --step-budget $step_budget s (a smaller --size-class, or a larger budget)" >&2
        skipped=$((skipped + 1))
        continue
    fi
    if ! stopped; then
        printf '[sweep] %-10s %s step %d of %d, %ds elapsed, ~%ss left\n' \
            "$k" "$what" "$step" "${#plan[@]}" "$elapsed" "$left" >&2
        run_step "${cmd[@]}" || rc=$?
    fi
    if stopped "$rc"; then
        echo "sweep.sh: stopped by $stop_name at step $step of ${#plan[@]} ($where); the rows of the steps before are kept in $csv" >&2
        exit "$stop_code"
    fi
    [ "$rc" = 0 ] || { echo "sweep.sh: step failed: ${cmd[*]}" >&2; failed=$((failed + 1)); }
    # machine.json records the roofs just measured (written whole, then moved into place)
    if [ "$k" = peak ] && [ "$rc" = 0 ]; then
        if "$pb" info --json --peak "$csv" > "$out/machine.json.new"; then
            mv -f "$out/machine.json.new" "$out/machine.json"
        else
            rm -f "$out/machine.json.new"
            echo "sweep.sh: machine.json keeps no peak figures" >&2
        fi
    fi
    # the size --size auto chose is every later step's size for this kernel
    if [ "${size:-}" = auto ] && [ "$rc" = 0 ]; then
        auto_size[$k]=$(last_size "$csv" "$k") || die "cannot read the size the $k serial step chose from $csv"
        echo "[sweep] $k: size ${auto_size[$k]} (its serial run lasts at least ${min_time} s)" >&2
    fi
    # the serial time gives the kernel's later estimates; a step that waited all its
    # budget says the machine stays busy: later steps wait less, until one finds it quiet
    # (a step that needs one core finds it free beside one busy core: only a machine with
    # less than half a core of other work counts as quiet again)
    if [ "$rc" = 0 ] && [ -s "$csv" ]; then
        last=$(python3 "$pb_scripts/csv_by_name.py" select "$csv" time_s,wait_s,others_busy | tail -1)
        read -r last_time last_wait last_others <<< "$last"
        [ "$v" = serial ] && [[ "$last_time" =~ ^[0-9.e+-]+$ ]] && serial_time[$k]=$last_time
        if [[ "${last_wait:-}" =~ ^[0-9.]+$ ]] && [ "$wait_now" -gt 0 ]; then
            if awk -v w="$last_wait" -v b="$wait_now" 'BEGIN { exit !(w >= b - 0.5) }'; then
                [ "$wait_now" -gt 10 ] && echo "[sweep] the cores stayed busy for $wait_now s: later steps wait at most 10 s until the machine is quiet again" >&2
                wait_now=$((wait_quiet < 10 ? wait_quiet : 10))
            elif [[ "${last_others:-}" =~ ^[0-9.]+$ ]] && awk -v o="$last_others" 'BEGIN { exit !(o < 0.5) }'; then
                wait_now=$wait_quiet
            fi
        fi
    fi
    size=""
done
budget_note=""
[ "$skipped" = 0 ] || budget_note=", $skipped skipped (--step-budget)"
echo "sweep: ${#plan[@]} steps in $(( $(date +%s) - start ))s, $failed failed$budget_note; results in $csv"
if [ "$use_verdict" = 1 ] && [ -s "$csv" ]; then
    echo
    "$pb" verdict "$csv" --since "$start_iso" || true
fi
[ "$failed" -eq 0 ]
