/* Driver glue for the prime sieve kernel: segment sizes from the cache sizes hwloc
 * reports, the memory check, which kernel function each variant calls, and the exact
 * verification of pi(N) against a table of known values or, for any other N, the
 * Lucy-Hedgehog count (no sieve involved). */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/harness.h"
#include "core/kernel.h"
#include "core/variants.h"
#include "env/machine.h"
#include "parbench_config.h"
#include "sieve/sieve.h"
#if PARBENCH_HAVE_MPI
#include "sieve/sieve_mpi.h"
#endif


typedef struct {
    sieve_params par;
    uint64_t count;   /* pi(N) from the last run (on rank 0 for mpi/hybrid), or SIEVE_ERROR */
} sieve_state;

/* Throughput in Mnumbers/s: N / time. */
static double sieve_work(const bench_ctx *ctx) { return (double)ctx->size / 1e6; } /* Mnumbers */

/* Per thread: a segment, lane and bucket lists and the sieving primes; and the
 * 2 sqrt(N) counts of the Lucy-Hedgehog check in verify. All O(sqrt N), a few MB
 * at N = 1e13: only a machine nearly out of memory fails this. */
static uint64_t sieve_memory(const bench_ctx *ctx)
{
    sieve_params par = sieve_params_for_cache(machine_cache_bytes(1), machine_cache_bytes(2));
    uint64_t threads = ctx->threads > 0 ? (uint64_t)ctx->threads : 1;
    return threads * sieve_worker_memory(ctx->size, &par) + 16 * ((uint64_t)sqrt((double)ctx->size) + 2) + (1u << 20);
}

static int sieve_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    sieve_params par = sieve_params_for_cache(machine_cache_bytes(1), machine_cache_bytes(2));
    uint64_t need = sieve_memory(ctx);
    uint64_t avail = machine_available_memory();
    if (avail && need > avail) {
        snprintf(err, errlen, "sieve: N = %" PRIu64 " needs about %" PRIu64 " bytes but only %" PRIu64
                 " are available; use a smaller --size or fewer --threads", ctx->size, need, avail);
        return PB_BAD_INPUT;
    }
    sieve_state *s = harness_new_state(ctx, sizeof *s, err, errlen);
    if (!s)
        return PB_RUNTIME_ERROR;
    s->par = par;
    s->count = SIEVE_ERROR;
    return PB_OK;
}

/* ---- the variants: each its own call into kernels/sieve ---- */

static void run_serial(bench_ctx *ctx)
{
    sieve_state *s = ctx->state;
    s->count = sieve_serial(ctx->size, &s->par);
}
static void run_omp(bench_ctx *ctx)
{
    sieve_state *s = ctx->state;
    s->count = sieve_omp(ctx->size, &s->par, ctx->threads);
}
#if PARBENCH_HAVE_MPI
static void run_mpi(bench_ctx *ctx)
{
    sieve_state *s = ctx->state;
    s->count = sieve_mpi(ctx->size, &s->par, *(MPI_Comm *)ctx->comm);
}
static void run_hybrid(bench_ctx *ctx)
{
    sieve_state *s = ctx->state;
    s->count = sieve_hybrid(ctx->size, &s->par, ctx->threads, *(MPI_Comm *)ctx->comm);
}
#endif

static const variant_desc variants[] = {
    VARIANT("serial", EXEC_SERIAL, run_serial), VARIANT("omp", EXEC_THREADS, run_omp),
    MPI_VARIANT("mpi", EXEC_MPI, run_mpi), MPI_VARIANT("hybrid", EXEC_HYBRID, run_hybrid), VARIANTS_END,
};

static int sieve_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    const sieve_state *s = ctx->state;
    /* v[0]: the sieve's count; v[1]: pi(N) from the table or, if N is not in it, from
     * the Lucy-Hedgehog recurrence, which shares no code with the sieve. Rank 0 holds
     * the reduced count and works out the check; for the MPI variants every rank gets
     * both, so all ranks report the same result. */
    uint64_t v[2] = {s->count, 0};
    bool known = sieve_known_pi(ctx->size, &v[1]);
    const char *how = known ? "the known value" : "the Lucy-Hedgehog count";
    if (!known && ctx->rank == 0)
        v[1] = prime_count_lucy(ctx->size);
#if PARBENCH_HAVE_MPI
    if (ctx->variant->model == EXEC_MPI || ctx->variant->model == EXEC_HYBRID)
        MPI_Bcast(v, 2, MPI_UINT64_T, 0, *(MPI_Comm *)ctx->comm);
#endif
    if (v[0] == SIEVE_ERROR) {
        snprintf(result, resultlen, "error");
        snprintf(err, errlen, "sieve: out of memory while sieving N = %" PRIu64, ctx->size);
        return PB_RUNTIME_ERROR /* not a wrong answer: exit 3 */;
    }
    snprintf(result, resultlen, "%" PRIu64, v[0]);
    if (v[1] == SIEVE_ERROR) {
        snprintf(err, errlen, "sieve: out of memory in the Lucy-Hedgehog check of N = %" PRIu64, ctx->size);
        return PB_RUNTIME_ERROR /* not a wrong answer: exit 3 */;
    }
    if (v[0] != v[1]) {
        snprintf(err, errlen, "sieve: pi(%" PRIu64 ") = %" PRIu64 " from the %s variant, but %s is %" PRIu64,
                 ctx->size, v[0], ctx->variant->name, how, v[1]);
        return PB_VERIFY_FAILED;
    }
    return PB_OK;
}

const kernel_desc sieve_kernel = {
    .name = "sieve", .summary = "count the primes up to N (segmented, bucketed mod-30 wheel sieve)",
    .size_meaning = "upper limit N", .unit = "Mnumbers/s", .variants = variants, .default_variants = "serial,omp",
    .default_size = 1000000000ull, .min_size = 0, .max_size = SIEVE_MAX_N,
    .compute = &(const compute_facts){.size_class = {1000000, 10000000000ull, 100000000000ull, 1000000000000ull},
                                      .work_power = 1},
    .work = sieve_work,
    /* no flops or bytes: bit operations on a cache-resident segment, no roof to compare with */
    .setup = sieve_setup, .verify = sieve_verify, .min_time = KERNEL_MIN_TIME,
    .memory = sieve_memory,
};
