#include "core/timer.h"

#include <time.h>

double timer_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t timer_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

double timer_tick(void)
{
    static double tick = 0.0;
    if (tick > 0.0)
        return tick;
    struct timespec res;
    double reported = clock_getres(CLOCK_MONOTONIC, &res) == 0 ? (double)res.tv_sec + (double)res.tv_nsec * 1e-9 : 1e-9;
    double observed = 1.0;
    for (int i = 0; i < 64; ++i) {
        double t0 = timer_now(), t1;
        while ((t1 = timer_now()) == t0) {
        }
        if (t1 - t0 < observed)
            observed = t1 - t0;
    }
    tick = observed > reported ? observed : reported;
    return tick;
}
