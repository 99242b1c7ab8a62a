/* The blocked algorithm's square and plain entry points, thin wrappers over
 * mm_gemm_progress and mm_gemm_omp. Compiled once: in a portable build those two are
 * dispatch.c's (the copy for this CPU), so each per-ISA copy of gemm.c and omp.c need not
 * carry wrappers of its own that nothing would call. */
#include "matmul.h"

bool mm_gemm(size_t m, size_t n, size_t k, const double *A, size_t lda, const double *B, size_t ldb, double *C,
             size_t ldc, bool accumulate)
{
    return mm_gemm_progress(m, n, k, A, lda, B, ldb, C, ldc, accumulate, NULL, NULL);
}

bool mm_serial(size_t n, const double *A, const double *B, double *C)
{
    return mm_gemm(n, n, n, A, n, B, n, C, n, false);
}

bool mm_omp(size_t n, const double *A, const double *B, double *C, int threads)
{
    return mm_gemm_omp(n, n, n, A, n, B, n, C, n, false, threads);
}
