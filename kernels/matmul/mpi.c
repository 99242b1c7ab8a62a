/* The `mpi` variant: SUMMA with the serial kernel on each rank's blocks. */
#include "matmul_mpi.h"

bool mm_mpi(mm_grid *g, const double *Aloc, const double *Bloc, double *Cloc)
{
    return mm_summa(g, Aloc, Bloc, Cloc, 0);
}
