/* The bucket sieve for large primes (sieve_buckets.h). */
#include <pthread.h>
#include <stdlib.h>

#include "sieve_buckets.h"
#include "sieve_internal.h"
#include "sieve_lanes.h"

/* A large prime in a bucket: pp = p / 30 and (offset in its segment << 6 | state),
 * state = 8 * class of p + wheel index of the next q. */
typedef struct {
    uint32_t pp;
    uint32_t idx;
} bucket_entry;

#define BUCKET_CAP 1022   /* entries per block: a block is 8 KiB */
struct bucket_block {
    struct bucket_block *next;
    uint32_t n, pad;
    bucket_entry e[BUCKET_CAP];
};

/* Index into sieve_residue of the first residue >= r (r = 0..29). */
static const uint8_t next_res[30] = {
    0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7,
};
/* gap from residue j to the next one, wrapping 29 -> 31 */
static const uint8_t res_gap[8] = {6, 4, 2, 4, 2, 4, 6, 2};

/* Per state: the bit to clear, and how to step to the next multiple: with p = 30 pp +
 * rp and m = 30 b + rm, m + p * gap = 30 (b + pp * gap + (rm + rp * gap) / 30) + ... */
typedef struct {
    uint8_t mask, gap, corr, next;
} wheel_step;
static wheel_step wheel[64];
static pthread_once_t wheel_once = PTHREAD_ONCE_INIT;
static void wheel_init(void)
{
    for (int c = 0; c < 8; ++c)
        for (int j = 0; j < 8; ++j) {
            unsigned rp = sieve_residue[c], rm = rp * sieve_residue[j] % 30;
            wheel_step *w = &wheel[c * 8 + j];
            w->mask = (uint8_t) ~(1u << sieve_bit_of[rm]);
            w->gap = res_gap[j];
            w->corr = (uint8_t)((rm + rp * res_gap[j]) / 30);
            w->next = (uint8_t)(c * 8 + (j + 1) % 8);
        }
}

static bucket_block *block_get(bucket_set *bs)
{
    bucket_block *b = bs->pool;
    if (b)
        bs->pool = b->next;
    else if (!(b = malloc(sizeof *b)))
        return NULL;
    b->next = NULL;
    b->n = 0;
    return b;
}

static void block_put_list(bucket_set *bs, bucket_block *b)
{
    while (b) {
        bucket_block *next = b->next;
        b->next = bs->pool;
        bs->pool = b;
        b = next;
    }
}

/* A large prime moves at most p/5 + 2 bytes past the end of its segment. */
static uint64_t segments_ahead(uint32_t seg, uint32_t pmax) { return ((uint64_t)pmax / 5 + 2) / seg + 2; }

int buckets_init(bucket_set *bs, uint32_t seg, uint32_t pmax)
{
    pthread_once(&wheel_once, wheel_init);
    *bs = (bucket_set){.seg = seg, .log_seg = (uint32_t)__builtin_ctz(seg), .nbuckets = 1};
    while (bs->nbuckets < segments_ahead(seg, pmax) + 1)
        bs->nbuckets *= 2;
    if (!(bs->head = calloc(bs->nbuckets, sizeof *bs->head)))
        return -1;
    for (uint32_t i = 0; i < bs->nbuckets; ++i)
        if (!(bs->head[i] = block_get(bs)))
            return -1;
    return 0;
}

void buckets_free(bucket_set *bs)
{
    if (bs->head) {
        for (uint32_t i = 0; i < bs->nbuckets; ++i)
            block_put_list(bs, bs->head[i]);
        free(bs->head);
        bs->head = NULL;
    }
    for (bucket_block *b = bs->pool, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    bs->pool = NULL;
}

void buckets_clear(bucket_set *bs)
{
    for (uint32_t i = 0; i < bs->nbuckets; ++i) {
        block_put_list(bs, bs->head[i]->next);
        bs->head[i]->next = NULL;
        bs->head[i]->n = 0;
    }
}

uint64_t buckets_memory(uint32_t seg, uint32_t pmax, uint64_t large)
{
    return (2 * segments_ahead(seg, pmax) + large / BUCKET_CAP + 8) * sizeof(bucket_block);
}

/* -1 when out of memory. */
static inline int bucket_push(bucket_set *bs, uint32_t slot, uint32_t pp, uint32_t idx)
{
    bucket_block *b = bs->head[slot];
    if (__builtin_expect(b->n == BUCKET_CAP, 0)) {
        bucket_block *nb = block_get(bs);
        if (!nb)
            return -1;
        nb->next = b;
        bs->head[slot] = b = nb;
    }
    b->e[b->n++] = (bucket_entry){pp, idx};
    return 0;
}

int buckets_add(bucket_set *bs, uint32_t p, uint64_t L, uint64_t s)
{
    uint64_t qs = sieve_first_q(p, L);
    unsigned j = next_res[qs % 30];
    uint64_t q = qs - qs % 30 + sieve_residue[j];
    uint64_t off = (uint64_t)p * q / 30 - L;
    uint32_t c = sieve_bit_of[p % 30];
    uint32_t slot = (uint32_t)((s + (off >> bs->log_seg)) & (bs->nbuckets - 1));
    return bucket_push(bs, slot, p / 30, (uint32_t)((off & (bs->seg - 1)) << 6 | (c * 8 + j)));
}

int buckets_cross(bucket_set *bs, uint8_t *restrict buf, uint64_t s)
{
    uint32_t slot = (uint32_t)(s & (bs->nbuckets - 1));
    bucket_block *list = bs->head[slot], *fresh = block_get(bs);
    if (!fresh)
        return -1;
    bs->head[slot] = fresh;   /* pushes below never land in this slot (1 <= ahead < nbuckets) */
    const uint32_t seg = bs->seg, shift = bs->log_seg, wrap = bs->nbuckets - 1;
    int rc = 0;
    for (bucket_block *b = list; b; b = b->next) {
        for (uint32_t i = 0, n = b->n; i < n; ++i) {
            uint32_t pp = b->e[i].pp, off = b->e[i].idx >> 6, st = b->e[i].idx & 63;
            do {   /* primes below 30 * segment may hit more than once */
                const wheel_step ws = wheel[st];
                buf[off] &= ws.mask;
                off += pp * ws.gap + ws.corr;
                st = ws.next;
            } while (off < seg);
            rc |= bucket_push(bs, (uint32_t)((s + (off >> shift)) & wrap), pp, (off & (seg - 1)) << 6 | st);
        }
    }
    block_put_list(bs, list);
    return rc;
}
