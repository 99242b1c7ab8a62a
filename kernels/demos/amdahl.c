/* The Amdahl demo: a job with a serial part of chosen size and a parallel part. */
#include <omp.h>

#include "common/work.h"
#include "demos/demos.h"

/* One unit of work: a few hundred dependent integer operations (no memory traffic, so
 * the parallel part scales with the cores and only the serial part limits it). */
static uint64_t unit(uint64_t i)
{
    uint64_t x = i * 0x9e3779b97f4a7c15ull + 1;
    for (int k = 0; k < 256; ++k) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

uint64_t amdahl_run(uint64_t units, uint64_t serial_units, int threads)
{
    uint64_t sum = 0;
    work_mark mark = work_begin();
    for (uint64_t i = 0; i < serial_units && i < units; ++i)
        sum += unit(i);
    work_end(mark, 0, WORK_COMPUTE);
#pragma omp parallel num_threads(threads) reduction(+ : sum)
    {
        work_mark part = work_begin();
#pragma omp for schedule(static) nowait
        for (uint64_t i = serial_units; i < units; ++i)
            sum += unit(i);
        work_end(part, omp_get_thread_num(), WORK_COMPUTE);
    }
    return sum;
}

uint64_t amdahl_reference(uint64_t units, int threads)
{
    uint64_t sum = 0;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1024) reduction(+ : sum)
    for (uint64_t i = 0; i < units; ++i)
        sum += unit(i);
    return sum;
}
