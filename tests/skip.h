/* Skipped cmocka tests reach ctest as skipped, not passed. cmocka's skip() alone marks
 * a test [SKIPPED] yet the program still exits 0, which ctest counts as a pass (and its
 * SKIP_REGULAR_EXPRESSION would hide a failure next to the skip). So: PB_SKIP(...) says
 * why and skips; main returns pb_exit(cmocka_run_group_tests(...)), which is 1 when a
 * test failed, else 77 (the unit tests' SKIP_RETURN_CODE) when one was skipped. */
#ifndef PARBENCH_TEST_SKIP_H
#define PARBENCH_TEST_SKIP_H

#include <stdbool.h>

static bool pb_skipped;

#define PB_SKIP(...)                                                                     \
    do {                                                                                 \
        print_message("skipped: " __VA_ARGS__);                                          \
        print_message("\n");                                                             \
        pb_skipped = true;                                                               \
        skip();                                                                          \
    } while (0)

static inline int pb_exit(int failed) { return failed ? 1 : pb_skipped ? 77 : 0; }

#endif
