/* Rows of a kernel's variant table (kernel.h), so that what a build lacks is said in
 * one place: a variant every build has, one that needs MPI, one that needs a CBLAS or liburing.
 * In a build without MPI (BLAS, liburing) the run function is not compiled: the row keeps
 * the variant listed, unavailable, with the reason. */
#ifndef PARBENCH_VARIANTS_H
#define PARBENCH_VARIANTS_H

#include "core/kernel.h"
#include "parbench_config.h"

#define NO_MPI_WHY "this parbench was built without MPI (install libopenmpi-dev and rebuild)"
#define NO_BLAS_WHY "this parbench was built without a CBLAS (install libopenblas-dev and rebuild)"
#define NO_URING_WHY "this parbench was built without liburing (install liburing-dev and rebuild)"

#if PARBENCH_HAVE_MPI
#define MPI_RUN(fn) fn
#else
#define MPI_RUN(fn) NULL
#endif
#if PARBENCH_HAVE_URING
#define URING_RUN(fn) fn
#else
#define URING_RUN(fn) NULL
#endif
#if PARBENCH_HAVE_MPI && PARBENCH_HAVE_URING
#define MPI_URING_RUN(fn) fn
#else
#define MPI_URING_RUN(fn) NULL
#endif
#if PARBENCH_HAVE_BLAS
#define BLAS_RUN(fn) fn
#else
#define BLAS_RUN(fn) NULL
#endif

#if PARBENCH_HAVE_URING
/* io/uring.c: whether this kernel lets a ring be set up (once, cached) */
bool uring_usable_here(const char **why);
#define URING_CHECK uring_usable_here
#else
#define URING_CHECK NULL
#endif

#define VARIANT(name, model, run) {name, model, true, NULL, run, false, NULL}
#define MPI_VARIANT(name, model, run) {name, model, PARBENCH_HAVE_MPI, NO_MPI_WHY, MPI_RUN(run), false, NULL}
#define BLAS_VARIANT(name, model, run) {name, model, PARBENCH_HAVE_BLAS, NO_BLAS_WHY, BLAS_RUN(run), false, NULL}
#define URING_VARIANT(name, model, run)                                                                             \
    {name, model, PARBENCH_HAVE_URING, NO_URING_WHY, URING_RUN(run), false, URING_CHECK}
/* an MPI mode that also needs liburing: the reason names what is missing first */
#define MPI_URING_VARIANT(name, model, run)                                                                         \
    {name, model, PARBENCH_HAVE_MPI && PARBENCH_HAVE_URING, PARBENCH_HAVE_MPI ? NO_URING_WHY : NO_MPI_WHY,         \
     MPI_URING_RUN(run), false, URING_CHECK}
/* An I/O driver's reference phase (kernel.h: timed, never chosen or shown). */
#define MPI_REFERENCE(name, run) {name, EXEC_MPI, PARBENCH_HAVE_MPI, NO_MPI_WHY, MPI_RUN(run), true, NULL}
#define VARIANTS_END {NULL, 0, false, NULL, NULL, false, NULL}

#endif
