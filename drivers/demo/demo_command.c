/* `parbench demo NAME`: each demo is a list of steps (kernel, case, size, threads), run
 * through the harness into the table and the CSV like any kernel, then a few lines that
 * say what the numbers show. Rows carry a tag (demo-race, oversubscription, ...) so the
 * plot scripts group them. */
#include "demo/demo.h"

#include <math.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/laws.h"
#include "plan/run_common.h"
#include "base/options.h"
#include "base/parse.h"
#include "core/harness.h"
#include "plan/runner.h"
#include "demo/deadlock_mpi.h"
#include "env/machine.h"
#include "env/mpi_env.h"
#include "io/io.h"
#include "output/report.h"
#include "output/results.h"
#include "output/timeline.h"

extern const kernel_desc montecarlo_kernel;

#define MAX_STEPS 48
#define PB_STR_(x) #x
#define PB_STR(x) PB_STR_(x)

typedef struct {
    const kernel_desc *kernel;
    const char *variant;
    uint64_t size;
    int threads;
    const void *params;
    char tag[32];
} demo_step;

typedef struct {
    uint64_t size;          /* 0: the demo's default */
    uint64_t threads;       /* 0: the demo's default (from the cores) */
    double serial_fraction; /* amdahl */
    double latency_ms;      /* io-vs-cpu */
    uint64_t tasks;         /* io-vs-cpu */
    timeline_params timeline;
    run_common c;
    const struct demo *demo;
} demo_options;

/* What a demo's numbers must show before its lesson is stated: true when they do;
 * measured gets the numbers that bear on it, why (when false) the reason it is not
 * shown. */
typedef bool (*demo_condition)(const demo_options *o, const result_record *recs, size_t n, char *measured,
                               size_t mlen, char *why, size_t wlen);

typedef struct demo {
    const char *name;
    const char *what;      /* one line for the list */
    const char *explain;   /* the two lines printed before the table: what runs, not what it shows */
    /* the steps; false when they cannot be made (err says why) */
    bool (*plan)(const demo_options *o, demo_step *steps, size_t *n, char *err, size_t errlen);
    void (*summary)(const demo_options *o, const result_record *recs, size_t n);
    /* The lesson, stated only when `holds` finds the measurement supports it; `condition`
     * says in words what holds checks (parbench demo --help lists both). */
    const char *lesson, *condition;
    demo_condition holds;
} demo;

/* A row whose number can be trusted (none of starved, cv-high, tiny, ...). */
static bool trusted(const result_record *r) { return r && r->verified && harness_flags_trusted(r); }

/* why += the reason an untrusted row's number says little: its workers had fewer cores
 * than they needed, or the cores were busy (its flags). */
static void why_flagged(const result_record *r, const char *name, char *why, size_t len)
{
    if (!r || trusted(r))
        return;
    size_t used = strlen(why);
    char flaws[128];
    harness_flaws(r, flaws, sizeof flaws);
    int workers = r->threads * r->ranks;
    if (r->usable_cores > 0 && r->usable_cores < workers && harness_has_note(r, "starved"))
        snprintf(why + used, len - used, "%s%s: %d workers had %d usable core%s [%s]", used ? "; " : "", name, workers,
                 r->usable_cores, r->usable_cores == 1 ? "" : "s", flaws);
    else
        snprintf(why + used, len - used, "%s%s [%s]%s", used ? "; " : "", name, flaws,
                 harness_has_note(r, "starved") ? ": the cores were busy" : "");
}

static int cores(void) { return machine_get()->cores > 0 ? machine_get()->cores : 1; }

static int at_least_two(int t) { return t < 2 ? 2 : t; }

static void add(demo_step *steps, size_t *n, const kernel_desc *k, const char *variant, uint64_t size, int threads,
                const void *params, const char *tag)
{
    if (*n == MAX_STEPS)
        return;
    steps[*n] = (demo_step){.kernel = k, .variant = variant, .size = size, .threads = threads, .params = params};
    snprintf(steps[*n].tag, sizeof steps[*n].tag, "%s", tag);
    ++*n;
}

/* Every case of a demo kernel, in its table's order, at one size and thread count; the
 * kernel's name is the tag. */
static void add_all(demo_step *steps, size_t *n, const kernel_desc *k, uint64_t size, int threads)
{
    for (const variant_desc *v = k->variants; v->name; ++v)
        add(steps, n, k, v->name, size, threads, NULL, k->name);
}

static const result_record *find(const result_record *recs, size_t n, const char *kernel, const char *variant,
                                 int threads)
{
    for (size_t i = 0; i < n; ++i)
        if (strcmp(recs[i].kernel, kernel) == 0 && strcmp(recs[i].variant, variant) == 0 &&
            (threads <= 0 || recs[i].threads == threads))
            return &recs[i];
    return NULL;
}

/* ---- race ---- */

