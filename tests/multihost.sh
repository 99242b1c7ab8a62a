#!/usr/bin/env bash
# mpirun across three "hosts" for real: network namespaces node1..node3 on a bridge,
# reached by an rsh agent instead of ssh (the recipe of the README's "Running on a
# cluster" section, with `ip netns exec` standing in for ssh). Checks that the kernels'
# mpi variants (and the io overlap driver, where this build has it) verify across the
# hosts and record one distinct host per rank. Needs root and `ip netns`; else SKIP (77).
set -euo pipefail
: "${PARBENCH:?run under ctest, or set PARBENCH=build/parbench}"
src=${PARBENCH_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root to create network namespaces"
command -v ip > /dev/null || skip "no ip command (iproute2)"
command -v unshare > /dev/null || skip "no unshare (util-linux)"
[ "${PARBENCH_HAVE_MPI:-1}" = 1 ] && command -v mpirun > /dev/null || skip "no MPI in this build or no mpirun"

# Names carry our pid, so parallel runs never collide; leftovers of runs that were
# killed (their pid gone) are removed first.
for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }' | grep -E '^pbtest[0-9]+(n[123]|br)$' || true); do
    pid=${ns#pbtest}; pid=${pid%n[123]}; pid=${pid%br}
    kill -0 "$pid" 2>/dev/null || { ip netns del "$ns" 2>/dev/null || true; rm -rf "/etc/netns/$ns"; }
done
p=pbtest$$ subnet=10.77.0.0/24
TMP=$(mktemp -d /tmp/pbmultihost.XXXXXX)
cleanup() {
    local i
    for i in 1 2 3; do ip netns del "${p}n$i" 2>/dev/null || true; rm -rf "/etc/netns/${p}n$i"; done
    ip netns del "${p}br" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "${p}br" 2> "$TMP/err" || skip "cannot create a network namespace: $(head -1 "$TMP/err")"
ip -n "${p}br" link set lo up
ip -n "${p}br" link add br0 type bridge
ip -n "${p}br" link set br0 up
for i in 1 2 3; do
    ns=${p}n$i
    ip netns add "$ns"
    ip -n "$ns" link set lo up  # Open MPI will not start without a working lo
    ip -n "$ns" link add eth0 type veth peer name vn$i netns "${p}br"
    ip -n "$ns" addr add 10.77.0.$i/24 dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "${p}br" link set vn$i master br0 up
    mkdir -p "/etc/netns/$ns" # ip netns exec bind-mounts this hosts file over /etc/hosts
    printf '127.0.0.1 localhost\n10.77.0.1 node1\n10.77.0.2 node2\n10.77.0.3 node3\n' > "/etc/netns/$ns/hosts"
done

# The rsh agent: Open MPI calls it as `nsrsh [options] HOST orted ARGS...`. unshare --uts
# gives each host its own hostname (without it, orted crashes in hwloc's shared topology).
cat > "$TMP/nsrsh" <<AGENT
#!/bin/sh
while [ \$# -gt 0 ]; do case "\$1" in -*) shift;; *) break;; esac; done
host=\$1; shift
exec ip netns exec "${p}n\${host#node}" unshare --uts sh -c "hostname \$host; \$*"
AGENT
chmod +x "$TMP/nsrsh"
printf 'node1 slots=1\nnode2 slots=1\nnode3 slots=1\n' > "$TMP/hostfile"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_plm_rsh_agent=$TMP/nsrsh \
    OMPI_MCA_btl=self,tcp OMPI_MCA_pml=ob1 OMPI_MCA_btl_tcp_if_include=$subnet OMPI_MCA_oob_tcp_if_include=$subnet
unset OMPI_MCA_rmaps_base_oversubscribe

# on_cluster CMD...: mpirun, started on node1, ranks on node1..node3 (bounded: no hang
# can block CI). The hosts share this machine's cores, so nothing is bound.
on_cluster() {
    timeout 90 ip netns exec "${p}n1" unshare --uts sh -c 'hostname node1; exec "$@"' sh \
        mpirun --hostfile "$TMP/hostfile" -np 3 --bind-to none "$@"
}

failures=0 csv=$TMP/multihost.csv
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# check_rows KERNEL: every row of KERNEL verified, 3 ranks, hosts node1;node2;node3
check_rows() {
    local rows
    rows=$(awk -F, -v k="$1" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["kernel"] == k { print $c["variant"], $c["ranks"], $c["verified"], $c["hosts"] }' "$csv" 2>/dev/null || true)
    [ -n "$rows" ] || { fail "$1: no rows in $csv"; return; }
    while read -r variant ranks verified hosts; do
        if [ "$ranks" = 3 ] && [ "$verified" = true ] && [ "$hosts" = "node1;node2;node3" ]; then
            echo "ok: $1/$variant: 3 ranks on $hosts, verified"
        else
            fail "$1/$variant: ranks=$ranks verified=$verified hosts=$hosts (expected 3, true, node1;node2;node3)"
        fi
    done <<< "$rows"
}

# Every kernel's mpi variant, at a size that takes a moment.
for k in $("$PARBENCH" list --names); do
    case "$k" in
        montecarlo) size=2e6 ;; matmul) size=128 ;; sieve) size=1e6 ;;
        *) echo "note: no test size for kernel $k: not run across hosts"; continue ;;
    esac
    start=$SECONDS
    on_cluster "$PARBENCH" run "$k" --variant mpi --size "$size" --reps 2 --csv "$csv" --quiet ||
        fail "$k mpi across 3 hosts exited $?"
    check_rows "$k"
    echo "   ($k: $((SECONDS - start)) s)"
