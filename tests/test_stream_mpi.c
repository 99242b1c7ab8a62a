/* The STREAM triad's MPI side under mpiexec (any number of ranks): the ranks' blocks
 * cover [0, n) in order, each rank's triad on its block (serial and omp, as the mpi and
 * hybrid variants run) checks on every rank to the checksum of the whole arrays, and one
 * wrong element on any rank is reported on every rank by its global index (the lowest of
 * two). Sizes below the rank count leave some ranks without elements. Exit status 0
 * only when every check passed on every rank. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "stream/stream.h"
#include "stream/stream_mpi.h"
#include "mpi_check.h"

static int rank, size;

/* the checksum by a plain loop over every global index, on one rank */
static uint64_t plain_sum(uint64_t n, double s)
{
    uint64_t sum = 0;
    for (uint64_t i = 0; i < n; ++i)
        sum += (i % 997) + (uint64_t)s * (i % 5 + 1);
    return sum;
}

static void check(uint64_t n, int threads)
{
    uint64_t begin, end, ends[2] = {0, 0};
    stream_mpi_block(n, MPI_COMM_WORLD, &begin, &end);
    /* the blocks in rank order: each begins where the one before ended */
    uint64_t *all = malloc(2 * (size_t)size * sizeof *all);
    ends[0] = begin, ends[1] = end;
    MPI_Allgather(ends, 2, MPI_UINT64_T, all, 2, MPI_UINT64_T, MPI_COMM_WORLD);
    for (int r = 0; r < size; ++r)
        CHECK(all[2 * r] == (r ? all[2 * r - 1] : 0) && all[2 * r] <= all[2 * r + 1], "n=%llu: block %d",
              (unsigned long long)n, r);
    CHECK(all[2 * size - 1] == n, "n=%llu: the blocks end at %llu", (unsigned long long)n,
          (unsigned long long)all[2 * size - 1]);
    free(all);

    size_t local = (size_t)(end - begin);
    double *a = calloc(local + 1, sizeof *a), *b = calloc(local + 1, sizeof *b), *c = calloc(local + 1, sizeof *c);
    stream_fill(a, b, c, begin, local, threads ? threads : 1);
    if (threads)
        stream_omp(a, b, c, 3.0, local, 2, threads);
    else
        stream_serial(a, b, c, 3.0, local, 2);
    uint64_t sum = 0, want = plain_sum(n, 3.0);
    uint64_t bad = stream_mpi_check(a, begin, end, 3.0, MPI_COMM_WORLD, &sum);
    CHECK(bad == UINT64_MAX && sum == want, "n=%llu threads=%d: bad %llu, sum %llu (want %llu)",
          (unsigned long long)n, threads, (unsigned long long)bad, (unsigned long long)sum, (unsigned long long)want);

    /* one wrong element on the last rank with any, then also one on the first: every
     * rank hears the lowest global index */
    if (n > 0) {
        uint64_t last = n - 1, first_wrong = n / 2;
        if (last >= begin && last < end)
            a[last - begin] += 1.0;
        bad = stream_mpi_check(a, begin, end, 3.0, MPI_COMM_WORLD, &sum);
        CHECK(bad == last, "n=%llu: wrong a[%llu] reported as %llu", (unsigned long long)n, (unsigned long long)last,
              (unsigned long long)bad);
        if (first_wrong >= begin && first_wrong < end)
            a[first_wrong - begin] = -1.0;
        bad = stream_mpi_check(a, begin, end, 3.0, MPI_COMM_WORLD, &sum);
        CHECK(bad == first_wrong, "n=%llu: wrong a[%llu] and a[%llu] reported as %llu", (unsigned long long)n,
              (unsigned long long)first_wrong, (unsigned long long)last, (unsigned long long)bad);
    }
    free(a), free(b), free(c);
}

int main(int argc, char **argv)
{
    int provided;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    static const uint64_t ns[] = {0, 1, 2, 3, 5, 997, 1000, 100003};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; ++i)
        for (int threads = 0; threads <= 2; ++threads) /* 0: the mpi variant's serial triad */
            check(ns[i], threads);
    return mpi_check_finish("test_stream_mpi");
}
