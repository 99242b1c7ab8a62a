/* The matrix-multiply kernel: every variant equals this file's own triple loop (the
 * definition) exactly on odd sizes, and hand-computed and closed-form products; the
 * blocked algorithm handles rectangles, leading dimensions and accumulation; the checks
 * (Freivalds, closed-form checksum) catch a single wrong element; the inputs are the
 * small integers the exactness argument needs. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/pages.h"
#include "matmul/matmul.h"
#include "parbench_config.h"
#include "skip.h"

static const size_t sizes[] = {1, 2, 7, 33, 100, 1023};

static double *matrix(size_t rows, size_t cols)
{
    double *m = malloc((rows && cols ? rows * cols : 1) * sizeof *m);
    assert_non_null(m);
    return m;
}

/* Poison C so that a variant which forgets to write an element is caught. */
static void poison(double *C, size_t count)
{
    for (size_t i = 0; i < count; i++)
        C[i] = NAN;
}

/* C (m x n, ldc) = or += A (m x k, lda) * B (k x n, ldb), the definition. */
static void reference_gemm(size_t m, size_t n, size_t k, const double *A, size_t lda,
                           const double *B, size_t ldb, double *C, size_t ldc, bool acc)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double s = acc ? C[i * ldc + j] : 0;
            for (size_t p = 0; p < k; p++)
                s += A[i * lda + p] * B[p * ldb + j];
            C[i * ldc + j] = s;
        }
}

static void assert_same(const double *X, const double *Y, size_t count, const char *what, size_t n)
{
    for (size_t i = 0; i < count; i++)
        if (!(X[i] == Y[i]))
            fail_msg("%s n=%zu: element %zu is %g, the definition gives %g", what, n, i, X[i], Y[i]);
}

/* A, B (seed 42, the CLI's default) and R = A * B by the definition. */
static void inputs_and_product(size_t n, double **A, double **B, double **R)
{
    *A = matrix(n, n), *B = matrix(n, n), *R = matrix(n, n);
    mm_fill(42, MM_A, 0, 0, n, n, *A, n);
    mm_fill(42, MM_B, 0, 0, n, n, *B, n);
    reference_gemm(n, n, n, *A, n, *B, n, *R, n, false);
}

static void variants_match_definition(void **state)
{
    (void)state;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        double *A, *B, *R, *C = matrix(n, n);
        inputs_and_product(n, &A, &B, &R);

        poison(C, n * n);
        mm_naive(n, A, B, C);
        assert_same(C, R, n * n, "naive", n);
        poison(C, n * n);
        assert_true(mm_serial(n, A, B, C));
        assert_same(C, R, n * n, "serial", n);
        for (int t = 1; t <= 3; t++) {
            poison(C, n * n);
            assert_true(mm_omp(n, A, B, C, t));
            assert_same(C, R, n * n, "omp", n);
        }
        /* the product by the definition passes both checks */
        assert_true(mm_freivalds(n, A, B, R, 11));
        double sum = mm_checksum(n, n, R, n);
        if (!(sum == mm_checksum_expected(42, n)))
            fail_msg("n=%zu: sum of the product %g, closed form %g", n, sum, mm_checksum_expected(42, n));
        free(A), free(B), free(R), free(C);
    }
}

static void blas_matches_definition(void **state)
{
    (void)state;
#if PARBENCH_HAVE_BLAS
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        double *A, *B, *R, *C = matrix(n, n);
        inputs_and_product(n, &A, &B, &R);
        for (int t = 1; t <= 2; t++) {
            poison(C, n * n);
            assert_true(mm_blas(n, A, B, C, t));
            assert_same(C, R, n * n, "blas", n);
        }
        free(A), free(B), free(R), free(C);
    }
#else
    PB_SKIP("this build has no CBLAS (PARBENCH_HAVE_BLAS 0): the blas variant is not tested");
#endif
}

