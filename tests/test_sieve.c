/* The prime sieve kernel: every variant against a plain sieve for many small N and
 * against the known values and the Lucy-Hedgehog count for large ones; the edge cases
 * (0..7, segment/block/chunk boundaries, squares of primes); any split of the range
 * (threads, chunks, the work-balanced rank split) gives the same count; and the driver
 * rejects a wrong count. */
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
#include "sieve/sieve.h"
#include "sieve/sieve_internal.h"
#include "sieve/sieve_presieve.h"

extern const kernel_desc sieve_kernel;

/* Tiny segments force many segments, lanes that run into the pad and, for primes above
 * two segments (512 bytes, N above 262144), large primes in buckets; the others are
 * what the driver uses on machines with small and with large caches. */
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

/* Just below, at and above the end of a segment, of an L1 block and of the smallest
 * omp chunk, and of the second and third segment (where lanes carry over). */
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
        uint64_t chunk = sieve_chunk_bytes(200000000, &params[k]) * 30;
        for (int d = -1; d <= 1; ++d)
            assert_int_equal(sieve_omp(chunk + (uint64_t)d, &params[k], 3), prime_count_lucy(chunk + (uint64_t)d));
    }
}

/* The omp chunk plan: from the top down, the chunks tile [b0, b1) exactly, start on a
 * whole number of segments from b0, shrink (a quarter of what is left per thread)
 * down to the smallest chunk and stay there, and are few: at most 8 T ln(range /
 * smallest) + 8 T + 1 of them. A worker's counts over them add up to pi(N). */
static void chunk_plan(void **state)
{
    (void)state;
    const sieve_params *sp = &params[1];
    static const uint64_t ns[] = {1000, 29999999, 200000000};
    static const uint64_t starts[] = {0, 7, 4096 * 3};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; ++i)
        for (size_t a = 0; a < sizeof starts / sizeof starts[0]; ++a)
            for (int t = 1; t <= 4; t += 3) {
                uint64_t b0 = starts[a], b1 = sieve_total_bytes(ns[i]), min = sieve_chunk_bytes(ns[i], sp);
                if (b1 <= b0)
                    continue;
                sieve_primes pr;
                assert_int_equal(sieve_primes_init(&pr, ns[i]), 0);
                sieve_worker *w = sieve_worker_new(&pr, sp);
                assert_non_null(w);
                uint64_t top = b1, prev = UINT64_MAX, chunks = 0, sum = 0;
                while (top > b0) {
                    uint64_t lo = sieve_next_chunk(b0, top, min, sp->segment_bytes, t), size = top - lo;
                    assert_true(lo < top && lo >= b0);
                    assert_int_equal((lo - b0) % sp->segment_bytes, 0);
                    uint64_t share = (top - b0) / (4 * (uint64_t)t);
                    if (lo > b0)
                        assert_true(size >= min && size >= share && size < (share > min ? share : min) + sp->segment_bytes);
                    if (top < b1 && lo > b0)   /* after the first (ragged) one, sizes never grow */
                        assert_true(size <= prev);
                    prev = size;
                    sum += sieve_worker_count(w, lo, top);
                    top = lo;
                    ++chunks;
                }
                double range = (double)(b1 - b0) / (double)min;
                assert_true((double)chunks <= 8.0 * t * log(range > 1 ? range : 1) + 8.0 * t + 1);
                if (b0 == 0)
                    assert_int_equal(sum + sieve_wheel_primes(ns[i]), prime_count_lucy(ns[i]));
                sieve_worker_free(w);
                sieve_primes_free(&pr);
            }
}

/* p^2 is where p starts crossing off: the squares of presieved primes (49, 101^2,
 * 163^2), of the first crossed primes (167^2, 173^2), of medium and large primes. */
static void prime_squares(void **state)
{
    (void)state;
    static const uint64_t p[] = {7, 101, 163, 167, 173, 1009, 4093, 10007};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; ++i)
        for (int d = -1; d <= 1; ++d) {
            uint64_t n = p[i] * p[i] + (uint64_t)d;
            check_all_variants(n, prime_count_lucy(n));
        }
}

/* Large primes: with 256-byte segments every prime above 512 goes through the
 * buckets, many segments ahead, most hitting a segment more than once. */
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

/* Primes in [lo, hi) by crossing off the multiples of every d >= 2 up to sqrt(hi),
 * one byte per number: no wheel, no segments, no list of primes, nothing shared with
 * the sieve. For windows of a few million numbers anywhere below 1e13. */
