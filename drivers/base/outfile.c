#include "base/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/status.h"

/* The files completed while a batch is open: renamed together at its end. */
static struct {
    bool open;
    char **tmp, **path;
    size_t n, cap;
} batch;

/* Keeps a completed file for the batch's end (takes over its names). */
static bool batch_keep(out_file *o)
{
    if (batch.n == batch.cap) {
        size_t cap = batch.cap ? 2 * batch.cap : 16;
        char **tmp = realloc(batch.tmp, cap * sizeof *tmp);
        if (tmp)
            batch.tmp = tmp;
        char **path = tmp ? realloc(batch.path, cap * sizeof *path) : NULL;
        if (!path)
            return false;
        batch.path = path, batch.cap = cap;
    }
    batch.tmp[batch.n] = o->tmp, batch.path[batch.n++] = o->path;
    o->tmp = o->path = NULL;
    return true;
}

void out_file_batch_begin(void)
{
    batch.open = true;
    batch.n = 0;
}

int out_file_batch_end(bool commit, char *err, size_t errlen)
{
    int status = PB_OK;
    for (size_t i = 0; i < batch.n; ++i) {
        if (commit && status == PB_OK && rename(batch.tmp[i], batch.path[i]) != 0) {
            snprintf(err, errlen, "%s: cannot write: %s", batch.path[i], strerror(errno));
            status = PB_RUNTIME_ERROR;
        }
        if (!commit || status != PB_OK)
            unlink(batch.tmp[i]);
        free(batch.tmp[i]);
        free(batch.path[i]);
    }
    free(batch.tmp);
    free(batch.path);
    memset(&batch, 0, sizeof batch);
    return status;
}

static void release(out_file *o)
{
    free(o->path);
    free(o->tmp);
    o->path = o->tmp = NULL;
    o->f = NULL;
}

/* The mode of the file a rewrite replaces, so that a group-shared 0664 runs.csv stays
 * 0664 after migrate or any rewrite; a new file (or one replacing a link) gets what the
 * umask gives a file created in the ordinary way. */
static mode_t replaced_mode(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
        return st.st_mode & 07777;
    mode_t mask = umask(0); /* reading the umask sets it: put it back at once */
    umask(mask);
    return 0666 & ~mask;
}

int out_file_open(out_file *o, const char *path, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    size_t len = strlen(path);
    o->path = strdup(path);
    o->tmp = malloc(len + 16);
    if (!o->path || !o->tmp) {
        release(o);
        snprintf(err, errlen, "%s: out of memory", path);
        return PB_RUNTIME_ERROR;
    }
    /* "DIR/.name.XXXXXX": hidden, in the same directory (so rename stays atomic) */
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    snprintf(o->tmp, len + 16, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
    int fd = mkstemp(o->tmp); /* O_CREAT | O_EXCL: never an existing file or link */
    if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
        snprintf(err, errlen, "%s: cannot create a file next to it: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        release(o);
        return PB_RUNTIME_ERROR;
    }
    fchmod(fd, replaced_mode(path)); /* mkstemp makes 0600 */
    return PB_OK;
}

int out_file_open_in(out_file *o, const char *dir, const char *name, const char *ext, char *err, size_t errlen)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s.%s", dir, name, ext) >= sizeof path) {
        memset(o, 0, sizeof *o);
        snprintf(err, errlen, "%s/%s.%s: the path is too long", dir, name, ext);
        return PB_RUNTIME_ERROR;
    }
    return out_file_open(o, path, err, errlen);
}

int out_file_commit(out_file *o, bool durable, char *err, size_t errlen)
{
    bool ok = fflush(o->f) == 0 && !ferror(o->f);
    int why = errno;
    if (ok && durable && fsync(fileno(o->f)) != 0)
        ok = false, why = errno;
    if (fclose(o->f) != 0 && ok)
        ok = false, why = errno;
    o->f = NULL;
    if (ok && batch.open) {
        if (batch_keep(o))
            return PB_OK; /* renamed at the batch's end */
        ok = false, why = ENOMEM;
    }
    if (ok && rename(o->tmp, o->path) != 0)
        ok = false, why = errno;
    if (!ok) {
        snprintf(err, errlen, "%s: cannot write: %s", o->path, strerror(why));
        unlink(o->tmp);
    }
    release(o);
    return ok ? PB_OK : PB_RUNTIME_ERROR;
}

void out_gnuplot_string(FILE *f, const char *name, const char *value)
{
    fprintf(f, "%s = '", name);
    for (const unsigned char *p = (const unsigned char *)value; *p; ++p) {
        if (*p == '\'')
            fputs("''", f);
        else
            fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
    }
    fputs("'\n", f);
}

void out_file_abort(out_file *o)
{
    if (o->f)
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    release(o);
}
