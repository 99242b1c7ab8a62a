#include "env/machine.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env/cgroup.h"
#include "env/machine_id.h"
#include "env/mpi_env.h"
#include "env/usable_cores.h"
#include "base/parse.h"
#include "parbench_config.h"
#include "base/json.h"
#include "matmul/matmul.h"

#if PARBENCH_HAVE_HWLOC
#include <hwloc.h>
#endif
#ifdef _OPENMP
#include <omp.h>
#endif

extern char **environ;

static machine_info info;
static bool gathered;

/* Host names go into CSV fields and directory names: keep [A-Za-z0-9._-], and no
 * leading '.' or '-' (a hidden folder, an option; csv_read refuses those too). */
static void sanitize(char *s)
{
    for (char *c = s; *c; ++c)
        if (!isalnum((unsigned char)*c) && *c != '.' && *c != '_' && *c != '-')
            *c = '_';
    if (*s == '.' || *s == '-')
        *s = '_';
}

static uint64_t meminfo_field(const char *name)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return 0;
    char line[256];
    unsigned long long kb = 0;
    size_t len = strlen(name);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, name, len) == 0 && line[len] == ':') {
            sscanf(line + len + 1, "%llu", &kb);
            break;
        }
    fclose(f);
    return (uint64_t)kb * 1024;
}

static void cpu_model_from_proc(char *buf, size_t len)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (colon && strncmp(line, "model name", 10) == 0) {
            colon += 2;
            colon[strcspn(colon, "\n")] = '\0';
            snprintf(buf, len, "%s", colon);
            break;
        }
    }
    fclose(f);
}

#if PARBENCH_HAVE_HWLOC
static void gather_hwloc(void)
{
    hwloc_topology_t topo;
    if (hwloc_topology_init(&topo) != 0)
        return;
    if (hwloc_topology_load(topo) != 0) {
        hwloc_topology_destroy(topo);
        return;
    }
    info.from_hwloc = true;
    info.packages = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE);
    info.cores = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
    info.pus = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);
    info.numa_nodes = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE);
    static const hwloc_obj_type_t levels[4] = {HWLOC_OBJ_MACHINE, HWLOC_OBJ_L1CACHE,
                                               HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L3CACHE};
    for (int l = 1; l <= 3; ++l) {
        info.cache_count[l] = hwloc_get_nbobjs_by_type(topo, levels[l]);
        hwloc_obj_t c = hwloc_get_obj_by_type(topo, levels[l], 0);
        info.cache_bytes[l] = c && c->attr ? c->attr->cache.size : 0;
        if (l == 1 && c && c->attr)
            info.cache_line = c->attr->cache.linesize;
    }
    hwloc_obj_t root = hwloc_get_root_obj(topo);
    info.numa_memory = root->total_memory;
    hwloc_obj_t pkg = hwloc_get_obj_by_type(topo, HWLOC_OBJ_PACKAGE, 0);
    const char *model = pkg ? hwloc_obj_get_info_by_name(pkg, "CPUModel") : NULL;
    if (model)
        snprintf(info.cpu_model, sizeof info.cpu_model, "%s", model);
    const char *src = hwloc_obj_get_info_by_name(root, "SyntheticDescription");
    if (!hwloc_topology_is_thissystem(topo)) {
        /* A topology from HWLOC_XMLFILE or HWLOC_SYNTHETIC (a what-if machine): the CPU
         * of this host says nothing about it. */
        snprintf(info.topology_source, sizeof info.topology_source, "%s", src ? src : "xml");
        if (!model)
            snprintf(info.cpu_model, sizeof info.cpu_model, "synthetic topology");
    }
    hwloc_topology_destroy(topo);
}
#endif

static void gather_fallback(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    info.pus = info.cores = n > 0 ? (int)n : 1;
    info.packages = info.numa_nodes = 1;
    static const int names[4] = {0, _SC_LEVEL1_DCACHE_SIZE, _SC_LEVEL2_CACHE_SIZE, _SC_LEVEL3_CACHE_SIZE};
    for (int l = 1; l <= 3; ++l) {
        long b = sysconf(names[l]);
        info.cache_bytes[l] = b > 0 ? (uint64_t)b : 0;
    }
}

