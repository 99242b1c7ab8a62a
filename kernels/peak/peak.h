/* The machine's own limits: FP64 fused multiply-add throughput and STREAM triad memory
 * bandwidth (McCalpin). What `parbench peak` measures, so that every other result can be
 * read against them (the roofline). Pure computation: no printing, no files. */
#ifndef PARBENCH_PEAK_H
#define PARBENCH_PEAK_H

#include <stddef.h>
#include <stdint.h>

/* Independent accumulator vectors per thread: with an FMA latency of 4-5 cycles and two
 * FMA pipes, at least 10 chains must be in flight to keep the pipes full. AVX-512 runs
 * 16 (of its 32 registers), the narrower codes 12 (of 16: the two operands need theirs). */
#define PEAK_FMA_MAX_CHAINS 16

/* The widest FP64 vector code this build and this CPU run: "avx512" (8 doubles),
 * "avx2" (4, with FMA), "sse2" (2, separate multiply and add: no FMA unit to use) or
 * "generic" (the compiler's choice for the target, non-x86). */
const char *peak_fma_isa(void);
/* Doubles per vector of that code, and its chains per thread. */
int peak_fma_lanes(void);
int peak_fma_chains(void);
/* Floating-point operations per step of one thread (2 per lane of every chain). */
double peak_fma_flops_per_step(void);

/* Each of `threads` threads runs peak_fma_chains() vector chains x <- x * a + b for
 * `steps` steps. Lane l of chain c of thread t starts at peak_fma_start(t, c, l).
 * Returns the sum of every lane of every chain of every thread at the end: with a = 1
 * and small whole numbers it is exact (peak_fma_expected), so a lost or doubled step
 * or thread shows. */
double peak_fma(uint64_t steps, double a, double b, int threads);
double peak_fma_start(int thread, int chain, int lane);
/* The closed form of peak_fma's result for a = 1: the starts plus threads x chains x
 * lanes x steps x b. Exact while the result stays below 2^53. */
double peak_fma_expected(uint64_t steps, double b, int threads);

/* STREAM triad a[i] = b[i] + s * c[i] over n elements with `threads` threads, static
 * schedule. peak_triad_init writes all three arrays with the same schedule, so each
 * thread's part lies on its own NUMA node (first touch): b[i] and c[i] are small whole
 * numbers, so a[i] = b[i] + s * c[i] is exact for whole s (peak_triad_check). */
void peak_triad_init(double *a, double *b, double *c, size_t n, int threads);
void peak_triad(double *restrict a, const double *restrict b, const double *restrict c, double s, size_t n,
                int threads);
/* The first index where a[i] != b[i] + s * c[i] as peak_triad_init filled b and c, or
 * n when all agree. */
size_t peak_triad_check(const double *a, double s, size_t n);
/* What peak_triad_init writes into b and c at index i. */
double peak_triad_b(size_t i);
double peak_triad_c(size_t i);

#endif