static uint64_t primes_in_window(uint64_t lo, uint64_t hi)
{
    uint8_t *comp = calloc(hi - lo, 1);
    assert_non_null(comp);
    for (uint64_t d = 2; d * d < hi; ++d) {
        uint64_t m = (lo + d - 1) / d * d;
        for (m = m < d * d ? d * d : m; m < hi; m += d)
            comp[m - lo] = 1;
    }
    uint64_t c = 0;
    for (uint64_t x = lo < 2 ? 2 : lo; x < hi; ++x)
        c += !comp[x - lo];
    free(comp);
    return c;
}

/* The sieve's count of the primes in [lo, hi) (multiples of 30, lo >= 30): one worker
 * over those bytes, with the sieving primes of hi. */
static uint64_t sieve_window(const sieve_params *sp, uint64_t lo, uint64_t hi)
{
    sieve_primes pr;
    assert_int_equal(sieve_primes_init(&pr, hi), 0);
    sieve_worker *w = sieve_worker_new(&pr, sp);
    assert_non_null(w);
    uint64_t c = sieve_worker_count(w, lo / 30, hi / 30);
    sieve_worker_free(w);
    sieve_primes_free(&pr);
    return c;
}

/* The presieve tables (primes 7..163, periods up to 25591 bytes, read in runs of
 * PRESIEVE_SPAN) against the definition, bit by bit, from offsets near 0, near the
 * periods and far out, for lengths that end inside a run and on its end. */
static void presieve_matches_definition(void **state)
{
    (void)state;
    const presieve_tables *t = presieve_get();
    static const uint64_t starts[] = {0, 1, 1146, 17016, 25590, 25591, 4095, 123456789, 4294967295ull,
                                      333333333333ull};
    static const size_t lens[] = {1, 64, PRESIEVE_SPAN, PRESIEVE_SPAN + 1, 3 * PRESIEVE_SPAN + 77};
    uint8_t buf[3 * PRESIEVE_SPAN + 77];
    for (size_t a = 0; a < sizeof starts / sizeof starts[0]; ++a)
        for (size_t b = 0; b < sizeof lens / sizeof lens[0]; ++b) {
            presieve_fill(t, buf, starts[a], lens[b]);
            for (size_t i = 0; i < lens[b]; ++i)
                for (int j = 0; j < 8; ++j) {
                    uint64_t x = 30 * (starts[a] + i) + sieve_residue[j];
                    int has_small_factor = 0;
                    for (uint64_t p = 7; p <= SIEVE_PRESIEVE_MAX; p += 2)
                        has_small_factor |= x % p == 0 && sieve_count_plain(p) - sieve_count_plain(p - 1) == 1;
                    if (((buf[i] >> j) & 1) == has_small_factor)
                        fail_msg("presieve byte %llu bit %d (x = %llu)", (unsigned long long)(starts[a] + i), j,
                                 (unsigned long long)x);
                }
        }
    presieve_fill(t, buf, 0, 64);
    presieve_restore_first(buf);
    uint64_t c = 0;
    for (int i = 0; i < 6; ++i)   /* bytes 0..5: 1..179, all of 7..163 prime, 1 not */
        c += (uint64_t)__builtin_popcount(buf[i]);
    assert_int_equal(c, sieve_count_plain(179) - 3);
}

/* Where one algorithm hands over to the next: small primes (lanes per L1 block) up to
 * the block, medium (lanes per segment, into the pad) up to two segments, buckets
 * above. With 4 KiB segments of 1 KiB blocks those are 1024 and 8192: N = p^2 - 1, p^2,
 * p^2 + 1 for the primes around both, and N where every kind is active with many
 * segments; all against Lucy-Hedgehog, serially and on 1-3 threads. */
