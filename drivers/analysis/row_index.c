#include "analysis/row_index.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *machine, *kernel, *variant;
    unsigned long long size;
    int threads, ranks;
} row_key;

/* Compares the first depth fields of the key (3: machine, kernel, variant; 6: all). */
static int cmp_key(const row_key *k, const result_record *r, int depth)
{
    int c = strcmp(k->machine, r->machine);
    if (!c)
        c = strcmp(k->kernel, r->kernel);
    if (!c)
        c = strcmp(k->variant, r->variant);
    if (c || depth <= 3)
        return c;
    if (k->size != r->size)
        return k->size < r->size ? -1 : 1;
    if (k->threads != r->threads)
        return k->threads < r->threads ? -1 : 1;
    return k->ranks < r->ranks ? -1 : k->ranks > r->ranks;
}

static row_key key_of(const result_record *r)
{
    return (row_key){r->machine, r->kernel, r->variant, r->size, r->threads, r->ranks};
}

static int by_key(const void *a, const void *b)
{
    const result_record *x = *(const result_record *const *)a, *y = *(const result_record *const *)b;
    row_key kx = key_of(x);
    int c = cmp_key(&kx, y, 6);
    return c ? c : (x < y ? -1 : x > y); /* rows are one array: file order */
}

static int by_place(const void *a, const void *b)
{
    const result_record *x = *(const result_record *const *)a, *y = *(const result_record *const *)b;
    return x < y ? -1 : x > y;
}

bool row_index_build(row_index *ix, const result_record *rows, size_t n, bool (*keep)(const result_record *))
{
    ix->n = 0;
    ix->at = malloc((n ? n : 1) * sizeof *ix->at);
    if (!ix->at)
        return false;
    for (size_t i = 0; i < n; ++i)
        if (!keep || keep(&rows[i]))
            ix->at[ix->n++] = &rows[i];
    qsort(ix->at, ix->n, sizeof *ix->at, by_key);
    return true;
}

void row_index_free(row_index *ix)
{
    free(ix->at);
    ix->at = NULL;
    ix->n = 0;
}

/* The first place whose row is not below the key (compared to depth). */
static size_t lower_bound(const row_index *ix, const row_key *k, int depth)
{
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_key(k, ix->at[mid], depth) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t row_index_range(const row_index *ix, const char *machine, const char *kernel, const char *variant, size_t *first)
{
    row_key k = {machine, kernel, variant, 0, 0, 0};
    size_t lo = lower_bound(ix, &k, 3), hi = lo;
    while (hi < ix->n && cmp_key(&k, ix->at[hi], 3) == 0)
        ++hi;
    *first = lo;
    return hi - lo;
}

const result_record *row_index_find(const row_index *ix, const char *machine, const char *kernel, const char *variant,
                                    unsigned long long size, int threads, int ranks)
{
    row_key k = {machine, kernel, variant, size, threads, ranks};
    size_t at = lower_bound(ix, &k, 6);
    return at < ix->n && cmp_key(&k, ix->at[at], 6) == 0 ? ix->at[at] : NULL;
}

void row_index_file_order(const result_record **at, size_t n) { qsort(at, n, sizeof *at, by_place); }
