/* Packing copies blocks of A and B into the order the micro-kernel reads them, so
 * that its loads are unit-stride, aligned and free of TLB misses whatever the
 * leading dimension. Edges are zero-padded to full MR/NR panels. */
#include <string.h>

#include "gemm_internal.h"

void mm_pack_a(size_t mc, size_t kc, const double *A, size_t lda, double *Ap)
{
    for (size_t i0 = 0; i0 < mc; i0 += MM_MR) {
        size_t mr = mm_min(MM_MR, mc - i0);
        double *dst = Ap + i0 * kc;
        const double *src = A + i0 * lda;
        if (mr == MM_MR) {
            /* Transpose an MR x kc strip, column by column: the MR source lines in
             * use stay in L1 for the 8 consecutive p that share them. The constant
             * bound lets the compiler unroll the inner loop. */
            for (size_t p = 0; p < kc; p++)
                for (size_t i = 0; i < MM_MR; i++)
                    dst[p * MM_MR + i] = src[i * lda + p];
        } else {
            for (size_t p = 0; p < kc; p++) {
                size_t i = 0;
                for (; i < mr; i++)
                    dst[p * MM_MR + i] = src[i * lda + p];
                for (; i < MM_MR; i++)
                    dst[p * MM_MR + i] = 0.0;
            }
        }
    }
}

void mm_pack_b(size_t kc, size_t nc, const double *B, size_t ldb, double *Bp, size_t first,
               size_t last)
{
    /* Row by row across the whole range of panels: each row of B is read as one
     * contiguous run (what the hardware prefetchers follow), where a panel at a time
     * read 128-byte pieces a whole row of B apart: on the Zen 5 VM at n = 4096 a panel
     * took 4.3 us on one thread and 10 us on each of two, now 2.2 and 4 (traces); omp
     * x1.017 (4 interleaved rounds), serial unchanged. */
    size_t full = mm_min(last, nc / MM_NR); /* panels [first, full) hold NR columns */
    for (size_t p = 0; p < kc; p++) {
        const double *src = B + p * ldb;
        for (size_t jp = first; jp < full; jp++)
            memcpy(Bp + jp * MM_NR * kc + p * MM_NR, src + jp * MM_NR, MM_NR * sizeof(double));
    }
    for (size_t jp = full < first ? first : full; jp < last; jp++) { /* the edge panel */
        size_t j0 = jp * MM_NR, nr = nc - j0;
        double *dst = Bp + j0 * kc;
        for (size_t p = 0; p < kc; p++) {
            memcpy(dst + p * MM_NR, B + p * ldb + j0, nr * sizeof(double));
            memset(dst + p * MM_NR + nr, 0, (MM_NR - nr) * sizeof(double));
        }
    }
}
