/* Moving whole matrices between rank 0 and the grid (only with --gather), and the
 * verification of a distributed C without moving it. */
#include <stdlib.h>
#include <string.h>

#include "matmul.h"
#include "matmul_mpi.h"

/* Grid block of rank d: rows [*r0, *r1), columns [*c0, *c1). */
static void block_of(const mm_grid *g, int d, size_t *r0, size_t *r1, size_t *c0, size_t *c1)
{
    mm_partition(g->n, g->pr, d / g->pc, r0, r1);
    mm_partition(g->n, g->pc, d % g->pc, c0, c1);
}

/* A rows x cols window of an n-wide matrix, as one MPI datatype: no copy on rank 0. */
static MPI_Datatype window_type(size_t rows, size_t cols, size_t n)
{
    MPI_Datatype t;
    MPI_Type_vector((int)rows, (int)cols, (int)n, MPI_DOUBLE, &t);
    MPI_Type_commit(&t);
    return t;
}

/* Rank 0's whole matrix M and every rank's block loc: copied from M into the blocks
 * (to_blocks, a scatter) or back (a gather). Rank 0 copies its own block in place and
 * sends or receives the others as strided windows of M. */
static void move_blocks(const mm_grid *g, double *M, double *loc, bool to_blocks)
{
    int rank, p;
    MPI_Comm_rank(g->comm, &rank);
    MPI_Comm_size(g->comm, &p);
    int tag = to_blocks ? 0 : 1;
    size_t cols = g->c1 - g->c0, rows = g->r1 - g->r0;
    if (rank != 0) {
        if (rows && cols) {
            if (to_blocks)
                MPI_Recv(loc, (int)(rows * cols), MPI_DOUBLE, 0, tag, g->comm, MPI_STATUS_IGNORE);
            else
                MPI_Send(loc, (int)(rows * cols), MPI_DOUBLE, 0, tag, g->comm);
        }
        return;
    }
    for (int d = 0; d < p; d++) {
        size_t r0, r1, c0, c1;
        block_of(g, d, &r0, &r1, &c0, &c1);
        if (r1 == r0 || c1 == c0)
            continue;
        if (d == 0) {
            for (size_t i = r0; i < r1; i++) {
                double *whole = M + i * g->n + c0, *block = loc + (i - r0) * (c1 - c0);
                memcpy(to_blocks ? block : whole, to_blocks ? whole : block, (c1 - c0) * sizeof(double));
            }
            continue;
        }
        MPI_Datatype t = window_type(r1 - r0, c1 - c0, g->n);
        if (to_blocks)
            MPI_Send(M + r0 * g->n + c0, 1, t, d, tag, g->comm);
        else
            MPI_Recv(M + r0 * g->n + c0, 1, t, d, tag, g->comm, MPI_STATUS_IGNORE);
        MPI_Type_free(&t);
    }
}

/* (M is only read when scattering: the cast serves the shared body.) */
void mm_scatter(const mm_grid *g, const double *M, double *loc) { move_blocks(g, (double *)M, loc, true); }

void mm_gather(const mm_grid *g, const double *loc, double *M) { move_blocks(g, M, (double *)loc, false); }

bool mm_verify_distributed(const mm_grid *g, const double *Aloc, const double *Bloc,
                           const double *Cloc, uint64_t seed, double *checksum)
{
    size_t n = g->n, rows = g->r1 - g->r0, cols = g->c1 - g->c0;
    double local = mm_checksum(rows, cols, Cloc, cols);
    MPI_Allreduce(&local, checksum, 1, MPI_DOUBLE, MPI_SUM, g->comm);

    /* Freivalds with the same r as mm_freivalds. Every partial sum is an integer below
     * 2^53, so the reductions are exact in any order. */
    double *r = calloc(n ? n : 1, sizeof *r), *y = calloc(n ? n : 1, sizeof *y);
    double *d = calloc(n ? n : 1, sizeof *d);
    if (!mm_all_ok(r && y && d, g->comm)) { /* decided together: no rank waits in a collective alone */
        free(r);
        free(y);
        free(d);
        return false;
    }
    int ok = mm_entries_plausible(rows, cols, Cloc, cols, n);
    for (size_t j = 0; j < n; j++)
        r[j] = mm_freivalds_r(seed, j);
    /* y = B r: my rows of y from my columns of B, summed over the grid row. */
    for (size_t k = 0; k < rows; k++) {
        double s = 0;
        for (size_t j = 0; j < cols; j++)
            s += Bloc[k * cols + j] * r[g->c0 + j];
        y[g->r0 + k] = s;
    }
    MPI_Allreduce(MPI_IN_PLACE, y, (int)n, MPI_DOUBLE, MPI_SUM, g->comm);
    /* d = A y - C r: my share of each of my rows, summed over the grid row. */
    for (size_t i = 0; i < rows; i++) {
        double ay = 0, cr = 0;
        for (size_t k = 0; k < cols; k++) {
            ay += Aloc[i * cols + k] * y[g->c0 + k];
            cr += Cloc[i * cols + k] * r[g->c0 + k];
        }
        d[g->r0 + i] = ay - cr;
    }
    MPI_Allreduce(MPI_IN_PLACE, d, (int)n, MPI_DOUBLE, MPI_SUM, g->comm);
    for (size_t i = 0; ok && i < n; i++)
        ok = d[i] == 0;
    ok = mm_all_ok(ok, g->comm);
    free(r);
    free(y);
    free(d);
    return ok;
}

uint64_t mm_node_bytes(uint64_t mine, MPI_Comm comm)
{
    MPI_Comm node;
    uint64_t total = mine;
    if (MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
        MPI_Allreduce(&mine, &total, 1, MPI_UINT64_T, MPI_SUM, node);
        MPI_Comm_free(&node);
    }
    return total;
}

bool mm_all_ok(bool ok, MPI_Comm comm)
{
    int mine = ok, all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, comm);
    return all;
}

bool mm_verify_gathered(const mm_grid *g, const double *A, const double *B, const double *C,
                        uint64_t seed, double *checksum)
{
    int rank;
    MPI_Comm_rank(g->comm, &rank);
    double v[2] = {0, 0}; /* verdict, checksum */
    if (rank == 0) {
        v[0] = mm_freivalds(g->n, A, B, C, seed);
        v[1] = mm_checksum(g->n, g->n, C, g->n);
    }
    MPI_Bcast(v, 2, MPI_DOUBLE, 0, g->comm);
    *checksum = v[1];
    return v[0] != 0;
}
