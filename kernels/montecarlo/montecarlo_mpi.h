/* MPI variants of the Monte Carlo kernel (built only when MPI is found). */
#ifndef PARBENCH_MONTECARLO_MPI_H
#define PARBENCH_MONTECARLO_MPI_H

#include <mpi.h>
#include <stdint.h>

/* Each rank draws its block of [0, n); the total is returned on every rank. */
uint64_t mc_mpi(uint64_t seed, uint64_t n, MPI_Comm comm);
/* Each rank's block is further split over `threads` OpenMP threads. */
uint64_t mc_hybrid(uint64_t seed, uint64_t n, int threads, MPI_Comm comm);

#endif
