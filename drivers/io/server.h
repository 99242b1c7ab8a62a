/* The serving loops of `parbench io server`: requests that each wait on the simulated
 * device (io/device.h) and then compute (request_compute, a fixed amount of real CPU
 * work), `clients` of them in flight at once: a closed loop, as from `clients` users
 * who each send their next request when the last one is answered. Each loop checks
 * every reply and every answer (srv_answer) and records when each request was sent and
 * answered, for the latencies. */
#ifndef PARBENCH_IO_SERVER_H
#define PARBENCH_IO_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/device_session.h"
#include "io/proto.h"

typedef struct {
    uint64_t epoch;          /* run number, the high 32 bits of every id */
    uint64_t requests, clients;
    uint64_t steps;          /* request_compute steps per request */
    int workers;             /* hybrid: compute workers */
    int timeout_ms;          /* a reply later than this is an error, not a hang */
    uint32_t *sent_crc;      /* by request: the checksum of its payload */
    double *sent_at, *done_at; /* by request: sent to the device, answered (seconds) */
    unsigned char *answered; /* by request: answered (0 or 1; twice is an error) */
} srv_run;

/* Records request i's id and checksum and when it left (before the send). */
void srv_prepare(srv_run *r, uint64_t i, io_msg *req);
/* Checks a reply and computes its answer; false (with out->err) when the reply is not
 * one we wait for or the answer is wrong. Thread-safe for distinct requests. */
bool srv_answer(srv_run *r, const io_msg *reply, io_outcome *out);
/* Whether a reply belongs to a request of this run that is still open (its index in *idx). */
bool srv_reply_ok(srv_run *r, const io_msg *reply, uint64_t *idx, io_outcome *out);
/* Computes and checks request idx's answer from its reply. */
bool srv_compute(srv_run *r, uint64_t idx, const io_msg *reply, io_outcome *out);

/* One thread, one nonblocking connection: sends, polls, computes each answer itself. */
void srv_event_loop(int fd, srv_run *r, io_outcome *out);
/* `clients` threads, one blocking connection each (fds[t]): send, wait, compute. */
void srv_threads(const int *fds, srv_run *r, io_outcome *out);
/* One event loop for the waiting on fd, r->workers threads for the computing. */
void srv_hybrid(int fd, srv_run *r, io_outcome *out);

#endif