static bool race_plan(const demo_options *o, demo_step *s, size_t *count, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    size_t n = 0;
    uint64_t size = o->size ? o->size : demo_race_kernel.default_size;
    int t = o->threads ? (int)o->threads : at_least_two(cores());
    /* the forced interleaving costs two barriers per round: fewer rounds suffice */
    uint64_t lockstep = size < 2000ull * (uint64_t)t ? size : 2000ull * (uint64_t)t;
    add_all(s, &n, &demo_race_kernel, size, t);
    for (size_t i = 0; i < n; ++i)
        if (strcmp(s[i].variant, "lockstep") == 0)
            s[i].size = lockstep;
    *count = n;
    return true;
}

static void race_summary(const demo_options *o, const result_record *recs, size_t n)
{
    (void)o;
    const result_record *red = find(recs, n, "demo-race", "reduction", 0);
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        const char *lost = strstr(r->notes, "lost-updates=");
        if (!r->verified && lost) {
            uint64_t total = demo_race_increments(r->variant, r->size, r->threads);
            uint64_t gone = strtoull(lost + strlen("lost-updates="), NULL, 10);
            printf("%-9s WRONG ON PURPOSE: counter %s after %llu increments: %llu updates lost (%.1f%%)\n", r->variant,
                   r->result, (unsigned long long)total, (unsigned long long)gone,
                   total ? 100.0 * (double)gone / (double)total : 0.0);
        } else if (red && red->time_s > 0) {
            printf("%-9s correct (%s), %.1fx the time of the reduction\n", r->variant, r->result, r->time_s / red->time_s);
        }
    }
}

static bool race_holds(const demo_options *o, const result_record *recs, size_t n, char *m, size_t ml, char *why,
                       size_t wl)
{
    (void)o;
    const result_record *racy = find(recs, n, "demo-race", "racy", 0);
    const char *lost = racy ? strstr(racy->notes, "lost-updates=") : NULL;
    uint64_t gone = lost ? strtoull(lost + strlen("lost-updates="), NULL, 10) : 0;
    bool fixes = true;
    for (size_t i = 0; i < n; ++i)
        if (strcmp(recs[i].variant, "racy") != 0 && strcmp(recs[i].variant, "lockstep") != 0)
            fixes &= recs[i].verified;
    snprintf(m, ml, "the racy counter lost %llu updates; the atomic, critical and reduction cases %s",
             (unsigned long long)gone, fixes ? "were all correct" : "were NOT all correct");
    if (gone == 0)
        snprintf(why, wl, "the racy case lost no updates this run (its threads did not interleave mid-update: "
                 "too few cores or increments)");
    else if (!fixes)
        snprintf(why, wl, "a synchronized case was wrong");
    return gone > 0 && fixes;
}

/* ---- false sharing ---- */

static bool sharing_plan(const demo_options *o, demo_step *s, size_t *count, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    size_t n = 0;
    uint64_t size = o->size ? o->size : demo_false_sharing_kernel.default_size;
    int t = o->threads ? (int)o->threads : at_least_two(cores());
    add_all(s, &n, &demo_false_sharing_kernel, size, t);
    *count = n;
    return true;
}

static void sharing_summary(const demo_options *o, const result_record *recs, size_t n)
{
    (void)o;
    const result_record *packed = find(recs, n, "demo-false-sharing", "packed", 0);
    const result_record *padded = find(recs, n, "demo-false-sharing", "padded", 0);
    if (packed && padded && padded->time_s > 0)
        printf("false sharing: counters 8 bytes apart take %.2fx the time of counters %llu bytes apart "
               "(one cache line each), for the same %d threads and the same increments\n",
               packed->time_s / padded->time_s, (unsigned long long)machine_cache_line(), packed->threads);
}

static bool sharing_holds(const demo_options *o, const result_record *recs, size_t n, char *m, size_t ml, char *why,
                          size_t wl)
{
    (void)o;
    const result_record *packed = find(recs, n, "demo-false-sharing", "packed", 0);
    const result_record *padded = find(recs, n, "demo-false-sharing", "padded", 0);
    if (!packed || !padded || !(padded->time_s > 0))
        return snprintf(why, wl, "a case did not run"), false;
    double ratio = packed->time_s / padded->time_s;
    snprintf(m, ml, "packed counters took %.2fx the time of padded ones on %d threads", ratio, packed->threads);
    why_flagged(packed, "packed", why, wl);
    why_flagged(padded, "padded", why, wl);
    if (!why[0] && ratio < 1.2)
        snprintf(why, wl, "packed was not clearly slower (%.2fx: the threads may have shared a core)", ratio);
    return !why[0];
}

/* ---- oversubscription ---- */

static bool oversub_plan(const demo_options *o, demo_step *s, size_t *count, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    size_t n = 0;
    uint64_t size = o->size ? o->size : 400000000ull;
    int c = o->threads ? (int)o->threads : cores();
    add(s, &n, &montecarlo_kernel, "omp", size, 1, NULL, "oversubscription");
    for (int k = 1; k <= 4; ++k)
        if (k * c > 1)
            add(s, &n, &montecarlo_kernel, "omp", size, k * c, NULL, "oversubscription");
    *count = n;
    return true;
}

