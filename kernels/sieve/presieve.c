/* Presieve tables. Group k's primes have product P_k; since they are coprime to 30,
 * byte b and byte b + P_k of the wheel have the same multiples of them, so a table of
 * P_k bytes repeats exactly. Groups are kept small (<= 17017 bytes, 66 KB in all) so the
 * tables stay in cache next to the segment. PRESIEVE_BYTES is their sum (checked by the
 * static assertion below). */
#include <pthread.h>
#include <string.h>

#include "sieve_internal.h"
#include "sieve_presieve.h"

static const uint32_t groups[PRESIEVE_TABLES][4] = {
    {7, 11, 13, 17}, {19, 23, 29}, {31, 37}, {41, 43}, {47, 53},
    {59, 61},        {67, 71},     {73, 79}, {83, 89}, {97, 101},
};

_Static_assert(7 * 11 * 13 * 17 + 19 * 23 * 29 + 31 * 37 + 41 * 43 + 47 * 53 + 59 * 61 + 67 * 71 + 73 * 79 +
                       83 * 89 + 97 * 101 == PRESIEVE_BYTES,
               "PRESIEVE_BYTES is the sum of the group products");

static presieve_tables tables;
static uint8_t table_mem[PRESIEVE_BYTES];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void presieve_build(void)
{
    uint8_t *m = table_mem;
    /* All ones, then clear the odd multiples x of each group prime in one period. */
    memset(table_mem, 0xFF, sizeof table_mem);
    for (int k = 0; k < PRESIEVE_TABLES; ++k) {
        uint32_t prod = 1;
        for (int i = 0; i < 4 && groups[k][i]; ++i)
            prod *= groups[k][i];
        tables.period[k] = prod;
        tables.tab[k] = m;
        for (int i = 0; i < 4 && groups[k][i]; ++i) {
            uint64_t p = groups[k][i], span = 30ull * prod;
            for (uint64_t x = p; x < span; x += 2 * p) {
                unsigned r = (unsigned)(x % 30);
                for (int j = 0; j < 8; ++j)
                    if (r == sieve_residue[j])
                        m[x / 30] &= (uint8_t)~(1u << j);
            }
        }
        m += prod;
    }
}

const presieve_tables *presieve_get(void)
{
    pthread_once(&tables_once, presieve_build);
    return &tables;
}

void presieve_fill(const presieve_tables *t, uint8_t *restrict buf, uint64_t L, size_t len)
{
    uint32_t off[PRESIEVE_TABLES];
    for (int k = 0; k < PRESIEVE_TABLES; ++k)
        off[k] = (uint32_t)(L % t->period[k]);
    for (size_t i = 0; i < len;) {
        /* a run up to the next wrap of any table: one vectorised 10-way AND */
        size_t run = len - i;
        for (int k = 0; k < PRESIEVE_TABLES; ++k)
            if (t->period[k] - off[k] < run)
                run = t->period[k] - off[k];
        const uint8_t *restrict a0 = t->tab[0] + off[0], *restrict a1 = t->tab[1] + off[1],
                                *restrict a2 = t->tab[2] + off[2], *restrict a3 = t->tab[3] + off[3],
                                *restrict a4 = t->tab[4] + off[4], *restrict a5 = t->tab[5] + off[5],
                                *restrict a6 = t->tab[6] + off[6], *restrict a7 = t->tab[7] + off[7],
                                *restrict a8 = t->tab[8] + off[8], *restrict a9 = t->tab[9] + off[9];
        uint8_t *restrict o = buf + i;
        for (size_t j = 0; j < run; ++j)
            o[j] = a0[j] & a1[j] & a2[j] & a3[j] & a4[j] & a5[j] & a6[j] & a7[j] & a8[j] & a9[j];
        i += run;
        for (int k = 0; k < PRESIEVE_TABLES; ++k) {
            off[k] += (uint32_t)run;
            if (off[k] == t->period[k])
                off[k] = 0;
        }
    }
}

void presieve_restore_first(uint8_t *buf)
{
    for (int k = 0; k < PRESIEVE_TABLES; ++k)
        for (int i = 0; i < 4 && groups[k][i]; ++i) {
            uint32_t p = groups[k][i];
            for (int j = 0; j < 8; ++j)
                if (sieve_residue[j] == p % 30)
                    buf[p / 30] |= (uint8_t)(1u << j);
        }
    buf[0] &= 0xFE;   /* 1 is not prime */
}
