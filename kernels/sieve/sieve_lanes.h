/* Small and medium sieving primes as "lanes". The multiples p*q with q in one residue
 * class mod 30 all fall on the same bit, p bytes apart, so the 8 classes are 8 lanes
 * at fixed offsets d_j from a common base, and one loop turn crosses one multiple in
 * each (one turn of the wheel, p bytes). With p = 30 pp + r, d_j = pp (r_j - 1) +
 * floor(r r_j / 30) depends only on pp and the class of p, so a prime is stored in 8
 * bytes (pp and the base) in the list of its class, and the class-specific masks and
 * offsets are constants in the code.
 *
 * A turn that starts before `end` is crossed whole, even where it runs past `end`: the
 * buffer has room for one more turn (pad >= p bytes past the segment), and what lands
 * there is carried into the next segment (segment.c). So a prime has no partial turns
 * to test for at either end: 8 crossings, one add and one compare per turn. */
#ifndef PARBENCH_SIEVE_LANES_H
#define PARBENCH_SIEVE_LANES_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t pp;     /* p / 30 */
    uint32_t base;   /* start of the next turn, relative to the segment */
} lane_prime;

typedef struct {
    lane_prime *v;
    size_t n, cap;
} lane_list;

/* One list per residue class of p mod 30. */
typedef struct {
    lane_list cls[8];
} lane_set;

/* Add p, whose first multiple to cross is the first one >= max(p^2, 30 L), L being the
 * first byte of the segment in buf (presieved already): the lanes of its first turn
 * that lie in buf are crossed here, and the next turn starts at or after buf's start.
 * 0, or -1 when out of memory. */
int lanes_add(lane_set *s, uint32_t p, uint64_t L, uint8_t *buf);
/* Cross every turn that starts before `end`; then subtract `rebase` from the bases
 * (the segment length after the last call for a segment, else 0). */
void lanes_cross(lane_set *s, uint8_t *buf, uint32_t end, uint32_t rebase);
void lanes_clear(lane_set *s);
void lanes_free(lane_set *s);

/* First q >= max(p, ceil(30 L / p)): the multiples p*q from there on are those in
 * the range starting at byte L that smaller primes have not already crossed. */
static inline uint64_t sieve_first_q(uint32_t p, uint64_t L)
{
    uint64_t q = (30 * L + p - 1) / p;
    return q > p ? q : p;
}

#endif
