/* `parbench io latency`: many requests to a slow device, on one core. The device is a
 * separate process (io_device.c); the modes differ only in how the client waits:
 * blocking (one at a time), nonblocking (one thread, many outstanding) and threads
 * (many threads, each one at a time), and uring (one thread, many outstanding, waited
 * for with io_uring; liburing builds). Verification: every reply checked, counts exact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/options.h"
#include "core/harness.h"
#include "core/kernel.h"
#include "core/variants.h"
#include "io/device_session.h"
#include "io/io.h"
#include "io/latency.h"
#include "output/results.h"

typedef struct {
    uint64_t requests;     /* the run's size */
    double latency_ms, jitter_ms;
    uint64_t inflight;     /* 0: all requests at once */
    uint64_t threads;      /* the threads mode's client threads */
} latency_params;
_Static_assert(sizeof(latency_params) <= IO_PARAMS_MAX, "the io command keeps the parameters in IO_PARAMS_MAX bytes");

typedef struct {
    io_session session;
    lat_run run;
    uint64_t inflight;
    uint64_t last_verified;
} lat_state;

static double mean_latency_ms(const latency_params *p) { return p->latency_ms + p->jitter_ms / 2; }

static double lat_work(const bench_ctx *ctx) { return (double)ctx->size; } /* requests */

static void lat_teardown(bench_ctx *ctx)
{
    lat_state *s = ctx->state;
    if (!s)
        return;
    io_session_close(&s->session);
    free(s->run.sent_crc);
    free(s->run.sent_at);
    free(s->run.answered);
    free(s);
    ctx->state = NULL;
}

static int lat_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    const latency_params *p = ctx->params;
    int nfds = ctx->variant->model == EXEC_THREADS ? ctx->threads : 1;
    lat_state *s = harness_new_state(ctx, sizeof *s, err, errlen);
    if (!s)
        return PB_RUNTIME_ERROR;
    s->run.requests = ctx->size;
    s->run.sent_crc = malloc(ctx->size * sizeof *s->run.sent_crc);
    s->run.answered = malloc(ctx->size);
    s->run.sent_at = malloc(ctx->size * sizeof *s->run.sent_at);
    if (!s->run.sent_crc || !s->run.answered || !s->run.sent_at) {
        snprintf(err, errlen, "out of memory: %llu bytes for %llu requests",
                 (unsigned long long)(ctx->size * (sizeof *s->run.sent_crc + sizeof *s->run.sent_at + 1)),
                 (unsigned long long)ctx->size);
        lat_teardown(ctx);
        return PB_RUNTIME_ERROR;
    }
    s->inflight = p->inflight ? p->inflight : ctx->size;
    /* A reply 10 times later than it could be, and at least a minute late, is lost. */
    double patience = 10 * (p->latency_ms + p->jitter_ms);
    s->run.timeout_ms = patience > 60000 ? (int)patience : 60000;
    io_device_cfg cfg = {.latency_ms = p->latency_ms, .jitter_ms = p->jitter_ms, .seed = ctx->seed};
    int status = io_session_open(&s->session, nfds, &cfg, s->run.timeout_ms, "--threads", err, errlen);
    if (status != PB_OK)
        lat_teardown(ctx);
    return status;
}

/* One run: the same requests, waited for in the mode's way (wait(s, res) on the
 * session's connections). */
static void lat_run_with(bench_ctx *ctx, void (*wait)(lat_state *s, io_outcome *res))
{
    lat_state *s = ctx->state;
    s->run.epoch = io_session_run_begins(&s->session);
    memset(s->run.answered, 0, s->run.requests);
    io_outcome res;
    wait(s, &res);
    s->last_verified = res.verified;
    io_session_run_ends(&s->session, res.err, res.wrong, res.verified, s->run.requests);
}

/* ---- the modes ---- */

static void wait_blocking(lat_state *s, io_outcome *res) { lat_blocking(s->session.fds[0], &s->run, 0, 1, res); }
static void wait_nonblocking(lat_state *s, io_outcome *res)
{
    lat_nonblocking(s->session.fds[0], &s->run, s->inflight, res);
}
static void wait_threads(lat_state *s, io_outcome *res) { lat_threads(s->session.fds, s->session.nfds, &s->run, res); }

static void run_blocking(bench_ctx *ctx) { lat_run_with(ctx, wait_blocking); }
static void run_nonblocking(bench_ctx *ctx) { lat_run_with(ctx, wait_nonblocking); }
static void run_threads(bench_ctx *ctx) { lat_run_with(ctx, wait_threads); }
#if PARBENCH_HAVE_URING
static void wait_uring(lat_state *s, io_outcome *res) { lat_uring(s->session.fds[0], &s->run, s->inflight, res); }
static void run_uring(bench_ctx *ctx) { lat_run_with(ctx, wait_uring); }
#endif