/* Products worked out by hand or in closed form, through every entry point. */
static void known_products(void **state)
{
    (void)state;
    /* [1 2; 3 4] [5 6; 7 8] = [19 22; 43 50] */
    const double A2[] = {1, 2, 3, 4}, B2[] = {5, 6, 7, 8}, P2[] = {19, 22, 43, 50};
    /* [2 0 -1; 1 3 2; 0 -4 1] [1 2 0; 0 1 -1; 3 0 2] = [-1 4 -2; 7 5 1; 3 -4 6] */
    const double A3[] = {2, 0, -1, 1, 3, 2, 0, -4, 1}, B3[] = {1, 2, 0, 0, 1, -1, 3, 0, 2},
                 P3[] = {-1, 4, -2, 7, 5, 1, 3, -4, 6};
    struct { size_t n; const double *A, *B, *P; } cases[] = {{2, A2, B2, P2}, {3, A3, B3, P3}};
    for (size_t c = 0; c < 2; c++) {
        size_t n = cases[c].n;
        double C[9];
        poison(C, 9);
        mm_naive(n, cases[c].A, cases[c].B, C);
        assert_same(C, cases[c].P, n * n, "naive, by hand", n);
        poison(C, 9);
        assert_true(mm_serial(n, cases[c].A, cases[c].B, C));
        assert_same(C, cases[c].P, n * n, "serial, by hand", n);
        poison(C, 9);
        assert_true(mm_omp(n, cases[c].A, cases[c].B, C, 2));
        assert_same(C, cases[c].P, n * n, "omp, by hand", n);
        poison(C, 9);
        assert_true(mm_gemm(n, n, n, cases[c].A, n, cases[c].B, n, C, n, false));
        assert_same(C, cases[c].P, n * n, "gemm, by hand", n);
    }
    /* A_ik = i + 1, B_kj = j + 1: C_ij = k (i + 1)(j + 1). Shapes past every block edge. */
    static const size_t shapes[][3] = {{57, 2049, 513}, {113, 33, 1030}};
    for (size_t s = 0; s < 2; s++) {
        size_t m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        double *A = matrix(m, k), *B = matrix(k, n), *C = matrix(m, n);
        for (size_t i = 0; i < m; i++)
            for (size_t p = 0; p < k; p++)
                A[i * k + p] = (double)(i + 1);
        for (size_t p = 0; p < k; p++)
            for (size_t j = 0; j < n; j++)
                B[p * n + j] = (double)(j + 1);
        for (int t = 0; t <= 2; t++) {
            poison(C, m * n);
            assert_true(t == 0 ? mm_gemm(m, n, k, A, k, B, n, C, n, false)
                               : mm_gemm_omp(m, n, k, A, k, B, n, C, n, false, t));
            for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < n; j++)
                    if (!(C[i * n + j] == (double)(k * (i + 1) * (j + 1))))
                        fail_msg("%zux%zux%zu threads=%d: C(%zu,%zu) = %g, expected k(i+1)(j+1) = %zu", m,
                                 n, k, t, i, j, C[i * n + j], k * (i + 1) * (j + 1));
        }
        free(A), free(B), free(C);
    }
}

static void gemm_rectangles_and_accumulate(void **state)
{
    (void)state;
    /* Shapes crossing every block edge: k > KC (512), m > MC (56), n > NC (2048), and
     * leading dimensions wider than the operands; k = 0 must still write C. */
    static const size_t shapes[][3] = {{37, 53, 601}, {3, 2100, 5}, {57, 17, 1}, {15, 16, 0},
                                       {1, 1, 1025}, {113, 97, 515}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        size_t m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        size_t lda = k + 3, ldb = n + 5, ldc = n + 2;
        double *A = matrix(m, lda), *B = matrix(k ? k : 1, ldb), *R = matrix(m, ldc),
               *C = matrix(m, ldc);
        mm_fill(5, MM_A, 0, 0, m, lda, A, lda);
        mm_fill(5, MM_B, 0, 0, k, ldb, B, ldb);
        for (int acc = 0; acc <= 1; acc++)
            for (int t = 0; t <= 2; t++) { /* 0: mm_gemm, else mm_gemm_omp with t threads */
                mm_fill(6, MM_A, 0, 0, m, ldc, R, ldc); /* initial C for accumulate */
                memcpy(C, R, m * ldc * sizeof *C);
                reference_gemm(m, n, k, A, lda, B, ldb, R, ldc, acc);
                bool ok = t == 0 ? mm_gemm(m, n, k, A, lda, B, ldb, C, ldc, acc)
                                 : mm_gemm_omp(m, n, k, A, lda, B, ldb, C, ldc, acc, t);
                assert_true(ok);
                /* including the padding columns between n and ldc, which must be untouched */
                for (size_t i = 0; i < m * ldc; i++)
                    if (!(C[i] == R[i]))
                        fail_msg("gemm %zux%zux%zu acc=%d threads=%d: element (%zu,%zu) is %g, expected %g",
                                 m, n, k, acc, t, i / ldc, i % ldc, C[i], R[i]);
            }
        free(A), free(B), free(R), free(C);
    }
}

