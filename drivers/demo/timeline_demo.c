/* The timeline demo's kernel: two tasks, A and B, of two steps each, run three ways.
 *   sequential  one worker, one step after the other; each step is a request to the
 *               simulated device (io/device.h) that waits step_ms: A1 A2 B1 B2
 *   concurrent  one worker with both tasks' requests in flight (the io latency driver's
 *               nonblocking client, two outstanding): A1 and B1 wait together, then A2
 *               and B2. The device answers in the order asked (one latency for all), so
 *               the reply that frees a slot is that task's own
 *   parallel    two threads, task A on one and B on the other; each step computes a
 *               Monte Carlo chunk sized in setup to take about step_ms on this machine
 * Every step is marked as work named "A1", "B2", ... (so --trace shows it), and the last
 * repetition's steps go into the record's detail as text (output/timeline.h), which the
 * demo's summary draws. */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/variants.h"
#include "common/work.h"
#include "core/harness.h"
#include "demo/demo.h"
#include "demos/demos.h"
#include "io/device_session.h"
#include "io/latency.h"
#include "montecarlo/montecarlo.h"
#include "output/results.h"
#include "output/timeline.h"

extern const kernel_desc montecarlo_kernel;

#define TASKS 2
#define STEPS 2
#define NSTEPS (TASKS * STEPS)

/* The requests' names by request index: the order each case sends them in. */
static const char *const one_after_the_other[NSTEPS] = {"A1", "A2", "B1", "B2"};
static const char *const interleaved[NSTEPS] = {"A1", "B1", "A2", "B2"};

typedef struct {
    io_session session; /* the cases that wait: one connection */
    lat_run run;
    uint32_t sent_crc[NSTEPS];
    work_mark sent_at[NSTEPS];
    unsigned char answered[NSTEPS];
    double replied_at[NSTEPS];
    uint64_t samples; /* the case that computes: samples per step */
    uint64_t hits;
    bool counted;     /* hits holds the first repetition's count */
    bool hits_differ; /* a repetition counted other hits than the first */
    timeline_span spans[NSTEPS]; /* the last repetition's steps */
} timeline_state;

static bool computes(const bench_ctx *ctx) { return ctx->variant->model == EXEC_THREADS; }

static double steps_done(const bench_ctx *ctx)
{
    (void)ctx;
    return NSTEPS;
}

static void timeline_teardown(bench_ctx *ctx)
{
    timeline_state *s = ctx->state;
    if (s)
        io_session_close(&s->session);
    free(s);
    ctx->state = NULL;
}

/* This thread's CPU seconds. */
static double thread_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_THREAD, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

/* Samples of one Monte Carlo chunk that take about `seconds` on a core of its own: its
 * CPU time (not the wall time, which a busy machine stretches) measured on chunks growing
 * 4x until one takes 20 ms (or a quarter of the target), then scaled. */
static uint64_t samples_taking(double seconds, uint64_t seed)
{
    volatile uint64_t sink = 0; /* the counts are kept, so the loops run */
    for (uint64_t n = 1u << 16;; n *= 4) {
        double t0 = thread_cpu();
        sink += mc_count_hits(seed, 0, n);
        double dt = thread_cpu() - t0;
        if (dt >= 0.02 || dt >= seconds / 4 || n >= 1ull << 36)
            return dt > 0 ? (uint64_t)((double)n * seconds / dt) + 1 : n;
    }
}

static int timeline_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    const timeline_params *p = ctx->params;
    timeline_state *s = harness_new_state(ctx, sizeof *s, err, errlen);
    if (!s)
        return PB_RUNTIME_ERROR;
    if (computes(ctx)) {
        s->samples = samples_taking(p->step_ms * 1e-3, ctx->seed);
        return PB_OK;
    }
    s->run = (lat_run){.requests = NSTEPS, .sent_crc = s->sent_crc, .sent_at = s->sent_at, .answered = s->answered,
                       .replied_at = s->replied_at};
    /* a reply 10 times later than it could be, and at least a minute late, is lost */
    s->run.timeout_ms = 10 * p->step_ms > 60000 ? (int)(10 * p->step_ms) : 60000;
    io_device_cfg cfg = {.latency_ms = p->step_ms, .seed = ctx->seed};
    int status = io_session_open(&s->session, 1, &cfg, s->run.timeout_ms, NULL, err, errlen);
    if (status != PB_OK)
        timeline_teardown(ctx);
    return status;
}

