/* The classroom comparison's numbers from fixed rows (lab/lab.h): which rows count,
 * the one speedup definition and its efficiency (never above 100% without the
 * superlinear flag), trust, the kernels every machine has, scores and ranks, the
 * concurrency half, and the names shown (CPU models trimmed, hand-in names cleaned). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lab/lab.h"

#define MAX_ROWS 64
static result_record rows_buf[MAX_ROWS];
static record_list rows;

/* A verified row; time with a +-1% interval, throughput = work / time. */
static result_record *add(const char *machine, const char *kernel, const char *variant, unsigned long long size,
                          int threads, int ranks, double time, double work)
{
    result_record *r = &rows_buf[rows.n++];
    result_record_init(r);
    snprintf(r->machine, sizeof r->machine, "%s", machine);
    snprintf(r->kernel, sizeof r->kernel, "%s", kernel);
    snprintf(r->variant, sizeof r->variant, "%s", variant);
    snprintf(r->timestamp, sizeof r->timestamp, "2026-12-01T10:00:00Z");
    r->size = size;
    r->threads = threads;
    r->ranks = ranks;
    r->time_s = time;
    r->ci_low_s = time * 0.99;
    r->ci_high_s = time * 1.01;
    r->throughput = work / time;
    r->verified = true;
    r->usable_cores = 2;
    return r;
}

static int reset(void **state)
{
    (void)state;
    memset(&rows, 0, sizeof rows);
    rows.rows = rows_buf;
    rows.cap = MAX_ROWS;
    return 0;
}

static lab_machine machine(const char *id, int cores)
{
    lab_machine m;
    memset(&m, 0, sizeof m);
    snprintf(m.id, sizeof m.id, "%s", id);
    snprintf(m.label, sizeof m.label, "%s", id);
    m.cores = cores;
    return m;
}

/* omp and mpi on all cores over the serial run; efficiency within the noise shown as
 * 100%, above 105% flagged superlinear and shown as it is. */
static void one_speedup_definition(void **state)
{
    (void)state;
    add("a", "montecarlo", "serial", 100, 1, 1, 1.0, 100);
    add("a", "montecarlo", "omp", 100, 2, 1, 0.5, 100);
    add("a", "montecarlo", "omp", 100, 1, 1, 0.9, 100);    /* not all cores: not the speedup */
    add("a", "montecarlo", "mpi", 100, 1, 2, 0.48, 100);   /* 2.08x on 2: 104% */
    add("a", "montecarlo", "hybrid", 100, 2, 1, 0.1, 100); /* not a variant of the definition */
    lab_machine m = machine("a", 2);
    bool found;
    lab_cell c = lab_cell_of(&rows, &m, "montecarlo", &found);
    assert_true(found && c.serial == &rows_buf[0] && c.omp == &rows_buf[1] && c.mpi == &rows_buf[3]);
    assert_true(c.omp_s.speedup == 2.0 && c.omp_eff == 1.0);
    assert_true(fabs(c.mpi_eff - 1.0 / 0.96) < 1e-12);
    char buf[96];
    lab_format_speedup(&c.mpi_s, c.mpi_eff, buf, sizeof buf);
    assert_string_equal(buf, "2.08x, 100%");
    assert_string_equal(c.flags, "");
    assert_true(c.trusted && !c.tiny);
    assert_true(c.per_core == 100 && c.all_cores == 200);
    /* 2.5x on 2 cores: 125%, flagged */
    rows_buf[3].time_s = 0.4, rows_buf[3].ci_low_s = 0.396, rows_buf[3].ci_high_s = 0.404;
    c = lab_cell_of(&rows, &m, "montecarlo", &found);
    lab_format_speedup(&c.mpi_s, c.mpi_eff, buf, sizeof buf);
    assert_string_equal(buf, "2.50x, 125%");
    assert_string_equal(c.flags, "superlinear");
    assert_true(c.trusted); /* superlinear is a flag, not a reason to distrust */
    /* the widest interval: 1% of each median */
    assert_true(fabs(c.worst_ci - 0.01) < 1e-12);
    /* a missing run is "-" */
    speedup_ci none = {NAN, NAN, NAN};
    lab_format_speedup(&none, NAN, buf, sizeof buf);
    assert_string_equal(buf, "-");
}

