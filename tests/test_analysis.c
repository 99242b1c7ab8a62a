/* The scaling arithmetic against hand-computed values, and the series built from rows. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/laws.h"
#include "analysis/scaling.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-12)

static void karp_flatt_values(void **state)
{
    (void)state;
    NEAR(karp_flatt(2.0, 2.0), 0.0);        /* perfect speedup: no serial part */
    NEAR(karp_flatt(1.0, 4.0), 1.0);        /* no speedup: all serial */
    NEAR(karp_flatt(1.6, 2.0), 0.25);       /* (1/1.6 - 1/2) / (1/2) */
    assert_true(isnan(karp_flatt(1.0, 1.0)));
}

static void amdahl_fit_recovers_f(void **state)
{
    (void)state;
    double p[] = {1, 2, 4, 8, 16}, s[5];
    for (int i = 0; i < 5; ++i)
        s[i] = amdahl_speedup(0.1, p[i]);
    NEAR(amdahl_fit(p, s, 5), 0.1);
    /* superlinear points clamp at 0, a slowdown at 1 */
    double fast[] = {1, 2.5};
    double pp[] = {1, 2};
    NEAR(amdahl_fit(pp, fast, 2), 0.0);
    double slow[] = {1, 0.25};
    NEAR(amdahl_fit(pp, slow, 2), 1.0);
    double one[] = {1};
    assert_true(isnan(amdahl_fit(one, one, 1)));
}

static void predictions(void **state)
{
    (void)state;
    NEAR(amdahl_speedup(0.5, 2.0), 4.0 / 3.0);
    NEAR(gustafson_speedup(0.5, 2.0), 1.5);
    NEAR(amdahl_speedup(0.0, 8.0), 8.0);
    NEAR(gustafson_speedup(0.1, 10.0), 9.1);
}

static void geomean(void **state)
{
    (void)state;
    double x[] = {2.0, 8.0, NAN, -1.0};
    NEAR(geometric_mean(x, 4), 4.0);
    double none[] = {NAN};
    assert_true(isnan(geometric_mean(none, 1)));
}

static void overlap_formulas(void **state)
{
    (void)state;
    /* compute 1.0 s, communication 0.5 s */
    NEAR(overlap_osu_pct(1.5, 1.0, 0.5), 0.0);   /* no overlap: the times add up */
    NEAR(overlap_imb_pct(1.5, 1.0, 0.5), 0.0);
    NEAR(overlap_osu_pct(1.0, 1.0, 0.5), 100.0); /* communication fully hidden */
    NEAR(overlap_imb_pct(1.0, 1.0, 0.5), 50.0);  /* IMB divides by the longer of the two */
    NEAR(overlap_osu_pct(1.25, 1.0, 0.5), 50.0);
    NEAR(overlap_imb_pct(1.25, 1.0, 0.5), 25.0);
    NEAR(overlap_osu_pct(2.0, 1.0, 0.5), -100.0); /* slower than both: negative, as it is */
    NEAR(overlap_imb_pct(2.0, 1.0, 0.5), -50.0);
    NEAR(overlap_imb_pct(0.5, 1.0, 0.5), 100.0); /* faster than possible: clamped at 100 */
    NEAR(overlap_osu_pct(1.0, 1.0, 0.0), 0.0);
}

static result_record rec(const char *variant, int threads, int ranks, double time, unsigned long long size,
                         const char *tag, bool verified)
{
    result_record r = {0};
    strcpy(r.kernel, "montecarlo");
    strcpy(r.variant, variant);
    strcpy(r.machine, "m");
    strcpy(r.tag, tag);
    r.threads = threads;
    r.ranks = ranks;
    r.size = size;
    r.time_s = time;
    r.throughput = (double)size / time;
    r.verified = verified;
    return r;
}

