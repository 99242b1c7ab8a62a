/* What the io drivers' uring modes share: a ring set up with the cheapest completion
 * handling the kernel accepts. Built only with liburing (PARBENCH_HAVE_URING). */
#ifndef PARBENCH_IO_URING_H
#define PARBENCH_IO_URING_H

#include <stdbool.h>
#include <stddef.h>

#include "parbench_config.h"

#if PARBENCH_HAVE_URING
#include <liburing.h>

/* A ring of `entries` submission slots, owned by the calling thread only. It asks for
 * DEFER_TASKRUN + SINGLE_ISSUER (Linux 6.1: completions are posted only when this
 * thread waits, never interrupting it), then COOP_TASKRUN (5.19), then nothing. False
 * with the reason in err when the kernel refuses io_uring altogether (too old, or
 * disabled by kernel.io_uring_disabled or a seccomp filter). */
bool uring_open(struct io_uring *ring, unsigned entries, char *err, size_t errlen);
#endif

#endif
