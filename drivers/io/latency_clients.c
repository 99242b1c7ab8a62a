#include "io/latency.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "io/proto.h"
#include "io/threads.h"

#define INDEX_MASK 0xffffffffull

/* Every reply must answer a request this client sent in this run and is still waiting
 * for, say the device took it intact, and carry the payload we sent, intact. */
bool lat_check(lat_run *r, const io_msg *m, uint64_t first, uint64_t stride, uint64_t sent, io_outcome *out)
{
    uint64_t idx = m->id & INDEX_MASK;
    const char *why = NULL;
    if (m->id >> 32 != r->epoch)
        why = "belongs to another run";
    else if (idx >= sent || idx < first || (idx - first) % stride != 0)
        why = "answers a request this client never sent";
    else if (r->answered[idx])
        why = "is a duplicate";
    else if (m->status != 0)
        why = "says the device received a corrupted request";
    else if (io_crc32(m->payload, IO_PAYLOAD) != m->crc)
        why = "fails its payload checksum";
    else if (m->crc != r->sent_crc[idx])
        why = "carries another payload than its request";
    if (why) {
        out->wrong = true;
        if (!out->err[0])
            snprintf(out->err, sizeof out->err, "reply with id %#llx (request %llu) %s", (unsigned long long)m->id,
                     (unsigned long long)idx, why);
        return false;
    }
    r->answered[idx] = 1;
    ++out->verified;
    if (r->replied_at)
        r->replied_at[idx] = work_now();
    /* first: the thread's index */
    work_request_named(r->sent_at[idx], (int)first, (int64_t)idx, r->labels ? r->labels[idx] : NULL);
    return true;
}

void lat_blocking(int fd, lat_run *r, uint64_t first, uint64_t stride, io_outcome *out)
{
    memset(out, 0, sizeof *out);
    for (uint64_t i = first; i < r->requests; i += stride) {
        io_msg req, rep;
        io_make_request(&req, r->epoch << 32 | i);
        r->sent_crc[i] = req.crc;
        r->sent_at[i] = work_begin();
        if (!io_write_full(fd, &req, sizeof req)) {
            snprintf(out->err, sizeof out->err, "request %llu: send to the device failed: %s",
                     (unsigned long long)i, strerror(errno));
            return;
        }
        work_mark wait = work_begin();
        bool replied = io_read_full(fd, &rep, sizeof rep);
        work_end(wait, (int)first, WORK_WAIT);
        if (!replied) {
            snprintf(out->err, sizeof out->err, "request %llu: no reply from the device (%s)", (unsigned long long)i,
                     errno == EAGAIN ? "timed out" : errno ? strerror(errno) : "connection closed");
            return;
        }
        if (!lat_check(r, &rep, first, stride, i + 1, out))
            return;
    }
}

#define RECV_BYTES (4096 * sizeof(io_msg))

uint64_t lat_fill_batch(lat_run *r, io_msg *sb, uint64_t *next, uint64_t inflight, uint64_t verified)
{
    uint64_t room = inflight - (*next - verified), left = r->requests - *next;
    uint64_t n = room < left ? room : left;
    n = n < LAT_BATCH ? n : LAT_BATCH;
    /* One mark for the batch: its requests leave together with the next send, and a
     * clock read per request (tens of ns in a VM) was a tenth of the overhead measured. */
    work_mark queued = work_begin();
    for (uint64_t k = 0; k < n; ++k) {
        io_make_request(&sb[k], r->epoch << 32 | (*next + k));
        r->sent_crc[*next + k] = sb[k].crc;
        r->sent_at[*next + k] = queued;
    }
    *next += n;
    return n;
}

