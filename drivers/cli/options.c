#include "cli/options.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "env/mpi_env.h"
#include "cli/parse.h"

#ifdef _OPENMP
#include <omp.h>
#endif

enum { O_VARIANT, O_SIZE, O_THREADS, O_REPS, O_WARMUP, O_SEED, O_CSV, O_TAG, O_QUIET, O_DRY_RUN, O_HELP, O_COUNT };

static const struct {
    const char *name;
    bool has_value;
} table[O_COUNT] = {
    [O_VARIANT] = {"variant", true}, [O_SIZE] = {"size", true},     [O_THREADS] = {"threads", true},
    [O_REPS] = {"reps", true},       [O_WARMUP] = {"warmup", true}, [O_SEED] = {"seed", true},
    [O_CSV] = {"csv", true},         [O_TAG] = {"tag", true},       [O_QUIET] = {"quiet", false},
    [O_DRY_RUN] = {"dry-run", false}, [O_HELP] = {"help", false},
};

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return PB_BAD_INPUT;
}

static void list_variants(const kernel_desc *k, char *buf, size_t len)
{
    size_t pos = 0;
    buf[0] = '\0';
    for (const variant_desc *v = k->variants; v->name && pos < len; ++v)
        pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "", v->name);
}

static void list_kernels(char *buf, size_t len)
{
    size_t pos = 0;
    buf[0] = '\0';
    for (const kernel_desc *const *k = parbench_kernels; *k && pos < len; ++k)
        pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "", (*k)->name);
}

static int parse_variants(const char *value, bool sweep, bench_options *o, char *err, size_t errlen)
{
    char names[256];
    list_variants(o->kernel, names, sizeof names);
    if (strcmp(value, "all") == 0) {
        /* in a sweep, all the variants that threads can vary */
        for (const variant_desc *v = o->kernel->variants; v->name; ++v)
            if (v->available && o->nvariants < OPT_MAX_VARIANTS &&
                (!sweep || v->model == EXEC_THREADS || v->model == EXEC_HYBRID))
                o->variants[o->nvariants++] = v;
        return PB_OK;
    }
    char buf[256];
    size_t vlen = strlen(value);
    if (!vlen || vlen >= sizeof buf || value[0] == ',' || value[vlen - 1] == ',' || strstr(value, ",,"))
        return fail(err, errlen, "--variant '%s': expected one of %s (or a comma-separated list, or all)",
                    value, names);
    strcpy(buf, value);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        const variant_desc *v = kernel_variant(o->kernel, tok);
        if (!v && strcmp(tok, "all") == 0)
            return fail(err, errlen, "--variant '%s': 'all' stands alone (every variant); or list some of %s", value,
                        names);
        if (!v)
            return fail(err, errlen, "--variant '%s': %s has the variants %s", tok, o->kernel->name, names);
        if (!v->available)
            return fail(err, errlen, "--variant %s: unavailable: %s", tok, v->unavailable_why);
        for (size_t i = 0; i < o->nvariants; ++i)
            if (o->variants[i] == v)
                return fail(err, errlen, "--variant: '%s' is listed twice", tok);
        if (o->nvariants == OPT_MAX_VARIANTS)
            return fail(err, errlen, "--variant: too many variants");
        o->variants[o->nvariants++] = v;
    }
    if (o->nvariants == 0)
        return fail(err, errlen, "--variant '%s': expected one of %s", value, names);
    if (sweep)
        for (size_t i = 0; i < o->nvariants; ++i) {
            exec_model m = o->variants[i]->model;
            if (m != EXEC_THREADS && m != EXEC_HYBRID)
                return fail(err, errlen, "--variant %s: a sweep varies threads, so it takes omp or hybrid "
                            "(vary ranks with mpirun -np P)", o->variants[i]->name);
        }
    return PB_OK;
}

const char *option_next_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc || strncmp(argv[*i + 1], "--", 2) == 0)
        return NULL;
    return argv[++*i];
}

