/* Prime sieve kernel: pi(n), the number of primes <= n, by a segmented sieve of
 * Eratosthenes on a mod-30 wheel.
 *
 * Layout: byte b of the (virtual) sieve stands for the 30 numbers [30b, 30b+30); its
 * 8 bits are the residues coprime to 30 (1 7 11 13 17 19 23 29), so 2, 3 and 5 never
 * appear and one bit is one candidate. Only a segment of it exists at any time, so the
 * memory is O(sqrt n) for the sieving primes plus the segment and bucket buffers.
 *
 * Every variant counts the same bytes with the same code, only split differently, so
 * `result` is identical for any variant, thread count or rank count. */
#ifndef PARBENCH_SIEVE_H
#define PARBENCH_SIEVE_H

#include <stdbool.h>
#include <stdint.h>

/* The largest n accepted (the sieving primes then stay below 2^22). */
#define SIEVE_MAX_N 10000000000000ull
/* Returned instead of a count when a buffer could not be allocated. */
#define SIEVE_ERROR UINT64_MAX

/* Cache-derived sizes, both powers of two. The segment (sieved, then counted) should
 * sit in L2; the small primes cross it off one L1-sized block at a time. */
typedef struct {
    uint32_t segment_bytes;   /* one segment covers 30 * segment_bytes numbers */
    uint32_t block_bytes;     /* L1 block for the small primes; divides segment_bytes */
} sieve_params;

/* Sizes for per-core data caches of l1 and l2 bytes (0 = unknown: 32 KiB / 1 MiB). */
sieve_params sieve_params_for_cache(uint64_t l1_bytes, uint64_t l2_bytes);

/* The variants. n <= SIEVE_MAX_N; they return pi(n) or SIEVE_ERROR. */
uint64_t sieve_serial(uint64_t n, const sieve_params *sp);
uint64_t sieve_omp(uint64_t n, const sieve_params *sp, int threads);

/* Bytes of memory a worker (one thread) needs for n, for the driver's memory check. */
uint64_t sieve_worker_memory(uint64_t n, const sieve_params *sp);

/* Independent checks, used only for verification and tests:
 * a table of known values (10^k, k = 1..13, and 2^32); true when n is in it; */
bool sieve_known_pi(uint64_t n, uint64_t *pi);
/* the Lucy-Hedgehog recurrence, O(n^(3/4)) time and O(sqrt n) memory (SIEVE_ERROR if
 * out of memory); */
uint64_t prime_count_lucy(uint64_t n);
/* and a plain unsegmented byte sieve, O(n) memory: for small n in tests only. */
uint64_t sieve_count_plain(uint64_t n);

#endif
