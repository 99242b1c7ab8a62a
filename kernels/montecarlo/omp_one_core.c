/* OpenMP on one core: the omp variant's threads, all pinned to the CPU the calling
 * thread runs on. Concurrency without parallelism: the threads take turns, so a
 * CPU-bound job gets no faster (the io-vs-cpu demo). Each thread's own affinity is
 * restored afterwards, since the runtime keeps its threads for later regions. */
#define _GNU_SOURCE /* sched_getcpu, sched_setaffinity, CPU_SET */
#include <omp.h>
#include <sched.h>

#include "common/work.h"
#include "montecarlo.h"

uint64_t mc_omp_one_core(uint64_t seed, uint64_t n, int threads)
{
    int cpu = sched_getcpu();
    uint64_t hits = 0;
#pragma omp parallel num_threads(threads) reduction(+ : hits)
    {
        cpu_set_t saved, one;
        int pinned = sched_getaffinity(0, sizeof saved, &saved) == 0;
        CPU_ZERO(&one);
        CPU_SET(cpu < 0 ? 0 : cpu, &one);
        pinned = pinned && sched_setaffinity(0, sizeof one, &one) == 0;
        work_mark mark = work_begin();
        uint64_t begin, end;
        mc_partition(n, omp_get_num_threads(), omp_get_thread_num(), &begin, &end);
        hits += mc_count_hits(seed, begin, end - begin);
        work_end(mark, omp_get_thread_num(), WORK_COMPUTE);
        if (pinned)
            sched_setaffinity(0, sizeof saved, &saved);
    }
    return hits;
}
