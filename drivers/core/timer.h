/* The one timer of parbench: CLOCK_MONOTONIC in seconds, plus its granularity. */
#ifndef PARBENCH_TIMER_H
#define PARBENCH_TIMER_H

#include <stdint.h>

double timer_now(void);
/* The same clock in whole nanoseconds: for deadlines (the simulated device's timers),
 * where a double's rounding would reorder events. */
uint64_t timer_now_ns(void);
/* The smallest observable step between two readings (seconds), measured once like
 * STREAM's checktick(): the larger of clock_getres() and the minimum nonzero difference
 * of successive readings. */
double timer_tick(void);

#endif
