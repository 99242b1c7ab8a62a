/* STREAM triad (McCalpin) as a benchmark kernel: a[i] = b[i] + s * c[i] over three
 * arrays far larger than the caches. Two loads and one store per element and 2 FLOPs:
 * 1/12 FLOP a byte, so its roof is the memory bandwidth (the roofline's memory-bound
 * point). Pure computation: no printing, no files.
 *
 * Element i of b and c is a small whole number that depends on i alone (stream_b,
 * stream_c), so with a whole s every a[i] is exact and any split of the arrays over
 * threads and ranks must give bit-identical results: stream_check recomputes each one. */
#ifndef PARBENCH_STREAM_H
#define PARBENCH_STREAM_H

#include <stddef.h>
#include <stdint.h>

/* Triads per repetition over the same arrays. One pass over arrays
 * that fit a laptop lasts milliseconds, below what a run can time honestly. */
#define STREAM_PASSES 50
/* Bytes moved per element of one pass, STREAM's count: b and c read, a written (the
 * write-allocate read of a is not counted). */
#define STREAM_BYTES_PER_ELEMENT 24
#define STREAM_FLOPS_PER_ELEMENT 2

/* What b[i] and c[i] hold for global index i. */
double stream_b(uint64_t i);
double stream_c(uint64_t i);

/* Writes a = 0 and b, c at global indices first .. first + n - 1, with the static
 * schedule the omp triad uses, so each thread's part is on the pages it touched first
 * (its own NUMA node). */
void stream_fill(double *a, double *b, double *c, uint64_t first, size_t n, int threads);

/* The variants: `passes` triads over n elements, one thread or `threads` threads. */
void stream_serial(double *restrict a, const double *restrict b, const double *restrict c, double s, size_t n,
                   int passes);
void stream_omp(double *restrict a, const double *restrict b, const double *restrict c, double s, size_t n,
                int passes, int threads);

/* Checks every a[k] (global index first + k) against stream_b + s * stream_c, computed
 * afresh, not read from b and c. Returns the first wrong k, or n when all agree; *sum
 * gets the sum of the a[k] before it, as whole numbers (all of them: the checksum). */
size_t stream_check(const double *a, uint64_t first, size_t n, double s, uint64_t *sum);

/* [begin, end) of the part of [0, n) that worker w of p owns: contiguous blocks whose
 * sizes differ by at most one. */
void stream_block(uint64_t n, int p, int w, uint64_t *begin, uint64_t *end);

#endif
