/* `parbench migrate FILE`: rewrites a results file of an older schema (or with its
 * columns reordered) in the current schema, in place and atomically: the original is
 * kept next to it as FILE.v<schema>.bak (a hard link: no copy, the same bytes), the new
 * file is written beside it, synced, and renamed over FILE. Runs that append to FILE
 * meanwhile wait on its lock. */
#include "analysis/migrate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "output/csv_read.h"
#include "core/kernel.h"

/* The schema of the file's rows (the lowest, should they differ). */
static int file_schema(const record_list *rows)
{
    int schema = RESULTS_SCHEMA;
    for (size_t i = 0; i < rows->n; ++i)
        if (rows->rows[i].schema < schema)
            schema = rows->rows[i].schema;
    return schema;
}

/* Whether the file's first line is already the header we write. */
static bool has_current_header(int fd)
{
    const char *want = results_header();
    size_t n = strlen(want);
    char *buf = malloc(n + 2);
    bool same = buf && pread(fd, buf, n + 1, 0) == (ssize_t)(n + 1) && memcmp(buf, want, n) == 0 && buf[n] == '\n';
    free(buf);
    return same;
}

int migrate_file(const char *path, char *msg, size_t msglen)
{
    if (csv_check_readable(path, "results file", msg, msglen) != PB_OK)
        return PB_BAD_INPUT;
    int fd = open(path, O_RDWR | O_NONBLOCK);
    if (fd < 0)
        return snprintf(msg, msglen, "%s: cannot open for rewriting: %s", path, strerror(errno)), PB_BAD_INPUT;
    flock(fd, LOCK_EX); /* appending runs wait until the new file is in place */
    record_list rows = {0};
    int status = csv_read_results(path, &rows, msg, msglen);
    if (status == PB_OK && has_current_header(fd)) {
        snprintf(msg, msglen, "%s: already in results schema %d; nothing to do", path, RESULTS_SCHEMA);
        status = -1; /* done, nothing written */
    }
    char *backup = NULL;
    if (status == PB_OK) {
        size_t len = strlen(path) + 16;
        backup = malloc(len);
        if (!backup)
            status = PB_RUNTIME_ERROR, snprintf(msg, msglen, "%s: out of memory", path);
        else
            snprintf(backup, len, "%s.v%d.bak", path, file_schema(&rows));
    }
    if (status == PB_OK && link(path, backup) != 0) {
        status = errno == EEXIST ? PB_BAD_INPUT : PB_RUNTIME_ERROR;
        snprintf(msg, msglen, "%s: cannot keep the original as %s: %s%s", path, backup, strerror(errno),
                 errno == EEXIST ? " (move that file away first)" : "");
    }
    if (status == PB_OK) {
        status = results_write_file(path, rows.rows, rows.n, msg, msglen);
        if (status != PB_OK)
            unlink(backup); /* FILE is unchanged: the backup is not needed */
        else
            snprintf(msg, msglen, "migrated %s: %zu rows from schema %d to schema %d; the original is kept as %s%s%s",
                     path, rows.n, file_schema(&rows), RESULTS_SCHEMA, backup,
                     rows.unknown[0] ? "; columns passed over (they stay in the backup): " : "", rows.unknown);
    }
    free(backup);
    record_list_free(&rows);
    flock(fd, LOCK_UN);
    close(fd);
    return status < 0 ? PB_OK : status;
}
