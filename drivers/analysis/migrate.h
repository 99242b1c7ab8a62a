/* Rewriting a results file in the current schema (`parbench migrate FILE`). */
#ifndef PARBENCH_MIGRATE_H
#define PARBENCH_MIGRATE_H

#include <stddef.h>

/* PB_OK with what was done in msg (also "already in schema N"), PB_BAD_INPUT (not a
 * readable results file, a backup already there) or PB_RUNTIME_ERROR (I/O), with the
 * reason in msg. On failure the file is unchanged. */
int migrate_file(const char *path, char *msg, size_t msglen);

#endif
