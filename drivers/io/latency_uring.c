/* The uring client of `parbench io latency`: the nonblocking client's requests and
 * checks, with the waiting done by io_uring's completion interface instead of readiness.
 * One send (a batch of up to LAT_BATCH requests) and one receive (up to RECV_BYTES of
 * replies) are outstanding at a time, each re-armed in the same io_uring_enter that
 * waits, and every completion there is reaped in one pass. One of each, because two
 * sends (or two receives) on a stream socket may complete in either order and would
 * interleave their bytes. */
#include "io/latency.h"
#include "io/uring.h"

#if PARBENCH_HAVE_URING
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define RECV_BYTES (4096 * sizeof(io_msg))
enum { OP_SEND = 1, OP_RECV = 2 };

typedef struct {
    struct io_uring ring;
    int fd;
    lat_run *r;
    uint64_t inflight, next;       /* most outstanding; requests built so far */
    io_msg *sb;                    /* the batch being sent: bytes sb_off..sb_len left */
    size_t sb_off, sb_len;
    unsigned char *rb;             /* replies; carry bytes of a partial one at its start */
    size_t carry;
    bool sending, receiving;       /* an operation of that kind is in the ring */
} client;

/* (2 outstanding in a ring of 8: io_uring_get_sqe never runs out) */
static void arm_send(client *c, const io_outcome *out)
{
    if (c->sending)
        return;
    if (c->sb_off == c->sb_len) {
        uint64_t n = lat_fill_batch(c->r, c->sb, &c->next, c->inflight, out->verified);
        if (n == 0)
            return;
        c->sb_off = 0, c->sb_len = n * sizeof *c->sb;
    }
    struct io_uring_sqe *sqe = io_uring_get_sqe(&c->ring);
    io_uring_prep_send(sqe, c->fd, (char *)c->sb + c->sb_off, c->sb_len - c->sb_off, MSG_NOSIGNAL);
    io_uring_sqe_set_data64(sqe, OP_SEND);
    c->sending = true;
}

static void arm_recv(client *c)
{
    if (c->receiving)
        return;
    struct io_uring_sqe *sqe = io_uring_get_sqe(&c->ring);
    io_uring_prep_recv(sqe, c->fd, c->rb + c->carry, RECV_BYTES - c->carry, 0);
    io_uring_sqe_set_data64(sqe, OP_RECV);
    c->receiving = true;
}

static void on_replies(client *c, size_t got, io_outcome *out)
{
    size_t have = c->carry + got, k = 0;
    for (; k + sizeof(io_msg) <= have; k += sizeof(io_msg)) {
        io_msg m;
        memcpy(&m, c->rb + k, sizeof m);
        if (!lat_check(c->r, &m, 0, 1, c->next, out))
            return;
    }
    c->carry = have - k;
    memmove(c->rb, c->rb + k, c->carry);
}

static void on_completion(client *c, uint64_t op, int res, io_outcome *out)
{
    bool retry = res == -EINTR || res == -EAGAIN; /* re-armed by the next round */
    if (op == OP_SEND) {
        c->sending = false;
        if (res > 0)
            c->sb_off += (size_t)res; /* a short send leaves the rest for the next one */
        else if (!retry)
            snprintf(out->err, sizeof out->err, "send to the device failed: %s", strerror(res ? -res : EPIPE));
        return;
    }
    c->receiving = false;
    if (res > 0)
        on_replies(c, (size_t)res, out);
    else if (res == 0)
        snprintf(out->err, sizeof out->err, "the device closed the connection after %llu replies",
                 (unsigned long long)out->verified);
    else if (!retry)
        snprintf(out->err, sizeof out->err, "receive from the device failed: %s", strerror(-res));
}

/* Every completion the ring holds, in one pass, then one store to release them. */
static void reap(client *c, io_outcome *out)
{
    struct io_uring_cqe *cqe;
    unsigned head, seen = 0;
    io_uring_for_each_cqe(&c->ring, head, cqe)
    {
        ++seen;
        if (!out->err[0])
            on_completion(c, io_uring_cqe_get_data64(cqe), cqe->res, out);
    }
    io_uring_cq_advance(&c->ring, seen);
}

/* Submits what is armed and waits for at least one completion: one system call. */
static bool enter(client *c, io_outcome *out)
{
    struct __kernel_timespec ts = {.tv_sec = c->r->timeout_ms / 1000, .tv_nsec = c->r->timeout_ms % 1000 * 1000000LL};
    struct io_uring_cqe *cqe;
    work_mark wait = work_begin();
    int rc = io_uring_submit_and_wait_timeout(&c->ring, &cqe, 1, &ts, NULL);
    work_end(wait, 0, WORK_WAIT);
    if (rc == -ETIME)
        snprintf(out->err, sizeof out->err, "no reply from the device for %d ms (%llu of %llu verified)",
                 c->r->timeout_ms, (unsigned long long)out->verified, (unsigned long long)c->r->requests);
    else if (rc < 0 && rc != -EINTR)
        snprintf(out->err, sizeof out->err, "io_uring_enter: %s", strerror(-rc));
    return !out->err[0];
}

void lat_uring(int fd, lat_run *r, uint64_t inflight, io_outcome *out)
{
    memset(out, 0, sizeof *out);
    client c = {.fd = fd, .r = r, .inflight = inflight};
    c.sb = malloc(LAT_BATCH * sizeof *c.sb);
    c.rb = malloc(RECV_BYTES);
    /* The ring is made per run, inside the timed region: its cost is the mode's. */
    bool ring = c.sb && c.rb && uring_open(&c.ring, 8, out->err, sizeof out->err);
    if (!c.sb || !c.rb)
        snprintf(out->err, sizeof out->err, "out of memory for the client's buffers");
    while (ring && out->verified < r->requests && !out->err[0]) {
        arm_send(&c, out);
        arm_recv(&c);
        if (enter(&c, out))
            reap(&c, out);
    }
    /* every reply came, so the last send is done: collect its completion before the
     * buffer goes (a failed run leaves the ring's teardown to cancel what is left) */
    while (ring && c.sending && !out->err[0] && enter(&c, out))
        reap(&c, out);
    if (ring)
        io_uring_queue_exit(&c.ring);
    free(c.sb);
    free(c.rb);
}

#endif
