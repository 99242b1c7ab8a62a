/* The sieve's mpi and hybrid variants under mpiexec (any number of ranks): rank 0 gets
 * pi(N), every other rank its partial count, which equals the primes of its bytes
 * (sieve_split_by_work's part, counted here by Lucy-Hedgehog), and the parts with 2, 3, 5
 * add up to pi(N) exactly, for N from 0 up (so that some ranks have no segment at all)
 * and with tiny segments (so that every rank has many and the large primes use
 * buckets). Exit status 0 only when every check passed on every rank. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "sieve/sieve.h"
#include "sieve/sieve_internal.h"
#include "sieve/sieve_mpi.h"
#include "mpi_check.h"

static int rank;

/* pi(x) for any x, and 0 below 2 (x may be "one less than 0"). */
static uint64_t pi(uint64_t x, bool below_zero) { return below_zero ? 0 : prime_count_lucy(x); }

/* The primes > 5 and <= n among the numbers of bytes [b0, b1), that is in
 * [30 b0, min(30 b1 - 1, n)]: what the rank that sieves those bytes counts. */
static uint64_t primes_of_bytes(uint64_t n, uint64_t b0, uint64_t b1)
{
    if (b1 <= b0 || 30 * b0 > n)
        return 0;
    uint64_t last = 30 * b1 - 1 < n ? 30 * b1 - 1 : n;
    uint64_t below = pi(30 * b0 - 1, b0 == 0);
    return pi(last, false) - below - (b0 == 0 ? sieve_wheel_primes(last) : 0);
}

static void check(uint64_t n, const sieve_params *sp, int threads, uint64_t expect)
{
    int size;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    uint64_t got = threads ? sieve_hybrid(n, sp, threads, MPI_COMM_WORLD) : sieve_mpi(n, sp, MPI_COMM_WORLD);
    CHECK(got != SIEVE_ERROR, "n=%llu threads=%d: error", (unsigned long long)n, threads);
    /* The part each rank counts: the primes of the bytes the split gives it. */
    uint64_t bounds[64 + 1];
    if (size > 64) {
        CHECK(false, "at most 64 ranks");
        return;
    }
    sieve_split_by_work(n, sp, size, bounds);
    uint64_t mine = primes_of_bytes(n, bounds[rank], bounds[rank + 1]);
    /* rank 0: the total; others: their part. Parts + wheel primes = total, exactly. */
    uint64_t part = rank == 0 ? mine : got, parts = 0;
    MPI_Allreduce(&part, &parts, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) {
        CHECK(got == expect, "n=%llu seg=%u threads=%d: pi=%llu, expected %llu", (unsigned long long)n,
              sp->segment_bytes, threads, (unsigned long long)got, (unsigned long long)expect);
        CHECK(parts + sieve_wheel_primes(n) == got, "n=%llu threads=%d: parts %llu + %llu wheel primes != total %llu",
              (unsigned long long)n, threads, (unsigned long long)parts,
              (unsigned long long)sieve_wheel_primes(n), (unsigned long long)got);
    } else {
        CHECK(got == mine, "n=%llu seg=%u threads=%d: part %llu of bytes [%llu, %llu), expected %llu",
              (unsigned long long)n, sp->segment_bytes, threads, (unsigned long long)got,
              (unsigned long long)bounds[rank], (unsigned long long)bounds[rank + 1], (unsigned long long)mine);
    }
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
    return mpi_check_finish("test_sieve_mpi");
}