const machine_info *machine_get(void)
{
    if (gathered)
        return &info;
    gathered = true;
    snprintf(info.topology_source, sizeof info.topology_source, "this system");
    if (gethostname(info.host, sizeof info.host - 1) != 0)
        snprintf(info.host, sizeof info.host, "unknown");
    sanitize(info.host);
#if PARBENCH_HAVE_HWLOC
    gather_hwloc();
#endif
    if (!info.from_hwloc)
        gather_fallback();
    if (!info.cpu_model[0])
        cpu_model_from_proc(info.cpu_model, sizeof info.cpu_model);
    if (!info.cpu_model[0])
        snprintf(info.cpu_model, sizeof info.cpu_model, "unknown CPU");
    info.mem_total = meminfo_field("MemTotal");
    info.mem_available = meminfo_field("MemAvailable");
    /* The topology key changes when the hardware does, not when memory use or the OS
     * does: the id's last resort (env/machine_id.h). */
    char key[512];
    snprintf(key, sizeof key, "%s|%d|%d|%d|%d|%llu|%llu|%llu|%llu", info.cpu_model, info.packages,
             info.cores, info.pus, info.numa_nodes, (unsigned long long)info.cache_bytes[1],
             (unsigned long long)info.cache_bytes[2], (unsigned long long)info.cache_bytes[3],
             (unsigned long long)((info.mem_total + (1ull << 29)) >> 30));
    const char *forced = getenv("PARBENCH_MACHINE");
    if (forced && *forced) {
        snprintf(info.id, sizeof info.id, "%s", forced);
        sanitize(info.id);
        info.id_from = "PARBENCH_MACHINE";
    } else if (PARBENCH_SIMGRID) {
        /* the rows describe a simulated platform, never this machine (scripts/simulate.sh
         * names the platform through PARBENCH_MACHINE) */
        snprintf(info.id, sizeof info.id, "simulated");
        info.id_from = "SimGrid";
    } else {
        machine_id_source from;
        uint32_t hash = machine_id_hash(key, &from);
        snprintf(info.id, sizeof info.id, "%.60s-%08x", info.host, hash);
        info.id_from = machine_id_source_name(from);
    }
    return &info;
}

uint64_t machine_cache_bytes(int level)
{
    if (level < 1 || level > 3)
        return 0;
    return machine_get()->cache_bytes[level];
}

uint64_t machine_cache_line(void)
{
    uint64_t line = machine_get()->cache_line;
    if (!line) {
        long l = sysconf(_SC_LEVEL1_DCACHE_LINESIZE);
        line = l > 0 ? (uint64_t)l : 64;
    }
    return line;
}

/* What this process's cgroup (v2) still lets it allocate: memory.max less
 * memory.current, the tightest on the way to the root; 0 when unlimited or unknown. A
 * container or a Slurm job with a memory limit is killed at it, whatever MemAvailable
 * says. */
static void tighter_memory(const char *dir, void *arg)
{
    uint64_t *tightest = arg;
    char path[1200];
    unsigned long long max = 0, cur = 0;
    snprintf(path, sizeof path, "%s/memory.max", dir);
    FILE *m = fopen(path, "r");
    bool limited = m && fscanf(m, "%llu", &max) == 1; /* "max": no limit here */
    if (m)
        fclose(m);
    snprintf(path, sizeof path, "%s/memory.current", dir);
    FILE *c = limited ? fopen(path, "r") : NULL;
    if (c && fscanf(c, "%llu", &cur) == 1) {
        uint64_t left = max > cur ? max - cur : 1;
        if (!*tightest || left < *tightest)
            *tightest = left;
    }
    if (c)
        fclose(c);
}

static uint64_t cgroup_memory_left(void)
{
    uint64_t tightest = 0;
    cgroup_each_level(tighter_memory, &tightest);
    return tightest;
}

uint64_t machine_available_memory(void)
{
    uint64_t avail = meminfo_field("MemAvailable");
    if (!avail)
        avail = machine_get()->mem_total;
    uint64_t cgroup = cgroup_memory_left();
    if (cgroup && cgroup < avail)
        avail = cgroup;
    /* A cap for shared nodes (and the memory-refusal tests): never plan on more. */
    uint64_t limit = 0;
    if (!machine_memory_cap(&limit, NULL))
        limit = 0; /* refused at start-up (cli.c); never reached with a bad value */
    return limit && limit < avail ? limit : avail;
}

