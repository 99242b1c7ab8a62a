/* Driver glue for the matrix-multiply kernel: memory check, inputs, which kernel
 * function each variant calls, and the exact verification of C = A * B. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/options.h"
#include "core/harness.h"
#include "core/kernel.h"
#include "core/variants.h"
#include "env/machine.h"
#include "output/results.h"
#include "common/pages.h"
#include "matmul/matmul.h"
#include "parbench_config.h"
#if PARBENCH_HAVE_MPI
#include "matmul/matmul_mpi.h"
#endif


typedef struct {
    bool gather;       /* --gather: scatter A, B from rank 0 and gather C to it (timed) */
} mm_params;

static const opt_spec options[] = {
    {.name = "gather", .kind = OPT_FLAG, .offset = offsetof(mm_params, gather),
     .help = "scatter A and B from rank 0 and gather C back, inside the timed run", .applies = "mpi,hybrid"},
    {0},
};

typedef struct {
    size_t n;
    double *A, *B, *C; /* whole matrices: single-process variants, rank 0 with --gather */
    bool ok;           /* false when a run could not allocate its packing buffers (or load OpenBLAS) */
    bool distributed;
#if PARBENCH_HAVE_MPI
    mm_grid grid;
    double *Al, *Bl, *Cl; /* this rank's blocks */
#endif
} mm_state;

static double mm_flops(const bench_ctx *ctx)
{
    double n = (double)ctx->size;
    return 2.0 * n * n * n;
}
static double mm_work(const bench_ctx *ctx) { return mm_flops(ctx) / 1e9; } /* GFLOP */
static void run_naive(bench_ctx *ctx);

/* The memory traffic, whose ratio to the FLOPs places a run on the roofline. Blocked
 * variants: what no multiply can avoid (A and B read, C written once; the blocks reuse
 * what is in cache), intensity n/12. The naive triple loop (kernels/matmul/naive.c)
 * reuses nothing across rows of C: all of B is read again for each row once B outgrows
 * the cache, as it does at the suite's sizes (n^3 doubles, plus A and C once), intensity
 * about 1/4: a model of the loop, drawn only at the speed of a naive run measured. */
static double mm_bytes(const bench_ctx *ctx)
{
    double n = (double)ctx->size;
    if (ctx->variant && ctx->variant->run == run_naive)
        return (n * n * n + 2.0 * n * n) * sizeof(double);
    return 3.0 * n * n * sizeof(double);
}

static double *alloc_matrix(size_t rows, size_t cols)
{
    size_t count = rows && cols ? rows * cols : 1;
    return pages_alloc(count * sizeof(double));
}

static void free_state(mm_state *s)
{
    free(s->A);
    free(s->B);
    free(s->C);
#if PARBENCH_HAVE_MPI
    free(s->Al);
    free(s->Bl);
    free(s->Cl);
#endif
    free(s);
}

static int refuse_memory(uint64_t need, uint64_t avail, size_t n, char *err, size_t errlen)
{
    snprintf(err, errlen,
             "matmul: n = %zu needs %" PRIu64 " bytes (3 matrices + packing buffers) but only %" PRIu64
             " bytes are available; use a smaller --size",
             n, need, avail);
    return PB_BAD_INPUT;
}

/* The bytes one rank needs (rank 0, the largest; the whole run for the variants that
 * run on rank 0 alone): the planner checks them before any step, the set-ups again. */
static uint64_t mm_memory(const bench_ctx *ctx)
{
    uint64_t n = ctx->size, whole = 3ull * pages_footprint(n * n * sizeof(double)); /* (alloc_matrix) */
#if PARBENCH_HAVE_MPI
    exec_model m = ctx->variant->model;
    if (m == EXEC_MPI || m == EXEC_HYBRID) {
        bool gather = ctx->params && ((const mm_params *)ctx->params)->gather;
        return mm_grid_bytes_per_rank(n, ctx->ranks) + mm_gemm_workspace_bytes(ctx->threads) + (gather ? whole : 0);
    }
#endif
    if (ctx->variant->run != run_naive)
        whole += mm_gemm_workspace_bytes(ctx->threads); /* (OpenBLAS needs about as much) */
    return whole;
}

static int setup_local(bench_ctx *ctx, mm_state *s, char *err, size_t errlen)
{
    size_t n = s->n;
    uint64_t need = mm_memory(ctx);
    uint64_t avail = machine_available_memory();
    if (avail && need > avail)
        return refuse_memory(need, avail, n, err, errlen);
    s->A = alloc_matrix(n, n);
    s->B = alloc_matrix(n, n);
    s->C = alloc_matrix(n, n);
    if (!s->A || !s->B || !s->C) {
        snprintf(err, errlen, "matmul: out of memory: %" PRIu64 " bytes for three %zu x %zu matrices",
                 (uint64_t)(3ull * n * n * sizeof(double)), n, n);
        return PB_RUNTIME_ERROR;
    }
    mm_fill(ctx->seed, MM_A, 0, 0, n, n, s->A, n);
    mm_fill(ctx->seed, MM_B, 0, 0, n, n, s->B, n);
    memset(s->C, 0, n * n * sizeof(double)); /* fault the pages in outside the timing */
    return PB_OK;
}