static void freivalds_detects_one_wrong_element(void **state)
{
    (void)state;
    size_t n = 100;
    double *A = matrix(n, n), *B = matrix(n, n), *C = matrix(n, n);
    mm_fill(9, MM_A, 0, 0, n, n, A, n);
    mm_fill(9, MM_B, 0, 0, n, n, B, n);
    assert_true(mm_serial(n, A, B, C));
    assert_true(mm_freivalds(n, A, B, C, 1));
    static const size_t where[][2] = {{0, 0}, {99, 99}, {37, 61}, {0, 99}, {99, 0}};
    static const double delta[] = {1, -1, 1e-9, 4096, NAN};
    for (size_t w = 0; w < 5; w++)
        for (size_t d = 0; d < 5; d++)
            for (uint64_t seed = 1; seed <= 3; seed++) {
                double *c = &C[where[w][0] * n + where[w][1]], keep = *c;
                *c += delta[d];
                if (mm_freivalds(n, A, B, C, seed))
                    fail_msg("C(%zu,%zu) off by %g not detected (seed %llu)", where[w][0],
                             where[w][1], delta[d], (unsigned long long)seed);
                *c = keep;
            }
    assert_true(mm_freivalds(n, A, B, C, 1));
    /* Two compensating errors in one row: the checksum misses them, Freivalds does not. */
    C[5 * n + 1] += 1;
    C[5 * n + 2] -= 1;
    assert_true(mm_checksum(n, n, C, n) == mm_checksum_expected(9, n));
    assert_false(mm_freivalds(n, A, B, C, 1));
    free(A), free(B), free(C);
}

static void inputs_and_checksums(void **state)
{
    (void)state;
    /* Entries are integers in [-4, 4] (the exactness argument of matmul.h), spread over
     * all nine values, and A and B are different matrices. */
    int seen[9] = {0}, equal = 0;
    for (uint64_t i = 0; i < 60; i++)
        for (uint64_t j = 0; j < 60; j++) {
            double a = mm_entry(42, MM_A, i, j), b = mm_entry(42, MM_B, i, j);
            assert_true(a == nearbyint(a) && a >= -4 && a <= 4);
            seen[(int)a + 4]++;
            equal += a == b;
        }
    for (int v = 0; v < 9; v++) /* 3600 / 9 = 400 each for a uniform hash */
        if (seen[v] < 300 || seen[v] > 500)
            fail_msg("value %d drawn %d times in 3600, expected about 400", v - 4, seen[v]);
    if (equal > 600) /* 3600 / 9 = 400 when A and B are independent */
        fail_msg("A and B agree in %d of 3600 entries, expected about 400", equal);
    /* mm_fill places entry (row0 + i, col0 + j) at M[i * ld + j]. */
    double block[3 * 5];
    mm_fill(42, MM_B, 7, 11, 3, 4, block, 5);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 4; j++)
            assert_true(block[i * 5 + j] == mm_entry(42, MM_B, 7 + i, 11 + j));
    /* The closed form against sums worked out from the entries: n = 1 is A00 * B00;
     * n = 2 is the sum over i, j, k of A_ik B_kj written out. */
    assert_true(mm_checksum_expected(42, 1) == mm_entry(42, MM_A, 0, 0) * mm_entry(42, MM_B, 0, 0));
    double two = 0;
    for (uint64_t i = 0; i < 2; i++)
        for (uint64_t j = 0; j < 2; j++)
            two += mm_entry(42, MM_A, i, 0) * mm_entry(42, MM_B, 0, j) +
                   mm_entry(42, MM_A, i, 1) * mm_entry(42, MM_B, 1, j);
    assert_true(mm_checksum_expected(42, 2) == two);
    assert_true(mm_checksum_expected(7, 0) == 0);
    /* The answers the CLI prints with --seed 42 (the default), as variants_match_definition
     * sums them from the product by the definition (7, 1023) and tests/matmul_cli.sh from
     * the CLI. A change here changes every published result: it must be deliberate. */
    assert_true(mm_checksum_expected(42, 7) == -6);
    assert_true(mm_checksum_expected(42, 1023) == 121332);
    assert_true(mm_checksum_expected(42, 2048) == 432808);
    assert_true(mm_checksum_expected(43, 1023) != 121332); /* the seed is used */
    /* Freivalds' r is never 0 (a zero would hide a wrong column) and at most 2^20. */
    for (uint64_t j = 0; j < 100000; j++) {
        double r = mm_freivalds_r(7, j);
        assert_true(r >= 1 && r <= 1048576.0 && r == nearbyint(r));
    }
}

static void partition_covers_everything(void **state)
{
    (void)state;
    static const size_t ns[] = {0, 1, 7, 1000, 1023, 2049};
    for (size_t s = 0; s < sizeof ns / sizeof ns[0]; s++)
        for (int p = 1; p <= 7; p++) {
            size_t expect = 0, lo = ns[s], hi = 0;
            for (int w = 0; w < p; w++) {
                size_t b, e;
                mm_partition(ns[s], p, w, &b, &e);
                assert_int_equal(b, expect);
                lo = e - b < lo ? e - b : lo;
                hi = e - b > hi ? e - b : hi;
                expect = e;
            }
            assert_int_equal(expect, ns[s]);
            assert_true(hi - lo <= 1);
        }
    /* 10 in 3 parts: the first part takes the extra element */
    static const size_t bounds[][2] = {{0, 4}, {4, 7}, {7, 10}};
    for (int w = 0; w < 3; w++) {
        size_t b, e;
        mm_partition(10, 3, w, &b, &e);
        assert_int_equal(b, bounds[w][0]);
        assert_int_equal(e, bounds[w][1]);
    }
}

