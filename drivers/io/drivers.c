/* The I/O-simulation drivers, in the order `parbench list` shows them. Separate from
 * parbench_kernels[], which holds the compute kernels only. */
#include <string.h>

#include "io/io.h"

extern const io_driver io_latency_driver, io_overlap_driver, io_checkpoint_driver, io_server_driver;

const io_driver *const io_drivers[] = {&io_latency_driver, &io_overlap_driver, &io_checkpoint_driver, &io_server_driver, NULL};

const io_driver *io_driver_find(const char *name)
{
    for (const io_driver *const *d = io_drivers; *d; ++d)
        if (strcmp((*d)->name, name) == 0)
            return *d;
    return NULL;
}
