/* SUMMA (van de Geijn & Watts): C = sum over k-panels of A(:, panel) * B(panel, :).
 * For each panel, the grid column that owns those columns of A broadcasts its piece
 * along each grid row, the grid row that owns those rows of B broadcasts along each
 * grid column, and every rank multiplies the two pieces into its block of C. The panel
 * boundaries are the union of both partitions of k (capped at MM_SUMMA_KB), so each
 * panel has exactly one owner on each side even when pr != pc or n is not divisible. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gemm_internal.h"
#include "matmul.h"
#include "common/pages.h"
#include "common/work.h"
#include "matmul_mpi.h"

/* Panel width: the serial kernel's kc, so one local multiply is one pc step and
 * packing cost and messages per flop stay low. */
#define MM_SUMMA_KB ((size_t)MM_KC)

void mm_grid_dims(int p, int *pr, int *pc)
{
    /* pc = the largest divisor of p not above sqrt(p); the grid is tall (pr >= pc)
     * because B's row panels are contiguous in their owner's block and go out without
     * a copy, while A's column panels must be packed first: a tall grid sends more of
     * the former. With p prime (pc = 1) A never moves at all. */
    int best = 1;
    for (int d = 1; (long)d * d <= p; d++)
        if (p % d == 0)
            best = d;
    *pc = best;
    *pr = p / best;
}

static size_t part_max(size_t n, int p) { return (n + (size_t)p - 1) / (size_t)p; }

size_t mm_grid_bytes_per_rank(size_t n, int p)
{
    int pr, pc;
    mm_grid_dims(p, &pr, &pc);
    size_t rows = part_max(n, pr), cols = part_max(n, pc);
    size_t kb = mm_min(MM_SUMMA_KB, n);
    /* 2 slots; the 3 blocks and 4 panels each rounded up to whole huge pages at most */
    return (3 * rows * cols + 2 * (rows * kb + kb * cols)) * sizeof(double) + 7 * PAGES_HUGE_BYTES;
}

int mm_grid_init(mm_grid *g, size_t n, MPI_Comm comm)
{
    int p, rank;
    memset(g, 0, sizeof *g);
    g->row = g->col = MPI_COMM_NULL;
    MPI_Comm_size(comm, &p);
    MPI_Comm_rank(comm, &rank);
    g->comm = comm;
    g->n = n;
    mm_grid_dims(p, &g->pr, &g->pc);
    g->myr = rank / g->pc;
    g->myc = rank % g->pc;
    mm_partition(n, g->pr, g->myr, &g->r0, &g->r1);
    mm_partition(n, g->pc, g->myc, &g->c0, &g->c1);
    /* Row communicator ranks are grid column indices, column ones grid row indices,
     * so the owner of a panel is addressed by its grid coordinate. */
    int rc = MPI_Comm_split(comm, g->myr, g->myc, &g->row);
    if (rc == MPI_SUCCESS)
        rc = MPI_Comm_split(comm, g->myc, g->myr, &g->col);
    size_t kb = mm_min(MM_SUMMA_KB, n);
    int ok = rc == MPI_SUCCESS, all_ok = 0;
    for (int slot = 0; slot < 2; slot++) {
        g->apanel[slot] = mm_alloc_doubles((g->r1 - g->r0) * kb);
        g->bpanel[slot] = mm_alloc_doubles(kb * (g->c1 - g->c0));
        ok = ok && g->apanel[slot] && g->bpanel[slot];
    }
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_LAND, comm);
    if (!all_ok) {
        mm_grid_free(g);
        return rc != MPI_SUCCESS ? rc : MPI_ERR_NO_MEM;
    }
    return MPI_SUCCESS;
}

void mm_grid_free(mm_grid *g)
{
    if (g->row != MPI_COMM_NULL)
        MPI_Comm_free(&g->row);
    if (g->col != MPI_COMM_NULL)
        MPI_Comm_free(&g->col);
    for (int slot = 0; slot < 2; slot++) {
        free(g->apanel[slot]);
        free(g->bpanel[slot]);
        g->apanel[slot] = g->bpanel[slot] = NULL;
    }
}

/* The panel starting at k: its width and the owners of its A columns (a grid column)
 * and B rows (a grid row). */
static size_t panel_at(const mm_grid *g, size_t k, int *ca, int *rb)
{
    size_t a0, a1, b0, b1;
    for (*ca = 0;; ++*ca) {
        mm_partition(g->n, g->pc, *ca, &a0, &a1);
        if (k < a1)
            break;
    }
    for (*rb = 0;; ++*rb) {
        mm_partition(g->n, g->pr, *rb, &b0, &b1);
        if (k < b1)
            break;
    }
    return mm_min(mm_min(a1, b1), k + MM_SUMMA_KB) - k;
}

