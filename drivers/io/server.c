/* `parbench io server`: the tutorial's hybrid approach, measured. Requests that each
 * wait on the simulated device (a separate process, io/device.h) and then compute a
 * fixed amount of real CPU work, `clients` of them in flight at once, served three
 * ways (io/server_modes.c): one thread with nonblocking calls (event-loop), a thread
 * per client (threads), and one event loop for the waiting with a compute pool of one
 * worker per usable core (hybrid). Rows: wall and CPU time, requests/s, and the
 * requests' latencies from sent to answered (p50, p99). Verification: every request
 * answered exactly once, every answer equal to its jump-ahead. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/options.h"
#include "core/harness.h"
#include "core/stats.h"
#include "core/timer.h"
#include "core/variants.h"
#include "demos/demos.h"
#include "env/usable_cores.h"
#include "io/device_session.h"
#include "io/io.h"
#include "io/server.h"
#include "output/results.h"

typedef struct {
    uint64_t requests;    /* the run's size */
    uint64_t clients;     /* requests in flight at once; the threads mode's threads */
    double wait_ms, compute_ms;
    uint64_t workers;     /* hybrid's compute pool; 0: the usable cores */
} server_params;
_Static_assert(sizeof(server_params) <= IO_PARAMS_MAX, "the io command keeps the parameters in IO_PARAMS_MAX bytes");

typedef struct {
    io_session session;
    srv_run run;
    double p50_ms, p99_ms; /* of the last good run */
} srv_state;

/* request_compute steps per millisecond on this core, from the fastest of a few timed
 * chains (the fastest: a core shared with others while calibrating would make each
 * request's work smaller than asked). Once per process. */
static double steps_per_ms(void)
{
    static double rate;
    if (rate > 0)
        return rate;
    volatile uint64_t sink = 0;
    double best = INFINITY;
    const uint64_t n = 1u << 20;
    for (int i = 0; i < 7; ++i) {
        double t0 = timer_now();
        sink += request_compute(sink + (uint64_t)i, n);
        double dt = timer_now() - t0;
        best = dt < best ? dt : best;
    }
    rate = (double)n / (best * 1e3);
    return rate;
}

static uint64_t compute_steps(const server_params *p) { return (uint64_t)llround(p->compute_ms * steps_per_ms()); }

static int pool_workers(const server_params *p)
{
    int cores = usable_cores(NULL);
    return p->workers ? (int)p->workers : cores > 0 ? cores : 1;
}

static double srv_work(const bench_ctx *ctx) { return (double)ctx->size; } /* requests */

static void srv_teardown(bench_ctx *ctx)
{
    srv_state *s = ctx->state;
    if (!s)
        return;
    io_session_close(&s->session);
    free(s->run.sent_crc);
    free(s->run.sent_at);
    free(s->run.done_at);
    free(s->run.answered);
    free(s);
    ctx->state = NULL;
}

static int srv_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    const server_params *p = ctx->params;
    int nfds = ctx->variant->model == EXEC_THREADS ? (int)p->clients : 1;
    srv_state *s = harness_new_state(ctx, sizeof *s, err, errlen);
    if (!s)
        return PB_RUNTIME_ERROR;
    uint64_t n = ctx->size;
    s->run = (srv_run){.requests = n, .clients = p->clients, .steps = compute_steps(p), .workers = pool_workers(p),
                       .sent_crc = malloc(n * sizeof(uint32_t)), .sent_at = malloc(n * sizeof(double)),
                       .done_at = malloc(n * sizeof(double)), .answered = malloc(n)};
    if (!s->run.sent_crc || !s->run.sent_at || !s->run.done_at || !s->run.answered) {
        snprintf(err, errlen, "out of memory for %llu requests", (unsigned long long)n);
        srv_teardown(ctx);
        return PB_RUNTIME_ERROR;
    }
    /* A request 10 times later than the whole run could take one after the other, and
     * at least a minute late, is lost. */
    double patience = 10 * (p->wait_ms + p->compute_ms) * (double)n;
    s->run.timeout_ms = patience > 60000 ? (patience < 1e9 ? (int)patience : 1000000000) : 60000;
    io_device_cfg cfg = {.latency_ms = p->wait_ms, .seed = ctx->seed};
    int status = io_session_open(&s->session, nfds, &cfg, s->run.timeout_ms, "--clients", err, errlen);
    if (status != PB_OK)
        srv_teardown(ctx);
    return status;
}

