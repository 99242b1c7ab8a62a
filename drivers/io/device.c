#include "io/device.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/grow.h"
#include "io/proto.h"
#include "core/kernel.h"
#include "base/parse.h"
#include "core/timer.h"

/* A request waiting for its deadline. Equal deadlines leave in arrival order (seq).
 * The message itself waits in a slot of the store: the heap moves 24-byte entries,
 * not 88-byte ones (10,000 requests in flight cost 80 ns each in heap moves before). */
typedef struct {
    uint64_t due_ns, seq;
    uint32_t conn, slot;
} pending;

typedef struct {
    pending *v;
    size_t n, cap;
} heap;

/* Requests due no earlier than the last one queued here wait in arrival order: without
 * jitter that is every request, and a FIFO costs a few ns where the heap's sift-down
 * cost 70 ns a request at 40,000 in flight (a third of the device's CPU). The others
 * (jitter) go to the heap; the next to leave is the earlier of the two heads. */
typedef struct {
    pending *v;
    size_t head, n, cap;
} fifo;

/* The messages of the pending requests, by slot; freed slots are reused first. */
typedef struct {
    io_msg *msg;
    uint32_t *spare;
    size_t used, cap, nspare;
} store;

typedef struct {
    int fd;
    bool open, dirty, want_out;
    unsigned char carry[sizeof(io_msg)]; /* a partial request between two reads */
    size_t carry_len;
    unsigned char *out;                  /* replies not yet accepted by the socket */
    size_t out_off, out_len, out_cap;
} conn;

typedef struct {
    conn *c;
    int n, open;
    int *dirty; /* connections with replies to flush */
    int ndirty;
    heap h;
    fifo in_order;
    store held;
    uint64_t seq, armed_ns;
    int ep, tfd;
    const io_device_cfg *cfg;
    uint64_t latency_ns;
    double jitter_ns;
} device;

#define TIMER_TAG UINT32_MAX
#define READ_CHUNK (256 * 1024)

static bool earlier(const pending *a, const pending *b)
{
    return a->due_ns < b->due_ns || (a->due_ns == b->due_ns && a->seq < b->seq);
}

