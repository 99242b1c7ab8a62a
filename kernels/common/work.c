#define _GNU_SOURCE
#include "work.h"

#include <sched.h>
#include <string.h>

static double (*now)(void);
static work_span *span_buf;
static size_t span_cap;
static size_t span_count, span_dropped; /* updated atomically */
static int current_step;

static double busy[WORK_MAX_THREADS];
static uint64_t cpus[WORK_MAX_CPUS / 64];
static int top_thread = -1, nmarks, total_marks;

void work_configure(double (*clock)(void), work_span *spans, size_t capacity)
{
    now = clock;
    span_buf = spans;
    span_cap = spans ? capacity : 0;
    span_count = span_dropped = 0;
}

void work_set_step(int step) { current_step = step; }

void work_reset(void)
{
    memset(busy, 0, sizeof busy);
    memset(cpus, 0, sizeof cpus);
    top_thread = -1;
    nmarks = 0;
}

int work_cpu(void) { return sched_getcpu(); }

static void add_span(work_mark m, double t1, int thread, work_kind kind, int64_t id, const char *label)
{
    if (!span_buf)
        return;
    size_t i = __atomic_fetch_add(&span_count, 1, __ATOMIC_RELAXED);
    if (i >= span_cap) {
        __atomic_fetch_add(&span_dropped, 1, __ATOMIC_RELAXED);
        return;
    }
    span_buf[i] = (work_span){.t0 = m.t0, .t1 = t1, .thread = thread, .cpu = m.cpu, .kind = kind,
                              .step = current_step, .id = id};
    if (label) /* (the rest of the label stays zero) */
        memcpy(span_buf[i].label, label, strnlen(label, sizeof span_buf[i].label - 1));
}

work_mark work_begin(void)
{
    work_mark m = {0.0, -1};
    if (now) {
        m.cpu = sched_getcpu();
        m.t0 = now();
    }
    return m;
}

double work_now(void) { return now ? now() : 0.0; }

void work_end(work_mark m, int thread, work_kind kind) { work_end_named(m, thread, kind, NULL); }

double work_end_named(work_mark m, int thread, work_kind kind, const char *label)
{
    if (!now || thread < 0 || thread >= WORK_MAX_THREADS)
        return 0.0;
    double t1 = now();
    if (kind == WORK_COMPUTE)
        busy[thread] += t1 - m.t0; /* each thread writes only its own slot */
    if (m.cpu >= 0 && m.cpu < WORK_MAX_CPUS)
        __atomic_fetch_or(&cpus[m.cpu / 64], 1ull << (m.cpu % 64), __ATOMIC_RELAXED);
    int top = __atomic_load_n(&top_thread, __ATOMIC_RELAXED);
    while (thread > top && !__atomic_compare_exchange_n(&top_thread, &top, thread, 1, __ATOMIC_RELAXED,
                                                        __ATOMIC_RELAXED)) {
    }
    __atomic_fetch_add(&nmarks, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&total_marks, 1, __ATOMIC_RELAXED);
    add_span(m, t1, thread, kind, -1, label);
    return t1;
}

void work_request(work_mark sent, int thread, int64_t id) { work_request_named(sent, thread, id, NULL); }

void work_request_named(work_mark sent, int thread, int64_t id, const char *label)
{
    if (now && span_buf)
        add_span(sent, now(), thread, WORK_REQUEST, id, label);
}

int work_marked(void) { return __atomic_load_n(&total_marks, __ATOMIC_RELAXED); }

void work_collect(work_summary *out)
{
    out->nthreads = top_thread + 1;
    memcpy(out->busy, busy, sizeof busy);
    memcpy(out->cpus, cpus, sizeof cpus);
    out->marks = nmarks;
}

size_t work_spans(const work_span **spans, size_t *dropped)
{
    *spans = span_buf;
    *dropped = span_dropped;
    return span_count < span_cap ? span_count : span_cap;
}
