/* `parbench io overlap` (MPI): a halo exchange overlapped with computation. Ranks form a
 * ring; each owns `cols` columns of a 2D grid whose columns hold bytes/8 cells, so a
 * halo is one column (--bytes) and a rank's share is --cells. Each iteration exchanges
 * both halos and applies the 5-point stencil of kernels/stencil:
 *   blocking     MPI_Sendrecv both halos, then compute every column
 *   nonblocking  Irecv/Isend, compute the interior columns, Waitall, compute the two
 *                boundary columns
 *   progress     the same, calling MPI_Testall every --test-every cells of the interior:
 *                Open MPI moves a large (rendezvous) message only inside MPI calls
 * The pure-communication and pure-compute times are measured in the same run (after the
 * timed repetitions) and give the overlap in OSU's and IMB's definitions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "io/io.h"
#include "core/kernel.h"
#include "env/machine.h"
#include "parbench_config.h"
#include "output/results.h"
#include "core/stats.h"
#include "stencil/stencil.h"
#include "core/timer.h"
#if PARBENCH_HAVE_MPI
#include <mpi.h>
#endif

#define NO_MPI_WHY "this parbench was built without MPI (install libopenmpi-dev and rebuild)"

typedef struct {
    io_common c;          /* c.size = cells per rank */
    uint64_t bytes;       /* a halo: one column of bytes/8 cells */
    uint64_t iters;
    uint64_t test_every;  /* progress: cells between two MPI_Testall */
} overlap_params;
_Static_assert(sizeof(overlap_params) <= IO_PARAMS_MAX, "io_cli keeps the parameters in IO_PARAMS_MAX bytes");

static const variant_desc modes[] = {
    {"blocking", EXEC_MPI, PARBENCH_HAVE_MPI, NO_MPI_WHY},
    {"nonblocking", EXEC_MPI, PARBENCH_HAVE_MPI, NO_MPI_WHY},
    {"progress", EXEC_MPI, PARBENCH_HAVE_MPI, NO_MPI_WHY},
    {NULL, 0, false, NULL},
};

/* The reference times of the last run of each mode (rank 0), for the summary. */
static struct {
    char mode[32];
    double overall, compute, comm;
} seen[8];
static size_t nseen;

static double ov_work(uint64_t cells) { return (double)cells / 1e6; } /* replaced in annotate */

#if PARBENCH_HAVE_MPI

typedef struct {
    size_t rows, cols;
    double *u, *v;        /* strips with ghost columns (kernels/stencil layout) */
    double *init;         /* the owned initial field, restored at the start of each run */
    double *final;        /* u or v: where the last run left its answer */
    MPI_Comm comm;
    int rank, size, left, right;
    unsigned iters;
    size_t test_every;
    double t_compute, t_comm; /* medians over --reps, each the maximum over ranks */
} ov_state;

static void ov_teardown(bench_ctx *ctx)
{
    ov_state *s = ctx->state;
    if (!s)
        return;
    free(s->u);
    free(s->v);
    free(s->init);
    free(s);
    ctx->state = NULL;
}

static int ov_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    const overlap_params *p = ctx->params;
    ov_state *s = calloc(1, sizeof *s);
    if (!s)
        return PB_RUNTIME_ERROR;
    ctx->state = s;
    s->comm = *(MPI_Comm *)ctx->comm;
    s->rank = ctx->rank, s->size = ctx->ranks;
    s->left = (s->rank + s->size - 1) % s->size;
    s->right = (s->rank + 1) % s->size;
    s->rows = p->bytes / sizeof(double);
    s->cols = ctx->size / s->rows;
    s->iters = (unsigned)p->iters;
    s->test_every = p->test_every;
    size_t strip = (s->cols + 2) * s->rows * sizeof(double), owned = ctx->size * sizeof(double);
    /* rank 0 also holds the gathered grid and the serial reference (two strips) */
    uint64_t need = 2 * strip + owned + (s->rank == 0 ? 3 * (uint64_t)s->size * strip : 0);
    if (need > machine_available_memory()) {
        snprintf(err, errlen, "--cells %llu --bytes %llu: needs %llu bytes on rank %d; %llu bytes are available",
                 (unsigned long long)ctx->size, (unsigned long long)p->bytes, (unsigned long long)need, s->rank,
                 (unsigned long long)machine_available_memory());
        ov_teardown(ctx);
        return PB_BAD_INPUT;
    }
    s->u = malloc(strip);
    s->v = malloc(strip);
    s->init = malloc(owned);
    if (!s->u || !s->v || !s->init) {
        snprintf(err, errlen, "out of memory for %llu cells", (unsigned long long)ctx->size);
        ov_teardown(ctx);
        return PB_RUNTIME_ERROR;
    }
    /* Ghosts start defined (they are read by nothing before the first exchange). */
    memset(s->u, 0, strip);
    memset(s->v, 0, strip);
    stencil_init(s->u, s->rows, s->cols, (uint64_t)s->rank * s->cols, ctx->seed);
    memcpy(s->init, s->u + s->rows, owned);
    return PB_OK;
}

