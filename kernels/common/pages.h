/* Memory that a kernel touches all over, many times: backed by 2 MiB pages where the
 * kernel allows (transparent huge pages, asked for with madvise: Debian's default THP
 * setting is "madvise", which gives none to plain malloc). */
#ifndef PARBENCH_PAGES_H
#define PARBENCH_PAGES_H

#include <stddef.h>

#define PAGES_HUGE_BYTES ((size_t)2 << 20)
#define PAGES_HUGE_MIN (PAGES_HUGE_BYTES / 8)

/* At least `bytes`, 64-byte aligned; from PAGES_HUGE_MIN up, whole 2 MiB pages, 2 MiB
 * aligned and marked for huge pages (at most 1.75 MiB more than asked: below that the
 * rounding would cost more than the pages save). NULL when out of memory. Free with
 * free(). */
void *pages_alloc(size_t bytes);
/* What pages_alloc(bytes) takes from memory (for the memory estimates): less than
 * bytes + PAGES_HUGE_BYTES. */
size_t pages_footprint(size_t bytes);

#endif
