/* The register-blocked micro-kernel and the macro-kernel that sweeps it over a packed
 * block. Portable C: GCC vector extensions of MM_VW doubles (gemm_internal.h picks the
 * width and the tile for the build's ISA); with -march=native each vec is one vector
 * register and `acc += a * b` becomes one FMA with a broadcast operand. */
#include <string.h>

#include "gemm_internal.h"
#include "matmul.h"

typedef double vec __attribute__((vector_size(MM_VW * sizeof(double))));
/* Same vector, but only 8-byte aligned: for rows of C at any leading dimension. */
typedef double vecu __attribute__((vector_size(MM_VW * sizeof(double)), aligned(8)));

#define NV (MM_NR / MM_VW)
_Static_assert(MM_NR % MM_VW == 0, "NR must be a multiple of the vector width");

/* The tile's body, made twice below: with b_next a constant NULL the fetches and their
 * test vanish from the loop. */
static inline __attribute__((always_inline)) void tile(size_t kc, const double *restrict Ap,
                                                       const double *restrict Bp, double *restrict C, size_t ldc,
                                                       size_t mr, size_t nr, bool accumulate, const double *b_next)
{
    /* MR x NV accumulators: fully unrolled below so they stay in registers. */
    vec c[MM_MR][NV];
#pragma GCC unroll 16
    for (int i = 0; i < MM_MR; i++)
#pragma GCC unroll 4
        for (int v = 0; v < NV; v++)
            c[i][v] = (vec){0};

    /* B micro-panels start every NR * kc doubles: always aligned to a vector. A micro-panels
     * start every MR * kc doubles, aligned only when kc % 4 == 0, and A is only ever
     * broadcast one element at a time: no alignment is promised for it. */
    const double *a = Ap;
    const double *b = __builtin_assume_aligned(Bp, sizeof(vec));
    /* The C tile is fetched into L2 c_ahead steps before the end of the k loop, so that
     * its misses (C streams from memory) overlap the last steps instead of stalling the
     * stores. Into L2, not L1: at power-of-two n its 28 lines all fall in one 12-way L1
     * set and evict each other; L2 spreads them over two sets of 16 ways. Measured on
     * Zen 5, medians of 4-5 interleaved rounds: at n = 4096 the L2 fetch 160 steps ahead
     * against the former L1 write-fetch 64 ahead: serial x1.03, omp x1.01 (n = 2048:
     * x1.02, x1.005); 64 ahead into L2: serial x1.02; 288 ahead as 160; at the start of
     * the loop x0.98 against 160 (the A and B streams evict it before the stores). */
    const size_t c_ahead = 160, fetch_c_at = kc > c_ahead ? kc - c_ahead : 0;
    /* One step of the k loop: the B row's NV vectors times MR broadcast A entries. */
#define MM_TILE_STEP                                                                          \
    do {                                                                                      \
        if (b_next) /* the next B micro-panel, NR doubles (one or two lines) a step, into L2 */ \
            for (size_t j = 0; j < MM_NR; j += 8)                                             \
                __builtin_prefetch(b_next + p * MM_NR + j, 0, 2);                             \
        vec bv[NV];                                                                           \
        for (int v = 0; v < NV; v++)                                                          \
            bv[v] = *(const vec *)(b + MM_VW * v);                                            \
        for (int i = 0; i < MM_MR; i++)                                                       \
            for (int v = 0; v < NV; v++)                                                      \
                c[i][v] += a[i] * bv[v];                                                      \
        a += MM_MR;                                                                           \
        b += MM_NR;                                                                           \
    } while (0)
    /* Two loops around the C fetch, so that neither holds a test, and each unrolled by
     * two: the loop counter and pointer updates then cost half as many front-end slots
     * per FMA (measured: +8-12% at n = 1024 and 2048 when it was one loop). With the test
     * for the C fetch inside one loop GCC had silently stopped unrolling it; split, and
     * with packing A by squares (pack.c), interleaved rounds on the Zen 5 VM gave serial
     * x1.029 (n = 4096) and x1.023 (2048), omp x1.040 and x1.050; the AVX2 build x1.03 and
     * x1.05 at 2048. */
    size_t p = 0;
#pragma GCC unroll 2
    for (; p < fetch_c_at; p++)
        MM_TILE_STEP;
    for (size_t i = 0; i < mr; i++) {
        __builtin_prefetch(C + i * ldc, 0, 2);
        __builtin_prefetch(C + i * ldc + nr - 1, 0, 2);
    }
#pragma GCC unroll 2
    for (; p < kc; p++)
        MM_TILE_STEP;
#undef MM_TILE_STEP

    if (mr == MM_MR && nr == MM_NR) {
#pragma GCC unroll 16
        for (int i = 0; i < MM_MR; i++)
#pragma GCC unroll 4
            for (int v = 0; v < NV; v++) {
                vecu *dst = (vecu *)(C + (size_t)i * ldc + MM_VW * v);
                *dst = accumulate ? *dst + c[i][v] : c[i][v];
            }
        return;
    }
    /* Edge tile: spill the full tile and store only the part inside C. */
    double t[MM_MR][MM_NR] __attribute__((aligned(64)));
    memcpy(t, c, sizeof t);
    for (size_t i = 0; i < mr; i++)
        for (size_t j = 0; j < nr; j++)
            C[i * ldc + j] = accumulate ? C[i * ldc + j] + t[i][j] : t[i][j];
}

