#include "stencil.h"

#include <string.h>

/* One cell. n/s wrap around the column (periodic rows); w/e are the same row of the
 * neighbouring columns, which for the outer owned columns are the ghosts. */
static inline double update(const double *col, const double *west, const double *east, size_t r, size_t rows)
{
    double n = col[r == 0 ? rows - 1 : r - 1];
    double s = col[r + 1 == rows ? 0 : r + 1];
    return (col[r] + (n + s) + (west[r] + east[r])) * 0.2;
}

/* Rows [r0, r1) of one owned column c (strip column c + 1). The first and last rows
 * wrap; the rows in between are a straight loop the compiler vectorises. */
static void column_range(const double *u, double *out, size_t rows, size_t c, size_t r0, size_t r1)
{
    const double *col = u + (c + 1) * rows, *west = col - rows, *east = col + rows;
    double *dst = out + (c + 1) * rows;
    size_t r = r0;
    if (r < r1 && r == 0)
        dst[r] = update(col, west, east, r, rows), ++r;
    size_t mid_end = r1 < rows - 1 ? r1 : rows - 1;
    for (; r < mid_end; ++r)
        dst[r] = (col[r] + (col[r - 1] + col[r + 1]) + (west[r] + east[r])) * 0.2;
    for (; r < r1; ++r)
        dst[r] = update(col, west, east, r, rows);
}

void stencil_cells(const double *u, double *out, size_t rows, size_t first, size_t last)
{
    while (first < last) {
        size_t c = first / rows, r0 = first % rows;
        size_t r1 = (last - c * rows) < rows ? last - c * rows : rows;
        column_range(u, out, rows, c, r0, r1);
        first = c * rows + r1;
    }
}

void stencil_columns(const double *u, double *out, size_t rows, size_t c0, size_t c1)
{
    for (size_t c = c0; c < c1; ++c)
        column_range(u, out, rows, c, 0, rows);
}

/* splitmix64: a well-mixed 64-bit value from a counter. */
static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* A double in [0, 1) with 53 random bits. */
static double unit(uint64_t x) { return (double)(mix(x) >> 11) * 0x1p-53; }

void stencil_init(double *u, size_t rows, size_t cols, uint64_t first_col, uint64_t seed)
{
    for (size_t c = 0; c < cols; ++c)
        for (size_t r = 0; r < rows; ++r)
            u[(c + 1) * rows + r] = unit(seed ^ mix((first_col + c) * (uint64_t)rows + r));
}

void stencil_serial(double *u, double *tmp, size_t rows, size_t cols, unsigned iters)
{
    size_t bytes = rows * sizeof *u;
    for (unsigned it = 0; it < iters; ++it) {
        memcpy(u, u + cols * rows, bytes);                /* left ghost = last column */
        memcpy(u + (cols + 1) * rows, u + rows, bytes);   /* right ghost = first column */
        stencil_columns(u, tmp, rows, 0, cols);
        double *t = u;
        u = tmp;
        tmp = t;
    }
    if (iters % 2) /* the answer is in the caller's tmp: move it to u */
        memcpy(tmp + rows, u + rows, cols * bytes);
}

void field_init(double *x, size_t n, uint64_t first_index, uint64_t seed)
{
    /* (0.05, 0.95): away from the map's fixed points 0 and 1 - 1/3.9 */
    for (size_t i = 0; i < n; ++i)
        x[i] = 0.05 + 0.9 * unit(seed ^ mix(first_index + i));
}

static inline double field_map(double v)
{
    for (int k = 0; k < 4; ++k)
        v = (3.9 * v) * (1.0 - v);
    return v;
}

void field_step(double *x, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        x[i] = field_map(x[i]);
}

void field_step_from(const double *restrict src, double *restrict dst, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        dst[i] = field_map(src[i]);
}

uint64_t checksum_words(const void *data, size_t nwords, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < nwords; ++i) {
        uint64_t w;
        memcpy(&w, p + 8 * i, 8);
        h = (h ^ w) * 0x100000001b3ull;
    }
    return h;
}
