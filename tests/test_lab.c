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

#include "glue/kernel_list.h"
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

/* Three machines, scored on montecarlo and matmul (--kernels): the score relative to the
 * best ranked machine; an untrusted machine shown with its score, not ranked; a machine
 * lacking a scored kernel not ranked, without a score. */
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
    lab_table t = {.m = ms, .n = 3, .score_list = "montecarlo,matmul"};
    lab_build(&t, &rows);
    assert_int_equal(t.nk, 2);
    assert_string_equal(t.kernels[0], "montecarlo"); /* the suite's order */
    assert_string_equal(t.kernels[1], "matmul");
    assert_true(t.scored[0] && t.scored[1] && t.nscored == 2 && t.nranked == 1);
    assert_true(t.size_free[0] && !t.size_free[1] && t.at_size[1] == 64);
    /* ranked: a (1); then b, not ranked, its score shown (sqrt(400/200 x 20/20)); c lacks matmul */
    assert_string_equal(ms[0].id, "a");
    assert_string_equal(ms[1].id, "b");
    assert_string_equal(ms[2].id, "c");
    assert_true(ms[0].rank == 1 && ms[1].rank == 0 && ms[2].rank == 0);
    assert_true(ms[0].score == 1.0 && fabs(ms[1].score - sqrt(2.0)) < 1e-12 && isnan(ms[2].score));
    assert_string_equal(ms[1].not_ranked, "matmul: cv-high");
    assert_string_equal(ms[2].not_ranked, "lacks matmul");
    assert_string_equal(ms[2].missing, "matmul");
    assert_string_equal(ms[0].missing, "");
    char q[128];
    lab_format_quality(&t, &ms[1], q, sizeof q);
    assert_string_equal(q, "\u00b11.0% cv-high");
    assert_string_equal(ms[0].date, "2026-12-01");
    /* the concurrency half: the largest request count with both modes */
    assert_true(ms[2].io.have && ms[2].io.requests == 100);
    assert_true(fabs(ms[2].io.speedup - 1.0 / 0.0105) < 1e-9);
    assert_true(fabs(ms[2].io.overhead_us - 5.0) < 1e-9); /* (0.0105 - 0.010) / 100 s */
    assert_false(ms[0].io.have);
}

/* "lacks K1, K2, ...": every kernel of the suite (parbench list's order) but `has` */
static void lacks_all_but(const char *has, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "lacks ");
    for (const kernel_desc *const *k = parbench_kernels; *k; ++k)
        if (strcmp((*k)->name, has) != 0)
            used += (size_t)snprintf(buf + used, len - used, "%s%s", used > 6 ? ", " : "", (*k)->name);
}

/* The score's kernels are the suite's, whichever kernels it has (the expectations come
 * from the kernel list): machines lacking some are not ranked, and nobody ranked means
 * no score at all (never "relative to the best ranked machine"). */
static void nobody_complete(void **state)
{
    (void)state;
    add("a", "montecarlo", "serial", 100, 1, 1, 1.0, 100);
    add("a", "montecarlo", "omp", 100, 2, 1, 0.5, 100);
    add("b", "sieve", "serial", 100, 1, 1, 1.0, 100);
    add("b", "sieve", "omp", 100, 2, 1, 0.5, 100);
    lab_machine ms[2] = {machine("a", 2), machine("b", 2)};
    lab_table t = {.m = ms, .n = 2};
    lab_build(&t, &rows);
    size_t suite = 0;
    while (parbench_kernels[suite])
        ++suite;
    assert_true(suite >= 3 && t.nscored == suite && t.nranked == 0);
    assert_true(ms[0].rank == 0 && ms[1].rank == 0 && isnan(ms[0].score) && isnan(ms[1].score));
    char want[256];
    lacks_all_but("montecarlo", want, sizeof want);
    assert_string_equal(ms[0].not_ranked, want);
    lacks_all_but("sieve", want, sizeof want);
    assert_string_equal(ms[1].not_ranked, want);
}

/* The three kernels these tests score (compare --kernels, so that a kernel added to the
 * suite changes nothing here) on 2 cores: throughputs mc, mm and sv on all cores
 * (matmul at n). */
static void complete(const char *id, double mc, double mm, double sv, unsigned long long n)
{
    add(id, "montecarlo", "serial", 1000, 1, 1, 1.0, mc / 2);
    add(id, "montecarlo", "omp", 1000, 2, 1, 0.5, mc / 2);
    add(id, "matmul", "serial", n, 1, 1, 1.0, mm / 2);
    add(id, "matmul", "omp", n, 2, 1, 0.5, mm / 2);
    add(id, "sieve", "serial", 1000, 1, 1, 1.0, sv / 2);
    add(id, "sieve", "omp", 1000, 2, 1, 0.5, sv / 2);
}