int options_parse(int argc, char **argv, bool sweep, bench_options *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    const char *value[O_COUNT] = {0};
    const char *kernel_name = NULL;
    const char *extra[32];
    size_t nextra = 0;
    const char *cmd = argv[0];
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            if (arg[0] == '-')
                return fail(err, errlen, "unknown option '%s' for parbench %s; see parbench %s --help", arg, cmd, cmd);
            if (kernel_name)
                return fail(err, errlen, "unexpected argument '%s': parbench %s takes one KERNEL (got '%s' already)",
                            arg, cmd, kernel_name);
            kernel_name = arg;
            continue;
        }
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        int id = -1;
        for (int k = 0; k < O_COUNT; ++k)
            if (strlen(table[k].name) == len && strncmp(table[k].name, name, len) == 0)
                id = k;
        if (id < 0) { /* perhaps a kernel flag such as --gather: checked once the kernel is known */
            if (eq || nextra == sizeof extra / sizeof extra[0])
                return fail(err, errlen, "unknown option '%s' for parbench %s; see parbench %s --help", arg, cmd, cmd);
            extra[nextra++] = arg;
            continue;
        }
        if (value[id])
            return fail(err, errlen, "--%s is given more than once", table[id].name);
        if (table[id].has_value) {
            value[id] = eq ? eq + 1 : option_next_value(argc, argv, &i);
            if (!value[id])
                return fail(err, errlen, "--%s needs a value; see parbench %s --help", table[id].name, cmd);
        } else {
            if (eq)
                return fail(err, errlen, "--%s takes no value", table[id].name);
            value[id] = "";
        }
    }
    if (value[O_HELP]) {
        o->help = true;
        return PB_OK;
    }
    char names[512];
    list_kernels(names, sizeof names);
    if (!kernel_name)
        return fail(err, errlen, "parbench %s needs a KERNEL: one of %s", cmd, names);
    o->kernel = kernel_find(kernel_name);
    if (!o->kernel)
        return fail(err, errlen, "unknown kernel '%s': expected one of %s", kernel_name, names);

    for (size_t i = 0; i < nextra; ++i) {
        int bit = -1;
        for (int f = 0; o->kernel->flags && o->kernel->flags[f]; ++f)
            if (strcmp(o->kernel->flags[f], extra[i] + 2) == 0)
                bit = f;
        if (bit < 0)
            return fail(err, errlen, "unknown option '%s' for parbench %s %s; see parbench run --help", extra[i],
                        cmd, o->kernel->name);
        if (o->flags & (1u << bit))
            return fail(err, errlen, "%s is given more than once", extra[i]);
        o->flags |= 1u << bit;
    }

    const char *why;
    if (value[O_VARIANT]) {
        int st = parse_variants(value[O_VARIANT], sweep, o, err, errlen);
        if (st != PB_OK)
            return st;
    } else if (sweep) {
        return fail(err, errlen, "parbench sweep needs --variant omp or --variant hybrid");
    } else {
        /* Under mpirun the natural choice is the mpi variant; alone, serial next to omp
         * shows the speedup of the cores. */
        const char *dflt = pb_mpi_launched() && kernel_variant(o->kernel, "mpi") ? "mpi" : "serial,omp";
        int st = parse_variants(dflt, false, o, err, errlen);
        if (st != PB_OK)
            return st;
    }

    if (o->flags) { /* kernel flags (--gather) shape how ranks share the data */
        bool distributed = false;
        for (size_t i = 0; i < o->nvariants; ++i)
            distributed |= o->variants[i]->model == EXEC_MPI || o->variants[i]->model == EXEC_HYBRID;
        if (!distributed)
            return fail(err, errlen, "--%s applies to the mpi and hybrid variants, and none was chosen",
                        o->kernel->flags[__builtin_ctz(o->flags)]);
    }

    char lo[32], hi[32];
    format_size(o->kernel->min_size, lo, sizeof lo);
    format_size(o->kernel->max_size, hi, sizeof hi);
    o->size = o->kernel->default_size;
    if (value[O_SIZE]) {
        if (!parse_size(value[O_SIZE], &o->size, &why))
            return fail(err, errlen, "--size '%s': %s; expected a whole number like 100000000, 1e8, 10^8 or 2^27",
                        value[O_SIZE], why);
        if (o->size < o->kernel->min_size || o->size > o->kernel->max_size) {
            char msg[160];
            snprintf(msg, sizeof msg, "%s accepts %s from %s to %s", o->kernel->name, o->kernel->size_meaning, lo, hi);
            return fail(err, errlen, "--size %s: out of range: %s", value[O_SIZE], msg);
        }
    }

    o->threads_given = value[O_THREADS] != NULL;
    if (sweep) {
        if (!value[O_THREADS])
            return fail(err, errlen, "parbench sweep needs --threads LIST, e.g. --threads 1,2,4");
        if (!parse_uint_list(value[O_THREADS], 1, OPT_THREADS_LIMIT, o->threads, OPT_MAX_THREADS, &o->nthreads, &why))
            return fail(err, errlen, "--threads '%.60s': %s; expected a comma-separated list of thread counts from 1 "
                        "to 4096, at most %d of them", value[O_THREADS], why, OPT_MAX_THREADS);
        for (size_t i = 0; i < o->nthreads; ++i)
            for (size_t j = 0; j < i; ++j)
                if (o->threads[i] == o->threads[j])
                    return fail(err, errlen, "--threads '%.60s': %llu is listed twice", value[O_THREADS],
                                (unsigned long long)o->threads[i]);
    } else {
        o->nthreads = 1;
#ifdef _OPENMP
        o->threads[0] = (uint64_t)omp_get_max_threads();
#else
        o->threads[0] = 1;
#endif
        if (value[O_THREADS] && !parse_uint(value[O_THREADS], 1, OPT_THREADS_LIMIT, &o->threads[0], &why))
            return fail(err, errlen, "--threads '%s': %s; expected a thread count from 1 to 4096", value[O_THREADS],
                        why);
    }

    common_values cv = {.reps = 5, .warmup = 1, .seed = 42, .tag = ""};
    int st = options_common(value[O_REPS], value[O_WARMUP], value[O_SEED], value[O_TAG], &cv, err, errlen);
    if (st != PB_OK)
        return st;
    o->reps = cv.reps;
    o->warmup = cv.warmup;
    o->seed = cv.seed;
    o->tag = cv.tag;
    o->csv = value[O_CSV];
    o->quiet = value[O_QUIET] != NULL;
    o->dry_run = value[O_DRY_RUN] != NULL;
    return PB_OK;
}

int options_common(const char *reps, const char *warmup, const char *seed, const char *tag, common_values *out,
                   char *err, size_t errlen)
{
    const char *why;
    uint64_t v;
    if (reps) {
        if (!parse_uint(reps, 1, OPT_REPS_LIMIT, &v, &why))
            return fail(err, errlen, "--reps '%s': %s; expected a repetition count from 1 to 100000", reps, why);
        out->reps = (int)v;
    }
    if (warmup) {
        if (!parse_uint(warmup, 0, OPT_WARMUP_LIMIT, &v, &why))
            return fail(err, errlen, "--warmup '%s': %s; expected a count from 0 to 1000", warmup, why);
        out->warmup = (int)v;
    }
    if (seed && !parse_uint(seed, 0, UINT64_MAX, &out->seed, &why))
        return fail(err, errlen, "--seed '%s': %s; expected a whole number from 0 to 18446744073709551615", seed, why);
    if (tag) {
        if (strlen(tag) >= OPT_TAG_MAX ||
            strspn(tag, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(tag))
            return fail(err, errlen, "--tag '%s': expected up to %d letters, digits, '.', '_' or '-'", tag,
                        OPT_TAG_MAX - 1);
        out->tag = tag;
    }
    return PB_OK;
}
