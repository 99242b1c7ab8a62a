/* Scaling series from result rows: the rows of one kernel at one size (strong scaling)
 * or tagged "weak" or "weak-..." (weak scaling), split into series (serial, omp, mpi, and hybrid per
 * threads-per-rank), each point with its absolute and relative speedup, efficiency and
 * Karp-Flatt metric. Speedups are throughput ratios, which for a fixed size equal
 * time ratios and for weak scaling give Gustafson's scaled speedup. */
#ifndef PARBENCH_SCALING_H
#define PARBENCH_SCALING_H

#include <stdbool.h>
#include <stddef.h>

#include "output/csv_read.h"

#define SCALING_MAX_POINTS 256
#define SCALING_MAX_SERIES 32
/* Figures (groups) of one analyze: each takes about 0.5 MB, and finding a row's group
 * looks at every group, so hostile files of 30,000 sizes are cut here, with a note. */
#define SCALING_MAX_GROUPS 256
/* An Amdahl fit needs this many points (the one-worker point included) within the
 * usable cores: two points determine any curve, so they test nothing. */
#define SCALING_MIN_FIT 3

typedef struct {
    const result_record *row;
    int workers;
    bool oversubscribed;             /* more workers than the row's usable cores: plotted, marked, never fitted */
    double speedup_abs, speedup_rel; /* NaN when the baseline is missing */
    double efficiency_abs, efficiency_rel, karp_flatt;
} scaling_point;

typedef struct {
    char name[48];            /* "omp", "mpi", "hybrid-t2", ... */
    scaling_point points[SCALING_MAX_POINTS];
    size_t n;
    double amdahl_f;          /* serial fraction fitted to the relative speedups; NaN if none */
    size_t nfit;              /* the points it was fitted to (at least SCALING_MIN_FIT) */
} scaling_series;

typedef struct {
    char kernel[32], tag[32];
    unsigned long long size;  /* 0 for weak scaling, whose size varies */
    bool weak;
    const result_record *serial; /* the absolute baseline, or NULL */
    scaling_series series[SCALING_MAX_SERIES];
    size_t nseries;
} scaling_group;

/* Rows of a demo shown as a bar chart (tag "demo-..."), kept out of the scaling groups. */
bool scaling_is_demo_bars(const result_record *r);

/* Removes rows that are not verified and keeps only the newest row of each
 * (machine, kernel, variant, size, tag, threads, ranks). Returns the rows dropped
 * as unverified. */
size_t scaling_clean(record_list *rows);

/* The number of groups scaling_groups finds in rows (of machine, or all if NULL), counted
 * up to SCALING_MAX_GROUPS + 1 (more are not looked for). */
size_t scaling_count_groups(const record_list *rows, const char *machine);

/* Builds the groups of the compute kernels (kernel names not starting "io-").
 * Returns the number of groups written to out (at most cap); *dropped counts the rows
 * left out (beyond cap groups, SCALING_MAX_SERIES series or SCALING_MAX_POINTS points). */
size_t scaling_groups(const record_list *rows, const char *machine, scaling_group *out, size_t cap, size_t *dropped);

#endif
