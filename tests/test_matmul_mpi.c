/* SUMMA under mpiexec (any number of ranks): for odd sizes and both variants, with the
 * blocks made locally or scattered from rank 0, every rank's block of C equals the
 * serial kernel's, the gathered C equals it on rank 0, the distributed checks pass,
 * and they fail on every rank when one element of one rank's block is wrong.
 * Exit status 0 only when every check passed on every rank. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matmul/matmul.h"
#include "matmul/matmul_mpi.h"
#include "mpi_check.h"

static double *matrix(size_t rows, size_t cols)
{
    double *m = malloc((rows && cols ? rows * cols : 1) * sizeof *m);
    if (!m)
        MPI_Abort(MPI_COMM_WORLD, 3);
    return m;
}

int main(int argc, char **argv)
{
    int provided, rank, p;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &p);

    int pr, pc;
    mm_grid_dims(p, &pr, &pc);
    CHECK(pr * pc == p && pr >= pc, "grid %dx%d for %d ranks", pr, pc, p);
    for (int d = 1; (long)(d) * d <= p; d++) /* most square: no divisor closer to sqrt */
        CHECK(!(p % d == 0 && d > pc), "grid %dx%d not the most square for %d", pr, pc, p);

    static const size_t sizes[] = {1, 2, 7, 33, 100, 1023};
    const uint64_t seed = 42;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        double expected = mm_checksum_expected(seed, n);
        /* The whole product by the (separately tested) serial kernel, on every rank. */
        double *A = matrix(n, n), *B = matrix(n, n), *R = matrix(n, n), *G = matrix(n, n);
        mm_fill(seed, MM_A, 0, 0, n, n, A, n);
        mm_fill(seed, MM_B, 0, 0, n, n, B, n);
        CHECK(mm_serial(n, A, B, R), "serial n=%zu", n);

        for (int variant = 0; variant < 2; variant++)
            for (int gather = 0; gather < 2; gather++) {
                mm_grid g;
                CHECK(mm_grid_init(&g, n, MPI_COMM_WORLD) == MPI_SUCCESS, "grid n=%zu", n);
                size_t rows = g.r1 - g.r0, cols = g.c1 - g.c0;
                double *Al = matrix(rows, cols), *Bl = matrix(rows, cols), *Cl = matrix(rows, cols);
                for (size_t i = 0; i < rows * cols; i++)
                    Cl[i] = -1e9; /* garbage that SUMMA must overwrite */
                if (gather) {
                    mm_scatter(&g, rank == 0 ? A : NULL, Al);
                    mm_scatter(&g, rank == 0 ? B : NULL, Bl);
                } else {
                    mm_fill(seed, MM_A, g.r0, g.c0, rows, cols, Al, cols);
                    mm_fill(seed, MM_B, g.r0, g.c0, rows, cols, Bl, cols);
                }
                bool ok = variant == 0 ? mm_mpi(&g, Al, Bl, Cl) : mm_hybrid(&g, Al, Bl, Cl, 2);
                CHECK(ok, "summa n=%zu", n);
                const char *what = variant == 0 ? "mpi" : "hybrid";
                for (size_t i = 0; i < rows; i++)
                    for (size_t j = 0; j < cols; j++)
                        CHECK(Cl[i * cols + j] == R[(g.r0 + i) * n + g.c0 + j],
                              "%s n=%zu gather=%d: C(%zu,%zu) = %g, serial %g", what, n, gather,
                              g.r0 + i, g.c0 + j, Cl[i * cols + j], R[(g.r0 + i) * n + g.c0 + j]);
                double checksum = 0;
                CHECK(mm_verify_distributed(&g, Al, Bl, Cl, 5, &checksum), "%s n=%zu verify", what, n);
                CHECK(checksum == expected, "%s n=%zu checksum %.0f expected %.0f", what, n, checksum, expected);
                if (gather) {
                    memset(G, 0, n * n * sizeof *G);
                    mm_gather(&g, Cl, rank == 0 ? G : NULL);
                    if (rank == 0)
                        CHECK(memcmp(G, R, n * n * sizeof *G) == 0, "%s n=%zu gathered C differs", what, n);
                    CHECK(mm_verify_gathered(&g, A, B, G, 5, &checksum) && checksum == expected,
                          "%s n=%zu gathered verify", what, n);
                }
                /* One wrong element on the last rank that has any: all ranks must see it. */
                int victim = -1;
                for (int d = p - 1; d >= 0 && victim < 0; d--) {
                    size_t b0, b1, d0, d1;
                    mm_partition(n, pr, d / pc, &b0, &b1);
                    mm_partition(n, pc, d % pc, &d0, &d1);
                    if (b1 > b0 && d1 > d0)
                        victim = d;
                }
                if (rank == victim)
                    Cl[rows * cols - 1] += 1;
                CHECK(!mm_verify_distributed(&g, Al, Bl, Cl, 5, &checksum), "%s n=%zu: wrong element missed", what, n);
                free(Al), free(Bl), free(Cl);
                mm_grid_free(&g);
            }
        free(A), free(B), free(R), free(G);
    }
    if (rank == 0)
        printf("test_matmul_mpi on %d ranks (grid %dx%d)\n", p, pr, pc);
    return mpi_check_finish("test_matmul_mpi");
}
