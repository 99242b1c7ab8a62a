#include "diff/ranktest.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"

static double *sorted_copy(const double *x, size_t n)
{
    double *s = malloc(n * sizeof *s);
    if (s) {
        memcpy(s, x, n * sizeof *s);
        qsort(s, n, sizeof *s, stats_cmp_double);
    }
    return s;
}

/* U of sorted x against sorted y: for each x, the y below it and half the y equal to
 * it, walking both once (reps can be 10^5 a side: no m*n loop). */
static double u_sorted(const double *x, size_t m, const double *y, size_t n)
{
    double u = 0.0;
    size_t below = 0, upto = 0; /* y[0..below) < x[i], y[0..upto) <= x[i] */
    for (size_t i = 0; i < m; ++i) {
        while (below < n && y[below] < x[i])
            ++below;
        if (upto < below)
            upto = below;
        while (upto < n && y[upto] <= x[i])
            ++upto;
        u += (double)below + 0.5 * (double)(upto - below);
    }
    return u;
}

double ranktest_u(const double *x, size_t m, const double *y, size_t n)
{
    double *xs = sorted_copy(x, m), *ys = sorted_copy(y, n);
    double u = xs && ys ? u_sorted(xs, m, ys, n) : NAN;
    free(xs);
    free(ys);
    return u;
}

/* The sizes of the runs of equal values in the merge of two ascending arrays, into t
 * (m + n entries at most); returns how many. */
static size_t tie_groups(const double *x, size_t m, const double *y, size_t n, size_t *t)
{
    size_t g = 0, i = 0, j = 0;
    while (i < m || j < n) {
        double v = j == n || (i < m && x[i] <= y[j]) ? x[i] : y[j];
        size_t k = 0;
        for (; i < m && x[i] == v; ++i)
            ++k;
        for (; j < n && y[j] == v; ++j)
            ++k;
        t[g++] = k;
    }
    return g;
}

static double log_choose(size_t n, size_t k)
{
    return lgamma((double)n + 1) - lgamma((double)k + 1) - lgamma((double)(n - k) + 1);
}

/* Walks the observations in ascending order, one tie group at a time, keeping
 * P(a of the x's placed so far, 2U so far = s). A group of t values, k of which are
 * x's, holds them with the hypergeometric probability of drawing k x's among the
 * rest; each of those x's is above every y placed before and tied with the group's
 * t - k y's, adding 2 * y_below + (t - k) to 2U. With every t = 1 this is the classic
 * recursion: the next value is an x with probability (x's left) / (values left). */
bool ranktest_exact_distribution(const size_t *t, size_t g, size_t m, size_t n, double *dist)
{
    size_t width = 2 * m * n + 1, total = m + n, placed = 0;
    double *cur = calloc((m + 1) * width, sizeof *cur), *next = calloc((m + 1) * width, sizeof *next);
    if (!cur || !next) {
        free(cur);
        free(next);
        return false;
    }
    cur[0] = 1.0;
    for (size_t grp = 0; grp < g; ++grp) {
        size_t tg = t[grp], left = total - placed;
        memset(next, 0, (m + 1) * width * sizeof *next);
        for (size_t a = 0; a <= m && a <= placed; ++a) {
            size_t y_below = placed - a, x_left = m - a, y_left = left - x_left;
            if (y_below > n)
                continue;
            size_t kmin = tg > y_left ? tg - y_left : 0, kmax = tg < x_left ? tg : x_left;
            for (size_t k = kmin; k <= kmax; ++k) {
                double prob = exp(log_choose(tg, k) + log_choose(left - tg, x_left - k) - log_choose(left, x_left));
                size_t add = k * (2 * y_below + (tg - k));
                const double *from = cur + a * width;
                double *to = next + (a + k) * width;
                for (size_t s = 0; s + add < width; ++s)
                    if (from[s] != 0.0)
                        to[s + add] += from[s] * prob;
            }
        }
        double *swap = cur;
        cur = next;
        next = swap;
        placed += tg;
    }
    memcpy(dist, cur + m * width, width * sizeof *dist);
    free(cur);
    free(next);
    return true;
}

double ranktest_exact_p(const double *dist, size_t m, size_t n, double u)
{
    size_t mn = m * n;
    long long obs = llround(2.0 * u), centre = (long long)mn;
    long long dev = llabs(obs - centre);
    if (dev == 0)
        return 1.0; /* every U is as far from the centre: exactly 1, not a sum that rounds below */
    double p = 0.0;
    for (size_t k = 0; k <= 2 * mn; ++k)
        if (llabs((long long)k - centre) >= dev)
            p += dist[k];
    return p < 1.0 ? p : 1.0;
}

double ranktest_normal_p(double u, size_t m, size_t n, double tie_sum)
{
    double mn = (double)m * (double)n, total = (double)(m + n);
    double var = mn / 12.0 * ((total + 1.0) - (total > 1 ? tie_sum / (total * (total - 1.0)) : 0.0));
    if (!(var > 0.0))
        return 1.0; /* every value the same: nothing can differ */
    double z = fmax(0.0, fabs(u - mn / 2.0) - 0.5) / sqrt(var);
    double p = erfc(z / sqrt(2.0));
    return p < 1.0 ? p : 1.0;
}

