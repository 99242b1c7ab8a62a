#include "core/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
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
    qsort(sorted, n, sizeof *sorted, cmp_double);
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
    free(sorted);
    return s;
}
