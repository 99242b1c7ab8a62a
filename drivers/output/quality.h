/* What a speedup is worth: its interval from the two rows' confidence intervals, and
 * the flags that say whether to trust it. One definition for the run and sweep
 * summaries, the scaling table and the comparison, so they never disagree. */
#ifndef PARBENCH_QUALITY_H
#define PARBENCH_QUALITY_H

#include <stddef.h>

#include "output/results.h"

/* Efficiency above this is flagged superlinear (real cache effects exist: flag, do not
 * hide), and a speedup interval wider than +-QUALITY_SHOW_CI is shown. */
#define QUALITY_SUPERLINEAR 1.05
#define QUALITY_SHOW_CI 0.05

typedef struct {
    double speedup, low, high; /* low/high NaN when either row has no interval */
} speedup_ci;

/* base time over r's time; the interval from base's and r's intervals of the median
 * (conservative: the slow end of one over the fast end of the other). */
speedup_ci quality_speedup(const result_record *base, const result_record *r);

/* "1.87x", or "1.87x (1.70-2.05)" when the interval is wider than +-QUALITY_SHOW_CI. */
void quality_format_speedup(const speedup_ci *s, char *buf, size_t len);

/* The flags that concern a speedup of r over base at the given efficiency (NaN if
 * none): r's and base's own (starved, cv-high, oversubscribed, below-timer-resolution)
 * and superlinear, as " [starved, superlinear]", or "" when there are none. */
void quality_flags(const result_record *base, const result_record *r, double efficiency, char *buf, size_t len);

/* Whether a row is to be trusted (ranks, verdicts, lessons): no starved, cv-high,
 * below-timer-resolution, tiny or roof-below-1core flag. */
int quality_trusted(const result_record *r);

#endif
