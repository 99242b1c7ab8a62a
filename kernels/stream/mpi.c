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
    /* the lowest index as a signed 64-bit MIN, "none" as INT64_MAX: MPICH 4.0's MPI_MIN on
     * MPI_UINT64_T compares as signed, so an unsigned "none" (UINT64_MAX, -1 signed) won
     * over every real index there (tests/test_stream_mpi.c caught it under Hydra) */
    int64_t first_bad = bad == n ? INT64_MAX : (int64_t)(begin + bad), lowest = INT64_MAX;
    MPI_Allreduce(&first_bad, &lowest, 1, MPI_INT64_T, MPI_MIN, comm);
    MPI_Allreduce(&mine, sum, 1, MPI_UINT64_T, MPI_SUM, comm);
    return lowest == INT64_MAX ? UINT64_MAX : (uint64_t)lowest;
}
