/* The counter-based sampler shared by every variant.
 *
 * Why not xoshiro or a linear generator: those make sample i depend on samples 0..i-1,
 * so threads would need jump-ahead and the split would have to be fixed in advance.
 * A hash of the counter needs nothing but i, and its 32-bit integer arithmetic
 * vectorizes (8 or 16 lanes), which is where the speed comes from.
 *
 * Construction: i = (hi << 32) | lo. For each 2^32-block hi, two 32-bit keys are drawn
 * from splitmix64(seed, hi). Then x = H1(lo ^ k1), y = H2(lo ^ k2), where H1 and H2 are
 * two different well-mixed 32-bit bijections (Chris Wellons' "triple32" and "lowbias32"
 * constants from hash-prospector). Integer-only arithmetic makes the hit test exact, so
 * vectorized, scalar and differently split loops give identical answers. */
#include "montecarlo.h"

static inline uint64_t splitmix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline uint32_t hash_triple32(uint32_t x)
{
    x ^= x >> 17; x *= 0xed5ad4bbu;
    x ^= x >> 11; x *= 0xac4c1b51u;
    x ^= x >> 15; x *= 0x31848babu;
    x ^= x >> 14;
    return x;
}

static inline uint32_t hash_lowbias32(uint32_t x)
{
    x ^= x >> 16; x *= 0x7feb352du;
    x ^= x >> 15; x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

static inline void block_keys(uint64_t seed, uint64_t hi, uint32_t *k1, uint32_t *k2)
{
    uint64_t k = splitmix64(seed ^ splitmix64(hi));
    *k1 = (uint32_t)k;
    *k2 = (uint32_t)(k >> 32);
}

void mc_sample(uint64_t seed, uint64_t i, uint32_t *x, uint32_t *y)
{
    uint32_t k1, k2;
    block_keys(seed, i >> 32, &k1, &k2);
    *x = hash_triple32((uint32_t)i ^ k1) >> 1;
    *y = hash_lowbias32((uint32_t)i ^ k2) >> 1;
}

/* Hits among lo in [lo0, lo0 + len) of one 2^32-block; len <= 2^32. The loop body is
 * branch-free so GCC vectorizes it. */
static uint64_t count_block(uint32_t k1, uint32_t k2, uint32_t lo0, uint64_t len)
{
    const uint64_t r2 = 1ull << 62;
    uint64_t hits = 0;
    for (uint64_t j = 0; j < len; ++j) {
        uint32_t lo = lo0 + (uint32_t)j;
        uint64_t x = hash_triple32(lo ^ k1) >> 1;
        uint64_t y = hash_lowbias32(lo ^ k2) >> 1;
        hits += (x * x + y * y < r2);
    }
    return hits;
}

uint64_t mc_count_hits(uint64_t seed, uint64_t first, uint64_t count)
{
    uint64_t hits = 0;
    while (count > 0) {
        uint64_t hi = first >> 32;
        uint64_t lo = first & 0xffffffffull;
        uint64_t len = (1ull << 32) - lo;
        if (len > count)
            len = count;
        uint32_t k1, k2;
        block_keys(seed, hi, &k1, &k2);
        hits += count_block(k1, k2, (uint32_t)lo, len);
        first += len;
        count -= len;
    }
    return hits;
}

void mc_partition(uint64_t n, int p, int w, uint64_t *begin, uint64_t *end)
{
    uint64_t q = n / (uint64_t)p, r = n % (uint64_t)p, uw = (uint64_t)w;
    *begin = uw * q + (uw < r ? uw : r);
    *end = *begin + q + (uw < r ? 1 : 0);
}
