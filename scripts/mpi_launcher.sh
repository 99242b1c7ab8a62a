# The MPI launcher a script drives, and its flags (sourced, not run; submit.sh also copies
# it into every job script). Open MPI's mpirun and the Hydra mpiexec of MPICH (and of the
# MPIs built on it: Intel MPI, MVAPICH) take different flags:
#   Open MPI  -np N  --bind-to none|core  --oversubscribe  -x VAR=VALUE   --hostfile F ("host slots=C")
#   Hydra     -n N   -bind-to none|core:T  (never refuses)  -genv VAR VALUE  -f F ("host:C")
# and only Open MPI refuses to run as root without OMPI_ALLOW_RUN_AS_ROOT(_CONFIRM).

# mpi_launcher BUILD_DIR: MPIEXEC, the launcher of the MPI that the build in BUILD_DIR links
# (CMake's MPIEXEC_EXECUTABLE; PARBENCH_MPIEXEC overrides it), MPI_KIND (openmpi or hydra)
# and MPI_NP_FLAG (-np or -n). Returns 1, with MPI_WHY saying why, when there is none.
mpi_launcher() {
    MPIEXEC=${PARBENCH_MPIEXEC:-} MPI_KIND="" MPI_WHY=""
    if [ -z "$MPIEXEC" ] && [ -r "$1/CMakeCache.txt" ]; then
        MPIEXEC=$(sed -n 's/^MPIEXEC_EXECUTABLE:FILEPATH=//p' "$1/CMakeCache.txt")
    fi
    # an installed parbench: the launcher it was built with (scripts/locate.sh)
    [ -n "$MPIEXEC" ] || MPIEXEC=${pb_mpiexec:-}
    [ -n "$MPIEXEC" ] || MPIEXEC=$(command -v mpirun || command -v mpiexec || true)
    if [ -z "$MPIEXEC" ] || ! command -v "$MPIEXEC" > /dev/null; then
        MPI_WHY="no MPI launcher: ${MPIEXEC:-neither mpirun nor mpiexec} is not there (load the MPI module first?)"
        return 1
    fi
    case "$(timeout 30 "$MPIEXEC" --version 2>&1 | head -5)" in
        *"Open MPI"* | *OpenRTE*) MPI_KIND=openmpi MPI_NP_FLAG=-np ;;
        *HYDRA* | *MPICH* | *"Intel(R) MPI"* | *MVAPICH*) MPI_KIND=hydra MPI_NP_FLAG=-n ;;
        *) MPI_WHY="cannot tell the MPI of $MPIEXEC: its --version names neither Open MPI nor Hydra"; return 1 ;;
    esac
}

# mpi_flags NP BIND OVERSUBSCRIBE [VAR=VALUE...]: MPI_FLAGS, the launcher's flags for NP
# ranks (global flags first, then the count, so that an MPMD ": -np 1 CMD" may follow),
# binding BIND (none, core, or core:T for T cores per rank: Hydra binds them itself, Open
# MPI needs the caller's --map-by ...:PE=T), more ranks than slots allowed when
# OVERSUBSCRIBE is 1, and each VAR=VALUE set for every rank.
mpi_flags() {
    local np=$1 bind=$2 over=$3 kv
    shift 3
    MPI_FLAGS=()
    if [ "$MPI_KIND" = openmpi ]; then
        MPI_FLAGS=(--bind-to "${bind%%:*}")
        [ "$over" != 1 ] || MPI_FLAGS+=(--oversubscribe)
        for kv in "$@"; do MPI_FLAGS+=(-x "$kv"); done
    else
        MPI_FLAGS=(-bind-to "$bind")
        for kv in "$@"; do MPI_FLAGS+=(-genv "${kv%%=*}" "${kv#*=}"); done
    fi
    MPI_FLAGS+=("$MPI_NP_FLAG" "$np")
}

# mpi_cmd NP BIND OVERSUBSCRIBE [VAR=VALUE...]: MPI_CMD, the launcher with those flags
mpi_cmd() {
    mpi_flags "$@"
    MPI_CMD=("$MPIEXEC" "${MPI_FLAGS[@]}")
}

# mpi_hosts_flags HOSTFILE PER_NODE T HOST...: writes HOSTFILE (each HOST with PER_NODE x T
# slots, in the launcher's format) and sets MPI_HOSTS_FLAGS: PER_NODE ranks on each host,
# each owning T cores.
mpi_hosts_flags() {
    local file=$1 per_node=$2 t=$3 h
    shift 3
    for h in "$@"; do
        if [ "$MPI_KIND" = openmpi ]; then echo "$h slots=$((per_node * t))"; else echo "$h:$((per_node * t))"; fi
    done > "$file"
    if [ "$MPI_KIND" = openmpi ]; then
        MPI_HOSTS_FLAGS=(--hostfile "$file" --map-by "ppr:$per_node:node:PE=$t")
    else
        MPI_HOSTS_FLAGS=(-f "$file" -ppn "$per_node")
    fi
}

# mpi_root_env: Open MPI's consent to run as root, exported only where it is needed: root,
# under Open MPI (Hydra has no such check).
mpi_root_env() {
    if [ "$MPI_KIND" = openmpi ] && [ "$(id -u)" = 0 ]; then
        export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    fi
}

# mpi_setup BUILD_DIR: mpi_launcher, then mpi_root_env; 1 (MPI_WHY says why) without a launcher
mpi_setup() {
    mpi_launcher "$1" || return 1
    mpi_root_env
}

# srun_mpi_plugin: SRUN_MPI, the --mpi= plugin for srun chosen from what `srun --mpi=list`
# offers, in this MPI's order of preference (Open MPI 4: pmix, its pmi2 support is often
# not built; MPICH's default PMI speaks PMI-1/2: pmi2, then pmix). Empty when none fits:
# srun then uses the site's MpiDefault.
srun_mpi_plugin() {
    local offered want
    offered=" $(srun --mpi=list 2>&1 | tr -cs 'A-Za-z0-9_' ' ') "
    SRUN_MPI=""
    for want in $([ "$MPI_KIND" = openmpi ] && echo pmix pmi2 || echo pmi2 pmix); do
        if [[ "$offered" == *" $want "* ]]; then SRUN_MPI=$want; return 0; fi
    done
}