static void oversub_summary(const demo_options *o, const result_record *recs, size_t n)
{
    (void)o;
    if (n == 0 || recs[0].time_s <= 0)
        return;
    printf("%8s %8s %10s %11s   (on %d cores)\n", "threads", "x cores", "speedup", "efficiency", cores());
    for (size_t i = 0; i < n; ++i) {
        double s = recs[0].time_s / recs[i].time_s;
        printf("%8d %8.1f %9.2fx %10.0f%%\n", recs[i].threads, (double)recs[i].threads / cores(), s,
               100.0 * s / recs[i].threads);
    }
}

static bool oversub_holds(const demo_options *o, const result_record *recs, size_t n, char *m, size_t ml, char *why,
                          size_t wl)
{
    (void)o;
    const result_record *base = n ? &recs[0] : NULL, *full = NULL;
    double best_over = 0;
    for (size_t i = 1; i < n; ++i) {
        if (!harness_has_note(&recs[i], "oversubscribed"))
            full = &recs[i]; /* the most threads within the usable cores */
        else if (recs[i].time_s > 0)
            best_over = fmax(best_over, base->time_s / recs[i].time_s);
    }
    if (!base || !full || !(full->time_s > 0))
        return snprintf(why, wl, "this machine has one usable core: there is no core count to go beyond"), false;
    double at_cores = base->time_s / full->time_s;
    snprintf(m, ml, "%.2fx on %d threads (the usable cores), at most %.2fx beyond them", at_cores, full->threads,
             best_over);
    why_flagged(base, "1 thread", why, wl);
    why_flagged(full, "the run on all usable cores", why, wl);
    if (!why[0] && best_over > 1.1 * at_cores)
        snprintf(why, wl, "more threads than cores ran faster here (%.2fx against %.2fx): the usable cores were busy "
                 "when the smaller runs ran", best_over, at_cores);
    return !why[0];
}

/* ---- amdahl ---- */

static amdahl_params amdahl_p[MAX_STEPS];

static bool amdahl_plan(const demo_options *o, demo_step *s, size_t *count, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    size_t n = 0;
    uint64_t size = o->size ? o->size : demo_amdahl_kernel.default_size;
    int top = o->threads ? (int)o->threads : cores();
    char strong[32], weak[32];
    snprintf(strong, sizeof strong, "amdahl-f%.2f", o->serial_fraction);
    snprintf(weak, sizeof weak, "weak-gustafson-f%.2f", o->serial_fraction);
    uint64_t serial = (uint64_t)(o->serial_fraction * (double)size + 0.5);
    /* Thread counts 1..top, or on a big machine 1, 2, 4, ... and top: two series of them
     * must fit in MAX_STEPS (at most 2 x 14 steps up to 4096 threads). */
    int ladder[32], nl = 0;
    for (int t = 1; t <= top && nl < 31; t = top <= 16 ? t + 1 : 2 * t)
        ladder[nl++] = t;
    if (ladder[nl - 1] != top)
        ladder[nl++] = top;
    /* strong scaling (Amdahl): the same job on more threads */
    for (int i = 0; i < nl && n < MAX_STEPS; ++i) {
        amdahl_p[n].serial_units = serial;
        add(s, &n, &demo_amdahl_kernel, "strong", size, ladder[i], &amdahl_p[n], strong);
    }
    /* weak scaling (Gustafson): the parallel part grows with the threads */
    for (int i = 0; i < nl && n < MAX_STEPS; ++i) {
        amdahl_p[n].serial_units = serial;
        add(s, &n, &demo_amdahl_kernel, "weak", serial + (size - serial) * (uint64_t)ladder[i], ladder[i], &amdahl_p[n],
            weak);
    }
    *count = n;
    return true;
}

static void amdahl_summary(const demo_options *o, const result_record *recs, size_t n)
{
    double f = o->serial_fraction;
    const result_record *one = NULL, *weak_one = NULL;
    printf("%8s %8s %10s %10s   %10s %10s\n", "threads", "scaling", "measured", "Amdahl", "measured", "Gustafson");
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        bool weak = strncmp(r->tag, "weak-", 5) == 0;
        if (r->threads == 1)
            *(weak ? &weak_one : &one) = r;
        const result_record *base = weak ? weak_one : one;
        if (!base || r->throughput <= 0)
            continue;
        double s = r->throughput / base->throughput; /* = time ratio for a fixed size */
        if (weak)
            printf("%8d %8s %10s %10s   %9.2fx %9.2fx\n", r->threads, "weak", "", "", s,
                   gustafson_speedup(f, r->threads));
        else
            printf("%8d %8s %9.2fx %9.2fx\n", r->threads, "strong", s, amdahl_speedup(f, r->threads));
    }
    printf("The serial fraction f = %.2f is the share of the job's time that only one thread can run.\n"
           "strong rows: the same job on more threads; the serial part does not shrink, so the speedup stays below\n"
           "  1/f = %.1fx however many threads run the rest (Amdahl).\n"
           "weak rows: the parallel part grows with the threads and the serial part stays, so on T threads f is still\n"
           "  the serial share of the time (of all the work it is less: the serial-share-of-work note) and the scaled\n"
           "  speedup T - f(T - 1) keeps growing (Gustafson).\n", f, f > 0 ? 1.0 / f : INFINITY);
}

