/* The three ways `parbench io server` serves the same requests (io/server.h). */
#include "io/server.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/work.h"
#include "core/timer.h"
#include "demos/demos.h"
#include "io/threads.h"

#define INDEX_MASK 0xffffffffull

void srv_prepare(srv_run *r, uint64_t i, io_msg *req)
{
    io_make_request(req, r->epoch << 32 | i);
    r->sent_crc[i] = req->crc;
    r->sent_at[i] = timer_now();
}

bool srv_reply_ok(srv_run *r, const io_msg *m, uint64_t *idx, io_outcome *out)
{
    uint64_t i = m->id & INDEX_MASK;
    const char *why = NULL;
    if (m->id >> 32 != r->epoch)
        why = "belongs to another run";
    else if (i >= r->requests)
        why = "answers a request never sent";
    else if (r->answered[i])
        why = "is a duplicate";
    else if (m->status != IO_STATUS_OK || io_crc32(m->payload, IO_PAYLOAD) != m->crc || m->crc != r->sent_crc[i])
        why = "carries another payload than its request";
    if (why) {
        out->wrong = true;
        snprintf(out->err, sizeof out->err, "reply with id %#llx %s", (unsigned long long)m->id, why);
        return false;
    }
    r->answered[i] = 1; /* taken: a second reply for it is a duplicate */
    *idx = i;
    return true;
}

/* The answer depends on the reply (its checksum seeds the chain), so no request can be
 * computed before its wait is over; it is checked against the jump-ahead, which costs
 * 64 multiplications instead of `steps`. */
bool srv_compute(srv_run *r, uint64_t i, const io_msg *m, io_outcome *out)
{
    uint64_t seed = (uint64_t)m->crc << 32 | (m->id & INDEX_MASK);
    uint64_t got = request_compute(seed, r->steps);
    r->done_at[i] = timer_now();
    if (got != request_expected(seed, r->steps)) {
        out->wrong = true;
        snprintf(out->err, sizeof out->err, "request %llu: computed %#llx, expected %#llx", (unsigned long long)i,
                 (unsigned long long)got, (unsigned long long)request_expected(seed, r->steps));
        return false;
    }
    ++out->verified;
    return true;
}

bool srv_answer(srv_run *r, const io_msg *m, io_outcome *out)
{
    uint64_t i;
    return srv_reply_ok(r, m, &i, out) && srv_compute(r, i, m, out);
}

/* ---- the compute pool of the hybrid mode ---- */

typedef struct {
    srv_run *r;
    pthread_mutex_t lock;
    pthread_cond_t ready;
    io_msg *ring;            /* replies waiting for a worker; at most r->clients */
    uint64_t head, tail;     /* ring indices, growing */
    bool closing;
    atomic_uint_fast64_t done; /* requests computed, right or wrong */
    atomic_int next_worker;
    int efd;                 /* a worker's answer wakes the event loop */
    io_outcome res;          /* under lock: the right answers, and the first error */
} pool;

static void *worker_main(void *arg)
{
    pool *p = arg;
    io_outcome mine = {0};
    int me = 1 + atomic_fetch_add(&p->next_worker, 1); /* thread 0 is the event loop */
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (p->head == p->tail && !p->closing)
            pthread_cond_wait(&p->ready, &p->lock);
        if (p->head == p->tail) {
            p->res.verified += mine.verified;
            if (mine.err[0] && !p->res.err[0])
                snprintf(p->res.err, sizeof p->res.err, "%s", mine.err), p->res.wrong = mine.wrong;
            pthread_mutex_unlock(&p->lock);
            break;
        }
        io_msg m = p->ring[p->head++ % p->r->clients];
        pthread_mutex_unlock(&p->lock);
        work_mark w = work_begin();
        if (!mine.err[0]) /* after a wrong answer, the rest are counted done, not answered */
            srv_compute(p->r, m.id & INDEX_MASK, &m, &mine);
        work_end(w, me, WORK_COMPUTE);
        atomic_fetch_add(&p->done, 1);
        uint64_t one = 1;
        if (write(p->efd, &one, sizeof one) < 0) { /* cannot fail on a counter below 2^64 - 1 */
        }
    }
    return NULL;
}

