/* Presieving: the pattern that the primes 7..101 leave on the wheel bytes repeats,
 * so instead of crossing them off (the most crossings of all) each segment starts as
 * the AND of a few precomputed periodic tables. */
#ifndef PARBENCH_SIEVE_PRESIEVE_H
#define PARBENCH_SIEVE_PRESIEVE_H

#include <stddef.h>
#include <stdint.h>

#define PRESIEVE_TABLES 10
#define PRESIEVE_BYTES 66398u   /* sum of the table periods */

typedef struct {
    const uint8_t *tab[PRESIEVE_TABLES];   /* tab[k][i]: byte i of the pattern of group k */
    uint32_t period[PRESIEVE_TABLES];
} presieve_tables;

/* The tables, built on first use (thread-safe) and read-only after: all workers share
 * one copy. */
const presieve_tables *presieve_get(void);
/* buf[0, len) = the presieved bytes [L, L + len) */
void presieve_fill(const presieve_tables *t, uint8_t *buf, uint64_t L, size_t len);
/* In the segment starting at byte 0: the presieve primes themselves are prime, 1 is
 * not. */
void presieve_restore_first(uint8_t *buf);

#endif
