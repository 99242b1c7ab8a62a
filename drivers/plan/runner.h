/* The one run loop. `run`, `sweep`, `io` and `demo` each build a plan (steps, where the
 * rows go, what the table's title says, what to say after it) and hand it here: the
 * runner starts MPI when a step needs it, checks that every rank got the same options
 * and that the CSV can take rows (before any work), then runs each step through the
 * harness, prints its table row and warnings, appends its CSV row, and ends with the
 * plan's summary. Only rank 0 prints and writes. */
#ifndef PARBENCH_RUNNER_H
#define PARBENCH_RUNNER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/harness.h"
#include "output/roofline.h"
#include "output/results.h"

typedef struct {
    run_spec spec;
    char label[96]; /* in messages: "matmul/omp", "io latency/blocking", "demo race/racy" */
} plan_step;

struct plan;
/* What the plan says after its table, from every record (reference phases included). */
typedef void (*plan_summary)(const struct plan *p, const result_record *recs, size_t n);

typedef struct plan {
    plan_step *steps;
    size_t n, cap;
    const char *csv;         /* NULL: no CSV */
    const char *trace;       /* NULL: no trace; else the Chrome Trace JSON file */
    bool quiet;              /* no table, no summary, no warnings */
    bool dry_run;            /* check everything, run nothing */
    char title[1024];        /* printed before the table (with the first row) */
    const char *first_column;/* "variant" or "case" */
    plan_summary summary;    /* or NULL */
    const void *summary_data;/* for the summary: the command's options */
    const char *agreement;   /* the parsed options, one per line: every rank must hold the same */
    /* --size auto: before the steps, calibrate() chooses the size of every step with
     * this one-worker run (core/calibrate.h); NULL variant: sizes as given */
    run_spec calibrate;
    double min_time;
    /* the quiet gate and attempts (--wait-quiet S, --attempts K): before each attempt
     * the step waits up to wait_quiet seconds in all for other work to leave its cores;
     * a row that comes out starved or cv-high (or a roof below the one-core roof) is
     * measured again, up to `attempts` runs, and the best-founded one is kept */
    double wait_quiet;
    int attempts;
    /* after the summary, one verdict line: how many cases are trusted, which are not */
    bool verdict;
    /* rows get pct_peak from this machine's roofs, read from its peak rows in csv */
    bool roofs_from_csv;
    roofline roof;
} plan;

/* Appends a step (the plan grows as needed). False when out of memory. */
bool plan_add(plan *p, const run_spec *spec, const char *label);
void plan_free(plan *p);

/* Runs the plan as above. Returns the exit code: a runtime failure outranks bad input,
 * which outranks a failed verification. Collective: every rank calls it. */
int runner_execute(plan *p);

/* Whether a row is better founded than another (the attempt to keep): fewer flags a
 * re-run can clear (starved first, then cv-high), then the narrower interval relative
 * to its median; never the faster. Roofs (kernel peak) are upper bounds: the higher. */
bool runner_better_founded(const result_record *a, const result_record *b);

/* The exit code of several steps (as above). */
int runner_worse(int a, int b);

/* Whether a step needs MPI started (an mpi or hybrid variant, or started by mpirun). */
bool plan_needs_mpi(const plan *p);

#endif
