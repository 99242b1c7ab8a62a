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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(odd_count),
        cmocka_unit_test(even_count_median_is_midpoint),
        cmocka_unit_test(single_value_has_no_spread),
        cmocka_unit_test(outlier_moves_mean_not_median),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