/* One repetition of a case that waits, `inflight` requests at a time, and its spans. */
static void wait_case(bench_ctx *ctx, uint64_t inflight)
{
    timeline_state *s = ctx->state;
    s->run.epoch = io_session_run_begins(&s->session);
    s->run.labels = inflight == 1 ? one_after_the_other : interleaved;
    memset(s->answered, 0, sizeof s->answered);
    io_outcome res;
    double start = work_now();
    int fd = s->session.fds[0];
    if (inflight == 1)
        lat_blocking(fd, &s->run, 0, 1, &res);
    else
        lat_nonblocking(fd, &s->run, inflight, &res);
    io_session_run_ends(&s->session, res.err, res.wrong, res.verified, NSTEPS);
    for (int i = 0; i < NSTEPS; ++i) {
        s->spans[i] = (timeline_span){.worker = 0, .t0 = s->sent_at[i].t0 - start, .t1 = s->replied_at[i] - start};
        snprintf(s->spans[i].label, sizeof s->spans[i].label, "%s", s->run.labels[i]);
    }
}

static void run_sequential(bench_ctx *ctx) { wait_case(ctx, 1); }
static void run_concurrent(bench_ctx *ctx) { wait_case(ctx, TASKS); }

static void run_parallel(bench_ctx *ctx)
{
    timeline_state *s = ctx->state;
    double t0[NSTEPS], t1[NSTEPS], start = work_now();
    int thread[NSTEPS];
    uint64_t hits = timeline_parallel(ctx->seed, s->samples, TASKS, STEPS, t0, t1, thread);
    if (!s->counted) {
        s->hits = hits;
        s->counted = true;
    }
    s->hits_differ |= hits != s->hits;
    for (int i = 0; i < NSTEPS; ++i) {
        s->spans[i] = (timeline_span){.worker = thread[i], .t0 = t0[i] - start, .t1 = t1[i] - start};
        snprintf(s->spans[i].label, sizeof s->spans[i].label, "%c%d", 'A' + i / STEPS, i % STEPS + 1);
    }
}

static const variant_desc cases[] = {
    VARIANT("sequential", EXEC_SERIAL, run_sequential), VARIANT("concurrent", EXEC_SERIAL, run_concurrent),
    VARIANT("parallel", EXEC_THREADS, run_parallel), VARIANTS_END,
};

/* Waiting cases: every reply of every repetition checked (as io latency does). The
 * computing case: every repetition counted the same hits, and they are the hits of a
 * sequential recount of the same samples. */
static int timeline_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    timeline_state *s = ctx->state;
    if (computes(ctx)) {
        uint64_t want = mc_count_hits(ctx->seed, 0, NSTEPS * s->samples);
        snprintf(result, resultlen, "%.17g", 4.0 * (double)s->hits / (double)(NSTEPS * s->samples));
        if (!s->hits_differ && s->hits == want)
            return PB_OK;
        snprintf(err, errlen, "demo-timeline: %llu hits%s, but a sequential recount gives %llu",
                 (unsigned long long)s->hits, s->hits_differ ? " (and other repetitions differed)" : "",
                 (unsigned long long)want);
        return PB_VERIFY_FAILED;
    }
    snprintf(result, resultlen, "%d", NSTEPS);
    return io_session_verdict(&s->session, "demo-timeline", "get every reply", err, errlen);
}

static void timeline_annotate(const bench_ctx *ctx, result_record *rec, const result_record *earlier, size_t nearlier)
{
    (void)earlier, (void)nearlier;
    const timeline_state *s = ctx->state;
    const timeline_params *p = ctx->params;
    timeline_format(s->spans, NSTEPS, rec->detail, sizeof rec->detail);
    harness_note(rec, "step-ms=%g", p->step_ms);
}

/* The computing case's answer is a pi estimate, shown as the Monte Carlo kernel shows it. */
static void timeline_show_result(const result_record *rec, char *buf, size_t len)
{
    if (strcmp(rec->variant, "parallel") == 0)
        montecarlo_kernel.show_result(rec, buf, len);
    else
        snprintf(buf, len, "%s", rec->result);
}

const kernel_desc demo_timeline_kernel = {
    .name = "demo-timeline",
    .summary = "two tasks of two steps: one after the other, concurrent on one worker, parallel on two",
    .size_meaning = "steps", .unit = "steps/s", .variants = cases, .default_size = NSTEPS, .min_size = NSTEPS,
    .max_size = NSTEPS, .work = steps_done, .setup = timeline_setup, .verify = timeline_verify,
    .teardown = timeline_teardown, .annotate = timeline_annotate, .show_result = timeline_show_result,
    /* the waiting cases wait by design: few cores busy says nothing about them */
    .waits = true,
};
