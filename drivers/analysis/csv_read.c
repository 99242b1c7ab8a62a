#include "analysis/csv_read.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kernel.h"
#include "cli/parse.h"

#define MAX_FIELDS 40

/* Splits one CSV line in place (RFC 4180 quoting, no embedded newlines). Returns the
 * number of fields, or -1 for a malformed quote. */
static int split_csv(char *line, char **fields, int cap)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n == cap)
            return -1;
        if (*p == '"') {
            char *out = ++p;
            fields[n++] = out;
            for (;;) {
                if (*p == '\0')
                    return -1;
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
        } else {
            fields[n++] = p;
            char *comma = strchr(p, ',');
            if (!comma)
                return n;
            *comma = '\0';
            p = comma + 1;
        }
    }
}

/* A finite number >= 0: every number parbench writes is a time, a rate or a ratio. */
static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return *s && *end == '\0' && errno == 0 && isfinite(*out) && *out >= 0;
}

static int to_int(const char *s, int *out)
{
    uint64_t v;
    const char *why;
    if (!parse_uint(s, 0, 1u << 30, &v, &why))
        return 0;
    *out = (int)v;
    return 1;
}

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

/* Fields become file names (kernel, machine) and gnuplot strings (names, unit, date):
 * a results folder handed in by someone else must not be able to write outside the
 * output folder or smuggle gnuplot commands (quotes, backquotes) into the plots. So
 * every field keeps to the characters parbench itself writes there. */
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

/* Free text (notes, hosts, results, I/O columns): printable, without quotes,
 * backquotes, backslashes or '@' (gnuplot's macro sign). */
static bool is_text(const char *s)
{
    for (; *s; ++s)
        if (*s < 0x20 || *s > 0x7e || strchr("\"'`\\@", *s))
            return false;
    return true;
}

/* Fills r from the fields of one row; 0 names the first bad column in *bad. */
static int fill(result_record *r, char **f, char *const *names, const char **bad)
{
    uint64_t u;
    const char *why;
    memset(r, 0, sizeof *r);
    COPY(r->kernel, f[0]);
    COPY(r->variant, f[1]);
    if (!is_name(f[0], false) || !is_name(f[1], false))
        return *bad = "kernel/variant (letters, digits, '.', '_', '-')", 0;
    if (!parse_uint(f[2], 0, UINT64_MAX, &r->size, &why))
        return *bad = "size", 0;
    if (!to_int(f[3], &r->threads) || r->threads < 1)
        return *bad = "threads", 0;
    if (!to_int(f[4], &r->ranks) || r->ranks < 1)
        return *bad = "ranks", 0;
    if ((int64_t)r->threads * r->ranks > (1 << 24)) /* workers are counted in int everywhere */
        return *bad = "threads x ranks (more than 2^24 workers)", 0;
    if (!to_int(f[5], &r->reps))
        return *bad = "reps", 0;
    if (!parse_number(f[6], &r->time_s) || !parse_number(f[7], &r->time_min_s) || !parse_number(f[8], &r->time_max_s))
        return *bad = "time_s", 0;
    if (!parse_number(f[9], &r->throughput))
        return *bad = "throughput", 0;
    COPY(r->unit, f[10]);
    if (!has_only(f[10], "/ %()"))
        return *bad = "unit", 0;
    COPY(r->result, f[11]);
    if (strcmp(f[12], "true") != 0 && strcmp(f[12], "false") != 0)
        return *bad = "verified", 0;
    r->verified = strcmp(f[12], "true") == 0;
    COPY(r->machine, f[13]);
    if (!is_name(f[13], false))
        return *bad = "machine (letters, digits, '.', '_', '-')", 0;
    COPY(r->timestamp, f[14]);
    if (!has_only(f[14], ":+ "))
        return *bad = "timestamp", 0;
    if (!parse_number(f[15], &r->cv))
        return *bad = "cv", 0;
    if (!to_int(f[16], &r->warmup))
        return *bad = "warmup", 0;
    if (!parse_uint(f[17], 0, UINT64_MAX, &u, &why))
        return *bad = "seed", 0;
    r->seed = u;
    if (!parse_number(f[18], &r->cpu_s))
        return *bad = "cpu_s", 0;
    COPY(r->notes, f[19]);
    COPY(r->tag, f[20]);
    COPY(r->hosts, f[21]);
    COPY(r->requests, f[22]);
    COPY(r->latency_ms, f[23]);
    COPY(r->concurrency, f[24]);
    COPY(r->overlap_osu_pct, f[25]);
    COPY(r->overlap_imb_pct, f[26]);
    if (!is_name(f[20], true))
        return *bad = "tag (letters, digits, '.', '_', '-')", 0;
    for (int i = 11; i <= 26; i++)
        if (!is_text(f[i]))
            return *bad = names[i], 0;
    return 1;
}

int csv_read_results(const char *path, record_list *list, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        return PB_BAD_INPUT;
    }
    char header_copy[1024];
    snprintf(header_copy, sizeof header_copy, "%s", results_header());
    char *hf[MAX_FIELDS];
    int ncols = split_csv(header_copy, hf, MAX_FIELDS);
    char line[4096];
    int lineno = 0, status = PB_OK;
    size_t before = list->n;
    while (status == PB_OK && fgets(line, sizeof line, f)) {
        ++lineno;
        size_t len = strlen(line);
        if (len == 0 || line[len - 1] != '\n') {
            snprintf(err, errlen, "%s: line %d: cut off (no end of line)", path, lineno);
            status = PB_BAD_INPUT;
            break;
        }
        line[--len] = '\0';
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (lineno == 1) {
            if (strcmp(line, results_header()) != 0) {
                snprintf(err, errlen, "%s: not a parbench results file (its header differs from parbench's)", path);
                status = PB_BAD_INPUT;
            }
            continue;
        }
        char *fields[MAX_FIELDS];
        int n = split_csv(line, fields, MAX_FIELDS);
        if (n != ncols) {
            snprintf(err, errlen, "%s: line %d: expected %d fields, found %d", path, lineno, ncols, n);
            status = PB_BAD_INPUT;
            break;
        }
        if (list->n == list->cap) {
            size_t cap = list->cap ? 2 * list->cap : 64;
            result_record *rows = realloc(list->rows, cap * sizeof *rows);
            if (!rows) {
                snprintf(err, errlen, "%s: out of memory", path);
                status = PB_RUNTIME_ERROR;
                break;
            }
            list->rows = rows;
            list->cap = cap;
        }
        const char *bad = NULL;
        if (!fill(&list->rows[list->n], fields, hf, &bad)) {
            snprintf(err, errlen, "%s: line %d: bad value in column %s", path, lineno, bad);
            status = PB_BAD_INPUT;
            break;
        }
        list->n++;
    }
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

void record_list_free(record_list *list)
{
    free(list->rows);
    list->rows = NULL;
    list->n = list->cap = 0;
}
