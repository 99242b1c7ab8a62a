/* The Mann-Whitney U test and the Hodges-Lehmann shift (diff/ranktest.h) against
 * published tables, hand computations and brute-force enumeration, and on samples from
 * a fixed-seed generator: a known shift is found, identical distributions are flagged
 * at about the rate alpha, and the interval covers the true shift as often as it says. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diff/ranktest.h"
#include "core/stats.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

/* ---- a small deterministic generator (splitmix64): the same samples on every machine */

static uint64_t rng_state;
static uint64_t next_u64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
static double uniform01(void) { return ((double)(next_u64() >> 11) + 0.5) / 9007199254740992.0; }
/* Timing-like noise: never below the true time, a long tail to the right. */
static double timing(double base, double spread) { return base * (1.0 + spread * -log(uniform01())); }

/* P(U <= u) without ties, from the exact distribution of 2U. */
static double exact_cdf(size_t m, size_t n, size_t u)
{
    size_t t[64];
    for (size_t i = 0; i < m + n; ++i)
        t[i] = 1;
    double *dist = malloc((2 * m * n + 1) * sizeof *dist);
    assert_non_null(dist);
    assert_true(ranktest_exact_distribution(t, m + n, m, n, dist));
    double p = 0.0;
    for (size_t k = 0; k <= 2 * u; ++k)
        p += dist[k];
    free(dist);
    return p;
}

/* ---- U itself */

/* Hollander & Wolfe's depression data (the example of R's wilcox.test): W = U = 35. */
static const double hw_x[] = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
static const double hw_y[] = {1.15, 0.88, 0.90, 0.74, 1.21};

static void u_by_hand(void **state)
{
    (void)state;
    assert_true(ranktest_u(hw_x, 10, hw_y, 5) == 35.0);
    assert_true(ranktest_u(hw_y, 5, hw_x, 10) == 15.0); /* U_x + U_y = mn */
    /* ties count one half: x = {1, 2}, y = {2, 3}: 1 beats nothing, 2 ties one y */
    const double x[] = {1, 2}, y[] = {2, 3};
    assert_true(ranktest_u(x, 2, y, 2) == 0.5);
    const double same[] = {5, 5, 5};
    assert_true(ranktest_u(same, 3, same, 3) == 4.5);
}

/* The linear walk agrees with counting every pair, with many ties. */
static void u_matches_every_pair(void **state)
{
    (void)state;
    rng_state = 1;
    for (int trial = 0; trial < 200; ++trial) {
        size_t m = 1 + next_u64() % 30, n = 1 + next_u64() % 30;
        double x[30], y[30], brute = 0.0;
        for (size_t i = 0; i < m; ++i)
            x[i] = (double)(next_u64() % 8);
        for (size_t j = 0; j < n; ++j)
            y[j] = (double)(next_u64() % 8);
        for (size_t i = 0; i < m; ++i)
            for (size_t j = 0; j < n; ++j)
                brute += x[i] > y[j] ? 1.0 : x[i] == y[j] ? 0.5 : 0.0;
        assert_true(ranktest_u(x, m, y, n) == brute);
    }
}

/* ---- the exact distribution: Mann & Whitney's (1947) table and the usual critical values */

