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
#include "output/outfile.h"
#include "output/paths.h"

#define F(field) offsetof(result_record, field)
#define TEXT(name, field, check, req) {name, COL_TEXT, F(field), sizeof(((result_record *)0)->field), NULL, check, req, 0}
#define REAL(name, field, fmt, req) {name, COL_REAL, F(field), 0, fmt, CHK_TEXT, req, 0}
/* a real that may be negative (an overlap that made things slower) */
#define SIGNED_REAL(name, field, fmt) {name, COL_REAL, F(field), 0, fmt, CHK_TEXT, false, -1}
#define INT(name, field, min, req) {name, COL_INT, F(field), 0, NULL, CHK_TEXT, req, min}

/* Schema 4. The first 27 columns after `schema` are schema 1's, in its order; then
 * schema 2's, schema 3's, schema 4's. */
const result_column results_columns[] = {
    {"schema", COL_SCHEMA, F(schema), 0, NULL, CHK_TEXT, false, 1},
    TEXT("kernel", kernel, CHK_NAME, true),
    TEXT("variant", variant, CHK_NAME, true),
    {"size", COL_U64, F(size), 0, NULL, CHK_TEXT, true, 0},
    INT("threads", threads, 1, true),
    INT("ranks", ranks, 1, true),
    INT("reps", reps, 0, false),
    REAL("time_s", time_s, "%.9g", true),
    REAL("time_min_s", time_min_s, "%.9g", false),
    REAL("time_max_s", time_max_s, "%.9g", false),
    REAL("throughput", throughput, "%.6g", false),
    TEXT("unit", unit, CHK_UNIT, false),
    TEXT("result", result, CHK_TEXT, false),
    {"verified", COL_BOOL, F(verified), 0, NULL, CHK_TEXT, true, 0},
    TEXT("machine", machine, CHK_NAME, true),
    TEXT("timestamp", timestamp, CHK_TIMESTAMP, false),
    REAL("cv", cv, "%.4f", false),
    INT("warmup", warmup, 0, false),
    {"seed", COL_U64, F(seed), 0, NULL, CHK_TEXT, false, 0},
    REAL("cpu_s", cpu_s, "%.6g", false),
    TEXT("notes", notes, CHK_TEXT, false),
    TEXT("tag", tag, CHK_NAME_OR_EMPTY, false),
    TEXT("hosts", hosts, CHK_TEXT, false),
    REAL("requests", requests, "%.17g", false),
    REAL("latency_ms", latency_ms, "%g", false),
    REAL("concurrency", concurrency, "%.1f", false),
    SIGNED_REAL("overlap_osu_pct", overlap_osu_pct, "%.1f"),
    SIGNED_REAL("overlap_imb_pct", overlap_imb_pct, "%.1f"),
    /* new in schema 2 */
    REAL("ci_low_s", ci_low_s, "%.9g", false),
    REAL("ci_high_s", ci_high_s, "%.9g", false),
    {"samples", COL_SAMPLES, F(samples), 0, NULL, CHK_TEXT, false, 0},
    REAL("cores_busy", cores_busy, "%.3f", false),
    REAL("load1", load1, "%.2f", false),
    INT("usable_cores", usable_cores, 0, false),
    TEXT("placement", placement, CHK_TEXT, false),
    REAL("imbalance", imbalance, "%.3f", false),
    REAL("gflops", gflops, "%.6g", false),
    REAL("gbytes_s", gbytes_s, "%.6g", false),
    REAL("pct_peak", pct_peak, "%.1f", false),
    /* new in schema 3 */
    TEXT("model", model, CHK_NAME_OR_EMPTY, false),
    INT("attempts", attempts, 1, false), /* (0 in a record: not recorded, an empty field) */
    REAL("wait_s", wait_s, "%.1f", false),
    REAL("others_busy", others_busy, "%.2f", false),
    /* new in schema 4 */
    REAL("compute_ms", compute_ms, "%g", false),
    REAL("p50_ms", p50_ms, "%.4g", false),
    REAL("p99_ms", p99_ms, "%.4g", false),
};
const size_t results_ncolumns = sizeof results_columns / sizeof results_columns[0];

