/* The contract between the harness and each benchmark (RAJAPerf style): a kernel is
 * described once, in one kernel_desc: its name, sizes and unit, the work, FLOPs and
 * bytes of one repetition, its options, and a table of variants, each with the function
 * that runs its timed body. The harness owns timing, repetitions, statistics, the MPI
 * reduction of times and the result record; the glue file (drivers/glue/<name>.c, or
 * the I/O driver or demo file) owns set-up, the call into kernels/, verification and
 * the result string.
 *
 * Adding a kernel: a folder kernels/<name>/ (pure computation), one glue file
 * drivers/glue/<name>.c that defines `const kernel_desc <name>_kernel` (with its
 * compute_facts), and one line in drivers/glue/kernel_list.c. */
#ifndef PARBENCH_KERNEL_H
#define PARBENCH_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

struct result_record;
struct opt_spec;
struct bench_ctx;

/* How a variant is executed, which decides what the harness does around it. */
typedef enum {
    EXEC_SERIAL = 0,   /* one thread, rank 0 only */
    EXEC_THREADS = 1,  /* OpenMP threads, rank 0 only */
    EXEC_MPI = 2,      /* every rank, one thread each */
    EXEC_HYBRID = 3,   /* every rank x OpenMP threads */
} exec_model;

typedef struct variant_desc {
    const char *name;        /* "serial", "omp", "mpi", "hybrid", "naive", "blas", ... */
    exec_model model;
    bool available;          /* false when the build lacks what it needs (MPI, BLAS) */
    const char *unavailable_why;
    void (*run)(struct bench_ctx *ctx); /* the timed body: one repetition */
    /* A reference phase (an I/O driver's compute-alone or communication-alone run):
     * timed like any variant, never chosen by name, not shown as a row or written to
     * the CSV; the driver's annotate reads its time. */
    bool reference;
    /* A check at run time, or NULL: whether this host lets the variant run (a kernel
     * that refuses io_uring), false with the reason. Such a variant is unusable, so
     * `--mode all` leaves it out instead of failing. */
    bool (*usable_here)(const char **why);
} variant_desc;

/* Everything one timed run needs; filled by the harness from the plan's step. */
typedef struct bench_ctx {
    uint64_t size;           /* --size (or the driver's size option) */
    uint64_t seed;           /* --seed */
    int threads;             /* OpenMP threads per rank (1 for serial and mpi variants) */
    int ranks, rank;         /* MPI world size and rank; 1 and 0 for rank-0-only variants */
    void *comm;              /* MPI_Comm * for EXEC_MPI/EXEC_HYBRID, else NULL */
    const variant_desc *variant;
    int reps;                /* timed repetitions of this run */
    const void *params;      /* the kernel's own option values (kernel_options.params_size bytes), or NULL */
    void *state;             /* owned by the glue between setup and teardown */
} bench_ctx;


/* A kernel's own options and the parameter struct they fill (matmul's --gather, an I/O
 * driver's --latency): a compute kernel or an I/O driver may have them; a demo has
 * none (demo/demo_command.c sets its parameters in code). The harness hands the struct
 * to every call as bench_ctx.params. */
typedef struct kernel_options {
    /* NULL-terminated; each value at its offset in a params struct of params_size bytes,
     * filled by defaults first (NULL: all zero) */
    const struct opt_spec *table;
    size_t params_size;
    void (*defaults)(void *params);
    /* Optional: the values together, once all are parsed (before MPI starts), also
     * against the results file csv (NULL if none; a driver that writes files must never
     * touch it): PB_OK or PB_BAD_INPUT with err. */
    int (*check)(void *params, const char *csv, char *err, size_t errlen);
    /* Optional: one line about the parameters under the table's title. */
    void (*describe)(const void *params, char *buf, size_t len);
} kernel_options;

/* What only the compute kernels of the suite (parbench_kernels[]) need: how the sweeps,
 * --size auto, the tables and the lab's score choose and compare their sizes. */
typedef struct compute_facts {
    /* The sweeps' size classes (scripts/sweep.sh --size-class tiny|small|medium|large:
     * tiny checks that it runs; the others grow tenfold in work), 0: no such class. The
     * scripts read them, with work_power, from `parbench list --json`. */
    uint64_t size_class[4];
    /* The work grows as size^work_power (matmul's n: 3; samples, numbers: 1): weak
     * scaling multiplies the size by workers^(1/work_power), so each worker keeps its
     * share. 0 counts as 1. */
    int work_power;
    /* The sizes --size auto tries, ascending, 0-terminated; NULL: 1, 2, 5 x 10^k from
     * min_size to max_size. */
    const uint64_t *size_ladder;
    const char *reference_variant; /* e.g. "blas": tables show "% of" it when it ran; or NULL */
    /* Why its throughput may be compared across sizes (every unit of work costs the same
     * whatever the size: no data grows with it), or NULL: compare it at one size only
     * (cache fit and the work per element change with the size). `parbench compare`
     * says which in its page. */
    const char *size_free_why;
} compute_facts;