/* Demo and tagged rows, other machines and unverified kernels never count; the size is
 * the serial run's with all-cores partners. */
static void rows_that_count(void **state)
{
    (void)state;
    add("a", "montecarlo", "serial", 100, 1, 1, 1.0, 100);
    add("a", "montecarlo", "serial", 5000, 1, 1, 50.0, 5000); /* larger, but no partner on all cores */
    add("a", "montecarlo", "omp", 100, 2, 1, 0.5, 100);
    add("a", "montecarlo", "serial", 7, 1, 1, 0.1, 7)->tag[0] = 'x'; /* tagged (a demo's) */
    snprintf(rows_buf[3].tag, sizeof rows_buf[3].tag, "demo-io-vs-cpu");
    add("a", "peak", "fma", 1, 1, 1, 1.0, 10);
    add("b", "montecarlo", "serial", 100, 1, 1, 9.0, 100);
    assert_true(lab_row_counts(&rows_buf[0]) && !lab_row_counts(&rows_buf[3]) && !lab_row_counts(&rows_buf[4]));
    lab_machine m = machine("a", 2);
    bool found;
    lab_cell c = lab_cell_of(&rows, &m, "montecarlo", &found);
    assert_true(found && c.size == 100 && c.serial->time_s == 1.0 && c.omp_s.speedup == 2.0);
    c = lab_cell_of(&rows, &m, "matmul", &found);
    assert_false(found);
    assert_null(c.serial);
    /* a serial run under 0.05 s is tiny: flagged, not trusted */
    rows_buf[0].time_s = 0.01, rows_buf[0].ci_low_s = 0.0099, rows_buf[0].ci_high_s = 0.0101;
    c = lab_cell_of(&rows, &m, "montecarlo", &found);
    assert_true(c.tiny && !c.trusted);
    assert_string_equal(c.flags, "tiny");
}

/* Three machines: the score over the kernels every machine has, relative to the best
 * ranked machine; an untrusted machine shown with its score, not ranked. */
static void ranks_and_scores(void **state)
{
    (void)state;
    /* a: both kernels, trusted; b: both, matmul omp cv-high; c: montecarlo only */
    add("a", "montecarlo", "serial", 100, 1, 1, 1.0, 100);
    add("a", "montecarlo", "omp", 100, 2, 1, 0.5, 100);   /* 200 /s */
    add("a", "matmul", "serial", 64, 1, 1, 1.0, 10);
    add("a", "matmul", "omp", 64, 2, 1, 0.5, 10);
    add("b", "montecarlo", "serial", 100, 1, 1, 0.5, 100);
    add("b", "montecarlo", "omp", 100, 2, 1, 0.25, 100);  /* 400 /s */
    add("b", "matmul", "serial", 64, 1, 1, 1.0, 10);
    snprintf(add("b", "matmul", "omp", 64, 2, 1, 0.5, 10)->notes, sizeof rows_buf[0].notes, "cv-high");
    add("c", "montecarlo", "serial", 100, 1, 1, 2.0, 100);
    add("c", "montecarlo", "omp", 100, 2, 1, 1.0, 100);   /* 100 /s */
    add("c", "io-latency", "blocking", 10, 1, 1, 0.1, 10)->requests = 10;
    add("c", "io-latency", "nonblocking", 10, 1, 1, 0.02, 10)->requests = 10;
    add("c", "io-latency", "blocking", 100, 1, 1, 1.0, 100)->requests = 100;
    add("c", "io-latency", "nonblocking", 100, 1, 1, 0.0105, 100)->requests = 100;
    for (size_t i = rows.n - 4; i < rows.n; ++i)
        rows_buf[i].latency_ms = 10;
    lab_machine ms[3] = {machine("c", 2), machine("b", 2), machine("a", 2)};
    lab_table t = {.m = ms, .n = 3};
    lab_build(&t, &rows);
    assert_int_equal(t.nk, 2);
    assert_string_equal(t.kernels[0], "montecarlo"); /* the suite's order */
    assert_string_equal(t.kernels[1], "matmul");
    assert_true(t.common[0] && !t.common[1] && t.ncommon == 1);
    /* ranked: a (200/200), c (100/200); then b, not ranked, its score shown */
    assert_string_equal(ms[0].id, "a");
    assert_string_equal(ms[1].id, "c");
    assert_string_equal(ms[2].id, "b");
    assert_int_equal(ms[0].rank, 1);
    assert_int_equal(ms[1].rank, 2);
    assert_int_equal(ms[2].rank, 0);
    assert_true(ms[0].score == 1.0 && ms[1].score == 0.5 && ms[2].score == 2.0);
    assert_string_equal(ms[2].not_ranked, "matmul: cv-high");
    assert_string_equal(ms[1].missing, "matmul");
    assert_string_equal(ms[0].missing, "");
    char q[128];
    lab_format_quality(&t, &ms[2], q, sizeof q);
    assert_string_equal(q, "\u00b11.0% cv-high");
    assert_string_equal(ms[0].date, "2026-12-01");
    /* the concurrency half: the largest request count with both modes */
    assert_true(ms[1].io.have && ms[1].io.requests == 100);
    assert_true(fabs(ms[1].io.speedup - 1.0 / 0.0105) < 1e-9);
    assert_true(fabs(ms[1].io.overhead_us - 5.0) < 1e-9); /* (0.0105 - 0.010) / 100 s */
    assert_false(ms[0].io.have);
}

