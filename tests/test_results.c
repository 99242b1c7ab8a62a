/* The CSV writer: exact row format, header handling, refusal of foreign files, and
 * whole rows under concurrent appends from several processes. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/kernel.h"
#include "output/results.h"

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/pb_results_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static result_record sample_record(void)
{
    result_record r;
    result_record_init(&r);
    strcpy(r.kernel, "montecarlo");
    strcpy(r.variant, "omp");
    r.size = 100000000;
    r.threads = 2;
    r.ranks = 1;
    r.reps = 5;
    r.warmup = 1;
    r.seed = 42;
    r.time_s = 0.5;
    r.time_min_s = 0.25;
    r.time_max_s = 0.75;
    r.cv = 0.0123;
    r.throughput = 200;
    strcpy(r.unit, "Msamples/s");
    strcpy(r.result, "3.1415926535897931");
    r.verified = true;
    strcpy(r.machine, "host-0123abcd");
    strcpy(r.timestamp, "2026-11-26T12:00:00Z");
    r.cpu_s = 1.0;
    strcpy(r.notes, "cv-high;oversubscribed");
    return r;
}

/* The row as one string (static), without error handling: a test helper. */
static const char *row_text(const result_record *r)
{
    static char buf[4096];
    size_t n;
    char *row = results_format_row(r, NULL, &n);
    assert_non_null(row);
    assert_int_equal(n, strlen(row));
    snprintf(buf, sizeof buf, "%s", row);
    free(row);
    return buf;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void header_is_schema_4_with_older_columns_in_order(void **state)
{
    (void)state;
    char expect[2048];
    snprintf(expect, sizeof expect, "schema,%s,ci_low_s,ci_high_s,samples,cores_busy,load1,usable_cores,placement,"
             "imbalance,gflops,gbytes_s,pct_peak,model,attempts,wait_s,others_busy,compute_ms,p50_ms,p99_ms",
             results_header_v1());
    assert_string_equal(results_header(), expect);
    assert_int_equal(RESULTS_SCHEMA, 4);
}

/* Unknown numbers (NaN) are empty fields, every sample is kept exactly. */
static void row_is_exact(void **state)
{
    (void)state;
    result_record r = sample_record();
    double samples[3] = {0.5, 0.1 + 0.2, 1.0 / 3.0};
    assert_true(result_record_set_samples(&r, samples, 3));
    r.ci_low_s = 0.25;
    r.ci_high_s = 0.75;
    r.usable_cores = 2;
    assert_string_equal(row_text(&r),
                        "4,montecarlo,omp,100000000,2,1,5,0.5,0.25,0.75,200,Msamples/s,3.1415926535897931,true,"
                        "host-0123abcd,2026-11-26T12:00:00Z,0.0123,1,42,1,cv-high;oversubscribed,,,,,,,,"
                        "0.25,0.75,0.5;0.30000000000000004;0.3333333333333333,,,2,,,,,,,,,,,,\n");
    /* the quiet gate's columns, when the runner set them */
    snprintf(r.model, sizeof r.model, "threads");
    r.attempts = 2;
    r.wait_s = 12.34;
    r.others_busy = 1.0;
    /* and the server's */
    r.compute_ms = 0.5;
    r.p50_ms = 12.345678;
    r.p99_ms = 40;
    const char *row = row_text(&r);
    assert_non_null(strstr(row, ",threads,2,12.3,1.00,0.5,12.35,40\n"));
    result_record_free(&r);
    assert_null(r.samples);
}

static void fields_with_commas_are_quoted(void **state)
{
    (void)state;
    result_record r = sample_record();
    strcpy(r.notes, "a,\"b\"");
    strcpy(r.hosts, "vm");
    assert_non_null(strstr(row_text(&r), ",\"a,\"\"b\"\"\",,vm,"));
}

static void header_written_once(void **state)
{
    (void)state;
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/once.csv", dir);
    result_record r = sample_record();
    assert_int_equal(results_check(path, err, sizeof err), PB_OK);
    assert_int_equal(results_append(path, &r, err, sizeof err), PB_OK);
    assert_int_equal(results_append(path, &r, err, sizeof err), PB_OK);
    char row[4096], expect[8192];
    snprintf(row, sizeof row, "%s", row_text(&r));
    snprintf(expect, sizeof expect, "%s\n%s%s", results_header(), row, row);
    assert_string_equal(slurp(path), expect);
}

static void foreign_file_is_refused_and_untouched(void **state)
{
    (void)state;
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/foreign.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("a,b,c\n1,2,3\n", f);
    fclose(f);
    assert_int_equal(results_check(path, err, sizeof err), PB_BAD_INPUT);
    assert_non_null(strstr(err, "different header"));
    result_record r = sample_record();
    assert_int_equal(results_append(path, &r, err, sizeof err), PB_BAD_INPUT);
    assert_string_equal(slurp(path), "a,b,c\n1,2,3\n");
}

static void bad_paths_are_refused(void **state)
{
    (void)state;
    char err[256], path[128];
    assert_int_equal(results_check("/nonexistent-dir/x.csv", err, sizeof err), PB_BAD_INPUT);
    assert_non_null(strstr(err, "does not exist"));
    assert_int_equal(results_check(dir, err, sizeof err), PB_BAD_INPUT);
    assert_non_null(strstr(err, "is a directory"));
    assert_int_equal(results_check("", err, sizeof err), PB_BAD_INPUT);
    snprintf(path, sizeof path, "%s/new.csv", dir);
    assert_int_equal(results_check(path, err, sizeof err), PB_OK);
    assert_int_equal(access(path, F_OK), -1); /* checking creates nothing */
}

/* 6 processes x 300 rows at once: every line must be a whole row and none lost. */
static void concurrent_appends_give_whole_rows(void **state)
{
    (void)state;
    enum { PROCS = 6, ROWS = 300 };
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/concurrent.csv", dir);
    for (int p = 0; p < PROCS; ++p) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            result_record r = sample_record();
            snprintf(r.variant, sizeof r.variant, "p%d", p);
            /* a long notes field makes each write large enough to be torn if unlocked */
            memset(r.notes, 'x', sizeof r.notes - 1);
            r.notes[sizeof r.notes - 1] = '\0';
            for (int i = 0; i < ROWS; ++i)
                if (results_append(path, &r, err, sizeof err) != PB_OK)
                    _exit(1);
            _exit(0);
        }
    }
    for (int p = 0; p < PROCS; ++p) {
        int st;
        wait(&st);
        assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    char *text = slurp(path);
    result_record r = sample_record();
    memset(r.notes, 'x', sizeof r.notes - 1);
    r.notes[sizeof r.notes - 1] = '\0';
    int counts[PROCS] = {0}, lines = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), ++lines) {
        if (lines == 0) {
            assert_string_equal(line, results_header());
            continue;
        }
        int p = line[14] - '0'; /* "2,montecarlo,p<digit>," */
        assert_true(p >= 0 && p < PROCS);
        snprintf(r.variant, sizeof r.variant, "p%d", p);
        char row[4096];
        snprintf(row, sizeof row, "%s", row_text(&r));
        row[strlen(row) - 1] = '\0';
        assert_string_equal(line, row);
        counts[p]++;
    }
    assert_int_equal(lines, 1 + PROCS * ROWS);
    for (int p = 0; p < PROCS; ++p)
        assert_int_equal(counts[p], ROWS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_is_schema_4_with_older_columns_in_order),
        cmocka_unit_test(row_is_exact),
        cmocka_unit_test(fields_with_commas_are_quoted),
        cmocka_unit_test(header_written_once),
        cmocka_unit_test(foreign_file_is_refused_and_untouched),
        cmocka_unit_test(bad_paths_are_refused),
        cmocka_unit_test(concurrent_appends_give_whole_rows),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
