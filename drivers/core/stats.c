#include "core/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int stats_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The order-statistic interval of the median (see stats.h) into s. */
static void median_interval(const double *sorted, size_t n, stats *s)
{
    s->ci_low = s->ci_high = NAN;
    s->ci_coverage = 0.0;
    if (n < 2)
        return;
    double tail = (1.0 - STATS_CI_LEVEL) / 2.0;
    size_t k = 0; /* the largest k with P(B <= k - 1) <= tail, 1-based */
    while (k + 1 <= n / 2 && stats_binomial_half_cdf(n, k) <= tail)
        ++k;
    if (k == 0) { /* too few for 95%: the widest interval, its coverage said */
        s->ci_low = sorted[0];
        s->ci_high = sorted[n - 1];
        s->ci_coverage = 1.0 - 2.0 * pow(0.5, (double)n);
        return;
    }
    s->ci_low = sorted[k - 1];
    s->ci_high = sorted[n - k];
    s->ci_coverage = 1.0 - 2.0 * stats_binomial_half_cdf(n, k - 1);
}

stats stats_compute(const double *x, size_t n)
{
    stats s = {0};
    if (n == 0)
        return s;
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        abort(); /* a few doubles per repetition: failing here means the process is lost */
    memcpy(sorted, x, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, stats_cmp_double);
    s.n = n;
    s.min = sorted[0];
    s.max = sorted[n - 1];
    s.median = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    double sum = 0.0;
    for (size_t i = 0; i < n; ++i)
        sum += sorted[i];
    s.mean = sum / (double)n;
    if (n > 1) {
        double ss = 0.0;
        for (size_t i = 0; i < n; ++i)
            ss += (sorted[i] - s.mean) * (sorted[i] - s.mean);
        s.stddev = sqrt(ss / (double)(n - 1));
    }
    s.cv = s.mean != 0.0 ? s.stddev / s.mean : 0.0;
    median_interval(sorted, n, &s);
    free(sorted);
    return s;
}

double stats_binomial_half_cdf(size_t n, size_t j)
{
    if (j >= n)
        return 1.0;
    double sum = 0.0, ln2n = (double)n * log(2.0);
    for (size_t i = 0; i <= j; ++i)
        sum += exp(lgamma((double)n + 1) - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) - ln2n);
    return sum < 1.0 ? sum : 1.0;
}

int stats_ci_within(const stats *s, double rel)
{
    return s->n >= 6 && isfinite(s->ci_low) && s->median > 0 && s->ci_coverage >= STATS_CI_LEVEL &&
           s->median - s->ci_low <= rel * s->median && s->ci_high - s->median <= rel * s->median;
}
