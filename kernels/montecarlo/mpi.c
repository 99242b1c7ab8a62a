/* MPI variant: rank r counts block r of the samples; an allreduce sums the counts so
 * every rank holds the answer (verification is collective). */
#include "common/work.h"
#include "montecarlo.h"
#include "montecarlo_mpi.h"

uint64_t mc_mpi(uint64_t seed, uint64_t n, MPI_Comm comm)
{
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    uint64_t begin, end;
    mc_partition(n, size, rank, &begin, &end);
    work_mark mark = work_begin();
    uint64_t local = mc_count_hits(seed, begin, end - begin), total = 0;
    work_end(mark, 0, WORK_COMPUTE);
    mark = work_begin();
    MPI_Allreduce(&local, &total, 1, MPI_UINT64_T, MPI_SUM, comm);
    work_end(mark, 0, WORK_WAIT);
    return total;
}