/* One description for every role: compute kernels (drivers/glue), I/O drivers
 * (drivers/io) and demos (drivers/demo). It holds what the harness, the plan and the
 * table read of any kernel; what one role alone has is in the sub-structs above
 * (NULL where the role has none). The I/O drivers' own facts (where the size and the
 * threads are in their parameters, what their modes' summary shows) are in io/io.h's
 * io_driver, which points at its kernel_desc: only the io command reads them. */
typedef struct kernel_desc {
    const char *name;        /* the KERNEL of `parbench run KERNEL` (and the CSV's kernel column) */
    const char *summary;     /* one line for `parbench list` */
    const char *size_meaning;/* "samples", "matrix order n", "upper limit N" */
    const char *unit;        /* throughput unit, e.g. "Msamples/s" */
    const variant_desc *variants; /* terminated by an entry with name == NULL */
    const char *default_variants; /* chosen when none are given ("serial,omp") */
    uint64_t default_size, min_size, max_size;

    const kernel_options *options; /* its own options, or NULL */
    /* A compute kernel's; NULL for the I/O drivers, the demos and peak (`parbench peak`
     * runs it alone: no sweep, calibration or score). */
    const compute_facts *compute;

    /* Per repetition: work in units of `unit` x seconds (so throughput = work / time),
     * and, where they mean something, floating-point operations and bytes moved
     * between the cores and memory (NULL otherwise: no roofline point; io-overlap's
     * stencil has one too). */
    double (*work)(const bench_ctx *ctx);
    double (*flops)(const bench_ctx *ctx);
    double (*bytes)(const bench_ctx *ctx);

    /* Allocate and initialise (untimed). Check memory before allocating.
     * Returns PB_OK, PB_BAD_INPUT (with a one-line reason in err) or PB_RUNTIME_ERROR;
     * on failure it frees what it allocated (teardown is called only after PB_OK). */
    int (*setup)(bench_ctx *ctx, char *err, size_t errlen);
    /* After the timed runs, on every rank (collective for MPI variants): write the exact
     * answer into result and return PB_OK or PB_VERIFY_FAILED (with the reason in err). */
    int (*verify)(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen);
    /* Frees what setup made; NULL: state is one block, freed with free(). */
    void (*teardown)(bench_ctx *ctx);
    /* Optional, rank 0 only, after the statistics: fill the driver's own named fields of
     * the record (requests in flight, overlap %) from it, the parameters and the records
     * of the steps before it in the same plan (its reference phases), or set verified =
     * false for a result that is wrong on purpose (the race demo). */
    void (*annotate)(const bench_ctx *ctx, struct result_record *rec, const struct result_record *earlier,
                     size_t nearlier);
    /* Optional: the answer as the table shows it (the pi estimate with its error; the
     * timeline demo's computing case); the CSV keeps `result` as it is. */
    void (*show_result)(const struct result_record *rec, char *buf, size_t len);
    /* How the harness reads its CPU figures. True when its runs wait by design (the I/O
     * drivers, the waiting demos): few cores busy then says nothing about starved
     * workers. threads_wait: its threads only wait (the io latency client, a thread per
     * server client): more threads than cores is then the point, not oversubscription. */
    bool waits;
    bool threads_wait;
    /* The shortest median that measures the kernel rather than its start-up (threads
     * woken, pages touched, the clock): a run below it is flagged `tiny`. 0: no check. */
    double min_time;        /* (the compute kernels: KERNEL_MIN_TIME) */
    /* Optional: the bytes a step needs on its node (all its ranks there), from size,
     * threads, ranks and params of ctx: checked against the available memory before
     * any step runs, and printed by --dry-run. NULL: negligible. */
    uint64_t (*memory)(const bench_ctx *ctx);
} kernel_desc;

/* "serial", "threads", "mpi", "hybrid": the CSV's model column. */
const char *exec_model_name(exec_model m);

/* 0.1 s: below it a compute kernel's run is mostly thread wake-up, page faults and the
 * clock (seen here: a 54 ms Monte Carlo run read 0.98x on 2 cores, 2.0x at 1 s). */
#define KERNEL_MIN_TIME 0.1

/* The variant called name, references included; NULL if none. */
const variant_desc *kernel_variant(const kernel_desc *k, const char *name);
/* Whether this build can run the variant (false, with *why, without MPI or BLAS, or a
 * threaded variant in a SimGrid build). */
bool variant_usable(const variant_desc *v, const char **why);
/* The variants a user may choose, as "a, b, c" (for messages). */
void kernel_variant_names(const kernel_desc *k, char *buf, size_t len);

#endif
