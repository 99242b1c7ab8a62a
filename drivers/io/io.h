/* The I/O-simulation drivers (`parbench io DRIVER`): the concurrency half of the suite.
 * Each driver is a kernel_desc like the compute kernels: its variants are the modes,
 * its options (kernel_options: a parameter struct of its own, which bench_ctx.params
 * points at) are declared in its own table, and its runs go through the same runner,
 * table and CSV. They are kept out of parbench_kernels[], which lists the compute
 * kernels. */
#ifndef PARBENCH_IO_H
#define PARBENCH_IO_H

#include <stddef.h>
#include <stdint.h>

#include "core/kernel.h"

struct result_record;

/* What the io command alone needs of a driver, beside its kernel_desc. The parameter
 * struct is the driver's own, read only through its own functions: the command never
 * assumes its layout. */
typedef struct io_driver {
    const char *name;            /* the DRIVER of `parbench io DRIVER` */
    const kernel_desc *kernel;   /* its name is the CSV's kernel column: io-latency, ... */
    /* The size of every mode's run, as its first option set it (requests, cells or
     * doubles per rank: `parbench list` names that option). */
    uint64_t (*size_from)(const void *params);
    /* The threads of its EXEC_THREADS and EXEC_HYBRID modes (a client thread per
     * connection); NULL: it has no such option, and they run one. */
    uint64_t (*threads_from)(const void *params);
    /* Optional, rank 0: what the modes show side by side, after the table. */
    void (*summarize)(const void *params, const struct result_record *recs, size_t n);
} io_driver;

#define IO_PARAMS_MAX 256

extern const io_driver *const io_drivers[];
const io_driver *io_driver_find(const char *name);

/* `parbench list`'s section on the I/O drivers. */
void io_list(void);

/* `parbench io ...`: argv[0] is "io". Returns the exit code. */
int io_main(int argc, char **argv);

#endif
