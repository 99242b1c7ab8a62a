/* Driver glue for the machine's own limits (kernels/peak): the fma variant's FLOPs and
 * the triad variant's bytes, their set-up and verification. Not a kernel of `parbench
 * run`: `parbench peak` (drivers/cli/peak.c) runs both at one core and at all cores and
 * writes rows with kernel=peak, fma in GFLOP/s, triad in GB/s, which the roofline
 * (output/roofline.h) reads back. The size is the fma variant's steps per chain and
 * thread, and the triad variant's elements per array. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/harness.h"
#include "core/kernel.h"
#include "core/variants.h"
#include "env/machine.h"
#include "output/results.h"
#include "peak/peak.h"

/* x <- x * 1 + 1: every value stays a whole number, so the sum is exact. */
#define FMA_A 1.0
#define FMA_B 1.0
/* the triad's scalar: whole, so b + s * c is exact */
#define TRIAD_S 3.0
/* STREAM's count: two arrays read and one written per element (the write-allocate read
 * of a is not counted, as STREAM does not). */
#define TRIAD_BYTES_PER_ELEMENT 24.0

typedef struct {
    double *a, *b, *c;
    double sum;
} peak_state;

static bool is_fma(const bench_ctx *ctx) { return strcmp(ctx->variant->name, "fma") == 0; }

/* The triad does 2 FLOPs an element (a multiply and an add) over 24 bytes: 1/12 FLOP a
 * byte, the memory-bound point of the roofline. */
static double peak_flops(const bench_ctx *ctx)
{
    return is_fma(ctx) ? (double)ctx->size * peak_fma_flops_per_step() * ctx->threads : 2.0 * (double)ctx->size;
}

static double peak_bytes(const bench_ctx *ctx)
{
    return is_fma(ctx) ? NAN : (double)ctx->size * TRIAD_BYTES_PER_ELEMENT;
}

/* In the unit of the variant's row: GFLOP or GB per repetition. */
static double peak_work(const bench_ctx *ctx) { return (is_fma(ctx) ? peak_flops(ctx) : peak_bytes(ctx)) / 1e9; }

static void peak_teardown(bench_ctx *ctx)
{
    peak_state *s = ctx->state;
    if (s) {
        free(s->a);
        free(s->b);
        free(s->c);
    }
    free(s);
    ctx->state = NULL;
}

/* The triad's three arrays; the FMA chains live in registers. */
static uint64_t peak_memory(const bench_ctx *ctx) { return is_fma(ctx) ? 0 : 3 * ctx->size * sizeof(double); }

static int peak_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    peak_state *s = harness_new_state(ctx, sizeof *s, err, errlen);
    if (!s)
        return PB_RUNTIME_ERROR;
    if (is_fma(ctx))
        return PB_OK;
    size_t bytes = ctx->size * sizeof(double);
    if (3.0 * (double)bytes > (double)machine_available_memory()) {
        snprintf(err, errlen, "peak triad: 3 arrays of %zu bytes exceed the available memory (%llu bytes)", bytes,
                 (unsigned long long)machine_available_memory());
        peak_teardown(ctx);
        return PB_RUNTIME_ERROR;
    }
    /* aligned to the cache line and the widest vector; untouched until the first-touch init */
    s->a = aligned_alloc(64, (bytes + 63) / 64 * 64);
    s->b = aligned_alloc(64, (bytes + 63) / 64 * 64);
    s->c = aligned_alloc(64, (bytes + 63) / 64 * 64);
    if (!s->a || !s->b || !s->c) {
        snprintf(err, errlen, "peak triad: out of memory for 3 arrays of %zu bytes", bytes);
        peak_teardown(ctx);
        return PB_RUNTIME_ERROR;
    }
    peak_triad_init(s->a, s->b, s->c, ctx->size, ctx->threads);
    return PB_OK;
}

static void run_fma(bench_ctx *ctx) { ((peak_state *)ctx->state)->sum = peak_fma(ctx->size, FMA_A, FMA_B, ctx->threads); }

static void run_triad(bench_ctx *ctx)
{
    peak_state *s = ctx->state;
    peak_triad(s->a, s->b, s->c, TRIAD_S, ctx->size, ctx->threads);
}

static const variant_desc variants[] = {
    VARIANT("fma", EXEC_THREADS, run_fma), VARIANT("triad", EXEC_THREADS, run_triad), VARIANTS_END,
};

/* fma: the sum of every chain against its closed form, exactly; triad: every element of
 * a against b + s * c. */
static int peak_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    const peak_state *s = ctx->state;
    if (is_fma(ctx)) {
        double want = peak_fma_expected(ctx->size, FMA_B, ctx->threads);
        snprintf(result, resultlen, "%.17g", s->sum);
        if (s->sum == want)
            return PB_OK;
        snprintf(err, errlen, "peak fma: the chains sum to %.17g, but their closed form is %.17g", s->sum, want);
        return PB_VERIFY_FAILED;
    }
    size_t bad = peak_triad_check(s->a, TRIAD_S, ctx->size);
    if (bad == ctx->size)
        return snprintf(result, resultlen, "%llu checked", (unsigned long long)ctx->size), PB_OK;
    snprintf(result, resultlen, "a[%zu] wrong", bad);
    snprintf(err, errlen, "peak triad: a[%zu] = %.17g, expected %.17g", bad, s->a[bad],
             peak_triad_b(bad) + TRIAD_S * peak_triad_c(bad));
    return PB_VERIFY_FAILED;
}

/* The row's unit and rate are the variant's (GB/s for triad), and the fma row says which
 * vector code ran. */
static void peak_annotate(const bench_ctx *ctx, result_record *rec, const result_record *earlier, size_t nearlier)
{
    /* A roof on more cores below the one-core roof was measured while the cores were
     * taken: flagged (the runner measures it again; the roofline never uses it). FMA
     * units add up core by core; bandwidth saturates, so the triad may read a little
     * lower on more cores (10%) before it says anything. */
    for (size_t i = 0; i < nearlier && ctx->threads > 1; ++i) {
        const result_record *one = &earlier[i];
        double floor = is_fma(ctx) ? 1.0 : 0.9;
        if (strcmp(one->kernel, "peak") == 0 && strcmp(one->variant, rec->variant) == 0 && one->threads == 1 &&
            one->verified && rec->throughput < floor * one->throughput)
            harness_note(rec, "roof-below-1core");
    }
    if (is_fma(ctx)) {
        char note[32];
        snprintf(note, sizeof note, "isa=%s", peak_fma_isa());
        harness_note(rec, note);
        snprintf(note, sizeof note, "vector=%dxfp64", peak_fma_lanes());
        harness_note(rec, note);
    } else
        snprintf(rec->unit, sizeof rec->unit, "GB/s");
}

const kernel_desc peak_kernel = {
    .name = "peak", .summary = "the machine's own limits: FP64 FMA throughput and STREAM triad bandwidth",
    .size_meaning = "fma: steps of each chain per thread; triad: elements per array", .unit = "GFLOP/s",
    .variants = variants, .default_variants = "fma,triad", .default_size = 1ull << 24, .min_size = 1,
    .max_size = 1ull << 40, .work = peak_work, .flops = peak_flops, .bytes = peak_bytes, .setup = peak_setup,
    .verify = peak_verify, .teardown = peak_teardown, .annotate = peak_annotate, .memory = peak_memory,
};
