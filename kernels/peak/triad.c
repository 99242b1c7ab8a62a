/* STREAM triad (McCalpin): a[i] = b[i] + s * c[i], two loads and one store per element,
 * on arrays far beyond the last-level cache, so the rate is the memory's. The static
 * schedule of the initialisation and of the triad are the same, so each thread works on
 * the pages it touched first (on its own NUMA node). */
#include <omp.h>

#include "common/work.h"
#include "peak.h"

double peak_triad_b(size_t i) { return (double)(i % 1024); }
double peak_triad_c(size_t i) { return (double)(i % 7 + 1); }

void peak_triad_init(double *a, double *b, double *c, size_t n, int threads)
{
#pragma omp parallel for schedule(static) num_threads(threads)
    for (size_t i = 0; i < n; ++i) {
        a[i] = 0.0;
        b[i] = peak_triad_b(i);
        c[i] = peak_triad_c(i);
    }
}

void peak_triad(double *restrict a, const double *restrict b, const double *restrict c, double s, size_t n,
                int threads)
{
#pragma omp parallel num_threads(threads)
    {
        work_mark mark = work_begin();
#pragma omp for schedule(static) nowait
        for (size_t i = 0; i < n; ++i)
            a[i] = b[i] + s * c[i];
        work_end(mark, omp_get_thread_num(), WORK_COMPUTE);
    }
}

size_t peak_triad_check(const double *a, double s, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        if (a[i] != peak_triad_b(i) + s * peak_triad_c(i))
            return i;
    return n;
}
