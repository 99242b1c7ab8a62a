/* The contract between the harness and each benchmark (RAJAPerf style): a kernel is
 * described once here, its variants only say how the timed body runs. The harness owns
 * timing, repetitions, statistics, MPI reduction of times and the results row; the
 * per-kernel driver file (drivers/kernel_<name>.c) owns set-up, the call into kernels/,
 * verification and the result string. */
#ifndef PARBENCH_KERNEL_H
#define PARBENCH_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct result_record;

/* How a variant is executed, which decides what the harness does around it. */
typedef enum {
    EXEC_SERIAL = 0,   /* one thread, rank 0 only */
    EXEC_THREADS = 1,  /* OpenMP threads, rank 0 only */
    EXEC_MPI = 2,      /* every rank, one thread each */
    EXEC_HYBRID = 3,   /* every rank x OpenMP threads */
} exec_model;

typedef struct {
    const char *name;        /* "serial", "omp", "mpi", "hybrid", "naive", "blas", ... */
    exec_model model;
    bool available;          /* false when the build lacks what it needs (MPI, BLAS) */
    const char *unavailable_why;
} variant_desc;

/* Everything one timed run needs; filled by the driver from the validated options. */
typedef struct bench_ctx {
    uint64_t size;           /* --size */
    uint64_t seed;           /* --seed */
    int threads;             /* OpenMP threads per rank (1 for serial/mpi) */
    int ranks, rank;         /* MPI world size and rank; 1 and 0 without MPI */
    void *comm;              /* MPI_Comm * for EXEC_MPI/EXEC_HYBRID, else NULL */
    const variant_desc *variant;
    unsigned flags;          /* bit i set when --<kernel_desc.flags[i]> was given */
    const void *params;      /* driver-specific parameters (I/O drivers), or NULL */
    void *state;             /* owned by the kernel driver between setup and teardown */
} bench_ctx;

/* Status codes shared by every callback, matching the exit codes. */
enum { PB_OK = 0, PB_VERIFY_FAILED = 1, PB_BAD_INPUT = 2, PB_RUNTIME_ERROR = 3 };

typedef struct kernel_desc {
    const char *name;        /* the KERNEL of `parbench run KERNEL` */
    const char *summary;     /* one line for `parbench list` */
    const char *size_meaning;/* "samples", "matrix order n", "upper limit N" */
    const char *unit;        /* throughput unit, e.g. "Msamples/s" */
    const variant_desc *variants; /* terminated by an entry with name == NULL */
    uint64_t default_size, min_size, max_size;
    const char *reference_variant; /* e.g. "blas": tables show "% of" it when it ran; or NULL */
    const char *const *flags;/* kernel-specific boolean options (e.g. "gather"), NULL-terminated, or NULL */
    /* work(size) / seconds = throughput in `unit` */
    double (*work)(uint64_t size);
    /* Allocate and initialise (untimed). Check memory before allocating.
     * Returns PB_OK, PB_BAD_INPUT (with a one-line reason in err) or PB_RUNTIME_ERROR;
     * on failure it frees what it allocated (teardown is called only after PB_OK). */
    int (*setup)(bench_ctx *ctx, char *err, size_t errlen);
    /* The timed body, run warmup + reps times. Must leave what verify needs. */
    void (*run)(bench_ctx *ctx);
    /* After the timed runs, on every rank (collective for MPI variants): write the exact
     * answer into result and return PB_OK or PB_VERIFY_FAILED (with the reason in err). */
    int (*verify)(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen);
    void (*teardown)(bench_ctx *ctx);
    /* Optional, rank 0 only, after the statistics: fill driver-specific columns of the
     * record (e.g. effective concurrency from rec->time_s), or set verified = false for
     * a result that is wrong on purpose (the race demo). May be NULL. */
    void (*annotate)(const bench_ctx *ctx, struct result_record *rec);
    /* True when its threads only wait (the io latency client): more threads than cores
     * is then the point, not oversubscription. */
    bool threads_wait;
} kernel_desc;

/* All kernels linked into parbench (drivers/registry.c). */
extern const kernel_desc *const parbench_kernels[];
const kernel_desc *kernel_find(const char *name);
const variant_desc *kernel_variant(const kernel_desc *k, const char *name);

#endif
