/* What every command that runs benchmarks does around the harness (run, sweep, io,
 * demo): start MPI and check the CSV before any work, then per step the harness run,
 * the table row, the error line and the CSV row, all on rank 0. */
#ifndef PARBENCH_RUNNER_H
#define PARBENCH_RUNNER_H

#include <stdbool.h>

#include "core/harness.h"
#include "output/results.h"

/* Starts MPI when need_mpi and checks that csv (may be NULL) can take rows. Collective.
 * Returns PB_OK, or the exit code after printing one line (MPI finalized). */
int runner_begin(bool need_mpi, const char *csv);

/* Runs one step; on rank 0 prints its row (unless spec->quiet), its error as
 * "parbench: LABEL: reason", and appends the row to csv. Returns the step's status.
 * *rec is filled (rank 0) when the status is PB_OK or PB_VERIFY_FAILED. */
int runner_step(const run_spec *spec, const char *csv, const char *label, result_record *rec);

/* The exit code of several steps: a runtime failure outranks bad input, which outranks
 * a failed verification. */
int runner_worse(int a, int b);

#endif
