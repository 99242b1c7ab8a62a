/* The bucket sieve for large primes (sieve_buckets.h). */
#include <pthread.h>
#include <stdlib.h>

#include "sieve_buckets.h"
#include "sieve_internal.h"
#include "sieve_lanes.h"

/* A large prime in a bucket: pp = p / 30 and (offset in its segment << 9 | state).
 * The wheel here is mod 210: of the 8 multiples p*q per 30 that lanes cross, those
 * with 7 | q are skipped (presieved already), 1/7 fewer hits. state = 48 * class of p
 * + index of q mod 210 among the 48 residues coprime to 210. */
typedef struct {
    uint32_t pp;
    uint32_t idx;
} bucket_entry;
#define STATE_BITS 9
#define WHEEL_STATES (8 * 48)

#define BUCKET_CAP 1022   /* entries per block: a block is 8 KiB */
struct bucket_block {
    struct bucket_block *next;
    uint32_t n, pad;
    bucket_entry e[BUCKET_CAP];
};

/* Per state: the bit to clear, and how to step to the next multiple: with p = 30 pp +
 * rp and m = 30 b + rm, m + p * gap = 30 (b + pp * gap + (rm + rp * gap) / 30) + ... */
typedef struct {
    uint8_t mask, gap, corr, pad;
    uint16_t next;
} wheel_step;
static wheel_step wheel[WHEEL_STATES];
static uint8_t res210[48];     /* residues mod 210 coprime to 210 */
static uint8_t next210[210];   /* index of the first of them >= r */
static pthread_once_t wheel_once = PTHREAD_ONCE_INIT;
static void wheel_init(void)
{
    int k = 0;
    for (int r = 209; r >= 0; --r) {
        if (r % 2 && r % 3 && r % 5 && r % 7)
            k++;
        next210[r] = (uint8_t)(48 - k);
    }
    for (int r = 1, j = 0; r < 210; ++r)
        if (r % 2 && r % 3 && r % 5 && r % 7)
            res210[j++] = (uint8_t)r;
    for (int c = 0; c < 8; ++c)
        for (int j = 0; j < 48; ++j) {
            unsigned rp = sieve_residue[c], rm = rp * res210[j] % 30;
            unsigned gap = (unsigned)(j < 47 ? res210[j + 1] - res210[j] : 211 - res210[47]);
            wheel_step *w = &wheel[c * 48 + j];
            w->mask = (uint8_t) ~(1u << sieve_bit_of[rm]);
            w->gap = (uint8_t)gap;
            w->corr = (uint8_t)((rm + rp * gap) / 30);
            w->next = (uint16_t)(c * 48 + (j + 1) % 48);
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

/* A large prime moves at most p/3 + 1 bytes (a gap of 10 on the mod 210 wheel) past
 * the end of its segment. */
static uint64_t segments_ahead(uint32_t seg, uint32_t pmax) { return ((uint64_t)pmax / 3 + 2) / seg + 2; }

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
    unsigned j = next210[qs % 210];
    uint64_t q = qs - qs % 210 + res210[j];
    uint64_t off = (uint64_t)p * q / 30 - L;
    uint32_t state = sieve_bit_of[p % 30] * 48 + j;
    uint32_t slot = (uint32_t)((s + (off >> bs->log_seg)) & (bs->nbuckets - 1));
    return bucket_push(bs, slot, p / 30, (uint32_t)((off & (bs->seg - 1)) << STATE_BITS | state));
}

/* One hit per entry and pass: an entry whose next multiple is in this segment too goes
 * back into this segment's bucket, which is emptied again until nothing is left. A
 * loop over a prime's hits would end on a mispredicted branch for most entries (the
 * hits per segment vary); this way there is no branch on the data at all. */
int buckets_cross(bucket_set *bs, uint8_t *restrict buf, uint64_t s)
{
    const uint32_t slot = (uint32_t)(s & (bs->nbuckets - 1));
    const uint32_t seg = bs->seg, shift = bs->log_seg, wrap = bs->nbuckets - 1;
    int rc = 0;
    while (bs->head[slot]->n) {
        bucket_block *list = bs->head[slot], *fresh = block_get(bs);
        if (!fresh)
            return -1;
        bs->head[slot] = fresh;
        for (bucket_block *b = list; b; b = b->next) {
            for (uint32_t i = 0, n = b->n; i < n; ++i) {
                const uint32_t pp = b->e[i].pp, idx = b->e[i].idx;
                const wheel_step ws = wheel[idx & ((1u << STATE_BITS) - 1)];
                uint32_t off = idx >> STATE_BITS;
                buf[off] &= ws.mask;
                off += pp * ws.gap + ws.corr;
                rc |= bucket_push(bs, (uint32_t)((s + (off >> shift)) & wrap), pp,
                                  (off & (seg - 1)) << STATE_BITS | ws.next);
            }
        }
        block_put_list(bs, list);
    }
    return rc;
}
