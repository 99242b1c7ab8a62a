/* Exact checks of C = A * B. All quantities are integers below 2^53 (see matmul.h),
 * so double arithmetic is exact here and comparisons use ==. */
#include <math.h>
#include <stdlib.h>

#include "matmul.h"

double mm_checksum_expected(uint64_t seed, size_t n)
{
    /* sum_ij C_ij = sum_k (sum_i A_ik)(sum_j B_kj): regenerate A and B entry by entry
     * so that no variant's matrices are needed (and none can fool the check). */
    double *colA = calloc(n ? n : 1, sizeof *colA);
    if (!colA)
        return NAN;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++)
            colA[k] += mm_entry(seed, MM_A, i, k);
    double total = 0;
    for (size_t k = 0; k < n; k++) {
        double rowB = 0;
        for (size_t j = 0; j < n; j++)
            rowB += mm_entry(seed, MM_B, k, j);
        total += colA[k] * rowB;
    }
    free(colA);
    return total;
}

double mm_checksum(size_t rows, size_t cols, const double *C, size_t ld)
{
    double s = 0;
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            s += C[i * ld + j];
    return s;
}

double mm_freivalds_r(uint64_t seed, uint64_t j)
{
    /* A different stream from the matrices: "which" = 2. Range [1, 2^20]. */
    uint64_t z = (seed ^ 0x5851f42d4c957f2dULL) + (j + 1) * 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdULL;
    z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ULL;
    z ^= z >> 33;
    return (double)((z >> 44) + 1);
}

bool mm_entries_plausible(size_t rows, size_t cols, const double *C, size_t ld, size_t n)
{
    double bound = 16.0 * (double)n;
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) {
            double c = C[i * ld + j];
            /* Written so that NaN fails too. */
            if (!(fabs(c) <= bound) || c != nearbyint(c))
                return false;
        }
    return true;
}

bool mm_freivalds(size_t n, const double *A, const double *B, const double *C, uint64_t seed)
{
    if (!mm_entries_plausible(n, n, C, n, n))
        return false;
    double *r = malloc((n ? n : 1) * sizeof *r), *y = malloc((n ? n : 1) * sizeof *y);
    bool ok = r && y;
    if (ok) {
        for (size_t j = 0; j < n; j++)
            r[j] = mm_freivalds_r(seed, j);
        for (size_t k = 0; k < n; k++) { /* y = B r */
            double s = 0;
            for (size_t j = 0; j < n; j++)
                s += B[k * n + j] * r[j];
            y[k] = s;
        }
        for (size_t i = 0; i < n && ok; i++) { /* compare (A y)_i with (C r)_i */
            double ay = 0, cr = 0;
            for (size_t k = 0; k < n; k++) {
                ay += A[i * n + k] * y[k];
                cr += C[i * n + k] * r[k];
            }
            ok = ay == cr;
        }
    }
    free(r);
    free(y);
    return ok;
}
