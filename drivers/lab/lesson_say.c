/* The lesson page's sentences (lesson.h), each computed from the student's rows. A row
 * whose timing is flagged (starved, cv-high, ...: harness_flags_trusted) gives no lesson:
 * the sentence names the row and its flags instead. The latest row of each case counts
 * (runs.csv grows by appending). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/harness.h"
#include "lab/lesson.h"
#include "output/quality.h"

/* The last row of kernel/variant (tag: NULL for any); NULL when none. */
static const result_record *last(const record_list *rows, const char *kernel, const char *variant, const char *tag)
{
    for (size_t i = rows->n; i-- > 0;) {
        const result_record *r = &rows->rows[i];
        if (strcmp(r->kernel, kernel) == 0 && strcmp(r->variant, variant) == 0 && (!tag || strcmp(r->tag, tag) == 0))
            return r;
    }
    return NULL;
}

/* Seconds as a student reads them: 10.1 s, 2.35 s, 0.016 s. */
static const char *secs(double s, char *buf, size_t len)
{
    snprintf(buf, len, s >= 10 ? "%.1f s" : s >= 1 ? "%.2f s" : "%.2g s", s);
    return buf;
}

/* 1000 as 1,000. */
static const char *count(double x, char *buf, size_t len)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%.0f", x), j = 0;
    for (int i = 0; i < n && j + 2 < (int)len; ++i) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[j++] = ',';
        buf[j++] = digits[i];
    }
    buf[j] = '\0';
    return buf;
}

/* False, with the sentence saying why, unless every row is there, verified and trusted. */
static bool shown(char *buf, size_t len, const char *run, size_t n, const result_record *const *r)
{
    for (size_t i = 0; i < n; ++i) {
        if (!r[i]) {
            snprintf(buf, len, "Not measured yet on your machine: run %s.", run);
            return false;
        }
        if (!r[i]->verified || !harness_flags_trusted(r[i])) {
            char flaws[160];
            harness_flaws(r[i], flaws, sizeof flaws);
            snprintf(buf, len, "Not shown: on your machine the %s/%s row is flagged (%s), so its time says little "
                     "about this lesson; run %s again when the machine is quieter.", r[i]->kernel, r[i]->variant,
                     flaws, run);
            return false;
        }
    }
    return true;
}
#define SHOWN(buf, len, run, ...)                                                                                  \
    shown(buf, len, run, sizeof((const result_record *[]){__VA_ARGS__}) / sizeof(const result_record *),          \
          (const result_record *[]){__VA_ARGS__})

bool say_io_latency(const record_list *rows, char *buf, size_t len)
{
    const result_record *nb = last(rows, "io-latency", "nonblocking", NULL), *b = NULL;
    for (size_t i = rows->n; nb && i-- > 0 && !b;) { /* the same requests and wait, one after the other */
        const result_record *r = &rows->rows[i];
        if (strcmp(r->kernel, "io-latency") == 0 && strcmp(r->variant, "blocking") == 0 && r->threads == 1 &&
            r->size == nb->size && r->latency_ms == nb->latency_ms)
            b = r;
    }
    if (!SHOWN(buf, len, "parbench io latency --mode blocking,nonblocking", nb, b))
        return false;
    char n[32], t1[32], t2[32], c[32];
    snprintf(buf, len, "On your machine, %s requests that each wait %g ms took %s on one thread with nonblocking "
             "calls and %s one after the other, using %s of CPU.", count((double)nb->size, n, sizeof n),
             nb->latency_ms, secs(nb->time_s, t1, sizeof t1), secs(b->time_s, t2, sizeof t2),
             secs(nb->cpu_s, c, sizeof c));
    return true;
}

/* The last omp row with more than one thread and within the cores, and a serial row of its size. */
static void serial_and_parallel(const record_list *rows, const char *kernel, const result_record **s,
                                const result_record **p)
{
    *s = *p = NULL;
    for (size_t i = rows->n; i-- > 0 && !*p;) {
        const result_record *r = &rows->rows[i];
        if (strcmp(r->kernel, kernel) == 0 && strcmp(r->variant, "omp") == 0 && r->threads > 1 && !r->tag[0] &&
            !harness_has_note(r, "oversubscribed"))
            *p = r;
    }
    for (size_t i = rows->n; *p && i-- > 0 && !*s;)
        if (strcmp(rows->rows[i].kernel, kernel) == 0 && strcmp(rows->rows[i].variant, "serial") == 0 &&
            rows->rows[i].size == (*p)->size)
            *s = &rows->rows[i];
}

/* False, with the sentence saying why, when p ran more than its threads' worth faster
 * than s (beyond QUALITY_SUPERLINEAR, as the verdict marks it): no core count gives that
 * to CPU-bound work; the two runs met the machine at different speeds. */
