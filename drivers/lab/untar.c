#include "lab/untar.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/options.h"
#include "core/kernel.h"
#include "parbench_config.h"
#if PARBENCH_HAVE_ZLIB
#include <zlib.h>
#endif

/* The files a hand-in may hold; anything else is passed over. */
static const char *const known[] = {"runs.csv", "machine.json", "topology.xml", "topology.txt", "topology.png",
                                    "handin.txt"};
#define NKNOWN (sizeof known / sizeof known[0])

bool untar_is_archive(const char *path)
{
    size_t n = strlen(path);
    return (n > 7 && strcmp(path + n - 7, ".tar.gz") == 0) || (n > 4 && strcmp(path + n - 4, ".tgz") == 0);
}

void untar_remove(untar_result *u)
{
    char path[4200];
    if (u->dir[0]) {
        for (size_t i = 0; i < NKNOWN; ++i) {
            snprintf(path, sizeof path, "%s/%s", u->dir, known[i]);
            unlink(path);
        }
        rmdir(u->dir);
    }
    if (u->root[0])
        rmdir(u->root);
    u->root[0] = u->dir[0] = '\0';
}

#if !PARBENCH_HAVE_ZLIB
/* Without zlib the archive cannot be read at all: the hand-in's folder still can. */
int untar_handin(const char *path, untar_result *u, char *err, size_t errlen)
{
    memset(u, 0, sizeof *u);
    snprintf(err, errlen, "%s: this parbench was built without zlib: unpack the hand-in first or rebuild "
             "with zlib1g-dev (a results folder is read as it is)", opt_show(path));
    return PB_BAD_INPUT;
}
#else /* the rest of this file reads the gzip stream */

/* A name component scripts/handin.sh could have written: [A-Za-z0-9._-], not starting
 * with '.' or '-' (so never ".", ".." or a hidden file), at most max bytes. */
static bool plain_name(const char *s, size_t n, size_t max)
{
    if (n == 0 || n > max || s[0] == '.' || s[0] == '-')
        return false;
    for (size_t i = 0; i < n; ++i) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return false;
    }
    return true;
}

/* An octal field of a tar header (NUL- or space-terminated); false when it is not one
 * (GNU's base-256 form for huge values included: no hand-in is that large). */
static bool octal(const unsigned char *f, size_t len, uint64_t *out)
{
    size_t i = 0;
    *out = 0;
    while (i < len && f[i] == ' ')
        ++i;
    if (i == len || f[i] < '0' || f[i] > '7')
        return false;
    for (; i < len && f[i] >= '0' && f[i] <= '7'; ++i) {
        if (*out >> 60)
            return false;
        *out = *out * 8 + (uint64_t)(f[i] - '0');
    }
    return i == len || f[i] == '\0' || f[i] == ' ';
}

static bool checksum_ok(const unsigned char *h)
{
    uint64_t want;
    if (!octal(h + 148, 8, &want))
        return false;
    uint64_t sum = 0;
    for (size_t i = 0; i < 512; ++i)
        sum += i >= 148 && i < 156 ? ' ' : h[i];
    return sum == want;
}

typedef struct {
    gzFile gz;
    uint64_t total;
    int local; /* errno of a failure here (TMPDIR full, missing, read-only): not the hand-in's fault */
} reader;

/* The next 512-byte block; false at the end of the data or past the size limit. */
static bool next_block(reader *r, unsigned char *block, const char **why)
{
    if (r->total + 512 > UNTAR_MAX_TOTAL)
        return *why = "more than 256 MiB unpacked", false;
    int got = gzread(r->gz, block, 512);
    if (got != 512)
        return *why = got < 0 ? "not a gzip file, or a damaged one" : "cut short", false;
    r->total += 512;
    return true;
}

/* The member's path: ustar's prefix and name, each a field that may lack its NUL. */
static void member_path(const unsigned char *h, char *out, size_t len)
{
    char name[101], prefix[156];
    memcpy(name, h, 100);
    name[100] = '\0';
    memcpy(prefix, h + 345, 155);
    prefix[155] = '\0';
    if (prefix[0])
        snprintf(out, len, "%s/%s", prefix, name);
    else
        snprintf(out, len, "%s", name);
}

/* Checks a member's path: "<label>/" or "<label>/<file>", the label the same in every
 * member. *file is the file part (NULL for the folder itself). */
static const char *check_path(char *path, untar_result *u, const char **file)
{
    size_t n = strlen(path);
    if (path[0] == '/')
        return "an absolute path";
    for (size_t i = 0; i < n; ++i)
        if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f)
            return "a control character in its name";
    char *slash = strchr(path, '/');
    size_t label_len = slash ? (size_t)(slash - path) : n;
    if (!plain_name(path, label_len, sizeof u->label - 1))
        return strstr(path, "..") ? "a '..' in its path" : "a folder name other than letters, digits, '.', '_', '-'";
    if (u->label[0] && (strlen(u->label) != label_len || strncmp(u->label, path, label_len) != 0))
        return "a second top folder (a hand-in is one folder)";
    if (!u->label[0])
        snprintf(u->label, sizeof u->label, "%.*s", (int)label_len, path);
    *file = NULL;
    if (!slash || slash[1] == '\0')
        return NULL;
    const char *rest = slash + 1;
    size_t rest_len = strlen(rest);
    if (rest[rest_len - 1] == '/')
        return "a folder inside the hand-in's folder";
    if (strchr(rest, '/'))
        return strstr(rest, "..") ? "a '..' in its path" : "a file below the hand-in's folder";
    if (!plain_name(rest, rest_len, 64))
        return strstr(rest, "..") ? "a '..' in its path" : "a file name other than letters, digits, '.', '_', '-'";
    *file = rest;
    return NULL;
}