enum { TAG_EAST = 1, TAG_WEST = 2 };

/* Posts the exchange of both halos of u: our last column travels east into the right
 * neighbour's left ghost, our first column west into the left neighbour's right ghost. */
static void post_exchange(const ov_state *s, double *u, MPI_Request req[4])
{
    int n = (int)s->rows;
    MPI_Irecv(u, n, MPI_DOUBLE, s->left, TAG_EAST, s->comm, &req[0]);
    MPI_Irecv(u + (s->cols + 1) * s->rows, n, MPI_DOUBLE, s->right, TAG_WEST, s->comm, &req[1]);
    MPI_Isend(u + s->cols * s->rows, n, MPI_DOUBLE, s->right, TAG_EAST, s->comm, &req[2]);
    MPI_Isend(u + s->rows, n, MPI_DOUBLE, s->left, TAG_WEST, s->comm, &req[3]);
}

static void step_blocking(const ov_state *s, double *u, double *v)
{
    int n = (int)s->rows;
    MPI_Sendrecv(u + s->cols * s->rows, n, MPI_DOUBLE, s->right, TAG_EAST, u, n, MPI_DOUBLE, s->left, TAG_EAST,
                 s->comm, MPI_STATUS_IGNORE);
    MPI_Sendrecv(u + s->rows, n, MPI_DOUBLE, s->left, TAG_WEST, u + (s->cols + 1) * s->rows, n, MPI_DOUBLE,
                 s->right, TAG_WEST, s->comm, MPI_STATUS_IGNORE);
    stencil_columns(u, v, s->rows, 0, s->cols);
}

static void step_overlapped(const ov_state *s, double *u, double *v, bool progress)
{
    MPI_Request req[4];
    post_exchange(s, u, req);
    /* The interior (columns 1 .. cols-2) reads no ghost: it can run while halos travel. */
    size_t first = s->rows, last = (s->cols - 1) * s->rows;
    if (!progress) {
        stencil_cells(u, v, s->rows, first, last);
    } else {
        int done = 0;
        for (size_t k = first; k < last; k += s->test_every) {
            size_t end = last - k > s->test_every ? k + s->test_every : last;
            stencil_cells(u, v, s->rows, k, end);
            if (!done)
                MPI_Testall(4, req, &done, MPI_STATUSES_IGNORE);
        }
    }
    MPI_Waitall(4, req, MPI_STATUSES_IGNORE);
    stencil_columns(u, v, s->rows, 0, 1);
    stencil_columns(u, v, s->rows, s->cols - 1, s->cols);
}

static void ov_run(bench_ctx *ctx)
{
    ov_state *s = ctx->state;
    double *u = s->u, *v = s->v;
    memcpy(u + s->rows, s->init, s->cols * s->rows * sizeof *u);
    const char *mode = ctx->variant->name;
    bool blocking = strcmp(mode, "blocking") == 0, progress = strcmp(mode, "progress") == 0;
    for (unsigned it = 0; it < s->iters; ++it) {
        if (blocking)
            step_blocking(s, u, v);
        else
            step_overlapped(s, u, v, progress);
        double *t = u;
        u = v;
        v = t;
    }
    s->final = u;
}

/* The run's computation alone: the same restore and stencil sweeps, no messages. */
static void compute_only(ov_state *s)
{
    double *u = s->u, *v = s->v;
    memcpy(u + s->rows, s->init, s->cols * s->rows * sizeof *u);
    for (unsigned it = 0; it < s->iters; ++it) {
        stencil_columns(u, v, s->rows, 0, s->cols);
        double *t = u;
        u = v;
        v = t;
    }
}

/* The run's communication alone: the nonblocking exchange, waited for at once. */
static void comm_only(ov_state *s)
{
    for (unsigned it = 0; it < s->iters; ++it) {
        MPI_Request req[4];
        post_exchange(s, s->u, req);
        MPI_Waitall(4, req, MPI_STATUSES_IGNORE);
    }
}

/* Median over reps of fn's time, each repetition the maximum over ranks (as the harness
 * times the modes), after one untimed warm-up. */
