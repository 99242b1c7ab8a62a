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

#include "analysis/csv_read.h"

/* Fewer repetitions than this on a side are never tested: with 3 a side no split of
 * the ranks reaches p < 0.1. */
#define DIFF_MIN_SAMPLES 4

typedef enum { DIFF_SLOWER, DIFF_FASTER, DIFF_SAME, DIFF_TOO_FEW, DIFF_ONLY_BASE, DIFF_ONLY_NEW } diff_verdict;

typedef struct {
    diff_verdict verdict;
    size_t nbase, nnew;     /* repetitions on each side */
    double change_pct;      /* Hodges-Lehmann shift (new - base) over the base median; NaN when not tested */
    double low_pct, high_pct, coverage; /* its interval at 1 - alpha, and that interval's coverage */
    double p;               /* two-sided Mann-Whitney p; NaN when not tested */
    bool exact;             /* p from the exact distribution (else the normal approximation) */
    bool failed;            /* out of memory: p is NaN although both sides had enough samples */
} diff_outcome;

/* The verdict on one pair: slower or faster only when p < alpha and |change| is more
 * than threshold_pct percent; too few when either side has fewer than DIFF_MIN_SAMPLES
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
