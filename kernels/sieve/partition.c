/* Splitting [0, n] across MPI ranks by estimated work rather than by length.
 *
 * The cost of sieving one byte (30 numbers) near x grows with x: more sieving primes
 * are active (only p <= sqrt x), each crosses 8/p of the bytes (sum ~ ln ln sqrt x,
 * Mertens), and each active prime also costs a set-up per segment or a bucket move,
 * which grows like pi(sqrt x). A fit of those terms came out poor (negative fixed
 * cost), so the model is the measured cost itself: ns per byte of this code at
 * x = 10^6, 10^6.5, ..., 10^13 (one core of a Zen 4 EPYC, 512 KiB segments, the
 * smaller of two medians of 5 CPU-time measurements of 16 segments), interpolated
 * linearly in log10 x. Only its shape matters: it rises about 3x from 10^9 to 10^13
 * (more steeply above 1.1e12, where primes beyond two segments go to buckets), so for
 * n = 1e10 and 2 ranks rank 0 gets about 53% of the length.
 *
 * The work is integrated over 4096 equal pieces and the cumulative work inverted;
 * boundaries are rounded to whole segments. */
#include <math.h>

#include "sieve_internal.h"

#define PIECES 4096

static const double cost_log10_first = 6.0, cost_log10_step = 0.5;
static const double cost_ns_per_byte[] = {
    1.08, 1.13, 1.20, 1.39, 1.58, 1.67, 1.91, 2.14, 2.41, 2.65, 2.91, 3.24, 3.72, 4.73, 5.85,
};
#define COSTS (sizeof cost_ns_per_byte / sizeof cost_ns_per_byte[0])

static double work_density(double x)
{
    double t = x > 1.0 ? (log10(x) - cost_log10_first) / cost_log10_step : 0.0;
    if (t <= 0.0)
        return cost_ns_per_byte[0];
    if (t >= COSTS - 1)
        return cost_ns_per_byte[COSTS - 1];
    size_t i = (size_t)t;
    double f = t - (double)i;
    return (1.0 - f) * cost_ns_per_byte[i] + f * cost_ns_per_byte[i + 1];
}

void sieve_split_by_work(uint64_t n, const sieve_params *par, int parts, uint64_t *bounds)
{
    const uint64_t total = sieve_total_bytes(n), seg = par->segment_bytes;
    double cum[PIECES + 1];
    cum[0] = 0.0;
    for (int i = 0; i < PIECES; ++i) {
        double mid = ((double)i + 0.5) / PIECES * (double)total * 30.0;
        cum[i + 1] = cum[i] + work_density(mid);
    }
    bounds[0] = 0;
    int piece = 0;
    for (int r = 1; r < parts; ++r) {
        double target = cum[PIECES] * r / parts;
        while (piece < PIECES && cum[piece + 1] < target)
            ++piece;
        /* linear inside the piece */
        double frac = piece < PIECES ? (target - cum[piece]) / (cum[piece + 1] - cum[piece]) : 1.0;
        double at = ((double)piece + frac) / PIECES * (double)total;
        uint64_t b = (uint64_t)(at / (double)seg + 0.5) * seg;
        if (b > total)
            b = total;
        if (b < bounds[r - 1])
            b = bounds[r - 1];
        bounds[r] = b;
    }
    bounds[parts] = total;
}
