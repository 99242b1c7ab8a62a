/* parbench diff's pairing and verdicts (diff/diff.h) on rows built here: which rows
 * pair, which is used when a key repeats, the order (regressions first), and when a
 * change is called. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diff/diff.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

/* Five repetitions 1.000, 1.001, ... 1.004 plus offset (median 1.002 + offset). */
static void five(double offset, double *out)
{
    for (int i = 0; i < 5; ++i)
        out[i] = 1.0 + 0.001 * i + offset;
}

static result_record row(const char *variant, int threads, const char *tag, const char *timestamp,
                         const double *samples, size_t n)
{
    result_record r;
    result_record_init(&r);
    r.schema = 2;
    snprintf(r.kernel, sizeof r.kernel, "montecarlo");
    snprintf(r.variant, sizeof r.variant, "%s", variant);
    snprintf(r.tag, sizeof r.tag, "%s", tag);
    snprintf(r.timestamp, sizeof r.timestamp, "%s", timestamp);
    snprintf(r.machine, sizeof r.machine, "m1");
    r.size = 1000000;
    r.threads = threads;
    r.ranks = 1;
    r.verified = true;
    assert_true(result_record_set_samples(&r, samples, n));
    double sorted[16];
    memcpy(sorted, samples, n * sizeof *sorted);
    r.time_s = n ? sorted[n / 2] : 1.0; /* the samples here are ascending and odd in count */
    return r;
}

static void push(record_list *l, result_record r)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->rows = realloc(l->rows, l->cap * sizeof *l->rows);
        assert_non_null(l->rows);
    }
    l->rows[l->n++] = r;
}

/* A shift of 0.1 on 1.002: the median of the differences 0.1 + 0.001 (j - i) is 0.1,
 * +9.98%; the samples do not overlap, so U = 0 and p = 2/252 (5 and 5). */
static void verdicts(void **state)
{
    (void)state;
    double b[5], s[5];
    five(0, b);
    result_record base = row("omp", 2, "", "t", b, 5);
    five(0.1, s);
    result_record slow = row("omp", 2, "", "t", s, 5);
    diff_outcome o = diff_outcome_of(&base, &slow, 0.05, 2.0);
    assert_int_equal(o.verdict, DIFF_SLOWER);
    NEAR(o.change_pct, 100 * 0.1 / 1.002, 1e-9);
    NEAR(o.p, 2.0 / 252, 1e-14);
    assert_true(o.exact && o.nbase == 5 && o.nnew == 5);
    assert_true(o.low_pct < o.change_pct && o.change_pct < o.high_pct);
    /* the other way round: faster */
    o = diff_outcome_of(&slow, &base, 0.05, 2.0);
    assert_int_equal(o.verdict, DIFF_FASTER);
    assert_true(o.change_pct < -9.0);
    /* a significant 1.5% (0.015 on 1.002, no overlap): below the 2% threshold it is ~,
     * above a 1% threshold it is slower; at alpha 0.005 (p = 0.0079) it is ~ again */
    five(0.015, s);
    result_record small = row("omp", 2, "", "t", s, 5);
    o = diff_outcome_of(&base, &small, 0.05, 2.0);
    assert_int_equal(o.verdict, DIFF_SAME);
    NEAR(o.change_pct, 100 * 0.015 / 1.002, 1e-9);
    assert_int_equal(diff_outcome_of(&base, &small, 0.05, 1.0).verdict, DIFF_SLOWER);
    assert_int_equal(diff_outcome_of(&base, &small, 0.005, 1.0).verdict, DIFF_SAME);
    /* identical samples: ~ with p = 1 and no change */
    o = diff_outcome_of(&base, &base, 0.05, 2.0);
    assert_int_equal(o.verdict, DIFF_SAME);
    assert_true(o.change_pct == 0.0 && o.p == 1.0);
    result_record_free(&base);
    result_record_free(&slow);
    result_record_free(&small);
}

/* Three repetitions a side, or a schema-1 row without samples: never tested, even for
 * a tenfold change; nor a base median of 0. */
