#include "output/report.h"

#include <stdio.h>
#include <string.h>

#include "core/harness.h"
#include "core/timer.h"
#include "env/machine.h"

void report_columns(const char *first)
{
    printf("%-12s %7s %5s %11s %11s %11s %6s %12s %-12s %-22s %s\n", first, "threads", "ranks", "median_s", "min_s",
         "max_s", "cv%", "throughput", "unit", "result", "verified");
}

void report_row(const result_record *r)
{
    printf("%-12s %7d %5d %11.4g %11.4g %11.4g %6.1f %12.4g %-12s %-22s %s%s%s\n", r->variant, r->threads,
           r->ranks, r->time_s, r->time_min_s, r->time_max_s, 100.0 * r->cv, r->throughput, r->unit, r->result,
           r->verified ? "yes" : "NO", r->notes[0] ? "  " : "", r->notes);
    fflush(stdout);
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
    if (harness_has_note(r, "oversubscribed"))
        fprintf(stderr, "parbench: note: %s: %d workers on %d usable cores (oversubscribed)\n", label,
                r->threads * r->ranks, r->usable_cores);
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
    const result_record *ref = k->reference_variant ? find_variant(recs, n, k->reference_variant) : NULL;
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        /* the reference (blas) is compared the other way round, as a percentage */
        if (serial && r != serial && r != ref && r->time_s > 0) {
            double s = serial->time_s / r->time_s;
            int workers = r->threads * r->ranks;
            printf("%s: %.2fx the serial variant on %d worker%s (efficiency %.0f%%)\n", r->variant, s, workers,
                   workers == 1 ? "" : "s", 100.0 * s / workers);
        }
        if (ref && r != ref && r->time_s > 0)
            printf("%s: %.0f%% of %s\n", r->variant, 100.0 * ref->time_s / r->time_s, ref->variant);
    }
}

void report_sweep_summary(const result_record *recs, size_t n)
{
    if (n == 0)
        return;
    printf("%-12s %7s %5s %8s %10s %11s\n", "variant", "threads", "ranks", "workers", "speedup", "efficiency");
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        /* relative to the same variant's row with the fewest workers (--threads 4,1,2 too) */
        const result_record *base = r;
        for (size_t j = 0; j < n; ++j)
            if (strcmp(recs[j].variant, r->variant) == 0 &&
                recs[j].threads * recs[j].ranks < base->threads * base->ranks)
                base = &recs[j];
        int base_workers = base->threads * base->ranks, workers = r->threads * r->ranks;
        double s = r->time_s > 0 ? base->time_s / r->time_s : 0.0;
        printf("%-12s %7d %5d %8d %9.2fx %10.0f%%\n", r->variant, r->threads, r->ranks, workers, s,
               100.0 * s * base_workers / workers);
    }
}
