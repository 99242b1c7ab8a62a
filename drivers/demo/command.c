/* `parbench demo NAME`: each demo is a list of steps (kernel, case, size, threads), run
 * through the harness into the table and the CSV like any kernel, then a few lines that
 * say what the numbers show. Rows carry a tag (demo-race, oversubscription, ...) so the
 * plot scripts group them. */
#include "demo/demo.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "core/harness.h"
#include "io/io.h"
#include "env/machine.h"
#include "env/mpi_env.h"
#include "cli/options.h"
#include "cli/parse.h"
#include "output/report.h"
#include "output/results.h"
#include "core/runner.h"

extern const kernel_desc montecarlo_kernel;

#define MAX_STEPS 48

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
    int threads;            /* 0: the demo's default (from the cores) */
    int reps, warmup;
    double serial_fraction; /* amdahl */
    double latency_ms;      /* io-vs-cpu */
    uint64_t tasks;         /* io-vs-cpu */
    const char *csv;
    bool quiet;
} demo_options;

typedef struct demo {
    const char *name;
    const char *what;      /* one line for the list */
    const char *explain;   /* the two lines printed before the table */
    size_t (*plan)(const demo_options *o, demo_step *steps);
    void (*summary)(const demo_options *o, const demo_step *steps, const result_record *recs, size_t n);
} demo;

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

static size_t race_plan(const demo_options *o, demo_step *s)
{
    size_t n = 0;
    uint64_t size = o->size ? o->size : demo_race_kernel.default_size;
    int t = o->threads ? o->threads : at_least_two(cores());
    /* the forced interleaving costs two barriers per round: fewer rounds suffice */
    uint64_t lockstep = size < 2000ull * (uint64_t)t ? size : 2000ull * (uint64_t)t;
    add(s, &n, &demo_race_kernel, "racy", size, t, NULL, "demo-race");
    add(s, &n, &demo_race_kernel, "lockstep", lockstep, t, NULL, "demo-race");
    add(s, &n, &demo_race_kernel, "atomic", size, t, NULL, "demo-race");
    add(s, &n, &demo_race_kernel, "critical", size, t, NULL, "demo-race");
    add(s, &n, &demo_race_kernel, "reduction", size, t, NULL, "demo-race");
    return n;
}

static void race_summary(const demo_options *o, const demo_step *steps, const result_record *recs, size_t n)
{
    (void)o, (void)steps;
    const result_record *red = find(recs, n, "demo-race", "reduction", 0);
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        const char *lost = strstr(r->notes, "lost-updates=");
        if (!r->verified && lost) {
            printf("%-9s WRONG ON PURPOSE: counter %s after %llu increments: %llu updates lost\n", r->variant,
                   r->result,
                   (unsigned long long)(strcmp(r->variant, "lockstep") == 0
                                            ? r->size / (uint64_t)r->threads * (uint64_t)r->threads
                                            : r->size),
                   strtoull(lost + strlen("lost-updates="), NULL, 10));
        } else if (red && red->time_s > 0) {
            printf("%-9s correct (%s), %.1fx the time of the reduction\n", r->variant, r->result, r->time_s / red->time_s);
        }
    }
}

/* ---- false sharing ---- */

static size_t sharing_plan(const demo_options *o, demo_step *s)
{
    size_t n = 0;
    uint64_t size = o->size ? o->size : demo_false_sharing_kernel.default_size;
    int t = o->threads ? o->threads : at_least_two(cores());
    add(s, &n, &demo_false_sharing_kernel, "packed", size, t, NULL, "demo-false-sharing");
    add(s, &n, &demo_false_sharing_kernel, "padded", size, t, NULL, "demo-false-sharing");
    return n;
}

