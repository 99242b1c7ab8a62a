/* The STREAM triad kernel: every variant at odd sizes and thread counts gives every
 * element exactly and the checksum of a closed form worked out here by counting whole
 * periods (no loop over the elements); the check finds one wrong element wherever it
 * is; the blocks cover the arrays; and the driver's setup, run and verify give the
 * checksum, refuse a wrong element, and count the bytes and FLOPs of the roofline. */
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
#include "stream/stream.h"

extern const kernel_desc stream_kernel;

/* sum over i < n of (i mod m) + s (i mod 5 + 1), by whole periods and the remainder */
static uint64_t period_sum(uint64_t n, uint64_t m, uint64_t add)
{
    uint64_t q = n / m, r = n % m;
    return q * (m * (m - 1) / 2 + add * m) + r * (r - 1) / 2 + add * r;
}
static uint64_t closed_form(uint64_t n, uint64_t s) { return period_sum(n, 997, 0) + s * period_sum(n, 5, 1); }

static double *alloc_doubles(size_t n) { return calloc(n ? n : 1, sizeof(double)); }

static void run_variant(size_t n, int threads, int passes)
{
    double *a = alloc_doubles(n), *b = alloc_doubles(n), *c = alloc_doubles(n);
    assert_non_null(a), assert_non_null(b), assert_non_null(c);
    stream_fill(a, b, c, 0, n, threads);
    if (threads == 0)
        stream_serial(a, b, c, 3.0, n, passes);
    else
        stream_omp(a, b, c, 3.0, n, passes, threads);
    uint64_t sum = 1;
    size_t bad = stream_check(a, 0, n, 3.0, &sum);
    if (bad != n || sum != closed_form(n, 3))
        fail_msg("n=%zu threads=%d passes=%d: first wrong %zu, sum %llu (want %llu)", n, threads, passes, bad,
                 (unsigned long long)sum, (unsigned long long)closed_form(n, 3));
    free(a), free(b), free(c);
}

static void variants_exact(void **state)
{
    (void)state;
    static const size_t ns[] = {0, 1, 2, 3, 7, 63, 64, 65, 997, 1000, 4999, 100003};
    static const int threads[] = {0, 1, 2, 3, 5}; /* 0: serial */
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; ++i)
        for (size_t t = 0; t < sizeof threads / sizeof threads[0]; ++t)
            for (int passes = 1; passes <= 3; passes += 2)
                run_variant(ns[i], threads[t], passes);
}

static void fill_at_offset(void **state)
{
    (void)state;
    enum { N = 2000 };
    static double a[N], b[N], c[N];
    uint64_t first = 123456789;
    stream_fill(a, b, c, first, N, 3);
    for (size_t k = 0; k < N; ++k) {
        assert_true(a[k] == 0.0);
        assert_true(b[k] == (double)((first + k) % 997));
        assert_true(c[k] == (double)((first + k) % 5 + 1));
    }
    stream_serial(a, b, c, 7.0, N, 1);
    uint64_t sum;
    assert_int_equal(stream_check(a, first, N, 7.0, &sum), N);
    assert_int_equal(stream_check(a, first + 1, N, 7.0, &sum), 0); /* the wrong offset: a[0] differs */
}

static void check_finds_one_wrong(void **state)
{
    (void)state;
    enum { N = 5003 };
    static double a[N], b[N], c[N];
    stream_fill(a, b, c, 0, N, 2);
    stream_omp(a, b, c, 3.0, N, 1, 2);
    static const size_t where[] = {0, 1, 2500, N - 1};
    for (size_t w = 0; w < sizeof where / sizeof where[0]; ++w) {
        size_t k = where[w];
        double keep = a[k];
        uint64_t sum;
        a[k] = keep + 1.0;
        assert_int_equal(stream_check(a, 0, N, 3.0, &sum), k);
        a[k] = NAN;
        assert_int_equal(stream_check(a, 0, N, 3.0, &sum), k);
        a[k] = keep;
    }
    uint64_t sum;
    assert_int_equal(stream_check(a, 0, N, 3.0, &sum), N);
    assert_int_equal(stream_check(a, 0, N, 2.0, &sum), 0); /* another scalar: the first differs */
}

