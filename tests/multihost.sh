#!/usr/bin/env bash
# MPI across three "hosts" for real: network namespaces node1..node3 on a bridge,
# reached by an rsh agent instead of ssh (the recipe of the README's "Running on a
# cluster" section, with `ip netns exec` standing in for ssh), under the launcher of the
# MPI this parbench links: Open MPI's mpirun (the agent as plm_rsh_agent) or MPICH's
# Hydra mpiexec (-launcher rsh -launcher-exec, here HYDRA_LAUNCHER/HYDRA_LAUNCHER_EXEC).
# Checks that the kernels' mpi variants and the io overlap driver verify across the hosts
# and record one distinct host per rank. Needs root and `ip netns`; else SKIP (77).
set -euo pipefail
: "${PARBENCH:?run under ctest, or set PARBENCH=build/parbench}"
src=${PARBENCH_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root to create network namespaces"
command -v ip > /dev/null || skip "no ip command (iproute2)"
command -v unshare > /dev/null || skip "no unshare (util-linux)"
[ "${PARBENCH_HAVE_MPI:-1}" = 1 ] || skip "no MPI in this build"
. "$src/scripts/mpi_launcher.sh"
mpi_setup "$(dirname "$PARBENCH")" || skip "$MPI_WHY"

# Names carry our pid, so parallel runs never collide; leftovers of runs that were
# killed (their pid gone) are removed first.
for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }' | grep -E '^pbtest[0-9]+(n[123]|br)$' || true); do
    pid=${ns#pbtest}; pid=${pid%n[123]}; pid=${pid%br}
    kill -0 "$pid" 2>/dev/null || { ip netns del "$ns" 2>/dev/null || true; rm -rf "/etc/netns/$ns"; }
done
. "$src/scripts/netns_hosts.sh"
p=pbtest$$
TMP=$(mktemp -d /tmp/pbmultihost.XXXXXX)
cleanup() {
    netns_hosts_down "$p"
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

netns_hosts_up "$p" "$TMP" || skip "$NETNS_WHY"
netns_hosts_mpi_env "$TMP"
echo "launcher: $MPIEXEC ($MPI_KIND)"

# on_cluster CMD...: the launcher, started on node1, one rank on each of node1..node3
# (bounded: no hang can block CI). The hosts share this machine's cores: nothing bound.
mpi_hosts_flags "$TMP/hostfile" 1 1 node1 node2 node3
mpi_cmd 3 none 0
on_cluster() { netns_on_node1 "$p" 90 "${MPI_CMD[@]}" "${MPI_HOSTS_FLAGS[@]}" "$@"; }

failures=0 csv=$TMP/multihost.csv
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
csv() { python3 "$src/scripts/csv_by_name.py" "$@"; } # columns by name (as tests/lib.sh)
# check_rows KERNEL: every row of KERNEL verified, 3 ranks, hosts node1;node2;node3
check_rows() {
    local rows
    rows=$(csv select "$csv" variant,ranks,verified,hosts kernel="$1" 2>/dev/null || true)
    [ -n "$rows" ] || { fail "$1: no rows in $csv"; return; }
    while read -r variant ranks verified hosts; do
        if [ "$ranks" = 3 ] && [ "$verified" = true ] && [ "$hosts" = "node1;node2;node3" ]; then
            echo "ok: $1/$variant: 3 ranks on $hosts, verified"
        else
            fail "$1/$variant: ranks=$ranks verified=$verified hosts=$hosts (expected 3, true, node1;node2;node3)"
        fi
    done <<< "$rows"
}

# Every kernel's mpi variant, at a size that takes a moment (a kernel added since: its
# tiny size class, from parbench list --json).
. "$src/scripts/facts.sh"
kernel_facts "$PARBENCH"
for k in $("$PARBENCH" list --names); do
    case "$k" in
        montecarlo) size=2e6 ;; matmul) size=128 ;; sieve) size=1e6 ;;
        *) size=${FACT_SIZE[$k:tiny]:-${FACT_DEFAULT[$k]}} ;;
    esac
    start=$SECONDS
    on_cluster "$PARBENCH" run "$k" --variant mpi --size "$size" --reps 2 --csv "$csv" --quiet ||
        fail "$k mpi across 3 hosts exited $?"
    check_rows "$k"
    echo "   ($k: $((SECONDS - start)) s)"
done
[ "$(csv count "$csv" kernel=montecarlo 2>/dev/null)" -gt 0 ] 2>/dev/null || fail "montecarlo did not run"

# The generated batch script across the hosts, as PBS would start it on node1 with a
# node file of node1..node3: 1, 2 and 3 nodes, mpi (2 ranks per node) and hybrid (1 rank
# of 2 threads per node).
"$src/scripts/submit.sh" pbs --build "$(dirname "$PARBENCH")" --nodes 3 --tasks-per-node 1 \
    --threads 2 --bind none --size 1e6 --reps 2 --machine multihost --out "$TMP/job" --dry-run > "$TMP/job.pbs"
printf 'node1\nnode1\nnode2\nnode2\nnode3\nnode3\n' > "$TMP/nodefile"
start=$SECONDS
PBS_JOBID=99.multihost PBS_NODEFILE=$TMP/nodefile PBS_O_WORKDIR=$TMP timeout 120 \
    ip netns exec "${p}n1" unshare --uts sh -c 'hostname node1; exec bash "$1"' sh "$TMP/job.pbs" \
    > "$TMP/job.log" 2>&1 || { fail "the PBS job script across 3 hosts exited $?"; cat "$TMP/job.log"; }
got=$({ csv select "$TMP/job/job-99.csv" variant,ranks,threads,verified,hosts 2>/dev/null || true; } |
    awk '{ print $1 "/" $2 "x" $3 "/" $4 "/" $5 }' | paste -sd ' ')
want="mpi/2x1/true/node1*2 hybrid/1x2/true/node1 mpi/4x1/true/node1*2;node2*2 hybrid/2x2/true/node1;node2"
want+=" mpi/6x1/true/node1*2;node2*2;node3*2 hybrid/3x2/true/node1;node2;node3"
[ "$got" = "$want" ] && echo "ok: job script on 1, 2, 3 hosts: $got" || fail "job script rows: got [$got], expected [$want]"
grep -q '"nodes": \["node1", "node2", "node3"\]' "$TMP/job/job-99.json" || fail "job-99.json lacks the node list"
echo "   (job script: $((SECONDS - start)) s)"

# The io overlap driver (halo exchange while computing): an MPI build has it.
rc=0; "$PARBENCH" io overlap --help > /dev/null 2>&1 || rc=$?
[ "$rc" = 0 ] || fail "parbench io overlap --help exited $rc"
# A slower network shows what overlap hides; netem is missing on some kernels.
netem=""
for i in 1 2 3; do
    tc -n "${p}n$i" qdisc add dev eth0 root netem delay 1ms 2> /dev/null && netem=" (1 ms netem delay per hop)"
done
# 64 KiB halos both ways around the ring, 16 columns of cells per rank
on_cluster "$PARBENCH" io overlap --mode blocking,nonblocking,progress --cells 2^17 --bytes 2^16 \
    --iters 5 --reps 1 --csv "$csv" --quiet || fail "io overlap across 3 hosts exited $?"
check_rows io-overlap
csv select "$csv" variant,time_s,overlap_osu_pct kernel=io-overlap 2>/dev/null |
    awk '{ printf "   %s: %.4f s, overlap %s%% (OSU)\n", $1, $2, $3 }' || true
echo "   (io overlap$netem)"

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "multihost: all checks passed"