static void algorithm_boundaries(void **state)
{
    (void)state;
    const sieve_params sp = {.segment_bytes = 4096, .block_bytes = 1024};
    static const uint64_t p[] = {1013, 1019, 1021, 1031, 1033, 8179, 8191, 8209, 8219};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; ++i)
        for (int d = -1; d <= 1; ++d) {
            uint64_t n = p[i] * p[i] + (uint64_t)d, expect = prime_count_lucy(n);
            assert_int_equal(sieve_serial(n, &sp), expect);
            assert_int_equal(sieve_omp(n, &sp, 2), expect);
        }
    static const uint64_t ns[] = {300000007, 999999937};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; ++i) {
        uint64_t expect = prime_count_lucy(ns[i]);
        for (int t = 1; t <= 3; ++t)
            assert_int_equal(sieve_omp(ns[i], &sp, t), expect);
    }
    /* the same boundaries with the sizes used on a 32 KiB L1 / 1 MiB L2 machine: small
     * to 32768 (N around 32771^2), medium to 2^20 (a window just above 1048583^2) */
    const sieve_params real = sieve_params_for_cache(32768, 1 << 20);
    for (int d = -1; d <= 1; ++d) {
        uint64_t n = 32771ull * 32771 + (uint64_t)d;
        assert_int_equal(sieve_serial(n, &real), prime_count_lucy(n));
    }
    uint64_t lo = 1048583ull * 1048583 / 30 * 30;
    assert_int_equal(sieve_window(&real, lo, lo + 30 * 40000), primes_in_window(lo, lo + 30 * 40000));
}

/* Windows of 1.2 million numbers counted by one worker against primes_in_window, with
 * the sizes of a 1 MiB L2 and with tiny segments: across the byte index 2^32 (number
 * 30 * 2^32), below 1e12 and at 1e13 (the largest N: primes to 3.16e6, buckets with
 * several segments ahead), and starting on and off segment boundaries. */
static void windows_at_large_numbers(void **state)
{
    (void)state;
    const sieve_params real = sieve_params_for_cache(32768, 1 << 20), tiny = {.segment_bytes = 4096, .block_bytes = 1024};
    static const uint64_t at[] = {30ull << 32, 999999000000ull, 10000000000000ull - 1200000, 2147483648ull * 30 + 17 * 30};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; ++i) {
        uint64_t lo = (at[i] - 600000) / 30 * 30, hi = lo + 1200000;
        uint64_t expect = primes_in_window(lo, hi);
        assert_int_equal(sieve_window(&real, lo, hi), expect);
        assert_int_equal(sieve_window(&tiny, lo, hi), expect);
    }
}

/* pi(N) next to 2^32 and 1e9, N in every residue class mod 30 there, and 2^32 with 1
 * to 4 threads: against Lucy-Hedgehog (which the driver's verification uses too). */
static void around_2_32_and_1e9(void **state)
{
    (void)state;
    const sieve_params sp = sieve_params_for_cache(32768, 1 << 20);
    static const int64_t d[] = {-31, -30, -29, -1, 1, 7, 29, 30, 31};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; ++i) {
        uint64_t n = (1ull << 32) + (uint64_t)d[i];
        assert_int_equal(sieve_serial(n, &sp), prime_count_lucy(n));
        n = 1000000000ull + (uint64_t)d[i];
        assert_int_equal(sieve_omp(n, &sp, 2), prime_count_lucy(n));
    }
    for (int t = 1; t <= 4; ++t)
        assert_int_equal(sieve_omp(1ull << 32, &sp, t), 203280221);
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
        ctx.variant->run(&ctx);
        assert_int_equal(sieve_kernel.verify(&ctx, result, sizeof result, err, sizeof err), PB_OK);
        assert_string_equal(result, want[i]);
        ctx.size = 1009;   /* pi(1009) = 169 != the count of the run */
        assert_int_equal(sieve_kernel.verify(&ctx, result, sizeof result, err, sizeof err), PB_VERIFY_FAILED);
        assert_non_null(strstr(err, "169"));
        free(ctx.state); /* sieve_kernel has no teardown: its state is one block */
    }
    assert_int_equal(sieve_kernel.max_size, 10000000000000ull);
    bench_ctx two_million = {.size = 2000000};
    assert_true(sieve_kernel.work(&two_million) == 2.0);   /* Mnumbers */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_reference),
        cmocka_unit_test(lucy_matches_plain_and_table),
        cmocka_unit_test(edge_cases),
        cmocka_unit_test(variants_match_plain_sieve),
        cmocka_unit_test(segment_boundaries),
        cmocka_unit_test(chunk_plan),
        cmocka_unit_test(prime_squares),
        cmocka_unit_test(bucket_primes),
        cmocka_unit_test(presieve_matches_definition),
        cmocka_unit_test(algorithm_boundaries),
        cmocka_unit_test(windows_at_large_numbers),
        cmocka_unit_test(around_2_32_and_1e9),
        cmocka_unit_test(known_values),
        cmocka_unit_test(more_threads_than_work),
        cmocka_unit_test(ranges_add_up),
        cmocka_unit_test(split_by_work),
        cmocka_unit_test(params_from_cache),
        cmocka_unit_test(driver_verifies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
