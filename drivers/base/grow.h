/* Room for one more element in a growing array: the capacity doubles (from first),
 * so appending n elements costs O(n). */
#ifndef PARBENCH_GROW_H
#define PARBENCH_GROW_H

#include <stdbool.h>
#include <stdlib.h>

/* *items holds *n of *cap elements of elem bytes. False (nothing changed) when memory
 * is short. */
static inline bool grow_for_one(void **items, size_t n, size_t *cap, size_t elem, size_t first)
{
    if (n < *cap)
        return true;
    size_t want = *cap ? 2 * *cap : first;
    void *bigger = realloc(*items, want * elem);
    if (!bigger)
        return false;
    *items = bigger;
    *cap = want;
    return true;
}

#endif
