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

/* The head of every driver's parameter struct: its first option sets size, and a
 * driver with a threads mode takes --threads into threads. */
typedef struct {
    uint64_t size;    /* requests / cells per rank / doubles per rank */
    uint64_t threads; /* client threads of EXEC_THREADS modes (1 otherwise) */
} io_common;

struct result_record;

/* What the io command alone needs of a driver, beside its kernel_desc. */
typedef struct io_driver {
    const char *name;            /* the DRIVER of `parbench io DRIVER` */
    const kernel_desc *kernel;   /* its name is the CSV's kernel column: io-latency, ... */
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
