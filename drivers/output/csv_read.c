#include "output/csv_read.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/grow.h"
#include "base/parse.h"
#include "core/kernel.h"

#define MAX_FIELDS 96

/* Splits one CSV line in place (RFC 4180 quoting, no embedded newlines). Returns the
 * number of fields, -1 for a malformed quote or too many fields, or SPLIT_OPEN_QUOTE
 * for a quoted field still open at the end of the line (a line break inside a field:
 * parbench never writes one, and this reader reads a row per line). */
#define SPLIT_OPEN_QUOTE (-2)
static int split_csv(char *line, char **fields, int cap)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n == cap)
            return -1;
        if (*p != '"') {
            fields[n++] = p;
            char *comma = strchr(p, ',');
            if (!comma)
                return n;
            *comma = '\0';
            p = comma + 1;
            continue;
        }
        char *out = ++p;
        fields[n++] = out;
        for (;;) {
            if (*p == '\0')
                return SPLIT_OPEN_QUOTE;
            if (*p == '"' && p[1] == '"') {
                *out++ = '"';
                p += 2;
            } else if (*p == '"') {
                ++p;
                break;
            } else {
                *out++ = *p++;
            }
        }
        if (*p != ',' && *p != '\0')
            return -1;
        char sep = *p;
        *out = '\0';
        if (sep == '\0')
            return n;
        ++p;
    }
}

/* A finite decimal number (no hex, no inf/nan): every number parbench writes is a
 * time, a rate, a count or a percentage. */
static bool parse_real(const char *s, bool may_be_negative, double *out)
{
    const char *digits = s + (may_be_negative && *s == '-');
    if (!(*digits >= '0' && *digits <= '9') || strpbrk(s, "xXpP"))
        return false;
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return *end == '\0' && errno == 0 && isfinite(*out);
}

/* Fields become file names (kernel, machine, tag) and gnuplot strings (names, unit,
 * date): a results folder handed in by someone else must not be able to write outside
 * the output folder or smuggle commands into the plots, so every field keeps to the
 * characters parbench itself writes there. */
#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"
static bool is_name(const char *s, bool may_be_empty)
{
    if (!*s)
        return may_be_empty;
    return s[0] != '.' && s[0] != '-' && strspn(s, NAME_CHARS) == strlen(s);
}

static bool has_only(const char *s, const char *extra)
{
    for (; *s; ++s)
        if (!strchr(NAME_CHARS, *s) && !strchr(extra, *s))
            return false;
    return true;
}

/* Free text (notes, hosts, result, placement): printable ASCII, without quotes,
 * backquotes, backslashes or '@' (gnuplot's macro sign). */
static bool is_text(const char *s)
{
    for (; *s; ++s)
        if (*s < 0x20 || *s > 0x7e || strchr("\"'`\\@", *s))
            return false;
    return true;
}

static bool text_ok(const char *s, col_check check)
{
    switch (check) {
    case CHK_NAME:
        return is_name(s, false);
    case CHK_NAME_OR_EMPTY:
        return is_name(s, true);
    case CHK_UNIT:
        return has_only(s, "/ %()");
    case CHK_TIMESTAMP:
        return has_only(s, ":+ ");
    case CHK_TEXT:
        return is_text(s);
    }
    return false;
}

/* The samples column: false when a value is bad, or (with *oom set) when memory for
 * them is short, which is no fault of the file's. */
static bool parse_samples(const char *s, result_record *r, bool *oom)
{
    if (!*s)
        return true;
    size_t n = 1;
    for (const char *p = s; *p; ++p)
        n += *p == ';';
    double *x = malloc(n * sizeof *x);
    char *copy = strdup(s);
    bool ok = x && copy;
    *oom = !ok;
    size_t k = 0;
    for (char *save = NULL, *tok = ok ? strtok_r(copy, ";", &save) : NULL; ok && tok; tok = strtok_r(NULL, ";", &save))
        ok = k < n && parse_real(tok, false, &x[k++]);
    free(copy);
    if (!ok || k != n) {
        free(x);
        return false;
    }
    r->samples = x;
    r->nsamples = n;
    return true;
}