static const variant_desc modes[] = {
    VARIANT("blocking", EXEC_SERIAL, run_blocking), VARIANT("nonblocking", EXEC_SERIAL, run_nonblocking),
    VARIANT("threads", EXEC_THREADS, run_threads), URING_VARIANT("uring", EXEC_SERIAL, run_uring), VARIANTS_END,
};

static int lat_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    lat_state *s = ctx->state;
    snprintf(result, resultlen, "%llu", (unsigned long long)s->last_verified);
    return io_session_verdict(&s->session, "io-latency", "get every reply", err, errlen);
}

static void lat_annotate(const bench_ctx *ctx, result_record *rec, const result_record *earlier, size_t nearlier)
{
    (void)earlier, (void)nearlier;
    const latency_params *p = ctx->params;
    double lat = mean_latency_ms(p);
    rec->requests = (double)ctx->size;
    rec->latency_ms = lat;
    /* Little's law: requests in flight on average = throughput x time each one waits. */
    rec->concurrency = rec->time_s > 0 ? (double)ctx->size * lat * 1e-3 / rec->time_s : 0;
}

#define P(field) offsetof(latency_params, field)
static const opt_spec options[] = {
    {.name = "requests", .kind = OPT_SIZE, .offset = P(requests), .min = 1, .max = 10000000,
     .expect = "a request count from 1 to 1e7", .help = "requests per run"},
    {.name = "latency", .kind = OPT_REAL, .offset = P(latency_ms), .dmin = 0, .dmax = 60000, .metavar = "MS",
     .expect = "a latency in milliseconds from 0 to 60000", .help = "the device answers each request after MS milliseconds"},
    {.name = "jitter", .kind = OPT_REAL, .offset = P(jitter_ms), .dmin = 0, .dmax = 60000, .metavar = "MS",
     .expect = "a jitter in milliseconds from 0 to 60000", .help = "plus a uniform 0..MS per request"},
    {.name = "inflight", .kind = OPT_SIZE, .offset = P(inflight), .min = 1, .max = 10000000,
     .expect = "a count of outstanding requests from 1 to 1e7", .help = "most requests outstanding (0: all of them)",
     .applies = "nonblocking,uring"},
    {.name = "threads", .kind = OPT_COUNT, .offset = P(threads), .min = 1, .max = 4096, .metavar = "T",
     .expect = "a thread count from 1 to 4096", .help = "client threads, one connection each", .applies = "threads"},
    {0},
};

static void defaults(void *params)
{
    latency_params *p = params;
    p->requests = 100;
    p->latency_ms = 10;
    p->jitter_ms = 0;
    p->inflight = 0;
    p->threads = 16;
}

static void describe(const void *params, char *buf, size_t len)
{
    const latency_params *p = params;
    char inflight[32];
    if (p->inflight)
        snprintf(inflight, sizeof inflight, "%llu", (unsigned long long)p->inflight);
    else
        snprintf(inflight, sizeof inflight, "all");
    snprintf(buf, len, "device: %g ms per request (+ jitter up to %g ms), a separate process over a socketpair | "
             "nonblocking, uring: %s in flight | threads: %llu",
             p->latency_ms, p->jitter_ms, inflight, (unsigned long long)p->threads);
}

static const result_record *find(const result_record *recs, size_t n, const char *mode)
{
    for (size_t i = 0; i < n; ++i)
        if (strcmp(recs[i].variant, mode) == 0)
            return &recs[i];
    return NULL;
}

static void summarize_modes(const void *params, const result_record *recs, size_t n)
{
    (void)params;
    const result_record *blocking = find(recs, n, "blocking");
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        printf("%s: %.0f requests of %g ms in %.4f s wall, %.4f s client CPU: %.1f requests in flight on average",
               r->variant, r->requests, r->latency_ms, r->time_s, r->cpu_s, r->concurrency);
        if (blocking && r != blocking && r->time_s > 0)
            printf(", %.1fx faster than blocking", blocking->time_s / r->time_s);
        printf("\n");
    }
}

static const kernel_options own_options = {
    .table = options, .params_size = sizeof(latency_params), .defaults = defaults, .describe = describe,
};

static const kernel_desc latency_kernel = {
    .name = "io-latency", .summary = "requests to a simulated slow device (a separate process), on one core",
    .size_meaning = "requests", .unit = "requests/s", .variants = modes,
    .default_variants = "blocking,nonblocking,threads", .default_size = 100, .min_size = 1, .max_size = 10000000,
    .options = &own_options, .work = lat_work, .setup = lat_setup, .verify = lat_verify, .teardown = lat_teardown,
    .annotate = lat_annotate, .threads_wait = true, .waits = true,
};

static uint64_t requests_from(const void *params) { return ((const latency_params *)params)->requests; }
static uint64_t threads_from(const void *params) { return ((const latency_params *)params)->threads; }

const io_driver io_latency_driver = {
    .name = "latency", .kernel = &latency_kernel, .size_from = requests_from, .threads_from = threads_from,
    .summarize = summarize_modes,
};
