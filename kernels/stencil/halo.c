#include "halo.h"

#include <stdlib.h>
#include <string.h>

#include "common/work.h"
#include "stencil.h"

enum { TAG_EAST = 1, TAG_WEST = 2 };

uint64_t halo_bytes(size_t rows, size_t cols)
{
    return 2 * (uint64_t)(cols + 2) * rows * sizeof(double) + (uint64_t)cols * rows * sizeof(double);
}

bool halo_alloc(halo_strip *s, size_t rows, size_t cols, unsigned iters, size_t test_every, MPI_Comm comm,
                uint64_t seed)
{
    memset(s, 0, sizeof *s);
    s->rows = rows, s->cols = cols, s->iters = iters, s->test_every = test_every, s->comm = comm;
    MPI_Comm_rank(comm, &s->rank);
    MPI_Comm_size(comm, &s->size);
    s->left = (s->rank + s->size - 1) % s->size;
    s->right = (s->rank + 1) % s->size;
    size_t strip = (cols + 2) * rows * sizeof(double), owned = cols * rows * sizeof(double);
    s->u = malloc(strip);
    s->v = malloc(strip);
    s->init = malloc(owned);
    if (!s->u || !s->v || !s->init) {
        halo_free(s);
        return false;
    }
    /* Ghosts start defined (they are read by nothing before the first exchange). */
    memset(s->u, 0, strip);
    memset(s->v, 0, strip);
    stencil_init(s->u, rows, cols, (uint64_t)s->rank * cols, seed);
    memcpy(s->init, s->u + rows, owned);
    s->final = s->u;
    return true;
}

void halo_free(halo_strip *s)
{
    free(s->u);
    free(s->v);
    free(s->init);
    s->u = s->v = s->init = s->final = NULL;
}

/* Posts the exchange of both halos of u: our last column travels east into the right
 * neighbour's left ghost, our first column west into the left neighbour's right ghost. */
static void post_exchange(const halo_strip *s, double *u, MPI_Request req[4])
{
    int n = (int)s->rows;
    MPI_Irecv(u, n, MPI_DOUBLE, s->left, TAG_EAST, s->comm, &req[0]);
    MPI_Irecv(u + (s->cols + 1) * s->rows, n, MPI_DOUBLE, s->right, TAG_WEST, s->comm, &req[1]);
    MPI_Isend(u + s->cols * s->rows, n, MPI_DOUBLE, s->right, TAG_EAST, s->comm, &req[2]);
    MPI_Isend(u + s->rows, n, MPI_DOUBLE, s->left, TAG_WEST, s->comm, &req[3]);
}

static void step_blocking(const halo_strip *s, double *u, double *v)
{
    int n = (int)s->rows;
    work_mark mark = work_begin();
    MPI_Sendrecv(u + s->cols * s->rows, n, MPI_DOUBLE, s->right, TAG_EAST, u, n, MPI_DOUBLE, s->left, TAG_EAST,
                 s->comm, MPI_STATUS_IGNORE);
    MPI_Sendrecv(u + s->rows, n, MPI_DOUBLE, s->left, TAG_WEST, u + (s->cols + 1) * s->rows, n, MPI_DOUBLE,
                 s->right, TAG_WEST, s->comm, MPI_STATUS_IGNORE);
    work_end(mark, 0, WORK_WAIT);
    mark = work_begin();
    stencil_columns(u, v, s->rows, 0, s->cols);
    work_end(mark, 0, WORK_COMPUTE);
}

static void step_overlapped(const halo_strip *s, double *u, double *v, bool progress)
{
    MPI_Request req[4];
    post_exchange(s, u, req);
    /* The interior (columns 1 .. cols-2) reads no ghost: it can run while halos travel. */
    size_t first = s->rows, last = (s->cols - 1) * s->rows;
    work_mark mark = work_begin();
    if (!progress) {
        stencil_cells(u, v, s->rows, first, last);
    } else {
        int done = 0;
        for (size_t k = first; k < last; k += s->test_every) {
            size_t end = last - k > s->test_every ? k + s->test_every : last;
            stencil_cells(u, v, s->rows, k, end);
            if (!done)
                MPI_Testall(4, req, &done, MPI_STATUSES_IGNORE);
        }
    }
    work_end(mark, 0, WORK_COMPUTE);
    mark = work_begin();
    MPI_Waitall(4, req, MPI_STATUSES_IGNORE);
    work_end(mark, 0, WORK_WAIT);
    mark = work_begin();
    stencil_columns(u, v, s->rows, 0, 1);
    stencil_columns(u, v, s->rows, s->cols - 1, s->cols);
    work_end(mark, 0, WORK_COMPUTE);
}

static void step_compute(const halo_strip *s, double *u, double *v)
{
    work_mark mark = work_begin();
    stencil_columns(u, v, s->rows, 0, s->cols);
    work_end(mark, 0, WORK_COMPUTE);
}
static void step_nonblocking(const halo_strip *s, double *u, double *v) { step_overlapped(s, u, v, false); }
static void step_progress(const halo_strip *s, double *u, double *v) { step_overlapped(s, u, v, true); }

/* iters steps from the initial field, swapping the strips after each. */
static void iterate(halo_strip *s, void (*step)(const halo_strip *, double *, double *))
{
    double *u = s->u, *v = s->v;
    memcpy(u + s->rows, s->init, s->cols * s->rows * sizeof *u);
    for (unsigned it = 0; it < s->iters; ++it) {
        step(s, u, v);
        double *t = u;
        u = v;
        v = t;
    }
    s->final = u;
}

void halo_blocking(halo_strip *s) { iterate(s, step_blocking); }
void halo_nonblocking(halo_strip *s) { iterate(s, step_nonblocking); }
void halo_progress(halo_strip *s) { iterate(s, step_progress); }
void halo_compute_only(halo_strip *s) { iterate(s, step_compute); }

void halo_comm_only(halo_strip *s)
{
    for (unsigned it = 0; it < s->iters; ++it) {
        MPI_Request req[4];
        work_mark mark = work_begin();
        post_exchange(s, s->u, req);
        MPI_Waitall(4, req, MPI_STATUSES_IGNORE);
        work_end(mark, 0, WORK_WAIT);
    }
}

bool halo_gather(const halo_strip *s, double *grid, bool ok)
{
    int go = ok;
    MPI_Bcast(&go, 1, MPI_INT, 0, s->comm); /* rank 0 cannot receive: nobody sends */
    if (go) {
        int owned = (int)(s->cols * s->rows);
        MPI_Gather(s->final + s->rows, owned, MPI_DOUBLE, grid, owned, MPI_DOUBLE, 0, s->comm);
    }
    return go;
}