bool machine_memory_cap(uint64_t *bytes, const char **why)
{
    const char *cap = getenv("PARBENCH_MAX_MEMORY"), *ignored;
    if (!why)
        why = &ignored;
    *bytes = 0;
    if (!cap)
        return true;
    if (!parse_size(cap, bytes, why))
        return false;
    if (*bytes == 0)
        return *why = "zero bytes", false;
    return true;
}

static void openmp_version(char *buf, size_t len)
{
#ifdef _OPENMP
    static const struct { int date; const char *v; } known[] = {
        {202111, "5.2"}, {202011, "5.1"}, {201811, "5.0"}, {201511, "4.5"}, {201307, "4.0"}, {201107, "3.1"}};
    const char *v = "?";
    for (size_t i = 0; i < sizeof known / sizeof known[0]; ++i)
        if (_OPENMP >= known[i].date) {
            v = known[i].v;
            break;
        }
    snprintf(buf, len, "%s (_OPENMP=%d), max threads %d", v, _OPENMP, omp_get_max_threads());
#else
    snprintf(buf, len, "none");
#endif
}

/* Variables that the launchers set for their own processes (Open MPI's mpirun, MPICH's
 * Hydra): not the user's settings. */
static bool is_launcher_internal(const char *kv)
{
    static const char *internal[] = {"OMPI_MCA_orte_", "OMPI_MCA_ess", "OMPI_MCA_pmix", "OMPI_MCA_shmem_",
                                     "OMPI_MCA_initial_wdir", "OMPI_MCA_mpi_oversubscribe",
                                     "MPIR_CVAR_CH3_INTERFACE_HOSTNAME", NULL};
    for (const char **p = internal; *p; ++p)
        if (strncmp(kv, *p, strlen(*p)) == 0)
            return true;
    return false;
}

/* The settings that change how a run behaves: OpenMP's, the MPI library's (Open MPI's
 * MCA parameters; MPICH's control variables and those of its derivatives: Cray MPICH,
 * Intel MPI, MVAPICH), OpenBLAS's, and the job it ran in. */
static bool is_context_env(const char *kv)
{
    static const char *prefixes[] = {"OMP_", "GOMP_", "OMPI_MCA_", "MPIR_CVAR_", "MPICH_", "I_MPI_", "MV2_",
                                     "OPENBLAS_", "SLURM_JOB", "PBS_JOB", NULL};
    if (is_launcher_internal(kv))
        return false;
    for (const char **p = prefixes; *p; ++p)
        if (strncmp(kv, *p, strlen(*p)) == 0)
            return true;
    return false;
}

static double mib(uint64_t b) { return (double)b / (1024.0 * 1024.0); }

void machine_print_text(FILE *out)
{
    const machine_info *m = machine_get();
    char omp[96], mpi[256];
    openmp_version(omp, sizeof omp);
    pb_mpi_library_version(mpi, sizeof mpi);
    fprintf(out, "machine id     %s (from %s)\n", m->id, m->id_from);
    if (PARBENCH_SIMGRID)
        fprintf(out, "simulated      yes: SimGrid SMPI; run times and hosts are the simulated platform's, "
                     "the lines below describe the machine running the simulation\n");
    fprintf(out, "host           %s\n", m->host);
    fprintf(out, "cpu            %s\n", m->cpu_model);
    fprintf(out, "topology       %d package(s), %d core(s), %d PU(s), %d NUMA node(s)  [%s, %s]\n",
            m->packages, m->cores, m->pus, m->numa_nodes, m->from_hwloc ? "hwloc" : "sysconf",
            m->topology_source);
    const char *how;
    int usable = usable_cores(&how);
    fprintf(out, "usable cores   %d (%s)\n", usable, how);
    for (int l = 1; l <= 3; ++l)
        if (m->cache_bytes[l])
            fprintf(out, "L%d cache       %d x %.0f KiB\n", l, m->cache_count[l] ? m->cache_count[l] : 1,
                    (double)m->cache_bytes[l] / 1024.0);
    fprintf(out, "memory         %.0f MiB total, %.0f MiB available", mib(m->mem_total), mib(m->mem_available));
    if (m->numa_memory)
        fprintf(out, " (hwloc NUMA: %.0f MiB)", mib(m->numa_memory));
    fprintf(out, "\ncompiler       gcc-compatible %s\n", __VERSION__);
    fprintf(out, "flags          %s\n", PARBENCH_BUILD_FLAGS);
    fprintf(out, "openmp         %s\n", omp);
    fprintf(out, "mpi            %s\n", mpi);
    fprintf(out, "blas           %s\n", PARBENCH_HAVE_BLAS ? "OpenBLAS (cblas)" : "none");
    fprintf(out, "matmul tile    %s\n", mm_tile());
    fprintf(out, "environment   ");
    int any = 0;
    for (char **e = environ; *e; ++e)
        if (is_context_env(*e)) {
            fprintf(out, " %s", *e);
            any = 1;
        }
    fprintf(out, "%s\n", any ? "" : " (no OMP_*, OMPI_MCA_*, MPIR_CVAR_*, MPICH_*, OPENBLAS_* set)");
}