static void too_few_never_tested(void **state)
{
    (void)state;
    double b[5], s[5];
    five(0, b);
    five(9, s);
    result_record base = row("omp", 2, "", "t", b, 5), three = row("omp", 2, "", "t", s, 3);
    result_record old = row("omp", 2, "", "t", s, 0);
    old.schema = 1;
    old.time_s = 10.0;
    diff_outcome o = diff_outcome_of(&base, &three, 0.05, 2.0);
    assert_int_equal(o.verdict, DIFF_TOO_FEW);
    assert_true(isnan(o.p) && isnan(o.change_pct) && o.nnew == 3);
    o = diff_outcome_of(&old, &base, 0.05, 2.0);
    assert_int_equal(o.verdict, DIFF_TOO_FEW);
    assert_true(isnan(o.p) && o.nbase == 0);
    /* a base median of 0 (below the timer) has no relative change: not tested either */
    double zeros[5] = {0};
    result_record zero = row("omp", 2, "", "t", zeros, 5);
    o = diff_outcome_of(&zero, &base, 0.05, 2.0);
    assert_int_equal(o.verdict, DIFF_TOO_FEW);
    assert_true(isnan(o.p) && o.nbase == 5);
    result_record_free(&zero);
    result_record_free(&base);
    result_record_free(&three);
    result_record_free(&old);
}

/* BASE: serial, omp, omp tagged x, omp at 4 threads. NEW: omp 10% slower, serial, omp
 * tagged y, omp at 8 threads. The slower omp pair comes first, then serial; the tagged
 * and the 4-thread rows are only in BASE, the rest only in NEW. */
static void pairing_and_order(void **state)
{
    (void)state;
    double b[5], s[5];
    five(0, b);
    five(0.1, s);
    record_list base = {0}, fresh = {0};
    push(&base, row("serial", 1, "", "2026-12-01T10:00:00Z", b, 5));
    push(&base, row("omp", 2, "", "2026-12-01T10:00:00Z", b, 5));
    push(&base, row("omp", 2, "x", "2026-12-01T10:00:00Z", b, 5));
    push(&base, row("omp", 4, "", "2026-12-01T10:00:00Z", b, 5));
    push(&fresh, row("omp", 2, "", "2026-12-02T10:00:00Z", s, 5));
    push(&fresh, row("serial", 1, "", "2026-12-02T10:00:00Z", b, 5));
    push(&fresh, row("omp", 2, "y", "2026-12-02T10:00:00Z", b, 5));
    push(&fresh, row("omp", 8, "", "2026-12-02T10:00:00Z", b, 5));
    diff_result r;
    assert_int_equal(diff_pair_rows(&base, &fresh, 0.05, 2.0, &r), 0);
    assert_int_equal(r.n, 6);
    assert_int_equal(r.npaired, 2);
    assert_ptr_equal(r.pairs[0].base, &base.rows[1]);
    assert_ptr_equal(r.pairs[0].fresh, &fresh.rows[0]);
    assert_int_equal(r.pairs[0].out.verdict, DIFF_SLOWER);
    assert_ptr_equal(r.pairs[1].base, &base.rows[0]);
    assert_ptr_equal(r.pairs[1].fresh, &fresh.rows[1]);
    assert_int_equal(r.pairs[1].out.verdict, DIFF_SAME);
    const struct { int verdict; const result_record *base, *fresh; } rest[] = {
        {DIFF_ONLY_BASE, &base.rows[2], NULL}, {DIFF_ONLY_BASE, &base.rows[3], NULL},
        {DIFF_ONLY_NEW, NULL, &fresh.rows[2]}, {DIFF_ONLY_NEW, NULL, &fresh.rows[3]}};
    for (int i = 0; i < 4; ++i) {
        assert_int_equal(r.pairs[2 + i].out.verdict, rest[i].verdict);
        assert_ptr_equal(r.pairs[2 + i].base, rest[i].base);
        assert_ptr_equal(r.pairs[2 + i].fresh, rest[i].fresh);
    }
    assert_int_equal(r.dup_base.older + r.dup_new.older, 0);
    assert_true(diff_same_key(&base.rows[0], &fresh.rows[1]) && !diff_same_key(&base.rows[2], &fresh.rows[2]));
    diff_result_free(&r);
    record_list_free(&base);
    record_list_free(&fresh);
}

/* A key twice or more: the latest timestamp wins wherever it stands in the file; equal
 * timestamps go to the later row. The left-out rows are counted, the key named. */
