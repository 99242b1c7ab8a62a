/* The compute kernels linked into parbench, in the order `parbench list` shows them: a
 * new kernel is one line in glue/kernel_list.c (its folder in kernels/, its glue file
 * here). The I/O drivers are listed in io/drivers.c, the demos in demo/demo_command.c. */
#ifndef PARBENCH_KERNEL_LIST_H
#define PARBENCH_KERNEL_LIST_H

#include "core/kernel.h"

extern const kernel_desc *const parbench_kernels[];
/* The compute kernel called name; NULL if none. */
const kernel_desc *kernel_find(const char *name);

#endif
