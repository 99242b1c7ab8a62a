/* The MPI variant's own parts: the block a rank owns, and the check reduced over ranks
 * (the timed body is stream_serial, or stream_omp for hybrid, on the rank's block). */
#include "stream.h"
#include "stream_mpi.h"

void stream_mpi_block(uint64_t n, MPI_Comm comm, uint64_t *begin, uint64_t *end)
{
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    stream_block(n, size, rank, begin, end);
}

uint64_t stream_mpi_check(const double *a, uint64_t begin, uint64_t end, double s, MPI_Comm comm, uint64_t *sum)
{
    uint64_t mine = 0;
    size_t n = (size_t)(end - begin), bad = stream_check(a, begin, n, s, &mine);
    uint64_t first_bad = bad == n ? UINT64_MAX : begin + bad, lowest = UINT64_MAX;
    MPI_Allreduce(&first_bad, &lowest, 1, MPI_UINT64_T, MPI_MIN, comm);
    MPI_Allreduce(&mine, sum, 1, MPI_UINT64_T, MPI_SUM, comm);
    return lowest;
}
