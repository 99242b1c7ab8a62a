/* A client's session with its own simulated device (io/device.h), as the io latency and
 * io server drivers and the timeline demo keep one between setup and teardown: the
 * device process and our connections to it, and the tally of the harness's runs over
 * them: how many ran, how many had every request answered right, and the first error,
 * which verify reports once. One place for it, so that the drivers agree on what a
 * failed run is and how it ends a step (exit 1 for a wrong answer, 3 for a broken
 * connection). */
#ifndef PARBENCH_IO_DEVICE_SESSION_H
#define PARBENCH_IO_DEVICE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "io/device.h"

typedef struct {
    pid_t device;        /* 0: none started */
    int *fds, nfds;      /* our ends, one connection per client thread */
    uint64_t runs, good_runs;
    bool wrong;          /* err is about a wrong reply or answer, not a broken connection */
    char err[256];       /* the first failed run's error, "run N: ..."; "" while none */
} io_session;

/* What one client (a thread, or a whole mode) achieved in a run: replies checked and
 * right, and the first error: a wrong reply or answer (wrong: exit 1) or a failure to
 * talk to the device at all (exit 3). */
typedef struct {
    uint64_t verified;
    bool wrong;
    char err[200];
} io_outcome;
/* A thread's outcome added to the run's: counts summed, the first error kept with the
 * thread's number. */
void io_outcome_add(io_outcome *run, const io_outcome *thread, int number);

/* Starts the device with nfds connections, every blocking read on them bounded by
 * timeout_ms (io_device_open: count_flag names the option that asked for more than
 * one). PB_OK, or PB_BAD_INPUT / PB_RUNTIME_ERROR with err and nothing left open. */
int io_session_open(io_session *s, int nfds, const io_device_cfg *cfg, int timeout_ms, const char *count_flag,
                    char *err, size_t errlen);
/* Stops the device and frees the connections; fine on a zeroed or closed session. */
void io_session_close(io_session *s);

/* A run begins: its number, from 1, which its requests' ids carry as their epoch. */
uint64_t io_session_run_begins(io_session *s);
/* The run ended with run_err (non-empty; wrong: about a wrong answer), or without one
 * and `answered` of its `requests` answered right. The first error is kept; a run
 * without one that answered all is good: the return. */
bool io_session_run_ends(io_session *s, const char *run_err, bool wrong, uint64_t answered, uint64_t requests);
/* verify's verdict on the runs: PB_OK when every one was good; else err reads
 * "WHO: run N: ..." (PB_VERIFY_FAILED when wrong, else PB_RUNTIME_ERROR) or "WHO: K of
 * N runs did not FELL_SHORT" (PB_VERIFY_FAILED). */
int io_session_verdict(const io_session *s, const char *who, const char *fell_short, char *err, size_t errlen);

#endif
