/* The serial blocked algorithm (see gemm_internal.h for the loop nest and block
 * sizes); entry.c holds the `serial` variant's entry point. */
#include <stdlib.h>
#include <string.h>

#include "common/pages.h"
#include "gemm_internal.h"
#include "matmul.h"

/* Packing buffers are kept from one call to the next, per calling thread: fresh
 * multi-MiB allocations come back from the kernel as untouched pages, and faulting
 * them in on every call cost SUMMA (several calls per product) up to a fifth of its
 * time at n = 1024 until the allocator settled. */
static _Thread_local struct {
    double *p;
    size_t cap;
} cache[MM_BUF_COUNT];

double *mm_buffer(int which, size_t count)
{
    if (cache[which].cap < count) {
        free(cache[which].p);
        cache[which].p = mm_alloc_doubles(count);
        cache[which].cap = cache[which].p ? count : 0;
    }
    return cache[which].p;
}

void mm_release_buffers(void)
{
    for (int i = 0; i < MM_BUF_COUNT; i++) {
        free(cache[i].p);
        cache[i].p = NULL;
        cache[i].cap = 0;
    }
}

size_t mm_gemm_workspace_bytes(int threads)
{
    /* the B block and the threads' A blocks, each rounded up to whole huge pages at most
     * (pages_alloc): a bound that grows by the same amount with each thread */
    return ((size_t)MM_KC * MM_NC + (size_t)threads * MM_A_BLOCK_BOUND) * sizeof(double) + 2 * PAGES_HUGE_BYTES;
}

/* C = 0 (used when k == 0: the product is empty but C must still be written). */
static void zero_c(size_t m, size_t n, double *C, size_t ldc)
{
    for (size_t i = 0; i < m; i++)
        memset(C + i * ldc, 0, n * sizeof(double));
}

bool mm_gemm_progress(size_t m, size_t n, size_t k, const double *A, size_t lda, const double *B,
                      size_t ldb, double *C, size_t ldc, bool accumulate, mm_progress_fn progress,
                      void *arg)
{
    if (m == 0 || n == 0)
        return true;
    if (k == 0) {
        if (!accumulate)
            zero_c(m, n, C, ldc);
        return true;
    }
    /* Buffers sized for this problem, not the maximum blocks. */
    size_t ncmax = mm_min(MM_NC, mm_ceil_div(n, MM_NR) * MM_NR);
    size_t kcmax = mm_min(MM_KC, k);
    size_t mcmax = mm_min(MM_MC, mm_ceil_div(m, MM_MR) * MM_MR);
    double *Bp = mm_buffer(MM_BUF_B, kcmax * ncmax), *Ap = mm_buffer(MM_BUF_A, mcmax * kcmax);
    if (!Ap || !Bp)
        return false;

    for (size_t jc = 0; jc < n; jc += MM_NC) {
        size_t nc = mm_min(MM_NC, n - jc);
        for (size_t pc = 0; pc < k; pc += MM_KC) {
            size_t kc = mm_min(MM_KC, k - pc);
            bool acc = accumulate || pc > 0;
            mm_pack_b(kc, nc, B + pc * ldb + jc, ldb, Bp, 0, mm_ceil_div(nc, MM_NR));
            for (size_t ic = 0; ic < m; ic += MM_MC) {
                size_t mc = mm_min(MM_MC, m - ic);
                mm_pack_a(mc, kc, A + ic * lda + pc, lda, Ap);
                mm_macro_kernel(mc, nc, kc, Ap, Bp, C + ic * ldc + jc, ldc, acc);
                if (progress)
                    progress(arg);
            }
        }
    }
    return true;
}
