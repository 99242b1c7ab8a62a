/* `parbench io overlap` (MPI): a halo exchange overlapped with computation. Ranks form a
 * ring; each owns `cols` columns of a 2D grid whose columns hold bytes/8 cells, so a
 * halo is one column (--bytes) and a rank's share is --cells. The exchange and the
 * stencil are kernels/stencil/halo.c's; the modes are its three ways to wait (blocking,
 * nonblocking, progress). Two reference phases, timed by the harness like the modes
 * and before them, give the overlap in OSU's and IMB's definitions: the computation
 * alone and the communication alone. Verification: the final grid, gathered on rank 0,
 * equals the serial stencil's bit for bit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/laws.h"
#include "base/options.h"
#include "core/kernel.h"
#include "core/variants.h"
#include "env/machine.h"
#include "io/io.h"
#include "output/results.h"
#include "parbench_config.h"
#include "stencil/stencil.h"
#if PARBENCH_HAVE_MPI
#include "stencil/halo.h"
#endif


typedef struct {
    uint64_t cells;       /* per rank: the run's size */
    uint64_t bytes;       /* a halo: one column of bytes/8 cells */
    uint64_t iters;
    uint64_t test_every;  /* progress: cells between two MPI_Testall */
} overlap_params;
_Static_assert(sizeof(overlap_params) <= IO_PARAMS_MAX, "the io command keeps the parameters in IO_PARAMS_MAX bytes");

/* cell updates over the whole ring, in millions */
static double ov_work(const bench_ctx *ctx)
{
    const overlap_params *p = ctx->params;
    return (double)ctx->size * ctx->ranks * (double)p->iters / 1e6;
}

/* The stencil's floating-point operations: (c + (n + s) + (w + e)) * 0.2, 5 per cell update */
static double ov_flops(const bench_ctx *ctx) { return 5e6 * ov_work(ctx); }

/* Its memory traffic: each cell read once and written once per step (the neighbours come
 * from cache: a column is --bytes long), 16 bytes per update, so the stencil sits on the
 * roofline at 5/16 FLOP per byte, among the memory-bound kernels */
static double ov_bytes(const bench_ctx *ctx) { return 16e6 * ov_work(ctx); }

#if PARBENCH_HAVE_MPI

static void ov_teardown(bench_ctx *ctx)
{
    halo_strip *s = ctx->state;
    if (!s)
        return;
    halo_free(s);
    free(s);
    ctx->state = NULL;
}

static int ov_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    const overlap_params *p = ctx->params;
    size_t rows = p->bytes / sizeof(double), cols = ctx->size / rows;
    /* rank 0 also holds the gathered grid and the serial reference (two strips) */
    uint64_t strip = (uint64_t)(cols + 2) * rows * sizeof(double);
    uint64_t need = halo_bytes(rows, cols) + (ctx->rank == 0 ? 3 * (uint64_t)ctx->ranks * strip : 0);
    if (need > machine_available_memory()) {
        snprintf(err, errlen, "--cells %llu --bytes %llu: needs %llu bytes on rank %d; %llu bytes are available",
                 (unsigned long long)ctx->size, (unsigned long long)p->bytes, (unsigned long long)need, ctx->rank,
                 (unsigned long long)machine_available_memory());
        return PB_BAD_INPUT;
    }
    halo_strip *s = malloc(sizeof *s);
    if (!s || !halo_alloc(s, rows, cols, (unsigned)p->iters, p->test_every, *(MPI_Comm *)ctx->comm, ctx->seed)) {
        snprintf(err, errlen, "out of memory: %llu bytes for %llu cells", (unsigned long long)halo_bytes(rows, cols),
                 (unsigned long long)ctx->size);
        free(s);
        return PB_RUNTIME_ERROR;
    }
    ctx->state = s;
    return PB_OK;
}

static void run_blocking(bench_ctx *ctx) { halo_blocking(ctx->state); }
static void run_nonblocking(bench_ctx *ctx) { halo_nonblocking(ctx->state); }
static void run_progress(bench_ctx *ctx) { halo_progress(ctx->state); }
static void run_compute_only(bench_ctx *ctx) { halo_compute_only(ctx->state); }
static void run_comm_only(bench_ctx *ctx) { halo_comm_only(ctx->state); }

