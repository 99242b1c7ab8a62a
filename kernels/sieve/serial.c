/* Serial variant: one worker sieves the whole range [0, n]. */
#include "sieve_internal.h"

uint64_t sieve_serial(uint64_t n, const sieve_params *par)
{
    sieve_primes primes;
    if (sieve_primes_init(&primes, n))
        return SIEVE_ERROR;
    uint64_t count = SIEVE_ERROR;
    sieve_worker *w = sieve_worker_new(&primes, par);
    if (w) {
        uint64_t c = sieve_worker_count(w, 0, sieve_total_bytes(n));
        if (c != SIEVE_ERROR)
            count = c + sieve_wheel_primes(n);
    }
    sieve_worker_free(w);
    sieve_primes_free(&primes);
    return count;
}
