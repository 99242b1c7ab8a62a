/* The matmul driver in-process: every single-process variant sets up, runs and verifies
 * with the pinned checksum, and an n whose matrices do not fit is refused as bad input
 * (exit 2) with the number of bytes it would need. "Available memory" is made small
 * with PARBENCH_MAX_MEMORY, the cap the program itself honours (the sizes here need a
 * few tens of MB, which any machine that runs the tests has). */
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/options.h"
#include "core/kernel.h"
#include "env/machine.h"
#include "common/pages.h"
#include "matmul/matmul.h"
#include "skip.h"

extern const kernel_desc matmul_kernel;

static void set_available(uint64_t bytes)
{
    char value[32];
    snprintf(value, sizeof value, "%" PRIu64, bytes);
    setenv("PARBENCH_MAX_MEMORY", value, 1);
}

static const variant_desc *variant(const char *name)
{
    for (const variant_desc *v = matmul_kernel.variants; v->name; v++)
        if (strcmp(v->name, name) == 0)
            return v;
    return NULL;
}

static bench_ctx context(const char *name, uint64_t n)
{
    static const bool no_gather = false; /* the kernel's params: { bool gather; } */
    bench_ctx ctx = {.size = n, .seed = 42, .threads = 2, .ranks = 1, .rank = 0, .params = &no_gather};
    ctx.variant = variant(name);
    assert_non_null(ctx.variant);
    if (ctx.variant->model == EXEC_SERIAL)
        ctx.threads = 1;
    return ctx;
}

/* Sets up, runs twice and verifies the variant at n = 333 (seed 42). */
static void verifies(const char *name)
{
    unsetenv("PARBENCH_MAX_MEMORY");
    bench_ctx ctx = context(name, 333);
    char err[512] = "", result[64] = "", expect[64];
    assert_int_equal(matmul_kernel.setup(&ctx, err, sizeof err), PB_OK);
    ctx.variant->run(&ctx);
    ctx.variant->run(&ctx); /* repetitions overwrite C, they do not accumulate */
    int v = matmul_kernel.verify(&ctx, result, sizeof result, err, sizeof err);
    if (v != PB_OK)
        fail_msg("%s: %s", name, err);
    /* sum(C) for seed 42, n = 333: the closed form, and pinned (a change to the inputs
     * must be deliberate) */
    snprintf(expect, sizeof expect, "%.0f", mm_checksum_expected(42, 333));
    assert_string_equal(result, expect);
    assert_string_equal(result, "34230");
    matmul_kernel.teardown(&ctx);
    assert_null(ctx.state);
}

static void every_local_variant_verifies(void **state)
{
    (void)state;
    static const char *const names[] = {"naive", "serial", "omp"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        verifies(names[i]);
}

static void blas_variants_verify(void **state)
{
    (void)state;
    if (!variant("blas")->available || !variant("blas-omp")->available)
        PB_SKIP("this build has no CBLAS: the blas and blas-omp variants are not tested");
    verifies("blas");
    verifies("blas-omp");
}

static void refuses_what_does_not_fit(void **state)
{
    (void)state;
    uint64_t n = 1000, matrices = 3 * pages_footprint(n * n * sizeof(double)); /* 3 x 8 MiB */
    uint64_t need = matrices + mm_gemm_workspace_bytes(1);
    char err[512] = "", expect[64];
    snprintf(expect, sizeof expect, "needs %" PRIu64 " bytes", need);

    set_available(need - 1);
    bench_ctx ctx = context("serial", n);
    assert_int_equal(matmul_kernel.setup(&ctx, err, sizeof err), PB_BAD_INPUT);
    if (!strstr(err, expect))
        fail_msg("message '%s' lacks '%s'", err, expect);
    assert_null(ctx.state);

    set_available(need); /* exactly enough */
    assert_int_equal(matmul_kernel.setup(&ctx, err, sizeof err), PB_OK);
    matmul_kernel.teardown(&ctx);

    /* naive has no packing buffers: the matrices alone */
    bench_ctx nctx = context("naive", n);
    set_available(matrices - 1);
    assert_int_equal(matmul_kernel.setup(&nctx, err, sizeof err), PB_BAD_INPUT);
    set_available(matrices);
    assert_int_equal(matmul_kernel.setup(&nctx, err, sizeof err), PB_OK);
    matmul_kernel.teardown(&nctx);
}

/* The rates' denominators, worked out here: 2 n^3 flops (work in GFLOP, the unit being
 * GFLOP/s) and A, B read and C written once, 3 n^2 doubles. */
static void work_flops_and_bytes(void **state)
{
    (void)state;
    static const struct { uint64_t n; double gflop, bytes; } known[] = {
        {1, 2e-9, 24}, {1000, 2.0, 24e6}, {1023, 2.141198334, 25116696}, {16384, 8796.093022208, 6442450944}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        bench_ctx c = {.size = known[i].n};
        double w = matmul_kernel.work(&c), f = matmul_kernel.flops(&c), b = matmul_kernel.bytes(&c);
        if (!(fabs(w - known[i].gflop) <= 1e-12 * known[i].gflop) ||
            !(fabs(f - 1e9 * known[i].gflop) <= 1e-12 * 1e9 * known[i].gflop) || !(b == known[i].bytes))
            fail_msg("n=%llu: work %.17g GFLOP, flops %.17g, bytes %.17g; expected %.17g GFLOP, %.17g bytes",
                     (unsigned long long)known[i].n, w, f, b, known[i].gflop, known[i].bytes);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_local_variant_verifies),
        cmocka_unit_test(blas_variants_verify),
        cmocka_unit_test(refuses_what_does_not_fit),
        cmocka_unit_test(work_flops_and_bytes),
    };
    return pb_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