static void sharing_summary(const demo_options *o, const demo_step *steps, const result_record *recs, size_t n)
{
    (void)o, (void)steps;
    const result_record *packed = find(recs, n, "demo-false-sharing", "packed", 0);
    const result_record *padded = find(recs, n, "demo-false-sharing", "padded", 0);
    if (packed && padded && padded->time_s > 0)
        printf("false sharing: counters 8 bytes apart take %.2fx the time of counters %llu bytes apart "
               "(one cache line each), for the same %d threads and the same increments\n",
               packed->time_s / padded->time_s, (unsigned long long)machine_cache_line(), packed->threads);
}

/* ---- oversubscription ---- */

static size_t oversub_plan(const demo_options *o, demo_step *s)
{
    size_t n = 0;
    uint64_t size = o->size ? o->size : 200000000ull;
    int c = o->threads ? o->threads : cores();
    add(s, &n, &montecarlo_kernel, "omp", size, 1, NULL, "oversubscription");
    for (int k = 1; k <= 4; ++k)
        if (k * c > 1)
            add(s, &n, &montecarlo_kernel, "omp", size, k * c, NULL, "oversubscription");
    return n;
}

static void oversub_summary(const demo_options *o, const demo_step *steps, const result_record *recs, size_t n)
{
    (void)o, (void)steps;
    if (n == 0 || recs[0].time_s <= 0)
        return;
    printf("%8s %8s %10s %11s   (on %d cores)\n", "threads", "x cores", "speedup", "efficiency", cores());
    for (size_t i = 0; i < n; ++i) {
        double s = recs[0].time_s / recs[i].time_s;
        printf("%8d %8.1f %9.2fx %10.0f%%\n", recs[i].threads, (double)recs[i].threads / cores(), s,
               100.0 * s / recs[i].threads);
    }
}

/* ---- amdahl ---- */

static amdahl_params amdahl_p[MAX_STEPS];

static size_t amdahl_plan(const demo_options *o, demo_step *s)
{
    size_t n = 0;
    uint64_t size = o->size ? o->size : demo_amdahl_kernel.default_size;
    int top = o->threads ? o->threads : cores();
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
        add(s, &n, &demo_amdahl_kernel, "omp", size, ladder[i], &amdahl_p[n], strong);
    }
    /* weak scaling (Gustafson): the parallel part grows with the threads */
    for (int i = 0; i < nl && n < MAX_STEPS; ++i) {
        amdahl_p[n].serial_units = serial;
        add(s, &n, &demo_amdahl_kernel, "omp", serial + (size - serial) * (uint64_t)ladder[i], ladder[i], &amdahl_p[n],
            weak);
    }
    return n;
}

static void amdahl_summary(const demo_options *o, const demo_step *steps, const result_record *recs, size_t n)
{
    (void)steps;
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
    printf("serial fraction %.2f: Amdahl bounds the speedup of a fixed job by %.1fx; Gustafson's scaled "
           "speedup keeps growing with the threads\n", f, f > 0 ? 1.0 / f : 0.0);
}

/* ---- io-vs-cpu ---- */

static alignas(max_align_t) unsigned char latency_params[IO_PARAMS_MAX];

static size_t io_cpu_plan(const demo_options *o, demo_step *s)
{
    size_t n = 0;
    int c = o->threads ? o->threads : cores();
    const io_driver *lat = io_driver_find("latency");
    char value[32], err[256];
    lat->defaults(latency_params);
    snprintf(value, sizeof value, "%llu", (unsigned long long)o->tasks);
    io_params_set(lat, latency_params, "requests", value, err, sizeof err);
    snprintf(value, sizeof value, "%g", o->latency_ms);
    io_params_set(lat, latency_params, "latency", value, err, sizeof err);
    ((io_common *)(void *)latency_params)->threads = (uint64_t)c;
    ((io_common *)(void *)latency_params)->reps = o->reps;
    ((io_common *)(void *)latency_params)->seed = 42;
    /* the same number of tasks: a request of latency_ms, or a chunk of 2^22 samples */
    add(s, &n, lat->kernel, "blocking", o->tasks, 1, latency_params, "demo-io-vs-cpu");
    add(s, &n, lat->kernel, "nonblocking", o->tasks, 1, latency_params, "demo-io-vs-cpu");
    add(s, &n, lat->kernel, "threads", o->tasks, c, latency_params, "demo-io-vs-cpu");
    uint64_t samples = o->tasks << 22;
    add(s, &n, &montecarlo_kernel, "serial", samples, 1, NULL, "demo-io-vs-cpu");
    add(s, &n, &montecarlo_kernel, "omp-one-core", samples, (int)o->tasks, NULL, "demo-io-vs-cpu");
    add(s, &n, &montecarlo_kernel, "omp", samples, c, NULL, "demo-io-vs-cpu");
    return n;
}

