/* The sieve's mpi and hybrid variants under mpiexec (any number of ranks): rank 0 gets
 * pi(N), the other ranks' partial counts add up to it, for N from 0 up (so that some
 * ranks have no segment at all) and with tiny segments (so that every rank has many
 * and the large primes use buckets). Exit status 0 only when every check passed on
 * every rank. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "sieve/sieve.h"
#include "sieve/sieve_mpi.h"

static int failures, rank;
#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (!(cond) && ++failures <= 20) {                                            \
            fprintf(stderr, "rank %d: FAIL %s:%d: ", rank, __FILE__, __LINE__);       \
            fprintf(stderr, __VA_ARGS__);                                             \
            fputc('\n', stderr);                                                      \
        }                                                                             \
    } while (0)

static void check(uint64_t n, const sieve_params *sp, int threads, uint64_t expect)
{
    uint64_t got = threads ? sieve_hybrid(n, sp, threads, MPI_COMM_WORLD) : sieve_mpi(n, sp, MPI_COMM_WORLD);
    CHECK(got != SIEVE_ERROR, "n=%llu threads=%d: error", (unsigned long long)n, threads);
    /* rank 0: the total; others: their part. Parts + wheel primes = total. */
    uint64_t part = rank == 0 ? 0 : got, parts = 0, total = got;
    MPI_Allreduce(&part, &parts, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    MPI_Bcast(&total, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    if (rank == 0)
        CHECK(got == expect, "n=%llu seg=%u threads=%d: pi=%llu, expected %llu", (unsigned long long)n,
              sp->segment_bytes, threads, (unsigned long long)got, (unsigned long long)expect);
    CHECK(parts <= total, "n=%llu: partial counts %llu exceed the total %llu", (unsigned long long)n,
          (unsigned long long)parts, (unsigned long long)total);
}

int main(int argc, char **argv)
{
    int provided;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    const sieve_params tiny = {.segment_bytes = 256, .block_bytes = 64};
    const sieve_params real = sieve_params_for_cache(48 * 1024, 2 * 1024 * 1024);
    for (uint64_t n = 0; n < 300; ++n) {
        uint64_t expect = sieve_count_plain(n);
        check(n, &tiny, 0, expect);
        check(n, &real, 0, expect);
        check(n, &tiny, 2, expect);
    }
    static const uint64_t ns[] = {7680, 7681, 15728639, 15728640, 15728641, 10609, 10000019, 99999989};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; ++i) {
        uint64_t expect = prime_count_lucy(ns[i]);
        check(ns[i], &tiny, 0, expect);
        check(ns[i], &real, 0, expect);
        check(ns[i], &real, 2, expect);
        check(ns[i], &tiny, 3, expect);
    }
    check(1000000000, &real, 0, 50847534);
    check(1000000000, &real, 2, 50847534);
    int all = 0;
    MPI_Allreduce(&failures, &all, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0)
        printf("%s (%d failures over all ranks)\n", all ? "FAILED" : "passed", all);
    MPI_Finalize();
    return all != 0;
}
