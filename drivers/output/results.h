/* One result record per run, the results schema (one table of columns, shared by the
 * writer here and the reader in output/csv_read.c), and the one CSV writer. A row is
 * appended with a single write() under an exclusive advisory lock, so concurrent runs
 * never interleave, and a write that fails (a full disk) is cut back off, so a file
 * holds whole rows only. */
#ifndef PARBENCH_RESULTS_H
#define PARBENCH_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/record.h"

/* A UTF-8 byte order mark (an editor's or a spreadsheet's): a results file starting with
 * one is refused by every reader and by --csv, saying what is accepted. */
#define RESULTS_BOM "\xef\xbb\xbf"
#define RESULTS_BOM_ADVICE "accepted: plain UTF-8 or ASCII without a byte order mark, as parbench writes it; " \
                           "remove its first 3 bytes"

/* The header line of schema RESULTS_SCHEMA, without the newline. */
const char *results_header(void);
/* The header of schema 1 (for tests, fixtures and recognizing old files). */
const char *results_header_v1(void);

/* Whether the file at path starts with a header that names the required columns: a
 * parbench results CSV of any schema. */
bool results_is_results_file(const char *path);

/* The order of a file's columns: column[i] is the index in results_columns of the
 * file's i-th column (every column of the schema, once each, in any order). */
typedef struct {
    size_t column[RESULTS_MAX_COLUMNS];
} results_order;

/* Formats rec as one CSV line ending in '\n' (malloc'ed; NULL when out of memory), its
 * fields in order (NULL: the schema's order). *len gets its length. */
char *results_format_row(const result_record *rec, const results_order *order, size_t *len);

/* Checks, before any work, that path can take rows: its directory exists and is
 * writable, and an existing file's header names exactly the schema's columns, in our
 * order or its own. PB_OK or PB_BAD_INPUT (an older schema, or columns missing or
 * added, is refused with the command that migrates it). */
int results_check(const char *path, char *err, size_t errlen);

/* Appends rec (and the header if the file is new), its fields in the file's column
 * order. PB_OK, PB_BAD_INPUT (different header) or PB_RUNTIME_ERROR (I/O: the file is
 * left as it was), with a one-line reason in err. */
int results_append(const char *path, const result_record *rec, char *err, size_t errlen);

/* Writes rows to path as a new schema-RESULTS_SCHEMA file, atomically: a temporary file
 * in the same directory, fsync, rename. PB_OK or PB_RUNTIME_ERROR with err. */
int results_write_file(const char *path, const result_record *rows, size_t n, char *err, size_t errlen);


#endif
