/* The segment sieving core. A worker counts the primes of a byte range segment by
 * segment; each segment (segment_bytes, sized for L2) is
 *   1. filled from the presieve patterns (primes 7..101, presieve.c),
 *   2. crossed off by the small primes (p <= block/4) one L1 block at a time,
 *   3. crossed off by the medium primes (p <= segment) over the whole segment,
 *   4. crossed off by the large primes from this segment's bucket,
 *   5. counted with popcount.
 * Small and medium primes use "lanes": the multiples p*q with q in one residue class
 * mod 30 all fall on the same bit, p bytes apart, so a prime is 8 lanes with a fixed
 * offset from a common base; one loop turn crosses one multiple in each lane (one turn
 * of the wheel, p bytes). Large primes hit a segment a few times at most, so walking
 * every one of them for every segment would cost more than their hits; instead each
 * waits in the bucket of the segment that holds its next multiple (Oliveira e Silva's
 * bucket sieve) and costs O(1) per hit. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sieve_internal.h"
#include "sieve_presieve.h"

const uint8_t sieve_residue[8] = {1, 7, 11, 13, 17, 19, 23, 29};

/* Bit of a residue mod 30 that is coprime to 30 (other entries unused). */
static const uint8_t bit_of[30] = {
    [1] = 0, [7] = 1, [11] = 2, [13] = 3, [17] = 4, [19] = 5, [23] = 6, [29] = 7,
};
/* Index into sieve_residue of the first residue >= r (r = 0..29). */
static const uint8_t next_res[30] = {
    0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7,
};
/* gap from residue j to the next one, wrapping 29 -> 31 */
static const uint8_t res_gap[8] = {6, 4, 2, 4, 2, 4, 6, 2};

/* ---- lanes (small and medium primes) ---- */

typedef struct {
    uint32_t p;
    int32_t base;     /* start of the current wheel turn, relative to the buffer */
    uint32_t dmax;    /* max of d[] */
    uint32_t d[8];    /* lane j crosses bytes base + d[j] + k*p */
} lane_prime;

/* A growable list of lane primes of one residue class of p mod 30. Keeping one list
 * per class makes the 8 masks compile-time constants and avoids a branch per prime. */
typedef struct {
    lane_prime *v;
    size_t n, cap;
} lane_list;

/* mask of lane j for a prime p = sieve_residue[c] (mod 30): clears p*q for q = r_j. */
#define LMASK(c, j) ((uint8_t) ~(1u << bit_of[(sieve_residue[c] * sieve_residue[j]) % 30]))

/* Cross off lanes of one prime inside buf[0, len). base is > -p on entry (the lanes
 * of the previous turn with base + d[j] < 0 were crossed in the previous buffer). */
static inline __attribute__((always_inline)) void lanes_cross(uint8_t *restrict buf, int64_t len,
                                                              lane_prime *restrict lp, const int c)
{
    const int64_t p = lp->p;
    int64_t b = lp->base;
    const int64_t d0 = lp->d[0], d1 = lp->d[1], d2 = lp->d[2], d3 = lp->d[3];
    const int64_t d4 = lp->d[4], d5 = lp->d[5], d6 = lp->d[6], d7 = lp->d[7];
    const int64_t dmax = lp->dmax;
    /* (A branch-free form of these partial turns measured slower.) */
#define CROSS_IF(dj, j)                                                                            \
    do {                                                                                           \
        int64_t pos = b + (dj);                                                                    \
        if (pos >= 0 && pos < len)                                                                 \
            buf[pos] &= LMASK(c, j);                                                               \
    } while (0)
    if (b < 0) { /* finish the turn that started in the previous buffer */
        CROSS_IF(d0, 0); CROSS_IF(d1, 1); CROSS_IF(d2, 2); CROSS_IF(d3, 3);
        CROSS_IF(d4, 4); CROSS_IF(d5, 5); CROSS_IF(d6, 6); CROSS_IF(d7, 7);
        b += p;
    }
    uint8_t *s0 = buf + d0, *s1 = buf + d1, *s2 = buf + d2, *s3 = buf + d3;
    uint8_t *s4 = buf + d4, *s5 = buf + d5, *s6 = buf + d6, *s7 = buf + d7;
    for (; b < len - dmax; b += p) { /* whole turns: 8 crossings, one test */
        s0[b] &= LMASK(c, 0); s1[b] &= LMASK(c, 1); s2[b] &= LMASK(c, 2); s3[b] &= LMASK(c, 3);
        s4[b] &= LMASK(c, 4); s5[b] &= LMASK(c, 5); s6[b] &= LMASK(c, 6); s7[b] &= LMASK(c, 7);
    }
    /* the turn that crosses the end: lanes before it now, the rest in the next buffer */
    CROSS_IF(d0, 0); CROSS_IF(d1, 1); CROSS_IF(d2, 2); CROSS_IF(d3, 3);
    CROSS_IF(d4, 4); CROSS_IF(d5, 5); CROSS_IF(d6, 6); CROSS_IF(d7, 7);
#undef CROSS_IF
    lp->base = (int32_t)(b - len);
}

