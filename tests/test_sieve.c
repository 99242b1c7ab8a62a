/* The prime sieve kernel: every variant against a plain sieve for many small N and
 * against the known values and the Lucy-Hedgehog count for large ones; the edge cases
 * (0..7, segment/block/chunk boundaries, squares of primes); any split of the range
 * (threads, chunks, the work-balanced rank split) gives the same count; and the driver
 * rejects a wrong count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel.h"
#include "sieve/sieve.h"
#include "sieve/sieve_internal.h"

extern const kernel_desc sieve_kernel;

/* Tiny segments force many segments, lanes that span several of them and, above
 * N ~ 6e4, large primes in buckets; the others are what the driver uses here. */
static const sieve_params params[] = {
    {.segment_bytes = 256, .block_bytes = 64},
    {.segment_bytes = 4096, .block_bytes = 4096},
    {.segment_bytes = 524288, .block_bytes = 32768},
};
#define NPARAMS (sizeof params / sizeof params[0])

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 11;
}

static void check_all_variants(uint64_t n, uint64_t expect)
{
    /* (256-byte segments beyond 1e8 take too long for a unit test) */
    for (size_t k = n > 100000000 ? 1 : 0; k < NPARAMS; ++k) {
        assert_int_equal(sieve_serial(n, &params[k]), expect);
        for (int t = 1; t <= 3; ++t)
            assert_int_equal(sieve_omp(n, &params[k], t), expect);
    }
}

static void plain_reference(void **state)
{
    (void)state;
    static const uint64_t pi[] = {0, 0, 1, 2, 2, 3, 3, 4, 4, 4, 4, 5};
    for (uint64_t n = 0; n < sizeof pi / sizeof pi[0]; ++n)
        assert_int_equal(sieve_count_plain(n), pi[n]);
    assert_int_equal(sieve_count_plain(100), 25);
    assert_int_equal(sieve_count_plain(1000000), 78498);
}

static void lucy_matches_plain_and_table(void **state)
{
    (void)state;
    for (uint64_t n = 0; n < 3000; ++n)
        assert_int_equal(prime_count_lucy(n), sieve_count_plain(n));
    uint64_t seed = 1;
    for (int i = 0; i < 20; ++i) {
        uint64_t n = lcg(&seed) % 3000000;
        assert_int_equal(prime_count_lucy(n), sieve_count_plain(n));
    }
    uint64_t p10 = 1, pi;
    for (int k = 1; k <= 12; ++k) {
        p10 *= 10;
        assert_true(sieve_known_pi(p10, &pi));
        assert_int_equal(prime_count_lucy(p10), pi);
    }
    assert_true(sieve_known_pi(1ull << 32, &pi));
    assert_int_equal(pi, 203280221);
    assert_int_equal(prime_count_lucy(1ull << 32), 203280221);
    assert_false(sieve_known_pi(12345, &pi));
}

static void edge_cases(void **state)
{
    (void)state;
    static const uint64_t pi[] = {0, 0, 1, 2, 2, 3, 3, 4};
    for (uint64_t n = 0; n < 8; ++n)
        check_all_variants(n, pi[n]);
}

/* Every N up to 1500 and a sample to 3e6 (up to ~3000 segments of the tiny size). */
static void variants_match_plain_sieve(void **state)
{
    (void)state;
    for (uint64_t n = 0; n <= 1500; ++n)
        check_all_variants(n, sieve_count_plain(n));
    uint64_t seed = 7;
    for (int i = 0; i < 40; ++i) {
        uint64_t n = lcg(&seed) % (i < 20 ? 100000 : 3000000);
        check_all_variants(n, sieve_count_plain(n));
    }
}

/* Just below, at and above the end of a segment, of an L1 block and of an omp chunk,
 * and of the second and third segment (where lanes carry over). */