static void pool_push(pool *p, const io_msg *m)
{
    pthread_mutex_lock(&p->lock);
    p->ring[p->tail++ % p->r->clients] = *m;
    pthread_cond_signal(&p->ready);
    pthread_mutex_unlock(&p->lock);
}

/* ---- the event loop, computing itself (p == NULL) or handing replies to the pool ---- */

#define RECV_MSGS 256

static uint64_t finished(const pool *p, const io_outcome *out)
{
    return p ? atomic_load(&((pool *)p)->done) : out->verified;
}

static void event_loop(int fd, srv_run *r, pool *p, io_outcome *out)
{
    io_msg pend, rb[RECV_MSGS];
    size_t pend_off = sizeof pend, carry = 0; /* pend_off == sizeof: nothing pending */
    uint64_t sent = 0;
    while (finished(p, out) < r->requests && !out->err[0]) {
        /* send: one request per client whose last one is answered */
        while (!out->err[0]) {
            if (pend_off == sizeof pend) {
                if (sent == r->requests || sent - finished(p, out) >= r->clients)
                    break;
                srv_prepare(r, sent++, &pend);
                pend_off = 0;
            }
            ssize_t w = send(fd, (char *)&pend + pend_off, sizeof pend - pend_off, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                snprintf(out->err, sizeof out->err, "send to the device failed: %s", strerror(errno));
            else
                pend_off += (size_t)w;
        }
        ssize_t got = recv(fd, (char *)rb + carry, sizeof rb - carry, MSG_DONTWAIT);
        if (got > 0) {
            size_t have = carry + (size_t)got, k = 0;
            for (; k + sizeof(io_msg) <= have && !out->err[0]; k += sizeof(io_msg)) {
                io_msg m;
                uint64_t i;
                memcpy(&m, (char *)rb + k, sizeof m);
                if (!srv_reply_ok(r, &m, &i, out))
                    break;
                if (p) {
                    pool_push(p, &m);
                } else {
                    work_mark w = work_begin();
                    srv_compute(r, i, &m, out);
                    work_end(w, 0, WORK_COMPUTE);
                }
            }
            carry = have - k;
            memmove(rb, (char *)rb + k, carry);
            continue;
        }
        if (got == 0)
            snprintf(out->err, sizeof out->err, "the device closed the connection");
        else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            snprintf(out->err, sizeof out->err, "receive from the device failed: %s", strerror(errno));
        if (out->err[0] || got == 0 || errno == EINTR)
            continue;
        struct pollfd pf[2] = {{.fd = fd, .events = (short)(POLLIN | (pend_off < sizeof pend ? POLLOUT : 0))},
                               {.fd = p ? p->efd : -1, .events = POLLIN}};
        work_mark wait = work_begin();
        int ready = poll(pf, 2, r->timeout_ms);
        work_end(wait, 0, WORK_WAIT);
        uint64_t n;
        if (p && ready > 0 && (pf[1].revents & POLLIN) && read(p->efd, &n, sizeof n) < 0 && errno != EAGAIN)
            snprintf(out->err, sizeof out->err, "the workers' eventfd: %s", strerror(errno));
        if (ready == 0)
            snprintf(out->err, sizeof out->err, "nothing from the device or the workers for %d ms (%llu of %llu answered)",
                     r->timeout_ms, (unsigned long long)finished(p, out), (unsigned long long)r->requests);
        else if (ready < 0 && errno != EINTR)
            snprintf(out->err, sizeof out->err, "poll: %s", strerror(errno));
    }
}

void srv_event_loop(int fd, srv_run *r, io_outcome *out)
{
    memset(out, 0, sizeof *out);
    event_loop(fd, r, NULL, out);
}

void srv_hybrid(int fd, srv_run *r, io_outcome *out)
{
    memset(out, 0, sizeof *out);
    pool p = {.r = r, .efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC), .ring = malloc(r->clients * sizeof(io_msg))};
    pthread_t *tid = calloc((size_t)r->workers, sizeof *tid);
    atomic_init(&p.done, 0);
    atomic_init(&p.next_worker, 0);
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.ready, NULL);
    int started = 0;
    if (p.efd < 0 || !p.ring || !tid)
        snprintf(out->err, sizeof out->err, "the compute pool: %s", p.efd < 0 ? strerror(errno) : "out of memory");
    if (!out->err[0])
        started = io_threads_start(tid, r->workers, 0, worker_main, &p, 0, "worker", out->err, sizeof out->err);
    if (!out->err[0])
        event_loop(fd, r, &p, out);
    pthread_mutex_lock(&p.lock);
    p.closing = true;
    pthread_cond_broadcast(&p.ready);
    pthread_mutex_unlock(&p.lock);
    io_threads_join(tid, started);
    out->verified = p.res.verified;
    if (p.res.err[0] && !out->err[0])
        snprintf(out->err, sizeof out->err, "%s", p.res.err);
    out->wrong |= p.res.wrong;
    pthread_cond_destroy(&p.ready);
    pthread_mutex_destroy(&p.lock);
    if (p.efd >= 0)
        close(p.efd);
    free(p.ring);
    free(tid);
}

