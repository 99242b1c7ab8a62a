/* Driver glue of `parbench demo deadlock` without MPI: two threads, two locks
 * (kernels/demos/deadlock.c). opposite-order deadlocks on purpose and its watchdog must
 * catch it: both threads give up after DEMO_DEADLOCK_BOUND_MS, which is what is verified;
 * one-order must finish every round with both locks held. */
#include <stdio.h>
#include <stdlib.h>

#include "core/harness.h"
#include "core/variants.h"
#include "demo/demo.h"
#include "demos/demos.h"
#include "output/results.h"

static void run_opposite(bench_ctx *ctx) { deadlock_locks(false, 1, DEMO_DEADLOCK_BOUND_MS, ctx->state); }
static void run_one_order(bench_ctx *ctx) { deadlock_locks(true, ctx->size, DEMO_DEADLOCK_BOUND_MS, ctx->state); }

static const variant_desc cases[] = {
    VARIANT("opposite-order", EXEC_THREADS, run_opposite), VARIANT("one-order", EXEC_THREADS, run_one_order),
    VARIANTS_END,
};

static int dl_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    return harness_new_state(ctx, sizeof(deadlock_report), err, errlen) ? PB_OK : PB_RUNTIME_ERROR;
}

static int dl_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    const deadlock_report *r = ctx->state;
    if (r->started != 2) {
        snprintf(err, errlen, "demo-deadlock: %d of 2 threads started", r->started);
        return PB_RUNTIME_ERROR;
    }
    if (ctx->variant->run == run_opposite) {
        snprintf(result, resultlen, "deadlocked");
        if (r->stuck[0] && r->stuck[1] && r->counter == 0)
            return PB_OK;
        snprintf(err, errlen, "demo-deadlock: locks taken in opposite order, yet the watchdog caught %s",
                 r->stuck[0] || r->stuck[1] ? "one thread only" : "no deadlock");
        return PB_VERIFY_FAILED;
    }
    snprintf(result, resultlen, "%llu", (unsigned long long)r->counter);
    if (!r->stuck[0] && !r->stuck[1] && r->counter == 2 * ctx->size)
        return PB_OK;
    snprintf(err, errlen, "demo-deadlock: one lock order, yet %llu of %llu rounds held both locks%s",
             (unsigned long long)r->counter, (unsigned long long)(2 * ctx->size),
             r->stuck[0] || r->stuck[1] ? " and a thread waited out its bound" : "");
    return PB_VERIFY_FAILED;
}

static void dl_annotate(const bench_ctx *ctx, result_record *rec, const result_record *earlier, size_t nearlier)
{
    (void)earlier, (void)nearlier;
    const deadlock_report *r = ctx->state;
    if (ctx->variant->run == run_opposite && r->stuck[0] && r->stuck[1])
        snprintf(rec->detail, sizeof rec->detail, "deadlocked after %d ms: thread A holds L1 and waits for L2, "
                 "thread B holds L2 and waits for L1", r->waited_ms[0] > r->waited_ms[1] ? r->waited_ms[0] : r->waited_ms[1]);
    else
        snprintf(rec->detail, sizeof rec->detail, "%llu rounds, both threads taking L1 then L2: no deadlock",
                 (unsigned long long)ctx->size);
}

static double rounds(const bench_ctx *ctx) { return (double)ctx->size; }

const kernel_desc demo_deadlock_kernel = {
    .name = "demo-deadlock", .summary = "two threads, two locks: opposite order (deadlock, caught) and one order",
    .size_meaning = "rounds", .unit = "rounds/s", .variants = cases, .default_variants = "opposite-order,one-order",
    .default_size = 100000, .min_size = 1, .max_size = 1ull << 32, .work = rounds, .setup = dl_setup,
    .verify = dl_verify, .annotate = dl_annotate,
    .waits = true, /* its threads wait for locks by design: few cores busy says nothing about starving */
};
