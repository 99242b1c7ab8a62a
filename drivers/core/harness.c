#include "core/harness.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "base/parse.h"
#include "parbench_config.h"
#include "common/work.h"
#include "core/stats.h"
#include "core/timer.h"
#include "env/machine.h"
#include "env/mpi_env.h"
#include "env/usable_cores.h"

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

bool harness_has_note(const result_record *rec, const char *note)
{
    size_t len = strlen(note);
    for (const char *p = rec->notes; *p;) {
        size_t plen = strcspn(p, ";");
        if (plen == len && strncmp(p, note, len) == 0)
            return true;
        p += plen + (p[plen] == ';');
    }
    return false;
}

static const char *const untrusted[] = {"starved", "cv-high", "tiny", "below-timer-resolution", "roof-below-1core"};

bool harness_flags_trusted(const result_record *rec)
{
    for (size_t i = 0; i < sizeof untrusted / sizeof untrusted[0]; ++i)
        if (harness_has_note(rec, untrusted[i]))
            return false;
    return true;
}

void harness_flaws(const result_record *rec, char *buf, size_t len)
{
    size_t pos = 0;
    buf[0] = '\0';
    if (!rec->verified)
        pos += (size_t)snprintf(buf, len, "not verified");
    for (size_t i = 0; i < sizeof untrusted / sizeof untrusted[0]; ++i)
        if (harness_has_note(rec, untrusted[i]) && pos < len)
            pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "", untrusted[i]);
}

void harness_note(result_record *rec, const char *fmt, ...)
{
    char note[sizeof rec->notes];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(note, sizeof note, fmt, ap);
    va_end(ap);
    if (harness_has_note(rec, note))
        return;
    size_t used = strlen(rec->notes);
    snprintf(rec->notes + used, sizeof rec->notes - used, "%s%s", used ? ";" : "", note);
}

/* All ranks agree on one status; the message of the lowest failing rank travels to all. */
/* The glue's teardown, or free() of a state that is one block. */
static void teardown(const kernel_desc *k, bench_ctx *ctx)
{
    if (k->teardown)
        k->teardown(ctx);
    else
        free(ctx->state);
    ctx->state = NULL;
}

static int agree(int status, bool collective, char *err, size_t errlen)
{
    if (!collective)
        return status;
    int worst = pb_mpi_max_int(status);
    if (worst == PB_OK)
        return PB_OK;
    int culprit = pb_mpi_first_failing(status != PB_OK);
    pb_mpi_bcast_string(err, errlen, culprit);
    if (pb_mpi_size() > 1 && strncmp(err, "rank ", 5) != 0) {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "rank %d: %s", culprit, err);
        snprintf(err, errlen, "%s", tmp);
    }
    return worst;
}

/* The rank a fault-injection variable names, or -1 when it is not set. */
static int debug_rank(const char *name)
{
    const char *v = getenv(name);
    uint64_t r;
    const char *why;
    return v && parse_uint(v, 0, 1u << 24, &r, &why) ? (int)r : -1;
}

int harness_check_debug_env(char *err, size_t errlen)
{
    static const char *const vars[] = {HARNESS_DEBUG_FAIL_ENV, HARNESS_DEBUG_ABORT_ENV};
    for (size_t i = 0; i < 2; ++i) {
        const char *v = getenv(vars[i]), *why;
        uint64_t r;
        if (v && !parse_uint(v, 0, 1u << 24, &r, &why)) {
            snprintf(err, errlen, "%s '%.40s': %s; expected a rank number (a whole number from 0)", vars[i], v, why);
            return PB_BAD_INPUT;
        }
    }
    return PB_OK;
}

/* The workers of this run that share this node's cores. */
static int workers_on_this_node(const run_spec *spec)
{
    exec_model m = spec->variant->model;
    int node_ranks = m == EXEC_MPI || m == EXEC_HYBRID ? pb_mpi_node_size() : 1;
    return node_ranks * (m == EXEC_THREADS || m == EXEC_HYBRID ? spec->threads : 1);
}

/* The rates against the kernel's FLOPs and bytes per repetition, where it has them. */
static void fill_rates(const kernel_desc *k, const bench_ctx *ctx, result_record *rec)
{
    if (rec->time_s <= 0)
        return;
    if (k->flops)
        rec->gflops = k->flops(ctx) / rec->time_s / 1e9;
    if (k->bytes)
        rec->gbytes_s = k->bytes(ctx) / rec->time_s / 1e9;
}