static const char HEADER_V1[] =
    "kernel,variant,size,threads,ranks,reps,time_s,time_min_s,time_max_s,throughput,unit,"
    "result,verified,machine,timestamp,cv,warmup,seed,cpu_s,notes,tag,hosts,"
    "requests,latency_ms,concurrency,overlap_osu_pct,overlap_imb_pct";

const char *results_header_v1(void) { return HEADER_V1; }

const char *results_header(void)
{
    static char header[1024];
    if (!header[0]) {
        size_t pos = 0;
        for (size_t i = 0; i < results_ncolumns; ++i)
            pos += (size_t)snprintf(header + pos, sizeof header - pos, "%s%s", i ? "," : "", results_columns[i].name);
    }
    return header;
}

const result_column *results_column(const char *name)
{
    for (size_t i = 0; i < results_ncolumns; ++i)
        if (strcmp(results_columns[i].name, name) == 0)
            return &results_columns[i];
    return NULL;
}

void result_record_init(result_record *r)
{
    memset(r, 0, sizeof *r);
    r->schema = RESULTS_SCHEMA;
    for (size_t i = 0; i < results_ncolumns; ++i)
        if (results_columns[i].kind == COL_REAL)
            *(double *)((char *)r + results_columns[i].offset) = NAN;
}

void result_record_free(result_record *r)
{
    free(r->samples);
    r->samples = NULL;
    r->nsamples = 0;
}

bool result_record_set_samples(result_record *r, const double *x, size_t n)
{
    result_record_free(r);
    if (n == 0)
        return true;
    r->samples = malloc(n * sizeof *x);
    if (!r->samples)
        return false;
    memcpy(r->samples, x, n * sizeof *x);
    r->nsamples = n;
    return true;
}

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

char *results_format_row(const result_record *r, size_t *len)
{
    line l = {0};
    for (size_t i = 0; i < results_ncolumns; ++i) {
        if (i)
            put(&l, ",", 1);
        put_column(&l, &results_columns[i], r);
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

/* How the first line of fd relates to the header we write. */
typedef enum { HEAD_OURS, HEAD_OLDER, HEAD_BOM, HEAD_OTHER } head_kind;
static bool names_required_columns(const char *header);
static head_kind header_kind(int fd)
{
    char buf[2048];
    if (!first_line(fd, buf, sizeof buf))
        return HEAD_OTHER;
    if (strcmp(buf, results_header()) == 0)
        return HEAD_OURS;
    if (strncmp(buf, RESULTS_BOM, 3) == 0) /* before the columns: it hides the first one */
        return HEAD_BOM;
    /* schema 1, an older schema, or ours reordered: migrate rewrites any of them */
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
                 "its columns are in another order; run `parbench migrate %s` to rewrite it in schema %d (the "
                 "original is kept), or choose a new file", path, path, RESULTS_SCHEMA);
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
    head_kind kind = size == 0 ? HEAD_OURS : header_kind(fd);
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
    line l = {0};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "--csv %s: not a regular file", path);
        status = PB_RUNTIME_ERROR;
    } else if (st.st_size == 0) {
        put(&l, results_header(), strlen(results_header()));
        put(&l, "\n", 1);
    } else if ((kind = header_kind(fd)) != HEAD_OURS) {
        status = refuse_header(path, kind, err, errlen);
    } else {
        /* The last line was whole when checked before the run; if something cut it
         * since, start on a new line so that at least this row stays whole. */
        char last;
        if (pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n')
            put(&l, "\n", 1);
    }
    size_t n = 0;
    char *row = status == PB_OK ? results_format_row(rec, &n) : NULL;
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
        char *row = results_format_row(&rows[i], &len);
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

void results_timestamp(char *buf, size_t len)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
