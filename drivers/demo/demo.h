/* `parbench demo NAME`: short, measured demonstrations of the pitfalls of concurrency
 * and parallelism (race, false-sharing, oversubscription, amdahl, io-vs-cpu). Each runs
 * its cases through the same harness, table and CSV as the kernels. */
#ifndef PARBENCH_DEMO_H
#define PARBENCH_DEMO_H

#include <stdio.h>
#include <stdint.h>

#include "core/kernel.h"

/* The kernels the demos time (drivers/demo_kernels.c). */
extern const kernel_desc demo_race_kernel;          /* racy, lockstep, atomic, critical, reduction */
extern const kernel_desc demo_false_sharing_kernel; /* packed, padded */
extern const kernel_desc demo_amdahl_kernel;        /* strong, weak (OpenMP), with amdahl_params */
extern const kernel_desc demo_timeline_kernel;      /* sequential, concurrent, parallel, with timeline_params */
extern const kernel_desc demo_deadlock_kernel;      /* opposite-order (caught by its watchdog), one-order */

/* How long a thread of the deadlock demo waits for its second lock before its watchdog
 * calls it a deadlock: far above any real wait for a lock held for one increment. */
#define DEMO_DEADLOCK_BOUND_MS 250

/* The increments a race case makes (what a correct counter would read): the lockstep
 * case runs whole rounds of one increment per thread. */
uint64_t demo_race_increments(const char *variant, uint64_t size, int threads);

typedef struct {
    uint64_t serial_units; /* of the job's size, the units that run on one thread */
} amdahl_params;

typedef struct {
    double step_ms; /* how long each step waits (the device's latency) or computes */
} timeline_params;

/* The io-vs-cpu demo's ways of running the same tasks, and which io latency mode and
 * which Monte Carlo variant run each (its summary and parbench analyze read them). */
typedef struct {
    const char *label, *io_mode, *cpu_variant;
} demo_io_cpu_case;
#define DEMO_IO_CPU_CASES 3
extern const demo_io_cpu_case demo_io_cpu_cases[DEMO_IO_CPU_CASES];

/* `parbench demo ...`: argv[0] is "demo". Returns the exit code. */
int demo_main(int argc, char **argv);
/* `parbench list`'s section on the demos. */
void demo_list(void);
/* The demos' names, one per line. */
void demo_names(FILE *out);
/* The i-th demo's name; NULL past the last. */
const char *demo_name(size_t i);

#endif