void machine_print_json(FILE *out, const char *member)
{
    const machine_info *m = machine_get();
    char omp[96], mpi[256];
    openmp_version(omp, sizeof omp);
    pb_mpi_library_version(mpi, sizeof mpi);
    fprintf(out, "{\n  \"id\": ");
    json_string(out, m->id);
    fprintf(out, ",\n  \"id_from\": ");
    json_string(out, m->id_from);
    fprintf(out, ",\n  \"simulated\": %s", PARBENCH_SIMGRID ? "true" : "false");
    fprintf(out, ",\n  \"host\": ");
    json_string(out, m->host);
    fprintf(out, ",\n  \"cpu_model\": ");
    json_string(out, m->cpu_model);
    const char *how;
    int usable = usable_cores(&how);
    fprintf(out, ",\n  \"packages\": %d,\n  \"cores\": %d,\n  \"pus\": %d,\n  \"numa_nodes\": %d,\n",
            m->packages, m->cores, m->pus, m->numa_nodes);
    fprintf(out, "  \"usable_cores\": %d,\n  \"usable_cores_from\": ", usable);
    json_string(out, how);
    fprintf(out, ",\n");
    fprintf(out, "  \"caches\": {");
    for (int l = 1; l <= 3; ++l)
        fprintf(out, "%s\"l%d\": {\"bytes\": %llu, \"count\": %d}", l > 1 ? ", " : "", l,
                (unsigned long long)m->cache_bytes[l], m->cache_count[l]);
    fprintf(out, "},\n  \"memory_bytes\": %llu,\n  \"memory_available_bytes\": %llu,\n"
                 "  \"numa_memory_bytes\": %llu,\n",
            (unsigned long long)m->mem_total, (unsigned long long)m->mem_available,
            (unsigned long long)m->numa_memory);
    fprintf(out, "  \"topology_from\": \"%s\",\n  \"topology_source\": ", m->from_hwloc ? "hwloc" : "sysconf");
    json_string(out, m->topology_source);
    fprintf(out, ",\n  \"compiler\": ");
    json_string(out, __VERSION__);
    fprintf(out, ",\n  \"flags\": ");
    json_string(out, PARBENCH_BUILD_FLAGS);
    fprintf(out, ",\n  \"openmp\": ");
    json_string(out, omp);
    fprintf(out, ",\n  \"mpi\": ");
    json_string(out, mpi);
    fprintf(out, ",\n  \"blas\": %s,\n  \"parbench_version\": \"%s\",\n  \"environment\": {",
            PARBENCH_HAVE_BLAS ? "\"OpenBLAS\"" : "null", PARBENCH_VERSION);
    int first = 1;
    for (char **e = environ; *e; ++e)
        if (is_context_env(*e)) {
            const char *eq = strchr(*e, '=');
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)(eq ? eq - *e : 0), *e);
            fprintf(out, "%s\n    ", first ? "" : ",");
            json_string(out, name);
            fprintf(out, ": ");
            json_string(out, eq ? eq + 1 : "");
            first = 0;
        }
    fprintf(out, "%s}", first ? "" : "\n  ");
    if (member)
        fprintf(out, ",\n  %s", member);
    fprintf(out, "\n}\n");
}
