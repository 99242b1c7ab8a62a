/* The blocked algorithm on OpenMP threads. Per (jc, pc) step the threads pack the
 * shared B block together (each a contiguous share of its micro-panels), then share out
 * the rows of C: each thread packs its own A block into a private buffer (its own L2)
 * and runs the macro-kernel on rows of C no other thread touches, so no locks are
 * needed; one atomic counter hands out the rows, first come first served, because the
 * cores are often shared with other work. */
#include <omp.h>
#include <stdatomic.h>
#include <stdint.h>

#include "common/work.h"
#include "gemm_internal.h"
#include "matmul.h"

enum { BLOCK_PANELS = MM_MC / MM_MR };

/* Takes the next piece of the `total` MR-row panels from `next`: its first panel, and
 * its count in *count; SIZE_MAX when none is left. Whole A blocks while at least two
 * per thread are left, then half of each thread's fair share of what remains, down to
 * one panel: the threads then reach the step's barrier within one panel's time of each
 * other (~0.3 ms at n = 4096) instead of one block's (~1.1 ms). On the Zen 5 VM the
 * threads' busy share of the run went from 0.987-0.993 to 0.996-0.998 (traces at
 * n = 4096); omp x1.009 (n = 4096, 5 interleaved rounds) and x1.014 (2048, 4). */
static size_t take_panels(atomic_size_t *next, size_t total, size_t threads, size_t *count)
{
    size_t first = atomic_load_explicit(next, memory_order_relaxed), want;
    do {
        if (first >= total)
            return SIZE_MAX;
        size_t left = total - first;
        want = mm_min(BLOCK_PANELS, mm_ceil_div(left, 2 * threads));
    } while (!atomic_compare_exchange_weak_explicit(next, &first, first + want, memory_order_relaxed,
                                                    memory_order_relaxed));
    *count = want;
    return first;
}

bool mm_gemm_omp(size_t m, size_t n, size_t k, const double *A, size_t lda,
                 const double *B, size_t ldb, double *C, size_t ldc, bool accumulate,
                 int threads)
{
    if (threads <= 1 || m == 0 || n == 0 || k == 0) {
        return mm_gemm_progress(m, n, k, A, lda, B, ldb, C, ldc, accumulate, NULL, NULL); /* this copy's */
    }
    size_t ncmax = mm_min(MM_NC, mm_ceil_div(n, MM_NR) * MM_NR);
    size_t kcmax = mm_min(MM_KC, k);
    size_t astride = MM_MC * kcmax; /* a multiple of 8 doubles: 64-byte aligned */
    double *Bp = mm_buffer(MM_BUF_B, kcmax * ncmax);
    double *Aall = mm_buffer(MM_BUF_A, astride * (size_t)threads);
    if (!Bp || !Aall)
        return false;
    size_t mpanels = mm_ceil_div(m, MM_MR);
    atomic_size_t next_panel = 0;

#pragma omp parallel num_threads(threads)
    {
        int me = omp_get_thread_num();
        size_t nt = (size_t)omp_get_num_threads();
        double *Ap = Aall + astride * (size_t)me;
        for (size_t jc = 0; jc < n; jc += MM_NC) {
            size_t nc = mm_min(MM_NC, n - jc);
            size_t npanels = mm_ceil_div(nc, MM_NR);
            for (size_t pc = 0; pc < k; pc += MM_KC) {
                size_t kc = mm_min(MM_KC, k - pc);
                bool acc = accumulate || pc > 0;
                work_mark mark = work_begin();
                mm_pack_b(kc, nc, B + pc * ldb + jc, ldb, Bp, npanels * (size_t)me / nt,
                          npanels * (size_t)(me + 1) / nt);
                work_end(mark, me, WORK_COMPUTE);
                if (me == 0)
                    atomic_store_explicit(&next_panel, 0, memory_order_relaxed);
                /* B is complete, and the counter reset, before anyone uses them */
#pragma omp barrier
                size_t first, count;
                while ((first = take_panels(&next_panel, mpanels, nt, &count)) != SIZE_MAX) {
                    size_t ic = first * MM_MR, mc = mm_min(count * MM_MR, m - ic);
                    mark = work_begin();
                    mm_pack_a(mc, kc, A + ic * lda + pc, lda, Ap);
                    mm_macro_kernel(mc, nc, kc, Ap, Bp, C + ic * ldc + jc, ldc, acc);
                    work_end(mark, me, WORK_COMPUTE);
                }
                /* nobody repacks B, or resets the counter, while others still use them */
#pragma omp barrier
            }
        }
    }
    return true;
}
