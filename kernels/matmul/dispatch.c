/* A portable x86-64 build (PARBENCH_NATIVE=OFF: the Debian package, an admin's shared
 * install) carries the blocked algorithm three times, compiled for SSE2 (the 6 x 4 tile),
 * AVX2 + FMA (6 x 8) and AVX-512 (14 x 16) with suffixed names (gemm_internal.h), and
 * these entry points call the widest copy the CPU runs, as OpenBLAS's DYNAMIC_ARCH and
 * BLIS's configuration families do. Before it, such a build multiplied with the SSE2
 * tile on every machine: 18.7 GFLOP/s on the Zen 5 VM, where the AVX-512 tile runs at
 * ~100. The compiler's CPU check (cpuid and xgetbv) also asks whether the OS saves the
 * wide registers. */
#include "matmul.h"

#define MM_DECLARE_COPY(sfx)                                                                                    \
    bool mm_gemm_progress##sfx(size_t m, size_t n, size_t k, const double *A, size_t lda, const double *B,     \
                               size_t ldb, double *C, size_t ldc, bool accumulate, mm_progress_fn progress,   \
                               void *arg);                                                                     \
    bool mm_gemm_omp##sfx(size_t m, size_t n, size_t k, const double *A, size_t lda, const double *B,          \
                          size_t ldb, double *C, size_t ldc, bool accumulate, int threads);                    \
    size_t mm_gemm_workspace_bytes##sfx(int threads);                                                          \
    void mm_release_buffers##sfx(void);                                                                        \
    const char *mm_tile##sfx(void);
MM_DECLARE_COPY(_base)
MM_DECLARE_COPY(_avx2)
MM_DECLARE_COPY(_avx512)

typedef struct {
    bool (*gemm_progress)(size_t, size_t, size_t, const double *, size_t, const double *, size_t, double *,
                          size_t, bool, mm_progress_fn, void *);
    bool (*gemm_omp)(size_t, size_t, size_t, const double *, size_t, const double *, size_t, double *, size_t,
                     bool, int);
    size_t (*workspace_bytes)(int);
    void (*release_buffers)(void);
    const char *(*tile)(void);
} copy;

#define MM_COPY(sfx)                                                                                            \
    (copy) { mm_gemm_progress##sfx, mm_gemm_omp##sfx, mm_gemm_workspace_bytes##sfx, mm_release_buffers##sfx, \
             mm_tile##sfx }

/* Asked on every call (a read of what __builtin_cpu_init found): no state to share
 * between threads, and a product costs milliseconds. */
static copy chosen(void)
{
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        return MM_COPY(_avx512);
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return MM_COPY(_avx2);
    return MM_COPY(_base);
}

bool mm_gemm_progress(size_t m, size_t n, size_t k, const double *A, size_t lda, const double *B, size_t ldb,
                      double *C, size_t ldc, bool accumulate, mm_progress_fn progress, void *arg)
{
    return chosen().gemm_progress(m, n, k, A, lda, B, ldb, C, ldc, accumulate, progress, arg);
}

bool mm_gemm_omp(size_t m, size_t n, size_t k, const double *A, size_t lda, const double *B, size_t ldb,
                 double *C, size_t ldc, bool accumulate, int threads)
{
    return chosen().gemm_omp(m, n, k, A, lda, B, ldb, C, ldc, accumulate, threads);
}

size_t mm_gemm_workspace_bytes(int threads) { return chosen().workspace_bytes(threads); }
void mm_release_buffers(void) { chosen().release_buffers(); }
const char *mm_tile(void) { return chosen().tile(); }
