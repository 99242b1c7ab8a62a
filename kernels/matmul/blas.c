/* The reference a user would pick instead: OpenBLAS dgemm. Built only when a CBLAS was
 * found. OpenBLAS defaults to all cores; it is pinned to the requested thread count so
 * that `blas` compares like for like with `serial` (1) or `omp` (threads).
 *
 * OpenBLAS is loaded (dlopen) on the first blas run, not linked: a linked OpenBLAS
 * starts one thread per core when the program starts, and those threads spin about
 * 0.1 s waiting for work, which doubled the cpu_s of every short run, blas or not
 * (measured: montecarlo serial at 1e7, 7.9 ms of wall time and 15.8 ms of CPU). */
#include <cblas.h>
#include <dlfcn.h>
#include <stdlib.h>

#include "matmul.h"

static __typeof__(cblas_dgemm) *dgemm;
static __typeof__(openblas_set_num_threads) *set_threads;

static bool load(void)
{
    if (dgemm)
        return true;
    /* It starts with one thread (it reads this when loaded); blas-omp asks for more. */
    setenv("OPENBLAS_NUM_THREADS", "1", 0);
    const char *names[] = {PARBENCH_OPENBLAS_LIB, "libopenblas.so.0", "libopenblas.so"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        void *lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (!lib)
            continue;
        set_threads = (__typeof__(set_threads))dlsym(lib, "openblas_set_num_threads");
        dgemm = (__typeof__(dgemm))dlsym(lib, "cblas_dgemm");
        if (dgemm && set_threads)
            return true;
        dgemm = NULL;
        dlclose(lib);
    }
    return false;
}

bool mm_blas(size_t n, const double *A, const double *B, double *C, int threads)
{
    if (!load())
        return false;
    set_threads(threads > 0 ? threads : 1);
    if (n == 0)
        return true;
    dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0, A, (int)n, B, (int)n, 0.0, C,
          (int)n);
    return true;
}
