/* SUMMA on a 2D process grid (mpi.c, hybrid.c, summa.c); built only with MPI.
 *
 * The grid is pr x pc with pr * pc = P, as square as P allows (pr >= pc). Rank
 * (r, c) owns rows part r and columns part c of A, B and C alike; the parts come from
 * mm_partition, so n need not be divisible by pr or pc. */
#ifndef PARBENCH_MATMUL_MPI_H
#define PARBENCH_MATMUL_MPI_H

#include <mpi.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "matmul.h"

typedef struct {
    MPI_Comm comm;         /* the communicator given to mm_grid_init (not owned) */
    MPI_Comm row, col;     /* ranks of my grid row (ordered by column) / my grid column */
    int pr, pc, myr, myc;
    size_t n;
    size_t r0, r1, c0, c1; /* my rows [r0, r1) and columns [c0, c1) */
    double *apanel[2], *bpanel[2]; /* SUMMA panel buffers, two for the look-ahead */
} mm_grid;

/* The most square pr x pc = p with pr >= pc. */
void mm_grid_dims(int p, int *pr, int *pc);
/* Collective over comm. Returns MPI_SUCCESS or an MPI/allocation error code. */
int mm_grid_init(mm_grid *g, size_t n, MPI_Comm comm);
void mm_grid_free(mm_grid *g);
/* Bytes one rank allocates for its blocks of A, B, C and the SUMMA panels, the most
 * over all ranks (the memory check adds mm_gemm_workspace_bytes). */
size_t mm_grid_bytes_per_rank(size_t n, int p);

/* The multiply of one SUMMA step on this rank's block: C (+)= A * B (mm_gemm's
 * arguments). progress(arg), when not NULL, lets MPI move the next panel meanwhile;
 * threads is what the variant was given. False when its packing buffers could not be
 * allocated. Each variant (mpi.c, hybrid.c) supplies its own. */
typedef bool (*mm_step_gemm)(size_t m, size_t n, size_t k, const double *A, size_t lda, const double *B, size_t ldb,
                             double *C, size_t ldc, bool accumulate, mm_progress_fn progress, void *arg, int threads);

/* C_loc = A * B by SUMMA, each step multiplied by `step`; each block has leading
 * dimension c1 - c0. Collective. False on this rank when a local multiply could not
 * allocate its packing buffers (the collectives still complete). */
bool mm_summa(mm_grid *g, const double *Aloc, const double *Bloc, double *Cloc, mm_step_gemm step, int threads);
/* The variants. */
bool mm_mpi(mm_grid *g, const double *Aloc, const double *Bloc, double *Cloc);
bool mm_hybrid(mm_grid *g, const double *Aloc, const double *Bloc, double *Cloc, int threads);

/* Rank 0's full n x n matrix M to every rank's block (loc), and back. Collective. */
void mm_scatter(const mm_grid *g, const double *M, double *loc);
void mm_gather(const mm_grid *g, const double *loc, double *M);

/* Verification of the distributed product without gathering it: the checksum
 * (summed over all ranks) and Freivalds' check with the vector of mm_freivalds_r.
 * Collective; the same answer on every rank. */
bool mm_verify_distributed(const mm_grid *g, const double *Aloc, const double *Bloc,
                           const double *Cloc, uint64_t seed, double *checksum);

/* The same for a product gathered to rank 0 (A, B, C full there, ignored elsewhere):
 * rank 0 checks, every rank gets the verdict and checksum. Collective. */
bool mm_verify_gathered(const mm_grid *g, const double *A, const double *B, const double *C,
                        uint64_t seed, double *checksum);

/* Helpers for the driver's set-up, which must decide the same on every rank before
 * mm_grid_init (a collective). Both collective. */
/* Sum of `mine` over the ranks that share this rank's node (its memory). */
uint64_t mm_node_bytes(uint64_t mine, MPI_Comm comm);
/* True on every rank when ok is true on every rank. */
bool mm_all_ok(bool ok, MPI_Comm comm);

#endif