void lat_nonblocking(int fd, lat_run *r, uint64_t inflight, io_outcome *out)
{
    memset(out, 0, sizeof *out);
    io_msg *sb = malloc(LAT_BATCH * sizeof *sb);
    unsigned char *rb = malloc(RECV_BYTES);
    if (!sb || !rb) {
        snprintf(out->err, sizeof out->err, "out of memory for the client's buffers");
        goto done;
    }
    uint64_t next = 0;                 /* requests built so far */
    size_t sb_off = 0, sb_len = 0;     /* bytes of sb sent, and filled */
    size_t carry = 0;                  /* bytes of a partial reply at the start of rb */
    while (out->verified < r->requests && !out->err[0]) {
        /* Send: keep up to `inflight` requests outstanding, as far as the socket takes them. */
        for (;;) {
            if (sb_off == sb_len) {
                uint64_t n = lat_fill_batch(r, sb, &next, inflight, out->verified);
                if (n == 0)
                    break;
                sb_off = 0, sb_len = n * sizeof *sb;
            }
            ssize_t w = send(fd, (char *)sb + sb_off, sb_len - sb_off, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                snprintf(out->err, sizeof out->err, "send to the device failed: %s", strerror(errno));
                goto done;
            }
            sb_off += (size_t)w;
        }
        /* Receive whatever replies are there; wait in poll() only when there are none. */
        ssize_t got = recv(fd, rb + carry, RECV_BYTES - carry, MSG_DONTWAIT);
        if (got > 0) {
            size_t have = carry + (size_t)got, k = 0;
            for (; k + sizeof(io_msg) <= have; k += sizeof(io_msg)) {
                io_msg m;
                memcpy(&m, rb + k, sizeof m);
                if (!lat_check(r, &m, 0, 1, next, out))
                    goto done;
            }
            carry = have - k;
            memmove(rb, rb + k, carry);
            continue;
        }
        if (got == 0) {
            snprintf(out->err, sizeof out->err, "the device closed the connection after %llu replies",
                     (unsigned long long)out->verified);
            goto done;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            snprintf(out->err, sizeof out->err, "receive from the device failed: %s", strerror(errno));
            goto done;
        }
        struct pollfd p = {.fd = fd, .events = (short)(POLLIN | (sb_off < sb_len ? POLLOUT : 0))};
        work_mark wait = work_begin();
        int ready = poll(&p, 1, r->timeout_ms);
        work_end(wait, 0, WORK_WAIT);
        if (ready == 0)
            snprintf(out->err, sizeof out->err, "no reply from the device for %d ms (%llu of %llu verified)",
                     r->timeout_ms, (unsigned long long)out->verified, (unsigned long long)r->requests);
        else if (ready < 0 && errno != EINTR)
            snprintf(out->err, sizeof out->err, "poll: %s", strerror(errno));
    }
done:
    free(sb);
    free(rb);
}

typedef struct {
    int fd;
    lat_run *r;
    uint64_t first, stride;
    io_outcome res;
} lat_thread;

static void *thread_main(void *arg)
{
    lat_thread *t = arg;
    lat_blocking(t->fd, t->r, t->first, t->stride, &t->res);
    return NULL;
}

void lat_threads(const int *fds, int nthreads, lat_run *r, io_outcome *out)
{
    memset(out, 0, sizeof *out);
    lat_thread *t = calloc((size_t)nthreads, sizeof *t);
    pthread_t *tid = calloc((size_t)nthreads, sizeof *tid);
    if (!t || !tid) {
        snprintf(out->err, sizeof out->err, "out of memory for %d threads", nthreads);
        goto done;
    }
    for (int i = 0; i < nthreads; ++i)
        t[i] = (lat_thread){.fd = fds[i], .r = r, .first = (uint64_t)i, .stride = (uint64_t)nthreads};
    /* threads that only wait need little stack */
    int started = io_threads_start(tid, nthreads, 64 * 1024, thread_main, t, sizeof *t, "thread", out->err,
                                   sizeof out->err);
    io_threads_join(tid, started);
    for (int i = 0; i < started; ++i)
        io_outcome_add(out, &t[i].res, i);
done:
    free(t);
    free(tid);
}