/* No kernel in common: nobody is ranked, and each says why. */
static void nothing_in_common(void **state)
{
    (void)state;
    add("a", "montecarlo", "serial", 100, 1, 1, 1.0, 100);
    add("a", "montecarlo", "omp", 100, 2, 1, 0.5, 100);
    add("b", "sieve", "serial", 100, 1, 1, 1.0, 100);
    add("b", "sieve", "omp", 100, 2, 1, 0.5, 100);
    lab_machine ms[2] = {machine("a", 2), machine("b", 2)};
    lab_table t = {.m = ms, .n = 2};
    lab_build(&t, &rows);
    assert_int_equal(t.ncommon, 0);
    assert_true(ms[0].rank == 0 && ms[1].rank == 0 && isnan(ms[0].score));
    assert_string_equal(ms[0].not_ranked, "no kernel every machine has");
}

static void trimmed_names(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", "Intel Xeon Gold 6130"},
        {"AMD Ryzen 7 5800X 8-Core Processor", "AMD Ryzen 7 5800X"},
        {"AMD Ryzen 5 5600G with Radeon Graphics", "AMD Ryzen 5 5600G"},
        {"11th Gen Intel(R) Core(TM) i7-1165G7 @ 2.80GHz", "11th Gen Intel Core i7-1165G7"},
        {"  AMD   EPYC  ", "AMD EPYC"},
        {"evil\x1b[31m\xff CPU", "evil?[31m?"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        lab_trim_cpu(cases[i][0], buf, sizeof buf);
        assert_string_equal(buf, cases[i][1]);
    }
    lab_clean_label("r\xc3\xa9sultats \xe6\x97\xa5\xe6\x9c\xac", buf, sizeof buf); /* UTF-8 kept */
    assert_string_equal(buf, "r\xc3\xa9sultats \xe6\x97\xa5\xe6\x9c\xac");
    lab_clean_label("bad\xff\xfe\nline\x7f\xc2\x85", buf, sizeof buf); /* invalid, controls, C1 */
    assert_string_equal(buf, "bad???line???");
    lab_clean_label("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", buf, sizeof buf);
    assert_string_equal(buf, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv...");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(one_speedup_definition, reset),
        cmocka_unit_test_setup(rows_that_count, reset),
        cmocka_unit_test_setup(ranks_and_scores, reset),
        cmocka_unit_test_setup(nothing_in_common, reset),
        cmocka_unit_test(trimmed_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
