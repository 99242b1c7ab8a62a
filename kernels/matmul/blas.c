/* The reference a user would pick instead: OpenBLAS dgemm. Built only when a CBLAS was
 * found. OpenBLAS defaults to all cores; it is pinned to the requested thread count so
 * that `blas` compares like for like with `serial` (1) or `omp` (threads). */
#include <cblas.h>

#include "matmul.h"

void mm_blas(size_t n, const double *A, const double *B, double *C, int threads)
{
    openblas_set_num_threads(threads > 0 ? threads : 1);
    if (n == 0)
        return;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0, A,
                (int)n, B, (int)n, 0.0, C, (int)n);
}