static void exact_matches_published_tables(void **state)
{
    (void)state;
    /* m = n = 4: counts of U = 0..8 are 1 1 2 3 5 5 7 7 8 of 70 (Mann & Whitney 1947,
     * table I: .014 .029 .057 .100 .171 .243 .343 .443 .557) */
    const int cum4[] = {1, 2, 4, 7, 12, 17, 24, 31, 39};
    for (size_t u = 0; u <= 8; ++u)
        NEAR(exact_cdf(4, 4, u), cum4[u] / 70.0, 1e-13);
    /* m = n = 3: 1 1 2 3 3 of 20 for U = 0..4 */
    const int cum3[] = {1, 2, 4, 7, 10};
    for (size_t u = 0; u <= 4; ++u)
        NEAR(exact_cdf(3, 3, u), cum3[u] / 20.0, 1e-13);
    /* two-sided 5% critical values of U (the tables in every textbook): the largest c
     * with P(U <= c) <= 0.025 */
    const struct { size_t m, n, c; } crit[] = {
        {5, 5, 2}, {8, 8, 13}, {10, 10, 23}, {5, 10, 8}, {20, 20, 127}, {6, 6, 5}};
    for (size_t i = 0; i < sizeof crit / sizeof crit[0]; ++i) {
        assert_true(exact_cdf(crit[i].m, crit[i].n, crit[i].c) <= 0.025);
        assert_true(exact_cdf(crit[i].m, crit[i].n, crit[i].c + 1) > 0.025);
    }
    /* exact fractions (counted by the partition recursion): P(U <= 23 | 10, 10) = 3996/184756 */
    NEAR(exact_cdf(10, 10, 23), 3996.0 / 184756.0, 1e-13);
}

static void exact_p_values(void **state)
{
    (void)state;
    /* R: wilcox.test(x, y) on the depression data: W = 35, p-value = 0.2544 (exact:
     * 764/3003, half of it one-sided, 0.1272) */
    ranktest_u_test t = ranktest_mann_whitney(hw_x, 10, hw_y, 5);
    assert_true(t.exact && !t.ties && t.u == 35.0);
    NEAR(t.p, 0.2544122544122544, 1e-12);
    /* completely separated, 4 and 4: only 2 of the 70 splits are as extreme */
    const double lo[] = {1, 2, 3, 4}, hi[] = {5, 6, 7, 8};
    t = ranktest_mann_whitney(lo, 4, hi, 4);
    assert_true(t.u == 0.0);
    NEAR(t.p, 2.0 / 70.0, 1e-14);
    /* and 3 against 3 can never reach 0.1: why diff needs 4 a side */
    t = ranktest_mann_whitney(lo, 3, hi, 3);
    NEAR(t.p, 0.1, 1e-14);
    /* U at the centre: p = 1 */
    const double a[] = {1, 4}, b[] = {2, 3};
    NEAR(ranktest_mann_whitney(a, 2, b, 2).p, 1.0, 1e-14);
}

/* ---- ties: the exact permutation distribution */

/* x = {1, 2}, y = {2, 3}: the 6 ways to choose which 2 of {1, 2, 2, 3} are x give
 * U = 0.5, 0.5, 2, 2, 3.5, 3.5; U = 0.5 is 1.5 from the centre 2, and so are 4 of 6. */
static void ties_by_hand(void **state)
{
    (void)state;
    const double x[] = {1, 2}, y[] = {2, 3};
    ranktest_u_test t = ranktest_mann_whitney(x, 2, y, 2);
    assert_true(t.exact && t.ties && t.u == 0.5);
    NEAR(t.p, 4.0 / 6.0, 1e-14);
    const size_t groups[] = {1, 2, 1};
    double dist[9];
    assert_true(ranktest_exact_distribution(groups, 3, 2, 2, dist));
    NEAR(dist[1], 2.0 / 6, 1e-14); /* 2U = 1 */
    NEAR(dist[4], 2.0 / 6, 1e-14); /* 2U = 4 */
    NEAR(dist[7], 2.0 / 6, 1e-14); /* 2U = 7 */
    NEAR(dist[0] + dist[2] + dist[3] + dist[5] + dist[6] + dist[8], 0.0, 1e-14);
}

/* Every split of the pooled values into m and n, counted: the p-value by enumeration. */
static double enumerated_p(const double *pool, size_t total, size_t m, double u_obs)
{
    size_t n = total - m, as_extreme = 0, splits = 0;
    double centre = (double)(m * n) / 2.0, dev = fabs(u_obs - centre);
    for (uint32_t mask = 0; mask < (1u << total); ++mask) {
        if ((size_t)__builtin_popcount(mask) != m)
            continue;
        double x[16], y[16];
        size_t i = 0, j = 0;
        for (size_t k = 0; k < total; ++k)
            if (mask >> k & 1)
                x[i++] = pool[k];
            else
                y[j++] = pool[k];
        ++splits;
        as_extreme += fabs(ranktest_u(x, m, y, n) - centre) >= dev - 1e-9;
    }
    return (double)as_extreme / (double)splits;
}

