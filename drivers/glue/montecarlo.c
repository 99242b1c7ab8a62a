/* Driver glue for the Monte Carlo pi kernel: which kernel function each variant calls,
 * and the verification of its answer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/harness.h"
#include "core/kernel.h"
#include "core/variants.h"
#include "output/results.h"
#include "montecarlo/montecarlo.h"
#include "parbench_config.h"
#if PARBENCH_HAVE_MPI
#include "montecarlo/montecarlo_mpi.h"
#endif


typedef struct {
    uint64_t hits;
} mc_state;

static double mc_work(const bench_ctx *ctx) { return (double)ctx->size / 1e6; } /* Msamples */

static int mc_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    return harness_new_state(ctx, sizeof(mc_state), err, errlen) ? PB_OK : PB_RUNTIME_ERROR;
}

/* ---- the variants: each its own call into kernels/montecarlo ---- */

static void run_serial(bench_ctx *ctx) { ((mc_state *)ctx->state)->hits = mc_serial(ctx->seed, ctx->size); }
static void run_omp(bench_ctx *ctx) { ((mc_state *)ctx->state)->hits = mc_omp(ctx->seed, ctx->size, ctx->threads); }
static void run_omp_one_core(bench_ctx *ctx)
{
    ((mc_state *)ctx->state)->hits = mc_omp_one_core(ctx->seed, ctx->size, ctx->threads);
}
#if PARBENCH_HAVE_MPI
static void run_mpi(bench_ctx *ctx)
{
    ((mc_state *)ctx->state)->hits = mc_mpi(ctx->seed, ctx->size, *(MPI_Comm *)ctx->comm);
}
static void run_hybrid(bench_ctx *ctx)
{
    ((mc_state *)ctx->state)->hits = mc_hybrid(ctx->seed, ctx->size, ctx->threads, *(MPI_Comm *)ctx->comm);
}
#endif

static const variant_desc variants[] = {
    VARIANT("serial", EXEC_SERIAL, run_serial), VARIANT("omp", EXEC_THREADS, run_omp),
    VARIANT("omp-one-core", EXEC_THREADS, run_omp_one_core), /* threads pinned to one CPU: the io-vs-cpu demo */
    MPI_VARIANT("mpi", EXEC_MPI, run_mpi), MPI_VARIANT("hybrid", EXEC_HYBRID, run_hybrid), VARIANTS_END,
};

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

/* "3.1415687 (err -2.4e-05)": the estimate and how far it is from pi. */
static void mc_show_result(const result_record *rec, char *buf, size_t len)
{
    char *end;
    double estimate = strtod(rec->result, &end);
    if (end == rec->result || *end || !isfinite(estimate))
        snprintf(buf, len, "%s", rec->result);
    else
        snprintf(buf, len, "%.7f (err %+.1e)", estimate, estimate - M_PI);
}

const kernel_desc montecarlo_kernel = {
    .name = "montecarlo", .summary = "Monte Carlo estimate of pi from counter-based random points",
    .size_meaning = "samples", .unit = "Msamples/s", .variants = variants, .default_variants = "serial,omp",
    .default_size = 100000000ull, .min_size = 1, .max_size = 10000000000000ull,
    .compute = &(const compute_facts){
        .size_class = {200000, 1000000000ull, 10000000000ull, 100000000000ull}, .work_power = 1,
        .size_free_why = "every sample is the same work in registers, no data grows with the size",
    },
    .work = mc_work,
    /* no flops or bytes: integer hashing in registers, no floating-point roof to compare with */
    .setup = mc_setup, .verify = mc_verify, .show_result = mc_show_result, .min_time = KERNEL_MIN_TIME,
};
