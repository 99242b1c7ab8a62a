/* Prime counting without a sieve, for verification: a table of known values and the
 * Lucy-Hedgehog recurrence. Shares no code with the segmented sieve beyond isqrt. */
#include <stdlib.h>

#include "sieve_internal.h"

bool sieve_known_pi(uint64_t n, uint64_t *pi)
{
    static const struct {
        uint64_t n, pi;
    } known[] = {
        {10ull, 4ull},
        {100ull, 25ull},
        {1000ull, 168ull},
        {10000ull, 1229ull},
        {100000ull, 9592ull},
        {1000000ull, 78498ull},
        {10000000ull, 664579ull},
        {100000000ull, 5761455ull},
        {1000000000ull, 50847534ull},
        {10000000000ull, 455052511ull},
        {100000000000ull, 4118054813ull},
        {1000000000000ull, 37607912018ull},
        {10000000000000ull, 346065536839ull},
        {4294967296ull, 203280221ull},   /* 2^32 */
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; ++i)
        if (known[i].n == n) {
            *pi = known[i].pi;
            return true;
        }
    return false;
}

/* S(v) = #primes <= v for every v in {n / i}. Start from S(v) = v - 1 (all of 2..v)
 * and, for each prime p up to sqrt(n), remove the numbers whose least prime factor is
 * p: S(v) -= S(v / p) - S(p - 1) for v >= p^2. lo[v] holds S(v) for v <= r, hi[i]
 * holds S(n / i) for i <= r. */
uint64_t prime_count_lucy(uint64_t n)
{
    if (n < 2)
        return 0;
    uint64_t r = sieve_isqrt(n);
    uint64_t *lo = malloc((r + 2) * sizeof *lo), *hi = malloc((r + 2) * sizeof *hi);
    if (!lo || !hi) {
        free(lo);
        free(hi);
        return SIEVE_ERROR;
    }
    for (uint64_t v = 0; v <= r; ++v)
        lo[v] = v ? v - 1 : 0;
    for (uint64_t i = 1; i <= r; ++i)
        hi[i] = n / i - 1;
    for (uint64_t p = 2; p <= r; ++p) {
        if (lo[p] == lo[p - 1])
            continue;   /* p is not prime */
        uint64_t sp = lo[p - 1], p2 = p * p, imax = n / p2 < r ? n / p2 : r;
        /* i ascending reads hi[i*p] (i*p > i) before it is updated this round */
        for (uint64_t i = 1; i <= imax; ++i) {
            uint64_t d = i * p;
            hi[i] -= (d <= r ? hi[d] : lo[n / d]) - sp;
        }
        for (uint64_t v = r; v >= p2; --v)
            lo[v] -= lo[v / p] - sp;
    }
    uint64_t result = hi[1];
    free(lo);
    free(hi);
    return result;
}
