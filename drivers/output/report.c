#include "output/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "env/machine.h"
#include "cli/parse.h"
#include "parbench_config.h"

/* The header waits until the first row: a run refused during set-up (a size beyond
 * memory, say) then prints nothing on stdout, only its one error line. */
static char pending[1024];

static void pend(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void pend(const char *fmt, ...)
{
    size_t used = strlen(pending);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pending + used, sizeof pending - used, fmt, ap);
    va_end(ap);
}

void report_header(const bench_options *o, const char *what)
{
    char size[32];
    format_size(o->size, size, sizeof size);
    pending[0] = '\0';
    pend("parbench %s %s | %s | size %s %s | seed %llu | %d reps after %d warm-up | machine %s\n", PARBENCH_VERSION,
         what, o->kernel->name, size, o->kernel->size_meaning, (unsigned long long)o->seed, o->reps, o->warmup,
         machine_get()->id);
    report_columns("variant");
}

void report_columns(const char *first)
{
    pend("%-12s %7s %5s %11s %11s %11s %6s %12s %-12s %-22s %s\n", first, "threads", "ranks", "median_s", "min_s",
         "max_s", "cv%", "throughput", "unit", "result", "verified");
}

void report_row(const result_record *r)
{
    if (pending[0]) {
        fputs(pending, stdout);
        pending[0] = '\0';
    }
    printf("%-12s %7d %5d %11.4g %11.4g %11.4g %6.1f %12.4g %-12s %-22s %s%s%s\n", r->variant, r->threads,
           r->ranks, r->time_s, r->time_min_s, r->time_max_s, 100.0 * r->cv, r->throughput, r->unit, r->result,
           r->verified ? "yes" : "NO", r->notes[0] ? "  " : "", r->notes);
    fflush(stdout);
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
