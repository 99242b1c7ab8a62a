/* libFuzzer target: the argument and size parsers. The input is split at NUL bytes
 * into an argv for options_parse (against a stand-in kernel, so no kernel code runs)
 * and each piece also goes through parse_size. Any crash, hang, sanitizer report, or
 * an accepted size outside its documented range is a bug. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/kernel.h"
#include "cli/options.h"
#include "cli/parse.h"

static const variant_desc fuzz_variants[] = {
    {"serial", EXEC_SERIAL, true, NULL}, {"omp", EXEC_THREADS, true, NULL},
    {"mpi", EXEC_MPI, false, "built without MPI"}, {NULL, 0, false, NULL},
};
static const char *const fuzz_flags[] = {"gather", NULL};
static double fuzz_work(uint64_t n) { return (double)n; }
static const kernel_desc fuzz_kernel = {
    .name = "k", .summary = "", .size_meaning = "items", .unit = "items/s", .variants = fuzz_variants,
    .default_size = 100, .min_size = 1, .max_size = 1000000, .flags = fuzz_flags, .work = fuzz_work,
};
const kernel_desc *const parbench_kernels[] = {&fuzz_kernel, NULL};

const kernel_desc *kernel_find(const char *name) { return strcmp(name, "k") == 0 ? &fuzz_kernel : NULL; }
const variant_desc *kernel_variant(const kernel_desc *k, const char *name)
{
    for (const variant_desc *v = k->variants; v->name; ++v)
        if (strcmp(v->name, name) == 0)
            return v;
    return NULL;
}
bool pb_mpi_launched(void) { return false; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *argv[66];
    int argc = 0;
    argv[argc++] = (char *)"run";
    for (char *p = buf; p <= buf + size && argc < 65; p += strlen(p) + 1)
        argv[argc++] = p;
    argv[argc] = NULL;
    for (int i = 1; i < argc; ++i) {
        uint64_t v;
        const char *why;
        if (parse_size(argv[i], &v, &why) && v > (uint64_t)INT64_MAX)
            abort(); /* the documented limit is 2^63 - 1 */
    }
    bench_options o;
    char err[512];
    if (options_parse(argc, argv, argc % 2 == 0, &o, err, sizeof err) == PB_OK && !o.help) {
        if (o.size < 1 || o.size > 1000000 || o.nvariants == 0 || o.reps < 1 || o.nthreads == 0)
            abort(); /* accepted a value outside what the kernel allows */
        for (size_t i = 0; i < o.nthreads; ++i)
            if (o.threads[i] < 1 || o.threads[i] > OPT_THREADS_LIMIT)
                abort();
    } else if (!o.help && strlen(err) == 0) {
        abort(); /* every refusal must say why */
    }
    free(buf);
    return 0;
}
