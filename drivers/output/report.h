/* The human-readable output of the runs (stdout, warnings on stderr). The CSV is
 * results.c's job; neither depends on the command line's structs. */
#ifndef PARBENCH_REPORT_H
#define PARBENCH_REPORT_H

#include <stddef.h>

#include "core/kernel.h"
#include "output/results.h"

/* The column titles of report_row, the first one named `first` ("variant", "case"). */
void report_columns(const char *first);
/* One row: the answer as kernel k shows it (k->show_result), the throughput in the
 * unit's own words scaled by k, M, G (report_rate). */
void report_row(const kernel_desc *k, const result_record *rec);
/* A rate readable at a glance: value in unit, rescaled so that the number lies in
 * [1, 1000) where a prefix allows: 91770 requests/s -> "91.77" "krequests/s",
 * 1330 Msamples/s -> "1.33" "Gsamples/s" (the unit's own prefix k, M, G, T counts). */
void report_rate(double value, const char *unit, char *num, size_t numlen, char *scaled, size_t scaledlen);
/* One line on stderr for each flag in rec's notes that a user must not miss (a CV above
 * the limit, a time under the timer's resolution, oversubscription, starved workers), and
 * for crowded or starved workers one line of advice that fits how the variant runs
 * (OpenMP threads, or the binding of the MPI launcher in use); none for a demo's step
 * (label "demo NAME/...", tag demo-...) that crowds its cores on purpose. */
void report_warnings(const char *label, const result_record *rec);
/* After a run of several variants: speedup against serial, percent of the reference. */
void report_comparisons(const kernel_desc *k, const result_record *recs, size_t n);
/* After a sweep: speedup and efficiency against each variant's row with fewest workers. */
void report_sweep_summary(const result_record *recs, size_t n);

#endif
