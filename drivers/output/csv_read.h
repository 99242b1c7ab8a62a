/* Reading results CSVs back (analyze, compare, migrate, diff). Columns are found by
 * name, in any order, with the schema's table (output/results.h): unknown columns are
 * passed over, a missing required column is named. Schema-1 files (no `schema` column)
 * read as they are. Every field is checked against what parbench itself writes there,
 * because a results file may come from someone else. */
#ifndef PARBENCH_CSV_READ_H
#define PARBENCH_CSV_READ_H

#include <stddef.h>

#include "output/results.h"

typedef struct {
    result_record *rows;
    size_t n, cap;
    /* Columns passed over, once per file: "a.csv: extra, other" (';'-separated files). */
    char unknown[512];
} record_list;

/* Appends the rows of path to list. PB_OK, or PB_BAD_INPUT with the reason in err
 * (missing or non-regular file, a header without a required column, a malformed row,
 * no rows at all), or PB_RUNTIME_ERROR (out of memory). */
int csv_read_results(const char *path, record_list *list, char *err, size_t errlen);

/* Removes row i (freeing its samples), keeping the order of the others. */
void record_list_remove(record_list *list, size_t i);
void record_list_free(record_list *list);

/* Pointers to the rows in the order of by (a qsort comparison of two row pointers, which
 * should break ties by the pointers themselves to keep file order); NULL when out of
 * memory. The caller frees the array, not the rows. */
const result_record **record_list_order(const record_list *list, int (*by)(const void *, const void *));

/* Checks that path is a regular file that can be opened for reading, without blocking
 * on a FIFO or a device: PB_OK, or PB_BAD_INPUT with a one-line reason in err. WHAT
 * names the file in the message ("results file", "machine.json"). */
int csv_check_readable(const char *path, const char *what, char *err, size_t errlen);

#endif