static bool heap_push(heap *h, const pending *p)
{
    if (!grow_for_one((void **)&h->v, h->n, &h->cap, sizeof *h->v, 1024))
        return false;
    size_t i = h->n++;
    while (i > 0 && earlier(p, &h->v[(i - 1) / 2])) {
        h->v[i] = h->v[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->v[i] = *p;
    return true;
}

static bool fifo_push(fifo *f, const pending *p)
{
    if (f->head == f->n)
        f->head = f->n = 0;
    if (f->n == f->cap && f->head > 0) { /* room at the front: slide down */
        memmove(f->v, f->v + f->head, (f->n - f->head) * sizeof *f->v);
        f->n -= f->head, f->head = 0;
    }
    if (!grow_for_one((void **)&f->v, f->n, &f->cap, sizeof *f->v, 1024))
        return false;
    f->v[f->n++] = *p;
    return true;
}

static void heap_pop(heap *h)
{
    pending last = h->v[--h->n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        const pending *best = &last;
        if (l < h->n && earlier(&h->v[l], best))
            m = l, best = &h->v[l];
        if (l + 1 < h->n && earlier(&h->v[l + 1], best))
            m = l + 1;
        if (m == i)
            break;
        h->v[i] = h->v[m];
        i = m;
    }
    h->v[i] = last; /* when the heap is now empty this writes the unused slot 0 */
}

/* A slot for a message that has just arrived (UINT32_MAX: out of memory). */
static uint32_t store_take(store *s)
{
    if (s->nspare)
        return s->spare[--s->nspare];
    if (s->used == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 1024;
        if (cap > UINT32_MAX - 1)
            return UINT32_MAX;
        io_msg *msg = realloc(s->msg, cap * sizeof *msg);
        if (msg)
            s->msg = msg;
        uint32_t *spare = realloc(s->spare, cap * sizeof *spare);
        if (spare)
            s->spare = spare;
        if (!msg || !spare)
            return UINT32_MAX;
        s->cap = cap;
    }
    return (uint32_t)s->used++;
}

static void store_give_back(store *s, uint32_t slot) { s->spare[s->nspare++] = slot; }

/* splitmix64, for the jitter of a request: a function of its id, not of timing. */
static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static uint64_t delay_ns(const device *d, uint64_t id)
{
    if (d->jitter_ns <= 0)
        return d->latency_ns;
    double u = (double)(mix(d->cfg->seed ^ id) >> 11) * 0x1p-53;
    return d->latency_ns + (uint64_t)(u * d->jitter_ns);
}

static void close_conn(device *d, int i)
{
    conn *c = &d->c[i];
    if (!c->open)
        return;
    close(c->fd); /* also leaves the epoll set */
    c->open = false;
    c->out_off = c->out_len = 0;
    --d->open;
}

static void set_want_out(device *d, int i, bool want)
{
    conn *c = &d->c[i];
    if (c->want_out == want)
        return;
    struct epoll_event ev = {.events = EPOLLIN | (want ? EPOLLOUT : 0), .data.u32 = (uint32_t)i};
    epoll_ctl(d->ep, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = want;
}

static bool queue_pending(device *d, const pending *p)
{
    fifo *f = &d->in_order;
    if (f->head == f->n || !earlier(p, &f->v[f->n - 1]))
        return fifo_push(f, p);
    return heap_push(&d->h, p);
}

/* The request due first (equal deadlines: the first to arrive), or NULL. */
static const pending *next_pending(const device *d)
{
    const fifo *f = &d->in_order;
    const pending *a = f->head < f->n ? &f->v[f->head] : NULL, *b = d->h.n ? &d->h.v[0] : NULL;
    if (!a || !b)
        return a ? a : b;
    return earlier(a, b) ? a : b;
}

static void drop_next(device *d, const pending *p)
{
    if (d->in_order.head < d->in_order.n && p == &d->in_order.v[d->in_order.head])
        ++d->in_order.head;
    else
        heap_pop(&d->h);
}

/* Reads what the socket has; every whole request joins the heap with its deadline. */
static int on_readable(device *d, int i, unsigned char *buf)
{
    conn *c = &d->c[i];
    for (;;) {
        memcpy(buf, c->carry, c->carry_len);
        size_t want = READ_CHUNK - c->carry_len;
        ssize_t got = read(c->fd, buf + c->carry_len, want);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return PB_OK;
        if (got <= 0) { /* the client is done (or gone): so is this connection */
            close_conn(d, i);
            return PB_OK;
        }
        uint64_t arrived = timer_now_ns();
        size_t have = c->carry_len + (size_t)got, k = 0;
        for (; k + sizeof(io_msg) <= have; k += sizeof(io_msg)) {
            pending p = {.seq = d->seq++, .conn = (uint32_t)i, .slot = store_take(&d->held)};
            if (p.slot == UINT32_MAX)
                return PB_RUNTIME_ERROR;
            io_msg *m = &d->held.msg[p.slot];
            memcpy(m, buf + k, sizeof *m);
            p.due_ns = arrived + delay_ns(d, m->id);
            if (!queue_pending(d, &p))
                return PB_RUNTIME_ERROR;
        }
        c->carry_len = have - k;
        memcpy(c->carry, buf + k, c->carry_len);
        if ((size_t)got < want)
            return PB_OK;
    }
}

/* The reply to a request: its payload echoed with a checksum computed here, so the
 * client checks what travelled back, not what it sent. */
static int queue_reply(device *d, const pending *p)
{
    conn *c = &d->c[p->conn];
    const io_msg *m = &d->held.msg[p->slot];
    store_give_back(&d->held, p->slot);
    if (!c->open)
        return PB_OK;
    if (c->out_len + sizeof(io_msg) > c->out_cap) {
        size_t cap = c->out_cap ? 2 * c->out_cap : 64 * sizeof(io_msg);
        unsigned char *out = realloc(c->out, cap);
        if (!out)
            return PB_RUNTIME_ERROR;
        c->out = out, c->out_cap = cap;
    }
    io_msg r = *m;
    /* the reply echoes the payload: one checksum serves the check and the reply */
    uint32_t crc = io_crc32(m->payload, IO_PAYLOAD);
    r.status = crc == m->crc ? IO_STATUS_OK : IO_STATUS_BAD_CRC;
    r.crc = crc;
    memcpy(c->out + c->out_len, &r, sizeof r);
    c->out_len += sizeof r;
    if (!c->dirty) {
        c->dirty = true;
        d->dirty[d->ndirty++] = (int)p->conn;
    }
    return PB_OK;
}

/* Hands queued replies to the sockets, many per send(); what does not fit waits for
 * EPOLLOUT. */
static void flush(device *d)
{
    int keep = 0;
    for (int k = 0; k < d->ndirty; ++k) {
        int i = d->dirty[k];
        conn *c = &d->c[i];
        while (c->open && c->out_off < c->out_len) {
            ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            if (n <= 0) {
                close_conn(d, i);
                break;
            }
            c->out_off += (size_t)n;
        }
        if (c->open && c->out_off < c->out_len) {
            set_want_out(d, i, true);
            d->dirty[keep++] = i;
            continue;
        }
        c->out_off = c->out_len = 0;
        c->dirty = false;
        if (c->open)
            set_want_out(d, i, false);
    }
    d->ndirty = keep;
}

static void arm_timer(device *d)
{
    const pending *next = next_pending(d);
    uint64_t due = next ? next->due_ns : 0;
    if (due == d->armed_ns)
        return;
    struct itimerspec its = {0}; /* zero disarms */
    its.it_value.tv_sec = (time_t)(due / 1000000000ull);
    its.it_value.tv_nsec = (long)(due % 1000000000ull);
    timerfd_settime(d->tfd, TFD_TIMER_ABSTIME, &its, NULL);
    d->armed_ns = due;
}

static int loop(device *d)
{
    unsigned char *buf = malloc(READ_CHUNK);
    struct epoll_event ev[64];
    int status = buf ? PB_OK : PB_RUNTIME_ERROR;
    while (status == PB_OK && d->open > 0) {
        int n = epoll_wait(d->ep, ev, 64, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            status = PB_RUNTIME_ERROR;
            break;
        }
        for (int k = 0; k < n && status == PB_OK; ++k) {
            uint32_t tag = ev[k].data.u32;
            if (tag == TIMER_TAG) {
                uint64_t expirations;
                if (read(d->tfd, &expirations, sizeof expirations) < 0 && errno != EAGAIN)
                    status = PB_RUNTIME_ERROR;
                d->armed_ns = 0; /* it fired: disarmed now */
                continue;
            }
            if (ev[k].events & EPOLLOUT && !d->c[tag].dirty && d->c[tag].open) {
                d->c[tag].dirty = true;
                d->dirty[d->ndirty++] = (int)tag;
            }
            if (ev[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR) && d->c[tag].open)
                status = on_readable(d, (int)tag, buf);
        }
        uint64_t now = timer_now_ns();
        for (const pending *p; status == PB_OK && (p = next_pending(d)) && p->due_ns <= now;) {
            status = queue_reply(d, p);
            drop_next(d, p);
        }
        flush(d);
        arm_timer(d);
    }
    free(buf);
    return status;
}

int io_device_serve(const int *fds, int n, const io_device_cfg *cfg)
{
    device d = {.n = n, .cfg = cfg, .ep = -1, .tfd = -1};
    d.latency_ns = (uint64_t)(cfg->latency_ms * 1e6);
    d.jitter_ns = cfg->jitter_ms * 1e6;
    d.c = calloc((size_t)n, sizeof *d.c);
    d.dirty = calloc((size_t)n, sizeof *d.dirty);
    d.ep = epoll_create1(EPOLL_CLOEXEC);
    d.tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    int status = d.c && d.dirty && d.ep >= 0 && d.tfd >= 0 ? PB_OK : PB_RUNTIME_ERROR;
    struct epoll_event tev = {.events = EPOLLIN, .data.u32 = TIMER_TAG};
    if (status == PB_OK && epoll_ctl(d.ep, EPOLL_CTL_ADD, d.tfd, &tev) != 0)
        status = PB_RUNTIME_ERROR;
    for (int i = 0; i < n && status == PB_OK; ++i) {
        d.c[i].fd = fds[i];
        d.c[i].open = true;
        ++d.open;
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        if (epoll_ctl(d.ep, EPOLL_CTL_ADD, fds[i], &ev) != 0)
            status = PB_RUNTIME_ERROR;
    }
    if (status == PB_OK)
        status = loop(&d);
    for (int i = 0; d.c && i < n; ++i) {
        close_conn(&d, i);
        free(d.c[i].out);
    }
    if (d.ep >= 0)
        close(d.ep);
    if (d.tfd >= 0)
        close(d.tfd);
    free(d.h.v);
    free(d.in_order.v);
    free(d.held.msg);
    free(d.held.spare);
    free(d.c);
    free(d.dirty);
    return status;
}

/* Larger socket buffers let a burst of 10,000 requests or replies through in a few
 * system calls (best effort: the kernel caps them at net.core.wmem_max). */
static void widen(int fd)
{
    int bytes = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
}

pid_t io_device_spawn(int n, const io_device_cfg *cfg, int *client_fds, char *err, size_t errlen)
{
    int *dev_fds = calloc((size_t)n, sizeof *dev_fds);
    if (!dev_fds) {
        snprintf(err, errlen, "out of memory for %d device connections", n);
        return -1;
    }
    int made = 0;
    for (; made < n; ++made) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
            snprintf(err, errlen, "socketpair for connection %d of %d: %s (raise the open-file limit, ulimit -n)",
                     made + 1, n, strerror(errno));
            break;
        }
        widen(sv[0]), widen(sv[1]);
        client_fds[made] = sv[0];
        dev_fds[made] = sv[1];
    }
    pid_t pid = made == n ? fork() : -1;
    if (pid == 0) {
        /* The device: it dies with its parent, and leaves through _exit so that nothing
         * the parent set up (MPI, atexit handlers, stdio buffers) runs twice. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        signal(SIGINT, SIG_DFL); /* not parbench's "interrupted" message, twice */
        signal(SIGTERM, SIG_DFL);
        for (int i = 0; i < n; ++i)
            close(client_fds[i]);
        _exit(io_device_serve(dev_fds, n, cfg));
    }
    if (made == n && pid < 0)
        snprintf(err, errlen, "fork of the device process: %s", strerror(errno));
    for (int i = 0; i < made; ++i) {
        close(dev_fds[i]);
        if (pid < 0)
            close(client_fds[i]);
    }
    free(dev_fds);
    return pid;
}

bool io_device_stop(pid_t pid, int *client_fds, int n)
{
    for (int i = 0; i < n; ++i)
        if (client_fds[i] >= 0) {
            close(client_fds[i]);
            client_fds[i] = -1;
        }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return false;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static int device_usage(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "parbench: ");
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return PB_BAD_INPUT;
}

int io_device_main(int argc, char **argv)
{
    io_device_cfg cfg = {.latency_ms = 10.0, .jitter_ms = 0.0, .seed = 42};
    const char *fd_s = NULL, *lat_s = NULL, *jit_s = NULL, *seed_s = NULL;
    for (int i = 1; i < argc; ++i) {
        const char **slot = strcmp(argv[i], "--fd") == 0        ? &fd_s
                            : strcmp(argv[i], "--latency") == 0 ? &lat_s
                            : strcmp(argv[i], "--jitter") == 0  ? &jit_s
                            : strcmp(argv[i], "--seed") == 0    ? &seed_s
                                                                : NULL;
        if (!slot)
            return device_usage("unknown option '%s' for parbench io device%s; it takes --fd N --latency MS "
                                "[--jitter MS] [--seed S]", argv[i], "");
        if (*slot)
            return device_usage("%s is given more than once%s", argv[i], "");
        if (i + 1 == argc)
            return device_usage("%s needs a value%s", argv[i], "");
        *slot = argv[++i];
    }
    const char *why;
    uint64_t fd = 0;
    if (!fd_s)
        return device_usage("parbench io device needs --fd N: the connected socket it serves%s%s", "", "");
    if (!parse_uint(fd_s, 0, 65535, &fd, &why))
        return device_usage("--fd '%s': %s; expected an open socket's descriptor number", fd_s, why);
    if (lat_s && !parse_double(lat_s, 0, 60000, &cfg.latency_ms, &why))
        return device_usage("--latency '%s': %s; expected milliseconds from 0 to 60000", lat_s, why);
    if (jit_s && !parse_double(jit_s, 0, 60000, &cfg.jitter_ms, &why))
        return device_usage("--jitter '%s': %s; expected milliseconds from 0 to 60000", jit_s, why);
    if (seed_s && !parse_uint(seed_s, 0, UINT64_MAX, &cfg.seed, &why))
        return device_usage("--seed '%s': %s; expected a whole number", seed_s, why);
    struct stat st;
    if (fstat((int)fd, &st) != 0 || !S_ISSOCK(st.st_mode))
        return device_usage("--fd %s: %s; expected a connected stream socket", fd_s,
                            fstat((int)fd, &st) != 0 ? "not an open descriptor" : "not a socket");
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* a device outliving its client serves nobody */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    int sock = (int)fd;
    return io_device_serve(&sock, 1, &cfg);
}
