/* Reading results CSVs back (for analyze and compare): the exact header parbench
 * writes, and every row whole, or a one-line error naming the file and line. */
#ifndef PARBENCH_CSV_READ_H
#define PARBENCH_CSV_READ_H

#include <stddef.h>

#include "output/results.h"

typedef struct {
    result_record *rows;
    size_t n, cap;
} record_list;

/* Appends the rows of path to list. PB_OK, or PB_BAD_INPUT with the reason in err
 * (missing file, different header, malformed row, no rows at all). */
int csv_read_results(const char *path, record_list *list, char *err, size_t errlen);

void record_list_free(record_list *list);

#endif
