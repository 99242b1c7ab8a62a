#include "core/calibrate.h"

#include <math.h>
#include <stdio.h>

#include "base/parse.h"
#include "env/mpi_env.h"

uint64_t calibrate_next_size(const kernel_desc *k, uint64_t size)
{
    const uint64_t *ladder = k->compute ? k->compute->size_ladder : NULL;
    if (ladder) {
        for (const uint64_t *s = ladder; *s; ++s)
            if (*s > size && *s <= k->max_size)
                return *s;
        return 0;
    }
    /* 1, 2, 5, 10, 20, 50, ...: the first above size (and at least min_size) */
    static const uint64_t steps[] = {1, 2, 5};
    for (uint64_t decade = 1; decade <= k->max_size; decade *= 10) {
        for (int i = 0; i < 3; ++i) {
            uint64_t s = decade * steps[i];
            if (s > size && s >= k->min_size && s <= k->max_size)
                return s;
        }
        if (decade > UINT64_MAX / 10)
            break;
    }
    return 0;
}

uint64_t calibrate_predict(const kernel_desc *k, const void *params, uint64_t size, double t, double min_time)
{
    bench_ctx at = {.size = size, .threads = 1, .ranks = 1, .params = params};
    double work = k->work(&at);
    for (uint64_t s = calibrate_next_size(k, size); s; s = calibrate_next_size(k, s)) {
        bench_ctx next = {.size = s, .threads = 1, .ranks = 1, .params = params};
        if (work > 0 && t * k->work(&next) / work >= min_time)
            return s;
    }
    return 0;
}

int calibrate_size(const run_spec *spec, double min_time, uint64_t *size, char *msg, size_t len)
{
    run_spec probe = *spec;
    probe.reps = 1;
    probe.warmup = 0;
    probe.size = calibrate_next_size(spec->kernel, spec->kernel->min_size ? spec->kernel->min_size - 1 : 0);
    uint64_t fits = 0; /* the largest size that ran */
    double fits_time = 0;
    const char *why = ">=";
    for (;;) {
        result_record rec;
        char err[512];
        int st = harness_run(&probe, &rec, err, sizeof err);
        double t = rec.time_s;
        result_record_free(&rec);
        /* a size whose memory is not there ends the search at the one before it */
        bool too_big = st == PB_BAD_INPUT && fits > 0;
        if (st != PB_OK && !too_big) {
            snprintf(msg, len, "--size auto: the %s run at size %llu failed: %s", probe.variant->name,
                     (unsigned long long)probe.size, err);
            return st;
        }
        /* rank 0 timed it (a one-worker variant runs there) and decides for all */
        uint64_t next = 0;
        if (!too_big && pb_mpi_rank() == 0 && t < min_time) {
            next = calibrate_predict(probe.kernel, probe.params, probe.size, t, min_time);
            if (!next) /* not predicted to reach it: one step at a time to the ladder's end */
                next = calibrate_next_size(probe.kernel, probe.size);
            if (!next)
                why = "<, the largest size it takes:";
        }
        if (too_big)
            why = "<, the most memory allows:";
        if (!too_big) {
            fits = probe.size;
            fits_time = t;
        }
        next = pb_mpi_bcast_u64(too_big ? 0 : next);
        if (!next)
            break;
        probe.size = next;
    }
    *size = fits;
    char sz[32];
    format_size(fits, sz, sizeof sz);
    snprintf(msg, len, "size auto: %s %s %s: its one-worker run (%s) took %.3g s %s --min-time %g s",
             spec->kernel->name, sz, spec->kernel->size_meaning, spec->variant->name, fits_time, why, min_time);
    return PB_OK;
}
