#include "core/harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli/parse.h"
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

void harness_note(result_record *rec, const char *note)
{
    if (harness_has_note(rec, note))
        return;
    size_t used = strlen(rec->notes);
    snprintf(rec->notes + used, sizeof rec->notes - used, "%s%s", used ? ";" : "", note);
}

/* All ranks agree on one status; the message of the lowest failing rank travels to all. */
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

static void fill_record(const run_spec *spec, const bench_ctx *ctx, const double *times, double cpu, double load,
                        result_record *rec)
{
    const kernel_desc *k = spec->kernel;
    stats st = stats_compute(times, (size_t)spec->reps);
    snprintf(rec->kernel, sizeof rec->kernel, "%s", k->name);
    snprintf(rec->variant, sizeof rec->variant, "%s", spec->variant->name);
    snprintf(rec->tag, sizeof rec->tag, "%s", spec->tag ? spec->tag : "");
    rec->size = spec->size;
    rec->seed = spec->seed;
    rec->threads = ctx->threads;
    rec->ranks = ctx->ranks;
    rec->reps = spec->reps;
    rec->warmup = spec->warmup;
    rec->time_s = st.median;
    rec->time_min_s = st.min;
    rec->time_max_s = st.max;
    rec->cv = st.cv;
    if (!result_record_set_samples(rec, times, (size_t)spec->reps))
        harness_note(rec, "samples-lost"); /* out of memory for a copy: the statistics stand */
    rec->throughput = st.median > 0 ? k->work(ctx) / st.median : 0.0;
    snprintf(rec->unit, sizeof rec->unit, "%s", k->unit);
    rec->cpu_s = cpu / spec->reps;
    rec->cores_busy = st.median > 0 ? rec->cpu_s / st.median : NAN;
    rec->load1 = load;
    rec->usable_cores = usable_cores(NULL);
    snprintf(rec->machine, sizeof rec->machine, "%s", machine_get()->id);
    results_timestamp(rec->timestamp, sizeof rec->timestamp);
}

static void flag_untrustworthy(const run_spec *spec, result_record *rec)
{
    if (rec->cv > HARNESS_CV_LIMIT && spec->reps > 1)
        harness_note(rec, "cv-high");
    if (rec->time_s < HARNESS_MIN_TICKS * timer_tick())
        harness_note(rec, "below-timer-resolution");
    /* more workers than this process may run on (its affinity mask, its CPU quota) */
    if (workers_on_this_node(spec) > usable_cores(NULL) && !spec->kernel->threads_wait)
        harness_note(rec, "oversubscribed");
}

/* The timed repetitions, after the warm-ups: times[r] is the slowest rank's time. */
static double time_reps(const run_spec *spec, bench_ctx *ctx, bool collective, double *times)
{
    for (int w = 0; w < spec->warmup; ++w)
        spec->variant->run(ctx);
    double cpu0 = cpu_seconds();
    bool abort_here = debug_rank(HARNESS_DEBUG_ABORT_ENV) == pb_mpi_rank();
    for (int r = 0; r < spec->reps; ++r) {
        if (collective)
            pb_mpi_barrier();
        if (abort_here)
            abort(); /* a rank that dies mid-run: the others must not hang */
        double t0 = timer_now();
        spec->variant->run(ctx);
        double t = timer_now() - t0;
        /* A repetition lasts until its slowest rank is done (PRK style). */
        times[r] = collective ? pb_mpi_max_double(t) : t;
    }
    double cpu = cpu_seconds() - cpu0;
    return collective ? pb_mpi_sum_double(cpu) : cpu;
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
        double *times = calloc((size_t)spec->reps, sizeof *times);
        int local = PB_RUNTIME_ERROR;
        if (!times)
            snprintf(err, errlen, "out of memory: %zu bytes for %d repetition times", (size_t)spec->reps * sizeof *times,
                     spec->reps);
        else
            local = spec->kernel->setup(&ctx, err, errlen);
        /* every rank takes part in this agreement, whatever failed where: none may hang */
        status = agree(local, collective, err, errlen);
        if (status != PB_OK && local == PB_OK)
            spec->kernel->teardown(&ctx); /* another rank failed its setup */
        if (status == PB_OK) {
            double load = NAN;
            if (getloadavg(&load, 1) != 1)
                load = NAN;
            double cpu = time_reps(spec, &ctx, collective, times);
            int v = spec->kernel->verify(&ctx, rec->result, sizeof rec->result, err, errlen);
            if (v == PB_OK && debug_rank(HARNESS_DEBUG_FAIL_ENV) == pb_mpi_rank()) {
                snprintf(err, errlen, "verification failed (forced by %s)", HARNESS_DEBUG_FAIL_ENV);
                v = PB_VERIFY_FAILED;
            }
            status = agree(v, collective, err, errlen);
            /* collective for mpi variants; the local host alone otherwise */
            pb_mpi_hosts(collective, rec->hosts, sizeof rec->hosts);
            if (ctx.rank == 0) {
                fill_record(spec, &ctx, times, cpu, load, rec);
                rec->verified = status == PB_OK;
                if (spec->kernel->annotate) /* may also mark a wrong-on-purpose demo unverified */
                    spec->kernel->annotate(&ctx, rec, spec->earlier, spec->nearlier);
                flag_untrustworthy(spec, rec);
            }
            spec->kernel->teardown(&ctx);
        }
        free(times);
    }
    if (!collective && pb_mpi_active()) {
        /* Ranks other than 0 wait here, asleep, while rank 0 runs the variant alone. */
        pb_mpi_idle_barrier();
        status = agree(status, true, err, errlen);
    }
    return status;
}
