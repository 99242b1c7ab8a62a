#!/usr/bin/env bash
# Runs the mpi variants on a simulated cluster (SimGrid's SMPI): a cluster on paper.
#   scripts/simulate.sh --platform NAME|FILE --ranks 1,2,4,...,1024 [--kernels LIST]
#                       [--size KERNEL=N]... [--weak] [--out DIR] [--step-time S]
#                       [--host-speed GF] [--reps R|harness] [--build DIR]
# NAME is a platform of scripts/platforms/ (lab, commodity, large, this-machine once
# scripts/platform_here.sh has written it); FILE any SimGrid platform XML. Each rank gets
# a host of its own (ranks above the platform's hosts are refused). Every step is one
# `smpirun` of build-simgrid/parbench (scripts/build.sh --simgrid): the ranks run for
# real, one at a time, on this machine; their computation is timed and scaled to the
# simulated hosts' speed, and every MPI call is simulated on the platform's network.
#
# Compute speed: SMPI turns each measured compute second into flops at this machine's
# speed, --host-speed (GFLOP/s of parbench's serial matmul on one core here; measured
# at the start when not given: a serial matmul under smpirun), then runs them at the
# simulated host's speed (the platform's `speed`, in the same unit). The platforms'
# latencies and bandwidths are taken as they are written (SMPI's correction factors 1).
#
# Rows go to results/<platform>/runs.csv (machine = the platform's name, notes
# `simulated`) with results/<platform>/machine.json describing the platform, so that
# scripts/plot.sh results/<platform> and parbench compare treat it like a machine.
# Strong scaling by default (the size stays; a serial step on 1 rank gives the absolute
# speedup); --weak grows the size with the ranks (matmul n with the cube root, the
# others linearly) and tags the rows `weak`. Each step is stopped after --step-time
# seconds of wall time (default 600): a failed step is reported, the others go on.
# Default sizes: each kernel's own (parbench list: matmul 1024, montecarlo 1e8, sieve 1e9;
# the kernels, their sizes and weak-scaling rule come from parbench list --json). Each step
# executes the whole problem here, once: a 1,024-rank step costs what a serial one does,
# plus simulation.
# --reps R: R timed repetitions, no warm-up (default 1); --reps harness: parbench run's
# own warm-up and repetitions, so that a step's time is a warm median like a measured
# run's (scripts/bench_simgrid.sh compares them so; each step then costs 6 executions).
set -euo pipefail
. "$(dirname "$0")/locate.sh"
# a SimGrid build is made from a checkout (scripts/build.sh --simgrid); installed, name it
build=${PARBENCH_SIMGRID_BUILD_DIR:-${root:-.}/build-simgrid}
platform="" ranks="" kernels="" weak=0 out="" step_time=600 host_speed="" reps=1
declare -A size=() size_given=()

ACCEPTED="--platform, --ranks, --kernels, --size, --weak, --out, --step-time, --host-speed, --reps, --build"
. "$pb_scripts/args.sh"
. "$pb_scripts/steps.sh"
. "$pb_scripts/facts.sh"
while [ $# -gt 0 ]; do
    [ "$1" = --size ] || once "$1" # (--size is given once per kernel)
    case "$1" in
        --platform) need_value "$@"; platform=$2; shift 2 ;;
        --ranks) need_value "$@"; ranks=$2; shift 2 ;;
        --kernels) need_value "$@"; kernels=$2; shift 2 ;;
        --size) need_value "$@"
            [[ "$2" =~ ^([a-z][a-z0-9-]*)=([0-9.eE^]{1,24})$ ]] || die "--size '$2': expected KERNEL=N (a kernel of parbench list and a size)"
            k=${BASH_REMATCH[1]}
            [ -z "${size_given[$k]+x}" ] || die "--size $k= is given more than once"
            size_given[$k]=${BASH_REMATCH[2]}; shift 2 ;;
        --weak) weak=1; shift ;;
        --out) need_value "$@"; out=$2; shift 2 ;;
        --step-time) need_value "$@"; step_time=$2; shift 2 ;;
        --host-speed) need_value "$@"; host_speed=$2; shift 2 ;;
        --reps) need_value "$@"; reps=$2; shift 2 ;;
        --build) need_value "$@"; build=$2; shift 2 ;;
        -h|--help) usage ;;
        *) die "unknown option '$1'" ;;
    esac
