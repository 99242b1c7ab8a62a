/* Serial variant: one loop over all samples. */
#include "montecarlo.h"

uint64_t mc_serial(uint64_t seed, uint64_t n)
{
    return mc_count_hits(seed, 0, n);
}
