/* Trust in numbers from fixed inputs (no clocks): the speedup's interval and flags that
 * every summary shares, and the size ladder and prediction of --size auto. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "output/quality.h"
#include "output/roofline.h"
#include "core/calibrate.h"

static result_record row(double median, double lo, double hi, const char *notes)
{
    result_record r;
    result_record_init(&r);
    r.time_s = median;
    r.ci_low_s = lo;
    r.ci_high_s = hi;
    snprintf(r.notes, sizeof r.notes, "%s", notes);
    return r;
}

/* The interval of a speedup: base's slow end over r's fast end, and the other way. */
static void speedup_interval(void **state)
{
    (void)state;
    result_record base = row(2.0, 1.9, 2.2, ""), r = row(1.0, 0.95, 1.1, "");
    speedup_ci s = quality_speedup(&base, &r);
    assert_true(s.speedup == 2.0);
    assert_true(fabs(s.low - 1.9 / 1.1) < 1e-15 && fabs(s.high - 2.2 / 0.95) < 1e-15);
    char buf[64];
    quality_format_speedup(&s, buf, sizeof buf); /* 1.73 .. 2.32: wider than +-5% */
    assert_string_equal(buf, "2.00x (1.73-2.32)");
    result_record tight = row(1.0, 0.99, 1.01, "");
    speedup_ci t = quality_speedup(&base, &tight);
    t.low = 1.96, t.high = 2.04; /* within +-5%: the number alone */
    quality_format_speedup(&t, buf, sizeof buf);
    assert_string_equal(buf, "2.00x");
    result_record none = row(1.0, NAN, NAN, "");
    speedup_ci u = quality_speedup(&base, &none);
    assert_true(isnan(u.low) && isnan(u.high));
    quality_format_speedup(&u, buf, sizeof buf);
    assert_string_equal(buf, "2.00x");
    result_record zero = row(0.0, NAN, NAN, "");
    speedup_ci z = quality_speedup(&base, &zero);
    quality_format_speedup(&z, buf, sizeof buf);
    assert_string_equal(buf, "-");
}

/* Flags next to the number they concern: the rows' own, and superlinear above 105%. */
static void flags_of_a_speedup(void **state)
{
    (void)state;
    result_record base = row(2.0, 2, 2, "cv-high"), r = row(1.0, 1, 1, "size-auto;starved;gather");
    char buf[128];
    quality_flags(&base, &r, 0.9, buf, sizeof buf);
    assert_string_equal(buf, " [starved, cv-high]");
    result_record clean = row(1.0, 1, 1, "size-auto");
    quality_flags(NULL, &clean, 1.06, buf, sizeof buf);
    assert_string_equal(buf, " [superlinear]");
    quality_flags(NULL, &clean, 1.05, buf, sizeof buf);
    assert_string_equal(buf, "");
    quality_flags(NULL, &clean, NAN, buf, sizeof buf);
    assert_string_equal(buf, "");
    assert_true(quality_trusted(&clean));
    assert_false(quality_trusted(&r));
    assert_false(quality_trusted(&base));
}

/* A kernel whose work is its size, with and without its own ladder. */
static double work_is_size(const bench_ctx *ctx) { return (double)ctx->size; }
static const uint64_t ladder[] = {64, 128, 192, 256, 0};
static const kernel_desc plain = {.name = "p", .min_size = 1, .max_size = 1000000, .work = work_is_size};
static const compute_facts ladder_facts = {.size_ladder = ladder};
static const kernel_desc laddered = {.name = "l", .min_size = 1, .max_size = 200, .compute = &ladder_facts,
                                     .work = work_is_size};
static const kernel_desc from_three = {.name = "t", .min_size = 3, .max_size = 60, .work = work_is_size};

static void size_ladder(void **state)
{
    (void)state;
    uint64_t want[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    uint64_t s = 0;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; ++i)
        assert_int_equal(s = calibrate_next_size(&plain, s), want[i]);
    assert_int_equal(calibrate_next_size(&plain, 500000), 1000000);
    assert_int_equal(calibrate_next_size(&plain, 1000000), 0); /* the largest it takes */
    assert_int_equal(calibrate_next_size(&laddered, 0), 64);
    assert_int_equal(calibrate_next_size(&laddered, 150), 192);
    assert_int_equal(calibrate_next_size(&laddered, 192), 0); /* 256 is beyond max_size */
    assert_int_equal(calibrate_next_size(&from_three, 0), 5);  /* 1 and 2 are below min_size */
    assert_int_equal(calibrate_next_size(&from_three, 50), 0);
}

