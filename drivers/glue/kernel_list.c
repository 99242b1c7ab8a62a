#include "glue/kernel_list.h"

#include <string.h>

extern const kernel_desc montecarlo_kernel;
extern const kernel_desc matmul_kernel;
extern const kernel_desc sieve_kernel;
extern const kernel_desc stream_kernel;

const kernel_desc *const parbench_kernels[] = {
    &montecarlo_kernel,
    &matmul_kernel,
    &sieve_kernel,
    &stream_kernel,
    NULL,
};

const kernel_desc *kernel_find(const char *name)
{
    for (const kernel_desc *const *k = parbench_kernels; *k; ++k)
        if (strcmp((*k)->name, name) == 0)
            return *k;
    return NULL;
}
