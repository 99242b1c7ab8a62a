/* FP64 FMA throughput: independent vector chains x <- x * a + b per thread, so that the FMA latency is hidden and only the FMA pipes' throughput limits
 * the rate. The chains are written once per vector width, each compiled for its
 * instruction set with __attribute__((target)), and the widest that the CPU runs is
 * chosen at run time: a portable build (PARBENCH_NATIVE=OFF) measures the same peak as a
 * -march=native one. */
#include <omp.h>

#include "common/work.h"
#include "peak.h"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define PEAK_X86 1
#include <immintrin.h>
#else
#define PEAK_X86 0
#endif

typedef double (*chains_fn)(uint64_t steps, double a, double b, int thread);

/* Every chain lane of every thread starts at a different small whole number. Lane
 * numbers are spaced by 8 whatever the width, so that the starts need no width. */
double peak_fma_start(int thread, int chain, int lane)
{
    return (double)(((int64_t)thread * PEAK_FMA_MAX_CHAINS + chain) * 8 + lane + 1);
}

/* The body every width shares: V the vector type, SET1 its broadcast, FMA its fused
 * multiply-add, LANES its doubles, CHAINS its chains. The loop over the chains is
 * unrolled by the compiler (a constant trip count), so each chain lives in a register:
 * CHAINS plus the two operands must fit the registers of the instruction set. */
#define PEAK_CHAINS_BODY(V, LANES, CHAINS, SET1, FMA)                                                                 \
    V x[CHAINS], va = SET1(a), vb = SET1(b);                                                                         \
    for (int c = 0; c < (CHAINS); ++c) {                                                                              \
        double start[LANES];                                                                                          \
        for (int l = 0; l < (LANES); ++l)                                                                             \
            start[l] = peak_fma_start(thread, c, l);                                                                  \
        __builtin_memcpy(&x[c], start, sizeof x[c]);                                                                  \
    }                                                                                                                 \
    for (uint64_t s = 0; s < steps; ++s)                                                                              \
        for (int c = 0; c < (CHAINS); ++c)                                                                            \
            x[c] = FMA(x[c], va, vb);                                                                                 \
    double sum = 0;                                                                                                   \
    for (int c = 0; c < (CHAINS); ++c) {                                                                              \
        double out[LANES];                                                                                            \
        __builtin_memcpy(out, &x[c], sizeof out);                                                                     \
        for (int l = 0; l < (LANES); ++l)                                                                             \
            sum += out[l];                                                                                            \
    }                                                                                                                 \
    return sum;

#if PEAK_X86
__attribute__((target("avx512f"))) static double chains_avx512(uint64_t steps, double a, double b, int thread)
{
    PEAK_CHAINS_BODY(__m512d, 8, 16, _mm512_set1_pd, _mm512_fmadd_pd)
}

__attribute__((target("avx2,fma"))) static double chains_avx2(uint64_t steps, double a, double b, int thread)
{
    PEAK_CHAINS_BODY(__m256d, 4, 12, _mm256_set1_pd, _mm256_fmadd_pd)
}

/* x86-64 without FMA: a multiply and an add, still 2 FLOPs per lane. */
#define SSE2_MULADD(x, a, b) _mm_add_pd(_mm_mul_pd(x, a), b)
__attribute__((target("sse2"))) static double chains_sse2(uint64_t steps, double a, double b, int thread)
{
    PEAK_CHAINS_BODY(__m128d, 2, 12, _mm_set1_pd, SSE2_MULADD)
}
#else
/* Elsewhere: GCC's generic vectors at the target's native width (the compiler contracts
 * x * a + b into an FMA where the target has one). */
typedef double vgen __attribute__((vector_size(16)));
#define GEN_SET1(v) ((vgen){0} + (v))
#define GEN_FMA(x, a, b) ((x) * (a) + (b))
static double chains_generic(uint64_t steps, double a, double b, int thread)
{
    PEAK_CHAINS_BODY(vgen, 2, 12, GEN_SET1, GEN_FMA)
}
#endif

typedef struct {
    const char *isa;
    int lanes, chains;
    chains_fn run;
} fma_code;

/* The widest code the CPU runs (and the OS saves the registers of: the compiler's
 * CPU check looks at both). */
static fma_code chosen(void)
{
#if PEAK_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        return (fma_code){"avx512", 8, 16, chains_avx512};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return (fma_code){"avx2", 4, 12, chains_avx2};
    return (fma_code){"sse2", 2, 12, chains_sse2};
#else
    return (fma_code){"generic", 2, 12, chains_generic};
#endif
}

const char *peak_fma_isa(void) { return chosen().isa; }
int peak_fma_lanes(void) { return chosen().lanes; }
int peak_fma_chains(void) { return chosen().chains; }
double peak_fma_flops_per_step(void) { return 2.0 * chosen().chains * chosen().lanes; }

double peak_fma(uint64_t steps, double a, double b, int threads)
{
    chains_fn run = chosen().run;
    double sum = 0;
#pragma omp parallel num_threads(threads) reduction(+ : sum)
    {
        work_mark mark = work_begin();
        sum += run(steps, a, b, omp_get_thread_num());
        work_end(mark, omp_get_thread_num(), WORK_COMPUTE);
    }
    return sum;
}

double peak_fma_expected(uint64_t steps, double b, int threads)
{
    fma_code code = chosen();
    int lanes = code.lanes;
    double sum = 0;
    for (int t = 0; t < threads; ++t)
        for (int c = 0; c < code.chains; ++c)
            for (int l = 0; l < lanes; ++l)
                sum += peak_fma_start(t, c, l) + (double)steps * b;
    return sum;
}
