/* Why huge pages: the sieve's segment buffer (512 KiB to 1 MiB, crossed off all over
 * by every sieving prime, each segment) ran 7-8% slower per byte on each of two OpenMP
 * threads than in one thread or in two processes side by side, on the Zen 5 VM
 * (Linux 6.18). In 2 MiB pages the two threads run as fast as one: 2-thread speedups
 * 1.84x -> 1.96x at 1e10 and 1.86x -> 1.99x at 1e11 (interleaved rounds, medians); one
 * thread alone did not change. The mechanism (TLB reach, or the kernel's work on a
 * page table two CPUs use) cannot be told apart without the counters these VMs lack. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#endif
#include "pages.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

static int wants_huge(size_t bytes) { return bytes >= PAGES_HUGE_MIN; }

size_t pages_footprint(size_t bytes)
{
    if (bytes > SIZE_MAX - PAGES_HUGE_BYTES)
        return SIZE_MAX; /* no such buffer: pages_alloc fails instead of rounding past zero */
    if (!wants_huge(bytes))
        return (bytes + 63) / 64 * 64;
    return (bytes + PAGES_HUGE_BYTES - 1) / PAGES_HUGE_BYTES * PAGES_HUGE_BYTES;
}

void *pages_alloc(size_t bytes)
{
    size_t size = pages_footprint(bytes ? bytes : 1);
    if (!wants_huge(bytes))
        return aligned_alloc(64, size);
    void *p = aligned_alloc(PAGES_HUGE_BYTES, size);
#ifdef MADV_HUGEPAGE
    if (p)
        (void)madvise(p, size, MADV_HUGEPAGE); /* a hint: without THP the pages stay small */
#endif
    return p;
}