static void ties_match_enumeration(void **state)
{
    (void)state;
    rng_state = 2;
    for (int trial = 0; trial < 60; ++trial) {
        size_t total = 4 + next_u64() % 11, m = 1 + next_u64() % (total - 1), n = total - m;
        double pool[16];
        for (size_t k = 0; k < total; ++k)
            pool[k] = (double)(next_u64() % (trial % 3 ? 4 : 40)); /* heavy ties, and few */
        ranktest_u_test t = ranktest_mann_whitney(pool, m, pool + m, n);
        assert_true(t.exact);
        NEAR(t.p, enumerated_p(pool, total, m, t.u), 1e-12);
    }
}

/* ---- the normal approximation */

/* x = 1..30, y = 21..50 (ten values tied across): U = 0.5 + 1.5 + ... + 9.5 = 50,
 * mn/2 = 450, the ties' sum of t^3 - t = 10 * 6 = 60, so
 * var = 900/12 * (61 - 60/(60*59)) = 4573.7288..., z = (400 - 0.5)/sqrt(var) = 5.90720
 * and p = erfc(z / sqrt 2) = 3.4797e-9. */
static void normal_by_hand(void **state)
{
    (void)state;
    double x[30], y[30];
    for (int i = 0; i < 30; ++i) {
        x[i] = 1 + i;
        y[i] = 21 + i;
    }
    ranktest_u_test t = ranktest_mann_whitney(x, 30, y, 30);
    assert_true(!t.exact && t.ties && t.u == 50.0);
    NEAR(t.p / 3.479739872462869e-09, 1.0, 1e-9);
    NEAR(ranktest_normal_p(50.0, 30, 30, 60.0) / 3.479739872462869e-09, 1.0, 1e-12);
    /* the continuity correction: half a step from the centre is p = 1 */
    NEAR(ranktest_normal_p(450.5, 30, 30, 0.0), 1.0, 1e-15);
    /* every value the same: no spread, nothing to test */
    NEAR(ranktest_normal_p(450.0, 30, 30, 60.0 * 60 * 60 - 60), 1.0, 0.0);
}

/* Where both apply (25 and 25, no ties) the approximation is within 0.004 of exact (the
 * largest gap, 0.0034, is at U = 258: 0.2948 against 0.2976). */
static void normal_close_to_exact(void **state)
{
    (void)state;
    size_t t[50];
    for (size_t i = 0; i < 50; ++i)
        t[i] = 1;
    double *dist = malloc((2 * 625 + 1) * sizeof *dist);
    assert_true(ranktest_exact_distribution(t, 50, 25, 25, dist));
    for (double u = 150; u <= 312; u += 18)
        NEAR(ranktest_normal_p(u, 25, 25, 0.0), ranktest_exact_p(dist, 25, 25, u), 0.004);
    free(dist);
    /* the boundary: 50 observations exact, 51 normal */
    double x[26] = {0}, y[26] = {0};
    for (int i = 0; i < 26; ++i)
        x[i] = i, y[i] = i + 0.5;
    assert_true(ranktest_mann_whitney(x, 25, y, 25).exact);
    assert_false(ranktest_mann_whitney(x, 26, y, 25).exact);
}

/* ---- Hodges-Lehmann */

/* x = {1, 2, 3}, y = {2, 4, 6}: the nine differences sorted are -1 0 1 1 2 3 3 4 5,
 * median 2. With 3 and 3, P(U <= 0) = 0.05 and P(U <= 1) = 0.1: at 95% no c >= 1
 * qualifies, so the interval is [-1, 5] with coverage 0.9, said; at 70%, c = 2:
 * [D_2, D_8] = [0, 4] with coverage 1 - 2 * 0.1 = 0.8. */
