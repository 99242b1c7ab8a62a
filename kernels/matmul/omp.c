/* The blocked algorithm on OpenMP threads. Per (jc, pc) step the threads pack the
 * shared B block together (disjoint micro-panels), then share out the ic blocks: each
 * thread packs its own A block into a private buffer (its own L2) and runs the
 * macro-kernel on rows of C no other thread touches, so no locks or atomics are
 * needed. Dynamic scheduling because the cores are often shared with other work. */
#include <omp.h>

#include "common/work.h"
#include "gemm_internal.h"
#include "matmul.h"

bool mm_gemm_omp(size_t m, size_t n, size_t k, const double *A, size_t lda,
                 const double *B, size_t ldb, double *C, size_t ldc, bool accumulate,
                 int threads)
{
    if (threads <= 1 || m == 0 || n == 0 || k == 0) {
        return mm_gemm(m, n, k, A, lda, B, ldb, C, ldc, accumulate);
    }
    size_t ncmax = mm_min(MM_NC, mm_ceil_div(n, MM_NR) * MM_NR);
    size_t kcmax = mm_min(MM_KC, k);
    size_t astride = MM_MC * kcmax; /* a multiple of 8 doubles: 64-byte aligned */
    double *Bp = mm_buffer(MM_BUF_B, kcmax * ncmax);
    double *Aall = mm_buffer(MM_BUF_A, astride * (size_t)threads);
    if (!Bp || !Aall)
        return false;

#pragma omp parallel num_threads(threads)
    {
        int me = omp_get_thread_num();
        double *Ap = Aall + astride * (size_t)me;
        for (size_t jc = 0; jc < n; jc += MM_NC) {
            size_t nc = mm_min(MM_NC, n - jc);
            size_t npanels = mm_ceil_div(nc, MM_NR);
            for (size_t pc = 0; pc < k; pc += MM_KC) {
                size_t kc = mm_min(MM_KC, k - pc);
                bool acc = accumulate || pc > 0;
                /* Ends with a barrier: B is complete before anyone uses it. */
#pragma omp for schedule(static)
                for (size_t jp = 0; jp < npanels; jp++) {
                    work_mark mark = work_begin();
                    mm_pack_b(kc, nc, B + pc * ldb + jc, ldb, Bp, jp, jp + 1);
                    work_end(mark, me, WORK_COMPUTE);
                }
                /* Ends with a barrier: nobody repacks B while others still read it. */
#pragma omp for schedule(dynamic, 1)
                for (size_t ic = 0; ic < m; ic += MM_MC) {
                    work_mark mark = work_begin();
                    size_t mc = mm_min(MM_MC, m - ic);
                    mm_pack_a(mc, kc, A + ic * lda + pc, lda, Ap);
                    mm_macro_kernel(mc, nc, kc, Ap, Bp, C + ic * ldc + jc, ldc, acc);
                    work_end(mark, me, WORK_COMPUTE);
                }
            }
        }
    }
    return true;
}

bool mm_omp(size_t n, const double *A, const double *B, double *C, int threads)
{
    return mm_gemm_omp(n, n, n, A, n, B, n, C, n, false, threads);
}