static void io_cpu_summary(const demo_options *o, const demo_step *steps, const result_record *recs, size_t n)
{
    (void)steps;
    static const char *io_cases[3] = {"blocking", "nonblocking", "threads"};
    static const char *cpu_cases[3] = {"serial", "omp-one-core", "omp"};
    static const char *labels[3] = {"one at a time", "concurrent, one core", "parallel, all cores"};
    const result_record *io0 = find(recs, n, "io-latency", "blocking", 0);
    const result_record *cpu0 = find(recs, n, "montecarlo", "serial", 0);
    printf("%llu tasks: %-22s %12s %12s\n", (unsigned long long)o->tasks, "", "I/O-bound", "CPU-bound");
    for (int i = 0; i < 3; ++i) {
        const result_record *io = find(recs, n, "io-latency", io_cases[i], 0);
        const result_record *cpu = find(recs, n, "montecarlo", cpu_cases[i], 0);
        printf("  %-28s", labels[i]);
        if (io && io0)
            printf(" %10.2fx", io0->time_s / io->time_s);
        if (cpu && cpu0)
            printf(" %11.2fx", cpu0->time_s / cpu->time_s);
        printf("\n");
    }
    printf("waiting overlaps on one core (concurrency); computing only speeds up with more cores (parallelism)\n");
}

static const demo demos[] = {
    {"race", "threads incrementing a shared counter: lost updates, and what the fixes cost",
     "Threads that read, add and write one counter without synchronization lose updates (the racy cases are\n"
     "wrong on purpose); an atomic, a critical section and a reduction are correct, at very different costs.",
     race_plan, race_summary},
    {"false-sharing", "private counters in one cache line vs one line each",
     "Each thread has its own counter, yet when the counters share a cache line every write steals the line\n"
     "from the other cores: padding each counter to its own line (the size hwloc reports) removes the slowdown.",
     sharing_plan, sharing_summary},
    {"oversubscription", "a compute kernel at 1..4x as many threads as cores",
     "More threads than cores do not run faster: the cores take turns, the speedup flattens at the core count\n"
     "and the efficiency (speedup per thread) falls. More threads are not always faster.",
     oversub_plan, oversub_summary},
    {"amdahl", "a job with a tunable serial fraction vs Amdahl's and Gustafson's laws",
     "A job whose fraction f runs on one thread speeds up at most 1/f times however many threads run the rest\n"
     "(Amdahl); grow the parallel part with the threads instead and the scaled speedup keeps growing (Gustafson).",
     amdahl_plan, amdahl_summary},
    {"io-vs-cpu", "the same tasks, I/O-bound and CPU-bound, concurrent on one core and parallel",
     "The same number of tasks, waiting on a slow device or computing: concurrency on one core overlaps the\n"
     "waiting but not the computing; only parallelism across the cores speeds up the computing.",
     io_cpu_plan, io_cpu_summary},
};
#define NDEMOS (sizeof demos / sizeof demos[0])

void demo_list(void)
{
    printf("demos (parbench demo NAME; see parbench demo --help):\n");
    for (size_t i = 0; i < NDEMOS; ++i)
        printf("  %-16s %s\n", demos[i].name, demos[i].what);
}

