/* The race demo: one shared counter, five ways to increment it. */
#include <omp.h>

#include "common/work.h"
#include "demos/demos.h"

/* A read-modify-write that is not atomic as a whole: between the load and the store
 * another thread's update can land and be overwritten. Relaxed atomics keep the
 * program free of undefined behaviour (and stop the compiler from merging the loop
 * into one addition) while still losing updates, which is the point. */
uint64_t race_racy(uint64_t n, int threads)
{
    uint64_t counter = 0;
#pragma omp parallel num_threads(threads)
    {
        work_mark mark = work_begin();
#pragma omp for schedule(static) nowait
        for (uint64_t i = 0; i < n; ++i) {
            uint64_t seen = __atomic_load_n(&counter, __ATOMIC_RELAXED);
            __atomic_store_n(&counter, seen + 1, __ATOMIC_RELAXED);
        }
        work_end(mark, omp_get_thread_num(), WORK_COMPUTE);
    }
    return counter;
}

uint64_t race_lockstep(uint64_t n, int threads)
{
    uint64_t counter = 0;
#pragma omp parallel num_threads(threads)
    {
        work_mark mark = work_begin();
        uint64_t rounds = n / (uint64_t)omp_get_num_threads();
        for (uint64_t r = 0; r < rounds; ++r) {
            uint64_t seen = __atomic_load_n(&counter, __ATOMIC_RELAXED);
#pragma omp barrier
            __atomic_store_n(&counter, seen + 1, __ATOMIC_RELAXED);
#pragma omp barrier
        }
        work_end(mark, omp_get_thread_num(), WORK_COMPUTE);
    }
    return counter;
}

uint64_t race_atomic(uint64_t n, int threads)
{
    uint64_t counter = 0;
#pragma omp parallel num_threads(threads)
    {
        work_mark mark = work_begin();
#pragma omp for schedule(static) nowait
        for (uint64_t i = 0; i < n; ++i) {
#pragma omp atomic
            counter++;
        }
        work_end(mark, omp_get_thread_num(), WORK_COMPUTE);
    }
    return counter;
}

uint64_t race_critical(uint64_t n, int threads)
{
    uint64_t counter = 0;
#pragma omp parallel num_threads(threads)
    {
        work_mark mark = work_begin();
#pragma omp for schedule(static) nowait
        for (uint64_t i = 0; i < n; ++i) {
#pragma omp critical(race_counter)
            counter++;
        }
        work_end(mark, omp_get_thread_num(), WORK_COMPUTE);
    }
    return counter;
}

/* Each thread counts in its private copy; the runtime adds the copies once at the end.
 * The private increments go through memory like the others (relaxed atomics on the
 * private copy), so the comparison is of synchronization, not of the compiler folding
 * the loop into one addition. */
uint64_t race_reduction(uint64_t n, int threads)
{
    uint64_t counter = 0;
#pragma omp parallel num_threads(threads) reduction(+ : counter)
    {
        work_mark mark = work_begin();
#pragma omp for schedule(static) nowait
        for (uint64_t i = 0; i < n; ++i)
            __atomic_store_n(&counter, __atomic_load_n(&counter, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
        work_end(mark, omp_get_thread_num(), WORK_COMPUTE);
    }
    return counter;
}
