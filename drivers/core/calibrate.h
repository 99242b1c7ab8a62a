/* --size auto: the smallest size of the kernel's ladder whose one-worker run lasts at
 * least --min-time seconds, capped by memory. Fixed size classes cannot suit a laptop
 * and a cluster node alike: a 74 ms run measures start-up, cache warm-up and the clock,
 * not the kernel's scaling. */
#ifndef PARBENCH_CALIBRATE_H
#define PARBENCH_CALIBRATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/harness.h"

/* The next size of k's ladder after size (0: none left). */
uint64_t calibrate_next_size(const kernel_desc *k, uint64_t size);

/* The first size of the ladder whose predicted time reaches min_time, from a run of
 * t seconds at size (time taken as proportional to the kernel's work per repetition);
 * 0 when none is predicted to. */
uint64_t calibrate_predict(const kernel_desc *k, const void *params, uint64_t size, double t, double min_time);

/* Runs spec (its variant: a one-worker one) at growing sizes: one repetition, no
 * warm-up, until a run lasts min_time or the next size does not fit in memory.
 * Collective. PB_OK with the size in *size and what happened in msg (rank 0), or the
 * status of a failed run with its reason in msg. */
int calibrate_size(const run_spec *spec, double min_time, uint64_t *size, char *msg, size_t len);

#endif
