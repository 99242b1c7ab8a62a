/* Dense matrix multiply C = A * B for square double matrices (row-major, order n).
 *
 * Exact verification: A and B hold small integers in [-4, 4] drawn from a hash of
 * (seed, matrix, i, j), so every product and every partial sum is an integer far below
 * 2^53 and any summation order (blocking, threads, ranks, BLAS) gives the same C bit
 * for bit. The checksum sum(C) therefore equals its closed form
 * sum_k (sum_i A_ik)(sum_j B_kj) exactly, and Freivalds' check A(Br) == Cr with an
 * integer vector r is exact too. */
#ifndef PARBENCH_MATMUL_H
#define PARBENCH_MATMUL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest n for which the checks stay exact (16 n^2 2^20 < 2^53). */
#define MM_MAX_N 16384u

/* ---- Inputs (fill.c) ---- */
enum { MM_A = 0, MM_B = 1 };
/* Entry (i, j) of matrix `which` (MM_A or MM_B): an integer in [-4, 4]. */
double mm_entry(uint64_t seed, int which, uint64_t i, uint64_t j);
/* The rows x cols block of `which` starting at global (row0, col0), into M (leading
 * dimension ld). Used for the whole matrix and for a rank's block alike. */
void mm_fill(uint64_t seed, int which, size_t row0, size_t col0, size_t rows, size_t cols,
             double *M, size_t ld);

/* ---- Verification (verify.c) ---- */
/* sum(C) predicted from A and B alone: sum_k (sum_i A_ik)(sum_j B_kj). O(n^2). */
double mm_checksum_expected(uint64_t seed, size_t n);
/* sum of a rows x cols block; exact because the entries are integers. */
double mm_checksum(size_t rows, size_t cols, const double *C, size_t ld);
/* r_j for Freivalds' check: an integer in [1, 2^20]; never 0, so that one wrong
 * element is always caught. */
double mm_freivalds_r(uint64_t seed, uint64_t j);
/* True when every entry of the block is an integer of magnitude <= 16n (the products of
 * the check are then exact). */
bool mm_entries_plausible(size_t rows, size_t cols, const double *C, size_t ld, size_t n);
/* Freivalds' check of the whole product: true when A(Br) == Cr exactly. O(n^2). */
bool mm_freivalds(size_t n, const double *A, const double *B, const double *C, uint64_t seed);

/* ---- Variants. All compute C = A * B, overwriting C (n x n, leading dimension n).
 * Those that allocate packing buffers return false (C undefined) when that fails. ---- */
void mm_naive(size_t n, const double *A, const double *B, double *C);
bool mm_serial(size_t n, const double *A, const double *B, double *C);
bool mm_omp(size_t n, const double *A, const double *B, double *C, int threads);
/* cblas_dgemm with OpenBLAS limited to `threads` (blas.c, built only with a CBLAS);
 * false when the OpenBLAS library could not be loaded. */
bool mm_blas(size_t n, const double *A, const double *B, double *C, int threads);

/* ---- The blocked algorithm behind serial/omp/mpi/hybrid (gemm.c, omp.c) ----
 * C (m x n) = A (m x k) * B (k x n), or C += A * B when accumulate is true; all
 * row-major with leading dimensions. False when the packing buffers could not be
 * allocated. */
bool mm_gemm(size_t m, size_t n, size_t k, const double *A, size_t lda, const double *B,
             size_t ldb, double *C, size_t ldc, bool accumulate);
/* mm_gemm that also calls progress(arg) after each mc-row block (about a millisecond
 * of work apart): SUMMA uses it to let MPI move the next panel while this one is
 * multiplied, since a receive only advances while its rank is inside the library. */
typedef void (*mm_progress_fn)(void *arg);
bool mm_gemm_progress(size_t m, size_t n, size_t k, const double *A, size_t lda, const double *B,
                      size_t ldb, double *C, size_t ldc, bool accumulate, mm_progress_fn progress,
                      void *arg);
bool mm_gemm_omp(size_t m, size_t n, size_t k, const double *A, size_t lda,
                 const double *B, size_t ldb, double *C, size_t ldc, bool accumulate,
                 int threads);
/* Most bytes of packing buffers mm_gemm/mm_gemm_omp allocate with `threads` threads
 * (the memory check adds this to the matrices). */
size_t mm_gemm_workspace_bytes(int threads);
/* The packing buffers stay allocated between calls, per calling thread, so that
 * repeated products do not fault fresh pages in; this frees the caller's. */
void mm_release_buffers(void);

/* The register tile the blocked algorithm runs here: its vector code and MR x NR, e.g.
 * "avx512 14x16". A native build's is the build's; a portable x86-64 build carries three
 * and takes the widest this CPU runs (dispatch.c). */
const char *mm_tile(void);

/* [begin, end) of part w of [0, n) split into p contiguous parts whose sizes differ by
 * at most one. Used for the process grid. */
void mm_partition(size_t n, int p, int w, size_t *begin, size_t *end);

#endif
