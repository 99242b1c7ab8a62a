/* stats_compute: the one statistics routine, checked against hand-computed values. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/stats.h"

static void odd_count(void **state)
{
    (void)state;
    const double x[] = {5.0, 1.0, 3.0, 2.0, 4.0};
    stats s = stats_compute(x, 5);
    assert_int_equal(s.n, 5);
    assert_true(s.median == 3.0);
    assert_true(s.min == 1.0);
    assert_true(s.max == 5.0);
    assert_true(s.mean == 3.0);
    /* sample variance of 1..5 is 2.5 */
    assert_true(fabs(s.stddev - sqrt(2.5)) < 1e-15);
    assert_true(fabs(s.cv - sqrt(2.5) / 3.0) < 1e-15);
    assert_true(x[0] == 5.0); /* input untouched */
}

static void even_count_median_is_midpoint(void **state)
{
    (void)state;
    const double x[] = {4.0, 1.0, 10.0, 2.0};
    stats s = stats_compute(x, 4);
    assert_true(s.median == 3.0);
    assert_true(s.mean == 4.25);
}

static void single_value_has_no_spread(void **state)
{
    (void)state;
    const double x[] = {0.125};
    stats s = stats_compute(x, 1);
    assert_true(s.median == 0.125 && s.min == 0.125 && s.max == 0.125);
    assert_true(s.stddev == 0.0 && s.cv == 0.0);
}

static void outlier_moves_mean_not_median(void **state)
{
    (void)state;
    const double x[] = {1.0, 1.0, 1.0, 1.0, 100.0};
    stats s = stats_compute(x, 5);
    assert_true(s.median == 1.0);
    assert_true(s.mean == 20.8);
    assert_true(s.cv > 1.0);
}

/* Binomial(n, 1/2) tails by hand: P(B <= 1) at n = 10 is 11/1024; at n = 20,
 * P(B <= 5) = 21700/1048576 (published tables: 0.0207). */
static void binomial_tails(void **state)
{
    (void)state;
    assert_true(fabs(stats_binomial_half_cdf(10, 1) - 11.0 / 1024) < 1e-15);
    assert_true(fabs(stats_binomial_half_cdf(6, 0) - 1.0 / 64) < 1e-15);
    assert_true(fabs(stats_binomial_half_cdf(20, 5) - 21700.0 / 1048576) < 1e-14);
    assert_true(stats_binomial_half_cdf(7, 7) == 1.0);
    assert_true(fabs(stats_binomial_half_cdf(1000, 499) - 0.4874) < 1e-4); /* normal approximation */
}

/* The median's interval from order statistics (Conover's table): n = 10 -> the 2nd and
 * 9th values, coverage 1 - 22/1024; n = 20 -> 6th and 15th, 95.86%; n = 6 -> min and
 * max, 96.9%; n = 5 -> min and max at 93.75%, below 95 and said so. */
static void median_interval_from_order_statistics(void **state)
{
    (void)state;
    double x[20];
    for (int i = 0; i < 20; ++i)
        x[i] = 100.0 - i; /* sorted: 81 .. 100; the k-th smallest is 80 + k */
    stats s = stats_compute(x, 20);
    assert_true(s.ci_low == 86.0 && s.ci_high == 95.0);
    assert_true(fabs(s.ci_coverage - (1.0 - 2.0 * 21700.0 / 1048576)) < 1e-12);
    stats t = stats_compute(x + 10, 10); /* 81 .. 90 */
    assert_true(t.ci_low == 82.0 && t.ci_high == 89.0);
    assert_true(fabs(t.ci_coverage - (1.0 - 22.0 / 1024)) < 1e-15);
    stats u = stats_compute(x, 6); /* 95 .. 100 */
    assert_true(u.ci_low == 95.0 && u.ci_high == 100.0 && fabs(u.ci_coverage - 62.0 / 64) < 1e-15);
    stats v = stats_compute(x, 5);
    assert_true(v.ci_low == 96.0 && v.ci_high == 100.0 && fabs(v.ci_coverage - 0.9375) < 1e-15);
    stats w = stats_compute(x, 1);
    assert_true(isnan(w.ci_low) && isnan(w.ci_high) && w.ci_coverage == 0.0);
}

/* --reps auto stops when the interval is within +-2% of the median, from 6 values on. */
static void interval_width_criterion(void **state)
{
    (void)state;
    const double tight[] = {1.00, 1.01, 0.99, 1.005, 0.995, 1.0};
    const double loose[] = {1.00, 1.10, 0.90, 1.05, 0.95, 1.0};
    stats a = stats_compute(tight, 6), b = stats_compute(loose, 6), c = stats_compute(tight, 5);
    assert_true(stats_ci_within(&a, 0.02));
    assert_false(stats_ci_within(&b, 0.02));
    assert_true(stats_ci_within(&b, 0.11));
    assert_false(stats_ci_within(&c, 0.02)); /* 5 values: coverage below 95% */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(odd_count),
        cmocka_unit_test(even_count_median_is_midpoint),
        cmocka_unit_test(single_value_has_no_spread),
        cmocka_unit_test(outlier_moves_mean_not_median),
        cmocka_unit_test(binomial_tails),
        cmocka_unit_test(median_interval_from_order_statistics),
        cmocka_unit_test(interval_width_criterion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
