/* `parbench demo NAME`: short, measured demonstrations of the pitfalls of concurrency
 * and parallelism (race, false-sharing, oversubscription, amdahl, io-vs-cpu). Each runs
 * its cases through the same harness, table and CSV as the kernels. */
#ifndef PARBENCH_DEMO_H
#define PARBENCH_DEMO_H

#include <stdint.h>

#include "core/kernel.h"

/* The kernels the demos time (drivers/demo_kernels.c). */
extern const kernel_desc demo_race_kernel;          /* racy, lockstep, atomic, critical, reduction */
extern const kernel_desc demo_false_sharing_kernel; /* packed, padded */
extern const kernel_desc demo_amdahl_kernel;        /* omp, with amdahl_params */
extern const kernel_desc demo_timeline_kernel;      /* sequential, concurrent, parallel, with timeline_params */

typedef struct {
    uint64_t serial_units; /* of the job's size, the units that run on one thread */
} amdahl_params;

typedef struct {
    double step_ms; /* how long each step waits (the device's latency) or computes */
} timeline_params;

/* `parbench demo ...`: argv[0] is "demo". Returns the exit code. */
int demo_main(int argc, char **argv);
/* `parbench list`'s section on the demos. */
void demo_list(void);

#endif