/* Start broadcasting the panel at k (width w) into buffer slot `slot`. *ap / *lda and
 * *bp tell where its A and B pieces will be: the slot's buffers, or the rank's own
 * block where no copy is needed. */
static void panel_start(mm_grid *g, const double *Aloc, const double *Bloc, size_t k, size_t w,
                        int ca, int rb, int slot, const double **ap, size_t *lda,
                        const double **bp, MPI_Request req[2])
{
    size_t rows = g->r1 - g->r0, cols = g->c1 - g->c0;
    if (g->pc == 1) {
        /* A one-column grid owns whole rows of A: the panel is used in place. */
        *ap = Aloc + k;
        *lda = cols;
        req[0] = MPI_REQUEST_NULL;
    } else {
        /* A(my rows, k..k+w): the owner copies it out of its block (leading dimension
         * cols) into the contiguous panel, then it travels along the grid row. */
        double *buf = g->apanel[slot];
        if (g->myc == ca)
            for (size_t i = 0; i < rows; i++)
                memcpy(buf + i * w, Aloc + i * cols + (k - g->c0), w * sizeof(double));
        MPI_Ibcast(buf, (int)(rows * w), MPI_DOUBLE, ca, g->row, &req[0]);
        *ap = buf;
        *lda = w;
    }
    /* B(k..k+w, my cols) is already contiguous in the owner's block: sent from there
     * (a broadcast does not write the root's buffer), so B needs no copy at all. */
    *bp = g->myr == rb ? Bloc + (k - g->r0) * cols : g->bpanel[slot];
    MPI_Ibcast((void *)*bp, (int)(w * cols), MPI_DOUBLE, rb, g->col, &req[1]);
}

/* Progress hook for the serial multiply: test the receives of the panel posted ahead,
 * so that its data is copied while this panel is multiplied rather than when the next
 * step waits for it (measured at n = 2048 on 2 ranks: ~1.7 ms of waiting per step
 * without it). */
static void test_lookahead(void *arg)
{
    MPI_Request *req = arg;
    int done;
    MPI_Testall(2, req, &done, MPI_STATUSES_IGNORE);
}

bool mm_summa(mm_grid *g, const double *Aloc, const double *Bloc, double *Cloc, mm_step_gemm step, int threads)
{
    size_t n = g->n, rows = g->r1 - g->r0, cols = g->c1 - g->c0;
    if (n == 0)
        return true;
    bool ok = true;
    /* One panel of look-ahead: panel s+1 is posted before panel s is multiplied, so a
     * rank that finishes early finds the next panel already offered by its owner and
     * copies it without waiting for the owner's multiply. The owner, in turn, does not
     * wait for its receivers (it only reads what it sends) until it reuses the slot. */
    MPI_Request req[2][2] = {{MPI_REQUEST_NULL, MPI_REQUEST_NULL},
                             {MPI_REQUEST_NULL, MPI_REQUEST_NULL}};
    const double *ap[2], *bp[2];
    size_t lda[2];
    int ca, rb;
    size_t w = panel_at(g, 0, &ca, &rb);
    panel_start(g, Aloc, Bloc, 0, w, ca, rb, 0, &ap[0], &lda[0], &bp[0], req[0]);
    bool root[2][2] = {{g->myc == ca, g->myr == rb}};
    for (size_t k = 0, s = 0; k < n; s++) {
        int slot = (int)(s % 2), other = slot ^ 1;
        work_mark wait = work_begin();
        for (int q = 0; q < 2; q++) /* the pieces this rank receives must have arrived */
            if (!root[slot][q])
                MPI_Wait(&req[slot][q], MPI_STATUS_IGNORE);
        work_end(wait, 0, WORK_WAIT);
        size_t next = k + w, wn = 0;
        if (next < n) {
            /* The other slot held panel s-1: multiplied, but its sends may be pending. */
            MPI_Waitall(2, req[other], MPI_STATUSES_IGNORE);
            wn = panel_at(g, next, &ca, &rb);
            panel_start(g, Aloc, Bloc, next, wn, ca, rb, other, &ap[other], &lda[other],
                        &bp[other], req[other]);
            root[other][0] = g->myc == ca;
            root[other][1] = g->myr == rb;
        }
        const double *a = ap[slot], *b = bp[slot];
        ok = step(rows, cols, w, a, lda[slot], b, cols, Cloc, cols, k > 0, wn ? test_lookahead : NULL, req[other],
                  threads) && ok;
        k = next;
        w = wn;
    }
    work_mark wait = work_begin();
    MPI_Waitall(2, req[0], MPI_STATUSES_IGNORE);
    MPI_Waitall(2, req[1], MPI_STATUSES_IGNORE);
    work_end(wait, 0, WORK_WAIT);
    return ok;
}
