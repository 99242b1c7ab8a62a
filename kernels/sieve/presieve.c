/* Presieve tables. Group k's primes have product P_k; since they are coprime to 30,
 * byte b and byte b + P_k of the wheel have the same multiples of them, so a table of
 * P_k bytes repeats exactly. Groups are pairs or so (<= 25591 bytes, 170 KiB in all) so
 * the tables stay in L2 next to the segment; 16 of them cost 16 loads per 64 output
 * bytes, against the ~0.9 crossings per byte that crossing off 103..163 would cost.
 * PRESIEVE_BYTES is the sum of the periods (checked by the static assertion below). */
#include <pthread.h>
#include <string.h>

#include "sieve_internal.h"
#include "sieve_presieve.h"

static const uint32_t groups[PRESIEVE_TABLES][4] = {
    {7, 11, 13, 17}, {19, 23, 29}, {31, 37},   {41, 43},   {47, 53},   {59, 61},   {67, 71},   {73, 79},
    {83, 89},        {97, 101},    {103, 107}, {109, 113}, {127, 131}, {137, 139}, {149, 151}, {157, 163},
};

_Static_assert(7 * 11 * 13 * 17 + 19 * 23 * 29 + 31 * 37 + 41 * 43 + 47 * 53 + 59 * 61 + 67 * 71 + 73 * 79 +
                       83 * 89 + 97 * 101 + 103 * 107 + 109 * 113 + 127 * 131 + 137 * 139 + 149 * 151 +
                       157 * 163 ==
                   PRESIEVE_BYTES,
               "PRESIEVE_BYTES is the sum of the group products");

static presieve_tables tables;
static uint8_t table_mem[PRESIEVE_BYTES + PRESIEVE_TABLES * PRESIEVE_SPAN] __attribute__((aligned(64)));
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
        for (uint32_t i = 0; i < PRESIEVE_SPAN; ++i)   /* (a short period repeats several times) */
            m[prod + i] = m[i % prod];
        m += prod + PRESIEVE_SPAN;
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
    for (size_t i = 0; i < len; i += PRESIEVE_SPAN) {
        size_t run = len - i < PRESIEVE_SPAN ? len - i : PRESIEVE_SPAN;
        const uint8_t *a[PRESIEVE_TABLES];
        for (int k = 0; k < PRESIEVE_TABLES; ++k)
            a[k] = t->tab[k] + off[k];
        uint8_t *restrict o = buf + i;
        /* two passes of 8 tables: one 16-way AND keeps too many streams in flight */
        for (size_t j = 0; j < run; ++j)
            o[j] = a[0][j] & a[1][j] & a[2][j] & a[3][j] & a[4][j] & a[5][j] & a[6][j] & a[7][j];
        for (size_t j = 0; j < run; ++j)
            o[j] &= a[8][j] & a[9][j] & a[10][j] & a[11][j] & a[12][j] & a[13][j] & a[14][j] & a[15][j];
        for (int k = 0; k < PRESIEVE_TABLES; ++k)
            off[k] = (uint32_t)((off[k] + run) % t->period[k]);
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