static inline __attribute__((always_inline)) void lanes_cross_list(uint8_t *buf, int64_t len,
                                                                   lane_list *l, const int c)
{
    lane_prime *v = l->v;
    for (size_t i = 0, n = l->n; i < n; ++i)
        lanes_cross(buf, len, &v[i], c);
}

/* All 8 classes over one buffer; the switch is resolved at compile time. */
static void lanes_cross_all(uint8_t *buf, int64_t len, lane_list lists[8])
{
    lanes_cross_list(buf, len, &lists[0], 0);
    lanes_cross_list(buf, len, &lists[1], 1);
    lanes_cross_list(buf, len, &lists[2], 2);
    lanes_cross_list(buf, len, &lists[3], 3);
    lanes_cross_list(buf, len, &lists[4], 4);
    lanes_cross_list(buf, len, &lists[5], 5);
    lanes_cross_list(buf, len, &lists[6], 6);
    lanes_cross_list(buf, len, &lists[7], 7);
}

/* First q >= max(p, ceil(30 L / p)): the multiples p*q from there on are those in
 * the range starting at byte L that smaller primes have not already crossed. */
static uint64_t first_q(uint32_t p, uint64_t L)
{
    uint64_t q = (30 * L + p - 1) / p;
    return q > p ? q : p;
}

/* The lanes of p from the first multiple p*q (q >= first_q) on. The turn is taken to
 * start at a q = 1 (mod 30), so that lane j (q = r_j) is also j-th in address order:
 * the 8 read-modify-writes of a turn then go up in memory, which measured 10-15%
 * faster than a turn starting at an arbitrary residue (the lanes rotated). Lanes of
 * that turn below q lie before the buffer (negative positions, skipped by the head) or
 * are multiples p*q' with 2 <= q' < p, composite anyway (p >= 103, so q' >= 74). */
static void lane_init(lane_prime *lp, uint32_t p, uint64_t L)
{
    uint64_t qs = first_q(p, L), q0 = qs - (qs + 29) % 30;   /* largest q0 <= qs, q0 = 1 (mod 30) */
    int64_t idx[8];
    for (int j = 0; j < 8; ++j)
        idx[j] = (int64_t)((uint64_t)p * (q0 - 1 + sieve_residue[j]) / 30) - (int64_t)L;
    lp->p = p;
    lp->base = (int32_t)idx[0];   /* > -p, and < buffer length + p (see sieve_worker_count) */
    lp->dmax = (uint32_t)(idx[7] - idx[0]);
    for (int j = 0; j < 8; ++j)
        lp->d[j] = (uint32_t)(idx[j] - idx[0]);   /* ascending, < p */
}

static int lane_push(lane_list *l, uint32_t p, uint64_t L)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        lane_prime *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v, l->cap = cap;
    }
    lane_init(&l->v[l->n++], p, L);
    return 0;
}

/* ---- buckets (large primes) ---- */

/* A large prime in a bucket: pp = p / 30 and (offset in its segment << 6 | state),
 * state = 8 * class of p + wheel index of the next q. */
typedef struct {
    uint32_t pp;
    uint32_t idx;
} bucket_entry;

#define BUCKET_CAP 1022  /* entries per block: a block is 8 KiB */
typedef struct bucket_block {
    struct bucket_block *next;
    uint32_t n, pad;
    bucket_entry e[BUCKET_CAP];
} bucket_block;

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
            w->mask = (uint8_t) ~(1u << bit_of[rm]);
            w->gap = res_gap[j];
            w->corr = (uint8_t)((rm + rp * res_gap[j]) / 30);
            w->next = (uint8_t)(c * 8 + (j + 1) % 8);
        }
}

