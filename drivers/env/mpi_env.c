#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "env/mpi_env.h"

#include <sched.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "parbench_config.h"

#if PARBENCH_HAVE_MPI
#include <mpi.h>
static MPI_Comm world;
static bool active;
static int node_size = 1; /* ranks on this rank's node (MPI_COMM_TYPE_SHARED) */
static int node_cpus;     /* the CPUs any of them may run on (the union of their affinity masks) */
#endif

bool pb_mpi_built(void) { return PARBENCH_HAVE_MPI; }

/* What each launcher tells its processes before MPI_Init: Open MPI's mpirun
 * OMPI_COMM_WORLD_*; PMIx launchers (srun --mpi=pmix, Open MPI 5's prterun) PMIX_RANK;
 * MPICH's Hydra mpiexec (also Intel MPI's and MVAPICH's) and srun --mpi=pmi2 PMI_RANK and
 * PMI_SIZE; MVAPICH's mpirun_rsh MV2_COMM_WORLD_*. */
static const char *launcher_vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE",
                                      "MV2_COMM_WORLD_SIZE", NULL};

bool pb_mpi_launched(void)
{
    if (PARBENCH_SIMGRID) /* an SMPI build runs only under smpirun, which sets none of these */
        return true;
    for (const char **v = launcher_vars; *v; ++v)
        if (getenv(*v))
            return true;
    return false;
}

pb_launcher pb_mpi_launcher(void)
{
    if (getenv("OMPI_COMM_WORLD_SIZE")) /* before Slurm's: Open MPI's mpirun inside a job */
        return PB_LAUNCHER_OPENMPI;
    if (getenv("SLURM_PROCID") && (getenv("PMI_RANK") || getenv("PMIX_RANK")))
        return PB_LAUNCHER_SRUN;
    if (getenv("PMI_RANK") || getenv("MV2_COMM_WORLD_SIZE"))
        return PB_LAUNCHER_HYDRA;
    if (getenv("PMIX_RANK")) /* outside Slurm: Open MPI 5's prterun */
        return PB_LAUNCHER_OPENMPI;
    char v[512];
    pb_mpi_library_version(v, sizeof v);
    if (strstr(v, "Open MPI"))
        return PB_LAUNCHER_OPENMPI;
    if (strstr(v, "MPICH") || strstr(v, "MVAPICH") || strstr(v, "Intel"))
        return PB_LAUNCHER_HYDRA;
    return PB_LAUNCHER_UNKNOWN;
}

/* Under SMPI every rank runs in this one process and nothing tells a rank its number
 * before MPI_Init. The first rank to ask is taken for rank 0, so that one rank speaks: its
 * answer is kept in a static (SMPI's privatization gives each rank its own copy), and the
 * others learn that it was taken from the environment, which the ranks share. */
static int smpi_env_rank(void)
{
    static const char taken[] = "PARBENCH_SMPI_SPEAKER";
    static int mine = -1;
    if (mine < 0) {
        mine = getenv(taken) ? 1 : 0;
        if (mine == 0)
            setenv(taken, "1", 1);
    }
    return mine;
}

int pb_mpi_env_rank(void)
{
    static const char *vars[] = {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "MV2_COMM_WORLD_RANK", NULL};
    if (PARBENCH_SIMGRID)
        return smpi_env_rank();
    for (const char **v = vars; *v; ++v) {
        const char *s = getenv(*v);
        if (s)
            return atoi(s);
    }
    return 0;
}

int pb_mpi_env_size(void)
{
    static const char *vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "MV2_COMM_WORLD_SIZE", "SLURM_NTASKS", NULL};
    if (!pb_mpi_launched())
        return 1;
    for (const char **v = vars; *v; ++v) {
        const char *s = getenv(*v);
        if (s && atoi(s) > 0)
            return atoi(s);
    }
    return 1;
}

#define HOST_LEN 64