#if PARBENCH_HAVE_MPI
static int setup_distributed(bench_ctx *ctx, mm_state *s, char *err, size_t errlen)
{
    MPI_Comm comm = *(MPI_Comm *)ctx->comm;
    size_t n = s->n;
    bool gather = ((const mm_params *)ctx->params)->gather, root = ctx->rank == 0;
    /* Every rank must take the same decision before the collective grid set-up. */
    uint64_t mine = mm_grid_bytes_per_rank(n, ctx->ranks) + mm_gemm_workspace_bytes(ctx->threads);
    if (gather && root)
        mine += 3ull * n * n * sizeof(double); /* (mm_memory: rank 0's share) */
    uint64_t need = mm_node_bytes(mine, comm), avail = machine_available_memory();
    bool fits = !avail || need <= avail;
    if (!mm_all_ok(fits, comm))
        return fits ? (snprintf(err, errlen, "matmul: n = %zu does not fit in another node's memory", n),
                       PB_BAD_INPUT)
                    : refuse_memory(need, avail, n, err, errlen);
    if (mm_grid_init(&s->grid, n, comm) != MPI_SUCCESS) {
        snprintf(err, errlen, "matmul: could not set up the %d-rank process grid", ctx->ranks);
        return PB_RUNTIME_ERROR;
    }
    const mm_grid *g = &s->grid;
    size_t rows = g->r1 - g->r0, cols = g->c1 - g->c0;
    s->Al = alloc_matrix(rows, cols);
    s->Bl = alloc_matrix(rows, cols);
    s->Cl = alloc_matrix(rows, cols);
    bool ok = s->Al && s->Bl && s->Cl;
    if (ok && gather && root) {
        s->A = alloc_matrix(n, n);
        s->B = alloc_matrix(n, n);
        s->C = alloc_matrix(n, n);
        ok = s->A && s->B && s->C;
    }
    if (!mm_all_ok(ok, comm)) {
        mm_grid_free(&s->grid);
        snprintf(err, errlen, "matmul: out of memory: %" PRIu64 " bytes per rank for the blocks of a %zu x %zu product",
                 mine, n, n);
        return PB_RUNTIME_ERROR;
    }
    if (gather && root) { /* the run scatters these */
        mm_fill(ctx->seed, MM_A, 0, 0, n, n, s->A, n);
        mm_fill(ctx->seed, MM_B, 0, 0, n, n, s->B, n);
        memset(s->C, 0, n * n * sizeof(double));
    }
    if (!gather) { /* each rank makes its own blocks: no communication */
        mm_fill(ctx->seed, MM_A, g->r0, g->c0, rows, cols, s->Al, cols);
        mm_fill(ctx->seed, MM_B, g->r0, g->c0, rows, cols, s->Bl, cols);
    }
    memset(s->Cl, 0, rows * cols * sizeof(double));
    return PB_OK;
}
#endif

static int mm_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    mm_state *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "matmul: out of memory");
        return PB_RUNTIME_ERROR;
    }
    s->n = (size_t)ctx->size;
    s->ok = true;
    s->distributed = ctx->variant->model == EXEC_MPI || ctx->variant->model == EXEC_HYBRID;
    int status = PB_RUNTIME_ERROR;
    if (!s->distributed)
        status = setup_local(ctx, s, err, errlen);
#if PARBENCH_HAVE_MPI
    else
        status = setup_distributed(ctx, s, err, errlen);
#endif
    if (status != PB_OK) {
        free_state(s);
        return status;
    }
    ctx->state = s;
    return PB_OK;
}

/* ---- the variants: each its own call into kernels/matmul ---- */

static void run_naive(bench_ctx *ctx)
{
    mm_state *s = ctx->state;
    mm_naive(s->n, s->A, s->B, s->C);
}

static void run_serial(bench_ctx *ctx)
{
    mm_state *s = ctx->state;
    s->ok = mm_serial(s->n, s->A, s->B, s->C) && s->ok;
}

static void run_omp(bench_ctx *ctx)
{
    mm_state *s = ctx->state;
    s->ok = mm_omp(s->n, s->A, s->B, s->C, ctx->threads) && s->ok;
}

#if PARBENCH_HAVE_BLAS
static void run_blas(bench_ctx *ctx)
{
    mm_state *s = ctx->state;
    s->ok = mm_blas(s->n, s->A, s->B, s->C, ctx->threads) && s->ok;
}
#endif