static void build(lab_machine *ms, size_t n)
{
    lab_table t = {.m = ms, .n = n, .score_list = "montecarlo,matmul,sieve"};
    lab_build(&t, &rows);
}

static const lab_machine *find(const lab_machine *ms, size_t n, const char *id)
{
    for (size_t i = 0; i < n; ++i)
        if (strcmp(ms[i].id, id) == 0)
            return &ms[i];
    fail_msg("no machine %s", id);
    return NULL;
}

/* Issue 24: a hand-in of Monte Carlo alone (the fastest there is) or of matmul at another
 * size, added or removed, leaves the other machines' scores and ranks as they were; each
 * is not ranked, saying why. */
static void one_handin_moves_nothing(void **state)
{
    (void)state;
    complete("a", 200, 20, 40, 1024);
    complete("b", 100, 10, 20, 1024);
    lab_machine two[2] = {machine("a", 2), machine("b", 2)};
    build(two, 2);
    assert_true(two[0].rank == 1 && two[0].score == 1.0 && two[1].rank == 2);
    assert_true(fabs(two[1].score - 0.5) < 1e-12);
    complete("e", 400, 40, 80, 2048); /* twice a's, but matmul at n = 2048 */
    add("d", "montecarlo", "serial", 1000, 1, 1, 1.0, 5000);
    add("d", "montecarlo", "omp", 1000, 2, 1, 0.5, 5000);
    lab_machine four[4] = {machine("d", 2), machine("a", 2), machine("e", 2), machine("b", 2)};
    build(four, 4);
    const lab_machine *a = find(four, 4, "a"), *b = find(four, 4, "b"), *d = find(four, 4, "d"),
                      *e = find(four, 4, "e");
    assert_true(a->score == two[0].score && b->score == two[1].score && a->rank == 1 && b->rank == 2);
    assert_true(d->rank == 0 && isnan(d->score));
    assert_string_equal(d->not_ranked, "lacks matmul, sieve");
    assert_true(e->rank == 0 && isnan(e->score));
    assert_string_equal(e->not_ranked, "matmul at size 2048, the ranking's is 1024");
    /* e also ran matmul at 1024: compared there, and ranked on its own merits */
    add("e", "matmul", "serial", 1024, 1, 1, 1.0, 5);
    add("e", "matmul", "omp", 1024, 2, 1, 0.5, 5);
    lab_machine again[4] = {machine("d", 2), machine("a", 2), machine("e", 2), machine("b", 2)};
    build(again, 4);
    e = find(again, 4, "e");
    assert_true(e->rank == 1 && e->cells[1].size == 1024);
    /* a ranked machine is a reference now: e leads montecarlo (400) and sieve (80), a matmul (20) */
    assert_true(fabs(e->score - cbrt(1.0 * 0.5 * 1.0)) < 1e-12);
    assert_true(fabs(find(again, 4, "a")->score - cbrt(0.5 * 1.0 * 0.5)) < 1e-12);
}

/* A simulated platform (SimGrid rows: serial and mpi, never omp) is compared on its mpi
 * run with the most ranks: complete, never "missing: omp on all cores". */
static void simulated_platform(void **state)
{
    (void)state;
    snprintf(add("sim", "matmul", "serial", 512, 1, 1, 1.0, 10)->notes, sizeof rows_buf[0].notes, "simulated");
    snprintf(add("sim", "matmul", "mpi", 512, 1, 4, 0.5, 10)->notes, sizeof rows_buf[0].notes, "simulated");
    snprintf(add("sim", "matmul", "mpi", 512, 1, 16, 0.125, 10)->notes, sizeof rows_buf[0].notes, "simulated");
    lab_machine m = machine("sim", 32); /* 32 hosts, 16 simulated */
    bool found;
    lab_cell c = lab_cell_of(&rows, &m, "matmul", &found);
    assert_true(found && c.simulated && c.complete && !c.omp && c.mpi == &rows_buf[2]);
    assert_true(c.all_cores == 80 && c.mpi_s.speedup == 8.0 && c.mpi_eff == 0.5);
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
        cmocka_unit_test_setup(one_handin_moves_nothing, reset),
        cmocka_unit_test_setup(simulated_platform, reset),
        cmocka_unit_test_setup(nobody_complete, reset),
        cmocka_unit_test(trimmed_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
