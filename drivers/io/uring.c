#include "io/uring.h"

#include "core/variants.h"
#include <errno.h>

#if PARBENCH_HAVE_URING
#include <stdio.h>
#include <string.h>

bool uring_open(struct io_uring *ring, unsigned entries, char *err, size_t errlen)
{
    static const unsigned flags[] = {IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
                                     IORING_SETUP_COOP_TASKRUN, 0};
    int rc = -EINVAL;
    for (size_t i = 0; i < sizeof flags / sizeof flags[0] && rc == -EINVAL; ++i) {
        struct io_uring_params p = {.flags = flags[i]};
        rc = io_uring_queue_init_params(entries, ring, &p);
    }
    /* (best effort) each io_uring_enter then skips looking the ring's descriptor up */
    if (rc == 0)
        io_uring_register_ring_fd(ring);
    if (rc < 0)
        snprintf(err, errlen, "io_uring_setup: %s (this kernel refuses io_uring: too old, or disabled by "
                 "kernel.io_uring_disabled or a seccomp filter)", strerror(-rc));
    return rc == 0;
}
#endif

#if PARBENCH_HAVE_URING
bool uring_usable_here(const char **why)
{
    /* asked once: a ring set up and torn down costs a few microseconds, but the answer
     * cannot change while parbench runs */
    static int known = -1;
    static char reason[256];
    if (known < 0) {
        struct io_uring ring;
        known = uring_open(&ring, 2, reason, sizeof reason);
        if (known)
            io_uring_queue_exit(&ring);
    }
    if (!known)
        *why = reason;
    return known;
}
#endif
