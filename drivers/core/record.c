#include "core/record.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
_Static_assert(sizeof results_columns / sizeof results_columns[0] <= RESULTS_MAX_COLUMNS,
               "raise RESULTS_MAX_COLUMNS (core/record.h)");

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

void results_timestamp(char *buf, size_t len)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