done
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["kernel"] == "montecarlo" { ok = 1 }
          END { exit !ok }' "$csv" 2>/dev/null || fail "montecarlo did not run"

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
got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { print $c["variant"] "/" $c["ranks"] "x" $c["threads"] "/" $c["verified"] "/" $c["hosts"] }' "$TMP/job/job-99.csv" 2>/dev/null | paste -sd ' ')
want="mpi/2x1/true/node1*2 hybrid/1x2/true/node1 mpi/4x1/true/node1*2;node2*2 hybrid/2x2/true/node1;node2"
want+=" mpi/6x1/true/node1*2;node2*2;node3*2 hybrid/3x2/true/node1;node2;node3"
[ "$got" = "$want" ] && echo "ok: job script on 1, 2, 3 hosts: $got" || fail "job script rows: got [$got], expected [$want]"
grep -q '"nodes": \["node1", "node2", "node3"\]' "$TMP/job/job-99.json" || fail "job-99.json lacks the node list"
echo "   (job script: $((SECONDS - start)) s)"

# The io overlap driver (halo exchange while computing), once this build has it.
if "$PARBENCH" io overlap --help > /dev/null 2>&1; then
    # A slower network shows what overlap hides; netem is missing on some kernels.
    netem=""
    for i in 1 2 3; do
        tc -n "${p}n$i" qdisc add dev eth0 root netem delay 1ms 2> /dev/null && netem=" (1 ms netem delay per hop)"
    done
    # 64 KiB halos both ways around the ring, 16 columns of cells per rank
    on_cluster "$PARBENCH" io overlap --mode blocking,nonblocking,progress --cells 2^17 --bytes 2^16 \
        --iters 5 --reps 1 --csv "$csv" --quiet || fail "io overlap across 3 hosts exited $?"
    check_rows io-overlap
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["kernel"] == "io-overlap" {
        printf "   %s: %.4f s, overlap %s%% (OSU)\n", $c["variant"], $c["time_s"], $c["overlap_osu_pct"] }' "$csv"
    echo "   (io overlap$netem)"
else
    echo "note: this parbench has no 'io overlap' driver yet: that part was skipped"
fi

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "multihost: all checks passed"