static void segment_boundaries(void **state)
{
    (void)state;
    for (size_t k = 0; k < NPARAMS; ++k) {
        uint64_t ends[] = {30ull * params[k].block_bytes, 30ull * params[k].segment_bytes,
                           60ull * params[k].segment_bytes, 90ull * params[k].segment_bytes};
        for (size_t e = 0; e < sizeof ends / sizeof ends[0]; ++e)
            for (int d = -2; d <= 2; ++d) {
                uint64_t n = ends[e] + (uint64_t)d;
                uint64_t expect = prime_count_lucy(n);
                assert_int_equal(sieve_serial(n, &params[k]), expect);
                assert_int_equal(sieve_omp(n, &params[k], 2), expect);
            }
    }
    for (size_t k = 0; k < NPARAMS; ++k) {
        sieve_primes pr;
        uint64_t n = 200000000;
        assert_int_equal(sieve_primes_init(&pr, n), 0);
        uint64_t chunk = sieve_chunk_bytes(n, &params[k]) * 30;
        sieve_primes_free(&pr);
        for (int d = -1; d <= 1; ++d)
            assert_int_equal(sieve_omp(chunk + (uint64_t)d, &params[k], 3), prime_count_lucy(chunk + (uint64_t)d));
    }
}

/* p^2 is where p starts crossing off: the squares of a presieved prime (49, 101^2),
 * of the first crossed prime (103^2), of a medium and of a large (bucket) prime. */
static void prime_squares(void **state)
{
    (void)state;
    static const uint64_t p[] = {7, 101, 103, 107, 1009, 4093, 10007};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; ++i)
        for (int d = -1; d <= 1; ++d) {
            uint64_t n = p[i] * p[i] + (uint64_t)d;
            check_all_variants(n, prime_count_lucy(n));
        }
}

/* Large primes: with 256-byte segments every prime above 256 goes through the
 * buckets, many segments ahead. */
static void bucket_primes(void **state)
{
    (void)state;
    static const uint64_t ns[] = {10000000, 31234567, 100000000};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; ++i) {
        uint64_t expect = prime_count_lucy(ns[i]);
        assert_int_equal(sieve_serial(ns[i], &params[0]), expect);
        assert_int_equal(sieve_omp(ns[i], &params[0], 3), expect);
        assert_int_equal(sieve_serial(ns[i], &params[1]), expect);
    }
}

static void known_values(void **state)
{
    (void)state;
    sieve_params sp = sieve_params_for_cache(48 * 1024, 2 * 1024 * 1024);
    uint64_t n = 1, pi;
    for (int k = 1; k <= 10; ++k) {
        n *= 10;
        assert_true(sieve_known_pi(n, &pi));
        if (k <= 9)
            assert_int_equal(sieve_serial(n, &sp), pi);
        assert_int_equal(sieve_omp(n, &sp, 2), pi);
    }
    assert_int_equal(sieve_serial(1ull << 32, &sp), 203280221);
    assert_int_equal(sieve_omp(1ull << 32, &sp, 3), 203280221);
}

/* More threads than chunks (and than segments): idle threads add nothing. */
static void more_threads_than_work(void **state)
{
    (void)state;
    static const uint64_t ns[] = {0, 2, 100, 1000, 100000};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; ++i)
        for (size_t k = 0; k < NPARAMS; ++k)
            assert_int_equal(sieve_omp(ns[i], &params[k], 16), sieve_count_plain(ns[i]));
}

/* A worker counts any byte range, aligned or not; the pieces add up to the whole. */
static void ranges_add_up(void **state)
{
    (void)state;
    uint64_t seed = 3;
    for (size_t k = 0; k < NPARAMS; ++k) {
        uint64_t n = 20000000 + lcg(&seed) % 1000;
        sieve_primes pr;
        assert_int_equal(sieve_primes_init(&pr, n), 0);
        sieve_worker *w = sieve_worker_new(&pr, &params[k]);
        assert_non_null(w);
        uint64_t total = sieve_total_bytes(n), sum = 0;
        for (uint64_t b0 = 0; b0 < total;) {
            uint64_t b1 = b0 + 1 + lcg(&seed) % 40000;
            if (b1 > total)
                b1 = total;
            sum += sieve_worker_count(w, b0, b1);
            b0 = b1;
        }
        assert_int_equal(sum + sieve_wheel_primes(n), prime_count_lucy(n));
        sieve_worker_free(w);
        sieve_primes_free(&pr);
    }
}

/* The rank split: ordered, whole segments, covers [0, total); its parts count the
 * same as the whole for 1..9 parts; and it is by work, not by length: the start of the
 * range is cheaper, so the first of two parts is the longer one. */
