/* What every kernel description shares: its variants by name, whether one can run
 * here, the names of execution models. */
#include <stdio.h>
#include <string.h>

#include "parbench_config.h"

#include "core/kernel.h"

void kernel_variant_names(const kernel_desc *k, char *buf, size_t len)
{
    size_t pos = 0;
    buf[0] = '\0';
    for (const variant_desc *v = k->variants; v->name && pos < len; ++v)
        if (!v->reference)
            pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "", v->name);
}

bool variant_usable(const variant_desc *v, const char **why)
{
    if (!v->available) {
        *why = v->unavailable_why;
        return false;
    }
    if (PARBENCH_SIMGRID && (v->model == EXEC_THREADS || v->model == EXEC_HYBRID)) {
        /* SMPI runs every rank in one process, one at a time: threads would be timed as
         * if the simulated host ran them all */
        *why = "SMPI simulates ranks, not threads (this is a SimGrid build: use --variant mpi under smpirun)";
        return false;
    }
    return !v->usable_here || v->usable_here(why);
}

const variant_desc *kernel_variant(const kernel_desc *k, const char *name)
{
    for (const variant_desc *v = k->variants; v->name; ++v)
        if (strcmp(v->name, name) == 0)
            return v;
    return NULL;
}

const char *exec_model_name(exec_model m)
{
    static const char *const names[] = {"serial", "threads", "mpi", "hybrid"};
    return (unsigned)m < sizeof names / sizeof names[0] ? names[m] : "";
}
