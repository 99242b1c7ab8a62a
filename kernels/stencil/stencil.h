/* The computation of the I/O drivers, kept out of drivers/ like every kernel:
 *  - a 5-point Jacobi stencil on a strip of columns (the overlap driver's field), with
 *    the serial reference over the whole periodic grid that verifies it bit for bit;
 *  - a pointwise map (the checkpoint driver's field), which makes a checkpoint's
 *    contents independent of how the field is split over ranks;
 *  - a checksum of 64-bit words, chainable across slices.
 *
 * Layout of a strip: column-major, `rows` doubles per column, with one ghost column on
 * each side: u[0 .. rows-1] is the left ghost, column c (0-based, owned) starts at
 * u[(c + 1) * rows], the right ghost follows the last owned column. A halo is therefore
 * one contiguous column: no packing before a send. Rows wrap around (periodic).
 *
 * Bit-identical results whatever the split: every cell is updated by the same
 * expression, (c + (n + s) + (w + e)) * 0.2, which has no multiply-add for the compiler
 * to contract into an FMA (and these files are built with -ffp-contract=off as well). */
#ifndef PARBENCH_STENCIL_H
#define PARBENCH_STENCIL_H

#include <stddef.h>
#include <stdint.h>

/* Owned cells [first, last) of a strip, counted column-major over the owned columns
 * (cell k is row k % rows of owned column k / rows), from u into out (same layout).
 * The neighbours of column 0 and of the last column are read from the ghosts. */
void stencil_cells(const double *u, double *out, size_t rows, size_t first, size_t last);

/* Owned columns [c0, c1) of a strip. */
void stencil_columns(const double *u, double *out, size_t rows, size_t c0, size_t c1);

/* Fills `cols` owned columns with the initial field, a function of the global column
 * index (first_col + c) and row only, so any split of a grid starts from the same data. */
void stencil_init(double *u, size_t rows, size_t cols, uint64_t first_col, uint64_t seed);

/* The reference: `iters` steps over a whole grid of `cols` columns, periodic in both
 * directions (the ring of ranks closed on itself). u and tmp are strips with ghosts;
 * the answer ends up in u. */
void stencil_serial(double *u, double *tmp, size_t rows, size_t cols, unsigned iters);

/* The checkpoint field: `steps` applications of the logistic map x -> 3.9 x (1 - x),
 * 4 times per step, to every element; chaotic, so one wrong bit anywhere shows. */
void field_init(double *x, size_t n, uint64_t first_index, uint64_t seed);
void field_step(double *x, size_t n);
/* The same step from src into dst (a writer may still be reading src meanwhile). */
void field_step_from(const double *restrict src, double *restrict dst, size_t n);

/* FNV-1a over 64-bit words (their bit patterns), continuing from h; start with
 * CHECKSUM_START. checksum(a ++ b) == checksum(b, checksum(a)). */
#define CHECKSUM_START 0xcbf29ce484222325ull
uint64_t checksum_words(const void *data, size_t nwords, uint64_t h);

#endif