static bool amdahl_holds(const demo_options *o, const result_record *recs, size_t n, char *m, size_t ml, char *why,
                         size_t wl)
{
    const result_record *one = NULL, *top = NULL;
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        if (strncmp(r->tag, "weak-", 5) == 0 || harness_has_note(r, "oversubscribed"))
            continue;
        why_flagged(r, r->threads == 1 ? "1 thread" : "a strong-scaling run", why, wl);
        if (r->threads == 1)
            one = r;
        else if (!top || r->threads > top->threads)
            top = r;
    }
    if (!one || !top || !(top->time_s > 0)) {
        if (!why[0])
            snprintf(why, wl, "one usable core: no speedup to compare with the laws");
        return false;
    }
    double s = one->time_s / top->time_s;
    snprintf(m, ml, "%.2fx on %d threads, where Amdahl allows %.2fx (at most %.1fx on any number)", s, top->threads,
             amdahl_speedup(o->serial_fraction, top->threads), o->serial_fraction > 0 ? 1 / o->serial_fraction : 0);
    if (!why[0] && s > 1.1 * amdahl_speedup(o->serial_fraction, top->threads))
        snprintf(why, wl, "the measured speedup is above the law's bound (the one-thread run was slowed)");
    return !why[0];
}

/* ---- io-vs-cpu ---- */

const demo_io_cpu_case demo_io_cpu_cases[DEMO_IO_CPU_CASES] = {
    {"one at a time", "blocking", "serial"},
    {"concurrent, one core", "nonblocking", "omp-one-core"},
    {"parallel, all cores", "threads", "omp"},
};

static alignas(max_align_t) unsigned char latency_params[IO_PARAMS_MAX];
static char value_threads[32];

static bool io_cpu_plan(const demo_options *o, demo_step *s, size_t *count, char *err, size_t errlen)
{
    size_t n = 0;
    int c = o->threads ? (int)o->threads : cores();
    const io_driver *lat = io_driver_find("latency");
    const opt_spec *options = lat->kernel->options->table;
    char tasks[32], latency[32];
    cli_kernel_defaults(lat->kernel, latency_params);
    snprintf(tasks, sizeof tasks, "%llu", (unsigned long long)o->tasks);
    snprintf(latency, sizeof latency, "%.17g", o->latency_ms);
    snprintf(value_threads, sizeof value_threads, "%d", c);
    /* the driver's own grammar and ranges, as if typed after parbench io latency */
    if (opt_set(options, latency_params, "requests", tasks, err, errlen) != PB_OK ||
        opt_set(options, latency_params, "latency", latency, err, errlen) != PB_OK ||
        opt_set(options, latency_params, "threads", value_threads, err, errlen) != PB_OK)
        return false;
    /* the same number of tasks: a request of latency_ms, or a chunk of 2^23 samples (32 of
     * them: 0.27 s serial here, long enough to be more than start-up); one at a time on one
     * worker, concurrent on one core (one thread waiting on all requests, or a thread per
     * chunk pinned to one core), parallel with a thread per core */
    const demo_io_cpu_case *k = demo_io_cpu_cases;
    int io_threads[DEMO_IO_CPU_CASES] = {1, 1, c}, cpu_threads[DEMO_IO_CPU_CASES] = {1, (int)o->tasks, c};
    for (int i = 0; i < DEMO_IO_CPU_CASES; ++i)
        add(s, &n, lat->kernel, k[i].io_mode, o->tasks, io_threads[i], latency_params, "demo-io-vs-cpu");
    for (int i = 0; i < DEMO_IO_CPU_CASES; ++i)
        add(s, &n, &montecarlo_kernel, k[i].cpu_variant, o->tasks << 23, cpu_threads[i], NULL, "demo-io-vs-cpu");
    *count = n;
    return true;
}

static void io_cpu_summary(const demo_options *o, const result_record *recs, size_t n)
{
    const demo_io_cpu_case *c = demo_io_cpu_cases;
    const result_record *io0 = find(recs, n, "io-latency", c[0].io_mode, 0);
    const result_record *cpu0 = find(recs, n, "montecarlo", c[0].cpu_variant, 0);
    printf("%llu tasks: %-22s %12s %12s\n", (unsigned long long)o->tasks, "", "I/O-bound", "CPU-bound");
    for (int i = 0; i < DEMO_IO_CPU_CASES; ++i) {
        const result_record *io = find(recs, n, "io-latency", c[i].io_mode, 0);
        const result_record *cpu = find(recs, n, "montecarlo", c[i].cpu_variant, 0);
        printf("  %-28s", c[i].label);
        if (io && io0)
            printf(" %10.2fx", io0->time_s / io->time_s);
        if (cpu && cpu0)
            printf(" %11.2fx", cpu0->time_s / cpu->time_s);
        printf("\n");
    }
}