static void split_by_work(void **state)
{
    (void)state;
    const sieve_params *sp = &params[2];
    static const uint64_t ns[] = {0, 1000, 1000000, 99999989, 10000000000ull, 1000000000000ull};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; ++i) {
        uint64_t n = ns[i], total = sieve_total_bytes(n);
        sieve_primes pr;
        assert_int_equal(sieve_primes_init(&pr, n), 0);
        sieve_worker *w = sieve_worker_new(&pr, sp);
        assert_non_null(w);
        for (int parts = 1; parts <= 9; ++parts) {
            uint64_t b[10], sum = 0;
            sieve_split_by_work(n, sp, parts, b);
            assert_int_equal(b[0], 0);
            assert_int_equal(b[parts], total);
            for (int r = 0; r < parts; ++r) {
                assert_true(b[r] <= b[r + 1]);
                if (r > 0 && b[r] < total)
                    assert_int_equal(b[r] % sp->segment_bytes, 0);
                if (n <= 100000000)
                    sum += sieve_worker_count(w, b[r], b[r + 1]);
            }
            if (n <= 100000000)
                assert_int_equal(sum + sieve_wheel_primes(n), prime_count_lucy(n));
        }
        sieve_worker_free(w);
        sieve_primes_free(&pr);
    }
    uint64_t b[3];
    sieve_split_by_work(10000000000ull, sp, 2, b);
    assert_true(b[1] > b[2] / 2 + 4 * sp->segment_bytes);
}

static void params_from_cache(void **state)
{
    (void)state;
    sieve_params a = sieve_params_for_cache(48 * 1024, 2 * 1024 * 1024);   /* half of L2 */
    assert_int_equal(a.block_bytes, 32768);
    assert_int_equal(a.segment_bytes, 1048576);
    sieve_params b = sieve_params_for_cache(0, 0);   /* unknown: 32 KiB / 1 MiB */
    assert_int_equal(b.block_bytes, 32768);
    assert_int_equal(b.segment_bytes, 524288);
    sieve_params c = sieve_params_for_cache(1000, 3000);   /* clamped */
    assert_int_equal(c.block_bytes, 4096);
    assert_int_equal(c.segment_bytes, 4096);
    assert_int_equal(sieve_serial(1000000, &c), 78498);
}

/* Through the driver: the result string is pi(N) and verifies; a count that does not
 * match (N changed between run and verify) is reported as a verification failure. */
static void driver_verifies(void **state)
{
    (void)state;
    static const uint64_t ns[] = {1000000, 1000003, 4};
    static const char *const want[] = {"78498", "78499", "2"};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; ++i) {
        bench_ctx ctx = {.size = ns[i], .threads = 2, .ranks = 1, .variant = &sieve_kernel.variants[1]};
        char err[256] = "", result[64] = "";
        assert_int_equal(sieve_kernel.setup(&ctx, err, sizeof err), PB_OK);
        sieve_kernel.run(&ctx);
        assert_int_equal(sieve_kernel.verify(&ctx, result, sizeof result, err, sizeof err), PB_OK);
        assert_string_equal(result, want[i]);
        ctx.size = 1009;   /* pi(1009) = 169 != the count of the run */
        assert_int_equal(sieve_kernel.verify(&ctx, result, sizeof result, err, sizeof err), PB_VERIFY_FAILED);
        assert_non_null(strstr(err, "169"));
        sieve_kernel.teardown(&ctx);
    }
    assert_int_equal(sieve_kernel.max_size, 10000000000000ull);
    assert_true(sieve_kernel.work(2000000) == 2.0);   /* Mnumbers */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_reference),
        cmocka_unit_test(lucy_matches_plain_and_table),
        cmocka_unit_test(edge_cases),
        cmocka_unit_test(variants_match_plain_sieve),
        cmocka_unit_test(segment_boundaries),
        cmocka_unit_test(prime_squares),
        cmocka_unit_test(bucket_primes),
        cmocka_unit_test(known_values),
        cmocka_unit_test(more_threads_than_work),
        cmocka_unit_test(ranges_add_up),
        cmocka_unit_test(split_by_work),
        cmocka_unit_test(params_from_cache),
        cmocka_unit_test(driver_verifies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
