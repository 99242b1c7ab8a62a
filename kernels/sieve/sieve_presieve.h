/* Presieving: the pattern that the primes 7..163 leave on the wheel bytes repeats,
 * so instead of crossing them off (the most crossings of all: 0.2 of the 1.0 per
 * number that primes up to 10^6 make) each segment starts as the AND of a few
 * precomputed periodic tables. */
#ifndef PARBENCH_SIEVE_PRESIEVE_H
#define PARBENCH_SIEVE_PRESIEVE_H

#include <stddef.h>
#include <stdint.h>

#define PRESIEVE_TABLES 16
#define PRESIEVE_BYTES 173506u   /* sum of the table periods */
/* Each table is followed by a copy of its first PRESIEVE_SPAN bytes, so that a run of
 * up to that many bytes from any offset reads it without wrapping. */
#define PRESIEVE_SPAN 4096u

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
 * not (buf holds at least the first 6 bytes). */
void presieve_restore_first(uint8_t *buf);

#endif