/* "a;a;b" -> "a*2;b": distinct host names in rank order, with their rank counts. */
static void summarize_hosts(const char *names, int n, char *buf, size_t len)
{
    size_t pos = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; ++i) {
        const char *h = names + (size_t)i * HOST_LEN;
        int seen = 0, count = 0;
        for (int j = 0; j < n; ++j)
            if (strcmp(names + (size_t)j * HOST_LEN, h) == 0) {
                seen |= j < i;
                ++count;
            }
        if (seen)
            continue;
        int w = count > 1 ? snprintf(buf + pos, len - pos, "%s%s*%d", pos ? ";" : "", h, count)
                          : snprintf(buf + pos, len - pos, "%s%s", pos ? ";" : "", h);
        if (w < 0 || (size_t)w >= len - pos) {
            buf[pos] = '\0';
            return;
        }
        pos += (size_t)w;
    }
}

/* The one-process answers, for builds without MPI and runs without mpirun. */
static char *gather_alone(const void *mine, size_t bytes, size_t *sizes)
{
    char *out = malloc(bytes ? bytes : 1);
    if (out)
        memcpy(out, mine, bytes);
    sizes[0] = bytes;
    return out;
}

#if PARBENCH_HAVE_MPI

bool pb_mpi_init(void)
{
    if (active)
        return true;
    int provided;
    /* Only the master thread calls MPI in the hybrid variants: FUNNELED is enough. */
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return false;
    MPI_Comm_dup(MPI_COMM_WORLD, &world);
    /* Errors end the job (the default), so no rank waits forever on a dead peer. */
    active = true;
    /* The ranks sharing this node's memory, whatever launched them (mpirun, srun,
     * Hydra): the standard's answer, not a launcher's environment variable. */
    MPI_Comm node;
    if (MPI_Comm_split_type(world, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
        MPI_Comm_size(node, &node_size);
        /* bound ranks each see one core; together they may use the union of their masks */
        cpu_set_t mine, all;
        CPU_ZERO(&mine);
        if (sched_getaffinity(0, sizeof mine, &mine) == 0 &&
            MPI_Allreduce(&mine, &all, (int)sizeof all, MPI_BYTE, MPI_BOR, node) == MPI_SUCCESS)
            node_cpus = CPU_COUNT(&all);
        MPI_Comm_free(&node);
    }
    return true;
}

int pb_mpi_node_size(void) { return active ? node_size : 1; }

int pb_mpi_node_cpus(void) { return active && node_cpus > 0 ? node_cpus : 0; }

void pb_mpi_abort(int code)
{
    if (active)
        MPI_Abort(world, code);
    exit(code);
}

/* Rank 0's text goes to every rank, which compares it line by line with its own; the
 * lowest rank that differs says how, and every rank learns it. */
int pb_mpi_agree_text(const char *mine, char *err, size_t errlen)
{
    if (!active || pb_mpi_size() == 1)
        return 0;
    enum { CAP = 16384 };
    char *root = calloc(CAP, 1);
    int ok = root != NULL;
    if (pb_mpi_rank() == 0 && root)
        snprintf(root, CAP, "%s", mine);
    MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, world);
    if (!ok) { /* cannot compare: say so on every rank rather than run on unchecked */
        free(root);
        snprintf(err, errlen, "out of memory while comparing the ranks' options");
        return -1;
    }
    MPI_Bcast(root, CAP, MPI_CHAR, 0, world);
    char msg[512] = "";
    const char *a = root, *b = mine;
    while (*a || *b) {
        size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
        if (la != lb || strncmp(a, b, la) != 0) {
            snprintf(msg, sizeof msg, "rank %d was started with '%.*s' where rank 0 has '%.*s': every rank must "
                     "get the same arguments (check the launch command)", pb_mpi_rank(), (int)(lb > 120 ? 120 : lb), b,
                     (int)(la > 120 ? 120 : la), a);
            break;
        }
        a += la + (a[la] == '\n');
        b += lb + (b[lb] == '\n');
    }
    free(root);
    int culprit = pb_mpi_first_failing(msg[0] != '\0');
    if (culprit < 0)
        return 0;
    MPI_Bcast(msg, sizeof msg, MPI_CHAR, culprit, world);
    snprintf(err, errlen, "%s", msg);
    return 1;
}

bool pb_mpi_active(void) { return active; }

void pb_mpi_finalize(void)
{
    if (!active)
        return;
    MPI_Comm_free(&world);
    MPI_Finalize();
    active = false;
}

int pb_mpi_rank(void)
{
    int r = 0;
    if (active)
        MPI_Comm_rank(world, &r);
    return r;
}

