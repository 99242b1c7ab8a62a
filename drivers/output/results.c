#include "output/results.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/kernel.h"
#include "base/outfile.h"
#include "output/paths.h"

/* A growing line buffer. */
typedef struct {
    char *buf;
    size_t len, cap;
    bool failed;
} line;

static void put(line *l, const char *text, size_t n)
{
    if (l->failed)
        return;
    if (l->len + n + 1 > l->cap) {
        size_t cap = l->cap ? l->cap : 1024;
        while (cap < l->len + n + 1)
            cap *= 2;
        char *b = realloc(l->buf, cap);
        if (!b) {
            l->failed = true;
            return;
        }
        l->buf = b, l->cap = cap;
    }
    memcpy(l->buf + l->len, text, n);
    l->len += n;
    l->buf[l->len] = '\0';
}

/* text as a CSV field, quoted when it holds a comma, quote or line break */
static void put_field(line *l, const char *text)
{
    if (!strpbrk(text, ",\"\n\r")) {
        put(l, text, strlen(text));
        return;
    }
    put(l, "\"", 1);
    for (const char *p = text; *p; ++p) {
        if (*p == '"')
            put(l, "\"", 1); /* a quote is doubled */
        put(l, p, 1);
    }
    put(l, "\"", 1);
}

/* The shortest decimal form that reads back as the same double. */
static void put_exact(line *l, double x)
{
    char num[40];
    for (int digits = 15; digits <= 17; ++digits) {
        snprintf(num, sizeof num, "%.*g", digits, x);
        if (strtod(num, NULL) == x)
            break;
    }
    put(l, num, strlen(num));
}

static void put_column(line *l, const result_column *c, const result_record *r)
{
    const char *field = (const char *)r + c->offset;
    char num[48];
    switch (c->kind) {
    case COL_SCHEMA:
        snprintf(num, sizeof num, "%d", RESULTS_SCHEMA);
        break;
    case COL_TEXT:
        put_field(l, field);
        return;
    case COL_U64:
        snprintf(num, sizeof num, "%llu", (unsigned long long)*(const uint64_t *)(const void *)field);
        break;
    case COL_INT:
        num[0] = '\0';
        if (*(const int *)(const void *)field >= c->min || c->required) /* below its minimum: not recorded */
            snprintf(num, sizeof num, "%d", *(const int *)(const void *)field);
        break;
    case COL_BOOL:
        snprintf(num, sizeof num, "%s", *(const bool *)(const void *)field ? "true" : "false");
        break;
    case COL_REAL: {
        double x = *(const double *)(const void *)field;
        num[0] = '\0';
        if (isfinite(x))
            snprintf(num, sizeof num, c->format, x);
        break;
    }
    case COL_SAMPLES:
        for (size_t i = 0; i < r->nsamples; ++i) {
            if (i)
                put(l, ";", 1);
            put_exact(l, r->samples[i]);
        }
        return;
    }
    put(l, num, strlen(num));
}

char *results_format_row(const result_record *r, const results_order *order, size_t *len)
{
    line l = {0};
    for (size_t i = 0; i < results_ncolumns; ++i) {
        if (i)
            put(&l, ",", 1);
        put_column(&l, &results_columns[order ? order->column[i] : i], r);
    }
    put(&l, "\n", 1);
    if (l.failed) {
        free(l.buf);
        return NULL;
    }
    *len = l.len;
    return l.buf;
}

/* The first line of an open file, without its newline (at most cap - 1 characters);
 * false when there is no whole first line. */
static bool first_line(int fd, char *buf, size_t cap)
{
    ssize_t got = pread(fd, buf, cap - 1, 0);
    if (got <= 0)
        return false;
    buf[got] = '\0';
    char *nl = strchr(buf, '\n');
    if (!nl)
        return false;
    *nl = '\0';
    if (nl > buf && nl[-1] == '\r')
        nl[-1] = '\0';
    return true;
}

/* Whether header names every column of the schema once and nothing else (in any
 * order); order gets the file's order. */
static bool column_order(const char *header, results_order *order)
{
    bool seen[RESULTS_MAX_COLUMNS] = {false};
    size_t n = 0;
    for (const char *p = header;; ++p) {
        size_t len = strcspn(p, ",");
        const result_column *c = NULL;
        for (size_t i = 0; i < results_ncolumns && !c; ++i)
            if (strlen(results_columns[i].name) == len && strncmp(results_columns[i].name, p, len) == 0)
                c = &results_columns[i];
        if (!c || n == results_ncolumns || seen[c - results_columns])
            return false;
        seen[c - results_columns] = true;
        order->column[n++] = (size_t)(c - results_columns);
        p += len;
        if (*p != ',')
            break;
    }
    return n == results_ncolumns;
}

/* How the first line of fd relates to the header we write: HEAD_OURS (our columns, in
 * our order or another: order gets the file's) or what is wrong with it. */
typedef enum { HEAD_OURS, HEAD_OLDER, HEAD_BOM, HEAD_OTHER } head_kind;
static bool names_required_columns(const char *header);
static head_kind header_kind(int fd, results_order *order)
{
    char buf[2048];
    if (!first_line(fd, buf, sizeof buf))
        return HEAD_OTHER;
    if (strncmp(buf, RESULTS_BOM, 3) == 0) /* before the columns: it hides the first one */
        return HEAD_BOM;
    if (column_order(buf, order))
        return HEAD_OURS;
    /* schema 1, an older schema, or columns added or missing: migrate rewrites any of them */
    return names_required_columns(buf) ? HEAD_OLDER : HEAD_OTHER;
}

bool results_is_results_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0)
        return false;
    struct stat st;
    char buf[2048];
    bool ours = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && first_line(fd, buf, sizeof buf) &&
                names_required_columns(buf);
    close(fd);
    return ours;
}

