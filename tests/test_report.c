/* Numbers in the tables readable at a glance (issue 16, item 4): a rate scaled by k, M,
 * G into the unit's own words, and the pi estimate shown with its error. Exact strings. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/kernel.h"
#include "output/report.h"
#include "output/results.h"

extern const kernel_desc montecarlo_kernel;

static void rate(double value, const char *unit, const char *want_num, const char *want_unit)
{
    char num[32], scaled[40];
    report_rate(value, unit, num, sizeof num, scaled, sizeof scaled);
    assert_string_equal(num, want_num);
    assert_string_equal(scaled, want_unit);
}

static void rates(void **state)
{
    (void)state;
    rate(91770, "requests/s", "91.77", "krequests/s");     /* was 9.177e+04 requests/s */
    rate(962.2, "requests/s", "962.2", "requests/s");
    rate(1330, "Msamples/s", "1.33", "Gsamples/s");         /* the unit's own M counts */
    rate(144.9, "GFLOP/s", "144.9", "GFLOP/s");
    rate(1449, "GFLOP/s", "1.449", "TFLOP/s");
    rate(0.31, "GFLOP/s", "310", "MFLOP/s");                /* down as well as up */
    rate(0.5, "requests/s", "0.5", "requests/s");           /* no prefix below 1 */
    rate(2.5e15, "steps/s", "2500", "Tsteps/s");            /* T is the largest */
    rate(5.888, "Munits/s", "5.888", "Munits/s");
    rate(0.14642, "Mincrements/s", "146.4", "kincrements/s");
    rate(0, "Msamples/s", "0", "Msamples/s");               /* nothing to scale */
    rate(NAN, "Msamples/s", "nan", "Msamples/s");
    rate(2000, "MB/s", "2", "GB/s");
    rate(12.5, "Mcells/s", "12.5", "Mcells/s");
    rate(3, "s", "3", "s");                                 /* a unit of one letter has no prefix */
}

static void pi_estimate(void **state)
{
    (void)state;
    result_record r;
    result_record_init(&r);
    char buf[96];
    snprintf(r.result, sizeof r.result, "3.1415465000000001");
    montecarlo_kernel.show_result(&r, buf, sizeof buf);
    assert_string_equal(buf, "3.1415465 (err -4.6e-05)");
    snprintf(r.result, sizeof r.result, "3.1416");
    montecarlo_kernel.show_result(&r, buf, sizeof buf);
    assert_string_equal(buf, "3.1416000 (err +7.3e-06)");
    snprintf(r.result, sizeof r.result, "oops"); /* not a number: shown as it is */
    montecarlo_kernel.show_result(&r, buf, sizeof buf);
    assert_string_equal(buf, "oops");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(rates), cmocka_unit_test(pi_estimate)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