/* The requests' latencies of this run, sent to answered: p50 and p99 (nearest rank). */
static void percentiles(srv_state *s)
{
    uint64_t n = s->run.requests;
    double *lat = malloc(n * sizeof *lat);
    if (!lat) {
        s->p50_ms = s->p99_ms = NAN;
        return;
    }
    for (uint64_t i = 0; i < n; ++i)
        lat[i] = 1e3 * (s->run.done_at[i] - s->run.sent_at[i]);
    qsort(lat, n, sizeof *lat, stats_cmp_double);
    s->p50_ms = lat[(n - 1) / 2];
    s->p99_ms = lat[(uint64_t)ceil(0.99 * (double)n) - 1];
    free(lat);
}

static void srv_run_with(bench_ctx *ctx, void (*serve)(srv_state *s, io_outcome *res))
{
    srv_state *s = ctx->state;
    s->run.epoch = io_session_run_begins(&s->session);
    memset(s->run.answered, 0, s->run.requests);
    io_outcome res;
    serve(s, &res);
    if (io_session_run_ends(&s->session, res.err, res.wrong, res.verified, s->run.requests))
        percentiles(s);
}

static void serve_loop(srv_state *s, io_outcome *res) { srv_event_loop(s->session.fds[0], &s->run, res); }
static void serve_threads(srv_state *s, io_outcome *res) { srv_threads(s->session.fds, &s->run, res); }
static void serve_hybrid(srv_state *s, io_outcome *res) { srv_hybrid(s->session.fds[0], &s->run, res); }
static void run_loop(bench_ctx *ctx) { srv_run_with(ctx, serve_loop); }
static void run_threads(bench_ctx *ctx) { srv_run_with(ctx, serve_threads); }
static void run_hybrid(bench_ctx *ctx) { srv_run_with(ctx, serve_hybrid); }

/* hybrid is one event loop plus a pool: its threads column reads 1 (the io command gives
 * --clients threads to a threads model); the summary names its workers. */
static const variant_desc modes[] = {
    VARIANT("event-loop", EXEC_SERIAL, run_loop), VARIANT("threads", EXEC_THREADS, run_threads),
    VARIANT("hybrid", EXEC_SERIAL, run_hybrid), VARIANTS_END,
};

static int srv_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    srv_state *s = ctx->state;
    const io_session *t = &s->session;
    snprintf(result, resultlen, "%llu", (unsigned long long)(t->good_runs == t->runs ? s->run.requests : 0));
    return io_session_verdict(t, "io-server", "answer every request", err, errlen);
}

static void srv_annotate(const bench_ctx *ctx, result_record *rec, const result_record *earlier, size_t nearlier)
{
    (void)earlier, (void)nearlier;
    const server_params *p = ctx->params;
    const srv_state *s = ctx->state;
    rec->requests = (double)ctx->size;
    rec->latency_ms = p->wait_ms;
    rec->compute_ms = p->compute_ms;
    rec->p50_ms = s->p50_ms;
    rec->p99_ms = s->p99_ms;
    /* Little's law: requests in progress on average = throughput x time each one takes */
    rec->concurrency = rec->time_s > 0 ? (double)ctx->size * (p->wait_ms + p->compute_ms) * 1e-3 / rec->time_s : 0;
}

static int srv_check(void *params, const char *csv, char *err, size_t errlen)
{
    (void)csv;
    server_params *p = params;
    if (p->clients > p->requests) /* more clients than requests: some would never send one */
        p->clients = p->requests;
    if (p->wait_ms + p->compute_ms <= 0) {
        snprintf(err, errlen, "--wait 0 --compute 0: a request must wait or compute (give --wait MS or --compute MS)");
        return PB_BAD_INPUT;
    }
    return PB_OK;
}

