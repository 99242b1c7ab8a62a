/* Driver glue for the demo kernels (kernels/demos/): which function each case calls, and
 * what counts as right. The racy cases are wrong on purpose: they are recorded with
 * verified = false and the lost updates counted, and only the forced interleaving's
 * loss, which is exact, is checked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/variants.h"
#include "demo/demo.h"
#include "demos/demos.h"
#include "env/machine.h"
#include "core/harness.h"
#include "output/results.h"

typedef struct {
    uint64_t value;          /* the counter, sum or checksum the case returned */
    unsigned char *buf;      /* false sharing: the counters */
    size_t stride;
} demo_state;

static double per_million(const bench_ctx *ctx) { return (double)ctx->size / 1e6; }

static int demo_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    ctx->state = calloc(1, sizeof(demo_state));
    if (!ctx->state)
        snprintf(err, errlen, "out of memory: %zu bytes", sizeof(demo_state));
    return ctx->state ? PB_OK : PB_RUNTIME_ERROR;
}

static void demo_teardown(bench_ctx *ctx)
{
    demo_state *s = ctx->state;
    if (s)
        free(s->buf);
    free(s);
    ctx->state = NULL;
}

/* ---- race ---- */

static void race_case(bench_ctx *ctx, uint64_t (*count)(uint64_t n, int threads))
{
    ((demo_state *)ctx->state)->value = count(ctx->size, ctx->threads);
}
static void run_racy(bench_ctx *ctx) { race_case(ctx, race_racy); }
static void run_lockstep(bench_ctx *ctx) { race_case(ctx, race_lockstep); }
static void run_atomic(bench_ctx *ctx) { race_case(ctx, race_atomic); }
static void run_critical(bench_ctx *ctx) { race_case(ctx, race_critical); }
static void run_reduction(bench_ctx *ctx) { race_case(ctx, race_reduction); }

static const variant_desc race_cases[] = {
    VARIANT("racy", EXEC_THREADS, run_racy), VARIANT("lockstep", EXEC_THREADS, run_lockstep),
    VARIANT("atomic", EXEC_THREADS, run_atomic), VARIANT("critical", EXEC_THREADS, run_critical),
    VARIANT("reduction", EXEC_THREADS, run_reduction), VARIANTS_END,
};

static bool is_lockstep(const bench_ctx *ctx) { return ctx->variant->run == run_lockstep; }
static bool wrong_on_purpose(const bench_ctx *ctx) { return ctx->variant->run == run_racy || is_lockstep(ctx); }

uint64_t demo_race_increments(const char *variant, uint64_t size, int threads)
{
    if (strcmp(variant, "lockstep") == 0 && threads > 0) /* whole rounds of one increment per thread */
        return size / (uint64_t)threads * (uint64_t)threads;
    return size;
}

/* What a correct counter would read. */
static uint64_t race_expected(const bench_ctx *ctx)
{
    return demo_race_increments(ctx->variant->name, ctx->size, ctx->threads);
}

static int race_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    const demo_state *s = ctx->state;
    snprintf(result, resultlen, "%llu", (unsigned long long)s->value);
    uint64_t want = race_expected(ctx);
    if (ctx->variant->run == run_racy)
        return s->value <= want ? PB_OK : PB_VERIFY_FAILED; /* updates get lost, never invented */
    if (is_lockstep(ctx)) /* every round keeps exactly one of the threads' writes */
        want = ctx->size / (uint64_t)ctx->threads;
    if (s->value == want)
        return PB_OK;
    snprintf(err, errlen, "race/%s: counter %llu, expected %llu", ctx->variant->name, (unsigned long long)s->value,
             (unsigned long long)want);
    return PB_VERIFY_FAILED;
}

static void race_annotate(const bench_ctx *ctx, result_record *rec, const result_record *earlier, size_t nearlier)
{
    (void)earlier, (void)nearlier;
    const demo_state *s = ctx->state;
    if (!wrong_on_purpose(ctx))
        return;
    rec->verified = false; /* wrong on purpose: the lost updates are the lesson */
    harness_note(rec, "wrong-on-purpose;lost-updates=%llu", (unsigned long long)(race_expected(ctx) - s->value));
}

const kernel_desc demo_race_kernel = {
    .name = "demo-race", .summary = "threads incrementing one shared counter", .size_meaning = "increments",
    .unit = "Mincrements/s", .variants = race_cases, .default_size = 2000000, .min_size = 1, .max_size = 1ull << 40,
    .work = per_million, .setup = demo_setup, .verify = race_verify, .teardown = demo_teardown,
    .annotate = race_annotate,
};

/* ---- false sharing ---- */