static bool known_name(const char *file)
{
    for (size_t i = 0; i < NKNOWN; ++i)
        if (strcmp(file, known[i]) == 0)
            return true;
    return false;
}

/* Copies size bytes of member data (padded to blocks) to fd (-1: passed over). */
static const char *copy_data(reader *r, uint64_t size, int fd)
{
    unsigned char block[512];
    const char *why = NULL;
    for (uint64_t left = size; left > 0;) {
        if (!next_block(r, block, &why))
            return why;
        size_t n = left < 512 ? (size_t)left : 512;
        ssize_t w = fd >= 0 ? write(fd, block, n) : (ssize_t)n;
        if (w != (ssize_t)n) {
            r->local = w < 0 ? errno : ENOSPC;
            return "cannot be written to the temporary folder";
        }
        left -= n;
    }
    return NULL;
}

/* One member (header h). NULL, or why the archive is refused. */
static const char *member(reader *r, const unsigned char *h, untar_result *u, char *path, size_t pathlen)
{
    if (!checksum_ok(h))
        return "a header with a wrong checksum (not a tar archive, or a damaged one)";
    if (memcmp(h + 257, "ustar", 5) != 0)
        return "a header that is not ustar (scripts/handin.sh writes ustar)";
    member_path(h, path, pathlen);
    uint64_t size;
    if (!octal(h + 124, 12, &size))
        return "a size field that is not a number";
    char type = (char)h[156];
    if (type != '0' && type != '\0' && type != '5')
        return type == '1' || type == '2' ? "a link (a hand-in holds regular files only)"
                                          : "a member that is not a regular file or folder";
    const char *file, *why = check_path(path, u, &file);
    if (why)
        return why;
    if (type == '5' ? file != NULL : file == NULL)
        return type == '5' ? "a folder inside the hand-in's folder" : "a file in place of the hand-in's folder";
    if (size > UNTAR_MAX_FILE)
        return "a member larger than 64 MiB";
    if (!u->dir[0]) {
        snprintf(u->dir, sizeof u->dir, "%s/%s", u->root, u->label);
        if (mkdir(u->dir, 0700) != 0) {
            u->dir[0] = '\0';
            r->local = errno;
            return "cannot be unpacked: the temporary folder refused a folder";
        }
    }
    if (type == '5')
        return size ? "a folder with data" : NULL;
    int fd = -1;
    if (known_name(file)) {
        char target[4200];
        snprintf(target, sizeof target, "%s/%s", u->dir, file);
        fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            r->local = errno;
        if (fd < 0)
            return errno == EEXIST ? "a file that appears twice" : "cannot be unpacked into the temporary folder";
    } else {
        ++u->skipped;
    }
    why = copy_data(r, size, fd);
    if (fd >= 0 && close(fd) != 0 && !why) {
        r->local = errno;
        why = "cannot be written to the temporary folder";
    }
    return why;
}

int untar_handin(const char *path, untar_result *u, char *err, size_t errlen)
{
    memset(u, 0, sizeof *u);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: cannot read the hand-in: %s", opt_show(path),
                 fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return PB_BAD_INPUT;
    }
    reader r = {gzdopen(fd, "rb"), 0, 0};
    if (!r.gz) {
        close(fd);
        return snprintf(err, errlen, "%s: cannot read the hand-in: out of memory", opt_show(path)), PB_RUNTIME_ERROR;
    }
    const char *tmp = getenv("TMPDIR");
    tmp = tmp && tmp[0] == '/' ? tmp : "/tmp";
    snprintf(u->root, sizeof u->root, "%s/parbench-handin.XXXXXX", tmp);
    if (!mkdtemp(u->root)) {
        snprintf(err, errlen, "TMPDIR '%s': cannot make a folder there to unpack %s in: %s (set TMPDIR to a "
                 "writable folder with room)", opt_show(tmp), opt_show(path), strerror(errno));
        u->root[0] = '\0';
        gzclose(r.gz);
        return PB_RUNTIME_ERROR;
    }
    const char *why = NULL;
    char member_name[300] = "";
    size_t members = 0;
    unsigned char h[512];
    bool ended = false;
    while (!why && !ended) {
        if (!next_block(&r, h, &why))
            break;
        ended = true; /* two zero blocks end the archive (one is enough here) */
        for (size_t i = 0; i < 512 && ended; ++i)
            ended = h[i] == 0;
        if (ended)
            break;
        if (++members > UNTAR_MAX_MEMBERS) {
            why = "more than 64 members";
            member_name[0] = '\0';
        } else
            why = member(&r, h, u, member_name, sizeof member_name);
    }
    gzclose(r.gz);
    if (!why && members == 0)
        why = "no members at all";
    char runs[4200];
    snprintf(runs, sizeof runs, "%s/runs.csv", u->dir);
    if (!why && (!u->dir[0] || access(runs, F_OK) != 0))
        why = "no runs.csv in its folder";
    if (why && r.local) { /* the hand-in is not at fault: exit 3, naming where */
        snprintf(err, errlen, "TMPDIR '%s': cannot unpack %s there: %s (the hand-in is not at fault; set TMPDIR to a "
                 "writable folder with room)", opt_show(tmp), opt_show(path), strerror(r.local));
        untar_remove(u);
        return PB_RUNTIME_ERROR;
    }
    if (why) {
        if (member_name[0] && !strstr(why, "runs.csv"))
            snprintf(err, errlen, "%s: refused: member %zu ('%s'): %s", opt_show(path), members,
                     opt_show(member_name), why);
        else
            snprintf(err, errlen, "%s: refused: %s", opt_show(path), why);
        untar_remove(u);
        return PB_BAD_INPUT;
    }
    return PB_OK;
}
#endif