static void hodges_lehmann_by_hand(void **state)
{
    (void)state;
    const double x[] = {3, 1, 2}, y[] = {6, 2, 4};
    ranktest_shift s = ranktest_hodges_lehmann(x, 3, y, 3, 0.95);
    assert_true(s.shift == 2.0 && s.low == -1.0 && s.high == 5.0);
    NEAR(s.coverage, 0.9, 1e-14);
    s = ranktest_hodges_lehmann(x, 3, y, 3, 0.70);
    assert_true(s.shift == 2.0 && s.low == 0.0 && s.high == 4.0);
    NEAR(s.coverage, 0.8, 1e-14);
    /* an even count of differences: the mean of the middle two (x = {0, 1}: 2, 1, 4, 3) */
    const double a[] = {0, 1}, b[] = {2, 4};
    assert_true(ranktest_hodges_lehmann(a, 2, b, 2, 0.95).shift == 2.5);
    /* no shift: exactly +0 */
    s = ranktest_hodges_lehmann(x, 3, x, 3, 0.95);
    assert_true(s.shift == 0.0 && !signbit(s.shift));
}

/* The k-th difference by bisection equals the k-th of all m*n differences sorted. */
static void kth_difference_matches_sorting(void **state)
{
    (void)state;
    rng_state = 3;
    for (int trial = 0; trial < 100; ++trial) {
        size_t m = 1 + next_u64() % 20, n = 1 + next_u64() % 20;
        double x[20], y[20], d[400];
        for (size_t i = 0; i < m; ++i)
            x[i] = trial % 2 ? (double)(next_u64() % 5) : timing(0.3, 0.2);
        for (size_t j = 0; j < n; ++j)
            y[j] = trial % 2 ? (double)(next_u64() % 5) : timing(0.3, 0.2);
        qsort(x, m, sizeof *x, stats_cmp_double);
        qsort(y, n, sizeof *y, stats_cmp_double);
        for (size_t i = 0; i < m; ++i)
            for (size_t j = 0; j < n; ++j)
                d[i * n + j] = y[j] - x[i];
        qsort(d, m * n, sizeof *d, stats_cmp_double);
        for (size_t k = 1; k <= m * n; ++k)
            assert_true(ranktest_kth_difference(x, m, y, n, k) == d[k - 1]);
    }
}

/* The interval's order statistics: exact at 10 and 10 (c - 1 = 23, the critical value),
 * normal at 40 and 40 (c = floor(800 + 0.5 - 1.959964 * sqrt(1600 * 81 / 12)) =
 * floor(596.81) = 596). */
static void interval_order_statistics(void **state)
{
    (void)state;
    rng_state = 4;
    double x[40], y[40], d[1600];
    for (size_t i = 0; i < 40; ++i)
        x[i] = timing(1.0, 0.1), y[i] = timing(1.02, 0.1);
    const struct { size_t m, c; double coverage; } cases[] = {{10, 24, 1 - 2 * 3996.0 / 184756.0}, {40, 596, NAN}};
    for (int c = 0; c < 2; ++c) {
        size_t m = cases[c].m;
        for (size_t i = 0; i < m; ++i)
            for (size_t j = 0; j < m; ++j)
                d[i * m + j] = y[j] - x[i];
        qsort(d, m * m, sizeof *d, stats_cmp_double);
        ranktest_shift s = ranktest_hodges_lehmann(x, m, y, m, 0.95);
        assert_true(s.low == d[cases[c].c - 1] && s.high == d[m * m - cases[c].c]);
        assert_true(s.shift == 0.5 * (d[m * m / 2 - 1] + d[m * m / 2]));
        if (!isnan(cases[c].coverage))
            NEAR(s.coverage, cases[c].coverage, 1e-12);
        else
            NEAR(s.coverage, 0.95, 0.002);
    }
    NEAR(ranktest_normal_upper_quantile(0.025), 1.959963984540054, 1e-12);
    NEAR(ranktest_normal_upper_quantile(0.975), -1.959963984540054, 1e-12);
}