static void newest_row_of_a_key(void **state)
{
    (void)state;
    double b[5], s[5];
    five(0, b);
    five(0.1, s);
    record_list base = {0}, fresh = {0};
    push(&base, row("omp", 2, "", "2026-12-01T12:00:00Z", b, 5)); /* the newest, first in the file */
    push(&base, row("omp", 2, "", "2026-12-01T09:00:00Z", s, 5));
    push(&fresh, row("serial", 1, "", "2026-12-02T10:00:00Z", s, 5));
    push(&fresh, row("omp", 2, "", "2026-12-02T10:00:00Z", s, 5));
    push(&fresh, row("omp", 2, "", "2026-12-02T10:00:00Z", b, 5)); /* same time, later: used */
    push(&fresh, row("omp", 2, "", "2026-12-01T10:00:00Z", s, 5));
    diff_result r;
    assert_int_equal(diff_pair_rows(&base, &fresh, 0.05, 2.0, &r), 0);
    assert_int_equal(r.npaired, 1);
    assert_int_equal(r.n, 2); /* and serial only in NEW */
    assert_ptr_equal(r.pairs[0].base, &base.rows[0]);
    assert_ptr_equal(r.pairs[0].fresh, &fresh.rows[2]);
    assert_int_equal(r.pairs[0].out.verdict, DIFF_SAME);
    assert_int_equal(r.dup_base.older, 1);
    assert_int_equal(r.dup_base.keys, 1);
    assert_ptr_equal(r.dup_base.example, &base.rows[0]);
    assert_int_equal(r.dup_new.older, 2);
    assert_int_equal(r.dup_new.keys, 1);
    assert_ptr_equal(r.dup_new.example, &fresh.rows[2]);
    assert_int_equal(r.pairs[1].out.verdict, DIFF_ONLY_NEW);
    diff_result_free(&r);
    record_list_free(&base);
    record_list_free(&fresh);
}

/* Whether the sides ran alike: each reason alone, the others' thresholds, and values an
 * older row does not have (0 cores, no placement, NaN) never counted as a difference. */
static void comparable_sides(void **state)
{
    (void)state;
    double b[5];
    five(0, b);
    result_record base = row("omp", 2, "", "t", b, 5), fresh = row("omp", 2, "", "t", b, 5);
    char why[192];
    assert_true(diff_comparable(&base, &fresh, why, sizeof why)); /* nothing known: nothing differs */
    base.usable_cores = fresh.usable_cores = 2;
    base.others_busy = 0.1, fresh.others_busy = 0.59;
    snprintf(base.placement, sizeof base.placement, "r0:0-1");
    snprintf(fresh.placement, sizeof fresh.placement, "r0:0-1");
    base.load1 = 0.5, fresh.load1 = 9; /* beside others_busy, the load average is not read */
    assert_true(diff_comparable(&base, &fresh, why, sizeof why));
    snprintf(fresh.notes, sizeof fresh.notes, "size-auto;starved;cv-high");
    base.others_busy = 0.2, fresh.others_busy = 0.7; /* 0.49999999999999994 in binary: half a core as read */
    fresh.usable_cores = 1;
    snprintf(fresh.placement, sizeof fresh.placement, "r0:0");
    assert_false(diff_comparable(&base, &fresh, why, sizeof why));
    assert_string_equal(why, "NEW starved cv-high; usable cores 2 -> 1; placement differs; "
                             "other work kept 0.20 -> 0.70 cores busy");
    /* rows without others_busy: the load, more than doubled and above the usable cores */
    result_record old = row("omp", 2, "", "t", b, 5), loaded = row("omp", 2, "", "t", b, 5);
    old.usable_cores = loaded.usable_cores = 2;
    old.load1 = 0.9, loaded.load1 = 1.9;
    assert_true(diff_comparable(&old, &loaded, why, sizeof why));
    loaded.load1 = 2.5;
    assert_false(diff_comparable(&loaded, &old, why, sizeof why));
    assert_string_equal(why, "load 2.50 -> 0.90");
    /* an inconclusive outcome keeps the test's own answer */
    diff_outcome o = diff_outcome_of(&old, &loaded, 0.05, 2.0);
    assert_int_equal(o.verdict, DIFF_INCONCLUSIVE);
    assert_int_equal(o.tested, DIFF_SAME);
    assert_true(o.p > 0.5);
    result_record_free(&base), result_record_free(&fresh), result_record_free(&old), result_record_free(&loaded);
}

/* A row on one side only has no statistic: NaN, never the 0 a zeroed struct would say. */
static void alone_has_no_statistic(void **state)
{
    (void)state;
    diff_outcome o = diff_outcome_alone(DIFF_ONLY_NEW);
    assert_int_equal(o.verdict, DIFF_ONLY_NEW);
    assert_true(isnan(o.change_pct) && isnan(o.low_pct) && isnan(o.high_pct) && isnan(o.coverage) && isnan(o.p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(verdicts),
        cmocka_unit_test(too_few_never_tested),
        cmocka_unit_test(pairing_and_order),
        cmocka_unit_test(newest_row_of_a_key),
        cmocka_unit_test(comparable_sides),
        cmocka_unit_test(alone_has_no_statistic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