int pb_mpi_size(void)
{
    int s = 1;
    if (active)
        MPI_Comm_size(world, &s);
    return s;
}

void *pb_mpi_world(void) { return active ? &world : NULL; }

void pb_mpi_barrier(void)
{
    if (active)
        MPI_Barrier(world);
}

void pb_mpi_idle_barrier(void)
{
    if (!active)
        return;
    MPI_Request req;
    MPI_Ibarrier(world, &req);
    int done = 0;
    const struct timespec nap = {0, 200000}; /* 0.2 ms: negligible next to any timed run */
    while (MPI_Test(&req, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && !done)
        nanosleep(&nap, NULL);
}

/* One value reduced over every rank, in place; alone, it stays as it is. */
static void reduce_one(void *x, MPI_Datatype type, MPI_Op op)
{
    if (active)
        MPI_Allreduce(MPI_IN_PLACE, x, 1, type, op, world);
}

double pb_mpi_max_double(double x) { return reduce_one(&x, MPI_DOUBLE, MPI_MAX), x; }
double pb_mpi_sum_double(double x) { return reduce_one(&x, MPI_DOUBLE, MPI_SUM), x; }
int pb_mpi_max_int(int x) { return reduce_one(&x, MPI_INT, MPI_MAX), x; }

int pb_mpi_first_failing(bool failed)
{
    int first = failed ? pb_mpi_rank() : INT_MAX;
    reduce_one(&first, MPI_INT, MPI_MIN);
    return first == INT_MAX ? -1 : first;
}

void pb_mpi_gather(const void *mine, size_t bytes, void *all)
{
    if (active)
        MPI_Gather(mine, (int)bytes, MPI_BYTE, all, (int)bytes, MPI_BYTE, 0, world);
    else
        memcpy(all, mine, bytes);
}

void pb_mpi_clock_offsets(double (*clock)(void), double *offsets)
{
    int rank = pb_mpi_rank(), size = pb_mpi_size();
    offsets[0] = 0;
    if (!active)
        return;
    for (int r = 1; r < size; ++r) {
        /* 16 round trips; the fastest has the least room for error: its midpoint */
        double best = INFINITY, offset = 0;
        for (int k = 0; k < 16; ++k) {
            double t0 = 0, tr = 0;
            if (rank == 0) {
                t0 = clock();
                MPI_Send(&t0, 1, MPI_DOUBLE, r, 7, world);
                MPI_Recv(&tr, 1, MPI_DOUBLE, r, 7, world, MPI_STATUS_IGNORE);
                double t1 = clock();
                if (t1 - t0 < best) {
                    best = t1 - t0;
                    offset = tr - (t0 + t1) / 2;
                }
            } else if (rank == r) {
                MPI_Recv(&t0, 1, MPI_DOUBLE, 0, 7, world, MPI_STATUS_IGNORE);
                tr = clock();
                MPI_Send(&tr, 1, MPI_DOUBLE, 0, 7, world);
            }
        }
        if (rank == 0)
            offsets[r] = offset;
    }
}

char *pb_mpi_gather_bytes(const void *mine, size_t bytes, size_t *sizes)
{
    if (!active)
        return gather_alone(mine, bytes, sizes);
    int rank = pb_mpi_rank(), size = pb_mpi_size();
    unsigned long long n = bytes, *all = rank == 0 ? calloc((size_t)size, sizeof *all) : NULL;
    MPI_Gather(&n, 1, MPI_UNSIGNED_LONG_LONG, all, 1, MPI_UNSIGNED_LONG_LONG, 0, world);
    char *out = NULL;
    if (rank == 0) {
        size_t total = 0;
        for (int r = 0; r < size; ++r)
            total += (size_t)(sizes[r] = all[r]);
        out = malloc(total ? total : 1);
    }
    /* rank 0 receives each rank's part in turn (counts above 2^31 bytes would not fit one call) */
    int ok = rank != 0 || out != NULL;
    MPI_Bcast(&ok, 1, MPI_INT, 0, world);
    if (rank == 0 && ok) {
        memcpy(out, mine, bytes);
        size_t pos = bytes;
        for (int r = 1; r < size; ++r) {
            MPI_Recv(out + pos, (int)sizes[r], MPI_BYTE, r, 8, world, MPI_STATUS_IGNORE);
            pos += sizes[r];
        }
    } else if (ok) {
        MPI_Send(mine, (int)bytes, MPI_BYTE, 0, 8, world);
    }
    free(all);
    return out;
}

uint64_t pb_mpi_bcast_u64(uint64_t x)
{
    if (active)
        MPI_Bcast(&x, 1, MPI_UINT64_T, 0, world);
    return x;
}

void pb_mpi_bcast_string(char *buf, size_t len, int root)
{
    if (active)
        MPI_Bcast(buf, (int)len, MPI_CHAR, root, world);
}

void pb_mpi_hosts(bool all_ranks, char *buf, size_t len)
{
    char mine[HOST_LEN] = {0};
    if (PARBENCH_SIMGRID && active) { /* the simulated host the rank runs on, not this machine */
        char name[MPI_MAX_PROCESSOR_NAME];
        int n = 0;
        MPI_Get_processor_name(name, &n);
        snprintf(mine, sizeof mine, "%.*s", n, name);
    } else {
        gethostname(mine, sizeof mine - 1);
    }
    if (!all_ranks || !active) {
        summarize_hosts(mine, 1, buf, len);
        return;
    }
    int size = pb_mpi_size(), rank = pb_mpi_rank();
    char *all = rank == 0 ? calloc((size_t)size, sizeof mine) : NULL;
    MPI_Gather(mine, sizeof mine, MPI_CHAR, all, sizeof mine, MPI_CHAR, 0, world);
    if (rank == 0 && all)
        summarize_hosts(all, size, buf, len);
    free(all);
}

void pb_mpi_library_version(char *buf, size_t len)
{
    char v[MPI_MAX_LIBRARY_VERSION_STRING];
    int n = 0;
    MPI_Get_library_version(v, &n);
    v[strcspn(v, "\n")] = '\0';
    for (char *c = v; *c; ++c) /* MPICH: "MPICH Version:<TAB>4.0.2" */
        if (*c == '\t')
            *c = ' ';
    int major, minor;
    MPI_Get_version(&major, &minor);
    snprintf(buf, len, "%s (MPI %d.%d)", v, major, minor);
}

#else /* no MPI: one rank */

bool pb_mpi_init(void) { return true; }
int pb_mpi_node_size(void) { return 1; }
int pb_mpi_node_cpus(void) { return 0; }
void pb_mpi_abort(int code) { exit(code); }
int pb_mpi_agree_text(const char *mine, char *err, size_t errlen)
{
    (void)mine, (void)err, (void)errlen;
    return 0;
}
bool pb_mpi_active(void) { return false; }
void pb_mpi_finalize(void) {}
int pb_mpi_rank(void) { return 0; }
int pb_mpi_size(void) { return 1; }
void *pb_mpi_world(void) { return NULL; }
void pb_mpi_barrier(void) {}
void pb_mpi_idle_barrier(void) {}
double pb_mpi_max_double(double x) { return x; }
double pb_mpi_sum_double(double x) { return x; }
int pb_mpi_max_int(int x) { return x; }
int pb_mpi_first_failing(bool failed) { return failed ? 0 : -1; }
void pb_mpi_bcast_string(char *buf, size_t len, int root) { (void)buf, (void)len, (void)root; }
uint64_t pb_mpi_bcast_u64(uint64_t x) { return x; }
void pb_mpi_clock_offsets(double (*clock)(void), double *offsets)
{
    (void)clock;
    offsets[0] = 0;
}
char *pb_mpi_gather_bytes(const void *mine, size_t bytes, size_t *sizes) { return gather_alone(mine, bytes, sizes); }
void pb_mpi_gather(const void *mine, size_t bytes, void *all) { memcpy(all, mine, bytes); }
void pb_mpi_hosts(bool all_ranks, char *buf, size_t len)
{
    (void)all_ranks;
    char mine[HOST_LEN] = {0};
    gethostname(mine, sizeof mine - 1);
    summarize_hosts(mine, 1, buf, len);
}
void pb_mpi_library_version(char *buf, size_t len) { snprintf(buf, len, "none (built without MPI)"); }

#endif
