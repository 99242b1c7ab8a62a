#include "output/results.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/kernel.h"
#include "output/paths.h"

static const char HEADER[] =
    "kernel,variant,size,threads,ranks,reps,time_s,time_min_s,time_max_s,throughput,unit,"
    "result,verified,machine,timestamp,cv,warmup,seed,cpu_s,notes,tag,hosts,"
    "requests,latency_ms,concurrency,overlap_osu_pct,overlap_imb_pct";

const char *results_header(void) { return HEADER; }

/* Appends text as a CSV field (quoted when it holds a comma, quote or newline). */
static bool put_field(char *buf, size_t len, size_t *pos, const char *text, bool last)
{
    bool quote = strpbrk(text, ",\"\n\r") != NULL;
    size_t need = strlen(text) * 2 + 4;
    if (*pos + need >= len)
        return false;
    if (quote)
        buf[(*pos)++] = '"';
    for (const char *p = text; *p; ++p) {
        if (*p == '"')
            buf[(*pos)++] = '"';
        buf[(*pos)++] = *p;
    }
    if (quote)
        buf[(*pos)++] = '"';
    buf[(*pos)++] = last ? '\n' : ',';
    buf[*pos] = '\0';
    return true;
}

size_t results_format_row(const result_record *r, char *buf, size_t len)
{
    char num[13][40];
    snprintf(num[0], sizeof num[0], "%llu", (unsigned long long)r->size);
    snprintf(num[1], sizeof num[1], "%d", r->threads);
    snprintf(num[2], sizeof num[2], "%d", r->ranks);
    snprintf(num[3], sizeof num[3], "%d", r->reps);
    snprintf(num[4], sizeof num[4], "%.9g", r->time_s);
    snprintf(num[5], sizeof num[5], "%.9g", r->time_min_s);
    snprintf(num[6], sizeof num[6], "%.9g", r->time_max_s);
    snprintf(num[7], sizeof num[7], "%.6g", r->throughput);
    snprintf(num[8], sizeof num[8], "%.4f", r->cv);
    snprintf(num[9], sizeof num[9], "%d", r->warmup);
    snprintf(num[10], sizeof num[10], "%llu", (unsigned long long)r->seed);
    snprintf(num[11], sizeof num[11], "%.6g", r->cpu_s);
    const char *fields[] = {r->kernel, r->variant, num[0], num[1], num[2], num[3], num[4],
                            num[5], num[6], num[7], r->unit, r->result,
                            r->verified ? "true" : "false", r->machine, r->timestamp,
                            num[8], num[9], num[10], num[11], r->notes, r->tag, r->hosts,
                            r->requests, r->latency_ms, r->concurrency, r->overlap_osu_pct, r->overlap_imb_pct};
    size_t n = sizeof fields / sizeof fields[0], pos = 0;
    for (size_t i = 0; i < n; ++i)
        if (!put_field(buf, len, &pos, fields[i], i + 1 == n))
            return 0;
    return pos;
}

/* Compares the first line of an open, non-empty file with HEADER (and its newline). */
static bool header_matches(int fd)
{
    char line[sizeof HEADER]; /* the header's characters, then '\n' where its NUL is */
    ssize_t got = pread(fd, line, sizeof line, 0);
    return got == (ssize_t)sizeof line && memcmp(line, HEADER, sizeof HEADER - 1) == 0 &&
           line[sizeof HEADER - 1] == '\n';
}

bool results_is_results_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return false;
    bool ours = header_matches(fd);
    close(fd);
    return ours;
}

int results_check(const char *path, char *err, size_t errlen)
{
    bool exists;
    int st = path_check_output("--csv", path, &exists, err, errlen);
    if (st != PB_OK || !exists)
        return st; /* a new file: the header is written with the first row */
    int fd = open(path, O_RDWR | O_APPEND);
    if (fd < 0) {
        snprintf(err, errlen, "--csv %s: cannot open for appending: %s", path, strerror(errno));
        return PB_BAD_INPUT;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    char last = '\n';
    bool ok = size == 0 || (header_matches(fd) && pread(fd, &last, 1, size - 1) == 1);
    close(fd);
    if (!ok) {
        snprintf(err, errlen, "--csv %s: the file has a different header (not a parbench %s results file); "
                 "choose a new file", path, "v1");
        return PB_BAD_INPUT;
    }
    if (last != '\n') {
        snprintf(err, errlen, "--csv %s: its last line is cut off (no end of line), so a new row would be "
                 "glued to it; repair the file or choose a new one", path);
        return PB_BAD_INPUT;
    }
    return PB_OK;
}

int results_append(const char *path, const result_record *rec, char *err, size_t errlen)
{
    char buf[sizeof HEADER + 2048];
    int fd = open(path, O_RDWR | O_APPEND | O_CREAT, 0644);
    if (fd < 0) {
        snprintf(err, errlen, "--csv %s: cannot open: %s", path, strerror(errno));
        return PB_RUNTIME_ERROR;
    }
    /* The lock makes "is the file empty? then write the header" atomic with the write. */
    if (flock(fd, LOCK_EX) != 0) {
        snprintf(err, errlen, "--csv %s: cannot lock: %s", path, strerror(errno));
        close(fd);
        return PB_RUNTIME_ERROR;
    }
    struct stat st;
    int status = PB_OK;
    size_t pos = 0;
    if (fstat(fd, &st) != 0) {
        snprintf(err, errlen, "--csv %s: %s", path, strerror(errno));
        status = PB_RUNTIME_ERROR;
    } else if (st.st_size == 0) {
        pos = (size_t)snprintf(buf, sizeof buf, "%s\n", HEADER);
    } else if (!header_matches(fd)) {
        snprintf(err, errlen, "--csv %s: the file has a different header; not appending", path);
        status = PB_BAD_INPUT;
    } else {
        /* The last line was whole when checked before the run; if something cut it
         * since, start on a new line so that at least this row stays whole. */
        char last;
        if (pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n')
            buf[pos++] = '\n';
    }
    if (status == PB_OK) {
        size_t n = results_format_row(rec, buf + pos, sizeof buf - pos);
        ssize_t w = n ? write(fd, buf, pos + n) : -1;
        if (w != (ssize_t)(pos + n)) {
            snprintf(err, errlen, "--csv %s: write failed: %s", path, n ? strerror(errno) : "row too long");
            status = PB_RUNTIME_ERROR;
        }
    }
    flock(fd, LOCK_UN);
    close(fd);
    return status;
}

void results_timestamp(char *buf, size_t len)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
