/* The matmul driver in-process: every single-process variant sets up, runs and verifies
 * with the pinned checksum, and an n whose matrices do not fit is refused as bad input
 * (exit 2) with the number of bytes it would need. "Available memory" is made small
 * with PARBENCH_MAX_MEMORY, the cap the program itself honours (the sizes here need a
 * few tens of MB, which any machine that runs the tests has). */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/options.h"
#include "core/kernel.h"
#include "env/machine.h"
#include "matmul/matmul.h"

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

static void every_local_variant_verifies(void **state)
{
    (void)state;
    unsetenv("PARBENCH_MAX_MEMORY");
    static const char *const names[] = {"naive", "serial", "omp", "blas", "blas-omp"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        bench_ctx ctx = context(names[i], 333);
        if (!ctx.variant->available)
            continue; /* blas without a CBLAS */
        char err[512] = "", result[64] = "";
        assert_int_equal(matmul_kernel.setup(&ctx, err, sizeof err), PB_OK);
        ctx.variant->run(&ctx);
        ctx.variant->run(&ctx); /* repetitions overwrite C, they do not accumulate */
        int v = matmul_kernel.verify(&ctx, result, sizeof result, err, sizeof err);
        if (v != PB_OK)
            fail_msg("%s: %s", names[i], err);
        assert_string_equal(result, "34230"); /* pinned, seed 42 */
        matmul_kernel.teardown(&ctx);
        assert_null(ctx.state);
    }
}

static void refuses_what_does_not_fit(void **state)
{
    (void)state;
    uint64_t n = 1000, matrices = 3 * n * n * sizeof(double);
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

static void describes_itself(void **state)
{
    (void)state;
    assert_string_equal(matmul_kernel.name, "matmul");
    assert_string_equal(matmul_kernel.unit, "GFLOP/s");
    /* 2 n^3 flops, reported in GFLOP; A and B read and C written once: 3 n^2 doubles */
    bench_ctx thousand = {.size = 1000};
    assert_true(matmul_kernel.work(&thousand) == 2.0);
    assert_true(matmul_kernel.flops(&thousand) == 2e9);
    assert_true(matmul_kernel.bytes(&thousand) == 24e6);
    assert_int_equal(matmul_kernel.max_size, MM_MAX_N);
    assert_string_equal(matmul_kernel.options[0].name, "gather");
    assert_string_equal(matmul_kernel.options[0].applies, "mpi,hybrid");
    assert_null(matmul_kernel.options[1].name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_local_variant_verifies),
        cmocka_unit_test(refuses_what_does_not_fit),
        cmocka_unit_test(describes_itself),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
