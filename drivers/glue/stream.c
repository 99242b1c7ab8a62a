/* Driver glue for the STREAM triad kernel: the arrays (the whole of them, or this rank's
 * block for mpi and hybrid), which kernel function each variant calls, the bytes and
 * FLOPs that place it on the roofline, and the exact check of every element. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/kernel.h"
#include "core/variants.h"
#include "parbench_config.h"
#include "stream/stream.h"
#if PARBENCH_HAVE_MPI
#include "stream/stream_mpi.h"
#endif

/* the scalar: whole, so b + s * c is exact */
#define STREAM_SCALAR 3.0

/* One block (so the harness frees it: no teardown): this header on its own 64-byte line,
 * then a, b and c, each a whole number of 64-byte lines. */
typedef struct {
    double *a, *b, *c;
    uint64_t begin, end; /* the global indices this process holds */
} stream_state;
#define STATE_HEADER ((sizeof(stream_state) + 63) / 64 * 64)

static bool distributed(const bench_ctx *ctx)
{
    return ctx->variant->model == EXEC_MPI || ctx->variant->model == EXEC_HYBRID;
}

/* Per repetition, over the whole arrays (all ranks together). */
static double stream_bytes(const bench_ctx *ctx)
{
    return (double)ctx->size * STREAM_BYTES_PER_ELEMENT * STREAM_PASSES;
}
static double stream_flops(const bench_ctx *ctx)
{
    return (double)ctx->size * STREAM_FLOPS_PER_ELEMENT * STREAM_PASSES;
}
static double stream_work(const bench_ctx *ctx) { return stream_bytes(ctx) / 1e9; } /* GB */

/* Elements this process holds: all of them, or the largest rank's block. */
static uint64_t local_elements(const bench_ctx *ctx)
{
    uint64_t ranks = distributed(ctx) && ctx->ranks > 0 ? (uint64_t)ctx->ranks : 1;
    return (ctx->size + ranks - 1) / ranks;
}

/* An array of n doubles, rounded up to whole 64-byte lines. */
static size_t array_bytes(uint64_t n) { return (size_t)((n * sizeof(double) + 63) / 64 * 64); }

static uint64_t stream_memory(const bench_ctx *ctx) { return STATE_HEADER + 3 * array_bytes(local_elements(ctx)); }

static int stream_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    uint64_t begin = 0, end = ctx->size;
#if PARBENCH_HAVE_MPI
    if (distributed(ctx))
        stream_mpi_block(ctx->size, *(MPI_Comm *)ctx->comm, &begin, &end);
#endif
    size_t n = (size_t)(end - begin), bytes = array_bytes(n);
    /* aligned to the cache line and the widest vector; not zeroed, so that no page is
     * touched before stream_fill's threads touch their own */
    stream_state *s = aligned_alloc(64, STATE_HEADER + 3 * bytes);
    if (!s) {
        snprintf(err, errlen, "stream: out of memory for 3 arrays of %zu bytes", bytes);
        return PB_RUNTIME_ERROR;
    }
    s->a = (double *)((char *)s + STATE_HEADER);
    s->b = (double *)((char *)s->a + bytes);
    s->c = (double *)((char *)s->b + bytes);
    s->begin = begin, s->end = end;
    ctx->state = s;
    stream_fill(s->a, s->b, s->c, begin, n, ctx->threads);
    return PB_OK;
}

/* ---- the variants: each its own call into kernels/stream ---- */

static void run_serial(bench_ctx *ctx)
{
    stream_state *s = ctx->state;
    stream_serial(s->a, s->b, s->c, STREAM_SCALAR, (size_t)(s->end - s->begin), STREAM_PASSES);
}
static void run_omp(bench_ctx *ctx)
{
    stream_state *s = ctx->state;
    stream_omp(s->a, s->b, s->c, STREAM_SCALAR, (size_t)(s->end - s->begin), STREAM_PASSES, ctx->threads);
}

/* mpi and hybrid: the same calls on this rank's block (stream_mpi.h: no data moves) */
static const variant_desc variants[] = {
    VARIANT("serial", EXEC_SERIAL, run_serial), VARIANT("omp", EXEC_THREADS, run_omp),
    MPI_VARIANT("mpi", EXEC_MPI, run_serial), MPI_VARIANT("hybrid", EXEC_HYBRID, run_omp), VARIANTS_END,
};

/* Every element against b + s * c computed afresh from its index; the result is the sum
 * of a, the same for every variant and split. Collective for mpi and hybrid: every rank
 * gets the lowest wrong index and the sum over all blocks. */
static int stream_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    const stream_state *s = ctx->state;
    uint64_t sum = 0, bad = UINT64_MAX;
    size_t n = (size_t)(s->end - s->begin);
#if PARBENCH_HAVE_MPI
    if (distributed(ctx))
        bad = stream_mpi_check(s->a, s->begin, s->end, STREAM_SCALAR, *(MPI_Comm *)ctx->comm, &sum);
#endif
    if (!distributed(ctx)) {
        size_t k = stream_check(s->a, 0, n, STREAM_SCALAR, &sum);
        bad = k == n ? UINT64_MAX : k;
    }
    if (bad == UINT64_MAX) {
        snprintf(result, resultlen, "%" PRIu64, sum);
        return PB_OK;
    }
    snprintf(result, resultlen, "a[%" PRIu64 "] wrong", bad);
    snprintf(err, errlen, "stream: a[%" PRIu64 "] is not b + %g * c = %.17g after the %s variant", bad,
             STREAM_SCALAR, stream_b(bad) + STREAM_SCALAR * stream_c(bad), ctx->variant->name);
    return PB_VERIFY_FAILED;
}

const kernel_desc stream_kernel = {
    .name = "stream", .summary = "STREAM triad a = b + s*c (double), memory bound, every element checked exactly",
    .size_meaning = "elements per array", .unit = "GB/s", .variants = variants, .default_variants = "serial,omp",
    .default_size = 10000000ull, .min_size = 1, .max_size = 1000000000000ull,
    /* 24 bytes an element: tiny is 2.4 MB, small to large 240 MB to 24 GB (refused where
     * it does not fit: .memory) */
    .compute = &(const compute_facts){.size_class = {100000, 10000000ull, 100000000ull, 1000000000ull},
                                      .work_power = 1},
    .work = stream_work, .flops = stream_flops, .bytes = stream_bytes, .setup = stream_setup, .verify = stream_verify,
    .min_time = KERNEL_MIN_TIME, .memory = stream_memory,
};
