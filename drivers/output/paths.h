/* Output paths checked before anything runs, so that a bad one exits 2 at once instead
 * of failing after a long run (the CSV of `--csv`, the checkpoint of `--file`). */
#ifndef PARBENCH_PATHS_H
#define PARBENCH_PATHS_H

#include <stdbool.h>
#include <stddef.h>

/* PATH, given to option OPT (e.g. "--csv"), names a file that can be created or
 * written: its directory exists and takes new files, and PATH is not a directory, a
 * dangling link, or a name the file system refuses. *exists tells whether it is already
 * there. PB_OK, or PB_BAD_INPUT with one line in err. */
int path_check_output(const char *opt, const char *path, bool *exists, char *err, size_t errlen);
/* The same for a file that is appended to in place (a results CSV): an existing regular
 * file that can be written needs no write access to its directory (a writable runs.csv
 * in a read-only folder was refused). */
int path_check_append(const char *opt, const char *path, bool *exists, char *err, size_t errlen);

/* Whether a and b name the same file (the same inode, or the same resolved path for
 * files not created yet). */
bool path_same_file(const char *a, const char *b);

/* DIR, given to option OPT, is a directory now (created when missing, one level) and
 * takes new files. PB_OK, or PB_BAD_INPUT with one line in err. */
int path_ensure_dir(const char *opt, const char *dir, char *err, size_t errlen);

#endif
