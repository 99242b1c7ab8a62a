/* The triad on `threads` OpenMP threads, static schedule: each thread runs over the part
 * stream_fill's same schedule touched first, so its pages are on its own NUMA node. */
#include <omp.h>

#include "common/work.h"
#include "stream.h"

void stream_omp(double *restrict a, const double *restrict b, const double *restrict c, double s, size_t n,
                int passes, int threads)
{
#pragma omp parallel num_threads(threads)
    {
        work_mark mark = work_begin();
        for (int p = 0; p < passes; ++p) {
            /* nowait: the same static schedule gives each thread the same elements in
             * every pass, so no thread reads what another writes. */
#pragma omp for schedule(static) nowait
            for (size_t i = 0; i < n; ++i)
                a[i] = b[i] + s * c[i];
            __asm__ volatile("" ::: "memory"); /* (serial.c: the passes stay apart) */
        }
        work_end(mark, omp_get_thread_num(), WORK_COMPUTE);
    }
}
