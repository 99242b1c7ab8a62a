/* The one statistics routine: every repetition series goes through stats_compute.
 *
 * The confidence interval of the median is distribution-free, from order statistics
 * (as in Conover, Practical Nonparametric Statistics): with the times sorted, the
 * interval [x_(k), x_(n-k+1)] covers the true median with probability
 * 1 - 2 P(B <= k - 1), B ~ Binomial(n, 1/2); k is the largest for which that is at
 * least 95%. Below 6 repetitions no such k exists: the interval is then [min, max],
 * whose coverage 1 - 2^(1-n) is reported (94% at 5, 75% at 3). */
#ifndef PARBENCH_STATS_H
#define PARBENCH_STATS_H

#include <stddef.h>

typedef struct {
    size_t n;
    double median, min, max, mean;
    double stddev; /* sample standard deviation (n - 1); 0 for n < 2 */
    double cv;     /* stddev / mean; 0 when the mean is 0 */
    double ci_low, ci_high; /* the median's confidence interval (NaN for n < 2) */
    double ci_coverage;     /* its coverage: >= 0.95 from 6 repetitions on */
} stats;

#define STATS_CI_LEVEL 0.95

/* x is not modified. n must be at least 1. */
stats stats_compute(const double *x, size_t n);

/* qsort's comparison of doubles, ascending (for every statistic that sorts times). */
int stats_cmp_double(const void *a, const void *b);

/* P(B <= j) for B ~ Binomial(n, 1/2). */
double stats_binomial_half_cdf(size_t n, size_t j);

/* Whether the interval is within +-rel of the median (the --reps auto criterion). */
int stats_ci_within(const stats *s, double rel);

#endif
