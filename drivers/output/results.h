/* One result record per run, and the one CSV writer. A row is appended with a single
 * write() under an exclusive advisory lock, so concurrent runs never interleave and an
 * interrupted run leaves only whole rows. */
#ifndef PARBENCH_RESULTS_H
#define PARBENCH_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct result_record {
    char kernel[32];
    char variant[32];
    uint64_t size;
    int threads, ranks, reps, warmup;
    uint64_t seed;
    double time_s;      /* median over reps (each rep: max over ranks) */
    double time_min_s, time_max_s, cv;
    double throughput;
    char unit[24];
    char result[64];    /* the exact answer, as the kernel prints it */
    bool verified;
    char machine[96];
    char timestamp[32]; /* ISO 8601, UTC */
    double cpu_s;       /* CPU seconds per repetition, summed over threads and ranks */
    char notes[160];    /* ';'-separated warnings: cv-high, below-timer-resolution, oversubscribed */
    char tag[32];       /* the run's --tag: groups rows into series ("weak" marks weak scaling) */
    char hosts[256];    /* distinct hosts of the ranks with their rank counts: "node1*4;node2*4" */
    /* Columns of the I/O drivers, empty for the compute kernels. */
    char requests[24], latency_ms[24], concurrency[24];
    char overlap_osu_pct[16], overlap_imb_pct[16];
} result_record;

/* The header line, without the newline. */
const char *results_header(void);

/* Whether the file at path starts with our header line: a parbench results CSV. */
bool results_is_results_file(const char *path);

/* Formats rec as one CSV line ending in '\n'. Returns the length, or 0 if buf is too small. */
size_t results_format_row(const result_record *rec, char *buf, size_t len);

/* Checks, before any work, that path can take rows: its directory exists and is
 * writable, and an existing file has exactly our header. PB_OK or PB_BAD_INPUT. */
int results_check(const char *path, char *err, size_t errlen);

/* Appends rec (and the header if the file is new). PB_OK, PB_BAD_INPUT (different
 * header) or PB_RUNTIME_ERROR (I/O), with a one-line reason in err. */
int results_append(const char *path, const result_record *rec, char *err, size_t errlen);

/* Fills timestamp with the current UTC time. */
void results_timestamp(char *buf, size_t len);

#endif