static void workspace_is_counted(void **state)
{
    (void)state;
    /* The memory check adds this to the matrices: a shared B block plus one A block per
     * thread, so it grows by the same amount with each thread. */
    size_t w1 = mm_gemm_workspace_bytes(1), w2 = mm_gemm_workspace_bytes(2), w3 = mm_gemm_workspace_bytes(3);
    assert_true(w1 > 0 && w2 > w1);
    assert_int_equal(w3 - w2, w2 - w1);
}

/* The tile named (`parbench info` shows it) is the one the build was meant to run: the
 * widest this CPU runs in a portable build (the three copies, dispatch.c), else the one
 * this file's own ISA selects (a native build; the tile tests' narrower builds). */
static void tile_is_the_one_built_for(void **state)
{
    (void)state;
    const char *expected;
#if PARBENCH_MATMUL_DISPATCH && !defined(MM_TILE_TEST)
    __builtin_cpu_init();
    expected = __builtin_cpu_supports("avx512f")                                      ? "avx512 14x16"
               : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? "avx2 6x8"
                                                                                  : "sse2 6x4";
#elif defined(__AVX512F__)
    expected = "avx512 14x16";
#elif defined(__AVX2__) && defined(__FMA__)
    expected = "avx2 6x8";
#elif defined(__AVX__)
    expected = "avx 6x8";
#elif defined(__SSE2__)
    expected = "sse2 6x4";
#else
    expected = "generic 6x4";
#endif
    assert_string_equal(mm_tile(), expected);
}

/* The matrices and packing buffers come from pages_alloc: small requests as they are,
 * large ones in whole, aligned 2 MiB pages (what madvise can back with huge pages). */
static void big_buffers_in_whole_huge_pages(void **state)
{
    (void)state;
    const size_t huge = PAGES_HUGE_BYTES;
    assert_int_equal(pages_footprint(1), 64);
    assert_int_equal(pages_footprint(1000), 1024);
    assert_int_equal(pages_footprint(PAGES_HUGE_MIN - 1), PAGES_HUGE_MIN);
    assert_int_equal(pages_footprint(PAGES_HUGE_MIN), huge);
    assert_int_equal(pages_footprint(huge), huge);
    assert_int_equal(pages_footprint(huge + 1), 2 * huge);
    /* a size that rounding would wrap past zero: no buffer (aligned_alloc(SIZE_MAX) fails), not
     * a small one (not allocated here: the sanitizer pass would stop at the request) */
    assert_true(pages_footprint(SIZE_MAX - 8) == SIZE_MAX);
    const size_t asks[] = {0, 1, 1000, PAGES_HUGE_MIN - 8, PAGES_HUGE_MIN, 3 * huge + 8};
    for (size_t i = 0; i < sizeof asks / sizeof asks[0]; ++i) {
        unsigned char *p = pages_alloc(asks[i]);
        assert_non_null(p);
        size_t align = asks[i] >= PAGES_HUGE_MIN ? huge : 64;
        assert_int_equal((uintptr_t)p % align, 0);
        memset(p, 0xA5, pages_footprint(asks[i])); /* all of the footprint is ours */
        free(p);
    }
}

/* A tile test built for AVX2 (MM_TILE_TEST, -mavx2) on a CPU without it would stop at
 * its first vector instruction: it says so and is skipped. Compiled for plain x86-64, so
 * that the check itself runs anywhere. */
#if defined(__AVX2__) && (defined(__x86_64__) || defined(__i386__))
__attribute__((target("arch=x86-64"))) static bool cpu_lacks_build_isa(void)
{
    __builtin_cpu_init();
    return !__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma");
}
#else
static bool cpu_lacks_build_isa(void) { return false; }
#endif

int main(void)
{
    if (cpu_lacks_build_isa()) {
        puts("SKIP: this test is built for AVX2 + FMA, which this CPU does not run");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(variants_match_definition),
        cmocka_unit_test(blas_matches_definition),
        cmocka_unit_test(known_products),
        cmocka_unit_test(gemm_rectangles_and_accumulate),
        cmocka_unit_test(freivalds_detects_one_wrong_element),
        cmocka_unit_test(inputs_and_checksums),
        cmocka_unit_test(partition_covers_everything),
        cmocka_unit_test(workspace_is_counted),
        cmocka_unit_test(big_buffers_in_whole_huge_pages),
        cmocka_unit_test(tile_is_the_one_built_for),
    };
    return pb_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
