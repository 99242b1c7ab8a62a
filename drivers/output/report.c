#include "output/report.h"

#include <ctype.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "output/quality.h"

#include "core/harness.h"
#include "core/timer.h"
#include "env/machine.h"
#include "env/mpi_env.h"

/* "+-1.2%": the larger side of the median's interval, as a share of the median */
static void ci_text(const result_record *r, char *buf, size_t len)
{
    if (!isfinite(r->ci_low_s) || !isfinite(r->ci_high_s) || !(r->time_s > 0)) {
        snprintf(buf, len, "-");
        return;
    }
    double lo = r->time_s - r->ci_low_s, hi = r->ci_high_s - r->time_s;
    snprintf(buf, len, "+-%.1f%%", 100.0 * (lo > hi ? lo : hi) / r->time_s);
}

void report_columns(const char *first)
{
    /* cpu_s next to median_s is the suite's punchline: parallel runs burn more CPU than
     * wall time, concurrent ones less */
    printf("%-12s %7s %5s %11s %8s %6s %10s %6s %10s %-14s %-24s %s\n", first, "threads", "ranks", "median_s",
           "ci95", "cv%", "cpu_s", "busy", "throughput", "unit", "result", "verified");
}

void report_rate(double value, const char *unit, char *num, size_t numlen, char *scaled, size_t scaledlen)
{
    static const char prefixes[] = "kMGT";
    const char *given = unit;
    /* the unit's own prefix: a k, M, G or T before a word ("Msamples/s", "GFLOP/s", "MB/s") */
    const char *own = unit[0] ? strchr(prefixes, unit[0]) : NULL;
    int power = 0;
    if (own && isalpha((unsigned char)unit[1])) {
        power = 1 + (int)(own - prefixes);
        ++unit;
    }
    if (!isfinite(value) || value <= 0) { /* nothing to scale */
        snprintf(num, numlen, "%.4g", value);
        snprintf(scaled, scaledlen, "%s", given);
        return;
    }
    while (value >= 1000 && power < 4)
        value /= 1000, ++power;
    while (value < 1 && power > 0)
        value *= 1000, --power;
    snprintf(num, numlen, "%.4g", value);
    snprintf(scaled, scaledlen, "%.*s%s", power ? 1 : 0, power ? &prefixes[power - 1] : "", unit);
}

void report_row(const kernel_desc *k, const result_record *r)
{
    char ci[16], cpu[16] = "-", busy[16] = "-", rate[32], unit[40], result[96];
    ci_text(r, ci, sizeof ci);
    if (isfinite(r->cpu_s)) /* (none in a SimGrid run: the simulating machine's CPU time) */
        snprintf(cpu, sizeof cpu, "%.4g", r->cpu_s);
    if (isfinite(r->cores_busy))
        snprintf(busy, sizeof busy, "%.2f", r->cores_busy);
    report_rate(r->throughput, r->unit, rate, sizeof rate, unit, sizeof unit);
    if (k && k->show_result && r->verified)
        k->show_result(r, result, sizeof result);
    else
        snprintf(result, sizeof result, "%s", r->result);
    printf("%-12s %7d %5d %11.4g %8s %6.1f %10s %6s %10s %-14s %-24s %s%s%s\n", r->variant, r->threads, r->ranks,
           r->time_s, ci, 100.0 * r->cv, cpu, busy, rate, unit, result, r->verified ? "yes" : "NO",
           r->notes[0] ? "  " : "", r->notes);
    fflush(stdout);
}

/* ---- crowded workers: the facts, then advice that fits how the variant runs ---- */

typedef enum { RUN_SERIAL, RUN_THREADS, RUN_MPI, RUN_HYBRID } run_model;

/* The row's model; a row of an older file has none, and its variant's name says it. */
static run_model model_of(const result_record *r)
{
    const char *m = r->model[0] ? r->model : r->variant;
    if (strcmp(m, "threads") == 0 || strncmp(m, "omp", 3) == 0)
        return RUN_THREADS;
    if (strncmp(m, "hybrid", 6) == 0)
        return RUN_HYBRID;
    if (strncmp(m, "mpi", 3) == 0)
        return RUN_MPI;
    return RUN_SERIAL;
}