static void sharing_run(bench_ctx *ctx);
static const variant_desc sharing_cases[] = {
    VARIANT("packed", EXEC_THREADS, sharing_run), VARIANT("padded", EXEC_THREADS, sharing_run), VARIANTS_END,
};

static int sharing_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    if (demo_setup(ctx, err, errlen) != PB_OK)
        return PB_RUNTIME_ERROR;
    demo_state *s = ctx->state;
    size_t line = (size_t)machine_cache_line();
    s->stride = ctx->variant == &sharing_cases[0] ? sizeof(uint64_t) : line; /* packed: 8 bytes apart */
    size_t bytes = ((size_t)ctx->threads * s->stride + line - 1) / line * line;
    s->buf = aligned_alloc(line, bytes);
    if (!s->buf) {
        snprintf(err, errlen, "out of memory: %zu bytes for the counters", bytes);
        demo_teardown(ctx);
        return PB_RUNTIME_ERROR;
    }
    memset(s->buf, 0, bytes);
    return PB_OK;
}

static void sharing_run(bench_ctx *ctx)
{
    demo_state *s = ctx->state;
    s->value = false_sharing_count(ctx->size, ctx->threads, s->buf, s->stride);
}

static int exact_verify(bench_ctx *ctx, uint64_t want, char *result, size_t resultlen, char *err, size_t errlen)
{
    const demo_state *s = ctx->state;
    snprintf(result, resultlen, "%llu", (unsigned long long)s->value);
    if (s->value == want)
        return PB_OK;
    snprintf(err, errlen, "%s: got %llu, expected %llu", ctx->variant->name,
             (unsigned long long)s->value, (unsigned long long)want);
    return PB_VERIFY_FAILED;
}

static int sharing_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    return exact_verify(ctx, ctx->size, result, resultlen, err, errlen);
}

static void sharing_annotate(const bench_ctx *ctx, result_record *rec, const result_record *earlier, size_t nearlier)
{
    (void)earlier, (void)nearlier;
    const demo_state *s = ctx->state;
    harness_note(rec, "stride=%zu;line=%llu", s->stride, (unsigned long long)machine_cache_line());
}

const kernel_desc demo_false_sharing_kernel = {
    .name = "demo-false-sharing", .summary = "per-thread counters in one cache line or one line each",
    .size_meaning = "increments", .unit = "Mincrements/s", .variants = sharing_cases, .default_size = 50000000,
    .min_size = 1, .max_size = 1ull << 40, .work = per_million, .setup = sharing_setup, .verify = sharing_verify,
    .teardown = demo_teardown, .annotate = sharing_annotate,
};

/* ---- amdahl ---- */

static void amdahl_run_case(bench_ctx *ctx)
{
    demo_state *s = ctx->state;
    const amdahl_params *p = ctx->params;
    s->value = amdahl_run(ctx->size, p->serial_units, ctx->threads);
}

/* The same OpenMP job, named for the scaling each row measures: strong (a fixed job on
 * more threads, Amdahl) or weak (the parallel part grows with the threads, Gustafson). */
static const variant_desc amdahl_cases[] = {
    VARIANT("strong", EXEC_THREADS, amdahl_run_case), VARIANT("weak", EXEC_THREADS, amdahl_run_case), VARIANTS_END,
};

static int amdahl_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    return exact_verify(ctx, amdahl_reference(ctx->size, ctx->threads), result, resultlen, err, errlen);
}

static void amdahl_annotate(const bench_ctx *ctx, result_record *rec, const result_record *earlier, size_t nearlier)
{
    (void)earlier, (void)nearlier;
    const amdahl_params *p = ctx->params;
    double serial = (double)p->serial_units, parallel = (double)ctx->size - serial;
    if (ctx->variant == &amdahl_cases[0]) /* of the one-thread time */
        harness_note(rec, "serial-fraction=%.4f", serial / (double)ctx->size);
    else /* Gustafson's f is the serial share of the time on T threads; of all the work it is less */
        harness_note(rec, "serial-fraction=%.4f;serial-share-of-work=%.4f", serial / (serial + parallel / ctx->threads),
                     serial / (double)ctx->size);
}

const kernel_desc demo_amdahl_kernel = {
    .name = "demo-amdahl", .summary = "a job with a serial part of chosen size", .size_meaning = "work units",
    .unit = "Munits/s", .variants = amdahl_cases, .default_size = 1000000, .min_size = 1, .max_size = 1ull << 36,
    .work = per_million, .setup = demo_setup, .verify = amdahl_verify, .teardown = demo_teardown,
    .annotate = amdahl_annotate,
};