/* The cores the run's workers on this node may use: this process's (affinity mask, CPU
 * quota), or for mpi and hybrid variants what the node's ranks may use together (ranks
 * bound to a core each together have as many cores as ranks). */
static int usable_room(const run_spec *spec)
{
    exec_model m = spec->variant->model;
    int room = usable_cores(NULL);
    if ((m == EXEC_MPI || m == EXEC_HYBRID) && pb_mpi_node_cpus() > 0) {
        int together = room * pb_mpi_node_size();
        room = pb_mpi_node_cpus() < together ? pb_mpi_node_cpus() : together;
    }
    return room;
}

static void fill_record(const run_spec *spec, const bench_ctx *ctx, const double *times, size_t n, double cpu,
                        double load, result_record *rec)
{
    const kernel_desc *k = spec->kernel;
    stats st = stats_compute(times, n);
    snprintf(rec->kernel, sizeof rec->kernel, "%s", k->name);
    snprintf(rec->variant, sizeof rec->variant, "%s", spec->variant->name);
    snprintf(rec->model, sizeof rec->model, "%s", exec_model_name(spec->variant->model));
    snprintf(rec->tag, sizeof rec->tag, "%s", spec->tag ? spec->tag : "");
    rec->size = spec->size;
    rec->seed = spec->seed;
    rec->threads = ctx->threads;
    rec->ranks = ctx->ranks;
    rec->reps = (int)n;
    rec->warmup = spec->warmup;
    rec->time_s = st.median;
    rec->time_min_s = st.min;
    rec->time_max_s = st.max;
    rec->cv = st.cv;
    rec->ci_low_s = st.ci_low;
    rec->ci_high_s = st.ci_high;
    if (!result_record_set_samples(rec, times, n))
        harness_note(rec, "samples-lost"); /* out of memory for a copy: the statistics stand */
    rec->throughput = st.median > 0 ? k->work(ctx) / st.median : 0.0;
    snprintf(rec->unit, sizeof rec->unit, "%s", k->unit);
    fill_rates(k, ctx, rec);
    rec->cpu_s = cpu / (double)n;
    rec->cores_busy = st.median > 0 ? rec->cpu_s / st.median : NAN;
    rec->load1 = load;
    rec->usable_cores = usable_room(spec);
    if (PARBENCH_SIMGRID) {
        /* the CPU time, load and cores of the machine running the simulation say
         * nothing about the simulated hosts: left empty, and no flag is drawn from them */
        rec->cpu_s = rec->cores_busy = rec->load1 = NAN;
        rec->usable_cores = 0;
    }
    snprintf(rec->machine, sizeof rec->machine, "%s", machine_get()->id);
    results_timestamp(rec->timestamp, sizeof rec->timestamp);
}

/* What one rank sends rank 0 about its workers: their busy seconds and the CPUs. */
typedef struct {
    uint64_t cpus[WORK_MAX_CPUS / 64];
    int32_t usable; /* the cores this rank's process may use (its binding, its quota) */
    int32_t pad;
    double busy[]; /* ctx->threads of them */
} rank_work;

/* "0-1,4": the CPUs of a mask as ranges. */
static size_t cpu_ranges(const uint64_t *mask, char *buf, size_t len)
{
    size_t pos = 0;
    buf[0] = '\0';
    for (int c = 0; c < WORK_MAX_CPUS && pos < len; ++c) {
        if (!(mask[c / 64] >> (c % 64) & 1))
            continue;
        int end = c;
        while (end + 1 < WORK_MAX_CPUS && (mask[(end + 1) / 64] >> ((end + 1) % 64) & 1))
            ++end;
        pos += (size_t)snprintf(buf + pos, len - pos, end > c ? "%s%d-%d" : "%s%d", pos ? "," : "", c, end);
        c = end;
    }
    return pos;
}

/* The row's placement (the CPUs each rank's marked work ran on: "r0:0-1;r1:2-3"),
 * imbalance (slowest worker's busy time over the mean) and the shared-core flag (a
 * rank's T threads may use fewer than T cores: the hybrid run bound to one core that
 * is really serial; a busy machine that crowds threads together is `starved` instead),
 * from every rank's marks. Collective for collective variants. */
