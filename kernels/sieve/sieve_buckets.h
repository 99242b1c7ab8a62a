/* Large sieving primes: a few hits per segment at most, so walking every one of them
 * for every segment would cost more than their hits. Instead each waits in the bucket
 * of the segment that holds its next multiple (Oliveira e Silva's bucket sieve) and
 * costs O(1) per hit. */
#ifndef PARBENCH_SIEVE_BUCKETS_H
#define PARBENCH_SIEVE_BUCKETS_H

#include <stdint.h>

typedef struct bucket_block bucket_block;

typedef struct {
    bucket_block **head;   /* head[s & (nbuckets - 1)]: the block of segment s being filled */
    uint32_t nbuckets;
    uint32_t seg, log_seg;
    bucket_block *pool;    /* free blocks, reused before any new one is allocated */
} bucket_set;

/* Buckets for segments of seg bytes (a power of two) and primes up to pmax. 0, or -1
 * when out of memory. */
int buckets_init(bucket_set *b, uint32_t seg, uint32_t pmax);
void buckets_free(bucket_set *b);
/* Empty every bucket (for a new range). */
void buckets_clear(bucket_set *b);
/* Put p into the bucket of the segment holding its first multiple >= max(p^2, 30 L),
 * L being the first byte of segment number s (counted from the range start). */
int buckets_add(bucket_set *b, uint32_t p, uint64_t L, uint64_t s);
/* Cross off segment s's bucket in buf; each prime moves on to the bucket of the
 * segment with its next multiple. */
int buckets_cross(bucket_set *b, uint8_t *buf, uint64_t s);
/* Bytes of bucket memory for `large` primes up to pmax (for the memory estimate). */
uint64_t buckets_memory(uint32_t seg, uint32_t pmax, uint64_t large);

#endif
