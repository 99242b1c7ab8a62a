/* The human-readable output of run and sweep (stdout). The CSV is results.c's job. */
#ifndef PARBENCH_REPORT_H
#define PARBENCH_REPORT_H

#include <stddef.h>

#include "core/kernel.h"
#include "cli/options.h"
#include "output/results.h"

/* The title line and column titles; printed with the first row (none if no row). */
void report_header(const bench_options *o, const char *what);
/* The column titles of report_row, the first one named `first` ("variant", "case"). */
void report_columns(const char *first);
void report_row(const result_record *rec);
/* After a run of several variants: speedup against serial, percent of the reference. */
void report_comparisons(const kernel_desc *k, const result_record *recs, size_t n);
/* After a sweep: speedup and efficiency against the first thread count. */
void report_sweep_summary(const result_record *recs, size_t n);

#endif
