/* The `mpi` variant: SUMMA across the ranks, and on each rank the serial blocked
 * multiply, which tests the look-ahead receive between its blocks (Open MPI moves a
 * message only while its rank is inside the library; see summa.c). */
#include "common/work.h"
#include "matmul_mpi.h"

static bool serial_step(size_t m, size_t n, size_t k, const double *A, size_t lda, const double *B, size_t ldb,
                        double *C, size_t ldc, bool accumulate, mm_progress_fn progress, void *arg, int threads)
{
    (void)threads; /* one thread per rank */
    work_mark mark = work_begin();
    bool ok = mm_gemm_progress(m, n, k, A, lda, B, ldb, C, ldc, accumulate, progress, arg);
    work_end(mark, 0, WORK_COMPUTE);
    return ok;
}

bool mm_mpi(mm_grid *g, const double *Aloc, const double *Bloc, double *Cloc)
{
    return mm_summa(g, Aloc, Bloc, Cloc, serial_step, 1);
}