static bool within_workers(char *buf, size_t len, const char *run, const result_record *s, const result_record *p)
{
    double x = s->time_s / p->time_s;
    if (!(x > QUALITY_SUPERLINEAR * p->threads))
        return true;
    snprintf(buf, len, "Not shown: on your machine %d threads read %.2fx as fast as one, more than %d cores can "
             "give; the one-thread run met a slower moment of the machine, so the pair says little about this "
             "lesson; run %s again.", p->threads, x, p->threads, run);
    return false;
}

bool say_highway(const record_list *rows, char *buf, size_t len)
{
    const result_record *s, *p;
    serial_and_parallel(rows, "montecarlo", &s, &p);
    const char *run = "parbench run montecarlo --variant serial,omp";
    if (!SHOWN(buf, len, run, p, s) || !within_workers(buf, len, run, s, p))
        return false;
    char n[32], t1[32], t2[32];
    snprintf(buf, len, "On your machine, %s Monte Carlo samples took %s in one lane (one core) and %s on %d lanes "
             "(%d threads): %.2fx as fast.", count((double)p->size, n, sizeof n), secs(s->time_s, t1, sizeof t1),
             secs(p->time_s, t2, sizeof t2), p->threads, p->threads, s->time_s / p->time_s);
    return true;
}

bool say_timeline(const record_list *rows, char *buf, size_t len)
{
    const result_record *s = last(rows, "demo-timeline", "sequential", NULL),
                        *c = last(rows, "demo-timeline", "concurrent", NULL),
                        *p = last(rows, "demo-timeline", "parallel", NULL);
    if (!SHOWN(buf, len, "parbench demo timeline", s, c, p))
        return false;
    char a[32], b[32], d[32];
    snprintf(buf, len, "On your machine, tasks A and B took %s one after the other, %s concurrently on one worker "
             "(%.0f ms of CPU) and %s in parallel on two workers (%.1f cores busy).", secs(s->time_s, a, sizeof a),
             secs(c->time_s, b, sizeof b), 1e3 * c->cpu_s, secs(p->time_s, d, sizeof d), p->cores_busy);
    return true;
}

bool say_io_vs_cpu(const record_list *rows, char *buf, size_t len)
{
    const char *tag = "demo-io-vs-cpu";
    const result_record *ib = last(rows, "io-latency", "blocking", tag), *in = last(rows, "io-latency", "nonblocking", tag),
                        *cs = last(rows, "montecarlo", "serial", tag), *c1 = last(rows, "montecarlo", "omp-one-core", tag),
                        *cp = last(rows, "montecarlo", "omp", tag);
    if (!SHOWN(buf, len, "parbench demo io-vs-cpu", ib, in, cs, c1, cp))
        return false;
    snprintf(buf, len, "On your machine, waiting tasks ran %.1fx as fast concurrently on one core; computing tasks "
             "%.2fx concurrently on one core and %.2fx in parallel on %d threads.", ib->time_s / in->time_s,
             cs->time_s / c1->time_s, cs->time_s / cp->time_s, cp->threads);
    return true;
}

bool say_concurrency_cpu(const record_list *rows, char *buf, size_t len)
{
    const char *tag = "demo-io-vs-cpu";
    const result_record *cs = last(rows, "montecarlo", "serial", tag), *c1 = last(rows, "montecarlo", "omp-one-core", tag);
    if (!SHOWN(buf, len, "parbench demo io-vs-cpu", cs, c1))
        return false;
    snprintf(buf, len, "Counter-example on your machine: %d computing threads sharing one core took %.2fx the time of "
             "one thread doing the same work.", c1->threads, c1->time_s / cs->time_s);
    return true;
}

/* The last hybrid server row whose requests also compute, and the event loop's row of the
 * same requests (NULL when either is missing). */
static void server_pair(const record_list *rows, const result_record **h, const result_record **e)
{
    *h = *e = NULL;
    for (size_t i = rows->n; i-- > 0 && !*h;)
        if (strcmp(rows->rows[i].kernel, "io-server") == 0 && strcmp(rows->rows[i].variant, "hybrid") == 0 &&
            rows->rows[i].compute_ms > 0)
            *h = &rows->rows[i];
    for (size_t i = rows->n; *h && i-- > 0 && !*e;) {
        const result_record *r = &rows->rows[i];
        if (strcmp(r->kernel, "io-server") == 0 && strcmp(r->variant, "event-loop") == 0 &&
            r->compute_ms == (*h)->compute_ms && r->latency_ms == (*h)->latency_ms && r->size == (*h)->size)
            *e = r;
    }
}

bool say_server(const record_list *rows, char *buf, size_t len)
{
    const result_record *h, *e;
    server_pair(rows, &h, &e);
    if (!SHOWN(buf, len, "parbench io server --mode event-loop,hybrid", h, e))
        return false;
    snprintf(buf, len, "On your machine, requests that wait %g ms and compute %g ms were served at %.0f per second by "
             "the hybrid server (p99 %.1f ms) and %.0f per second by one event loop (p99 %.1f ms).", h->latency_ms,
             h->compute_ms, h->throughput, h->p99_ms, e->throughput, e->p99_ms);
    return true;
}

