/* The peak kernels: the FMA chains end exactly at their closed form for every thread
 * count (a lost or doubled step or thread changes the sum), and the triad writes
 * b + s * c into every element, which its check finds where it does not. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "peak/peak.h"

static void fma_equals_closed_form(void **state)
{
    (void)state;
    static const uint64_t steps[] = {0, 1, 7, 1000, 65537};
    for (size_t s = 0; s < sizeof steps / sizeof steps[0]; ++s)
        for (int threads = 1; threads <= 3; ++threads) {
            double got = peak_fma(steps[s], 1.0, 1.0, threads);
            assert_true(got == peak_fma_expected(steps[s], 1.0, threads));
        }
    /* by hand for one thread and 3 steps of +2: the starts 1..8 of each chain's lanes
     * (spaced by 8 per chain) plus 3 x 2 per lane */
    int lanes = peak_fma_lanes(), chains = peak_fma_chains();
    double want = 0;
    for (int c = 0; c < chains; ++c)
        for (int l = 0; l < lanes; ++l)
            want += c * 8 + l + 1 + 6;
    assert_true(peak_fma(3, 1.0, 2.0, 1) == want);
    /* one step more, or a thread fewer, is not the closed form */
    assert_false(peak_fma(1001, 1.0, 1.0, 2) == peak_fma_expected(1000, 1.0, 2));
    assert_false(peak_fma(1000, 1.0, 1.0, 1) == peak_fma_expected(1000, 1.0, 2));
}

static void fma_names_its_code(void **state)
{
    (void)state;
    const char *isa = peak_fma_isa();
    assert_true(strcmp(isa, "avx512") == 0 || strcmp(isa, "avx2") == 0 || strcmp(isa, "sse2") == 0 ||
                strcmp(isa, "generic") == 0);
    int lanes = peak_fma_lanes();
    assert_int_equal(lanes, strcmp(isa, "avx512") == 0 ? 8 : strcmp(isa, "avx2") == 0 ? 4 : 2);
    assert_true(peak_fma_chains() >= 10 && peak_fma_chains() <= PEAK_FMA_MAX_CHAINS);
    assert_true(peak_fma_flops_per_step() == 2.0 * lanes * peak_fma_chains());
}

static void triad_is_checked(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 7, 1000, 100003};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; ++k)
        for (int threads = 1; threads <= 3; ++threads) {
            size_t n = sizes[k];
            double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
            assert_non_null(a);
            assert_non_null(b);
            assert_non_null(c);
            peak_triad_init(a, b, c, n, threads);
            assert_int_equal(peak_triad_check(a, 3.0, n), 0); /* not yet computed: a is 0 */
            peak_triad(a, b, c, 3.0, n, threads);
            assert_int_equal(peak_triad_check(a, 3.0, n), n);
            assert_true(a[n - 1] == peak_triad_b(n - 1) + 3.0 * peak_triad_c(n - 1));
            a[n / 2] += 1.0; /* one wrong element is found */
            assert_int_equal(peak_triad_check(a, 3.0, n), n / 2);
            assert_int_equal(peak_triad_check(a, 2.0, n), 0); /* another scalar: wrong from the start */
            free(a);
            free(b);
            free(c);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fma_equals_closed_form),
        cmocka_unit_test(fma_names_its_code),
        cmocka_unit_test(triad_is_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
