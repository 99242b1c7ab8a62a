/* One result record per run, and the schema of its columns (names, kinds, what a text
 * column may hold): what the harness fills and every writer and reader of results
 * files shares (output/results.c writes rows, output/csv_read.c reads them). */
#ifndef PARBENCH_RECORD_H
#define PARBENCH_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The schema rows are written in. Schema 1 (no `schema` column) is what parbench wrote
 * before 2026-12; schema 2 added the samples and how the host ran them; schema 3 adds
 * the execution model and the quiet gate's record (attempts, wait_s, others_busy);
 * schema 4 the server's figures (compute_ms, p50_ms, p99_ms: io server).
 * Older files are read as they are (a column they lack stays unknown), and `parbench
 * migrate` rewrites them in this schema. */
#define RESULTS_SCHEMA 4

/* A number that does not apply to a row (the I/O columns of a compute kernel, a roof
 * without a peak measurement) is NaN in the record and an empty field in the CSV. */
typedef struct result_record {
    int schema;              /* of the row as read; rows written are RESULTS_SCHEMA */
    /* what ran */
    char kernel[32], variant[32];
    uint64_t size;
    int threads, ranks, reps, warmup;
    uint64_t seed;
    /* time: each repetition is the maximum over the ranks */
    double time_s;           /* median */
    double time_min_s, time_max_s, cv;
    double ci_low_s, ci_high_s; /* 95% confidence interval of the median */
    double *samples;         /* every timed repetition, in order (malloc'ed; see result_record_free) */
    size_t nsamples;
    /* rates */
    double throughput;       /* work per second at the median, in unit */
    char unit[24];
    double gflops, gbytes_s, pct_peak; /* against the machine's roofline; NaN when unknown */
    /* the answer */
    char result[64];         /* the exact answer, as the kernel prints it */
    bool verified;
    /* how the host ran it */
    double cpu_s;            /* CPU seconds per repetition, all threads and ranks */
    double cores_busy;       /* cpu_s / time_s */
    double load1;            /* the load average when the run started */
    int usable_cores;        /* the cores this process could use (affinity, CPU quota) */
    char placement[256];     /* the CPUs each rank's threads ran on: "r0:0-1;r1:2-3" */
    double imbalance;        /* the slowest worker's busy time over the mean */
    /* where, when, and what it means */
    char machine[96];
    char timestamp[32];      /* ISO 8601, UTC */
    char hosts[256];         /* distinct hosts of the ranks with their rank counts: "node1*4;node2*4" */
    char tag[32];            /* the run's --tag: groups rows into series ("weak" marks weak scaling) */
    char notes[256];         /* ';'-separated flags: cv-high, oversubscribed, starved, ... */
    /* schema 3: how the variant runs, and the quiet gate (plan/runner.c) */
    char model[16];          /* "serial", "threads", "mpi", "hybrid" */
    int attempts;            /* the runs of this step; the row is the best-founded one (0: not recorded) */
    double wait_s;           /* seconds the step waited for its cores before the kept attempt */
    double others_busy;      /* cores kept busy by other processes when the kept attempt started */
    /* what the kernel's annotate leaves for the plan's summary (the timeline demo's steps,
     * output/timeline.h); not a column: never written or read */
    char detail[256];
    /* the I/O drivers' own figures */
    double requests, latency_ms, concurrency, overlap_osu_pct, overlap_imb_pct;
    /* schema 4, io server: the CPU work of each request (its wait is latency_ms), and
     * the requests' latencies from sent to answered, median and 99th percentile */
    double compute_ms, p50_ms, p99_ms;
} result_record;

/* A record with every optional number unknown (NaN) and nothing else set. */
void result_record_init(result_record *r);
/* Frees the samples; the record stays usable (no samples). */
void result_record_free(result_record *r);
/* Copies the samples into r (replacing any). False when out of memory. */
bool result_record_set_samples(result_record *r, const double *x, size_t n);

/* The schema: one entry per column, in the order rows are written. */
typedef enum { COL_SCHEMA, COL_TEXT, COL_U64, COL_INT, COL_REAL, COL_BOOL, COL_SAMPLES } col_kind;
/* What a text column may hold when read back from a file someone else wrote. */
typedef enum { CHK_NAME, CHK_NAME_OR_EMPTY, CHK_UNIT, CHK_TIMESTAMP, CHK_TEXT } col_check;
typedef struct {
    const char *name;
    col_kind kind;
    size_t offset;       /* of the field in result_record */
    size_t size;         /* text columns: the field's size */
    const char *format;  /* real columns: the printf format */
    col_check check;     /* text columns */
    bool required;       /* a reader refuses a file without this column */
    int min;             /* int columns: the smallest value; real columns: 0 (>= 0) or -1 (any sign) */
} result_column;

/* Room for every column (record.c asserts the schema fits): what a file's column order
 * (output/results.h) is sized by. */
#define RESULTS_MAX_COLUMNS 64
extern const result_column results_columns[];
extern const size_t results_ncolumns;
const result_column *results_column(const char *name);

/* "2026-12-06T21:38:00Z": now, UTC, as the timestamp column holds it. */
void results_timestamp(char *buf, size_t len);

#endif