/* ---- a thread per client ---- */

typedef struct {
    int fd, t;
    srv_run *r;
    io_outcome res;
} client;

static void *client_main(void *arg)
{
    client *c = arg;
    srv_run *r = c->r;
    for (uint64_t i = (uint64_t)c->t; i < r->requests && !c->res.err[0]; i += r->clients) {
        io_msg req, rep;
        srv_prepare(r, i, &req);
        work_mark wait = work_begin();
        bool ok = io_write_full(c->fd, &req, sizeof req) && io_read_full(c->fd, &rep, sizeof rep);
        work_end(wait, c->t, WORK_WAIT);
        if (!ok) {
            snprintf(c->res.err, sizeof c->res.err, "request %llu: no reply from the device (%s)", (unsigned long long)i,
                     errno == EAGAIN ? "timed out" : errno ? strerror(errno) : "connection closed");
            break;
        }
        uint64_t idx;
        work_mark w = work_begin();
        if (srv_reply_ok(r, &rep, &idx, &c->res) && idx != i && !c->res.err[0]) {
            c->res.wrong = true;
            snprintf(c->res.err, sizeof c->res.err, "request %llu got the reply of request %llu", (unsigned long long)i,
                     (unsigned long long)idx);
        }
        if (!c->res.err[0])
            srv_compute(r, i, &rep, &c->res);
        work_end(w, c->t, WORK_COMPUTE);
    }
    return NULL;
}

void srv_threads(const int *fds, srv_run *r, io_outcome *out)
{
    memset(out, 0, sizeof *out);
    int n = (int)r->clients;
    client *c = calloc((size_t)n, sizeof *c);
    pthread_t *tid = calloc((size_t)n, sizeof *tid);
    int started = 0;
    if (!c || !tid)
        snprintf(out->err, sizeof out->err, "out of memory for %d threads", n);
    for (int i = 0; !out->err[0] && i < n; ++i)
        c[i] = (client){.fd = fds[i], .t = i, .r = r};
    /* 256 KiB: the compute needs little stack, and thousands of threads start quickly */
    if (!out->err[0])
        started = io_threads_start(tid, n, 256 * 1024, client_main, c, sizeof *c, "thread", out->err, sizeof out->err);
    io_threads_join(tid, started);
    for (int i = 0; i < started; ++i)
        io_outcome_add(out, &c[i].res, i);
    free(c);
    free(tid);
}
