# Three "hosts" on this machine for real MPI over TCP (sourced, not run; needs root and
# `ip netns`): network namespaces ${P}n1..${P}n3 with an eth0 each (10.77.0.1-3/24, names
# node1..node3 in their /etc/hosts) on a bridge in namespace ${P}br, and an rsh agent in
# place of ssh. Used by tests/multihost.sh and scripts/bench_simgrid.sh --cluster.
NETNS_SUBNET=10.77.0.0/24

# netns_hosts_up P DIR: the namespaces, and the agent DIR/nsrsh; returns 1 with NETNS_WHY
# set when no namespace can be made here
netns_hosts_up() {
    local p=$1 dir=$2 i ns
    NETNS_WHY=""
    ip netns add "${p}br" 2> "$dir/netns.err" || { NETNS_WHY="cannot create a network namespace: $(head -1 "$dir/netns.err")"; return 1; }
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
    # The rsh agent: Open MPI calls it as `nsrsh [options] HOST orted ARGS...`, Hydra as
    # `nsrsh HOST hydra_pmi_proxy ARGS...`. unshare --uts gives each host its own hostname
    # (without it, orted crashes in hwloc's shared topology).
    cat > "$dir/nsrsh" <<AGENT
#!/bin/sh
while [ \$# -gt 0 ]; do case "\$1" in -*) shift;; *) break;; esac; done
host=\$1; shift
exec ip netns exec "${p}n\${host#node}" unshare --uts sh -c "hostname \$host; \$*"
AGENT
    chmod +x "$dir/nsrsh"
}

# netns_hosts_down P: the namespaces and their /etc/netns entries removed
netns_hosts_down() {
    local i
    for i in 1 2 3; do ip netns del "${1}n$i" 2>/dev/null || true; rm -rf "/etc/netns/${1}n$i"; done
    ip netns del "${1}br" 2>/dev/null || true
}

# netns_hosts_mpi_env DIR: the launcher (MPI_KIND, from mpi_launcher.sh) told to reach
# the hosts through DIR/nsrsh and to talk TCP on their subnet
netns_hosts_mpi_env() {
    if [ "$MPI_KIND" = openmpi ]; then
        export OMPI_MCA_plm_rsh_agent=$1/nsrsh OMPI_MCA_btl=self,tcp OMPI_MCA_pml=ob1 \
            OMPI_MCA_btl_tcp_if_include=$NETNS_SUBNET OMPI_MCA_oob_tcp_if_include=$NETNS_SUBNET
        unset OMPI_MCA_rmaps_base_oversubscribe
    else # Hydra reads its -launcher and -launcher-exec from the environment too
        export HYDRA_LAUNCHER=rsh HYDRA_LAUNCHER_EXEC=$1/nsrsh
    fi
}

# netns_on_node1 P SECONDS CMD...: CMD run on node1 (where the launcher must start),
# stopped after SECONDS
netns_on_node1() {
    local p=$1 limit=$2
    shift 2
    timeout "$limit" ip netns exec "${p}n1" unshare --uts sh -c 'hostname node1; exec "$@"' sh "$@"
}
