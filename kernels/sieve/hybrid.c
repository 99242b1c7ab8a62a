/* Hybrid variant: the work-balanced split of mpi.c across ranks, and inside each
 * rank the dynamic chunk schedule of omp.c across its threads (only the master thread
 * calls MPI: MPI_THREAD_FUNNELED). */
#include "sieve_internal.h"
#include "sieve_mpi.h"

uint64_t sieve_hybrid(uint64_t n, const sieve_params *par, int threads, MPI_Comm comm)
{
    return sieve_mpi_common(n, par, sieve_count_range_omp, threads > 0 ? threads : 1, comm);
}