static void usage(void)
{
    printf("usage: parbench demo NAME [--threads T] [--size N] [--reps R] [--warmup W] [--csv FILE] [--quiet]\n"
           "                          [--serial-fraction F] (amdahl) [--latency MS] [--tasks K] (io-vs-cpu)\n"
           "  --threads T  workers (race, false-sharing: default max(2, cores); others: the cores)\n"
           "  --size N     the demo's problem size (default: a size that runs in a few seconds)\n"
           "  defaults: --reps 3 --warmup 1 --serial-fraction 0.25 --latency 20 --tasks 32\n\n");
    demo_list();
}

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return PB_BAD_INPUT;
}

enum { D_THREADS, D_SIZE, D_REPS, D_WARMUP, D_CSV, D_FRACTION, D_LATENCY, D_TASKS, D_QUIET, D_HELP, D_COUNT };
static const char *const option_names[D_COUNT] = {"threads", "size",    "reps",  "warmup", "csv",
                                                 "serial-fraction", "latency", "tasks", "quiet",  "help"};

/* argv[0] = "demo", argv[1] = NAME. */
static int parse(int argc, char **argv, const demo **d, demo_options *o, bool *help, char *err, size_t errlen)
{
    char names[128] = "";
    for (size_t i = 0, pos = 0; i < NDEMOS; ++i)
        pos += (size_t)snprintf(names + pos, sizeof names - pos, "%s%s", i ? ", " : "", demos[i].name);
    *help = false;
    if (argc < 2)
        return fail(err, errlen, "parbench demo needs a NAME: one of %s", names);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        *help = true;
        return PB_OK;
    }
    *d = NULL;
    for (size_t i = 0; i < NDEMOS; ++i)
        if (strcmp(argv[1], demos[i].name) == 0)
            *d = &demos[i];
    if (!*d)
        return fail(err, errlen, "unknown demo '%.64s': expected one of %s", argv[1], names);
    const char *value[D_COUNT] = {0};
    for (int i = 2; i < argc; ++i) {
        const char *arg = argv[i];
        int id = -1;
        const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
        size_t len = strncmp(arg, "--", 2) == 0 ? (eq ? (size_t)(eq - arg - 2) : strlen(arg + 2)) : 0;
        for (int k = 0; k < D_COUNT && len; ++k)
            if (strlen(option_names[k]) == len && strncmp(option_names[k], arg + 2, len) == 0)
                id = k;
        if (id < 0)
            return fail(err, errlen, "unknown option or argument '%s' for parbench demo %s; see parbench demo --help",
                        arg, (*d)->name);
        if (value[id])
            return fail(err, errlen, "--%s is given more than once", option_names[id]);
        bool flag = id == D_QUIET || id == D_HELP;
        if (flag && eq)
            return fail(err, errlen, "--%s takes no value", option_names[id]);
        if (flag)
            value[id] = "";
        else if (!(value[id] = eq ? eq + 1 : option_next_value(argc, argv, &i)))
            return fail(err, errlen, "--%s needs a value; see parbench demo --help", option_names[id]);
    }
    *help = value[D_HELP] != NULL;
    /* an option the demo would ignore is a mistake worth saying */
    static const char *const only_for[D_COUNT] = {[D_FRACTION] = "amdahl", [D_LATENCY] = "io-vs-cpu",
                                                  [D_TASKS] = "io-vs-cpu"};
    for (int id = 0; id < D_COUNT && !*help; ++id)
        if (value[id] && only_for[id] && strcmp(only_for[id], (*d)->name) != 0)
            return fail(err, errlen, "--%s is an option of demo %s only, not of %s", option_names[id], only_for[id],
                        (*d)->name);
    if (value[D_SIZE] && strcmp((*d)->name, "io-vs-cpu") == 0 && !*help)
        return fail(err, errlen, "--size: demo io-vs-cpu is sized by --tasks and --latency");
    const char *why;
    uint64_t v;
    memset(o, 0, sizeof *o);
    o->serial_fraction = 0.25;
    o->latency_ms = 20;
    o->tasks = 32;
    if (value[D_THREADS]) {
        if (!parse_uint(value[D_THREADS], 1, OPT_THREADS_LIMIT / 4, &v, &why))
            return fail(err, errlen, "--threads '%s': %s; expected a thread count from 1 to %d", value[D_THREADS], why,
                        OPT_THREADS_LIMIT / 4);
        o->threads = (int)v;
    }
    if (value[D_SIZE]) {
        if (!parse_size(value[D_SIZE], &o->size, &why))
            o->size = 0;
        else if (o->size < 1 || o->size > (1ull << 36))
            why = o->size < 1 ? "too small" : "too large", o->size = 0;
        if (!o->size)
            return fail(err, errlen, "--size '%s': %s; expected a whole number from 1 to 2^36, like 1e6 or 2^20",
                        value[D_SIZE], why);
    }
    common_values cv = {.reps = 3, .warmup = 1, .seed = 42, .tag = ""};
    int st = options_common(value[D_REPS], value[D_WARMUP], NULL, NULL, &cv, err, errlen);
    if (st != PB_OK)
        return st;
    o->reps = cv.reps;
    o->warmup = cv.warmup;
    if (value[D_FRACTION] && !parse_double(value[D_FRACTION], 0.0, 1.0, &o->serial_fraction, &why))
        return fail(err, errlen, "--serial-fraction '%s': %s; expected a fraction from 0 to 1, like 0.25",
                    value[D_FRACTION], why);
    if (value[D_LATENCY] && (!parse_double(value[D_LATENCY], 0.1, 1000.0, &o->latency_ms, &why)))
        return fail(err, errlen, "--latency '%s': %s; expected milliseconds from 0.1 to 1000", value[D_LATENCY], why);
    if (value[D_TASKS]) {
        if (!parse_uint(value[D_TASKS], 1, 1024, &o->tasks, &why))
            return fail(err, errlen, "--tasks '%s': %s; expected a task count from 1 to 1024", value[D_TASKS], why);
    }
    o->csv = value[D_CSV];
    o->quiet = value[D_QUIET] != NULL;
    return PB_OK;
}

