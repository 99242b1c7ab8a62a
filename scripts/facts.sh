# The compute kernels' facts, from `parbench list --json` (the kernel descriptions in
# drivers/glue), so that no script names a kernel (sourced, not run):
#   kernel_facts [PARBENCH]   (default $pb)
#   FACT_KERNELS        the compute kernels, in `parbench list` order
#   FACT_MPI            those with an mpi variant usable in this build
#   FACT_SIZE[K:CLASS]  the size of class tiny, small, medium or large (empty: none)
#   FACT_DEFAULT[K]     the kernel's default size
#   FACT_POWER[K]       the work grows as size^power: weak scaling grows the size by
#                       workers^(1/power), so each worker keeps its share
#   FACT_UNIT[K]        its throughput unit (GFLOP/s for a kernel that counts FLOPs)
kernel_facts() {
    declare -gA FACT_SIZE=() FACT_DEFAULT=() FACT_POWER=() FACT_UNIT=()
    FACT_KERNELS=() FACT_MPI=()
    local name key value
    while read -r name key value; do
        case "$key" in
            kernel) FACT_KERNELS+=("$name") ;;
            mpi) FACT_MPI+=("$name") ;;
            default) FACT_DEFAULT[$name]=$value ;;
            power) FACT_POWER[$name]=$value ;;
            unit) FACT_UNIT[$name]=$value ;;
            tiny | small | medium | large) [ "$value" = 0 ] || FACT_SIZE[$name:$key]=$value ;;
        esac
    done < <("${1:-$pb}" list --json | python3 -c '
import json, sys
try:
    kernels = json.load(sys.stdin)["kernels"]
except (ValueError, KeyError, TypeError):
    sys.exit(0)  # (the caller says that no kernels were named)
for k in kernels:
    n = k["name"]
    print(n, "kernel", "-")
    if any(v["model"] == "mpi" and v["usable"] for v in k["variants"]):
        print(n, "mpi", "-")
    print(n, "default", k["default_size"])
    print(n, "power", k["work_power"])
    print(n, "unit", k["unit"].replace(" ", "_"))
    for c, s in k["size_classes"].items():
        print(n, c, s)
')
    [ ${#FACT_KERNELS[@]} -gt 0 ] || { echo "$(basename "$0"): ${1:-$pb} list --json named no kernels" >&2; exit 3; }
}

# grown_size SIZE WORKERS POWER: SIZE x WORKERS^(1/POWER), rounded (weak scaling)
grown_size() {
    awk -v b="$1" -v w="$2" -v p="${3:-1}" 'BEGIN { printf "%.0f\n", (b + 0) * exp(log(w) / p) }'
}