struct sieve_worker {
    const sieve_primes *primes;
    uint32_t seg, block, log_seg;
    uint32_t small_max, medium_max;   /* lanes per block up to small_max, per segment up to medium_max */
    uint8_t *buf;                     /* the segment */
    const presieve_tables *pre;       /* shared, read-only */
    lane_list small[8], medium[8];
    bucket_block **head;              /* head[s & (nbuckets-1)]: the block being filled */
    uint32_t nbuckets;
    bucket_block *pool;               /* free blocks */
};

static bucket_block *block_get(sieve_worker *w)
{
    bucket_block *b = w->pool;
    if (b)
        w->pool = b->next;
    else if (!(b = malloc(sizeof *b)))
        return NULL;
    b->next = NULL;
    b->n = 0;
    return b;
}

static void block_put_list(sieve_worker *w, bucket_block *b)
{
    while (b) {
        bucket_block *next = b->next;
        b->next = w->pool;
        w->pool = b;
        b = next;
    }
}

/* Returns -1 when out of memory. */
static inline int bucket_push(sieve_worker *w, uint32_t slot, uint32_t pp, uint32_t idx)
{
    bucket_block *b = w->head[slot];
    if (__builtin_expect(b->n == BUCKET_CAP, 0)) {
        bucket_block *nb = block_get(w);
        if (!nb)
            return -1;
        nb->next = b;
        w->head[slot] = b = nb;
    }
    b->e[b->n++] = (bucket_entry){pp, idx};
    return 0;
}

/* Put p into the bucket of the segment holding its first multiple >= max(p^2, 30 L),
 * L being the first byte of segment number s (counted from the range start). */
static int large_add(sieve_worker *w, uint32_t p, uint64_t L, uint64_t s)
{
    uint64_t qs = first_q(p, L);
    unsigned j = next_res[qs % 30];
    uint64_t q = qs - qs % 30 + sieve_residue[j];
    uint64_t off = (uint64_t)p * q / 30 - L;
    uint32_t c = next_res[p % 30];   /* p % 30 is itself a residue */
    uint32_t slot = (uint32_t)((s + (off >> w->log_seg)) & (w->nbuckets - 1));
    return bucket_push(w, slot, p / 30, (uint32_t)((off & (w->seg - 1)) << 6 | (c * 8 + j)));
}

/* Cross off this segment's bucket; each prime then goes to the bucket of the segment
 * with its next multiple. */
static int large_cross(sieve_worker *w, uint8_t *restrict buf, uint64_t s)
{
    uint32_t slot = (uint32_t)(s & (w->nbuckets - 1));
    bucket_block *list = w->head[slot], *fresh = block_get(w);
    if (!fresh)
        return -1;
    w->head[slot] = fresh;   /* pushes below never land in this slot (1 <= ahead < nbuckets) */
    const uint32_t seg = w->seg, shift = w->log_seg, wrap = w->nbuckets - 1;
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
            rc |= bucket_push(w, (uint32_t)((s + (off >> shift)) & wrap), pp, (off & (seg - 1)) << 6 | st);
        }
    }
    block_put_list(w, list);
    return rc;
}

/* ---- the worker ---- */

/* Small primes (lanes per L1 block) have at least SMALL_DIV turns of the wheel per
 * block, so the per-block set-up of a lane prime is paid back; medium primes use lanes
 * over the whole segment; the rest use buckets. Measured at N = 1e10 (see bench). */
#ifndef SMALL_DIV
#define SMALL_DIV 4
#endif
#ifndef MEDIUM_DIV
#define MEDIUM_DIV 1
#endif

uint64_t sieve_worker_memory(uint64_t n, const sieve_params *par)
{
    /* pi(r) < 1.26 r / ln r; each sieving prime is a lane or a bucket entry (bounded
     * here by both) plus its 4 bytes in the list; the bucket blocks, one per segment
     * ahead and partly filled ones; the odd-only sieve that finds the primes. */
    uint64_t r = sieve_isqrt(n);
    uint64_t primes = r < 100 ? 100 : (uint64_t)(1.26 * (double)r / log((double)r)) + 100;
    uint64_t ahead = (r / 5 + 2) / par->segment_bytes + 3;
    return par->segment_bytes + primes * (sizeof(lane_prime) + sizeof(bucket_entry) + 4) +
           (2 * ahead + primes / BUCKET_CAP + 8) * sizeof(bucket_block) + r / 2;
}