#if defined(__AVX512F__)
#define MM_TILE_ISA "avx512"
#elif defined(__AVX2__) && defined(__FMA__)
#define MM_TILE_ISA "avx2"
#elif defined(__AVX__)
#define MM_TILE_ISA "avx"
#elif defined(__SSE2__)
#define MM_TILE_ISA "sse2"
#else
#define MM_TILE_ISA "generic"
#endif
#define MM_STR2(x) #x
#define MM_STR(x) MM_STR2(x)

const char *mm_tile(void) { return MM_TILE_ISA " " MM_STR(MM_MR) "x" MM_STR(MM_NR); }

void mm_micro_kernel(size_t kc, const double *restrict Ap, const double *restrict Bp, double *restrict C,
                     size_t ldc, size_t mr, size_t nr, bool accumulate, const double *b_next)
{
    if (b_next)
        tile(kc, Ap, Bp, C, ldc, mr, nr, accumulate, b_next);
    else
        tile(kc, Ap, Bp, C, ldc, mr, nr, accumulate, NULL);
}

void mm_macro_kernel(size_t mc, size_t nc, size_t kc, const double *Ap, const double *Bp,
                     double *C, size_t ldc, bool accumulate)
{
    /* jr outside ir: one B micro-panel is reused by every A micro-panel of the block.
     * The last A micro-panel's tile fetches the next B micro-panel (64 KiB, from L3)
     * into L2 while it computes, instead of the first tile of the next jr waiting for
     * it. Measured on the Zen 5 VM, medians of interleaved rounds against the build
     * without it: n = 4096 serial x1.09, x1.03 and x0.99, omp x1.08, x1.08 and x1.02 (three
     * sets of 4-5 rounds: most where the VM was slow); n = 2048 serial x1.02 and x1.03, omp
     * x1.09 and x1.05. Spreading the fetch over all of the panel's tiles was no better. */
    for (size_t jr = 0; jr < nc; jr += MM_NR)
        for (size_t ir = 0; ir < mc; ir += MM_MR) {
            bool last = ir + MM_MR >= mc && jr + MM_NR < nc;
            mm_micro_kernel(kc, Ap + ir * kc, Bp + jr * kc, C + ir * ldc + jr, ldc, mm_min(MM_MR, mc - ir),
                            mm_min(MM_NR, nc - jr), accumulate, last ? Bp + (jr + MM_NR) * kc : NULL);
        }
}