static double time_reference(ov_state *s, void (*fn)(ov_state *), int reps)
{
    double *t = malloc((size_t)reps * sizeof *t);
    fn(s);
    for (int r = 0; r < reps; ++r) {
        MPI_Barrier(s->comm);
        double t0 = timer_now();
        fn(s);
        double dt = timer_now() - t0;
        double mx = dt;
        MPI_Allreduce(&dt, &mx, 1, MPI_DOUBLE, MPI_MAX, s->comm);
        if (t)
            t[r] = mx;
    }
    double median = t ? stats_compute(t, (size_t)reps).median : 0;
    free(t);
    return median;
}

/* Gathers the final grid on rank 0 and compares it bit for bit with the serial stencil
 * over the whole ring; the result is the grid's checksum. */
static int check_grid(ov_state *s, uint64_t seed, char *result, size_t resultlen, char *err, size_t errlen)
{
    size_t rows = s->rows, cols = s->cols * (size_t)s->size, owned = s->cols * rows;
    double *got = NULL, *ref = NULL, *tmp = NULL;
    int status = PB_OK;
    if (s->rank == 0) {
        got = malloc(cols * rows * sizeof *got);
        ref = malloc((cols + 2) * rows * sizeof *ref);
        tmp = malloc((cols + 2) * rows * sizeof *tmp);
    }
    int ok = s->rank != 0 || (got && ref && tmp);
    MPI_Bcast(&ok, 1, MPI_INT, 0, s->comm); /* rank 0 cannot receive: nobody sends */
    if (ok)
        MPI_Gather(s->final + rows, (int)owned, MPI_DOUBLE, got, (int)owned, MPI_DOUBLE, 0, s->comm);
    if (s->rank == 0 && !ok) {
        snprintf(err, errlen, "out of memory for the serial reference of %zu cells", cols * rows);
        status = PB_RUNTIME_ERROR;
    } else if (s->rank == 0) {
        stencil_init(ref, rows, cols, 0, seed);
        stencil_serial(ref, tmp, rows, cols, s->iters);
        uint64_t sum = checksum_words(got, cols * rows, CHECKSUM_START);
        snprintf(result, resultlen, "%016llx", (unsigned long long)sum);
        if (memcmp(got, ref + rows, cols * rows * sizeof *got) != 0) {
            size_t k = 0;
            while (memcmp(&got[k], &ref[rows + k], sizeof *got) == 0)
                ++k;
            snprintf(err, errlen, "io-overlap: cell (row %zu, column %zu of %zu) is %a, the serial stencil gives %a",
                     k % rows, k / rows, cols, got[k], ref[rows + k]);
            status = PB_VERIFY_FAILED;
        }
    }
    free(got);
    free(ref);
    free(tmp);
    return status;
}

static int ov_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    ov_state *s = ctx->state;
    const overlap_params *p = ctx->params;
    int status = check_grid(s, ctx->seed, result, resultlen, err, errlen);
    /* Collective on every rank whatever the check said, so no rank waits alone. */
    s->t_comm = time_reference(s, comm_only, p->c.reps);
    s->t_compute = time_reference(s, compute_only, p->c.reps);
    return status;
}

#else /* no MPI: the modes are unavailable, these never run */

static int ov_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    (void)ctx;
    snprintf(err, errlen, NO_MPI_WHY);
    return PB_RUNTIME_ERROR;
}
static void ov_run(bench_ctx *ctx) { (void)ctx; }
static int ov_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    (void)ctx, (void)result, (void)resultlen, (void)err, (void)errlen;
    return PB_RUNTIME_ERROR;
}
static void ov_teardown(bench_ctx *ctx) { (void)ctx; }

#endif

/* The overlap in OSU's and IMB-NBC's definitions: overlap_osu_pct, overlap_imb_pct
 * (analysis.c), from this run's time and the pure times measured in ov_verify. */
static void ov_annotate(const bench_ctx *ctx, result_record *rec)
{
#if PARBENCH_HAVE_MPI
    const ov_state *s = ctx->state;
    const overlap_params *p = ctx->params;
    snprintf(rec->overlap_osu_pct, sizeof rec->overlap_osu_pct, "%.1f",
             overlap_osu_pct(rec->time_s, s->t_compute, s->t_comm));
    snprintf(rec->overlap_imb_pct, sizeof rec->overlap_imb_pct, "%.1f",
             overlap_imb_pct(rec->time_s, s->t_compute, s->t_comm));
    /* cell updates over the whole ring per second */
    double updates = (double)ctx->size * ctx->ranks * (double)p->iters;
    rec->throughput = rec->time_s > 0 ? updates / rec->time_s / 1e6 : 0;
    if (nseen < sizeof seen / sizeof seen[0]) {
        snprintf(seen[nseen].mode, sizeof seen[nseen].mode, "%s", rec->variant);
        seen[nseen].overall = rec->time_s, seen[nseen].compute = s->t_compute, seen[nseen].comm = s->t_comm;
        ++nseen;
    }
#else
    (void)ctx, (void)rec;
#endif
}

