/* The timeline demo's parallel case: each task's steps on a thread of its own, so the
 * tasks run at the same instant on different cores. */
#include <omp.h>
#include <stdio.h>

#include "common/work.h"
#include "demos.h"
#include "montecarlo/montecarlo.h"

uint64_t timeline_parallel(uint64_t seed, uint64_t samples, int tasks, int steps, double *t0, double *t1,
                           int *thread)
{
    uint64_t hits = 0;
#pragma omp parallel num_threads(tasks) reduction(+ : hits)
    {
        int me = omp_get_thread_num(), team = omp_get_num_threads();
        /* a smaller team than asked for (a thread limit): a thread takes several tasks */
        for (int t = me; t < tasks; t += team)
            for (int s = 0; s < steps; ++s) {
                char label[16]; /* (work keeps 7 characters) */
                snprintf(label, sizeof label, "%c%d", 'A' + t % 26, s + 1);
                work_mark mark = work_begin();
                hits += mc_count_hits(seed, ((uint64_t)t * (uint64_t)steps + (uint64_t)s) * samples, samples);
                t1[t * steps + s] = work_end_named(mark, me, WORK_COMPUTE, label);
                t0[t * steps + s] = mark.t0;
                thread[t * steps + s] = me;
            }
    }
    return hits;
}
