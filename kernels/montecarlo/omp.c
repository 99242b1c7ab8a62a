/* OpenMP variant: each thread counts one contiguous block of samples; the counts are
 * summed by a reduction. The blocks are static because every sample costs the same. */
#include <omp.h>

#include "common/work.h"
#include "montecarlo.h"

uint64_t mc_omp(uint64_t seed, uint64_t n, int threads)
{
    uint64_t hits = 0;
#pragma omp parallel num_threads(threads) reduction(+ : hits)
    {
        /* Split by the team the runtime actually gave (it may give fewer threads). */
        work_mark mark = work_begin();
        uint64_t begin, end;
        mc_partition(n, omp_get_num_threads(), omp_get_thread_num(), &begin, &end);
        hits += mc_count_hits(seed, begin, end - begin);
        work_end(mark, omp_get_thread_num(), WORK_COMPUTE);
    }
    return hits;
}