/* A demo crowds its cores on purpose (oversubscription: 1..4x the cores; io-vs-cpu: a
 * thread per task on one core): that is what it shows, not a mistake to fix. Its steps
 * are labelled "demo NAME/CASE" and its rows tagged demo-NAME. */
static bool on_purpose(const char *label, const result_record *r)
{
    return strncmp(label, "demo ", 5) == 0 || strncmp(r->tag, "demo-", 5) == 0;
}

/* How to give each rank its threads' cores with the launcher in use. */
static void binding_text(int threads, char *buf, size_t len)
{
    switch (pb_mpi_launcher()) {
    case PB_LAUNCHER_OPENMPI:
        snprintf(buf, len, "mpirun --map-by slot:PE=%d --bind-to core", threads);
        return;
    case PB_LAUNCHER_HYDRA:
        snprintf(buf, len, "mpiexec -bind-to core:%d", threads);
        return;
    case PB_LAUNCHER_SRUN:
        snprintf(buf, len, "srun --cpus-per-task=%d --cpu-bind=cores", threads);
        return;
    case PB_LAUNCHER_UNKNOWN:
        break;
    }
    snprintf(buf, len, "Open MPI: mpirun --map-by slot:PE=%d; MPICH: mpiexec -bind-to core:%d; srun --cpus-per-task=%d",
             threads, threads, threads);
}

/* OpenMP threads: how many, and where (OMP_NUM_THREADS, OMP_PLACES, OMP_PROC_BIND). */
static void threads_advice(const char *label, const result_record *r, bool crowded)
{
    if (crowded)
        fprintf(stderr, "parbench: advice: %s: %d OpenMP threads on %d usable core%s: run at most that many threads "
                        "(--threads %d; OMP_NUM_THREADS=%d where --threads is not given), one per core "
                        "(OMP_PLACES=cores OMP_PROC_BIND=close), or let the process use more cores (taskset, the "
                        "cgroup's cpuset)\n", label, r->threads, r->usable_cores, r->usable_cores == 1 ? "" : "s",
                r->usable_cores, r->usable_cores);
    else
        fprintf(stderr, "parbench: advice: %s: the %d threads had %d usable cores: other work took them (--wait-quiet "
                        "S waits for quiet cores, --attempts K measures again), or OMP_PLACES/OMP_PROC_BIND put "
                        "threads together (OMP_PLACES=cores OMP_PROC_BIND=close gives each its core)\n", label,
                r->threads, r->usable_cores);
}

/* MPI ranks (and their threads): the binding of the launcher in use. */
static void ranks_advice(const char *label, const result_record *r, bool crowded)
{
    char bind[160];
    binding_text(r->threads, bind, sizeof bind);
    if (harness_has_note(r, "shared-core"))
        fprintf(stderr, "parbench: advice: %s: %d threads per rank ran on fewer CPUs (%s): each rank is bound to too "
                        "few cores; give each rank its threads' cores (%s) or bind nothing\n", label, r->threads,
                r->placement, bind);
    else if (crowded)
        fprintf(stderr, "parbench: advice: %s: more workers (ranks x threads) on this node than its %d usable cores: "
                        "start fewer ranks per node or fewer threads, each rank on its own cores (%s)\n", label,
                r->usable_cores, bind);
    else
        fprintf(stderr, "parbench: advice: %s: the ranks did not get their cores: other work took them (--wait-quiet "
                        "S waits for quiet cores), or the binding put ranks on shared cores (%s)\n", label, bind);
}

/* The facts of a crowded or starved row, then one line of advice for its model. */
static void crowding_warnings(const char *label, const result_record *r)
{
    bool crowded = harness_has_note(r, "oversubscribed") || harness_has_note(r, "shared-core");
    bool starved = harness_has_note(r, "starved");
    if (on_purpose(label, r) && crowded)
        return; /* the demo's point */
    if (harness_has_note(r, "oversubscribed"))
        fprintf(stderr, "parbench: note: %s: %d workers on %d usable cores (oversubscribed)\n", label,
                r->threads * r->ranks, r->usable_cores);
    if (starved)
        fprintf(stderr, "parbench: warning: %s: starved: %d workers kept only %.2f cores busy (the threads did not "
                        "get their cores)\n", label, r->threads * r->ranks, r->cores_busy);
    if ((!crowded && !starved) || on_purpose(label, r))
        return;
    switch (model_of(r)) {
    case RUN_THREADS:
        threads_advice(label, r, crowded);
        break;
    case RUN_MPI:
    case RUN_HYBRID:
        ranks_advice(label, r, crowded);
        break;
    case RUN_SERIAL:
        fprintf(stderr, "parbench: advice: %s: other work took the core (--wait-quiet S waits for a quiet one)\n",
                label);
        break;
    }
}