bool say_race(const record_list *rows, char *buf, size_t len)
{
    const result_record *racy = last(rows, "demo-race", "racy", NULL), *at = last(rows, "demo-race", "atomic", NULL);
    const char *lost = racy ? strstr(racy->notes, "lost-updates=") : NULL;
    if (!racy || !at) {
        snprintf(buf, len, "Not measured yet on your machine: run parbench demo race.");
        return false;
    }
    unsigned long long gone = lost ? strtoull(lost + strlen("lost-updates="), NULL, 10) : 0;
    if (!gone || !at->verified) {
        snprintf(buf, len, "Not shown: on your machine the racy counter %s this run (its threads did not interleave "
                 "mid-update; too few cores or increments).", gone ? "ran, but the atomic case was wrong" : "lost no updates");
        return false;
    }
    char n[32];
    snprintf(buf, len, "Counter-example on your machine: %d threads incrementing one counter without synchronization "
             "lost %s updates; with an atomic increment the counter was exact (%s).", racy->threads,
             count((double)gone, n, sizeof n), at->result);
    return true;
}

bool say_false_sharing(const record_list *rows, char *buf, size_t len)
{
    const result_record *k = last(rows, "demo-false-sharing", "packed", NULL),
                        *d = last(rows, "demo-false-sharing", "padded", NULL);
    if (!SHOWN(buf, len, "parbench demo false-sharing", k, d))
        return false;
    snprintf(buf, len, "On your machine, %d threads with private counters in one cache line took %.2fx the time of the "
             "same threads with a line each.", k->threads, k->time_s / d->time_s);
    return true;
}

bool say_oversubscription(const record_list *rows, char *buf, size_t len)
{
    const result_record *one = NULL, *full = NULL, *most = NULL;
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        if (strcmp(r->tag, "oversubscription") != 0)
            continue;
        if (r->threads == 1)
            one = r, full = most = NULL; /* a new series starts */
        else if (!harness_has_note(r, "oversubscribed") && (!full || r->threads > full->threads))
            full = r;
        else if (harness_has_note(r, "oversubscribed") && (!most || r->threads > most->threads))
            most = r;
    }
    /* (the runs beyond the cores are flagged oversubscribed by design: their slowness is the point) */
    if (!SHOWN(buf, len, "parbench demo oversubscription", one, full))
        return false;
    if (!most || !most->verified || !(most->time_s > 0)) {
        snprintf(buf, len, "Not measured yet on your machine: run parbench demo oversubscription (no verified run "
                 "beyond the cores).");
        return false;
    }
    snprintf(buf, len, "Counter-example on your machine: %d threads (the usable cores) were %.2fx as fast as one; "
             "%d threads were %.2fx as fast, not %dx.", full->threads, one->time_s / full->time_s, most->threads,
             one->time_s / most->time_s, most->threads);
    return true;
}

bool say_deadlock(const record_list *rows, char *buf, size_t len)
{
    const result_record *opp = last(rows, "demo-deadlock", "opposite-order", NULL),
                        *one = last(rows, "demo-deadlock", "one-order", NULL),
                        *nb = last(rows, "demo-deadlock-mpi", "nonblocking", NULL);
    if (!opp || !one) {
        snprintf(buf, len, "Not measured yet on your machine: run parbench demo deadlock.");
        return false;
    }
    if (!opp->verified || !one->verified) {
        snprintf(buf, len, "Not shown: on your machine the deadlock demo did not run as designed (%s).",
                 !opp->verified ? "the watchdog did not catch both threads" : "the one-order case failed");
        return false;
    }
    size_t used = (size_t)snprintf(buf, len, "On your machine, two threads taking two locks in opposite order "
                                   "deadlocked, and the watchdog caught both after %.2f s; with one lock order, %s "
                                   "rounds finished in %.3f s.", opp->time_s, one->result, one->time_s);
    if (nb && nb->verified && used < len)
        snprintf(buf + used, len - used, " Two MPI ranks that posted MPI_Isend/MPI_Irecv swapped %s doubles in %.3f ms "
                 "with no deadlock.", nb->result, 1e3 * nb->time_s);
    return true;
}

double lesson_ratio(const record_list *rows, const char *kernel, const char *slow, const char *fast, char *why,
                    size_t len)
{
    const result_record *s = last(rows, kernel, slow, NULL), *f = last(rows, kernel, fast, NULL);
    bool cpu_bound = strcmp(kernel, "montecarlo") == 0;
    if (cpu_bound)
        serial_and_parallel(rows, kernel, &s, &f);
    else if (strcmp(kernel, "io-server") == 0)
        server_pair(rows, &f, &s);
    char run[96];
    snprintf(run, sizeof run, "parbench %s", kernel);
    if (!SHOWN(why, len, run, s, f) || !(f->time_s > 0) || (cpu_bound && !within_workers(why, len, run, s, f)))
        return NAN;
    return s->time_s / f->time_s;
}