static bool io_cpu_holds(const demo_options *o, const result_record *recs, size_t n, char *m, size_t ml, char *why,
                         size_t wl)
{
    (void)o;
    const demo_io_cpu_case *c = demo_io_cpu_cases;
    const result_record *io0 = find(recs, n, "io-latency", c[0].io_mode, 0);
    const result_record *io1 = find(recs, n, "io-latency", c[1].io_mode, 0);
    const result_record *cpu0 = find(recs, n, "montecarlo", c[0].cpu_variant, 0);
    const result_record *cpu1 = find(recs, n, "montecarlo", c[1].cpu_variant, 0);
    const result_record *cpu2 = find(recs, n, "montecarlo", c[2].cpu_variant, 0);
    if (!io0 || !io1 || !cpu0 || !cpu1 || !cpu2 || !(io1->time_s > 0) || !(cpu1->time_s > 0) || !(cpu2->time_s > 0))
        return snprintf(why, wl, "a case did not run"), false;
    double wait_one = io0->time_s / io1->time_s, cpu_one = cpu0->time_s / cpu1->time_s;
    double cpu_all = cpu0->time_s / cpu2->time_s;
    int usable = cpu2->usable_cores < cpu2->threads ? cpu2->usable_cores : cpu2->threads;
    snprintf(m, ml, "waiting: %.2fx concurrent on one core; computing: %.2fx concurrent on one core, %.2fx parallel on "
             "%d threads", wait_one, cpu_one, cpu_all, cpu2->threads);
    if (usable < 2)
        snprintf(why, wl, "one usable core: parallelism has no second core to run on");
    why_flagged(cpu0, "one at a time (CPU)", why, wl);
    why_flagged(cpu2, "parallel (CPU)", why, wl);
    if (!why[0] && wait_one < 2)
        snprintf(why, wl, "the waits did not overlap (%.2fx)", wait_one);
    else if (!why[0] && (cpu_all < 0.6 * usable || cpu_one > 1.25))
        snprintf(why, wl, "the computing did not scale as the cores allow (%.2fx on %d cores, %.2fx on one): the "
                 "machine was busy", cpu_all, usable, cpu_one);
    return !why[0];
}

/* ---- timeline ---- */

static bool timeline_plan(const demo_options *o, demo_step *s, size_t *count, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    size_t n = 0;
    uint64_t steps = demo_timeline_kernel.default_size;
    add(s, &n, &demo_timeline_kernel, "sequential", steps, 1, &o->timeline, "demo-timeline");
    add(s, &n, &demo_timeline_kernel, "concurrent", steps, 1, &o->timeline, "demo-timeline");
    add(s, &n, &demo_timeline_kernel, "parallel", steps, 2, &o->timeline, "demo-timeline");
    *count = n;
    return true;
}

/* Each case's last repetition drawn from its record's detail, all to one time scale, so
 * that the lengths compare; then what the medians say. */
static void timeline_summary(const demo_options *o, const result_record *recs, size_t n)
{
    static const char *const cases[3] = {"sequential", "concurrent", "parallel"};
    static const char *const heads[3] = {"one after the other, one worker (the steps wait on the device)",
                                         "concurrently, one worker (the steps wait on the device)",
                                         "in parallel, two workers (the steps compute)"};
    static const char indent[] = "  ";
    timeline_span spans[3][TIMELINE_MAX_SPANS];
    size_t count[3] = {0};
    const result_record *r[3];
    double end = 0;
    for (int i = 0; i < 3; ++i) {
        r[i] = find(recs, n, "demo-timeline", cases[i], 0);
        count[i] = r[i] ? timeline_parse(r[i]->detail, spans[i], TIMELINE_MAX_SPANS) : 0;
        for (size_t k = 0; k < count[i]; ++k)
            end = spans[i][k].t1 > end ? spans[i][k].t1 : end;
    }
    int prefix = (int)strlen(indent) + (int)strlen("worker 0: ");
    int width = timeline_terminal_width() - prefix - 1;
    width = width < 20 ? 20 : width;
    printf("Each step %g ms. One line per worker, time running to the right, the last repetition of each case,\n"
           "all to one scale; where steps are in progress at once on one worker they share a bar (A1+B1).\n",
           o->timeline.step_ms);
    for (int i = 0; i < 3; ++i) {
        if (!r[i] || !count[i])
            continue;
        char lines[4096];
        timeline_render(spans[i], count[i], end, width, indent, lines, sizeof lines);
        printf("\n%s: median %.3f s\n%s", heads[i], r[i]->time_s, lines);
    }
    char last[32]; /* the time axis: 0 under the first column, the end under the last */
    int len = snprintf(last, sizeof last, "%.3f s", end);
    printf("%*s0%*s%s\n", prefix, "", width - len > 0 ? width - len : 1, "", last);
}