/* One field into its place in r; false when it is not what parbench writes there. */
static bool fill_field(result_record *r, const result_column *c, const char *s, bool *oom)
{
    void *field = (char *)r + c->offset;
    uint64_t u;
    const char *why;
    double d;
    switch (c->kind) {
    case COL_SCHEMA:
        if (!parse_uint(s, 1, RESULTS_SCHEMA, &u, &why))
            return false;
        r->schema = (int)u;
        return true;
    case COL_TEXT:
        if (strlen(s) >= c->size || !text_ok(s, c->check))
            return false;
        memcpy(field, s, strlen(s) + 1);
        return true;
    case COL_U64:
        if (!parse_uint(s, 0, UINT64_MAX, &u, &why))
            return false;
        memcpy(field, &u, sizeof u);
        return true;
    case COL_INT:
        if (!*s && !c->required)
            return true; /* stays 0: not recorded */
        if (!parse_uint(s, (uint64_t)c->min, 1u << 30, &u, &why))
            return false;
        *(int *)field = (int)u;
        return true;
    case COL_REAL:
        if (!*s)
            return !c->required; /* stays NaN: does not apply */
        if (!parse_real(s, c->min < 0, &d) || (c->min >= 0 && d < 0))
            return false;
        *(double *)field = d;
        return true;
    case COL_BOOL:
        if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
            return false;
        *(bool *)field = strcmp(s, "true") == 0;
        return true;
    case COL_SAMPLES:
        return parse_samples(s, r, oom);
    }
    return false;
}

int csv_check_readable(const char *path, const char *what, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return snprintf(err, errlen, "%s: cannot read the %s: %s", path, what, strerror(errno)), PB_BAD_INPUT;
    if (!S_ISREG(st.st_mode))
        return snprintf(err, errlen, "%s: the %s is not a regular file (a %s); expected a file", path, what,
                        S_ISDIR(st.st_mode) ? "directory" : S_ISFIFO(st.st_mode) ? "FIFO" : "device or socket"),
               PB_BAD_INPUT;
    return PB_OK;
}