/* ---- on generated samples */

/* Within 3 standard deviations of trials * rate: the binomial bound. */
static void assert_binomial(size_t count, size_t trials, double rate)
{
    double mean = (double)trials * rate, sigma = sqrt(mean * (1.0 - rate));
    if (fabs((double)count - mean) > 3.0 * sigma)
        fail_msg("%zu of %zu, expected %.1f +- %.1f", count, trials, mean, 3.0 * sigma);
}

/* Identical distributions: how often is p < 0.05? Exactly at 10 and 10 the test can
 * only reject at U <= 23 or >= 77, which happens 2 * 3996/184756 = 4.33% of the time;
 * the normal approximation at 30 and 30 is near 5%; with ties (times on a 1% grid)
 * the exact conditional test keeps its level. */
static void identical_distributions_not_flagged(void **state)
{
    (void)state;
    rng_state = 5;
    const size_t trials = 1000;
    const struct { size_t m; double grid, rate; } cases[] = {
        {10, 0, 2 * 3996.0 / 184756.0}, {30, 0, 0.05}, {10, 0.01, 0.05}};
    for (int c = 0; c < 3; ++c) {
        size_t flagged = 0, m = cases[c].m;
        for (size_t trial = 0; trial < trials; ++trial) {
            double x[30], y[30];
            for (size_t i = 0; i < m; ++i) {
                x[i] = timing(1.0, 0.03);
                y[i] = timing(1.0, 0.03);
                if (cases[c].grid > 0)
                    x[i] = round(x[i] / cases[c].grid) * cases[c].grid,
                    y[i] = round(y[i] / cases[c].grid) * cases[c].grid;
            }
            flagged += ranktest_mann_whitney(x, m, y, m).p < 0.05;
        }
        if (cases[c].grid > 0) /* discrete: at most alpha, within the bound */
            assert_true((double)flagged <= trials * 0.05 + 3.0 * sqrt(trials * 0.05 * 0.95));
        else
            assert_binomial(flagged, trials, cases[c].rate);
        assert_true(flagged > 0); /* a test that never rejects is no test */
    }
}

/* A 10% shift under 2% noise is found every time, at 10 a side; the interval covers
 * the true shift at least as often as it says (here 95.7%), within the bound. */
static void known_shift_found_and_covered(void **state)
{
    (void)state;
    rng_state = 6;
    const size_t trials = 500;
    size_t found = 0, covered = 0;
    for (size_t trial = 0; trial < trials; ++trial) {
        double x[10], y[10], shift = 0.10;
        for (int i = 0; i < 10; ++i) {
            x[i] = timing(1.0, 0.02);
            y[i] = timing(1.0, 0.02) + shift;
        }
        found += ranktest_mann_whitney(x, 10, y, 10).p < 0.05;
        ranktest_shift s = ranktest_hodges_lehmann(x, 10, y, 10, 0.95);
        covered += s.low <= shift && shift <= s.high;
    }
    assert_int_equal(found, trials);
    double coverage = 1 - 2 * 3996.0 / 184756.0;
    assert_true((double)covered >= trials * coverage - 3.0 * sqrt(trials * coverage * (1 - coverage)));
    assert_true(covered < trials); /* an interval that always covers is too wide to say anything */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(u_by_hand),
        cmocka_unit_test(u_matches_every_pair),
        cmocka_unit_test(exact_matches_published_tables),
        cmocka_unit_test(exact_p_values),
        cmocka_unit_test(ties_by_hand),
        cmocka_unit_test(ties_match_enumeration),
        cmocka_unit_test(normal_by_hand),
        cmocka_unit_test(normal_close_to_exact),
        cmocka_unit_test(hodges_lehmann_by_hand),
        cmocka_unit_test(kth_difference_matches_sorting),
        cmocka_unit_test(interval_order_statistics),
        cmocka_unit_test(identical_distributions_not_flagged),
        cmocka_unit_test(known_shift_found_and_covered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
