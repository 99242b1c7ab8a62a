/* The `hybrid` variant: SUMMA across ranks, the OpenMP kernel inside each rank (the
 * communication stays on the master thread, between the threaded multiplies). */
#include "matmul_mpi.h"

bool mm_hybrid(mm_grid *g, const double *Aloc, const double *Bloc, double *Cloc, int threads)
{
    return mm_summa(g, Aloc, Bloc, Cloc, threads < 1 ? 1 : threads);
}
