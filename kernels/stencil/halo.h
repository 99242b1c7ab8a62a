/* The halo exchange of `parbench io overlap` (MPI; built only with MPI): ranks form a
 * ring, each owning a strip of `cols` columns (stencil.h's layout) of a periodic grid;
 * an iteration exchanges both halos (one column each way) and applies the stencil.
 * The three ways to wait, and the two reference phases that give the overlap:
 *   halo_blocking     MPI_Sendrecv both halos, then compute every column
 *   halo_nonblocking  Irecv/Isend, compute the interior, Waitall, then the two boundary
 *                     columns (the interior reads no ghost)
 *   halo_progress     the same, calling MPI_Testall every test_every interior cells:
 *                     Open MPI moves a large (rendezvous) message only inside MPI calls
 *   halo_compute_only the same stencil sweeps, no messages
 *   halo_comm_only    the exchanges, each waited for at once, no computation */
#ifndef PARBENCH_HALO_H
#define PARBENCH_HALO_H

#include <mpi.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    size_t rows, cols;      /* cells per column (halo doubles), owned columns */
    unsigned iters;
    size_t test_every;      /* halo_progress: interior cells between two tests */
    MPI_Comm comm;
    int rank, size, left, right;
    double *u, *v;          /* strips with ghost columns */
    double *init;           /* the owned initial field, restored at the start of each run */
    double *final;          /* u or v: where the last run left its answer */
} halo_strip;

/* Bytes halo_alloc takes on this rank (two strips and the initial field). */
uint64_t halo_bytes(size_t rows, size_t cols);
/* Allocates and fills the strip of this rank (ring neighbours from comm); false when
 * out of memory (nothing left allocated). Not collective. */
bool halo_alloc(halo_strip *s, size_t rows, size_t cols, unsigned iters, size_t test_every, MPI_Comm comm,
                uint64_t seed);
void halo_free(halo_strip *s);

/* One run of iters iterations from the initial field. Collective. */
void halo_blocking(halo_strip *s);
void halo_nonblocking(halo_strip *s);
void halo_progress(halo_strip *s);
void halo_compute_only(halo_strip *s);
void halo_comm_only(halo_strip *s);

/* Rank 0 gets every rank's owned cells of the last run, in ring order, in grid
 * (rows x cols x size doubles; ignored elsewhere). ok tells whether rank 0 could
 * allocate grid: false on rank 0 skips the gather on every rank. Collective. Returns
 * ok as rank 0 saw it. */
bool halo_gather(const halo_strip *s, double *grid, bool ok);

#endif
