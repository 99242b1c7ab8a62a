/* OpenMP variant: the range is cut into chunks of whole segments that threads take
 * dynamically (the cost per chunk differs: fewer sieving primes are active near 0,
 * and on a shared machine threads run at different speeds). Each thread has its own
 * worker, which computes the first multiple of every sieving prime at the start of
 * each chunk it takes. */
#include <omp.h>

#include "sieve_internal.h"

uint64_t sieve_count_range_omp(const sieve_primes *primes, const sieve_params *par, uint64_t b0,
                               uint64_t b1, int threads)
{
    if (b1 <= b0)
        return 0;
    const uint64_t chunk = sieve_chunk_bytes(primes->n, par);
    const int64_t nchunks = (int64_t)((b1 - b0 + chunk - 1) / chunk);
    uint64_t count = 0;
    int failed = 0;
#pragma omp parallel num_threads(threads) reduction(+ : count) reduction(| : failed)
    {
        sieve_worker *w = sieve_worker_new(primes, par);
        failed |= !w;
#pragma omp for schedule(dynamic, 1)
        for (int64_t c = 0; c < nchunks; ++c) {
            if (!w)
                continue;
            /* from the end: the costliest chunks (largest numbers) go first, so the
             * cheap ones near b0 fill in at the end and the threads finish together */
            uint64_t lo = b0 + (uint64_t)(nchunks - 1 - c) * chunk, hi = lo + chunk < b1 ? lo + chunk : b1;
            uint64_t k = sieve_worker_count(w, lo, hi);
            if (k == SIEVE_ERROR)
                failed = 1;
            else
                count += k;
        }
        sieve_worker_free(w);
    }
    return failed ? SIEVE_ERROR : count;
}

uint64_t sieve_omp(uint64_t n, const sieve_params *par, int threads)
{
    sieve_primes primes;
    if (sieve_primes_init(&primes, n))
        return SIEVE_ERROR;
    uint64_t c = sieve_count_range_omp(&primes, par, 0, sieve_total_bytes(n), threads);
    sieve_primes_free(&primes);
    return c == SIEVE_ERROR ? c : c + sieve_wheel_primes(n);
}
