/* The triad on one thread. */
#include "common/work.h"
#include "stream.h"

void stream_serial(double *restrict a, const double *restrict b, const double *restrict c, double s, size_t n,
                   int passes)
{
    work_mark mark = work_begin();
    for (int p = 0; p < passes; ++p) {
        for (size_t i = 0; i < n; ++i)
            a[i] = b[i] + s * c[i];
        /* Each pass rewrites the same values: the compiler must not merge the passes
         * into one (loop interchange would store each a[i] once). */
        __asm__ volatile("" ::: "memory");
    }
    work_end(mark, 0, WORK_COMPUTE);
}
