/* The roofline of a machine (Williams, Waterman and Patterson 2009): a kernel that does
 * F floating-point operations per byte it moves can run no faster than
 * min(FMA peak, F x memory bandwidth). The roofs come from this machine's `parbench
 * peak` rows (kernel peak: fma in GFLOP/s, triad in GB/s) at one core and at all usable
 * cores; for w workers in between, a roof is min(w x the one-core figure, the all-cores
 * figure): the FMA units add up core by core, the memory bandwidth saturates. */
#ifndef PARBENCH_ROOFLINE_H
#define PARBENCH_ROOFLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "output/results.h"

typedef struct {
    double fma1, fma_all;   /* GFLOP/s on one core, on all_cores */
    double bw1, bw_all;     /* GB/s */
    int all_cores;
    bool have_fma, have_bw;
} roofline;

/* The roofs from the newest peak rows of machine among rows (verified only). False when
 * there are none. */
bool roofline_from_rows(const result_record *rows, size_t n, const char *machine, roofline *out);

/* Reads the peak rows of machine from a results file (missing or foreign file: false). */
bool roofline_from_file(const char *path, const char *machine, roofline *out);

/* The bound for w workers at this intensity (FLOP per byte; NaN for a kernel without
 * bytes: the FMA roof alone), in GFLOP/s; NaN when the roofs needed are unknown. */
double roofline_bound(const roofline *r, double intensity, int workers);

/* The record's percentage of its roof (its gflops against the bound at its intensity,
 * or its gbytes_s against the bandwidth roof for a kernel without FLOPs); NaN when the
 * record has neither rate or the roof is unknown. */
double roofline_pct(const roofline *r, const result_record *rec);

#endif
