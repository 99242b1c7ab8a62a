#include "core/laws.h"

#include <math.h>

double karp_flatt(double s, double p)
{
    if (p <= 1.0 || s <= 0.0)
        return NAN;
    return (1.0 / s - 1.0 / p) / (1.0 - 1.0 / p);
}

double amdahl_fit(const double *p, const double *s, size_t n)
{
    double sxy = 0.0, sxx = 0.0;
    for (size_t i = 0; i < n; ++i) {
        if (p[i] <= 1.0 || s[i] <= 0.0)
            continue;
        double x = 1.0 - 1.0 / p[i], y = 1.0 / s[i] - 1.0 / p[i];
        sxy += x * y;
        sxx += x * x;
    }
    if (sxx == 0.0)
        return NAN;
    double f = sxy / sxx;
    return f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
}

double amdahl_speedup(double f, double p) { return 1.0 / (f + (1.0 - f) / p); }

double gustafson_speedup(double f, double p) { return p - f * (p - 1.0); }

double geometric_mean(const double *x, size_t n)
{
    double logsum = 0.0;
    size_t used = 0;
    for (size_t i = 0; i < n; ++i)
        if (x[i] > 0.0 && isfinite(x[i])) {
            logsum += log(x[i]);
            ++used;
        }
    return used ? exp(logsum / (double)used) : NAN;
}

/* Both overlaps are negative when the run took longer than its parts one after the
 * other (a progress mode whose polling costs more than it hides): that is a result, shown
 * as it is, never clamped to 0. Above 100% (faster than the longer part alone) is the
 * noise of two separate measurements: capped at 100. */
double overlap_osu_pct(double t_overall, double t_compute, double t_comm)
{
    if (t_comm <= 0.0)
        return 0.0;
    double o = 100.0 - 100.0 * (t_overall - t_compute) / t_comm;
    return o < 100.0 ? o : 100.0;
}

double overlap_imb_pct(double t_overall, double t_compute, double t_comm)
{
    double longer = t_comm > t_compute ? t_comm : t_compute;
    if (longer <= 0.0)
        return 0.0;
    double f = (t_comm + t_compute - t_overall) / longer;
    return 100.0 * (f < 1.0 ? f : 1.0);
}