static void account_work(const run_spec *spec, const bench_ctx *ctx, bool collective, result_record *rec)
{
    int threads = ctx->threads, ranks = collective ? ctx->ranks : 1;
    size_t one = sizeof(rank_work) + (size_t)threads * sizeof(double);
    static work_summary w; /* large: kept out of the stack */
    work_collect(&w);
    rank_work *mine = calloc(1, one), *all = ctx->rank == 0 ? calloc((size_t)ranks, one) : NULL;
    if (mine) {
        memcpy(mine->cpus, w.cpus, sizeof w.cpus);
        mine->usable = usable_cores(NULL);
        for (int t = 0; t < threads && t < WORK_MAX_THREADS; ++t)
            mine->busy[t] = w.busy[t];
    }
    /* every rank takes part, memory or not: zeros stand for a rank that could not report */
    static const char none[sizeof(rank_work) + WORK_MAX_THREADS * sizeof(double)];
    if (collective)
        pb_mpi_gather(mine ? (const void *)mine : none, one, all);
    else if (all && mine)
        memcpy(all, mine, one);
    if (ctx->rank == 0 && all) {
        double sum = 0, max = 0;
        size_t pos = 0;
        bool shared = false;
        for (int r = 0; r < ranks; ++r) {
            const rank_work *rw = (const rank_work *)(const void *)((const char *)all + (size_t)r * one);
            for (int t = 0; t < threads; ++t) {
                sum += rw->busy[t];
                max = rw->busy[t] > max ? rw->busy[t] : max;
            }
            char cpus[160];
            cpu_ranges(rw->cpus, cpus, sizeof cpus);
            pos += (size_t)snprintf(rec->placement + pos, pos < sizeof rec->placement ? sizeof rec->placement - pos : 0,
                                    "%sr%d:%s", r ? ";" : "", r, cpus[0] ? cpus : "?");
            shared |= threads > 1 && rw->usable > 0 && rw->usable < threads;
        }
        double mean = sum / (threads * ranks);
        rec->imbalance = mean > 0 ? max / mean : NAN;
        if (shared && !spec->kernel->threads_wait && !PARBENCH_SIMGRID)
            harness_note(rec, "shared-core");
        if (PARBENCH_SIMGRID) /* the real CPUs that ran the simulated ranks, one after another */
            rec->placement[0] = '\0';
    }
    free(mine);
    free(all);
}

static void flag_untrustworthy(const run_spec *spec, result_record *rec)
{
    if (spec->note)
        harness_note(rec, "%s", spec->note);
    if (rec->cv > HARNESS_CV_LIMIT && rec->reps > 1)
        harness_note(rec, "cv-high");
    if (rec->time_s < HARNESS_MIN_TICKS * timer_tick())
        harness_note(rec, "below-timer-resolution");
    if (PARBENCH_SIMGRID) { /* simulated time on simulated hosts: the host-based flags do not apply */
        harness_note(rec, "simulated");
        return;
    }
    if (rec->time_s < spec->kernel->min_time && !harness_has_note(rec, "below-timer-resolution"))
        harness_note(rec, "tiny"); /* it measured start-up more than the kernel */
    if (workers_on_this_node(spec) > rec->usable_cores && !spec->kernel->threads_wait)
        harness_note(rec, "oversubscribed");
    /* the workers computed, yet the CPU time says fewer cores ran them: the threads
     * waited for cores (a busy machine, a binding, taskset) */
    int workers = rec->threads * rec->ranks;
    if (!spec->kernel->waits && isfinite(rec->cores_busy) && rec->cores_busy < HARNESS_STARVED * workers &&
        rec->time_s >= HARNESS_MIN_TICKS * timer_tick())
        harness_note(rec, "starved");
}

/* Whether --reps auto may stop after n repetitions of sum seconds in all. */
static bool auto_done(const run_spec *spec, const double *times, size_t n, double sum)
{
    if (n >= HARNESS_AUTO_MAX_REPS || sum >= spec->max_time)
        return true;
    if (n < 6 || (n > 1000 && n % (n / 100) != 0)) /* (beyond 1000, look every 1%) */
        return false;
    stats st = stats_compute(times, n);
    return stats_ci_within(&st, HARNESS_AUTO_CI);
}

/* The timed repetitions, after the warm-ups: times[r] is the slowest rank's time. Every
 * rank sees the same times, so with --reps auto all stop together. Returns the count
 * (0: out of memory) and the CPU seconds of all of them in *cpu. */
