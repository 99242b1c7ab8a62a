/* The MPI tests' check: a failed condition is counted and, for the first 20 (enough to
 * debug), printed with the rank (a variable `rank` in scope) and the line; and their end:
 * the failures of all ranks summed, one line on rank 0, the exit status. */
#ifndef PARBENCH_TESTS_MPI_CHECK_H
#define PARBENCH_TESTS_MPI_CHECK_H

#include <mpi.h>
#include <stdio.h>

static int failures;
#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (!(cond) && ++failures <= 20) {                                            \
            fprintf(stderr, "rank %d: FAIL %s:%d: ", rank, __FILE__, __LINE__);       \
            fprintf(stderr, __VA_ARGS__);                                             \
            fputc('\n', stderr);                                                      \
        }                                                                             \
    } while (0)

/* Collective, after the last check: prints "NAME: passed" or "NAME: FAILED (N failures
 * over all ranks)" on rank 0, finalizes MPI and returns the exit status (0: every check
 * passed on every rank). */
static int mpi_check_finish(const char *name)
{
    int all = 0, me;
    MPI_Allreduce(&failures, &all, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    if (me == 0 && all)
        printf("%s: FAILED (%d failures over all ranks)\n", name, all);
    else if (me == 0)
        printf("%s: passed\n", name);
    MPI_Finalize();
    return all != 0;
}

#endif