sieve_worker *sieve_worker_new(const sieve_primes *primes, const sieve_params *par)
{
    pthread_once(&wheel_once, wheel_init);
    sieve_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->primes = primes;
    w->seg = par->segment_bytes;
    w->block = par->block_bytes;
    w->log_seg = (uint32_t)__builtin_ctz(w->seg);
    w->small_max = w->block / SMALL_DIV;
    w->medium_max = w->seg / MEDIUM_DIV;
    /* A large prime moves ahead at most p/5 + 2 bytes past the end of this segment. */
    uint64_t pmax = primes->count ? primes->p[primes->count - 1] : 0, ahead = (pmax / 5 + 2) / w->seg + 2;
    w->nbuckets = 1;
    while (w->nbuckets < ahead + 1)
        w->nbuckets *= 2;
    w->buf = aligned_alloc(64, w->seg);
    w->head = calloc(w->nbuckets, sizeof *w->head);
    w->pre = presieve_get();
    if (!w->buf || !w->head) {
        sieve_worker_free(w);
        return NULL;
    }
    for (uint32_t i = 0; i < w->nbuckets; ++i)
        if (!(w->head[i] = block_get(w))) {
            sieve_worker_free(w);
            return NULL;
        }
    return w;
}

void sieve_worker_free(sieve_worker *w)
{
    if (!w)
        return;
    if (w->head) {
        for (uint32_t i = 0; i < w->nbuckets; ++i)
            block_put_list(w, w->head[i]);
        free(w->head);
    }
    for (bucket_block *b = w->pool, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    for (int c = 0; c < 8; ++c) {
        free(w->small[c].v);
        free(w->medium[c].v);
    }
    free(w->buf);
    free(w);
}

/* Forget the previous range: empty the lane lists and the buckets. */
static void worker_reset(sieve_worker *w)
{
    for (int c = 0; c < 8; ++c)
        w->small[c].n = w->medium[c].n = 0;
    for (uint32_t i = 0; i < w->nbuckets; ++i) {
        block_put_list(w, w->head[i]->next);
        w->head[i]->next = NULL;
        w->head[i]->n = 0;
    }
}

static uint64_t popcount_bytes(const uint8_t *buf, size_t len)
{
    uint64_t c = 0;
    for (size_t i = 0; i < len; i += 8) {   /* len is a multiple of 64 */
        uint64_t v;
        memcpy(&v, buf + i, 8);
        c += (uint64_t)__builtin_popcountll(v);
    }
    return c;
}

uint64_t sieve_worker_count(sieve_worker *w, uint64_t b0, uint64_t b1)
{
    const sieve_primes *pr = w->primes;
    const uint64_t n = pr->n, last = n / 30;   /* byte holding n */
    const uint32_t seg = w->seg;
    uint8_t *buf = w->buf;
    uint64_t count = 0;
    size_t next = 0;   /* next sieving prime to activate */
    worker_reset(w);
    for (uint64_t L = b0, s = 0; L < b1; L += seg, ++s) {
        /* Activate the primes whose square falls below the end of this segment. */
        uint64_t high = 30 * (L + seg);
        for (; next < pr->count && (uint64_t)pr->p[next] * pr->p[next] < high; ++next) {
            uint32_t p = pr->p[next];
            int rc;
            if (p <= w->small_max)
                rc = lane_push(&w->small[next_res[p % 30]], p, L);
            else if (p <= w->medium_max)
                rc = lane_push(&w->medium[next_res[p % 30]], p, L);
            else
                rc = large_add(w, p, L, s);
            if (rc)
                return SIEVE_ERROR;
        }
        presieve_fill(w->pre, buf, L, seg);
        if (L == 0)
            presieve_restore_first(buf);
        for (uint32_t k = 0; k < seg; k += w->block)
            lanes_cross_all(buf + k, w->block, w->small);
        lanes_cross_all(buf, seg, w->medium);
        if (large_cross(w, buf, s))
            return SIEVE_ERROR;
        /* Count only bytes < b1 and, in the byte of n, only residues <= n. */
        uint64_t len = b1 - L < seg ? b1 - L : seg;
        if (len < seg)
            memset(buf + len, 0, seg - len);
        if (last >= L && last < L + len) {
            unsigned keep = 0, rn = (unsigned)(n % 30);
            for (int j = 0; j < 8; ++j)
                if (sieve_residue[j] <= rn)
                    keep |= 1u << j;
            buf[last - L] &= (uint8_t)keep;
        }
        count += popcount_bytes(buf, seg);
    }
    return count;
}