static size_t time_reps(const run_spec *spec, bench_ctx *ctx, bool collective, double **times, double *cpu)
{
    for (int w = 0; w < spec->warmup; ++w)
        spec->variant->run(ctx);
    size_t cap = spec->reps > 0 ? (size_t)spec->reps : 64, n = 0;
    double *t = malloc(cap * sizeof *t), sum = 0;
    double cpu0 = cpu_seconds();
    bool abort_here = debug_rank(HARNESS_DEBUG_ABORT_ENV) == pb_mpi_rank();
    work_reset();
    for (bool more = t != NULL; more;) {
        if (collective)
            pb_mpi_barrier();
        if (abort_here)
            abort(); /* a rank that dies mid-run: the others must not hang */
        int marked = work_marked();
        work_mark whole = work_begin();
        double t0 = timer_now();
        spec->variant->run(ctx);
        double dt = timer_now() - t0;
        if (work_marked() == marked) /* code that marks nothing: one chunk of thread 0 */
            work_end(whole, 0, WORK_COMPUTE);
        /* A repetition lasts until its slowest rank is done (PRK style). */
        t[n++] = collective ? pb_mpi_max_double(dt) : dt;
        sum += t[n - 1];
        more = spec->reps > 0 ? n < (size_t)spec->reps : !auto_done(spec, t, n, sum);
        if (more && n == cap) {
            double *grown = realloc(t, 2 * cap * sizeof *t);
            more = grown != NULL; /* out of memory: stop with what there is */
            t = grown ? grown : t;
            cap *= 2;
        }
    }
    double used = cpu_seconds() - cpu0;
    *cpu = collective ? pb_mpi_sum_double(used) : used;
    *times = t;
    return t ? n : 0;
}

int harness_run(const run_spec *spec, result_record *rec, char *err, size_t errlen)
{
    exec_model model = spec->variant->model;
    bool collective = model == EXEC_MPI || model == EXEC_HYBRID;
    bool takes_part = collective || pb_mpi_rank() == 0;
    bool threaded = model == EXEC_THREADS || model == EXEC_HYBRID;
    bench_ctx ctx = {
        .size = spec->size,
        .seed = spec->seed,
        .threads = threaded ? spec->threads : 1,
        .ranks = collective ? pb_mpi_size() : 1,
        .rank = collective ? pb_mpi_rank() : 0,
        .comm = collective ? pb_mpi_world() : NULL,
        .variant = spec->variant,
        .reps = spec->reps,
        .params = spec->params,
    };
    result_record_init(rec);
    err[0] = '\0';
    int status = PB_OK;
    if (takes_part) {
        int local = spec->kernel->setup(&ctx, err, errlen);
        /* every rank takes part in this agreement, whatever failed where: none may hang */
        status = agree(local, collective, err, errlen);
        if (status != PB_OK && local == PB_OK)
            teardown(spec->kernel, &ctx); /* another rank failed its setup */
        if (status == PB_OK) {
            double load = NAN, cpu = 0, *times = NULL;
            if (getloadavg(&load, 1) != 1)
                load = NAN;
            size_t n = time_reps(spec, &ctx, collective, &times, &cpu);
            int v = n ? spec->kernel->verify(&ctx, rec->result, sizeof rec->result, err, errlen) : PB_RUNTIME_ERROR;
            if (!n)
                snprintf(err, errlen, "out of memory for the repetition times");
            if (v == PB_OK && debug_rank(HARNESS_DEBUG_FAIL_ENV) == pb_mpi_rank()) {
                snprintf(err, errlen, "verification failed (forced by %s)", HARNESS_DEBUG_FAIL_ENV);
                v = PB_VERIFY_FAILED;
            }
            status = agree(v, collective, err, errlen);
            /* collective for mpi variants; the local host alone otherwise */
            pb_mpi_hosts(collective, rec->hosts, sizeof rec->hosts);
            if (n)
                account_work(spec, &ctx, collective, rec);
            if (ctx.rank == 0 && n) {
                fill_record(spec, &ctx, times, n, cpu, load, rec);
                rec->verified = status == PB_OK;
                if (spec->kernel->annotate) /* may also mark a wrong-on-purpose demo unverified */
                    spec->kernel->annotate(&ctx, rec, spec->earlier, spec->nearlier);
                flag_untrustworthy(spec, rec);
            }
            free(times);
            teardown(spec->kernel, &ctx);
        }
    }
    if (!collective && pb_mpi_active()) {
        /* Ranks other than 0 wait here, asleep, while rank 0 runs the variant alone. */
        pb_mpi_idle_barrier();
        status = agree(status, true, err, errlen);
    }
    return status;
}

void *harness_new_state(bench_ctx *ctx, size_t bytes, char *err, size_t errlen)
{
    ctx->state = calloc(1, bytes);
    if (!ctx->state)
        snprintf(err, errlen, "out of memory: %zu bytes for the kernel's state", bytes);
    return ctx->state;
}
