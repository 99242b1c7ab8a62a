/* Did NEW's times move away from BASE's? The Mann-Whitney U test and the Hodges-Lehmann
 * shift with its interval (Hollander & Wolfe, Nonparametric Statistical Methods, ch. 4;
 * Conover, Practical Nonparametric Statistics, 5.1), as pure functions of two samples:
 * rank statistics assume nothing about the shape of the timing noise (skewed, with
 * outliers from a busy machine), only that the repetitions are exchangeable.
 *
 * p-values are two-sided: the probability, under "both samples come from one
 * distribution", of a U at least as far from mn/2 as the one observed.
 *  - exact (m + n <= RANKTEST_EXACT_MAX): the permutation distribution of U given the
 *    tie pattern, by the recursion over the sorted observations (without ties it is
 *    Mann & Whitney's 1947 recursion; with ties it is the exact conditional
 *    distribution of the mid-rank statistic, the same as enumerating every split);
 *  - above: the normal approximation with the tie-corrected variance and a continuity
 *    correction of 1/2 (as benchstat and R's wilcox.test(exact = FALSE) do). */
#ifndef PARBENCH_RANKTEST_H
#define PARBENCH_RANKTEST_H

#include <stdbool.h>
#include <stddef.h>

/* Up to this many observations in all, p-values and intervals are exact. */
#define RANKTEST_EXACT_MAX 50

typedef struct {
    double u;       /* U of x: the pairs (x_i, y_j) with x_i > y_j, a tie counting 1/2 */
    double p;       /* two-sided */
    bool exact;     /* false: the normal approximation */
    bool ties;      /* some value occurs in both or twice */
} ranktest_u_test;

typedef struct {
    double shift;     /* the median of the m*n differences y_j - x_i */
    double low, high; /* its interval: two of those differences */
    double coverage;  /* the interval's coverage (>= the level asked for, when it can be) */
} ranktest_shift;

/* U of x against y (values need not be sorted). */
double ranktest_u(const double *x, size_t m, const double *y, size_t n);

/* The test of x against y. m and n at least 1; NaN p when out of memory. */
ranktest_u_test ranktest_mann_whitney(const double *x, size_t m, const double *y, size_t n);

/* The exact null distribution of 2U given the sizes of the tie groups in ascending
 * order of value (t[0] + ... + t[g-1] = m + n; all 1 when there are no ties):
 * dist[k] = P(2U = k), k = 0..2mn, into dist (2mn + 1 doubles). False when out of memory. */
bool ranktest_exact_distribution(const size_t *t, size_t g, size_t m, size_t n, double *dist);

/* Two-sided p of an observed U from an exact distribution of 2U (as above). */
double ranktest_exact_p(const double *dist, size_t m, size_t n, double u);

/* Two-sided p of an observed U by the normal approximation; tie_sum is the sum over
 * tie groups of t^3 - t (0 without ties). */
double ranktest_normal_p(double u, size_t m, size_t n, double tie_sum);

/* The Hodges-Lehmann estimate of the shift from x to y, and its distribution-free
 * interval at the given level (0.95): [D_(c), D_(mn+1-c)] of the sorted differences,
 * c the largest with P(U <= c - 1) <= (1 - level) / 2 under no ties, exact up to
 * RANKTEST_EXACT_MAX observations, normal above. When no c >= 1 exists the interval is
 * the smallest to the largest difference, its coverage said. NaN when out of memory. */
ranktest_shift ranktest_hodges_lehmann(const double *x, size_t m, const double *y, size_t n, double level);

/* The k-th smallest (1-based) of the differences y_j - x_i of two ascending arrays,
 * without forming the m*n of them (the reps of two runs can be 10^5 each). */
double ranktest_kth_difference(const double *x, size_t m, const double *y, size_t n, size_t k);

/* z with P(Z > z) = q for a standard normal Z, 0 < q < 1. */
double ranktest_normal_upper_quantile(double q);

#endif
