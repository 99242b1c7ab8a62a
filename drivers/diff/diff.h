/* `parbench diff BASE NEW`: did anything get slower, beyond the noise? Rows of two
 * results files are paired by what ran (kernel, variant, size, threads, ranks, tag);
 * each pair's repetitions (the `samples` column) go through a Mann-Whitney U test and
 * the Hodges-Lehmann shift (diff/ranktest.h). A change is called only when it is
 * both significant and larger than a threshold. The pairing and the verdicts are here,
 * as functions of the rows; the command (options, files, tables) is in diff.c. */
#ifndef PARBENCH_DIFF_H
#define PARBENCH_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "output/csv_read.h"

/* Fewer repetitions than this on a side are never tested: with 3 a side no split of
 * the ranks reaches p < 0.1. */
#define DIFF_MIN_SAMPLES 4

/* INCONCLUSIVE: tested, but the two sides did not run under the same conditions (see
 * diff_untrusted_why); the test's own answer is kept in diff_outcome.tested. */
typedef enum {
    DIFF_SLOWER, DIFF_FASTER, DIFF_SAME, DIFF_INCONCLUSIVE, DIFF_TOO_FEW, DIFF_ONLY_BASE, DIFF_ONLY_NEW
} diff_verdict;

/* A pair is inconclusive when the cores other work kept busy differ by this much
 * between the sides (see diff_untrusted_why). */
#define DIFF_OTHERS_BUSY_LIMIT 0.5

typedef struct {
    diff_verdict verdict;
    size_t nbase, nnew;     /* repetitions on each side */
    double change_pct;      /* Hodges-Lehmann shift (new - base) over the base median; NaN when not tested */
    double low_pct, high_pct, coverage; /* its interval at 1 - alpha, and that interval's coverage */
    double p;               /* two-sided Mann-Whitney p; NaN when not tested */
    bool exact;             /* p from the exact distribution (else the normal approximation) */
    bool failed;            /* out of memory: p is NaN although both sides had enough samples */
    diff_verdict tested;    /* what the numbers alone say (slower, faster, ~) when verdict is inconclusive */
    char why[192];          /* why it is inconclusive: "NEW starved; usable cores 2 -> 1" */
} diff_outcome;

/* The outcome of a row found on one side only: no statistic at all (NaN, not 0). */
diff_outcome diff_outcome_alone(diff_verdict only);

/* Whether the pair's times can be compared at all: false, with the reasons in why
 * ("; "-separated, no commas), when either side carries a flag that makes its time
 * untrusted (starved, cv-high, oversubscribed, shared-core, tiny,
 * below-timer-resolution), when the usable cores or the placement differ, or when one
 * side ran beside much more other work: others_busy differing by DIFF_OTHERS_BUSY_LIMIT
 * cores or more, or, for rows without others_busy (schema 1 and 2), a load average more
 * than doubled and above the usable cores. */
bool diff_comparable(const result_record *base, const result_record *fresh, char *why, size_t len);

/* The verdict on one pair: slower or faster only when p < alpha and |change| is more
 * than threshold_pct percent and the sides are comparable (else inconclusive); too few when either side has fewer than DIFF_MIN_SAMPLES
 * repetitions (a schema-1 row has none). */
diff_outcome diff_outcome_of(const result_record *base, const result_record *fresh, double alpha,
                             double threshold_pct);

typedef struct {
    const result_record *base, *fresh; /* NULL on the side a row is missing from */
    diff_outcome out;
} diff_pair;

/* Rows that share a key but for the newest (the latest timestamp; on equal
 * timestamps, the later in the file), counted per side, with the first such key. */
typedef struct {
    size_t older;                  /* rows left out */
    size_t keys;                   /* keys that had more than one row */
    const result_record *example;  /* the newest row of the first such key, or NULL */
} diff_duplicates;

typedef struct {
    diff_pair *pairs;  /* malloc'ed: the slower pairs first, the other pairs in BASE's
                          order, then the rows only in BASE, then those only in NEW */
    size_t n, npaired;
    diff_duplicates dup_base, dup_new;
} diff_result;

/* Pairs the newest row of each key of base with the newest of the same key in fresh
 * and judges every pair. PB_OK, or PB_RUNTIME_ERROR (out of memory). */
int diff_pair_rows(const record_list *base, const record_list *fresh, double alpha, double threshold_pct,
                   diff_result *out);
void diff_result_free(diff_result *r);

/* Whether two rows ran the same thing: kernel, variant, size, threads, ranks, tag. */
bool diff_same_key(const result_record *a, const result_record *b);

int diff_main(int argc, char **argv);

#endif
