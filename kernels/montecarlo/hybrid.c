/* Hybrid variant: rank r owns block r of the samples, and its OpenMP threads split that
 * block again. Only the master thread calls MPI (MPI_THREAD_FUNNELED is enough). */
#include <omp.h>

#include "common/work.h"
#include "montecarlo.h"
#include "montecarlo_mpi.h"

uint64_t mc_hybrid(uint64_t seed, uint64_t n, int threads, MPI_Comm comm)
{
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    uint64_t rank_begin, rank_end;
    mc_partition(n, size, rank, &rank_begin, &rank_end);
    uint64_t local = 0;
#pragma omp parallel num_threads(threads) reduction(+ : local)
    {
        work_mark mark = work_begin();
        uint64_t begin, end;
        mc_partition(rank_end - rank_begin, omp_get_num_threads(), omp_get_thread_num(), &begin, &end);
        local += mc_count_hits(seed, rank_begin + begin, end - begin);
        work_end(mark, omp_get_thread_num(), WORK_COMPUTE);
    }
    uint64_t total = 0;
    work_mark wait = work_begin();
    MPI_Allreduce(&local, &total, 1, MPI_UINT64_T, MPI_SUM, comm);
    work_end(wait, 0, WORK_WAIT);
    return total;
}
