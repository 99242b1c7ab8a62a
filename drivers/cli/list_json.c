/* `parbench list --json`: the facts of every kernel, I/O driver and demo, from their
 * descriptions (drivers/glue, drivers/io, drivers/demo), so that the scripts name no
 * kernel: sweep.sh reads the size classes and the weak-scaling rule, simulate.sh the
 * kernels with an mpi variant and their default sizes, submit.sh the kernel names. */
#include "cli/list_json.h"

#include "base/json.h"
#include "demo/demo.h"
#include "glue/kernel_list.h"
#include "io/io.h"

static const char *const class_names[] = {"tiny", "small", "medium", "large"};

static void variants_json(FILE *out, const kernel_desc *k)
{
    fputs("\"variants\": [", out);
    bool first = true;
    for (const variant_desc *v = k->variants; v->name; ++v) {
        if (v->reference)
            continue;
        const char *why = NULL;
        bool usable = variant_usable(v, &why);
        fprintf(out, "%s{\"name\": ", first ? "" : ", ");
        json_string(out, v->name);
        fprintf(out, ", \"model\": \"%s\", \"usable\": %s", exec_model_name(v->model), usable ? "true" : "false");
        if (!usable) {
            fputs(", \"why\": ", out);
            json_string(out, why ? why : "");
        }
        fputc('}', out);
        first = false;
    }
    fputc(']', out);
}

/* The fields every description has: name, category, unit, what the size means, sizes. */
static void common_json(FILE *out, const kernel_desc *k, const char *name, const char *category)
{
    fputs("{\"name\": ", out);
    json_string(out, name);
    fprintf(out, ", \"category\": \"%s\", \"column\": ", category);
    json_string(out, k->name);
    fputs(", \"summary\": ", out);
    json_string(out, k->summary);
    fputs(", \"unit\": ", out);
    json_string(out, k->unit);
    fputs(", \"size_meaning\": ", out);
    json_string(out, k->size_meaning);
    fprintf(out, ", \"default_size\": %llu, \"min_size\": %llu, \"max_size\": %llu, \"min_time\": %g, ",
            (unsigned long long)k->default_size, (unsigned long long)k->min_size,
            (unsigned long long)k->max_size, k->min_time);
}

void list_print_json(FILE *out)
{
    fputs("{\n  \"kernels\": [", out);
    for (const kernel_desc *const *kp = parbench_kernels; *kp; ++kp) {
        const kernel_desc *k = *kp;
        static const compute_facts none; /* (each has its own; without: no classes, power 1) */
        const compute_facts *f = k->compute ? k->compute : &none;
        fprintf(out, "%s\n    ", kp == parbench_kernels ? "" : ",");
        common_json(out, k, k->name, "compute");
        fputs("\"size_classes\": {", out);
        for (size_t c = 0; c < 4; ++c)
            fprintf(out, "%s\"%s\": %llu", c ? ", " : "", class_names[c], (unsigned long long)f->size_class[c]);
        fprintf(out, "}, \"work_power\": %d, ", f->work_power > 0 ? f->work_power : 1);
        variants_json(out, k);
        fputc('}', out);
    }
    fputs("\n  ],\n  \"io_drivers\": [", out);
    for (const io_driver *const *d = io_drivers; *d; ++d) {
        fprintf(out, "%s\n    ", d == io_drivers ? "" : ",");
        common_json(out, (*d)->kernel, (*d)->name, "io");
        variants_json(out, (*d)->kernel);
        fputc('}', out);
    }
    fputs("\n  ],\n  \"demos\": [", out);
    for (size_t i = 0; demo_name(i); ++i) {
        fprintf(out, "%s\n    {\"name\": ", i ? "," : "");
        json_string(out, demo_name(i));
        fputs(", \"category\": \"demo\"}", out);
    }
    fputs("\n  ]\n}\n", out);
}
