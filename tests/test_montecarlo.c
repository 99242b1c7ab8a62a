/* The Monte Carlo kernel: the vectorized loop equals the scalar definition of a sample,
 * every split of the samples gives the same hit count, and the estimate is honest. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/kernel.h"
#include "montecarlo/montecarlo.h"

extern const kernel_desc montecarlo_kernel;

/* The definition, one sample at a time. */
static uint64_t reference_hits(uint64_t seed, uint64_t first, uint64_t count)
{
    uint64_t hits = 0;
    for (uint64_t i = first; i < first + count; ++i) {
        uint32_t x, y;
        mc_sample(seed, i, &x, &y);
        hits += (uint64_t)x * x + (uint64_t)y * y < (1ull << 62);
    }
    return hits;
}

static void loop_matches_definition(void **state)
{
    (void)state;
    /* odd counts and starts exercise the vector remainder paths */
    static const uint64_t firsts[] = {0, 1, 7, 1000003, (1ull << 32) - 37, (1ull << 40) + 5};
    static const uint64_t counts[] = {0, 1, 15, 16, 17, 100001};
    for (size_t f = 0; f < sizeof firsts / sizeof firsts[0]; ++f)
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; ++c)
            assert_int_equal(mc_count_hits(9, firsts[f], counts[c]), reference_hits(9, firsts[f], counts[c]));
}

static void coordinates_are_31_bit(void **state)
{
    (void)state;
    uint32_t max_x = 0, max_y = 0;
    for (uint64_t i = 0; i < 100000; ++i) {
        uint32_t x, y;
        mc_sample(1, i, &x, &y);
        max_x = x > max_x ? x : max_x;
        max_y = y > max_y ? y : max_y;
    }
    assert_true(max_x < (1u << 31) && max_x > (1u << 31) - (1u << 20));
    assert_true(max_y < (1u << 31) && max_y > (1u << 31) - (1u << 20));
}

static void every_split_gives_the_same_hits(void **state)
{
    (void)state;
    const uint64_t n = 3000017;
    uint64_t serial = mc_serial(42, n);
    assert_int_equal(serial, reference_hits(42, 0, n));
    for (int t = 1; t <= 4; ++t)
        assert_int_equal(mc_omp(42, n, t), serial);
    for (int p = 1; p <= 7; ++p) {
        uint64_t sum = 0, covered = 0;
        for (int w = 0; w < p; ++w) {
            uint64_t b, e;
            mc_partition(n, p, w, &b, &e);
            assert_int_equal(b, covered);
            covered = e;
            sum += mc_count_hits(42, b, e - b);
        }
        assert_int_equal(covered, n);
        assert_int_equal(sum, serial);
    }
    /* a split exactly at the 2^32 block boundary */
    uint64_t edge = 1ull << 32;
    assert_int_equal(mc_count_hits(5, edge - 1000, 2000),
                     mc_count_hits(5, edge - 1000, 1000) + mc_count_hits(5, edge, 1000));
}

static void more_threads_than_samples(void **state)
{
    (void)state;
    assert_int_equal(mc_omp(3, 2, 8), reference_hits(3, 0, 2));
    assert_int_equal(mc_omp(3, 0, 3), 0);
}

/* For each of several seeds the estimate lies within 6 standard errors of pi, and
 * different seeds give different points. */
static void estimate_is_honest(void **state)
{
    (void)state;
    const uint64_t n = 20000000;
    const double p = M_PI / 4, se = 4 * sqrt(p * (1 - p) / (double)n);
    uint64_t previous = 0;
    for (uint64_t seed = 1; seed <= 4; ++seed) {
        uint64_t hits = mc_omp(seed, n, 2);
        double est = 4.0 * (double)hits / (double)n;
        if (fabs(est - M_PI) > 6 * se)
            fail_msg("seed %llu: %.8f is %.1f SE from pi", (unsigned long long)seed, est, fabs(est - M_PI) / se);
        assert_true(hits != previous);
        previous = hits;
    }
}

/* The driver's verification passes an honest count and fails one from which half the
 * samples were lost (the count of n samples judged as if 2n had been drawn). The result
 * it reports is checked against the definition, not against mc_serial (which the serial
 * variant itself calls). */
static void verification_catches_lost_samples(void **state)
{
    (void)state;
    const kernel_desc *k = &montecarlo_kernel;
    bench_ctx ctx = {.size = 1000000, .seed = 42, .threads = 1, .ranks = 1, .variant = &k->variants[0]};
    char result[64], err[256];
    assert_int_equal(k->setup(&ctx, err, sizeof err), PB_OK);
    ctx.variant->run(&ctx);
    assert_int_equal(k->verify(&ctx, result, sizeof result, err, sizeof err), PB_OK);
    char expect[64];
    snprintf(expect, sizeof expect, "%.17g", 4.0 * (double)reference_hits(42, 0, 1000000) / 1e6);
    assert_string_equal(result, expect);
    ctx.size = 2000000;
    assert_int_equal(k->verify(&ctx, result, sizeof result, err, sizeof err), PB_VERIFY_FAILED);
    free(ctx.state); /* no teardown: the state is one block */
}

