/* MPI variant: rank r sieves bytes [bounds[r], bounds[r+1]) of a split balanced by
 * estimated work (partition.c), one worker per rank; the counts are reduced to rank 0.
 * Every rank computes the sieving primes up to sqrt(n) itself: O(sqrt n) work, less
 * than a broadcast would cost to set up at these sizes. */
#include <stdlib.h>

#include "common/work.h"
#include "sieve_internal.h"
#include "sieve_mpi.h"

uint64_t sieve_mpi_common(uint64_t n, const sieve_params *par, sieve_rank_count count, int threads, MPI_Comm comm)
{
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    uint64_t local = SIEVE_ERROR;
    uint64_t *bounds = malloc(((size_t)size + 1) * sizeof *bounds);
    sieve_primes primes;
    if (bounds && sieve_primes_init(&primes, n) == 0) {
        sieve_split_by_work(n, par, size, bounds);
        local = count(&primes, par, bounds[rank], bounds[rank + 1], threads);
        sieve_primes_free(&primes);
    }
    free(bounds);
    /* One failed rank fails all: a max-reduction of the flag, then the sum to rank 0. */
    int bad = local == SIEVE_ERROR, anybad = 0;
    work_mark wait = work_begin();
    MPI_Allreduce(&bad, &anybad, 1, MPI_INT, MPI_MAX, comm);
    work_end(wait, 0, WORK_WAIT);
    if (anybad)
        return SIEVE_ERROR;
    uint64_t total = 0;
    MPI_Reduce(&local, &total, 1, MPI_UINT64_T, MPI_SUM, 0, comm);
    return rank == 0 ? total + sieve_wheel_primes(n) : local;
}

/* One worker per rank counts the rank's bytes in order. */
static uint64_t count_serial(const sieve_primes *primes, const sieve_params *par, uint64_t b0, uint64_t b1,
                             int threads)
{
    (void)threads;
    if (b1 <= b0)
        return 0;
    work_mark mark = work_begin();
    sieve_worker *w = sieve_worker_new(primes, par);
    uint64_t k = w ? sieve_worker_count(w, b0, b1) : SIEVE_ERROR;
    sieve_worker_free(w);
    work_end(mark, 0, WORK_COMPUTE);
    return k;
}

uint64_t sieve_mpi(uint64_t n, const sieve_params *par, MPI_Comm comm)
{
    return sieve_mpi_common(n, par, count_serial, 1, comm);
}
