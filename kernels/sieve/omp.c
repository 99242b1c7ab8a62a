/* OpenMP variant: the range is cut into chunks of whole segments that threads take
 * dynamically, from the top down and shrinking (sieve_next_chunk): the cost per byte
 * grows with the numbers (more sieving primes are active), and on a shared machine
 * threads run at different speeds. Each thread has its own worker, which computes the
 * first multiple of every sieving prime at the start of each chunk it takes. With
 * fixed chunks of 32 sqrt(n) bytes those set-ups were 2% of the work at 1e10 and
 * 1e11 (about 90 and 320 chunks); the shrinking ones number about 26 and 36. */
#include <omp.h>

#include "common/work.h"
#include "sieve_internal.h"

uint64_t sieve_count_range_omp(const sieve_primes *primes, const sieve_params *par, uint64_t b0,
                               uint64_t b1, int threads)
{
    if (b1 <= b0)
        return 0;
    const uint64_t min_chunk = sieve_chunk_bytes(primes->n, par);
    uint64_t count = 0, top = b1;   /* chunks below top are still to be taken */
    int failed = 0;
#pragma omp parallel num_threads(threads) reduction(+ : count) reduction(| : failed)
    {
        sieve_worker *w = sieve_worker_new(primes, par);
        failed |= !w;
        for (;;) {
            uint64_t lo, hi;
#pragma omp critical(sieve_chunks)
            {
                hi = top;
                top = lo = sieve_next_chunk(b0, hi, min_chunk, par->segment_bytes, threads);
            }
            if (lo == hi)
                break;
            if (!w)
                continue;
            work_mark mark = work_begin();
            uint64_t k = sieve_worker_count(w, lo, hi);
            work_end(mark, omp_get_thread_num(), WORK_COMPUTE);
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
