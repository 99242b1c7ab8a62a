/* The textbook triple loop, kept as the teaching baseline: the inner loop walks B down
 * a column (stride n), so each multiply-add costs a cache miss once n is large. */
#include "matmul.h"

void mm_naive(size_t n, const double *A, const double *B, double *C)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t k = 0; k < n; k++)
                s += A[i * n + k] * B[k * n + j];
            C[i * n + j] = s;
        }
}
