#!/usr/bin/env bash
# The job generator (scripts/submit.sh) without a scheduler: bad options fail with one
# line and exit 2; --dry-run prints Slurm and PBS scripts with the right directives that
# pass `bash -n`, with a preamble and module lines before the first run, the node counts
# asked for, one script per node count with --split, and warnings an admin would give;
# and the generated PBS script runs under a simulated PBS environment (PBS_JOBID,
# PBS_NODEFILE), as no PBS server is available to test against: ranks per node from the
# node file, every launch echoed under its step limit, and a step stopped at that limit.
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
# --preamble: a readable regular file that bash can parse; --module: a name, no shell
mkdir -p "$TMP/adir"; mkfifo "$TMP/fifo"
printf 'export A=1\r\n' > "$TMP/dos.sh"; printf 'if then fi\n' > "$TMP/syntax.sh"; printf 'a\000b\n' > "$TMP/nul.sh"
for f in "$TMP/none.sh" "$TMP/adir" "$TMP/fifo" /dev/null "$TMP/dos.sh" "$TMP/syntax.sh" "$TMP/nul.sh"; do
    bad slurm --preamble "$f"
done
grep -q "holds NUL bytes" "$TMP/err" && pass || fail "the nul file: $(cat "$TMP/err")"
bad slurm --preamble "$TMP/syntax.sh"
grep -q "preamble '$TMP/syntax.sh': not valid bash" "$TMP/err" && pass || fail "syntax message: $(cat "$TMP/err")"
for m in 'a b' 'x;y' '$(id)' '`id`' '-x' 'a|b' "a'b" '*'; do bad slurm --module "$m"; done
for c in 0 1,1 a 1,,2 ',' 2,99999; do bad slurm --node-counts "$c"; done
bad slurm --nodes 2 --node-counts 1,3
grep -q "3 is more than --nodes 2" "$TMP/err" && pass || fail "node counts message: $(cat "$TMP/err")"
bad slurm --step-time 0
bad slurm --step-time 1:99:00
bad slurm --split --split
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
grep -q 'srun ${SRUN_MPI:+--mpi="$SRUN_MPI"}' "$TMP/a.sbatch" && grep -q 'cpus-per-task="$t"' "$TMP/a.sbatch" &&
    grep -q 'ppr:$per_node:node:PE=$t' "$TMP/a.sbatch" && grep -q -- '-ppn "$per_node"' "$TMP/a.sbatch" &&
    grep -q 'OMP_PROC_BIND=close OMP_PLACES=cores' "$TMP/a.sbatch" && pass || fail "slurm script lacks the launch and binding lines"
lacks "$TMP/a.sbatch" '@@'
bash -n "$TMP/a.sbatch" && pass || fail "slurm script: bash -n failed"

"$submit" slurm --build "$build" --no-exclusive --dry-run > "$TMP/b.sbatch" 2> "$TMP/err" || fail "minimal slurm dry run exited $?"
has "$TMP/b.sbatch" '#SBATCH --nodes=1' '#SBATCH --time=0:30:00' 'PB_LAUNCHER=mpirun' 'PB_VARIANTS=mpi' \
    'PB_NODE_COUNTS=1' "PB_TASKS_PER_NODE=''" 'PB_STEP_TIME=600'
lacks "$TMP/b.sbatch" '--partition' '--account' '--exclusive' '#SBATCH --ntasks-per-node' '@@'
# the warnings: the log inside the build (no --out, no --machine), ranks per node left to a shared node
grep -q "warning: the job's log and script go to $build/jobs, inside the build folder" "$TMP/err" &&
    grep -q "warning: --no-exclusive without --tasks-per-node" "$TMP/err" && pass || fail "warnings: $(cat "$TMP/err")"

# the preamble as given, then the modules, after the PB_* lines and before the first run
printf '# my site\nsource /etc/profile.d/nothing.sh 2>/dev/null || true\nexport SITE_SCRATCH=/scratch/$USER' > "$TMP/pre.sh"
"$submit" slurm --build "$build" --machine lab --nodes 4 --node-counts 1,4 --module gcc/12.2.0 --module openmpi/4.1.5 \
    --preamble "$TMP/pre.sh" --step-time 5 --dry-run > "$TMP/c.sbatch" 2> "$TMP/err" || fail "preamble dry run: $(cat "$TMP/err")"
bash -n "$TMP/c.sbatch" && pass || fail "preamble script: bash -n failed"
line() { grep -nF -m1 -- "$1" "$TMP/c.sbatch" | cut -d: -f1; }
lines=("$(line "PB_OUT=''")" "$(line '# my site')" "$(line 'export SITE_SCRATCH=/scratch/$USER')"
       "$(line 'module load gcc/12.2.0 ||')" "$(line 'module load openmpi/4.1.5 ||')" "$(line 'mpi_setup "$PB_BUILD"')")
