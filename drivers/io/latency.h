/* The clients of `parbench io latency`: the same requests to the same simulated device,
 * waited for in three ways. Each checks every reply (see check in io_latency_clients.c). */
#ifndef PARBENCH_IO_LATENCY_H
#define PARBENCH_IO_LATENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/work.h"

/* One run's bookkeeping, shared by the threads of the threads mode: each thread touches
 * only the indices it sends, so no lock is needed. */
typedef struct {
    uint64_t epoch;           /* run number, the high 32 bits of every id */
    uint64_t requests;
    uint32_t *sent_crc;       /* by request index: the checksum we sent */
    work_mark *sent_at;       /* by request index: when it was sent (for --trace) */
    unsigned char *answered;  /* by request index: a reply was verified */
    int timeout_ms;           /* a reply later than this is an error, not a hang */
    /* Optional (NULL: none), by request index: names for the trace ("A1": the timeline
     * demo's steps), and when each reply was verified (on the work clock). */
    const char *const *labels;
    double *replied_at;
} lat_run;

/* The outcome of one client: replies verified, and the first error (err[0] == 0 if none):
 * a wrong reply (wrong_reply: the answer is wrong, exit 1) or a failure to talk to the
 * device at all (a runtime failure, exit 3). */
typedef struct {
    uint64_t verified;
    bool wrong_reply;
    char err[200];
} lat_result;

/* send, wait, repeat: requests first, first + stride, ... on a blocking socket. */
void lat_blocking(int fd, lat_run *r, uint64_t first, uint64_t stride, lat_result *out);

/* One thread, a nonblocking socket, up to `inflight` requests outstanding, poll() for
 * completions. */
void lat_nonblocking(int fd, lat_run *r, uint64_t inflight, lat_result *out);

/* nthreads threads, thread t doing lat_blocking on fds[t] for requests t, t + nthreads, ... */
void lat_threads(const int *fds, int nthreads, lat_run *r, lat_result *out);

#endif