/* Opens path for reading without ever blocking (a FIFO swapped in after the check). */
static FILE *open_regular(const char *path, char *err, size_t errlen)
{
    if (csv_check_readable(path, "results file", err, errlen) != PB_OK)
        return NULL;
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: cannot read: %s", path, fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

/* The header: for each field, its column in the schema (NULL: passed over). */
static int map_header(const char *path, char *line, const result_column **map, int *nfields, record_list *list,
                      char *err, size_t errlen)
{
    char *names[MAX_FIELDS];
    int n = split_csv(line, names, MAX_FIELDS);
    if (n < 0)
        return snprintf(err, errlen, "%s: line 1: not a CSV header", path), PB_BAD_INPUT;
    char unknown[256] = "";
    for (int i = 0; i < n; ++i) {
        map[i] = results_column(names[i]);
        for (int j = 0; j < i && map[i]; ++j)
            if (map[j] == map[i])
                return snprintf(err, errlen, "%s: the header names column '%s' twice", path, names[i]),
                       PB_BAD_INPUT;
        if (!map[i] && is_text(names[i]))
            snprintf(unknown + strlen(unknown), sizeof unknown - strlen(unknown), "%s%.40s", unknown[0] ? ", " : "",
                     names[i]);
        else if (!map[i])
            snprintf(unknown + strlen(unknown), sizeof unknown - strlen(unknown), "%s(a name with odd characters)",
                     unknown[0] ? ", " : "");
    }
    for (size_t c = 0; c < results_ncolumns; ++c) {
        bool found = false;
        for (int i = 0; i < n && !found; ++i)
            found = map[i] == &results_columns[c];
        if (results_columns[c].required && !found)
            return snprintf(err, errlen, "%s: not a parbench results file: it has no '%s' column", path,
                            results_columns[c].name),
                   PB_BAD_INPUT;
    }
    if (unknown[0]) {
        size_t used = strlen(list->unknown);
        snprintf(list->unknown + used, sizeof list->unknown - used, "%s%.100s: %s", used ? "; " : "", path, unknown);
    }
    *nfields = n;
    return PB_OK;
}

static int grow(record_list *list)
{
    void *rows = list->rows;
    bool ok = grow_for_one(&rows, list->n, &list->cap, sizeof *list->rows, 64);
    list->rows = rows;
    return ok ? PB_OK : PB_RUNTIME_ERROR;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Whether x is within the rounding of the 9 significant digits time_s is written with. */
static bool near(double x, double y) { return fabs(x - y) <= 1e-6 * fmax(fabs(x), fabs(y)); }

/* A row that contradicts itself is no measurement (someone edited it): its repetitions
 * against its samples, its median against theirs (for an even count, anything between
 * the two middle samples), its fastest against its slowest. NULL, or what is wrong;
 * *oom when memory for sorting the samples is short. */
static const char *contradiction(const result_record *r, char *why, size_t len, bool *oom)
{
    if (isfinite(r->time_min_s) && isfinite(r->time_max_s) && r->time_min_s > r->time_max_s + 1e-6 * r->time_max_s)
        return snprintf(why, len, "time_min_s %.9g is above time_max_s %.9g", r->time_min_s, r->time_max_s), why;
    if (r->nsamples == 0)
        return NULL;
    if (r->reps > 0 && (size_t)r->reps != r->nsamples)
        return snprintf(why, len, "reps is %d but the samples column holds %zu", r->reps, r->nsamples), why;
    double *sorted = malloc(r->nsamples * sizeof *sorted);
    if (!sorted)
        return *oom = true, snprintf(why, len, "out of memory for %zu samples", r->nsamples), why;
    memcpy(sorted, r->samples, r->nsamples * sizeof *sorted);
    qsort(sorted, r->nsamples, sizeof *sorted, by_value);
    double lo = sorted[(r->nsamples - 1) / 2], hi = sorted[r->nsamples / 2];
    free(sorted);
    if (!(r->time_s >= lo || near(r->time_s, lo)) || !(r->time_s <= hi || near(r->time_s, hi)))
        return snprintf(why, len, "time_s %.9g is not the median of its %zu samples (%.9g)", r->time_s, r->nsamples,
                        0.5 * (lo + hi)), why;
    return NULL;
}

/* One data line into a new row at the end of list. */
static int read_row(const char *path, int lineno, char *line, const result_column **map, int nfields,
                    record_list *list, char *err, size_t errlen)
{
    char *fields[MAX_FIELDS];
    int n = split_csv(line, fields, MAX_FIELDS);
    if (n == SPLIT_OPEN_QUOTE)
        return snprintf(err, errlen, "%s: line %d: expected every row on one line, as parbench writes them: a "
                        "quoted field is not closed on its line (a line break inside a field?)", path, lineno),
               PB_BAD_INPUT;
    if (n < 0)
        return snprintf(err, errlen, "%s: line %d: a malformed quote or more than %d fields", path, lineno,
                        MAX_FIELDS),
               PB_BAD_INPUT;
    if (n != nfields)
        return snprintf(err, errlen, "%s: line %d: expected %d fields, found %d", path, lineno, nfields, n),
               PB_BAD_INPUT;
    if (grow(list) != PB_OK)
        return snprintf(err, errlen, "%s: out of memory", path), PB_RUNTIME_ERROR;
    result_record *r = &list->rows[list->n];
    result_record_init(r);
    r->schema = 1; /* unless the row says otherwise */
    bool oom = false;
    for (int i = 0; i < n; ++i)
        if (map[i] && !fill_field(r, map[i], fields[i], &oom)) {
            result_record_free(r);
            if (oom)
                return snprintf(err, errlen, "%s: line %d: out of memory for the %zu bytes of column %s", path, lineno,
                                strlen(fields[i]), map[i]->name),
                       PB_RUNTIME_ERROR;
            return snprintf(err, errlen, "%s: line %d: bad value in column %s", path, lineno, map[i]->name),
                   PB_BAD_INPUT;
        }
    char why[192];
    if (contradiction(r, why, sizeof why, &oom)) {
        result_record_free(r);
        return snprintf(err, errlen, "%s: line %d: %s", path, lineno, why), oom ? PB_RUNTIME_ERROR : PB_BAD_INPUT;
    }
    if ((int64_t)r->threads * r->ranks > (1 << 24)) { /* workers are counted in int everywhere */
        result_record_free(r);
        return snprintf(err, errlen, "%s: line %d: threads x ranks is more than 2^24 workers", path, lineno),
               PB_BAD_INPUT;
    }
    list->n++;
    return PB_OK;
}

int csv_read_results(const char *path, record_list *list, char *err, size_t errlen)
{
    FILE *f = open_regular(path, err, errlen);
    if (!f)
        return PB_BAD_INPUT;
    const result_column *map[MAX_FIELDS];
    int nfields = 0, lineno = 0, status = PB_OK;
    size_t before = list->n, cap = 0;
    char *line = NULL;
    ssize_t got;
    while (status == PB_OK && (got = getline(&line, &cap, f)) >= 0) {
        ++lineno;
        size_t len = (size_t)got;
        if (len == 0 || line[len - 1] != '\n') {
            snprintf(err, errlen, "%s: line %d: cut off (no end of line)", path, lineno);
            status = PB_BAD_INPUT;
            break;
        }
        line[--len] = '\0';
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (memchr(line, '\0', len)) {
            snprintf(err, errlen, "%s: line %d: holds a NUL byte; not a text file", path, lineno);
            status = PB_BAD_INPUT;
        } else if (lineno == 1 && strncmp(line, RESULTS_BOM, 3) == 0) {
            /* an editor's or a spreadsheet's mark: the first column would not be found */
            snprintf(err, errlen, "%s: line 1 starts with a UTF-8 byte order mark (saved by an editor or a "
                     "spreadsheet?); " RESULTS_BOM_ADVICE, path);
            status = PB_BAD_INPUT;
        } else if (lineno == 1) {
            status = map_header(path, line, map, &nfields, list, err, errlen);
        } else {
            status = read_row(path, lineno, line, map, nfields, list, err, errlen);
        }
    }
    /* getline's -1 is the end of the file or a failing read (EIO, ENOMEM): never take
     * the second for the first */
    if (status == PB_OK && ferror(f)) {
        snprintf(err, errlen, "%s: cannot read%s: %s", path, lineno ? " past line" : "", strerror(errno ? errno : EIO));
        if (lineno)
            snprintf(err + strlen(err), errlen - strlen(err), " (%d lines read)", lineno);
        status = PB_RUNTIME_ERROR;
    }
    free(line);
    fclose(f);
    if (status == PB_OK && lineno == 0) {
        snprintf(err, errlen, "%s: empty file", path);
        status = PB_BAD_INPUT;
    } else if (status == PB_OK && list->n == before) {
        snprintf(err, errlen, "%s: no result rows", path);
        status = PB_BAD_INPUT;
    }
    return status;
}

void record_list_remove(record_list *list, size_t i)
{
    result_record_free(&list->rows[i]);
    memmove(&list->rows[i], &list->rows[i + 1], (list->n - i - 1) * sizeof list->rows[0]);
    list->n--;
}

const result_record **record_list_order(const record_list *list, int (*by)(const void *, const void *))
{
    const result_record **at = malloc((list->n + 1) * sizeof *at);
    if (!at)
        return NULL;
    for (size_t i = 0; i < list->n; ++i)
        at[i] = &list->rows[i];
    qsort(at, list->n, sizeof *at, by);
    return at;
}

void record_list_free(record_list *list)
{
    for (size_t i = 0; i < list->n; ++i)
        result_record_free(&list->rows[i]);
    free(list->rows);
    list->rows = NULL;
    list->n = list->cap = 0;
    list->unknown[0] = '\0';
}