static void series_from_rows(void **state)
{
    (void)state;
    result_record rows[] = {
        rec("serial", 1, 1, 4.0, 100, "", true),
        rec("omp", 1, 1, 5.0, 100, "", true),   /* replaced by the newer row below */
        rec("omp", 2, 1, 2.5, 100, "", true),
        rec("omp", 4, 1, 1.0, 100, "", false),  /* unverified: dropped */
        rec("omp", 1, 1, 4.0, 100, "", true),
        rec("mpi", 1, 2, 2.0, 100, "", true),
        rec("hybrid", 2, 2, 1.25, 100, "", true),
        rec("omp", 2, 1, 1.0, 50, "", true),    /* another size: its own group */
        rec("omp", 1, 1, 1.0, 100, "weak", true),
        rec("omp", 2, 1, 1.0, 200, "weak", true),
    };
    record_list list = {.rows = malloc(sizeof rows), .n = 10, .cap = 10};
    memcpy(list.rows, rows, sizeof rows);
    assert_int_equal(scaling_clean(&list), 1);
    assert_int_equal(list.n, 8);
    assert_int_equal(scaling_count_groups(&list, "m"), 3);
    assert_int_equal(scaling_count_groups(&list, "elsewhere"), 0);
    scaling_group *g = calloc(8, sizeof *g);
    size_t dropped = 99;
    /* room for two groups: the third (weak, two rows) is left out and counted */
    assert_int_equal(scaling_groups(&list, "m", g, 2, &dropped), 2);
    assert_int_equal(dropped, 2);
    size_t n = scaling_groups(&list, "m", g, 8, &dropped);
    assert_int_equal(n, 3);
    assert_int_equal(dropped, 0);
    assert_int_equal(g[0].size, 100);
    assert_false(g[0].weak);
    assert_int_equal(g[0].nseries, 4);
    assert_string_equal(g[0].series[1].name, "omp");
    const scaling_series *omp = &g[0].series[1];
    assert_int_equal(omp->n, 2);
    assert_int_equal(omp->points[0].workers, 1);
    NEAR(omp->points[1].speedup_abs, 4.0 / 2.5);
    NEAR(omp->points[1].speedup_rel, 4.0 / 2.5);
    NEAR(omp->points[1].efficiency_rel, 0.8);
    NEAR(omp->points[1].karp_flatt, 0.25);
    assert_true(isnan(omp->amdahl_f)); /* two points: no fit (any curve passes through two) */
    assert_int_equal(omp->nfit, 2);
    assert_string_equal(g[0].series[2].name, "mpi");
    NEAR(g[0].series[2].points[0].speedup_abs, 2.0);
    assert_string_equal(g[0].series[3].name, "hybrid-t2");
    assert_int_equal(g[0].series[3].points[0].workers, 4);
    NEAR(g[0].series[3].points[0].speedup_abs, 3.2);
    assert_true(isnan(g[0].series[3].points[0].speedup_rel)); /* no 1-worker hybrid run */
    assert_true(g[1].size == 50 && g[1].serial == NULL);
    assert_true(isnan(g[1].series[0].points[0].speedup_abs));
    /* weak scaling: throughput ratio = Gustafson's scaled speedup; no Amdahl fit */
    assert_true(g[2].weak);
    NEAR(g[2].series[0].points[1].speedup_rel, 2.0);
    assert_true(isnan(g[2].series[0].amdahl_f));
    free(g);
    record_list_free(&list);
}

/* Amdahl is fitted to at least 3 points within the usable cores; points beyond them are
 * marked oversubscribed and left out of the fit. Speedups 1, 1.6, 16/7 on 1, 2, 4 workers
 * are f = 0.25 exactly; an 8-thread point on 4 usable cores changes nothing. */
static void fit_needs_three_points_within_the_cores(void **state)
{
    (void)state;
    result_record rows[] = {
        rec("omp", 1, 1, 1.0, 100, "", true), rec("omp", 2, 1, 1.0 / 1.6, 100, "", true),
        rec("omp", 4, 1, 7.0 / 16.0, 100, "", true), rec("omp", 8, 1, 1.0 / 1.5, 100, "", true),
    };
    for (size_t i = 0; i < 4; ++i)
        rows[i].usable_cores = 4;
    record_list list = {.rows = malloc(sizeof rows), .n = 4, .cap = 4};
    memcpy(list.rows, rows, sizeof rows);
    scaling_group g;
    size_t dropped;
    assert_int_equal(scaling_groups(&list, "m", &g, 1, &dropped), 1);
    const scaling_series *omp = &g.series[0];
    assert_int_equal(omp->n, 4);
    assert_int_equal(omp->nfit, 3);
    NEAR(omp->amdahl_f, 0.25);
    assert_false(omp->points[2].oversubscribed);
    assert_true(omp->points[3].oversubscribed);
    /* schema-1 rows (no usable cores): the oversubscribed note decides */
    list.rows[3].usable_cores = 0;
    list.rows[2].usable_cores = 0;
    strcpy(list.rows[3].notes, "oversubscribed");
    assert_int_equal(scaling_groups(&list, "m", &g, 1, &dropped), 1);
    assert_true(g.series[0].points[3].oversubscribed && !g.series[0].points[2].oversubscribed);
    NEAR(g.series[0].amdahl_f, 0.25);
    record_list_free(&list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(karp_flatt_values), cmocka_unit_test(amdahl_fit_recovers_f), cmocka_unit_test(predictions),
        cmocka_unit_test(geomean),           cmocka_unit_test(series_from_rows),
        cmocka_unit_test(overlap_formulas),  cmocka_unit_test(fit_needs_three_points_within_the_cores),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
