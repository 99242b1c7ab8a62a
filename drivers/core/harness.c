#include "core/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "env/machine.h"
#include "env/mpi_env.h"
#include "core/stats.h"
#include "core/timer.h"

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

void harness_note(result_record *rec, const char *note)
{
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

/* True when the fault-injection variable `name` names this rank. */
static bool debug_targets(const char *name, int rank)
{
    const char *v = getenv(name);
    return v && *v && atoi(v) == rank;
}

static int workers_on_this_node(const run_spec *spec, int ranks)
{
    const char *local = getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
    int node_ranks = local ? atoi(local) : ranks;
    exec_model m = spec->variant->model;
    if (m == EXEC_SERIAL || m == EXEC_THREADS)
        node_ranks = 1;
    return node_ranks * (m == EXEC_THREADS || m == EXEC_HYBRID ? spec->threads : 1);
}

static void fill_record(const run_spec *spec, const bench_ctx *ctx, const stats *st, double cpu,
                        result_record *rec)
{
    const kernel_desc *k = spec->kernel;
    snprintf(rec->kernel, sizeof rec->kernel, "%s", k->name);
    snprintf(rec->variant, sizeof rec->variant, "%s", spec->variant->name);
    snprintf(rec->tag, sizeof rec->tag, "%s", spec->tag ? spec->tag : "");
    rec->size = spec->size;
    rec->seed = spec->seed;
    rec->threads = ctx->threads;
    rec->ranks = ctx->ranks;
    rec->reps = spec->reps;
    rec->warmup = spec->warmup;
    rec->time_s = st->median;
    rec->time_min_s = st->min;
    rec->time_max_s = st->max;
    rec->cv = st->cv;
    rec->throughput = st->median > 0 ? k->work(spec->size) / st->median : 0.0;
    snprintf(rec->unit, sizeof rec->unit, "%s", k->unit);
    rec->cpu_s = cpu / spec->reps;
    snprintf(rec->machine, sizeof rec->machine, "%s", machine_get()->id);
    results_timestamp(rec->timestamp, sizeof rec->timestamp);
}

static void flag_untrustworthy(const run_spec *spec, const bench_ctx *ctx, result_record *rec)
{
    char where[96];
    snprintf(where, sizeof where, "%s/%s", spec->kernel->name, spec->variant->name);
    if (rec->cv > HARNESS_CV_LIMIT && spec->reps > 1) {
        harness_note(rec, "cv-high");
        if (!spec->quiet)
            fprintf(stderr, "parbench: warning: %s: times vary by %.1f%% (CV above %.0f%%): the machine is "
                            "busy or the run too short; use more --reps or a larger --size\n",
                    where, 100.0 * rec->cv, 100.0 * HARNESS_CV_LIMIT);
    }
    double tick = timer_tick();
    if (rec->time_s < HARNESS_MIN_TICKS * tick) {
        harness_note(rec, "below-timer-resolution");
        if (!spec->quiet)
            fprintf(stderr, "parbench: WARNING: %s: UNTRUSTED TIME: the median %.3g s is under %.0f ticks of the "
                            "timer (%.3g s each); use a larger --size\n", where, rec->time_s, HARNESS_MIN_TICKS, tick);
    }
    int workers = workers_on_this_node(spec, ctx->ranks);
    if (workers > machine_get()->pus && !spec->kernel->threads_wait) {
        harness_note(rec, "oversubscribed");
        if (!spec->quiet)
            fprintf(stderr, "parbench: note: %s: %d workers on %d hardware threads (oversubscribed)\n", where,
                    workers, machine_get()->pus);
    }
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
        .flags = spec->flags,
        .params = spec->params,
    };
    memset(rec, 0, sizeof *rec);
    err[0] = '\0';
    int status = PB_OK;
    if (takes_part) {
        double *times = calloc((size_t)spec->reps, sizeof *times);
        int local = PB_RUNTIME_ERROR;
        if (!times)
            snprintf(err, errlen, "out of memory for %d repetition times", spec->reps);
        else
            local = spec->kernel->setup(&ctx, err, errlen);
        /* every rank takes part in this agreement, whatever failed where: none may hang */
        status = agree(local, collective, err, errlen);
        if (status != PB_OK && local == PB_OK)
            spec->kernel->teardown(&ctx); /* another rank failed its setup */
        if (status == PB_OK) {
            for (int w = 0; w < spec->warmup; ++w)
                spec->kernel->run(&ctx);
            double cpu0 = cpu_seconds();
            bool abort_here = debug_targets(HARNESS_DEBUG_ABORT_ENV, pb_mpi_rank());
            for (int r = 0; r < spec->reps; ++r) {
                if (collective)
                    pb_mpi_barrier();
                if (abort_here)
                    abort(); /* a rank that dies mid-run: the others must not hang */
                double t0 = timer_now();
                spec->kernel->run(&ctx);
                double t = timer_now() - t0;
                /* A repetition lasts until its slowest rank is done (PRK style). */
                times[r] = collective ? pb_mpi_max_double(t) : t;
            }
            double cpu = cpu_seconds() - cpu0;
            if (collective)
                cpu = pb_mpi_sum_double(cpu);
            stats st = stats_compute(times, (size_t)spec->reps);
            int v = spec->kernel->verify(&ctx, rec->result, sizeof rec->result, err, errlen);
            if (v == PB_OK && debug_targets(HARNESS_DEBUG_FAIL_ENV, pb_mpi_rank())) {
                snprintf(err, errlen, "verification failed (forced by %s)", HARNESS_DEBUG_FAIL_ENV);
                v = PB_VERIFY_FAILED;
            }
            status = agree(v, collective, err, errlen);
            /* collective for mpi variants; the local host alone otherwise */
            pb_mpi_hosts(collective, rec->hosts, sizeof rec->hosts);
            if (ctx.rank == 0) {
                fill_record(spec, &ctx, &st, cpu, rec);
                rec->verified = status == PB_OK;
                if (spec->kernel->annotate) /* may also mark a wrong-on-purpose demo unverified */
                    spec->kernel->annotate(&ctx, rec);
                for (int f = 0; spec->kernel->flags && spec->kernel->flags[f]; ++f)
                    if (ctx.flags & (1u << f)) /* rows with and without --gather must differ */
                        harness_note(rec, spec->kernel->flags[f]);
                flag_untrustworthy(spec, &ctx, rec);
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
