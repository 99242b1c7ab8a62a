/* Internals of the blocked algorithm (Goto/BLIS style) shared by gemm.c and omp.c.
 *
 * Loop nest, outermost first, for row-major C (m x n) += A (m x k) * B (k x n):
 *   jc: columns of C in steps of NC   -> B block kc x nc packed once, lives in L3
 *   pc: the k dimension in steps of KC
 *   ic: rows of C in steps of MC      -> A block mc x kc packed, lives in L2
 *   jr: NR-wide micro-panels of B     -> one B micro-panel kc x NR is reused ...
 *   ir: MR-tall micro-panels of A     -> ... by each A micro-panel of the block
 *   micro-kernel: an MR x NR tile of C held in registers over the whole kc loop.
 * Vectors run along j (contiguous in row-major C and in packed B); A entries are
 * broadcast. Partial panels are zero-padded when packed, so the micro-kernel always
 * computes a full tile and only the store to C knows about edges. */
#ifndef PARBENCH_MATMUL_GEMM_INTERNAL_H
#define PARBENCH_MATMUL_GEMM_INTERNAL_H

/* A portable build (PARBENCH_NATIVE=OFF, x86-64) compiles the blocked algorithm's files
 * once per ISA, with MM_ISA a suffix (_base, _avx2, _avx512) that renames every function
 * they define, public ones included (this header comes before matmul.h); dispatch.c
 * then calls the copy for the CPU it runs on. Elsewhere the names are as written. */
#ifdef MM_ISA
#define MM_CAT2(a, b) a##b
#define MM_CAT(a, b) MM_CAT2(a, b)
#define mm_pack_a MM_CAT(mm_pack_a, MM_ISA)
#define mm_pack_b MM_CAT(mm_pack_b, MM_ISA)
#define mm_micro_kernel MM_CAT(mm_micro_kernel, MM_ISA)
#define mm_macro_kernel MM_CAT(mm_macro_kernel, MM_ISA)
#define mm_buffer MM_CAT(mm_buffer, MM_ISA)
#define mm_release_buffers MM_CAT(mm_release_buffers, MM_ISA)
#define mm_gemm_progress MM_CAT(mm_gemm_progress, MM_ISA)
#define mm_gemm_omp MM_CAT(mm_gemm_omp, MM_ISA)
#define mm_gemm_workspace_bytes MM_CAT(mm_gemm_workspace_bytes, MM_ISA)
#define mm_tile MM_CAT(mm_tile, MM_ISA)
#endif

#include <stdbool.h>
#include <stddef.h>

#include "common/pages.h"

/* Register tile: MR rows x NR columns = MR * NR / VW accumulators of VW doubles, sized
 * for the vector registers the compiler may use (the build's -march):
 *   AVX-512: 14 x 16 in zmm, 28 of the 32 registers (+2 for B, 1 for a broadcast);
 *   AVX/AVX2: 6 x 8 in ymm, 12 of the 16 (+2 for B, 1 for a broadcast), the shape of
 *     BLIS's Haswell kernel;
 *   otherwise (SSE2, NEON): 6 x 4 in 128-bit registers.
 * One shape for every ISA does not work: 14 x 16 built for AVX2 (56 ymm accumulators in
 * 16 registers) ran at 1.25 GFLOP/s on the Zen 5 VM, where the 6 x 8 tile runs at
 * about half the AVX-512 speed, as the ISA allows. */
#if defined(__AVX512F__)
#define MM_VW 8
#define MM_MR 14
#define MM_NR 16
#elif defined(__AVX__)
#define MM_VW 4
#define MM_MR 6
#define MM_NR 8
#else
#define MM_VW 2
#define MM_MR 6
#define MM_NR 4
#endif
/* Cache blocks, tuned on a Sapphire Rapids core (48 KiB L1d, 2 MiB L2) against
 * OpenBLAS at n = 1024 and 2048 (a sweep of KC 128..768 x MC 28..896 moved the
 * ratio from 0.66 to 0.90; unrolling the micro-kernel's k loop took it to ~0.95) and
 * checked again on Zen 5 (KC 384..1024, MC 112: within the noise; README).
 * A long kc matters most: the C tile is loaded and stored once per kc iterations,
 * and at power-of-two n its rows share cache sets. A short mc (4 A micro-panels, ~220
 * KiB, L2; 9 of the 6-row ones) won over L2-filling blocks: the B micro-panel is then
 * reused from L1/L2 right away, and the kc x nc B block (8 MiB) streams from L3 with
 * the hardware prefetchers' help. The AVX2 tile keeps them (built for AVX2 on Zen 5, 3
 * interleaved rounds at n = 2048: KC 256 cost 8% on 2 threads; MC 24 and 108 were within
 * 3%). -D overrides are for tuning. */
#ifndef MM_KC
#define MM_KC 512
#endif
#ifndef MM_MC
#if MM_MR == 14
#define MM_MC 56 /* multiple of MR */
#else
#define MM_MC 54
#endif
#endif
#ifndef MM_NC
#define MM_NC 2048 /* multiple of NR */
#endif
_Static_assert(MM_MC % MM_MR == 0 && MM_NC % MM_NR == 0, "blocks must hold whole panels");
/* What one thread's A block may take, for the memory check's bound: the same on every
 * CPU (the AVX-512 block; the others' are smaller), so that a memory limit admits the
 * same runs wherever the build is made. */
#define MM_A_BLOCK_BOUND (MM_MC * MM_KC > 56 * 512 ? MM_MC * MM_KC : 56 * 512)

/* Pack rows [0, mc) x cols [0, kc) of A into MR-row micro-panels, each stored k-major
 * (MR consecutive values per k), zero-padding the last panel. */
void mm_pack_a(size_t mc, size_t kc, const double *A, size_t lda, double *Ap);
/* Pack micro-panels [first, last) (NR columns each) of the kc x nc block of B, each
 * stored k-major (NR consecutive values per k), zero-padding the last panel. Threads
 * pack disjoint ranges of one shared buffer. */
void mm_pack_b(size_t kc, size_t nc, const double *B, size_t ldb, double *Bp, size_t first,
               size_t last);

/* C tile (mr x nr, mr <= MR, nr <= NR) = or += Ap (MR x kc) * Bp (kc x NR); b_next, when
 * not NULL, is a B micro-panel (kc x NR) to fetch into L2 meanwhile. */
void mm_micro_kernel(size_t kc, const double *restrict Ap, const double *restrict Bp, double *restrict C,
                     size_t ldc, size_t mr, size_t nr, bool accumulate, const double *b_next);

/* The ic-block body: packed A block (mc x kc) times packed B block (kc x nc) into C. */
void mm_macro_kernel(size_t mc, size_t nc, size_t kc, const double *Ap, const double *Bp,
                     double *C, size_t ldc, bool accumulate);

/* 64-byte aligned buffer of at least `count` doubles (NULL when out of memory), in huge
 * pages when it is large (common/pages.h); free() releases it. */
static inline double *mm_alloc_doubles(size_t count) { return pages_alloc(count * sizeof(double)); }
/* The calling thread's packing buffer `which`, grown to at least `count` doubles and
 * kept for later calls (mm_release_buffers frees them); NULL when out of memory. */
enum { MM_BUF_A, MM_BUF_B, MM_BUF_COUNT };
double *mm_buffer(int which, size_t count);

static inline size_t mm_min(size_t a, size_t b) { return a < b ? a : b; }
static inline size_t mm_ceil_div(size_t a, size_t b) { return (a + b - 1) / b; }

#endif
