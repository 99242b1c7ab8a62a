/* Packing copies blocks of A and B into the order the micro-kernel reads them, so
 * that its loads are unit-stride, aligned and free of TLB misses whatever the
 * leading dimension. Edges are zero-padded to full MR/NR panels. */
#include <string.h>

#if defined(__AVX512F__) || defined(__AVX__)
#include <immintrin.h>
#endif

#include "gemm_internal.h"

/* A full MR-row strip, kc columns: dst[p * MR + i] = src[i * lda + p].
 * With AVX-512 or AVX it moves VW x VW squares through registers: VW rows' loads of VW
 * columns, an in-register transpose, VW stores of VW consecutive dst values. The MR rows
 * are covered by squares starting at rows 0, VW, ... and a last one at MR - VW, which
 * overlaps the one before it and writes the same values again (MR is not a multiple of
 * VW). On the Zen 5 VM an A block (56 x 512) took 17 us with A in cache and 21 us from
 * memory element by element (1.7% of a serial product at n = 4096, perf), 6 and 14 us this
 * way; the same with the AVX2 tile's 4 x 4 squares (7 us in cache). */
static void pack_a_strip(size_t kc, const double *src, size_t lda, double *dst)
{
    size_t p = 0;
#if MM_VW == 8 && defined(__AVX512F__)
    static const size_t first_rows[] = {0, MM_MR - 8};
    _Static_assert(MM_MR > 8 && MM_MR <= 16, "two 8-row squares cover the strip");
    const __m512i lo2 = _mm512_set_epi64(13, 12, 5, 4, 9, 8, 1, 0);
    const __m512i hi2 = _mm512_set_epi64(15, 14, 7, 6, 11, 10, 3, 2);
    const __m512i lo4 = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
    const __m512i hi4 = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
    for (; p + 8 <= kc; p += 8)
        for (int s = 0; s < 2; s++) {
            const double *r = src + first_rows[s] * lda + p;
            __m512d x[8], t[8], u[8];
            for (int i = 0; i < 8; i++)
                x[i] = _mm512_loadu_pd(r + i * lda);
            for (int i = 0; i < 8; i += 2) { /* pairs of rows: even and odd columns */
                t[i] = _mm512_unpacklo_pd(x[i], x[i + 1]);
                t[i + 1] = _mm512_unpackhi_pd(x[i], x[i + 1]);
            }
            for (int h = 0; h < 8; h += 4) /* quads of rows: columns c and c + 4 */
                for (int o = 0; o < 2; o++) {
                    u[h + o] = _mm512_permutex2var_pd(t[h + o], lo2, t[h + o + 2]);
                    u[h + o + 2] = _mm512_permutex2var_pd(t[h + o], hi2, t[h + o + 2]);
                }
            /* u[c], c < 4: rows 0-3 of columns c and c + 4; u[c + 4]: rows 4-7 of them */
            for (int c = 0; c < 4; c++) {
                _mm512_storeu_pd(dst + (p + c) * MM_MR + first_rows[s],
                                 _mm512_permutex2var_pd(u[c], lo4, u[c + 4]));
                _mm512_storeu_pd(dst + (p + c + 4) * MM_MR + first_rows[s],
                                 _mm512_permutex2var_pd(u[c], hi4, u[c + 4]));
            }
        }
#elif MM_VW == 4 && defined(__AVX__)
    static const size_t first_rows[] = {0, MM_MR - 4};
    _Static_assert(MM_MR > 4 && MM_MR <= 8, "two 4-row squares cover the strip");
    for (; p + 4 <= kc; p += 4)
        for (int s = 0; s < 2; s++) {
            const double *r = src + first_rows[s] * lda + p;
            __m256d x0 = _mm256_loadu_pd(r), x1 = _mm256_loadu_pd(r + lda), x2 = _mm256_loadu_pd(r + 2 * lda),
                    x3 = _mm256_loadu_pd(r + 3 * lda);
            __m256d t0 = _mm256_unpacklo_pd(x0, x1), t1 = _mm256_unpackhi_pd(x0, x1), /* columns 0,2 and 1,3 */
                t2 = _mm256_unpacklo_pd(x2, x3), t3 = _mm256_unpackhi_pd(x2, x3);
            double *d = dst + p * MM_MR + first_rows[s];
            _mm256_storeu_pd(d, _mm256_permute2f128_pd(t0, t2, 0x20));
            _mm256_storeu_pd(d + MM_MR, _mm256_permute2f128_pd(t1, t3, 0x20));
            _mm256_storeu_pd(d + 2 * MM_MR, _mm256_permute2f128_pd(t0, t2, 0x31));
            _mm256_storeu_pd(d + 3 * MM_MR, _mm256_permute2f128_pd(t1, t3, 0x31));
        }
#endif
    for (; p < kc; p++)
        for (size_t i = 0; i < MM_MR; i++)
            dst[p * MM_MR + i] = src[i * lda + p];
}

void mm_pack_a(size_t mc, size_t kc, const double *A, size_t lda, double *Ap)
{
    for (size_t i0 = 0; i0 < mc; i0 += MM_MR) {
        size_t mr = mm_min(MM_MR, mc - i0);
        double *dst = Ap + i0 * kc;
        const double *src = A + i0 * lda;
        if (mr == MM_MR) {
            pack_a_strip(kc, src, lda, dst);
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
