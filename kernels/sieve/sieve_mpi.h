/* MPI variants of the sieve kernel (built only when MPI is found). */
#ifndef PARBENCH_SIEVE_MPI_H
#define PARBENCH_SIEVE_MPI_H

#include <mpi.h>
#include <stdint.h>

#include "sieve.h"
#include "sieve_internal.h"

/* Each rank sieves its part of [0, n) (parts balanced by estimated work, see
 * sieve_split_by_work); the counts are reduced to rank 0. Rank 0 returns pi(n), the
 * other ranks their own partial count; SIEVE_ERROR on every rank if any rank failed. */
uint64_t sieve_mpi(uint64_t n, const sieve_params *sp, MPI_Comm comm);
/* The same with each rank's part sieved by `threads` OpenMP threads, dynamically. */
uint64_t sieve_hybrid(uint64_t n, const sieve_params *sp, int threads, MPI_Comm comm);

/* How a rank counts the primes of its bytes [b0, b1): each variant brings its own
 * (mpi.c: one worker; hybrid.c: the OpenMP chunk schedule). SIEVE_ERROR when out of
 * memory. */
typedef uint64_t (*sieve_rank_count)(const sieve_primes *primes, const sieve_params *par, uint64_t b0, uint64_t b1,
                                     int threads);
/* The split, the counting by `count` and the reduction, shared by both (mpi.c). */
uint64_t sieve_mpi_common(uint64_t n, const sieve_params *sp, sieve_rank_count count, int threads, MPI_Comm comm);

#endif