static void blocks_cover(void **state)
{
    (void)state;
    static const uint64_t ns[] = {0, 1, 2, 3, 10, 1000003};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; ++i)
        for (int p = 1; p <= 7; ++p) {
            uint64_t next = 0, q = ns[i] / (uint64_t)p;
            for (int w = 0; w < p; ++w) {
                uint64_t b, e;
                stream_block(ns[i], p, w, &b, &e);
                assert_int_equal(b, next);
                assert_true(e - b == q || e - b == q + 1);
                next = e;
            }
            assert_int_equal(next, ns[i]);
        }
}

static void driver_verifies(void **state)
{
    (void)state;
    static const uint64_t ns[] = {1, 4999, 1000003};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; ++i)
        for (int v = 0; v < 2; ++v) { /* serial, omp */
            bench_ctx ctx = {.size = ns[i], .threads = v ? 3 : 1, .ranks = 1, .variant = &stream_kernel.variants[v]};
            char err[256] = "", result[64] = "", want[32];
            assert_int_equal(stream_kernel.setup(&ctx, err, sizeof err), PB_OK);
            ctx.variant->run(&ctx);
            assert_int_equal(stream_kernel.verify(&ctx, result, sizeof result, err, sizeof err), PB_OK);
            snprintf(want, sizeof want, "%llu", (unsigned long long)closed_form(ns[i], 3));
            assert_string_equal(result, want);
            double *a = *(double **)ctx.state; /* (the state's first member) */
            a[ns[i] / 2] += 1.0;
            assert_int_equal(stream_kernel.verify(&ctx, result, sizeof result, err, sizeof err), PB_VERIFY_FAILED);
            snprintf(want, sizeof want, "a[%llu]", (unsigned long long)(ns[i] / 2));
            assert_non_null(strstr(err, want));
            assert_null(stream_kernel.teardown); /* one block: the harness frees it */
            free(ctx.state);
        }
}

static void roofline_counts(void **state)
{
    (void)state;
    bench_ctx ctx = {.size = 1000000, .threads = 2, .ranks = 1, .variant = &stream_kernel.variants[1]};
    assert_true(stream_kernel.bytes(&ctx) == 24.0 * STREAM_PASSES * 1e6);
    assert_true(stream_kernel.flops(&ctx) == 2.0 * STREAM_PASSES * 1e6);
    assert_true(stream_kernel.work(&ctx) == stream_kernel.bytes(&ctx) / 1e9); /* GB, the unit GB/s */
    assert_string_equal(stream_kernel.unit, "GB/s");
    /* a 64-byte header and three arrays of 8e6 bytes, each a whole number of 64-byte lines */
    assert_int_equal(stream_kernel.memory(&ctx), 64 + 24000000);
    ctx.size = 3;
    assert_int_equal(stream_kernel.memory(&ctx), 64 + 3 * 64);
    /* mpi on 4 ranks: the largest block, 250001 elements, per rank */
    bench_ctx mpi = {.size = 1000001, .threads = 1, .ranks = 4, .variant = kernel_variant(&stream_kernel, "mpi")};
    assert_int_equal(stream_kernel.memory(&mpi), 64 + 3 * ((250001 * 8 + 63) / 64 * 64));
    /* the classes grow tenfold in work after tiny */
    const uint64_t *classes = stream_kernel.compute->size_class;
    assert_int_equal(classes[2], 10 * classes[1]);
    assert_int_equal(classes[3], 10 * classes[2]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(variants_exact),  cmocka_unit_test(fill_at_offset), cmocka_unit_test(check_finds_one_wrong),
        cmocka_unit_test(blocks_cover),    cmocka_unit_test(driver_verifies), cmocka_unit_test(roofline_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