/* The first ladder size predicted to last min_time, times proportional to the work:
 * 0.01 s at 1000 -> 0.5 s at 50000 (the first reaching it), not 20000 (0.2 s). */
static void size_prediction(void **state)
{
    (void)state;
    assert_int_equal(calibrate_predict(&plain, NULL, 1000, 0.01, 0.5), 50000);
    assert_int_equal(calibrate_predict(&plain, NULL, 1000, 0.01, 0.2), 20000);
    assert_int_equal(calibrate_predict(&plain, NULL, 1000, 0.01, 0.21), 50000);
    assert_int_equal(calibrate_predict(&plain, NULL, 1000, 0.01, 100.0), 0); /* beyond the ladder */
    assert_int_equal(calibrate_predict(&laddered, NULL, 64, 0.1, 0.25), 192);
}

/* Roofs from peak rows: FMA 100 GFLOP/s per core, 190 on 2; triad 30 GB/s on one core,
 * 40 on 2. A kernel at 10 FLOP/byte on 2 cores is bound by min(190, 400) = 190; at
 * 1 FLOP/byte by 40; on one core at 1 FLOP/byte by 30. */
static void roofline_bounds(void **state)
{
    (void)state;
    result_record rows[5];
    const char *variant[] = {"fma", "fma", "triad", "triad", "fma"};
    const int threads[] = {1, 2, 1, 2, 1};
    const double thr[] = {99, 190, 30, 40, 100}; /* the last fma row is the newest */
    for (int i = 0; i < 5; ++i) {
        result_record_init(&rows[i]);
        strcpy(rows[i].kernel, "peak");
        strcpy(rows[i].variant, variant[i]);
        strcpy(rows[i].machine, "m");
        rows[i].threads = threads[i];
        rows[i].ranks = 1;
        rows[i].throughput = thr[i];
        rows[i].verified = true;
    }
    roofline r;
    assert_false(roofline_from_rows(rows, 5, "elsewhere", &r));
    assert_true(roofline_from_rows(rows, 5, "m", &r));
    assert_true(r.fma1 == 100 && r.fma_all == 190 && r.bw1 == 30 && r.bw_all == 40 && r.all_cores == 2);
    assert_true(roofline_bound(&r, 10, 2) == 190);
    assert_true(roofline_bound(&r, 1, 2) == 40);
    assert_true(roofline_bound(&r, 1, 1) == 30);
    assert_true(roofline_bound(&r, NAN, 1) == 100);
    assert_true(roofline_bound(&r, 10, 4) == 190); /* beyond the measured cores: the all-cores roof */
    result_record k;
    result_record_init(&k);
    k.threads = 2, k.ranks = 1, k.gflops = 95, k.gbytes_s = 9.5; /* 10 FLOP/byte */
    assert_true(fabs(roofline_pct(&r, &k) - 50.0) < 1e-12);
    k.gflops = NAN, k.gbytes_s = 20; /* bytes only: against the bandwidth roof */
    assert_true(fabs(roofline_pct(&r, &k) - 50.0) < 1e-12);
    k.gbytes_s = NAN; /* no rates (montecarlo, sieve): no roof */
    assert_true(isnan(roofline_pct(&r, &k)));
    roofline none = {0};
    k.gflops = 10;
    assert_true(isnan(roofline_pct(&none, &k)));
    /* the all-cores FMA row measured while a core was taken: no FMA roof above one
     * worker (one core x 2 would be a guess), so no bound there; one worker keeps its */
    strcpy(rows[1].notes, "starved");
    assert_true(roofline_from_rows(rows, 5, "m", &r));
    assert_true(isnan(r.fma_all) && r.bw_all == 40);
    assert_true(isnan(roofline_bound(&r, 10, 2)) && isnan(roofline_bound(&r, NAN, 2)));
    assert_true(roofline_bound(&r, 1, 1) == 30);
    k.gflops = 95, k.gbytes_s = 9.5;
    assert_true(isnan(roofline_pct(&r, &k)));
    k.gflops = NAN, k.gbytes_s = 20; /* the bandwidth roof alone still holds */
    assert_true(fabs(roofline_pct(&r, &k) - 50.0) < 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(speedup_interval), cmocka_unit_test(flags_of_a_speedup),
        cmocka_unit_test(size_ladder), cmocka_unit_test(size_prediction), cmocka_unit_test(roofline_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
