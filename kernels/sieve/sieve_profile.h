/* Phase timers (CPU seconds of the thread) for a profiling build only (cmake
 * -DPARBENCH_SIEVE_PROFILE=ON; perf counters do not work in the VMs this was tuned
 * on). Without SIEVE_PROFILE every macro is empty: the shipped binary has no timers. */
#ifndef PARBENCH_SIEVE_PROFILE_H
#define PARBENCH_SIEVE_PROFILE_H

enum { PROF_SETUP, PROF_PRESIEVE, PROF_SMALL, PROF_MEDIUM, PROF_LARGE, PROF_COUNT, PROF_PHASES };

#ifdef SIEVE_PROFILE
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static inline uint64_t prof_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);   /* CPU time: a busy machine preempts */
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
#define PROF_FIELDS uint64_t prof[PROF_PHASES], prof_last;
#define PROF_BEGIN(w) ((w)->prof_last = prof_ns())
#define PROF_LAP(w, phase)                                                                         \
    do {                                                                                           \
        uint64_t now_ = prof_ns();                                                                 \
        (w)->prof[phase] += now_ - (w)->prof_last;                                                 \
        (w)->prof_last = now_;                                                                     \
    } while (0)
#define PROF_REPORT(w)                                                                             \
    fprintf(stderr, "sieve profile (s): setup %.3f presieve %.3f small %.3f medium %.3f large %.3f count %.3f\n", \
            (w)->prof[0] * 1e-9, (w)->prof[1] * 1e-9, (w)->prof[2] * 1e-9, (w)->prof[3] * 1e-9,  \
            (w)->prof[4] * 1e-9, (w)->prof[5] * 1e-9)
#else
#define PROF_FIELDS
#define PROF_BEGIN(w) ((void)0)
#define PROF_LAP(w, phase) ((void)0)
#define PROF_REPORT(w) ((void)0)
#endif

#endif
