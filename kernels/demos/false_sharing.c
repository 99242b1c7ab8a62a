/* The false-sharing demo: private counters that share, or do not share, a cache line. */
#include <omp.h>

#include "common/work.h"
#include "demos/demos.h"

uint64_t false_sharing_count(uint64_t n, int threads, unsigned char *buf, size_t stride)
{
#pragma omp parallel num_threads(threads)
    {
        work_mark mark = work_begin();
        int t = omp_get_thread_num(), p = omp_get_num_threads();
        uint64_t *mine = (uint64_t *)(void *)(buf + (size_t)t * stride);
        uint64_t count = n / (uint64_t)p + ((uint64_t)t < n % (uint64_t)p ? 1 : 0);
        __atomic_store_n(mine, 0, __ATOMIC_RELAXED);
        /* A store per increment, as a shared-memory counter would do: with the counters
         * in one line, every store invalidates the line in the other cores' caches. */
        for (uint64_t i = 0; i < count; ++i)
            __atomic_store_n(mine, __atomic_load_n(mine, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
        work_end(mark, t, WORK_COMPUTE);
    }
    uint64_t sum = 0;
    for (int t = 0; t < threads; ++t)
        sum += *(uint64_t *)(void *)(buf + (size_t)t * stride);
    return sum;
}