#if PARBENCH_HAVE_MPI
/* SUMMA by the given variant, with the --gather scatter and gather around it. */
static void run_distributed(bench_ctx *ctx, bool hybrid)
{
    mm_state *s = ctx->state;
    bool gather = ((const mm_params *)ctx->params)->gather;
    if (gather) {
        mm_scatter(&s->grid, s->A, s->Al);
        mm_scatter(&s->grid, s->B, s->Bl);
    }
    bool ok = hybrid ? mm_hybrid(&s->grid, s->Al, s->Bl, s->Cl, ctx->threads) : mm_mpi(&s->grid, s->Al, s->Bl, s->Cl);
    if (gather)
        mm_gather(&s->grid, s->Cl, s->C);
    s->ok = ok && s->ok;
}
static void run_mpi(bench_ctx *ctx) { run_distributed(ctx, false); }
static void run_hybrid(bench_ctx *ctx) { run_distributed(ctx, true); }
#endif

static const variant_desc variants[] = {
    VARIANT("naive", EXEC_SERIAL, run_naive), VARIANT("serial", EXEC_SERIAL, run_serial),
    VARIANT("omp", EXEC_THREADS, run_omp),
    MPI_VARIANT("mpi", EXEC_MPI, run_mpi), MPI_VARIANT("hybrid", EXEC_HYBRID, run_hybrid),
    /* The reference: one thread, like serial; blas-omp uses --threads, like omp. */
    BLAS_VARIANT("blas", EXEC_SERIAL, run_blas), BLAS_VARIANT("blas-omp", EXEC_THREADS, run_blas), VARIANTS_END,
};

static int mm_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    mm_state *s = ctx->state;
    double checksum = 0;
    bool freivalds;
    if (!s->distributed)
        freivalds = mm_freivalds(s->n, s->A, s->B, s->C, ctx->seed);
#if PARBENCH_HAVE_MPI
    else if (((const mm_params *)ctx->params)->gather)
        freivalds = mm_verify_gathered(&s->grid, s->A, s->B, s->C, ctx->seed, &checksum);
    else
        freivalds = mm_verify_distributed(&s->grid, s->Al, s->Bl, s->Cl, ctx->seed, &checksum);
#else
    else
        freivalds = false;
#endif
    if (!s->distributed)
        checksum = mm_checksum(s->n, s->n, s->C, s->n);
    /* The closed form needs only (seed, n); every rank can afford the O(n^2). */
    double expected = mm_checksum_expected(ctx->seed, s->n);
    snprintf(result, resultlen, "%" PRId64, (int64_t)checksum);
    if (!s->ok) {
        snprintf(err, errlen, ctx->variant->run == BLAS_RUN(run_blas)
                                  ? "matmul: could not load the OpenBLAS library (libopenblas.so.0)"
                                  : "matmul: a run could not allocate its packing buffers");
        return PB_RUNTIME_ERROR;
    }
    if (!freivalds) {
        snprintf(err, errlen, "matmul: Freivalds' check failed: C differs from A*B (n = %zu)", s->n);
        return PB_VERIFY_FAILED;
    }
    if (checksum != expected) {
        snprintf(err, errlen, "matmul: checksum sum(C) = %" PRId64 " but the closed form gives %" PRId64,
                 (int64_t)checksum, (int64_t)expected);
        return PB_VERIFY_FAILED;
    }
    return PB_OK;
}

static void mm_teardown(bench_ctx *ctx)
{
    mm_state *s = ctx->state;
    if (!s)
        return;
#if PARBENCH_HAVE_MPI
    if (s->distributed)
        mm_grid_free(&s->grid);
#endif
    mm_release_buffers(); /* run() and teardown() are called from the same thread */
    free_state(s);
    ctx->state = NULL;
}

/* --size auto: orders that the blocking divides evenly, about 1.5x apart */
static const uint64_t ladder[] = {64,   128,  192,  256,  384,  512,  768,   1024,  1536,
                                  2048, 3072, 4096, 6144, 8192, 12288, 16384, 0};

/* Rows with and without --gather must differ. */
static void mm_annotate(const bench_ctx *ctx, result_record *rec, const result_record *earlier, size_t nearlier)
{
    (void)earlier, (void)nearlier;
    if (((const mm_params *)ctx->params)->gather)
        harness_note(rec, "gather");
}

const kernel_desc matmul_kernel = {
    .name = "matmul", .summary = "dense matrix multiply C = A*B (double), exact Freivalds + checksum verification",
    .size_meaning = "matrix order n", .unit = "GFLOP/s", .variants = variants, .default_variants = "serial,omp",
    .default_size = 1024, .min_size = 1, .max_size = MM_MAX_N,
    .options = &(const kernel_options){.table = options, .params_size = sizeof(mm_params)},
    .compute = &(const compute_facts){.size_class = {96, 1536, 3072, 6144}, .work_power = 3, .size_ladder = ladder,
                                      .reference_variant = PARBENCH_HAVE_BLAS ? "blas" : NULL},
    .work = mm_work, .flops = mm_flops, .bytes = mm_bytes, .setup = mm_setup, .verify = mm_verify,
    .teardown = mm_teardown, .annotate = mm_annotate, .min_time = KERNEL_MIN_TIME, .memory = mm_memory,
};
