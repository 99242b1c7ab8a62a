/* The checkpoint driver's summary lines, from constructed rows (nothing measured): each
 * mode's speed against blocking, the share of blocking's checkpoint cost it hid (or how
 * much more it cost), and the mark on figures drawn from a flagged row. Exact strings. */
#define _POSIX_C_SOURCE 200809L /* fileno, dup2 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/record.h"
#include "io/io.h"

static result_record row(const char *variant, double time_s, const char *notes)
{
    result_record r;
    result_record_init(&r);
    snprintf(r.kernel, sizeof r.kernel, "io-checkpoint");
    snprintf(r.variant, sizeof r.variant, "%s", variant);
    snprintf(r.notes, sizeof r.notes, "%s", notes);
    r.time_s = time_s;
    return r;
}

/* What the checkpoint driver's summary prints for these rows. */
static char *summary_of(const result_record *recs, size_t n)
{
    const io_driver *d = io_driver_find("checkpoint");
    assert_non_null(d);
    assert_non_null(d->summarize);
    FILE *out = tmpfile();
    assert_non_null(out);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    assert_true(saved >= 0);
    assert_int_equal(dup2(fileno(out), STDOUT_FILENO), STDOUT_FILENO);
    d->summarize(NULL, recs, n);
    fflush(stdout);
    assert_int_equal(dup2(saved, STDOUT_FILENO), STDOUT_FILENO); /* cmocka reports on stdout */
    close(saved);
    static char text[4096];
    rewind(out);
    size_t got = fread(text, 1, sizeof text - 1, out);
    text[got] = '\0';
    fclose(out);
    return text;
}

/* The lines of blocking (0.15 s) and uring (0.075 s) beside 0.05 s of computing alone */
#define BLOCKING_LINE "blocking: 0.1500 s with checkpoints, 0.0500 s computing alone: checkpoints cost 0.1000 s\n"
#define URING_LINE                                                                             \
    "uring: 0.0750 s with checkpoints, 0.0500 s computing alone: checkpoints cost 0.0250 s, " \
    "2.00x the speed of blocking, 75% of blocking's checkpoint cost hidden"
#define MARK " [from untrusted rows: see the verdict]"

static void shares_hidden(void **state)
{
    (void)state;
    /* computing alone 0.05 s: blocking's checkpoints cost 0.10 s */
    const result_record recs[] = {
        row("compute-alone", 0.05, ""), row("blocking", 0.15, ""), row("nonblocking", 0.125, ""),
        row("uring", 0.075, "cv-high"), row("slower", 0.16, ""), row("even", 0.1502, ""),
    };
    assert_string_equal(summary_of(recs, sizeof recs / sizeof recs[0]),
        BLOCKING_LINE
        "nonblocking: 0.1250 s with checkpoints, 0.0500 s computing alone: checkpoints cost 0.0750 s, "
        "1.20x the speed of blocking, 25% of blocking's checkpoint cost hidden\n"
        /* its own row flagged: the figures derived from it are marked */
        URING_LINE MARK "\n"
        "slower: 0.1600 s with checkpoints, 0.0500 s computing alone: checkpoints cost 0.1100 s, "
        "0.94x the speed of blocking, its checkpoints cost 10% more than blocking's\n"
        "even: 0.1502 s with checkpoints, 0.0500 s computing alone: checkpoints cost 0.1002 s, "
        "1.00x the speed of blocking, none of blocking's checkpoint cost hidden\n");
}

static void flagged_references(void **state)
{
    (void)state;
    /* a flagged blocking row or computing-alone row marks every mode's comparison */
    const result_record by_alone[] = {
        row("compute-alone", 0.05, "starved"), row("blocking", 0.15, ""), row("uring", 0.075, ""),
    };
    assert_string_equal(summary_of(by_alone, 3),
        BLOCKING_LINE
        URING_LINE MARK "\n");
    const result_record by_blocking[] = {
        row("compute-alone", 0.05, ""), row("blocking", 0.15, "oversubscribed;tiny"), row("uring", 0.075, "oversubscribed"),
    };
    assert_string_equal(summary_of(by_blocking, 3),
        BLOCKING_LINE
        URING_LINE MARK "\n");
    /* the mark follows the verdict's rule (harness_flags_trusted): a note it does not
     * count against a row (oversubscribed) leaves the line unmarked */
    const result_record noted[] = {
        row("compute-alone", 0.05, "oversubscribed"), row("blocking", 0.15, ""), row("uring", 0.075, "oversubscribed"),
    };
    assert_string_equal(summary_of(noted, 3),
        BLOCKING_LINE
        URING_LINE "\n");
}

static void blocking_no_dearer_than_computing(void **state)
{
    (void)state;
    /* blocking no slower than computing alone: no share of a cost that is not there */
    const result_record recs[] = {
        row("compute-alone", 0.05, ""), row("blocking", 0.05, ""), row("uring", 0.04, ""),
    };
    assert_string_equal(summary_of(recs, 3),
        "blocking: 0.0500 s with checkpoints, 0.0500 s computing alone: checkpoints cost 0.0000 s\n"
        "uring: 0.0400 s with checkpoints, 0.0500 s computing alone: checkpoints cost -0.0100 s, "
        "1.25x the speed of blocking\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shares_hidden),
        cmocka_unit_test(flagged_references),
        cmocka_unit_test(blocking_no_dearer_than_computing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