[[ "${lines[*]}" =~ ^[0-9]+( [0-9]+){5}$ ]] && [ "$(printf '%s\n' "${lines[@]}" | sort -n | paste -sd' ')" = "${lines[*]}" ] &&
    pass || fail "PB_*, preamble, modules, first run: not in that order (lines ${lines[*]})"
has "$TMP/c.sbatch" 'PB_NODE_COUNTS=1,4' 'PB_STEP_TIME=300' '#SBATCH --nodes=4'
# a checkout under /tmp (as some CI runners make) rightly draws the node-local-folder warning
case "$build" in
    /tmp/* | /var/tmp/*) { grep -v "is under /tmp or /var/tmp, which each node has for itself" "$TMP/err" || true; } > "$TMP/err.rest"
                         mv "$TMP/err.rest" "$TMP/err" ;;
esac
[ ! -s "$TMP/err" ] && pass || fail "warnings for a good job: $(cat "$TMP/err")"
# a directive in the preamble would be ignored: said
printf 'export A=1\n#SBATCH --mem=4G\n' > "$TMP/dir.sh"
"$submit" slurm --build "$build" --machine lab --preamble "$TMP/dir.sh" --dry-run > /dev/null 2> "$TMP/err" || fail "directive dry run"
grep -q "warning: --preamble line 2 is a scheduler directive" "$TMP/err" && pass || fail "directive warning: $(cat "$TMP/err")"
# --node-counts alone sets --nodes; --step-time longer than --time is said
"$submit" slurm --build "$build" --machine lab --node-counts 2,8 --time 10 --step-time 20 --dry-run > "$TMP/d.sbatch" 2> "$TMP/err"
has "$TMP/d.sbatch" '#SBATCH --nodes=8' 'PB_NODE_COUNTS=2,8' 'PB_STEP_TIME=1200'
grep -q "warning: --step-time 20 is longer than the job's --time 0:10:00" "$TMP/err" && pass || fail "step time warning: $(cat "$TMP/err")"
# --split: one job per node count, each asking for its nodes only
"$submit" slurm --build "$build" --machine lab --nodes 4 --split --dry-run > "$TMP/split" || fail "split dry run"
got=$(grep -E '^(#SBATCH --nodes=|#SBATCH --job-name=|PB_NODES=|PB_NODE_COUNTS=)' "$TMP/split" | paste -sd' ')
[ "$got" = "#SBATCH --job-name=parbench-1n #SBATCH --nodes=1 PB_NODES=1 PB_NODE_COUNTS=1 #SBATCH --job-name=parbench-2n #SBATCH --nodes=2 PB_NODES=2 PB_NODE_COUNTS=2 #SBATCH --job-name=parbench-4n #SBATCH --nodes=4 PB_NODES=4 PB_NODE_COUNTS=4" ] &&
    pass || fail "split: $got"
[ "$(grep -c '^#!/bin/bash' "$TMP/split")" = 3 ] && [ "$(grep -c '^# ==== job [123] of 3 (--split) ====$' "$TMP/split")" = 3 ] &&
    pass || fail "split: not 3 scripts"
# a build or results folder under /tmp: said
ln -s "$build" "$TMP/tmpbuild"
"$submit" pbs --build "$TMP/tmpbuild" --out "$TMP/o" --dry-run > /dev/null 2> "$TMP/err" || fail "tmp dry run"
grep -q "warning: the build $TMP/tmpbuild is under /tmp" "$TMP/err" && grep -q "warning: the results and log folder $TMP/o is under /tmp" "$TMP/err" &&
    pass || fail "tmp warnings: $(cat "$TMP/err")"

"$submit" pbs --build "$build" --nodes 4 --queue compute --dry-run > "$TMP/auto.pbs" 2> /dev/null || fail "auto pbs dry run"
has "$TMP/auto.pbs" '#PBS -l nodes=4' '#PBS -n'
"$submit" pbs --build "$build" --nodes 4 --pbs-flavor openpbs --dry-run > "$TMP/auto2.pbs" 2> /dev/null || fail "auto openpbs dry run"
has "$TMP/auto2.pbs" '#PBS -l select=4' '#PBS -l place=scatter:excl'
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
# host once per CPU: 4 here, so 4 ranks of mpi and 2 x 2 threads of hybrid), with a
# preamble that stubs `module`.
if [ "${PARBENCH_HAVE_MPI:-1}" = 1 ]; then
    printf 'module() { echo "stub module: $*"; }\n' > "$TMP/stub.sh"
    "$submit" pbs --build "$build" --threads 2 --bind none --size 1e6 --reps 2 --preamble "$TMP/stub.sh" \
        --module mpi/test --machine pbstest --out "$TMP/res" --dry-run > "$TMP/run.pbs" 2> /dev/null
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
    grep -q '"cores_from": "PBS"' "$TMP/res/job-777.json" && grep -q '"tasks_per_node": 2,' "$TMP/res/job-777.json" &&
        pass || fail "ranks per node not from the node file: $(grep -E 'cores|tasks' "$TMP/res/job-777.json")"
    # the log: the module, then each launch before it ran, under the step limit
    grep -qx 'stub module: load mpi/test' "$TMP/run.log" && pass || fail "no module line in the log"
    [ "$(grep -c "^\[job 777\] + timeout --kill-after=30 600 $MPIEXEC " "$TMP/run.log")" = 2 ] && pass ||
        fail "launches not echoed: $(grep '^\[job 777\]' "$TMP/run.log")"

    # --reference: the job diffs its rows against a reference at its end and records the
    # verdict. References 1000x slower and 1000x faster than the rows of job 777 (its samples
    # scaled, so the outcome does not depend on this machine's noise: 2 ranks x 2 threads on
    # 2 cores beside another test once ran job 777 10x slower than job 790): pass, then slower.
    # A pair whose sides did not run alike (this busy machine may flag the job's rows, or
    # move them) is inconclusive instead: then the diff's own test must still say faster
    # (slower), the JSON counts it and says inconclusive when nothing is slower.
    "$submit" pbs --build "$build" --threads 2 --bind none --size 1e6 --reps 5 --machine pbstest --out "$TMP/ref" \
        --dry-run > /dev/null 2> "$TMP/err" || fail "generating the reference job: $(cat "$TMP/err")"
    scaled() { # scaled FACTOR OUT: job 777's rows with every time multiplied by FACTOR
        python3 - "$TMP/res/job-777.csv" "$2" "$1" << 'PYEOF2'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
f = float(sys.argv[3])
with open(sys.argv[2], 'w', newline='') as out:
    w = csv.DictWriter(out, fieldnames=rows[0].keys(), lineterminator='\n')
    w.writeheader()
    for r in rows:
        for k in ('time_s', 'time_min_s', 'time_max_s', 'ci_low_s', 'ci_high_s'):
            r[k] = repr(float(r[k]) * f) if r[k] else r[k]
        r['samples'] = ';'.join(repr(float(x) * f) for x in r['samples'].split(';') * 3)  # 3x the samples
        r['reps'] = str(len(r['samples'].split(';')))  # (a row whose reps and samples disagree is refused)
        w.writerow(r)
PYEOF2
    }
    for case in "slow 1000 pass 0 faster" "fast 0.001 slower 2 slower"; do
        read -r name factor want nslower says <<< "$case"
        scaled "$factor" "$TMP/ref-$name.csv"
        "$submit" pbs --build "$build" --threads 2 --bind none --size 1e6 --reps 5 --machine pbstest \
            --out "$TMP/ref-$name" --reference "$TMP/ref-$name.csv" --dry-run > "$TMP/ref.pbs" 2> /dev/null
        rc=0
        (cd "$TMP" && PBS_JOBID=790 PBS_NODEFILE=$TMP/nodefile timeout 120 bash "$TMP/ref.pbs") > "$TMP/ref.log" 2>&1 ||
            rc=$?
        json=$TMP/ref-$name/job-790.json
        held=$(python3 "$PB_CSV" count "$TMP/ref-$name/job-790.diff.csv" verdict=inconclusive)
        # every inconclusive pair's test says $says (checked below): it is not counted slower
        [ "$says" = slower ] && nslower=$((nslower - held))
        [ "$nslower" -gt 0 ] || { [ "$held" = 0 ] && want=pass || want=inconclusive; }
        [ "$rc" = 0 ] && grep -q "\"verdict\": \"$want\"" "$json" && grep -q "\"slower\": $nslower,\$" "$json" &&
            grep -q "\"inconclusive\": $held\$" "$json" && grep -q '"diff": "job-790.diff.csv"' "$json" &&
            [ "$(python3 "$PB_CSV" count "$TMP/ref-$name/job-790.diff.csv" test_says!="$says" verdict=inconclusive)" = 0 ] &&
            pass ||
            { fail "--reference ($name): rc $rc: $(grep -E 'verdict|slower|diff|inconclusive' "$json")"
              tail -5 "$TMP/ref.log"; cat "$TMP/ref-$name/job-790.diff.csv"; }
    done
    bad pbs --reference "$TMP/nodefile"           # not a results file: refused before it queues
    bad pbs --reference "$TMP/no-such-file.csv"

    # a step that would run for minutes is stopped at its limit; the job goes on, and fails
    "$submit" pbs --build "$build" --tasks-per-node 1 --size 1e12 --reps 1 --step-time 0:00:02 \
        --machine pbstest --out "$TMP/slow" --dry-run > "$TMP/slow.pbs" 2> /dev/null
    rc=0
    (cd "$TMP" && PBS_JOBID=779 PBS_NODEFILE=$TMP/nodefile timeout 100 bash "$TMP/slow.pbs") > "$TMP/slow.log" 2>&1 || rc=$?
    [ "$rc" = 1 ] && grep -q "the step ran into its limit of 2 s (--step-time) and was stopped" "$TMP/slow.log" &&
        grep -q '"failed": 1' "$TMP/slow/job-779.json" && pass || { fail "step limit: rc $rc"; cat "$TMP/slow.log"; }

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
