/* Inputs as a pure function of (seed, matrix, i, j): any rank can fill its own block
 * without communication, and every variant multiplies exactly the same matrices. A hash
 * (rather than a pattern such as (7i + 3k) % 9) keeps index mix-ups from cancelling. */
#include "matmul.h"

/* splitmix64 finaliser: a cheap, well-mixed 64-bit hash. */
static inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double mm_entry(uint64_t seed, int which, uint64_t i, uint64_t j)
{
    uint64_t h = mix64(mix64(seed * 2 + (uint64_t)which) ^ (i << 32 ^ j));
    return (double)((int)((h >> 32) % 9u) - 4);
}

void mm_fill(uint64_t seed, int which, size_t row0, size_t col0, size_t rows, size_t cols,
             double *M, size_t ld)
{
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            M[i * ld + j] = mm_entry(seed, which, row0 + i, col0 + j);
}

void mm_partition(size_t n, int p, int w, size_t *begin, size_t *end)
{
    size_t q = n / (size_t)p, r = n % (size_t)p, uw = (size_t)w;
    /* The first r parts get one extra element. */
    *begin = uw * q + (uw < r ? uw : r);
    *end = *begin + q + (uw < r ? 1 : 0);
}
