/* The MPI side of the STREAM triad (built only when MPI is found). STREAM moves no data
 * between ranks: each rank runs the triad on its own block (stream_serial for mpi,
 * stream_omp for hybrid) and the harness's repetition lasts until the slowest rank
 * ends, so the rate is the sum of the nodes' bandwidths. What MPI adds is which block a
 * rank owns and the check over all of them. */
#ifndef PARBENCH_STREAM_MPI_H
#define PARBENCH_STREAM_MPI_H

#include <mpi.h>
#include <stdint.h>

/* This rank's block [begin, end) of the n elements. */
void stream_mpi_block(uint64_t n, MPI_Comm comm, uint64_t *begin, uint64_t *end);

/* Collective: stream_check on every rank's block [begin, end). Returns on every rank the
 * lowest wrong global index, or UINT64_MAX when all agree; *sum gets the checksum of
 * all blocks. */
uint64_t stream_mpi_check(const double *a, uint64_t begin, uint64_t end, double s, MPI_Comm comm, uint64_t *sum);

#endif
