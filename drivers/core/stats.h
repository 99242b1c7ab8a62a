/* The one statistics routine: every repetition series goes through stats_compute. */
#ifndef PARBENCH_STATS_H
#define PARBENCH_STATS_H

#include <stddef.h>

typedef struct {
    size_t n;
    double median, min, max, mean;
    double stddev; /* sample standard deviation (n - 1); 0 for n < 2 */
    double cv;     /* stddev / mean; 0 when the mean is 0 */
} stats;

/* x is not modified. n must be at least 1. */
stats stats_compute(const double *x, size_t n);

#endif