/* Gathers the final grid on rank 0 and compares it bit for bit with the serial stencil
 * over the whole ring; the result is the grid's checksum. */
static int ov_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    const halo_strip *s = ctx->state;
    if (ctx->variant->reference) { /* halos without a stencil, or a stencil without halos: no answer to check */
        snprintf(result, resultlen, "-");
        return PB_OK;
    }
    size_t rows = s->rows, cols = s->cols * (size_t)s->size, cells = cols * rows;
    double *got = NULL, *ref = NULL, *tmp = NULL;
    if (s->rank == 0) {
        got = malloc(cells * sizeof *got);
        ref = malloc((cols + 2) * rows * sizeof *ref);
        tmp = malloc((cols + 2) * rows * sizeof *tmp);
    }
    int status = PB_OK;
    if (!halo_gather(s, got, s->rank != 0 || (got && ref && tmp))) {
        snprintf(err, errlen, "out of memory: %zu bytes for the serial reference of %zu cells",
                 (cells + 2 * (cols + 2) * rows) * sizeof(double), cells);
        status = PB_RUNTIME_ERROR;
    } else if (s->rank == 0) {
        stencil_init(ref, rows, cols, 0, ctx->seed);
        stencil_serial(ref, tmp, rows, cols, s->iters);
        uint64_t sum = checksum_words(got, cells, CHECKSUM_START);
        snprintf(result, resultlen, "%016llx", (unsigned long long)sum);
        if (memcmp(got, ref + rows, cells * sizeof *got) != 0) {
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

#endif

static const variant_desc modes[] = {
    MPI_VARIANT("blocking", EXEC_MPI, run_blocking), MPI_VARIANT("nonblocking", EXEC_MPI, run_nonblocking),
    MPI_VARIANT("progress", EXEC_MPI, run_progress),
    MPI_REFERENCE("compute-alone", run_compute_only), MPI_REFERENCE("communication-alone", run_comm_only),
    VARIANTS_END,
};

/* The median time of the reference phase called name among the earlier records. */
static double reference_time(const result_record *earlier, size_t n, const char *name)
{
    for (size_t i = n; i-- > 0;)
        if (strcmp(earlier[i].variant, name) == 0)
            return earlier[i].time_s;
    return NAN;
}

/* The overlap in OSU's and IMB-NBC's definitions (analysis.c), from this run's time and
 * the reference phases' times. */
static void ov_annotate(const bench_ctx *ctx, result_record *rec, const result_record *earlier, size_t nearlier)
{
    if (ctx->variant->reference)
        return;
    double compute = reference_time(earlier, nearlier, "compute-alone");
    double comm = reference_time(earlier, nearlier, "communication-alone");
    if (isfinite(compute) && isfinite(comm)) {
        rec->overlap_osu_pct = overlap_osu_pct(rec->time_s, compute, comm);
        rec->overlap_imb_pct = overlap_imb_pct(rec->time_s, compute, comm);
    }
}

#define P(field) offsetof(overlap_params, field)
static const opt_spec options[] = {
    {.name = "cells", .kind = OPT_SIZE, .offset = P(cells), .min = 3, .max = 1u << 28,
     .expect = "a cell count per rank from 3 to 2^28", .help = "cells per rank, whole columns of --bytes/8 cells"},
    {.name = "bytes", .kind = OPT_SIZE, .offset = P(bytes), .min = 8, .max = (uint64_t)1 << 40,
     .expect = "a halo size in bytes, a multiple of 8, from 8 to 2^40", .help = "bytes of each halo message"},
    {.name = "iters", .kind = OPT_SIZE, .offset = P(iters), .min = 1, .max = 1000000,
     .expect = "an iteration count from 1 to 1e6", .help = "exchange-and-compute iterations per run"},
    {.name = "test-every", .kind = OPT_SIZE, .offset = P(test_every), .min = 1, .max = 1u << 28,
     .expect = "a cell count from 1 to 2^28", .help = "cells computed between two MPI_Testall",
     .applies = "progress"},
    {0},
};

static void defaults(void *params)
{
    overlap_params *p = params;
    p->cells = 1u << 20;
    p->bytes = 1u << 20;
    p->iters = 20;
    p->test_every = 16384;
}

static int check(void *params, const char *csv, char *err, size_t errlen)
{
    (void)csv; /* writes no file */
    const overlap_params *p = params;
    uint64_t mem = machine_get()->mem_total;
    if (mem && p->bytes > mem)
        return snprintf(err, errlen, "--bytes %llu: larger than this machine's memory (%.1f GiB)",
                        (unsigned long long)p->bytes, (double)mem / (1 << 30)), PB_BAD_INPUT;
    if (p->bytes % 8)
        return snprintf(err, errlen, "--bytes %llu: not a multiple of 8; a halo is a column of doubles",
                        (unsigned long long)p->bytes), PB_BAD_INPUT;
    uint64_t rows = p->bytes / 8;
    if (p->cells % rows)
        return snprintf(err, errlen, "--cells %llu: not a multiple of %llu (--bytes/8): each rank owns whole "
                        "columns of --bytes/8 cells", (unsigned long long)p->cells, (unsigned long long)rows),
               PB_BAD_INPUT;
    if (p->cells / rows < 3)
        return snprintf(err, errlen, "--cells %llu: only %llu column(s) of --bytes/8 = %llu cells; at least 3 are "
                        "needed (two boundary columns and an interior)", (unsigned long long)p->cells,
                        (unsigned long long)(p->cells / rows), (unsigned long long)rows), PB_BAD_INPUT;
    return PB_OK;
}

static void describe(const void *params, char *buf, size_t len)
{
    const overlap_params *p = params;
    snprintf(buf, len, "ring halo exchange: %llu-byte halos both ways, %llu columns of %llu cells per rank, %llu iterations | "
           "progress: MPI_Testall every %llu cells",
           (unsigned long long)p->bytes, (unsigned long long)(p->cells / (p->bytes / 8)),
           (unsigned long long)(p->bytes / 8), (unsigned long long)p->iters, (unsigned long long)p->test_every);
}

static void summarize_modes(const void *params, const result_record *recs, size_t n)
{
    (void)params;
    double compute = reference_time(recs, n, "compute-alone"), comm = reference_time(recs, n, "communication-alone");
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        if (strcmp(r->kernel, "io-overlap") != 0 || strstr(r->variant, "-alone"))
            continue;
        /* the overlap term itself, so that the equation adds up: negative when the run
         * cost more than its two parts measured alone */
        double hidden = compute + comm - r->time_s;
        printf("%s: %.4f s overall = compute alone %.4f s + communication alone %.4f s - overlap %.4f s%s; "
               "overlap %.1f%% (OSU), %.1f%% (IMB)\n",
               r->variant, r->time_s, compute, comm, hidden,
               hidden < 0 ? " (negative: slower than the parts one after the other)" : "", r->overlap_osu_pct,
               r->overlap_imb_pct);
    }
}

static const kernel_options own_options = {
    .table = options, .params_size = sizeof(overlap_params), .defaults = defaults, .check = check,
    .describe = describe,
};

static const kernel_desc overlap_kernel = {
    .name = "io-overlap",
    .summary = "MPI ring halo exchange overlapped with a 5-point stencil (blocking, nonblocking, progress)",
    .size_meaning = "cells per rank", .unit = "Mcells/s", .variants = modes,
    .default_variants = "blocking,nonblocking,progress", .default_size = 1u << 20, .min_size = 3,
    .max_size = 1u << 28, .options = &own_options, .work = ov_work, .flops = ov_flops, .bytes = ov_bytes,
    .setup = MPI_RUN(ov_setup), .verify = MPI_RUN(ov_verify), .teardown = MPI_RUN(ov_teardown),
    .annotate = ov_annotate, .waits = true,
};

static uint64_t cells_from(const void *params) { return ((const overlap_params *)params)->cells; }

const io_driver io_overlap_driver = {
    .name = "overlap", .kernel = &overlap_kernel, .size_from = cells_from, .summarize = summarize_modes,
};
