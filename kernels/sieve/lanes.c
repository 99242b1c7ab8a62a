/* Crossing off small and medium primes by lanes (see sieve_lanes.h). */
#include <stdlib.h>

#include "sieve_internal.h"
#include "sieve_lanes.h"

#define res sieve_residue
#define bit_of sieve_bit_of
/* lane j of a prime of class c: the bit of p*q (q = r_j) cleared, and floor(r_c r_j / 30) */
#define MASK(c, j) ((uint8_t) ~(1u << bit_of[res[c] * res[j] % 30]))
#define CARRY(c, j) ((uint32_t)(res[c] * res[j] / 30))
#define OFF(c, j) (pp * (uint32_t)(res[j] - 1) + CARRY(c, j))

static inline __attribute__((always_inline)) void cross_class(lane_list *l, uint8_t *buf, uint32_t end,
                                                              uint32_t rebase, const int c)
{
    uint8_t *const stop = buf + end;
    lane_prime *v = l->v;
    for (size_t i = 0, n = l->n; i < n; ++i) {
        const uint32_t pp = v[i].pp;
        const size_t p = 30 * (size_t)pp + res[c];
        const size_t d1 = OFF(c, 1), d2 = OFF(c, 2), d3 = OFF(c, 3), d4 = OFF(c, 4);
        const size_t d5 = OFF(c, 5), d6 = OFF(c, 6), d7 = OFF(c, 7);
        uint8_t *s = buf + v[i].base;
        for (; s < stop; s += p) {
            s[0] &= MASK(c, 0); s[d1] &= MASK(c, 1); s[d2] &= MASK(c, 2); s[d3] &= MASK(c, 3);
            s[d4] &= MASK(c, 4); s[d5] &= MASK(c, 5); s[d6] &= MASK(c, 6); s[d7] &= MASK(c, 7);
        }
        v[i].base = (uint32_t)(s - buf) - rebase;
    }
}

void lanes_cross(lane_set *s, uint8_t *buf, uint32_t end, uint32_t rebase)
{
    cross_class(&s->cls[0], buf, end, rebase, 0);
    cross_class(&s->cls[1], buf, end, rebase, 1);
    cross_class(&s->cls[2], buf, end, rebase, 2);
    cross_class(&s->cls[3], buf, end, rebase, 3);
    cross_class(&s->cls[4], buf, end, rebase, 4);
    cross_class(&s->cls[5], buf, end, rebase, 5);
    cross_class(&s->cls[6], buf, end, rebase, 6);
    cross_class(&s->cls[7], buf, end, rebase, 7);
}

/* The turn is taken to start at a q = 1 (mod 30), so that lane j (q = r_j) is also
 * j-th in address order and the 8 read-modify-writes of a turn go up in memory. Lanes
 * of the first turn below the first q are multiples p*q' with 2 <= q' < p (composite,
 * p >= 167 so q' >= 138) or lie before buf; only the latter are skipped. */
int lanes_add(lane_set *s, uint32_t p, uint64_t L, uint8_t *buf)
{
    const unsigned c = bit_of[p % 30];   /* p % 30 is itself a residue: its class */
    lane_list *l = &s->cls[c];
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        lane_prime *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v, l->cap = cap;
    }
    const uint64_t qs = sieve_first_q(p, L), q0 = qs - (qs + 29) % 30;
    const uint32_t pp = p / 30;
    int64_t base = (int64_t)((uint64_t)p * q0 / 30) - (int64_t)L;   /* > -p */
    if (base < 0) {
        for (int j = 0; j < 8; ++j) {
            int64_t pos = base + OFF(c, j);
            if (pos >= 0)
                buf[pos] &= MASK(c, j);
        }
        base += p;
    }
    l->v[l->n++] = (lane_prime){pp, (uint32_t)base};
    return 0;
}

void lanes_clear(lane_set *s)
{
    for (int c = 0; c < 8; ++c)
        s->cls[c].n = 0;
}

void lanes_free(lane_set *s)
{
    for (int c = 0; c < 8; ++c) {
        free(s->cls[c].v);
        s->cls[c] = (lane_list){0};
    }
}