/* A wrong split that still looks like pi (the first half counted twice, the second
 * never) passes the statistical test but not the exact recount; so does any count at a
 * size too small for statistics. The state's only field is the hit count. */
static void verification_catches_a_wrong_split(void **state)
{
    (void)state;
    const kernel_desc *k = &montecarlo_kernel;
    char result[64], err[256];
    uint64_t sizes[] = {10000000, 5};
    for (int i = 0; i < 2; i++) {
        uint64_t n = sizes[i];
        bench_ctx ctx = {.size = n, .seed = 42, .threads = 1, .ranks = 1, .variant = &k->variants[1]};
        assert_int_equal(k->setup(&ctx, err, sizeof err), PB_OK);
        ctx.variant->run(&ctx);
        assert_int_equal(k->verify(&ctx, result, sizeof result, err, sizeof err), PB_OK);
        uint64_t *hits = ctx.state;
        *hits = 2 * mc_count_hits(42, 0, n / 2) + (n % 2 ? mc_count_hits(42, n - 1, 1) : 0);
        if (*hits == mc_count_hits(42, 0, n))
            *hits += 1; /* (at n = 5 the doubled half may happen to match) */
        assert_int_equal(k->verify(&ctx, result, sizeof result, err, sizeof err), PB_VERIFY_FAILED);
        assert_non_null(strstr(err, "sequential recount"));
        free(ctx.state); /* no teardown: the state is one block */
    }
}

/* The 6-standard-error check on its own: at rank 0 and up to MC_EXACT_LIMIT samples the
 * exact recount fails a wrong count first, so the statistical check is reached alone
 * only on the other ranks and above the limit. Counts are constructed k standard errors
 * from pi: 5 passes, 7 fails naming the distance; nothing is sampled above the limit. */
static int verify_hits(uint64_t n, int rank, uint64_t hits, char *err, size_t errlen)
{
    const kernel_desc *k = &montecarlo_kernel;
    char result[64];
    bench_ctx ctx = {.size = n, .seed = 42, .threads = 1, .ranks = 2, .rank = rank, .variant = &k->variants[0]};
    assert_int_equal(k->setup(&ctx, err, errlen), PB_OK);
    *(uint64_t *)ctx.state = hits; /* the state's only field is the hit count */
    err[0] = '\0';
    int rc = k->verify(&ctx, result, sizeof result, err, errlen);
    free(ctx.state);
    return rc;
}

static uint64_t hits_at(uint64_t n, double sigmas)
{
    const double p = M_PI / 4;
    return (uint64_t)llround((double)n * p + sigmas * sqrt((double)n * p * (1 - p)));
}

static void statistical_check_on_its_own(void **state)
{
    (void)state;
    char err[256];
    const uint64_t big = 1ull << 32; /* above the exact recount's limit (2^30) */
    assert_int_equal(verify_hits(big, 0, hits_at(big, 0), err, sizeof err), PB_OK);
    assert_int_equal(verify_hits(big, 0, hits_at(big, 5), err, sizeof err), PB_OK);
    assert_int_equal(verify_hits(big, 0, hits_at(big, -5), err, sizeof err), PB_OK);
    assert_int_equal(verify_hits(big, 0, hits_at(big, 7), err, sizeof err), PB_VERIFY_FAILED);
    assert_non_null(strstr(err, "7.0 standard errors from pi"));
    assert_int_equal(verify_hits(big, 0, hits_at(big, -7), err, sizeof err), PB_VERIFY_FAILED);
    assert_non_null(strstr(err, "7.0 standard errors from pi"));
    /* rank 1 never recounts: half the samples lost (n's hits judged as 2n) fails here */
    const uint64_t n = 1000000;
    assert_int_equal(verify_hits(2 * n, 1, reference_hits(42, 0, n), err, sizeof err), PB_VERIFY_FAILED);
    assert_non_null(strstr(err, "standard errors from pi"));
    assert_null(strstr(err, "sequential recount"));
    /* and passes the honest count of its 2n samples */
    assert_int_equal(verify_hits(2 * n, 1, reference_hits(42, 0, 2 * n), err, sizeof err), PB_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loop_matches_definition),  cmocka_unit_test(coordinates_are_31_bit),
        cmocka_unit_test(every_split_gives_the_same_hits), cmocka_unit_test(more_threads_than_samples),
        cmocka_unit_test(estimate_is_honest),       cmocka_unit_test(verification_catches_lost_samples),
        cmocka_unit_test(verification_catches_a_wrong_split), cmocka_unit_test(statistical_check_on_its_own),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