static const kernel_desc overlap_kernel = {
    .name = "io-overlap",
    .summary = "MPI ring halo exchange overlapped with a 5-point stencil (blocking, nonblocking, progress)",
    .size_meaning = "cells per rank",
    .unit = "Mcells/s",
    .variants = modes,
    .default_size = 1u << 20,
    .min_size = 3,
    .max_size = 1u << 28,
    .work = ov_work,
    .setup = ov_setup,
    .run = ov_run,
    .verify = ov_verify,
    .teardown = ov_teardown,
    .annotate = ov_annotate,
};

static const io_option options[] = {
    {"cells", IO_OPT_SIZE, offsetof(overlap_params, c.size), 3, 1u << 28, 0, 0,
     "a cell count per rank from 3 to 2^28", "cells per rank, whole columns of --bytes/8 cells (default 2^20)"},
    {"bytes", IO_OPT_SIZE, offsetof(overlap_params, bytes), 8, (uint64_t)1 << 40, 0, 0,
     "a halo size in bytes, a multiple of 8, from 8 to 2^40", "bytes of each halo message (default 2^20)"},
    {"iters", IO_OPT_SIZE, offsetof(overlap_params, iters), 1, 1000000, 0, 0,
     "an iteration count from 1 to 1e6", "exchange-and-compute iterations per run (default 20)"},
    {"test-every", IO_OPT_SIZE, offsetof(overlap_params, test_every), 1, 1u << 28, 0, 0,
     "a cell count from 1 to 2^28", "progress: cells computed between two MPI_Testall (default 16384)"},
    {NULL, 0, 0, 0, 0, 0, 0, NULL, NULL},
};

static void defaults(void *params)
{
    overlap_params *p = params;
    p->c.size = 1u << 20;
    p->bytes = 1u << 20;
    p->iters = 20;
    p->test_every = 16384;
}

static int check(void *params, char *err, size_t errlen)
{
    const overlap_params *p = params;
    uint64_t mem = machine_get()->mem_total;
    if (mem && p->bytes > mem)
        return snprintf(err, errlen, "--bytes %llu: larger than this machine's memory (%.1f GiB)",
                        (unsigned long long)p->bytes, (double)mem / (1 << 30)), PB_BAD_INPUT;
    if (p->bytes % 8)
        return snprintf(err, errlen, "--bytes %llu: not a multiple of 8; a halo is a column of doubles",
                        (unsigned long long)p->bytes), PB_BAD_INPUT;
    uint64_t rows = p->bytes / 8;
    if (p->c.size % rows)
        return snprintf(err, errlen, "--cells %llu: not a multiple of %llu (--bytes/8): each rank owns whole "
                        "columns of --bytes/8 cells", (unsigned long long)p->c.size, (unsigned long long)rows),
               PB_BAD_INPUT;
    if (p->c.size / rows < 3)
        return snprintf(err, errlen, "--cells %llu: only %llu column(s) of --bytes/8 = %llu cells; at least 3 are "
                        "needed (two boundary columns and an interior)", (unsigned long long)p->c.size,
                        (unsigned long long)(p->c.size / rows), (unsigned long long)rows), PB_BAD_INPUT;
    return PB_OK;
}

static void describe(const void *params)
{
    const overlap_params *p = params;
    printf("ring halo exchange: %llu-byte halos both ways, %llu columns of %llu cells per rank, %llu iterations | "
           "progress: MPI_Testall every %llu cells\n",
           (unsigned long long)p->bytes, (unsigned long long)(p->c.size / (p->bytes / 8)),
           (unsigned long long)(p->bytes / 8), (unsigned long long)p->iters, (unsigned long long)p->test_every);
}

static void summary(const void *params, const result_record *recs, size_t n)
{
    (void)params;
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        double compute = 0, comm = 0;
        for (size_t k = 0; k < nseen && k < sizeof seen / sizeof seen[0]; ++k)
            if (strcmp(seen[k].mode, r->variant) == 0)
                compute = seen[k].compute, comm = seen[k].comm;
        printf("%s: %.4f s overall = compute alone %.4f s + communication alone %.4f s - overlap; "
               "overlap %s%% (OSU), %s%% (IMB)\n",
               r->variant, r->time_s, compute, comm, r->overlap_osu_pct, r->overlap_imb_pct);
    }
}

const io_driver io_overlap_driver = {
    .name = "overlap",
    .kernel = &overlap_kernel,
    .options = options,
    .default_modes = "blocking,nonblocking,progress",
    .params_size = sizeof(overlap_params),
    .defaults = defaults,
    .check = check,
    .describe = describe,
    .summary = summary,
};