static bool timeline_holds(const demo_options *o, const result_record *recs, size_t n, char *m, size_t ml, char *why,
                           size_t wl)
{
    (void)o;
    const result_record *seq = find(recs, n, "demo-timeline", "sequential", 0);
    const result_record *con = find(recs, n, "demo-timeline", "concurrent", 0);
    const result_record *par = find(recs, n, "demo-timeline", "parallel", 0);
    if (!seq || !con || !par || !(con->time_s > 0) || !(par->time_s > 0))
        return snprintf(why, wl, "a case did not run"), false;
    double overlap = seq->time_s / con->time_s, parallel = seq->time_s / par->time_s;
    snprintf(m, ml, "one after the other %.3f s; concurrent on one worker %.3f s (%.2fx, %.1f ms of CPU); parallel on "
             "two workers %.3f s (%.2fx, %.1f cores busy)", seq->time_s, con->time_s, overlap, 1e3 * con->cpu_s,
             par->time_s, parallel, par->cores_busy);
    if (par->usable_cores > 0 && par->usable_cores < par->threads)
        snprintf(why, wl, "the two workers had %d usable core%s", par->usable_cores, par->usable_cores == 1 ? "" : "s");
    why_flagged(par, "parallel", why, wl);
    if (!why[0] && overlap < 1.5)
        snprintf(why, wl, "the concurrent case did not overlap its waits (%.2fx)", overlap);
    else if (!why[0] && parallel < 1.5)
        snprintf(why, wl, "the two workers did not run at the same instant (%.2fx; %.1f cores busy between them)",
                 parallel, par->cores_busy);
    return !why[0];
}

/* ---- deadlock (threads and locks; see drivers/demo/deadlock.c) ---- */

static bool deadlock_plan(const demo_options *o, demo_step *s, size_t *count, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    size_t n = 0;
    add(s, &n, &demo_deadlock_kernel, "opposite-order", 1, 2, NULL, demo_deadlock_kernel.name);
    add(s, &n, &demo_deadlock_kernel, "one-order", o->size ? o->size : demo_deadlock_kernel.default_size, 2, NULL,
        demo_deadlock_kernel.name);
    *count = n;
    return true;
}

static void deadlock_summary(const demo_options *o, const result_record *recs, size_t n)
{
    (void)o;
    for (size_t i = 0; i < n; ++i)
        printf("%-14s %s%s (median %.3f s)\n", recs[i].variant, recs[i].detail, recs[i].verified ? "" : " NOT verified",
               recs[i].time_s);
}

static bool deadlock_holds(const demo_options *o, const result_record *recs, size_t n, char *m, size_t ml, char *why,
                           size_t wl)
{
    (void)o;
    const result_record *opp = find(recs, n, "demo-deadlock", "opposite-order", 0);
    const result_record *one = find(recs, n, "demo-deadlock", "one-order", 0);
    if (!opp || !one)
        return snprintf(why, wl, "a case did not run"), false;
    snprintf(m, ml, "opposite order: %s; one order: %s rounds in %.3f s", opp->verified ? "deadlock caught" : "not caught",
             one->result, one->time_s);
    if (!opp->verified || !one->verified)
        snprintf(why, wl, "%s", !opp->verified ? "the watchdog did not catch both threads" : "the one-order case failed");
    return !why[0];
}