int demo_main(int argc, char **argv)
{
    const demo *d = NULL;
    demo_options o;
    bool help;
    char err[512];
    if (parse(argc, argv, &d, &o, &help, err, sizeof err) != PB_OK) {
        fprintf(stderr, "parbench: %s\n", err);
        return PB_BAD_INPUT;
    }
    if (help) {
        usage();
        return PB_OK;
    }
    if (pb_mpi_env_size() > 1) { /* each copy would run the whole demo and write its rows */
        if (pb_mpi_env_rank() == 0)
            fprintf(stderr, "parbench: demo %s runs in one process (threads on one machine): start it without "
                    "mpirun (this launcher started %d copies)\n", d->name, pb_mpi_env_size());
        return PB_BAD_INPUT;
    }
    int status = runner_begin(false, o.csv);
    if (status != PB_OK)
        return status;
    static demo_step steps[MAX_STEPS];
    static result_record recs[MAX_STEPS];
    size_t nsteps = d->plan(&o, steps), nrec = 0;
    if (!o.quiet) {
        printf("parbench demo %s: %s\n%s\n", d->name, d->what, d->explain);
        report_columns("case");
    }
    for (size_t i = 0; i < nsteps && status != PB_BAD_INPUT; ++i) {
        const demo_step *s = &steps[i];
        run_spec spec = {
            .kernel = s->kernel, .variant = kernel_variant(s->kernel, s->variant), .size = s->size, .seed = 42,
            .threads = s->threads, .reps = o.reps, .warmup = o.warmup, .params = s->params, .tag = s->tag,
            .quiet = o.quiet,
        };
        char label[96];
        snprintf(label, sizeof label, "demo %s/%s", d->name, s->variant);
        int st = runner_step(&spec, o.csv, label, &recs[nrec]);
        if (st == PB_OK || st == PB_VERIFY_FAILED)
            ++nrec;
        status = runner_worse(status, st);
    }
    if (!o.quiet && nrec > 0) {
        printf("\n");
        d->summary(&o, steps, recs, nrec);
    }
    return status;
}