done
[ -n "$platform" ] || die "--platform is needed: a name (lab, commodity, large, this-machine) or an XML file"
[ -n "$ranks" ] || die "--ranks is needed: rank counts such as 1,2,4,8"
[[ "$ranks" =~ ^[1-9][0-9]{0,4}(,[1-9][0-9]{0,4})*$ ]] || die "--ranks '$ranks': expected counts from 1 separated by commas"
[[ "$step_time" =~ ^[1-9][0-9]{0,5}$ ]] || die "--step-time '$step_time': expected whole seconds from 1"
[ "$reps" = harness ] || [[ "$reps" =~ ^[1-9][0-9]{0,2}$ ]] ||
    die "--reps '$reps': expected a count from 1 to 999, or harness"
[ -z "$host_speed" ] || [[ "$host_speed" =~ ^[0-9]{1,5}(\.[0-9]{1,3})?$ && "$host_speed" =~ [1-9] ]] ||
    die "--host-speed '$host_speed': expected GFLOP/s such as 43.5"

# The platform: a name of scripts/platforms/ or a file; its name is the file's
case "$platform" in
    */* | *.xml) file=$platform ;;
    *) [[ "$platform" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || die "--platform '$platform': not a platform name"
       file="$pb_data/platforms/$platform.xml"
       # installed, this machine's own platform is written under the current folder
       [ -f "$file" ] || [ -n "$root" ] || file="$pb_home/platforms/$platform.xml"
       if [ ! -f "$file" ]; then
           known=$(cd "$pb_data/platforms" && ls -- *.xml | sed 's|\.xml$||' | paste -sd, -)
           [ -f "$pb_data/platforms/this-machine.xml" ] || known+=" (this-machine: run scripts/platform_here.sh first)"
           die "--platform '$platform': no scripts/platforms/$platform.xml; the platforms: $known"
       fi ;;
esac
[ -f "$file" ] && [ -r "$file" ] || die "--platform '$platform': no readable file"
name=$(basename -- "$file" .xml)
[[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]] || die "--platform '$platform': the file's name is not fit for a machine name"
pb="$build/parbench"
command -v smpirun > /dev/null || die "no smpirun here: scripts/setup.sh installs libsimgrid-dev"
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh --simgrid first"
# the kernels with an mpi variant, their default sizes and weak-scaling rule (scripts/facts.sh),
# from the ordinary build (SMPI's parbench runs only under smpirun)
[ -x "$pb_build/parbench" ] || die "no parbench at $pb_build: run scripts/build.sh first (simulate.sh reads the kernels from it)"
kernel_facts "$pb_build/parbench"
list_of --kernels "${kernels:-$(IFS=,; echo "${FACT_MPI[*]}")}" "kernels with an mpi variant" "${FACT_MPI[@]}"
kernels=("${LIST[@]}")
for k in "${!size_given[@]}"; do
    [[ " ${FACT_MPI[*]} " == *" $k "* ]] || die "--size $k=: no kernel '$k' with an mpi variant; the kernels: ${FACT_MPI[*]}"
done
for k in "${FACT_MPI[@]}"; do size[$k]=${size_given[$k]:-${FACT_DEFAULT[$k]}}; done

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
python3 "$pb_scripts/platform_info.py" hosts "$file" > "$work/hosts" || exit 2
nhosts=$(wc -l < "$work/hosts")
IFS=, read -ra rank_list <<< "$ranks"
for p in "${rank_list[@]}"; do
    [ "$p" -le "$nhosts" ] || die "--ranks $p: the platform $name has $nhosts hosts (one rank per host)"
done

# smpirun's settings: privatized globals (each rank its own copy of parbench's
# statics), the platform's figures as written, warnings only
sim=(smpirun -platform "$file" -hostfile "$work/hosts" --cfg=smpi/privatization:1
     --cfg=smpi/lat-factor:0:1 --cfg=smpi/bw-factor:0:1
     --log=root.thres:warning --log=smpi_kernel.thres:error --log=smpi_config.thres:error)

# This machine's speed: a serial run of the first kernel that counts FLOPs (GFLOP/s), at
# its default size, on one simulated host as fast as the calibration says (1 Gf both),
# so that simulated time is the measured time
if [ -z "$host_speed" ]; then
    flop_kernel=""
    for k in "${FACT_KERNELS[@]}"; do [ -n "$flop_kernel" ] || [ "${FACT_UNIT[$k]}" != GFLOP/s ] || flop_kernel=$k; done
    [ -n "$flop_kernel" ] || die "no kernel counts FLOPs to measure this machine's speed with; give --host-speed"
    printf '<?xml version="1.0"?>\n<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">\n<platform version="4.1"><zone id="z" routing="Full"><host id="here" speed="1Gf"/></zone></platform>\n' > "$work/here.xml"
    echo here > "$work/here.hosts"
    smpirun -platform "$work/here.xml" -hostfile "$work/here.hosts" -np 1 --cfg=smpi/host-speed:1Gf \
        --log=root.thres:warning --log=smpi_kernel.thres:error --log=smpi_config.thres:error \
        "$pb" run "$flop_kernel" --variant serial --size "${FACT_DEFAULT[$flop_kernel]}" --reps 3 --quiet \
        --csv "$work/speed.csv" > /dev/null ||
        die "could not measure this machine's speed (a serial $flop_kernel under smpirun); give --host-speed"
    host_speed=$(python3 "$pb_scripts/csv_by_name.py" select "$work/speed.csv" gflops | tail -1)
    [[ "$host_speed" =~ ^[0-9.]+$ ]] || die "could not read this machine's speed from the calibration run"
    echo "[simulate] this machine: $host_speed GFLOP/s in serial $flop_kernel (the compute times are scaled from it)" >&2
fi
sim+=(--cfg=smpi/host-speed:"${host_speed}Gf")

[ -n "$out" ] || out="$pb_home/results/$name"
[ ! -e "$out" ] || [ -d "$out" ] || die "--out '$out': exists and is not a directory"
python3 "$pb_scripts/platform_info.py" json "$file" "$name" \
    "compute times measured here at ${host_speed} GFLOP/s (serial ${flop_kernel:-run, given}), run at the hosts' speed" > "$work/machine.json" || exit 2
made_out=0
[ -d "$out" ] || made_out=1
mkdir -p -- "$out" 2> /dev/null || die "--out '$out': cannot create the directory"
csv="$out/runs.csv"
# machine.json goes into $out with the first row: a run whose every step fails leaves
# no description of rows that do not exist (and no folder it created)
described=0
describe() { [ "$described" = 1 ] || { mv -f -- "$work/machine.json" "$out/machine.json" && described=1; }; }
trap 'rm -rf -- "$work"; [ "$made_out" = 0 ] || rmdir -- "$out" 2> /dev/null || true' EXIT

# size_for KERNEL RANKS: strong scaling keeps the size; weak grows it
size_for() {
    if [ "$weak" = 0 ] || [ "$2" = 1 ]; then echo "${size[$1]}"; return; fi
    grown_size "${size[$1]}" "$2" "${FACT_POWER[$1]}"
}

# The plan: KERNEL VARIANT RANKS; a serial step first (the absolute speedup's baseline)
plan=()
for k in "${kernels[@]}"; do
    plan+=("$k serial 1")
    for p in "${rank_list[@]}"; do plan+=("$k mpi $p"); done
done
export PARBENCH_MACHINE=$name # the rows' machine: the platform
start=$(date +%s) step=0 failed=0
for line in "${plan[@]}"; do
    read -r k v p <<< "$line"
    step=$((step + 1))
    n=$(size_for "$k" "$p")
    args=(run "$k" --variant "$v" --size "$n" --csv "$csv" --quiet)
    [ "$reps" = harness ] || args+=(--reps "$reps" --warmup 0)
    [ "$weak" = 0 ] || args+=(--tag weak)
    printf '[simulate] %-10s %-6s ranks=%-5s size %-8s step %d of %d, %ds elapsed\n' \
        "$k" "$v" "$p" "$n" "$step" "${#plan[@]}" "$(($(date +%s) - start))" >&2
    rc=0
    run_step timeout -k 10 "$step_time" "${sim[@]}" -np "$p" "$pb" "${args[@]}" || rc=$?
    if stopped "$rc"; then
        echo "simulate.sh: stopped by $stop_name at step $step of ${#plan[@]}; the rows before are kept in $csv" >&2
        exit "$stop_code"
    fi
    case "$rc" in
        0) describe ;;
        124 | 137) echo "simulate.sh: step $step ($k $v ranks=$p) ran past --step-time ${step_time}s: stopped" >&2
                   failed=$((failed + 1)) ;;
        *) echo "simulate.sh: step $step ($k $v ranks=$p) failed (exit $rc)" >&2; failed=$((failed + 1)) ;;
    esac
done
echo "simulate: ${#plan[@]} steps on $name in $(($(date +%s) - start))s, $failed failed; results in $csv" \
     "(draw them: scripts/plot.sh $out)"
[ "$failed" -eq 0 ]