static const demo demos[] = {
    {"race", "threads incrementing a shared counter: lost updates, and what the fixes cost",
     "Threads read, add and write one counter: without synchronization (the racy cases, wrong on purpose), with\n"
     "an atomic, a critical section and a reduction.",
     race_plan, race_summary,
     "threads that update shared data without synchronization lose updates; an atomic, a critical section and a "
     "reduction are correct, at very different costs",
     "the racy case lost updates and every synchronized case is correct", race_holds},
    {"false-sharing", "private counters in one cache line vs one line each",
     "Each thread has its own counter: packed 8 bytes apart (one cache line for all), or padded to one line each\n"
     "(the line size hwloc reports).",
     sharing_plan, sharing_summary,
     "private data in one cache line is slow: every write steals the line from the other cores; padding removes it",
     "packed takes at least 1.2x the time of padded, both rows trusted", sharing_holds},
    {"oversubscription", "a compute kernel at 1..4x as many threads as cores",
     "The same Monte Carlo job on 1 thread, on as many threads as cores, and on 2, 3 and 4 times as many.",
     oversub_plan, oversub_summary,
     "more threads than cores do not run faster: the cores take turns, the speedup flattens at the core count and "
     "the efficiency falls",
     "the 1-thread and all-cores runs trusted, and no run beyond the cores more than 10% faster than all cores",
     oversub_holds},
    {"amdahl", "a job with a tunable serial fraction vs Amdahl's and Gustafson's laws",
     "A job whose fraction f runs on one thread: the same job on more threads (strong), and a job whose parallel\n"
     "part grows with the threads (weak), next to Amdahl's and Gustafson's predictions.",
     amdahl_plan, amdahl_summary,
     "a serial fraction f caps the speedup at 1/f however many threads run the rest (Amdahl); grown with the "
     "threads, the scaled speedup keeps growing (Gustafson)",
     "the strong-scaling runs within the usable cores trusted, their speedup within 10% of Amdahl's bound",
     amdahl_holds},
    {"io-vs-cpu", "the same tasks, I/O-bound and CPU-bound, concurrent on one core and parallel",
     "The same number of tasks, waiting on a slow device or computing: one at a time, concurrent on one core,\n"
     "and parallel with a thread per core.",
     io_cpu_plan, io_cpu_summary,
     "waiting overlaps on one core (concurrency); computing only speeds up with more cores (parallelism)",
     "2 or more usable cores, the waits at least 2x faster concurrent, the computing at least 0.6x the cores "
     "faster in parallel and at most 1.25x concurrent on one core, its rows trusted",
     io_cpu_holds},
    {"timeline", "the tutorial's picture, measured: tasks A and B one after the other, concurrent, parallel",
     "Two tasks, A and B, of two steps each: one after the other; concurrently on one worker, whose steps wait on a\n"
     "device so both tasks are in progress at once; in parallel on two workers, whose steps compute.",
     timeline_plan, timeline_summary,
     "concurrency overlaps the waiting with no second core; parallelism runs work at the same instant and needs a "
     "core for each worker",
     "the concurrent and the parallel cases both at least 1.5x as fast as one after the other, the parallel row "
     "trusted", timeline_holds},
    {"deadlock", "two threads take two locks in opposite order: a deadlock, caught by a watchdog, and its cure; "
     "--mpi: two MPI ranks both MPI_Send first, and three cures",
     "Two threads, two locks: each holds its first lock and asks for the other's (opposite order), a watchdog\n"
     "giving up after " PB_STR(DEMO_DEADLOCK_BOUND_MS) " ms; then both take L1 before L2 (one order), round after round.",
     deadlock_plan, deadlock_summary,
     "two threads that take two locks in opposite orders wait for each other forever; one lock order for everyone "
     "cures it",
     "the watchdog caught both opposite-order threads waiting, and the one-order case finished every round",
     deadlock_holds},
};
#define NDEMOS (sizeof demos / sizeof demos[0])

const char *demo_name(size_t i) { return i < NDEMOS ? demos[i].name : NULL; }

void demo_names(FILE *out)
{
    for (size_t i = 0; i < NDEMOS; ++i)
        fprintf(out, "%s\n", demos[i].name);
}

void demo_list(void)
{
    printf("demos (parbench demo NAME; see parbench demo --help):\n");
    for (size_t i = 0; i < NDEMOS; ++i)
        printf("  %-16s %s\n", demos[i].name, demos[i].what);
}

/* Each demo's lesson and what its numbers must show first (--help). */
static void demo_lessons(void)
{
    printf("\nlessons, each stated only when the run's own numbers show it:\n");
    for (size_t i = 0; i < NDEMOS; ++i)
        printf("  %-16s %s\n  %-16s   when: %s\n", demos[i].name, demos[i].lesson, "", demos[i].condition);
}

static const opt_command demo_cmd = {
    .name = "demo", .usage = "parbench demo NAME [options]",
    .summary = "short, measured demonstrations of the pitfalls of concurrency and parallelism",
    .positional = "NAME", .min_positional = 0, .max_positional = 1,
};

#define D(field) offsetof(demo_options, field)
static const opt_spec demo_options_table[] = {
    {.name = "threads", .kind = OPT_COUNT, .offset = D(threads), .min = 1, .max = OPT_THREADS_LIMIT / 4,
     .metavar = "T", .expect = "a thread count from 1 to 1024",
     .help = "workers", .computed = "max(2, the machine's cores) for race and false-sharing, its cores for the others",
     .applies = "race,false-sharing,oversubscription,amdahl,io-vs-cpu"},
    {.name = "size", .kind = OPT_SIZE, .offset = D(size), .min = 1, .max = 1ull << 36,
     .expect = "a whole number from 1 to 2^36, like 1e6 or 2^20",
     .help = "the demo's problem size", .computed = "a size that runs in a few seconds",
     .applies = "race,false-sharing,oversubscription,amdahl,deadlock"},
    {.name = "serial-fraction", .kind = OPT_REAL, .offset = D(serial_fraction), .dmin = 0, .dmax = 1, .metavar = "F",
     .expect = "a fraction from 0 to 1, like 0.25", .help = "the job's serial fraction", .applies = "amdahl"},
    {.name = "latency", .kind = OPT_REAL, .offset = D(latency_ms), .dmin = 0.1, .dmax = 1000, .metavar = "MS",
     .expect = "milliseconds from 0.1 to 1000", .help = "each I/O task's wait", .applies = "io-vs-cpu"},
    {.name = "tasks", .kind = OPT_COUNT, .offset = D(tasks), .min = 1, .max = 1024, .metavar = "K",
     .expect = "a task count from 1 to 1024", .help = "tasks of each kind", .applies = "io-vs-cpu"},
    {.name = "step", .kind = OPT_REAL, .offset = D(timeline.step_ms), .dmin = 1, .dmax = 1000, .metavar = "MS",
     .expect = "milliseconds from 1 to 1000", .help = "how long each step waits or computes", .applies = "timeline"},
    {0},
};

