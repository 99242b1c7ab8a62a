/* Monte Carlo estimation of pi: the fraction of points in the unit square that fall
 * inside the quarter circle is pi/4.
 *
 * Sample i (0-based) is a pure function of (seed, i): a counter-based generator, so
 * any split of [0, n) across threads and ranks draws exactly the same points and the
 * hit count is bit-identical for every variant and worker count. */
#ifndef PARBENCH_MONTECARLO_H
#define PARBENCH_MONTECARLO_H

#include <stdint.h>

/* Hits among samples [first, first + count). The one loop every variant calls. */
uint64_t mc_count_hits(uint64_t seed, uint64_t first, uint64_t count);

/* The coordinates of sample i as 31-bit integers (x, y in [0, 2^31)); the sample hits
 * when x^2 + y^2 < 2^62. Exposed for tests and teaching; mc_count_hits inlines it. */
void mc_sample(uint64_t seed, uint64_t i, uint32_t *x, uint32_t *y);

/* The variants: total hits among samples [0, n). */
uint64_t mc_serial(uint64_t seed, uint64_t n);
uint64_t mc_omp(uint64_t seed, uint64_t n, int threads);
/* The omp variant with every thread pinned to one CPU (concurrency, no parallelism). */
uint64_t mc_omp_one_core(uint64_t seed, uint64_t n, int threads);

/* [begin, end) of the part of [0, n) that worker w of p owns: a contiguous block,
 * sizes differing by at most one. Shared by omp, mpi and hybrid. */
void mc_partition(uint64_t n, int p, int w, uint64_t *begin, uint64_t *end);

#endif
