/* The segment engine that every variant runs. A worker counts the primes of a byte
 * range segment by segment; each segment (segment_bytes, sized for L2) is
 *   1. presieved: filled from the patterns of the primes 7..163 (presieve.c),
 *   2. crossed off by the small primes one L1 block at a time (lanes.c),
 *   3. crossed off by the medium primes over the whole segment (lanes.c),
 *   4. crossed off by the large primes from this segment's bucket (buckets.c),
 *   5. counted with popcount.
 * The buffer extends `pad` bytes past the segment: small and medium primes cross whole
 * wheel turns and may run into it; those bytes, presieved as the start of the next
 * segment, are moved there instead of being presieved again. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/pages.h"
#include "sieve_buckets.h"
#include "sieve_internal.h"
#include "sieve_lanes.h"
#include "sieve_presieve.h"
#include "sieve_profile.h"

/* Which primes go where (CPU time at N = 1e10 and in windows of 1e10 numbers below
 * 1e11 and 1e12, Zen 4, 32 KiB L1, 1 MiB L2, 512 KiB segments): small primes are those
 * up to one L1 block (at least one turn per block visit; up to a quarter or half of
 * the block was 7% and 3% slower at 1e10). Medium primes go up to two segments: a
 * lane turn crosses 8 multiples for one loop test, so even the primes whose turn
 * starts in only every other segment cost less as lanes than in buckets (below 1e12,
 * lanes up to one segment and buckets above were 12% slower, up to three the same). */
#ifndef MEDIUM_SEGMENTS   /* (a compile-time knob for tuning runs) */
#define MEDIUM_SEGMENTS 2
#endif

struct sieve_worker {
    const sieve_primes *primes;
    uint32_t seg, block, pad;
    uint32_t small_max, medium_max;
    uint8_t *buf;                 /* the segment and pad bytes after it */
    const presieve_tables *pre;   /* shared, read-only */
    lane_set small, medium;
    bucket_set large;
    PROF_FIELDS
};

static uint64_t pi_bound(uint64_t r) { return r < 100 ? 100 : (uint64_t)(1.26 * (double)r / log((double)r)) + 100; }

uint64_t sieve_worker_memory(uint64_t n, const sieve_params *par)
{
    /* pi(r) < 1.26 r / ln r; each sieving prime is a lane or a bucket entry (bounded
     * here by both) plus its 4 bytes in the list; the bucket blocks; the segment and
     * its pad; the odd-only sieve that finds the primes. */
    uint64_t r = sieve_isqrt(n), primes = pi_bound(r);
    uint32_t pmax = r > UINT32_MAX ? UINT32_MAX : (uint32_t)r;
    return pages_footprint((1ull + MEDIUM_SEGMENTS) * par->segment_bytes) + primes * (2 * sizeof(lane_prime) + 8 + 4) +
           buckets_memory(par->segment_bytes, pmax, primes) + r / 2;
}

sieve_worker *sieve_worker_new(const sieve_primes *primes, const sieve_params *par)
{
    sieve_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->primes = primes;
    w->seg = par->segment_bytes;
    w->block = par->block_bytes;
    w->small_max = w->block;
    w->medium_max = MEDIUM_SEGMENTS * w->seg;
    uint32_t pmax = primes->count ? primes->p[primes->count - 1] : 0;
    uint32_t lane_max = pmax < w->medium_max ? pmax : w->medium_max;
    w->pad = (lane_max + 63) / 64 * 64;   /* a turn of a lane prime spans < p bytes */
    w->buf = pages_alloc(w->seg + w->pad);
    w->pre = presieve_get();
    if (!w->buf || buckets_init(&w->large, w->seg, pmax)) {
        sieve_worker_free(w);
        return NULL;
    }
    return w;
}

void sieve_worker_free(sieve_worker *w)
{
    if (!w)
        return;
    PROF_REPORT(w);
    buckets_free(&w->large);
    lanes_free(&w->small);
    lanes_free(&w->medium);
    free(w->buf);
    free(w);
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

/* Count bytes [0, end) of the segment at L: only those < b1 - L and, in the byte of n,
 * only residues <= n. */
static uint64_t count_segment(uint8_t *buf, uint32_t end, uint64_t L, uint64_t b1, uint64_t n)
{
    uint64_t len = b1 - L < end ? b1 - L : end, last = n / 30;
    memset(buf + len, 0, end - len);
    if (last >= L && last < L + len) {
        unsigned keep = 0, rn = (unsigned)(n % 30);
        for (int j = 0; j < 8; ++j)
            if (sieve_residue[j] <= rn)
                keep |= 1u << j;
        buf[last - L] &= (uint8_t)keep;
    }
    return popcount_bytes(buf, end);
}

uint64_t sieve_worker_count(sieve_worker *w, uint64_t b0, uint64_t b1)
{
    const sieve_primes *pr = w->primes;
    const uint32_t seg = w->seg, pad = w->pad;
    uint8_t *buf = w->buf;
    uint64_t count = 0;
    size_t next = 0;   /* next sieving prime to activate */
    lanes_clear(&w->small);
    lanes_clear(&w->medium);
    buckets_clear(&w->large);
    for (uint64_t L = b0, s = 0; L < b1; L += seg, ++s) {
        PROF_BEGIN(w);
        /* The last segment of a range (all of it for a small n) needs only its first
         * bytes: those, rounded up to 64, are presieved, crossed off and counted. What
         * lanes cross past `end` there is never read. */
        const uint64_t left = (b1 - L + 63) / 64 * 64;
        const uint32_t end = left < seg ? (uint32_t)left : seg, fill = left < seg + pad ? (uint32_t)left : seg + pad;
        if (L == b0) {
            presieve_fill(w->pre, buf, L, fill);
            if (L == 0)
                presieve_restore_first(buf);
        } else {
            memmove(buf, buf + seg, pad);
            if (fill > pad)
                presieve_fill(w->pre, buf + pad, L + pad, fill - pad);
        }
        PROF_LAP(w, PROF_PRESIEVE);
        /* Activate the primes whose square falls below the end of this segment. */
        uint64_t high = 30 * (L + seg);
        for (; next < pr->count && (uint64_t)pr->p[next] * pr->p[next] < high; ++next) {
            uint32_t p = pr->p[next];
            int rc;
            if (p <= w->small_max)
                rc = lanes_add(&w->small, p, L, buf);
            else if (p <= w->medium_max)
                rc = lanes_add(&w->medium, p, L, buf);
            else
                rc = buckets_add(&w->large, p, L, s);
            if (rc)
                return SIEVE_ERROR;
        }
        PROF_LAP(w, PROF_SETUP);
        for (uint32_t k = w->block; k < end; k += w->block)
            lanes_cross(&w->small, buf, k, 0);
        lanes_cross(&w->small, buf, end, seg);
        PROF_LAP(w, PROF_SMALL);
        lanes_cross(&w->medium, buf, end, seg);
        PROF_LAP(w, PROF_MEDIUM);
        if (buckets_cross(&w->large, buf, s))
            return SIEVE_ERROR;
        PROF_LAP(w, PROF_LARGE);
        count += count_segment(buf, end, L, b1, pr->n);
        PROF_LAP(w, PROF_COUNT);
    }
    return count;
}
