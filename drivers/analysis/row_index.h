/* Rows found by key in O(log n) instead of a scan of every row: compare and page look
 * up cells of thousands of machines in files of tens of thousands of rows, which
 * scanning made quadratic (issue 25). Pointers to rows sorted by (machine, kernel,
 * variant, size, threads, ranks), file order among equals. */
#ifndef PARBENCH_ROW_INDEX_H
#define PARBENCH_ROW_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "output/csv_read.h"

typedef struct {
    const result_record **at;
    size_t n;
} row_index;

/* The rows for which keep is true (all when NULL). False when memory is short. */
bool row_index_build(row_index *ix, const result_record *rows, size_t n, bool (*keep)(const result_record *));
void row_index_free(row_index *ix);
/* The rows of (machine, kernel, variant) are ix->at[*first .. *first + count). */
size_t row_index_range(const row_index *ix, const char *machine, const char *kernel, const char *variant, size_t *first);
/* The first row (in file order) of the whole key, or NULL. */
const result_record *row_index_find(const row_index *ix, const char *machine, const char *kernel, const char *variant,
                                    unsigned long long size, int threads, int ranks);
/* Sorts pointers to rows by their place in the file (rows of one array). */
void row_index_file_order(const result_record **at, size_t n);

#endif