/* Any schema, any column order: every required column is named. */
static bool names_required_columns(const char *header)
{
    bool ours = true;
    for (size_t i = 0; i < results_ncolumns && ours; ++i) {
        if (!results_columns[i].required)
            continue;
        const char *name = results_columns[i].name;
        size_t n = strlen(name);
        bool found = false;
        for (const char *p = header; *p && !found; p += strcspn(p, ","), p += *p == ',')
            found = strncmp(p, name, n) == 0 && (p[n] == ',' || p[n] == '\0');
        ours = found;
    }
    return ours;
}

static int refuse_header(const char *path, head_kind kind, char *err, size_t errlen)
{
    if (kind == HEAD_OLDER)
        snprintf(err, errlen, "--csv %s: the file is in an older results schema (written by an older parbench) or "
                 "its columns are not exactly schema %d's; run `parbench migrate %s` to rewrite it in schema %d (the "
                 "original is kept), or choose a new file", path, RESULTS_SCHEMA, path, RESULTS_SCHEMA);
    else if (kind == HEAD_BOM)
        snprintf(err, errlen, "--csv %s: the file starts with a UTF-8 byte order mark (saved by an editor or a "
                 "spreadsheet?); " RESULTS_BOM_ADVICE ", or choose a new file", path);
    else
        snprintf(err, errlen, "--csv %s: the file has a different header (not a parbench schema-%d results file); "
                 "choose a new file", path, RESULTS_SCHEMA);
    return PB_BAD_INPUT;
}

int results_check(const char *path, char *err, size_t errlen)
{
    bool exists;
    int st = path_check_append("--csv", path, &exists, err, errlen); /* appending needs no folder write */
    if (st != PB_OK || !exists)
        return st; /* a new file: the header is written with the first row */
    int fd = open(path, O_RDWR | O_APPEND | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, errlen, "--csv %s: cannot open for appending: %s", path, strerror(errno));
        return PB_BAD_INPUT;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    char last = '\n';
    results_order order;
    head_kind kind = size == 0 ? HEAD_OURS : header_kind(fd, &order);
    bool read_last = size == 0 || pread(fd, &last, 1, size - 1) == 1;
    close(fd);
    if (kind != HEAD_OURS)
        return refuse_header(path, kind, err, errlen);
    if (!read_last || last != '\n') {
        snprintf(err, errlen, "--csv %s: its last line is cut off (no end of line), so a new row would be "
                 "glued to it; repair the file or choose a new one", path);
        return PB_BAD_INPUT;
    }
    return PB_OK;
}

/* Writes all of buf at the end of fd (a full disk may take part of it). */
static bool write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            return false;
        }
        buf += w;
        n -= (size_t)w;
    }
    return true;
}

int results_append(const char *path, const result_record *rec, char *err, size_t errlen)
{
    /* Created here (O_EXCL), a file that cannot even take its header is removed again. */
    bool created = true;
    int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL, 0644);
    if (fd < 0 && errno == EEXIST) {
        created = false;
        fd = open(path, O_RDWR | O_APPEND | O_NONBLOCK);
    }
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
    head_kind kind;
    results_order order, *file_order = NULL; /* NULL: a new file, in the schema's order */
    line l = {0};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "--csv %s: not a regular file", path);
        status = PB_RUNTIME_ERROR;
    } else if (st.st_size == 0) {
        put(&l, results_header(), strlen(results_header()));
        put(&l, "\n", 1);
    } else if ((kind = header_kind(fd, &order)) != HEAD_OURS) {
        status = refuse_header(path, kind, err, errlen);
    } else {
        file_order = &order;
        /* The last line was whole when checked before the run; if something cut it
         * since, start on a new line so that at least this row stays whole. */
        char last;
        if (pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n')
            put(&l, "\n", 1);
    }
    size_t n = 0;
    char *row = status == PB_OK ? results_format_row(rec, file_order, &n) : NULL;
    if (status == PB_OK) {
        if (row)
            put(&l, row, n);
        if (!row || l.failed) {
            snprintf(err, errlen, "--csv %s: out of memory for a row", path);
            status = PB_RUNTIME_ERROR;
        } else if (!write_all(fd, l.buf, l.len)) {
            int why = errno;
            /* never leave part of a row: cut the file back to what it held */
            bool restored = ftruncate(fd, st.st_size) == 0;
            if (created && st.st_size == 0)
                restored = unlink(path) == 0;
            snprintf(err, errlen, "--csv %s: %s; the row was not written%s", path,
                     why == ENOSPC ? "no space left on device"
                     : why == EFBIG ? "the file-size limit (ulimit -f) is reached"
                                    : strerror(why),
                     restored ? (created && st.st_size == 0 ? " and the new file was removed"
                                                            : ", the file is as it was")
                              : "; the file may end in a partial row");
            status = PB_RUNTIME_ERROR;
        }
    }
    free(row);
    free(l.buf);
    flock(fd, LOCK_UN);
    close(fd);
    return status;
}

int results_write_file(const char *path, const result_record *rows, size_t n, char *err, size_t errlen)
{
    out_file o;
    if (out_file_open(&o, path, err, errlen) != PB_OK)
        return PB_RUNTIME_ERROR;
    fprintf(o.f, "%s\n", results_header());
    for (size_t i = 0; i < n; ++i) {
        size_t len;
        char *row = results_format_row(&rows[i], NULL, &len);
        if (!row) {
            out_file_abort(&o);
            snprintf(err, errlen, "%s: out of memory for a row", path);
            return PB_RUNTIME_ERROR;
        }
        fwrite(row, 1, len, o.f);
        free(row);
    }
    return out_file_commit(&o, true, err, errlen);
}
