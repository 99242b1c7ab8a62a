/* The harness: W untimed warm-ups, R timed repetitions (each the maximum over ranks),
 * statistics, verification, and the result record. Shared by every kernel, I/O driver
 * and demo. It computes and records; what is printed is the runner's business. */
#ifndef PARBENCH_HARNESS_H
#define PARBENCH_HARNESS_H

#include <stdbool.h>

#include "core/kernel.h"
#include "core/record.h"

typedef struct run_spec {
    const kernel_desc *kernel;
    const variant_desc *variant;
    uint64_t size, seed;
    int threads;      /* OpenMP threads per rank, for omp and hybrid variants */
    int reps;         /* timed repetitions; 0: until the median's 95% interval is within
                       * +-HARNESS_AUTO_CI of it, or max_time seconds of repetitions */
    double max_time;
    int warmup;
    const void *params; /* the kernel's own option values, handed to bench_ctx.params */
    const char *tag;  /* copied into the record */
    const char *note; /* added to the record's notes (e.g. "size-auto"), or NULL */
    /* the records of the plan's earlier steps, for the kernel's annotate */
    const result_record *earlier;
    size_t nearlier;
} run_spec;

/* Coefficient of variation above which a run is flagged, and the multiple of the timer
 * tick below which a median is too short to trust. */
#define HARNESS_CV_LIMIT 0.05
#define HARNESS_MIN_TICKS 100.0
/* --reps auto: the interval's half-width as a fraction of the median, and the most
 * repetitions it takes. */
#define HARNESS_AUTO_CI 0.02
#define HARNESS_AUTO_MAX_REPS 10000
/* cores busy below this fraction of the workers: the run did not get its cores */
#define HARNESS_STARVED 0.8

/* Runs one variant on every rank that takes part (rank 0 alone for serial and omp
 * variants, all ranks for mpi and hybrid). Collective: call it on every rank.
 * Returns the status agreed by all ranks; on rank 0 *rec is filled (also when the
 * verification failed, with verified = false; its samples are the caller's to free).
 * err holds the reason on failure. */
int harness_run(const run_spec *spec, result_record *rec, char *err, size_t errlen);

/* Fault injection for the failure-path tests (environment, so no option shows it):
 * PARBENCH_DEBUG_FAIL_RANK=R   rank R reports a failed verification
 * PARBENCH_DEBUG_ABORT_RANK=R  rank R aborts during its first timed repetition
 * Checked strictly before any run: PB_OK, or PB_BAD_INPUT with err. */
#define HARNESS_DEBUG_FAIL_ENV "PARBENCH_DEBUG_FAIL_RANK"
#define HARNESS_DEBUG_ABORT_ENV "PARBENCH_DEBUG_ABORT_RANK"
int harness_check_debug_env(char *err, size_t errlen);

/* For a glue's setup: a zeroed state of bytes, also in ctx->state; NULL (with err) when
 * memory is short. */
void *harness_new_state(bench_ctx *ctx, size_t bytes, char *err, size_t errlen);

/* Adds a note, printf-formatted, to rec->notes (';'-separated), once. */
void harness_note(result_record *rec, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Whether a row's flags leave its number worth trusting: none of starved, cv-high,
 * below-timer-resolution, tiny, roof-below-1core (output/quality.h builds on it). */
bool harness_flags_trusted(const result_record *rec);

/* The flags that cost a row its trust, as "starved, cv-high" ("not verified" first for a
 * wrong answer); "" when it has none. */
void harness_flaws(const result_record *rec, char *buf, size_t len);

/* Whether rec->notes holds note. */
bool harness_has_note(const result_record *rec, const char *note);

#endif
