/* The clients of `parbench io latency`: the same requests to the same simulated device,
 * waited for in four ways. Each checks every reply (see lat_check in latency_clients.c). */
#ifndef PARBENCH_IO_LATENCY_H
#define PARBENCH_IO_LATENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/work.h"
#include "io/device_session.h"
#include "io/proto.h"

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

/* Checks reply m against what was sent (requests first, first + stride, ... below sent):
 * true and counted in out->verified, or false with the reason in out->err. */
bool lat_check(lat_run *r, const io_msg *m, uint64_t first, uint64_t stride, uint64_t sent, io_outcome *out);

/* The next requests of a nonblocking client into sb: as many as keep at most `inflight`
 * outstanding, up to LAT_BATCH, from index *next on (advanced); their checksums and send
 * times recorded. Returns how many. */
#define LAT_BATCH 4096
uint64_t lat_fill_batch(lat_run *r, io_msg *sb, uint64_t *next, uint64_t inflight, uint64_t verified);

/* send, wait, repeat: requests first, first + stride, ... on a blocking socket. */
void lat_blocking(int fd, lat_run *r, uint64_t first, uint64_t stride, io_outcome *out);

/* One thread, a nonblocking socket, up to `inflight` requests outstanding, poll() for
 * completions. */
void lat_nonblocking(int fd, lat_run *r, uint64_t inflight, io_outcome *out);

/* One thread, io_uring: up to `inflight` requests outstanding, sends and receives
 * submitted together and completions reaped in bulk (latency_uring.c; liburing builds). */
void lat_uring(int fd, lat_run *r, uint64_t inflight, io_outcome *out);

/* nthreads threads, thread t doing lat_blocking on fds[t] for requests t, t + nthreads, ... */
void lat_threads(const int *fds, int nthreads, lat_run *r, io_outcome *out);

#endif
