/* Driver glue for the Monte Carlo pi kernel: which kernel function each variant calls,
 * and the verification of its answer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kernel.h"
#include "montecarlo/montecarlo.h"
#include "parbench_config.h"
#if PARBENCH_HAVE_MPI
#include "montecarlo/montecarlo_mpi.h"
#endif

#define NO_MPI_WHY "this parbench was built without MPI (install libopenmpi-dev and rebuild)"

static const variant_desc variants[] = {
    {"serial", EXEC_SERIAL, true, NULL},
    {"omp", EXEC_THREADS, true, NULL},
    {"omp-one-core", EXEC_THREADS, true, NULL}, /* threads pinned to one CPU: the io-vs-cpu demo */
    {"mpi", EXEC_MPI, PARBENCH_HAVE_MPI, NO_MPI_WHY},
    {"hybrid", EXEC_HYBRID, PARBENCH_HAVE_MPI, NO_MPI_WHY},
    {NULL, 0, false, NULL},
};

typedef struct {
    uint64_t hits;
} mc_state;

static double mc_work(uint64_t n) { return (double)n / 1e6; }

static int mc_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    ctx->state = calloc(1, sizeof(mc_state));
    return ctx->state ? PB_OK : PB_RUNTIME_ERROR;
}

static void mc_run(bench_ctx *ctx)
{
    mc_state *s = ctx->state;
    switch (ctx->variant->model) {
    case EXEC_SERIAL:
        s->hits = mc_serial(ctx->seed, ctx->size);
        break;
    case EXEC_THREADS:
        s->hits = strcmp(ctx->variant->name, "omp-one-core") == 0 ? mc_omp_one_core(ctx->seed, ctx->size, ctx->threads)
                                                                  : mc_omp(ctx->seed, ctx->size, ctx->threads);
        break;
#if PARBENCH_HAVE_MPI
    case EXEC_MPI:
        s->hits = mc_mpi(ctx->seed, ctx->size, *(MPI_Comm *)ctx->comm);
        break;
    case EXEC_HYBRID:
        s->hits = mc_hybrid(ctx->seed, ctx->size, ctx->threads, *(MPI_Comm *)ctx->comm);
        break;
#endif
    default:
        break;
    }
}

/* Up to this many samples the hit count is checked exactly (about 0.8 s at most): */
#define MC_EXACT_LIMIT (1ull << 30)

/* Two checks. Exact: up to MC_EXACT_LIMIT samples, rank 0 recounts the hits in one
 * sequential pass over [0, n), so a thread race, a lost or doubled block or a wrong split
 * across threads and ranks fails even when the estimate still looks like pi. Statistical,
 * at every size: the estimate must lie within 6 standard errors of pi (binomial hits with
 * p = pi/4: the standard error of 4*hits/n is 4*sqrt(p(1-p)/n)); a wrong generator fails
 * it, honest noise with probability ~2e-9. */
static int mc_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    const mc_state *s = ctx->state;
    double n = (double)ctx->size;
    double estimate = 4.0 * (double)s->hits / n;
    double p = M_PI / 4.0, se = 4.0 * sqrt(p * (1.0 - p) / n);
    snprintf(result, resultlen, "%.17g", estimate);
    if (ctx->rank == 0 && ctx->size <= MC_EXACT_LIMIT) {
        uint64_t want = mc_count_hits(ctx->seed, 0, ctx->size);
        if (s->hits != want) {
            snprintf(err, errlen, "montecarlo: %llu hits, but a sequential recount of the same samples gives %llu",
                     (unsigned long long)s->hits, (unsigned long long)want);
            return PB_VERIFY_FAILED;
        }
    }
    if (ctx->size < 1000 || fabs(estimate - M_PI) <= 6.0 * se) /* too few samples to judge: exact only */
        return PB_OK;
    snprintf(err, errlen, "montecarlo: estimate %.10f is %.1f standard errors from pi (hits %llu of %llu)",
             estimate, fabs(estimate - M_PI) / se, (unsigned long long)s->hits, (unsigned long long)ctx->size);
    return PB_VERIFY_FAILED;
}

static void mc_teardown(bench_ctx *ctx)
{
    free(ctx->state);
    ctx->state = NULL;
}

const kernel_desc montecarlo_kernel = {
    .name = "montecarlo",
    .summary = "Monte Carlo estimate of pi from counter-based random points",
    .size_meaning = "samples",
    .unit = "Msamples/s",
    .variants = variants,
    .default_size = 100000000ull,
    .min_size = 1,
    .max_size = 10000000000000ull,
    .flags = NULL,
    .reference_variant = NULL,
    .work = mc_work,
    .setup = mc_setup,
    .run = mc_run,
    .verify = mc_verify,
    .teardown = mc_teardown,
};