#define P(field) offsetof(server_params, field)
static const opt_spec options[] = {
    {.name = "requests", .kind = OPT_SIZE, .offset = P(requests), .min = 1, .max = 1000000,
     .expect = "a request count from 1 to 1e6", .help = "requests per run"},
    {.name = "wait", .kind = OPT_REAL, .offset = P(wait_ms), .dmin = 0, .dmax = 10000, .metavar = "MS",
     .expect = "milliseconds from 0 to 10000", .help = "each request first waits MS on the device"},
    {.name = "compute", .kind = OPT_REAL, .offset = P(compute_ms), .dmin = 0, .dmax = 10000, .metavar = "MS",
     .expect = "milliseconds from 0 to 10000", .help = "then computes MS of CPU work (calibrated once per run)"},
    {.name = "clients", .kind = OPT_COUNT, .offset = P(clients), .min = 1, .max = 4096, .metavar = "C",
     .expect = "a client count from 1 to 4096", .help = "requests in flight at once (threads: one thread each)"},
    {.name = "workers", .kind = OPT_COUNT, .offset = P(workers), .min = 1, .max = 1024, .metavar = "W",
     .expect = "a worker count from 1 to 1024", .help = "hybrid: compute workers", .computed = "the usable cores",
     .applies = "hybrid"},
    {0},
};

static void defaults(void *params)
{
    server_params *p = params;
    p->requests = 200;
    p->clients = 32;
    p->wait_ms = 10;
    p->compute_ms = 1;
    p->workers = 0;
}

static void describe(const void *params, char *buf, size_t len)
{
    const server_params *p = params;
    double share = p->compute_ms / (p->wait_ms + p->compute_ms);
    snprintf(buf, len, "each request waits %g ms on the device, then computes %g ms (compute share %.0f%%); %llu in "
             "flight | threads: %llu | hybrid: 1 event loop + %d compute workers",
             p->wait_ms, p->compute_ms, 100 * share, (unsigned long long)p->clients,
             (unsigned long long)p->clients, pool_workers(p));
}

static void summarize(const void *params, const result_record *recs, size_t n)
{
    const server_params *p = params;
    const result_record *best = NULL;
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        printf("%s: %.0f requests in %.4f s wall, %.4f s CPU: %.0f requests/s, latency p50 %.1f ms, p99 %.1f ms%s\n",
               r->variant, r->requests, r->time_s, r->cpu_s, r->throughput, r->p50_ms, r->p99_ms,
               r->verified ? "" : " (NOT verified)");
        if (r->verified && (!best || r->throughput > best->throughput))
            best = r;
    }
    if (best && n > 1)
        printf("most requests/s at a compute share of %.0f%%: %s%s\n", 100 * p->compute_ms / (p->wait_ms + p->compute_ms),
               best->variant, best->notes[0] ? " (its row is flagged: see notes)" : "");
}

static const kernel_options own_options = {
    .table = options, .params_size = sizeof(server_params), .defaults = defaults, .check = srv_check,
    .describe = describe,
};

static const kernel_desc server_kernel = {
    .name = "io-server", .summary = "requests that wait on a device, then compute: event loop, threads, hybrid",
    .size_meaning = "requests", .unit = "requests/s", .variants = modes,
    .default_variants = "event-loop,threads,hybrid", .default_size = 200, .min_size = 1, .max_size = 1000000,
    .options = &own_options, .work = srv_work, .setup = srv_setup, .verify = srv_verify, .teardown = srv_teardown,
    .annotate = srv_annotate, .waits = true,
    /* a thread per client is the threads mode's design, not a mistake to flag: its cost
     * at high concurrency is what the mode shows */
    .threads_wait = true,
};

static uint64_t requests_from(const void *params) { return ((const server_params *)params)->requests; }
static uint64_t clients_from(const void *params) { return ((const server_params *)params)->clients; }

const io_driver io_server_driver = {
    .name = "server", .kernel = &server_kernel, .size_from = requests_from, .threads_from = clients_from,
    .summarize = summarize,
};
