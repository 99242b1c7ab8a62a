/* The simulated slow device: a separate process that answers each request after its
 * latency and holds any number of requests in flight. One thread, an epoll loop over
 * its connections and a single timerfd armed to the earliest deadline of a min-heap,
 * so 10,000 outstanding requests cost 10,000 heap entries, not 10,000 timers. */
#ifndef PARBENCH_IO_DEVICE_H
#define PARBENCH_IO_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct {
    double latency_ms;   /* every reply waits at least this long after its request arrived */
    double jitter_ms;    /* plus a uniform [0, jitter) that depends on the request id only */
    uint64_t seed;
} io_device_cfg;

/* Serves the connected stream sockets fds[0..n) until every client has closed its end.
 * Returns 0, or 3 (PB_RUNTIME_ERROR) when the event loop fails. */
int io_device_serve(const int *fds, int n, const io_device_cfg *cfg);

/* Forks a device connected to this process by n socketpairs; client_fds[i] receive our
 * (blocking) ends. Returns the device's pid, or -1 with a reason in err. */
pid_t io_device_spawn(int n, const io_device_cfg *cfg, int *client_fds, char *err, size_t errlen);

/* The same for a client of n connections (n > 1: a thread each, counted by the option
 * count_flag, "--threads"): the open-file limit checked first (PB_BAD_INPUT), and every
 * connection's blocking reads bounded by timeout_ms, so a lost reply is an error, not a
 * hang. PB_OK with *pid, else PB_BAD_INPUT or PB_RUNTIME_ERROR with err. */
int io_device_open(int n, const io_device_cfg *cfg, int timeout_ms, const char *count_flag, pid_t *pid, int *fds,
                   char *err, size_t errlen);

/* Closes our ends (the device sees EOF and exits) and reaps it. True if it exited 0. */
bool io_device_stop(pid_t pid, int *client_fds, int n);

/* `parbench io device --fd N --latency MS [--jitter MS] [--seed S]`: serves the device
 * on an inherited socket, so another client (scripts/asyncio_client.py) talks to the
 * very same device process as parbench's own clients. Returns the exit code. */
int io_device_main(int argc, char **argv);

#endif