ranktest_u_test ranktest_mann_whitney(const double *x, size_t m, const double *y, size_t n)
{
    ranktest_u_test r = {NAN, NAN, false, false};
    double *xs = sorted_copy(x, m), *ys = sorted_copy(y, n);
    size_t *t = malloc((m + n) * sizeof *t);
    double *dist = NULL;
    if (xs && ys && t) {
        r.u = u_sorted(xs, m, ys, n);
        size_t g = tie_groups(xs, m, ys, n, t);
        r.ties = g < m + n;
        r.exact = m + n <= RANKTEST_EXACT_MAX;
        if (r.exact) {
            dist = malloc((2 * m * n + 1) * sizeof *dist);
            if (dist && ranktest_exact_distribution(t, g, m, n, dist))
                r.p = ranktest_exact_p(dist, m, n, r.u);
        } else {
            double tie_sum = 0.0;
            for (size_t i = 0; i < g; ++i)
                tie_sum += (double)t[i] * (double)t[i] * (double)t[i] - (double)t[i];
            r.p = ranktest_normal_p(r.u, m, n, tie_sum);
        }
    }
    free(xs);
    free(ys);
    free(t);
    free(dist);
    return r;
}

double ranktest_normal_upper_quantile(double q)
{
    if (q > 0.5)
        return -ranktest_normal_upper_quantile(1.0 - q);
    double lo = 0.0, hi = 40.0; /* P(Z > 40) is below any double's reach */
    for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
        double mid = 0.5 * (lo + hi);
        if (0.5 * erfc(mid / sqrt(2.0)) > q)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* Doubles as unsigned keys in the same order, so that bisection over keys visits every
 * double between two bounds and ends on an exact one. */
static uint64_t order_key(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b >> 63 ? ~b : b | (UINT64_C(1) << 63);
}

static double from_key(uint64_t k)
{
    uint64_t b = k >> 63 ? k & ~(UINT64_C(1) << 63) : ~k;
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

/* How many differences y_j - x_i are <= d. For each y (ascending), those x that make
 * the difference small enough are a suffix of x, whose start only moves right. The
 * difference is computed the same way everywhere, so rounding cannot disagree. */
static uint64_t count_at_most(const double *x, size_t m, const double *y, size_t n, double d)
{
    uint64_t count = 0;
    size_t start = 0;
    for (size_t j = 0; j < n; ++j) {
        while (start < m && !(y[j] - x[start] <= d))
            ++start;
        count += m - start;
    }
    return count;
}

double ranktest_kth_difference(const double *x, size_t m, const double *y, size_t n, size_t k)
{
    uint64_t lo = order_key(y[0] - x[m - 1]), hi = order_key(y[n - 1] - x[0]);
    while (lo < hi) { /* the smallest d with at least k differences <= d: one of them */
        uint64_t mid = lo + (hi - lo) / 2;
        if (count_at_most(x, m, y, n, from_key(mid)) >= k)
            hi = mid;
        else
            lo = mid + 1;
    }
    return from_key(lo) + 0.0; /* + 0.0: a zero difference is +0, never -0 */
}

/* P(U <= u) under no ties, for u = 0..(mn/2): exact from the distribution when there is
 * one, else normal with the continuity correction. */
static double u_cdf(const double *dist, size_t m, size_t n, size_t u)
{
    if (dist) {
        double p = 0.0;
        for (size_t k = 0; k <= 2 * u; ++k)
            p += dist[k];
        return p;
    }
    double mn = (double)m * (double)n, sigma = sqrt(mn * (double)(m + n + 1) / 12.0);
    return 0.5 * erfc(-((double)u + 0.5 - mn / 2.0) / sigma / sqrt(2.0));
}

ranktest_shift ranktest_hodges_lehmann(const double *x, size_t m, const double *y, size_t n, double level)
{
    ranktest_shift r = {NAN, NAN, NAN, NAN};
    size_t mn = m * n, total = m + n;
    double *xs = sorted_copy(x, m), *ys = sorted_copy(y, n), *dist = NULL;
    size_t *ones = NULL;
    if (total <= RANKTEST_EXACT_MAX) {
        dist = malloc((2 * mn + 1) * sizeof *dist);
        ones = malloc(total * sizeof *ones);
        for (size_t i = 0; ones && i < total; ++i)
            ones[i] = 1;
        if (dist && ones && !ranktest_exact_distribution(ones, total, m, n, dist)) {
            free(dist);
            dist = NULL;
        }
    }
    if (xs && ys && (total > RANKTEST_EXACT_MAX || dist)) {
        r.shift = mn % 2 ? ranktest_kth_difference(xs, m, ys, n, (mn + 1) / 2)
                         : 0.5 * (ranktest_kth_difference(xs, m, ys, n, mn / 2) +
                                  ranktest_kth_difference(xs, m, ys, n, mn / 2 + 1));
        double tail = (1.0 - level) / 2.0;
        size_t c = 1; /* the largest c with P(U <= c - 1) <= tail, or 1 when none */
        if (dist) {
            while (c + 1 <= (mn + 1) / 2 && u_cdf(dist, m, n, c) <= tail)
                ++c;
        } else {
            double sigma = sqrt((double)mn * (double)(total + 1) / 12.0);
            double guess = floor((double)mn / 2.0 + 0.5 - ranktest_normal_upper_quantile(tail) * sigma);
            c = guess > 1.0 ? (size_t)guess : 1;
        }
        r.low = ranktest_kth_difference(xs, m, ys, n, c);
        r.high = ranktest_kth_difference(xs, m, ys, n, mn + 1 - c);
        r.coverage = 1.0 - 2.0 * u_cdf(dist, m, n, c - 1);
    }
    free(xs);
    free(ys);
    free(dist);
    free(ones);
    return r;
}
