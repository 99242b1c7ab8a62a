#include "io/checkpoint_uring.h"

#include "io/uring.h"

#if PARBENCH_HAVE_URING
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* A slice goes out in at most MAX_WRITES pieces of at least MIN_PIECE bytes, so that
 * the page cache takes it in steps and the last piece is not waiting for the first;
 * with the fsync and any resent short write they fit the ring. */
#define MAX_WRITES 32
#define MIN_PIECE (1u << 20)
#define RING_ENTRIES 64
#define FSYNC_TAG UINT64_MAX
#define CLOSE_TAG (UINT64_MAX - 1)

struct ck_uring {
    struct io_uring ring;
    int fd;
    const char *buf;
    uint64_t offset;
    size_t piece, pieces, bytes;
    size_t done[MAX_WRITES];   /* bytes of each piece written so far */
    unsigned pending;          /* operations in the ring */
    bool fsync, resent;
};

ck_uring *ck_uring_new(char *err, size_t errlen)
{
    ck_uring *u = calloc(1, sizeof *u);
    if (!u) {
        snprintf(err, errlen, "out of memory for the io_uring writer");
        return NULL;
    }
    u->fd = -1;
    if (!uring_open(&u->ring, RING_ENTRIES, err, errlen)) {
        free(u);
        return NULL;
    }
    return u;
}

void ck_uring_free(ck_uring *u)
{
    if (!u)
        return;
    io_uring_queue_exit(&u->ring);
    if (u->fd >= 0)
        close(u->fd);
    free(u);
}

/* Piece i, from byte done[i] on. IOSQE_ASYNC hands it to an io-wq worker at once: a
 * buffered write the page cache can take would otherwise be copied inline, inside the
 * submitting call, and nothing would overlap. */
static void queue_piece(ck_uring *u, size_t i)
{
    size_t start = i * u->piece, len = u->bytes - start < u->piece ? u->bytes - start : u->piece;
    struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);
    io_uring_prep_write(sqe, u->fd, u->buf + start + u->done[i], (unsigned)(len - u->done[i]),
                        u->offset + start + u->done[i]);
    io_uring_sqe_set_flags(sqe, IOSQE_ASYNC);
    io_uring_sqe_set_data64(sqe, i);
    ++u->pending;
}

/* DRAIN: it starts once every operation before it in the ring has completed. */
static void queue_fsync(ck_uring *u)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);
    io_uring_prep_fsync(sqe, u->fd, 0);
    io_uring_sqe_set_flags(sqe, IOSQE_IO_DRAIN);
    io_uring_sqe_set_data64(sqe, FSYNC_TAG);
    ++u->pending;
}

int ck_uring_start(ck_uring *u, const char *path, uint64_t offset, const void *buf, size_t bytes, bool fsync)
{
    u->fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
    if (u->fd < 0)
        return errno;
    u->buf = buf, u->offset = offset, u->bytes = bytes, u->fsync = fsync, u->resent = false;
    u->piece = (bytes + MAX_WRITES - 1) / MAX_WRITES;
    u->piece = u->piece < MIN_PIECE ? MIN_PIECE : u->piece;
    u->pieces = (bytes + u->piece - 1) / u->piece;
    for (size_t i = 0; i < u->pieces; ++i) {
        u->done[i] = 0;
        queue_piece(u, i);
    }
    if (fsync)
        queue_fsync(u);
    int rc = io_uring_submit(&u->ring);
    return rc < 0 ? -rc : 0;
}

void ck_uring_close_later(ck_uring *u, int fd)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);
    if (!sqe) { /* a full ring (it holds one checkpoint's operations and this): close here */
        close(fd);
        return;
    }
    io_uring_prep_close(sqe, fd);
    io_uring_sqe_set_flags(sqe, IOSQE_ASYNC);
    io_uring_sqe_set_data64(sqe, CLOSE_TAG);
    ++u->pending;
    io_uring_submit(&u->ring); /* should it fail, the close goes with the next submission */
}

/* One completion: 0, or the errno that ends the checkpoint. */
static int on_completion(ck_uring *u, uint64_t tag, int res)
{
    if (tag == CLOSE_TAG) /* the replaced checkpoint, opened O_PATH: nothing to report */
        return 0;
    if (tag == FSYNC_TAG)
        return res < 0 ? -res : 0;
    if (res == -EINTR || res == -EAGAIN)
        res = 0;
    else if (res < 0)
        return -res;
    else if (res == 0)
        return EIO; /* no progress on a regular file: give up, not spin */
    size_t i = (size_t)tag, start = i * u->piece;
    size_t len = u->bytes - start < u->piece ? u->bytes - start : u->piece;
    u->done[i] += (size_t)res;
    if (u->done[i] < len) {
        u->resent = true;
        queue_piece(u, i);
    }
    return 0;
}

int ck_uring_wait(ck_uring *u)
{
    int rc = 0;
    bool synced_after = false;
    while (rc == 0 && u->pending > 0) {
        int e = io_uring_submit_and_wait(&u->ring, 1);
        if (e < 0 && e != -EINTR) {
            rc = -e;
            break;
        }
        struct io_uring_cqe *cqe;
        unsigned head, seen = 0;
        io_uring_for_each_cqe(&u->ring, head, cqe)
        {
            ++seen;
            --u->pending;
            if (rc == 0)
                rc = on_completion(u, io_uring_cqe_get_data64(cqe), cqe->res);
        }
        io_uring_cq_advance(&u->ring, seen);
        /* a piece sent again may have missed the fsync: one more, after it */
        if (rc == 0 && u->pending == 0 && u->fsync && u->resent && !synced_after) {
            synced_after = true;
            queue_fsync(u);
        }
    }
    return rc;
}

int ck_uring_finish(ck_uring *u)
{
    int rc = ck_uring_wait(u);
    if (close(u->fd) != 0 && rc == 0)
        rc = errno;
    u->fd = -1;
    return rc;
}
#endif
