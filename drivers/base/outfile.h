/* Output files written whole or not at all: the data goes to a new temporary file in the
 * same directory, which replaces PATH by rename() once it is complete. A reader never
 * sees half a file, a failed write leaves PATH as it was, and a symbolic link that sits
 * at PATH (in a folder someone else prepared) is replaced, never written through. */
#ifndef PARBENCH_OUTFILE_H
#define PARBENCH_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    FILE *f;             /* write here */
    char *path, *tmp;    /* malloc'ed */
} out_file;

/* Creates the temporary file for path. PB_OK, or PB_RUNTIME_ERROR with err. */
int out_file_open(out_file *o, const char *path, char *err, size_t errlen);
/* out_file_open of DIR/NAME.EXT (a name that is data from a results file is still one
 * file in DIR: the caller has made it safe). */
int out_file_open_in(out_file *o, const char *dir, const char *name, const char *ext, char *err, size_t errlen);
/* Flushes, syncs when durable, closes and renames onto path. PB_OK, or
 * PB_RUNTIME_ERROR with err (the temporary file removed, path unchanged). */
int out_file_commit(out_file *o, bool durable, char *err, size_t errlen);
/* Gives up: closes and removes the temporary file. */
void out_file_abort(out_file *o);

/* Several files that belong together (compare's tables and page): between begin and end,
 * out_file_commit completes each temporary file but does not rename it; end renames them
 * all when commit is true (PB_OK, or PB_RUNTIME_ERROR with err), else removes them, so a
 * failed later file never leaves new files next to old ones. */
void out_file_batch_begin(void);
int out_file_batch_end(bool commit, char *err, size_t errlen);

/* Writes `name = 'value'` as a gnuplot assignment that stays data whatever value holds:
 * a quote is doubled (gnuplot's only escape in single quotes) and control characters
 * become '?', so the line can never end early or carry a command. */
void out_gnuplot_string(FILE *f, const char *name, const char *value);

#endif
