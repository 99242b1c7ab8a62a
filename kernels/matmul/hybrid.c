/* The `hybrid` variant: SUMMA across the ranks, the OpenMP multiply inside each rank.
 * The communication stays on the master thread, between the threaded multiplies
 * (MPI_THREAD_FUNNELED), so the look-ahead receive is not tested during a multiply:
 * its threads keep every core of the rank busy anyway. */
#include "matmul_mpi.h"

static bool omp_step(size_t m, size_t n, size_t k, const double *A, size_t lda, const double *B, size_t ldb,
                     double *C, size_t ldc, bool accumulate, mm_progress_fn progress, void *arg, int threads)
{
    (void)progress, (void)arg;
    return mm_gemm_omp(m, n, k, A, lda, B, ldb, C, ldc, accumulate, threads);
}

bool mm_hybrid(mm_grid *g, const double *Aloc, const double *Bloc, double *Cloc, int threads)
{
    return mm_summa(g, Aloc, Bloc, Cloc, omp_step, threads < 1 ? 1 : threads);
}