void report_warnings(const char *label, const result_record *r)
{
    if (harness_has_note(r, "cv-high"))
        fprintf(stderr, "parbench: warning: %s: times vary by %.1f%% (CV above %.0f%%): the machine is busy or the "
                        "run too short; use more --reps or a larger --size\n", label, 100.0 * r->cv,
                100.0 * HARNESS_CV_LIMIT);
    if (harness_has_note(r, "below-timer-resolution"))
        fprintf(stderr, "parbench: WARNING: %s: UNTRUSTED TIME: the median %.3g s is under %.0f ticks of the timer "
                        "(%.3g s each); use a larger --size\n", label, r->time_s, HARNESS_MIN_TICKS, timer_tick());
    crowding_warnings(label, r);
}

static const result_record *find_variant(const result_record *recs, size_t n, const char *name)
{
    for (size_t i = 0; i < n; ++i)
        if (strcmp(recs[i].variant, name) == 0)
            return &recs[i];
    return NULL;
}

void report_comparisons(const kernel_desc *k, const result_record *recs, size_t n)
{
    const result_record *serial = find_variant(recs, n, "serial");
    const char *ref_name = k->compute ? k->compute->reference_variant : NULL;
    const result_record *ref = ref_name ? find_variant(recs, n, ref_name) : NULL;
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        /* the reference (blas) is compared the other way round, as a percentage */
        if (serial && r != serial && r != ref && r->time_s > 0) {
            speedup_ci s = quality_speedup(serial, r);
            int workers = r->threads * r->ranks;
            double eff = s.speedup / workers;
            char sp[64], flags[128];
            quality_format_speedup(&s, sp, sizeof sp);
            quality_flags(serial, r, eff, flags, sizeof flags);
            printf("%s: %s the serial variant on %d worker%s (efficiency %.0f%%)%s\n", r->variant, sp, workers,
                   workers == 1 ? "" : "s", 100.0 * eff, flags);
        }
        if (ref && r != ref && r->time_s > 0)
            printf("%s: %.0f%% of %s\n", r->variant, 100.0 * ref->time_s / r->time_s, ref->variant);
    }
    for (size_t i = 0; i < n; ++i)
        if (isfinite(recs[i].pct_peak))
            printf("%s: %.4g GFLOP/s, %.0f%% of this machine's roofline on %d core%s (parbench peak)\n",
                   recs[i].variant, recs[i].gflops, recs[i].pct_peak, recs[i].threads * recs[i].ranks,
                   recs[i].threads * recs[i].ranks == 1 ? "" : "s");
}

void report_sweep_summary(const result_record *recs, size_t n)
{
    if (n == 0)
        return;
    printf("%-12s %7s %5s %8s %20s %11s\n", "variant", "threads", "ranks", "workers", "speedup", "efficiency");
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        /* relative to the same variant's row with the fewest workers (--threads 4,1,2 too) */
        const result_record *base = r;
        for (size_t j = 0; j < n; ++j)
            if (strcmp(recs[j].variant, r->variant) == 0 &&
                recs[j].threads * recs[j].ranks < base->threads * base->ranks)
                base = &recs[j];
        int base_workers = base->threads * base->ranks, workers = r->threads * r->ranks;
        speedup_ci s = quality_speedup(base, r);
        double eff = s.speedup * base_workers / workers;
        char sp[64], flags[128];
        quality_format_speedup(&s, sp, sizeof sp);
        quality_flags(base, r, eff, flags, sizeof flags);
        printf("%-12s %7d %5d %8d %20s %10.0f%%%s\n", r->variant, r->threads, r->ranks, workers, sp, 100.0 * eff,
               flags);
    }
}
