/* The arrays' contents, their parallel first touch, the split into blocks and the
 * exact check: shared by every variant. */
#include <omp.h>

#include "stream.h"

/* Whole numbers below 1000 and 8: every b + s * c with a whole s below 2^40 is exact,
 * and a checksum over 10^12 elements stays below 2^53. */
double stream_b(uint64_t i) { return (double)(i % 997); }
double stream_c(uint64_t i) { return (double)(i % 5 + 1); }

void stream_fill(double *a, double *b, double *c, uint64_t first, size_t n, int threads)
{
#pragma omp parallel for schedule(static) num_threads(threads)
    for (size_t k = 0; k < n; ++k) {
        a[k] = 0.0;
        b[k] = stream_b(first + k);
        c[k] = stream_c(first + k);
    }
}

size_t stream_check(const double *a, uint64_t first, size_t n, double s, uint64_t *sum)
{
    uint64_t total = 0;
    for (size_t k = 0; k < n; ++k) {
        if (a[k] != stream_b(first + k) + s * stream_c(first + k)) {
            *sum = total;
            return k;
        }
        total += (uint64_t)a[k];
    }
    *sum = total;
    return n;
}

void stream_block(uint64_t n, int p, int w, uint64_t *begin, uint64_t *end)
{
    uint64_t q = n / (uint64_t)p, r = n % (uint64_t)p, uw = (uint64_t)w;
    *begin = uw * q + (uw < r ? uw : r);
    *end = *begin + q + (uw < r ? 1 : 0);
}
