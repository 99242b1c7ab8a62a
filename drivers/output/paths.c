#include "output/paths.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/kernel.h"

int path_check_output(const char *opt, const char *path, bool *exists, char *err, size_t errlen)
{
    char copy[PATH_MAX];
    size_t len = strlen(path);
    *exists = false;
    if (len == 0 || len >= sizeof copy || path[len - 1] == '/')
        return snprintf(err, errlen, "%s '%s': expected a file path (not empty, not ending in '/')", opt, path),
               PB_BAD_INPUT;
    memcpy(copy, path, len + 1);
    const char *dir = dirname(copy);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return snprintf(err, errlen, "%s %s: directory '%s' does not exist", opt, path, dir), PB_BAD_INPUT;
    if (access(dir, W_OK | X_OK) != 0)
        return snprintf(err, errlen, "%s %s: directory '%s' is not writable", opt, path, dir), PB_BAD_INPUT;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return snprintf(err, errlen, "%s %s: is a directory; expected a file path", opt, path), PB_BAD_INPUT;
        if (!S_ISREG(st.st_mode))
            return snprintf(err, errlen, "%s %s: not a regular file", opt, path), PB_BAD_INPUT;
        *exists = true;
        return PB_OK;
    }
    if (errno != ENOENT) /* a name too long, a component that is a file, ... */
        return snprintf(err, errlen, "%s %s: %s", opt, path, strerror(errno)), PB_BAD_INPUT;
    if (lstat(path, &st) == 0)
        return snprintf(err, errlen, "%s %s: a symbolic link to a file that does not exist", opt, path),
               PB_BAD_INPUT;
    /* A new file: make sure one can be created here now, not after the run (root passes
     * access() even on /proc and read-only mounts). A probe file of our own, so that a
     * concurrent run creating PATH itself is never disturbed. */
    char probe[PATH_MAX + 32];
    snprintf(probe, sizeof probe, "%s/.parbench-probe-XXXXXX", dir);
    int fd = mkstemp(probe);
    if (fd < 0)
        return snprintf(err, errlen, "%s %s: cannot create a file in '%s': %s", opt, path, dir, strerror(errno)),
               PB_BAD_INPUT;
    close(fd);
    unlink(probe);
    return PB_OK;
}

int path_check_append(const char *opt, const char *path, bool *exists, char *err, size_t errlen)
{
    struct stat st;
    if (*path && stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, W_OK) == 0) {
        *exists = true;
        return PB_OK;
    }
    return path_check_output(opt, path, exists, err, errlen);
}

/* DIR resolved, then the last component: the name a file not yet created will have. */
static bool resolved_name(const char *path, char *out, size_t len)
{
    char d[PATH_MAX], b[PATH_MAX], real[PATH_MAX];
    snprintf(d, sizeof d, "%s", path);
    snprintf(b, sizeof b, "%s", path);
    if (!realpath(dirname(d), real))
        return false;
    return snprintf(out, len, "%s/%s", real, basename(b)) < (int)len;
}

bool path_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char ra[PATH_MAX + 256], rb[PATH_MAX + 256];
    if (resolved_name(a, ra, sizeof ra) && resolved_name(b, rb, sizeof rb))
        return strcmp(ra, rb) == 0;
    return strcmp(a, b) == 0;
}

int path_ensure_dir(const char *opt, const char *dir, char *err, size_t errlen)
{
    struct stat st;
    if (!*dir)
        return snprintf(err, errlen, "%s '': expected a directory", opt), PB_BAD_INPUT;
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return snprintf(err, errlen, "%s %s: cannot create the directory: %s", opt, dir, strerror(errno)),
               PB_BAD_INPUT;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return snprintf(err, errlen, "%s %s: exists and is not a directory", opt, dir), PB_BAD_INPUT;
    if (access(dir, W_OK | X_OK) != 0)
        return snprintf(err, errlen, "%s %s: the directory is not writable", opt, dir), PB_BAD_INPUT;
    return PB_OK;
}
