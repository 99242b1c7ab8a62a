#include "demos.h"

/* Knuth's MMIX constants: a full-period generator modulo 2^64. */
#define LCG_A 6364136223846793005ull
#define LCG_C 1442695040888963407ull

uint64_t request_compute(uint64_t x, uint64_t steps)
{
    for (uint64_t i = 0; i < steps; ++i)
        x = x * LCG_A + LCG_C;
    return x;
}

/* x_n = A x + C with (A, C) the n-fold composition of the step, built by squaring:
 * composing (a, c) with itself gives (a * a, c * (a + 1)). */
uint64_t request_expected(uint64_t x, uint64_t steps)
{
    uint64_t acc_a = 1, acc_c = 0, a = LCG_A, c = LCG_C;
    for (; steps; steps >>= 1) {
        if (steps & 1) {
            acc_a *= a;
            acc_c = acc_c * a + c;
        }
        c *= a + 1;
        a *= a;
    }
    return acc_a * x + acc_c;
}
