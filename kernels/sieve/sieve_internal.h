/* Pieces shared by the sieve variants: the sieving primes, a per-thread worker that
 * counts the primes in any byte range, and the ways of splitting the byte range. */
#ifndef PARBENCH_SIEVE_INTERNAL_H
#define PARBENCH_SIEVE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "sieve.h"

/* The wheel: residues mod 30 coprime to 30, in bit order; and the bit (the index in
 * sieve_residue) of each such residue (other entries unused). Static so that the
 * compiler folds lookups with constant indexes into constants. */
static const uint8_t sieve_residue[8] = {1, 7, 11, 13, 17, 19, 23, 29};
static const uint8_t sieve_bit_of[30] = {
    [1] = 0, [7] = 1, [11] = 2, [13] = 3, [17] = 4, [19] = 5, [23] = 6, [29] = 7,
};

/* Primes 7..163 are removed by copying precomputed patterns (presieve); sieving by
 * crossing off starts at the next prime. */
#define SIEVE_PRESIEVE_MAX 163u
#define SIEVE_FIRST_CROSSED 167u

/* Primes p with SIEVE_FIRST_CROSSED <= p and p*p <= n, ascending. */
typedef struct {
    uint32_t *p;
    size_t count;
    uint64_t n;
} sieve_primes;

/* 0, or -1 when out of memory. */
int sieve_primes_init(sieve_primes *sp, uint64_t n);
void sieve_primes_free(sieve_primes *sp);

uint64_t sieve_isqrt(uint64_t n);
/* Bytes of the virtual sieve that hold numbers <= n: [0, n/30]. */
static inline uint64_t sieve_total_bytes(uint64_t n) { return n / 30 + 1; }
/* The primes 2, 3, 5, which the wheel leaves out. */
static inline uint64_t sieve_wheel_primes(uint64_t n) { return (n >= 2) + (n >= 3) + (n >= 5); }

/* One thread's sieving state; reused for any number of ranges. */
typedef struct sieve_worker sieve_worker;
sieve_worker *sieve_worker_new(const sieve_primes *primes, const sieve_params *par);
void sieve_worker_free(sieve_worker *w);
/* Primes > 5 that are <= n among the numbers of bytes [b0, b1) (b1 <= total bytes). */
uint64_t sieve_worker_count(sieve_worker *w, uint64_t b0, uint64_t b1);

/* Work units for the dynamic schedule, taken from the top of the range down (the
 * costliest numbers first): each a quarter of what is left per thread, so the first
 * ones are large (few set-ups: a chunk's set-up, the first multiple of every sieving
 * prime, costs O(pi(sqrt n))) and the last ones, near b0 and the cheapest, small (a
 * short tail), but never below sieve_chunk_bytes. sieve_next_chunk returns the start
 * of the chunk that ends at top (b0 when it is the last), on a whole number of
 * segments from b0. */
uint64_t sieve_chunk_bytes(uint64_t n, const sieve_params *par);
uint64_t sieve_next_chunk(uint64_t b0, uint64_t top, uint64_t min_chunk, uint32_t seg, int threads);

/* Count bytes [b0, b1) with `threads` OpenMP threads, chunks handed out dynamically
 * (sieve_next_chunk). */
uint64_t sieve_count_range_omp(const sieve_primes *primes, const sieve_params *par,
                               uint64_t b0, uint64_t b1, int threads);

/* Boundaries bounds[0..parts] (bytes, multiples of the segment) splitting [0, total
 * bytes) into parts of near-equal estimated work; see partition.c for the model. */
void sieve_split_by_work(uint64_t n, const sieve_params *par, int parts, uint64_t *bounds);

#endif