static void summarize(const plan *p, const result_record *recs, size_t n)
{
    const demo_options *o = p->summary_data;
    const demo *d = o->demo;
    printf("\n");
    d->summary(o, recs, n);
    char measured[512] = "", why[512] = "";
    if (d->holds(o, recs, n, measured, sizeof measured, why, sizeof why))
        printf("\nlesson: %s (measured: %s)\n", d->lesson, measured);
    else
        printf("\nlesson not shown: %s.%s%s\nRun it again when the machine is quieter: parbench demo %s --wait-quiet 60 "
               "--attempts 3\n", why, measured[0] ? " Measured: " : "", measured, d->name);
}

int demo_main(int argc, char **argv)
{
    if (demo_deadlock_mpi_asked(argc, argv)) /* the MPI form: its own options and launcher */
        return demo_deadlock_mpi_main(argc, argv);
    demo_options o = {.serial_fraction = 0.25, .latency_ms = 20, .tasks = 32, .timeline = {.step_ms = 100}};
    opt_group groups[2];
    opt_parsed parsed;
    int status;
    if (!run_common_parse(&demo_cmd, demo_options_table, &o, &o.c, 3, groups, argc, argv, &parsed, &status))
        return status;
    char err[768];
    if (parsed.help) {
        opt_print_help(&demo_cmd, groups, 2, stdout);
        printf("\n");
        demo_list();
        demo_lessons();
        return PB_OK;
    }
    char names[128] = "";
    for (size_t i = 0, pos = 0; i < NDEMOS; ++i)
        pos += (size_t)snprintf(names + pos, sizeof names - pos, "%s%s", i ? ", " : "", demos[i].name);
    for (size_t i = 0; i < NDEMOS && parsed.npositional; ++i)
        if (strcmp(parsed.positional[0], demos[i].name) == 0)
            o.demo = &demos[i];
    if (!o.demo) {
        if (parsed.npositional)
            snprintf(err, sizeof err, "unknown demo '%s': expected one of %s", opt_show(parsed.positional[0]), names);
        else
            snprintf(err, sizeof err, "parbench demo needs a NAME: one of %s", names);
        return cli_usage_error(err);
    }
    const char *chosen = o.demo->name;
    if (opt_check_applies(&parsed, &chosen, 1, "the demo", err, sizeof err) != PB_OK ||
        run_common_check(&o.c, &parsed, err, sizeof err) != PB_OK ||
        harness_check_debug_env(err, sizeof err) != PB_OK)
        return cli_usage_error(err);
    if (pb_mpi_env_size() > 1) { /* each copy would run the whole demo and write its rows */
        snprintf(err, sizeof err, "demo %s runs in one process (threads on one machine): start it without mpirun "
                 "(this launcher started %d copies)", o.demo->name, pb_mpi_env_size());
        return cli_usage_error(err);
    }
    static demo_step steps[MAX_STEPS];
    size_t nsteps = 0;
    if (!o.demo->plan(&o, steps, &nsteps, err, sizeof err))
        return cli_usage_error(err);
    plan p = {.csv = o.c.csv, .trace = o.c.trace, .quiet = o.c.quiet, .first_column = "case", .summary = summarize,
              .summary_data = &o, .wait_quiet = o.c.wait_quiet, .attempts = (int)o.c.attempts, .verdict = true};
    snprintf(p.title, sizeof p.title, "parbench demo %s: %s\n%s\n", o.demo->name, o.demo->what, o.demo->explain);
    status = PB_OK;
    for (size_t i = 0; i < nsteps && status == PB_OK; ++i) {
        const demo_step *st = &steps[i];
        run_spec spec = cli_step_spec(&o.c, st->kernel, kernel_variant(st->kernel, st->variant), st->size,
                                      st->threads, st->params);
        spec.tag = st->tag;
        char label[96];
        snprintf(label, sizeof label, "demo %s/%s", o.demo->name, st->variant);
        if (!plan_add(&p, &spec, label))
            status = PB_RUNTIME_ERROR;
    }
    if (status != PB_OK)
        fprintf(stderr, "parbench: out of memory for the plan\n");
    else if (o.c.dry_run) {
        status = o.c.csv && results_check(o.c.csv, err, sizeof err) != PB_OK ? cli_usage_error(err) : PB_OK;
        if (status == PB_OK && !o.c.quiet)
            cli_print_memory(&p, false);
    }
    else
        status = runner_execute(&p);
    plan_free(&p);
    return status;
}
