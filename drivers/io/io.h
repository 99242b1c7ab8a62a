/* The I/O-simulation drivers (`parbench io DRIVER`): the concurrency half of the suite.
 * Each driver is a kernel_desc like the compute kernels (its variants are the modes,
 * run by the same harness into the same CSV), plus what the io command line needs:
 * driver-specific options parsed into a parameter struct that bench_ctx.params points
 * at. They are kept out of parbench_kernels[], which lists the compute kernels. */
#ifndef PARBENCH_IO_H
#define PARBENCH_IO_H

#include <stddef.h>
#include <stdint.h>

#include "core/kernel.h"
#include "output/results.h"

/* The head of every driver's parameter struct, filled by the io command line. */
typedef struct {
    uint64_t size;   /* requests / cells per rank / doubles per rank */
    int reps;        /* --reps, for drivers that time reference runs of their own */
    uint64_t seed;
    uint64_t threads; /* client threads of EXEC_THREADS modes (1 otherwise) */
} io_common;

typedef enum {
    IO_OPT_UINT,   /* plain integer in [min, max] */
    IO_OPT_SIZE,   /* 1e6, 2^20, ... in [min, max] */
    IO_OPT_MS,     /* milliseconds, a decimal number in [dmin, dmax] */
    IO_OPT_PATH,   /* a file path (const char *) */
    IO_OPT_FLAG,   /* no value (bool) */
} io_opt_kind;

typedef struct {
    const char *name;     /* the option without "--" */
    io_opt_kind kind;
    size_t offset;        /* of the uint64_t / double / const char * / bool in the params */
    uint64_t min, max;
    double dmin, dmax;
    const char *expect;   /* what is accepted, for messages: "a latency in milliseconds from 0 to 60000" */
    const char *help;     /* one line for --help */
} io_option;

typedef struct io_driver {
    const char *name;            /* the DRIVER of `parbench io DRIVER` */
    const kernel_desc *kernel;   /* its name is the CSV's kernel column: io-latency, ... */
    const io_option *options;    /* terminated by name == NULL; the first one is the size */
    const char *default_modes;   /* when --mode is not given */
    size_t params_size;          /* sizeof the parameter struct (<= IO_PARAMS_MAX) */
    void (*defaults)(void *params);
    /* Checks the options together once parsed (before MPI starts): PB_OK or PB_BAD_INPUT. */
    int (*check)(void *params, char *err, size_t errlen);
    /* Rank 0: one line of parameters under the table header. */
    void (*describe)(const void *params);
    /* Rank 0: after all modes ran, what they show side by side (may be NULL). */
    void (*summary)(const void *params, const result_record *recs, size_t n);
} io_driver;

#define IO_PARAMS_MAX 256

extern const io_driver *const io_drivers[];
const io_driver *io_driver_find(const char *name);

/* Sets one driver option in a parameter struct (filled by d->defaults first), as the
 * command line would: for other commands that run a driver (the io-vs-cpu demo). */
int io_params_set(const io_driver *d, void *params, const char *option, const char *value, char *err,
                  size_t errlen);

/* `parbench list`'s section on the I/O drivers. */
void io_list(void);

/* `parbench io ...`: argv[0] is "io". Returns the exit code. */
int io_main(int argc, char **argv);

#endif
