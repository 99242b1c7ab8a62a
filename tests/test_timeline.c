/* The terminal picture of a timeline (issue 16, item 2): exact lines from fixed spans:
 * boundaries at round(t / end * width), labels centred, steps in progress together
 * sharing one labelled stretch, idle time blank, scaling with the width, and the text
 * the demo's records carry read back as written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include "output/timeline.h"

static char out[4096];

static const char *render(const timeline_span *s, size_t n, double end, int width)
{
    timeline_render(s, n, end, width, "  ", out, sizeof out);
    return out;
}

static const timeline_span sequential[] = {
    {0, "A1", 0, 1}, {0, "A2", 1, 2}, {0, "B1", 2, 3}, {0, "B2", 3, 4},
};

static void one_after_the_other(void **state)
{
    (void)state;
    assert_string_equal(render(sequential, 4, 4, 40), "  worker 0: |---A1----|---A2----|---B1----|---B2----|\n");
}

/* The bar scales with the width; the axis with `end` (here twice the run: half the bar). */
static void scaling(void **state)
{
    (void)state;
    assert_string_equal(render(sequential, 4, 4, 20), "  worker 0: |-A1-|-A2-|-B1-|-B2-|\n");
    assert_string_equal(render(sequential, 4, 4, 80),
                        "  worker 0: |--------A1---------|--------A2---------|--------B1---------|--------B2---------|\n");
    assert_string_equal(render(sequential, 4, 8, 40), "  worker 0: |-A1-|-A2-|-B1-|-B2-|\n");
    /* end 0: the last span's end */
    assert_string_equal(render(sequential, 4, 0, 40), "  worker 0: |---A1----|---A2----|---B1----|---B2----|\n");
}

/* Requests sent microseconds apart: the slivers where only one was in flight are
 * narrower than a column and vanish; the stretch both share is named by both. */
static void in_flight_together(void **state)
{
    (void)state;
    const timeline_span s[] = {
        {0, "A1", 0, 1.0}, {0, "B1", 0.0001, 1.0001}, {0, "A2", 1.0002, 2.0}, {0, "B2", 1.0003, 2.0004},
    };
    assert_string_equal(render(s, 4, 4, 40), "  worker 0: |--A1+B1--|--A2+B2--|\n");
    /* partly together: each alone, then both, in the order they began */
    const timeline_span p[] = {{0, "B1", 1, 3}, {0, "A1", 0, 2}};
    assert_string_equal(render(p, 2, 4, 40), "  worker 0: |---A1----|--A1+B1--|---B1----|\n");
}

static void two_workers(void **state)
{
    (void)state;
    const timeline_span s[] = {
        {0, "A1", 0, 1}, {1, "B1", 0, 1.2}, {0, "A2", 1, 2}, {1, "B2", 1.2, 2.2},
    };
    assert_string_equal(render(s, 4, 4, 40), "  worker 0: |---A1----|---A2----|\n"
                                             "  worker 1: |----B1-----|---B2----|\n");
    /* a worker without steps keeps its line, empty */
    const timeline_span gap[] = {{0, "A1", 0, 1}, {2, "B1", 0, 1}};
    assert_string_equal(render(gap, 2, 4, 40), "  worker 0: |---A1----|\n  worker 1: \n  worker 2: |---B1----|\n");
}

static void idle_and_narrow(void **state)
{
    (void)state;
    const timeline_span idle[] = {{0, "A1", 0, 1}, {0, "A2", 2, 3}};
    assert_string_equal(render(idle, 2, 4, 40), "  worker 0: |---A1----|         |---A2----|\n");
    /* a stretch too narrow for its label: dashes only; beyond the axis: cut at its end */
    const timeline_span narrow[] = {{0, "A1", 0, 0.2}, {0, "A2", 0.2, 9}};
    assert_string_equal(render(narrow, 2, 4, 40),
                        "  worker 0: |-|" "-----------------A2------------------" "|\n");
    /* the narrowest bar drawn: 8 columns */
    assert_string_equal(render(sequential, 4, 4, 3), "  worker 0: |-|-|-|-|\n");
}

static void text_round_trip(void **state)
{
    (void)state;
    const timeline_span s[] = {{0, "A1", 0.000012, 0.100345}, {1, "B2", 0.25, 0.5}};
    char buf[256];
    size_t len = timeline_format(s, 2, buf, sizeof buf);
    assert_string_equal(buf, "0 A1 0.000012 0.100345;1 B2 0.250000 0.500000;");
    assert_int_equal(len, strlen(buf));
    timeline_span back[4];
    assert_int_equal(timeline_parse(buf, back, 4), 2);
    assert_int_equal(back[1].worker, 1);
    assert_string_equal(back[1].label, "B2");
    assert_true(back[0].t0 == 0.000012 && back[0].t1 == 0.100345 && back[1].t1 == 0.5);
    assert_int_equal(timeline_parse(buf, back, 1), 1);
    /* a short buffer is cut, never overrun, and says what it needed */
    char small[10];
    assert_int_equal(timeline_format(s, 2, small, sizeof small), len);
    assert_string_equal(small, "0 A1 0.00");
    /* reading stops at the first entry that is not one */
    assert_int_equal(timeline_parse("0 A1 0 1;x;1 B1 0 1;", back, 4), 1);
    assert_int_equal(timeline_parse("0 A1 0 1", back, 4), 0);     /* no ';' */
    assert_int_equal(timeline_parse("0 A1 2 1;", back, 4), 0);    /* ends before it starts */
    assert_int_equal(timeline_parse("-1 A1 0 1;", back, 4), 0);   /* no such worker */
    assert_int_equal(timeline_parse("", back, 4), 0);
    assert_int_equal(timeline_parse(NULL, back, 4), 0);
}

static void terminal_width(void **state)
{
    (void)state;
    /* stdout is made a non-terminal (/dev/null) for the whole check, so the fallback is
     * exactly 80 wherever the test runs, from a terminal too */
    fflush(stdout);
    int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);
    assert_true(saved >= 0 && null >= 0);
    assert_int_equal(dup2(null, STDOUT_FILENO), STDOUT_FILENO);
    close(null);
    int got[12], n = 0;
    /* in range, both ends included */
    setenv("COLUMNS", "120", 1);
    got[n++] = timeline_terminal_width();
    setenv("COLUMNS", "20", 1);
    got[n++] = timeline_terminal_width();
    setenv("COLUMNS", "1000", 1);
    got[n++] = timeline_terminal_width();
    /* not a number, or out of range: 80 */
    const char *bad[] = {"abc", "5", "19", "1001", "100000", "", "120x", "-120"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        setenv("COLUMNS", bad[i], 1);
        got[n++] = timeline_terminal_width();
    }
    unsetenv("COLUMNS");
    got[n++] = timeline_terminal_width();
    fflush(stdout);
    assert_int_equal(dup2(saved, STDOUT_FILENO), STDOUT_FILENO); /* cmocka reports on stdout */
    close(saved);
    static const int want[] = {120, 20, 1000, 80, 80, 80, 80, 80, 80, 80, 80, 80};
    assert_int_equal(n, sizeof want / sizeof want[0]);
    for (int i = 0; i < n; ++i)
        assert_int_equal(got[i], want[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_after_the_other), cmocka_unit_test(scaling),    cmocka_unit_test(in_flight_together),
        cmocka_unit_test(two_workers),         cmocka_unit_test(idle_and_narrow), cmocka_unit_test(text_round_trip),
        cmocka_unit_test(terminal_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
