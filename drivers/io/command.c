/* `parbench io DRIVER --mode M[,M...] [driver options] [--reps R] [--warmup W] [--seed S]
 * [--csv FILE] [--quiet]`: the command line of the I/O drivers. The options common to
 * every driver are parsed here, the driver-specific ones from the driver's option table
 * into its parameter struct; then each mode runs through the same harness, table and
 * CSV as the compute kernels. */
#include <stdalign.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/harness.h"
#include "io/io.h"
#include "io/device.h"
#include "env/mpi_env.h"
#include "cli/options.h"
#include "output/paths.h"
#include "cli/parse.h"
#include "output/report.h"
#include "output/results.h"
#include "core/runner.h"

enum { C_MODE, C_REPS, C_WARMUP, C_SEED, C_CSV, C_TAG, C_QUIET, C_HELP, C_COUNT };

static const struct {
    const char *name;
    bool has_value;
} common[C_COUNT] = {
    [C_MODE] = {"mode", true}, [C_REPS] = {"reps", true}, [C_WARMUP] = {"warmup", true}, [C_SEED] = {"seed", true},
    [C_CSV] = {"csv", true},   [C_TAG] = {"tag", true},     [C_QUIET] = {"quiet", false},
    [C_HELP] = {"help", false},
};

#define MAX_MODES 8

typedef struct {
    const io_driver *drv;
    const variant_desc *modes[MAX_MODES];
    size_t nmodes;
    int reps, warmup;
    const char *csv, *tag;
    bool quiet, help;
    alignas(max_align_t) unsigned char params[IO_PARAMS_MAX];
} io_options;

static void print_usage(FILE *out)
{
    fprintf(out,
            "parbench io: the concurrency half of the suite: waiting that overlaps, without more cores\n"
            "\n"
            "usage: parbench io DRIVER [--mode M[,M...]|all] [driver options] [--reps R] [--warmup W]\n"
            "                   [--seed S] [--csv FILE] [--tag LABEL] [--quiet]\n"
            "  --mode M[,M...]|all  which modes run, side by side (default: see each driver)\n"
            "  --reps, --warmup, --seed, --csv, --tag, --quiet  as for parbench run\n"
            "MPI drivers use every rank of `mpirun -np P parbench io ...`; without mpirun they run as one rank.\n");
    for (const io_driver *const *dp = io_drivers; *dp; ++dp) {
        const io_driver *d = *dp;
        fprintf(out, "\nparbench io %s: %s\n  modes:", d->name, d->kernel->summary);
        for (const variant_desc *v = d->kernel->variants; v->name; ++v)
            fprintf(out, " %s%s", v->name, v->available ? "" : " (unavailable)");
        fprintf(out, " (default %s)\n", d->default_modes);
        for (const io_option *o = d->options; o->name; ++o) {
            char left[40];
            snprintf(left, sizeof left, "--%s%s", o->name,
                     o->kind == IO_OPT_FLAG ? "" : o->kind == IO_OPT_PATH ? " PATH" : o->kind == IO_OPT_MS ? " MS" : " N");
            fprintf(out, "  %-20s %s\n", left, o->help);
        }
    }
    fprintf(out, "\nparbench io device --fd N --latency MS [--jitter MS] [--seed S]\n"
                 "  serves the simulated device on an inherited connected socket (for other clients,\n"
                 "  such as scripts/asyncio_client.py)\n");
}

void io_list(void)
{
    printf("I/O drivers (parbench io DRIVER --mode M; see parbench io --help):\n");
    for (const io_driver *const *dp = io_drivers; *dp; ++dp) {
        const io_driver *d = *dp;
        printf("  %-12s %s\n  %-12s --%s: %s, default %llu; kernel column %s\n  %-12s modes:", d->name,
               d->kernel->summary, "", d->options[0].name, d->kernel->size_meaning,
               (unsigned long long)d->kernel->default_size, d->kernel->name, "");
        for (const variant_desc *v = d->kernel->variants; v->name; ++v)
            printf(" %s%s", v->name, v->available ? "" : " (unavailable)");
        printf("\n");
    }
}

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return PB_BAD_INPUT;
}

static void list_names(char *buf, size_t len, bool drivers, const io_driver *d)
{
    size_t pos = 0;
    buf[0] = '\0';
    if (drivers)
        for (const io_driver *const *dp = io_drivers; *dp && pos < len; ++dp)
            pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "", (*dp)->name);
    else
        for (const variant_desc *v = d->kernel->variants; v->name && pos < len; ++v)
            pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "", v->name);
}

static int parse_modes(const char *value, io_options *o, char *err, size_t errlen)
{
    const kernel_desc *k = o->drv->kernel;
    char names[256], buf[256];
    list_names(names, sizeof names, false, o->drv);
    if (strcmp(value, "all") == 0) {
        for (const variant_desc *v = k->variants; v->name; ++v)
            if (v->available && o->nmodes < MAX_MODES)
                o->modes[o->nmodes++] = v;
        return PB_OK;
    }
    size_t vlen = strlen(value);
    if (!vlen || vlen >= sizeof buf || value[0] == ',' || value[vlen - 1] == ',' || strstr(value, ",,"))
        return fail(err, errlen, "--mode '%s': expected one of %s (or a comma-separated list, or all)", value, names);
    strcpy(buf, value);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        const variant_desc *v = kernel_variant(k, tok);
        if (!v)
            return fail(err, errlen, "--mode '%s': io %s has the modes %s", tok, o->drv->name, names);
        if (!v->available)
            return fail(err, errlen, "--mode %s: unavailable: %s", tok, v->unavailable_why);
        for (size_t i = 0; i < o->nmodes; ++i)
            if (o->modes[i] == v)
                return fail(err, errlen, "--mode: '%s' is listed twice", tok);
        if (o->nmodes == MAX_MODES)
            return fail(err, errlen, "--mode: too many modes");
        o->modes[o->nmodes++] = v;
    }
    return PB_OK;
}

/* One driver option's value into the parameter struct. */
static int set_option(const io_option *opt, const char *value, unsigned char *params, char *err, size_t errlen)
{
    void *slot = params + opt->offset;
    const char *why;
    uint64_t u;
    switch (opt->kind) {
    case IO_OPT_UINT:
        if (!parse_uint(value, opt->min, opt->max, &u, &why))
            return fail(err, errlen, "--%s '%s': %s; expected %s", opt->name, value, why, opt->expect);
        memcpy(slot, &u, sizeof u);
        return PB_OK;
    case IO_OPT_SIZE:
        if (!parse_size(value, &u, &why))
            return fail(err, errlen, "--%s '%s': %s; expected %s", opt->name, value, why, opt->expect);
        if (u < opt->min || u > opt->max)
            return fail(err, errlen, "--%s '%s': %s; expected %s", opt->name, value,
                        u < opt->min ? "too small" : "too large", opt->expect);
        memcpy(slot, &u, sizeof u);
        return PB_OK;
    case IO_OPT_MS: {
        double d;
        if (!parse_double(value, opt->dmin, opt->dmax, &d, &why))
            return fail(err, errlen, "--%s '%s': %s; expected %s", opt->name, value, why, opt->expect);
        memcpy(slot, &d, sizeof d);
        return PB_OK;
    }
    case IO_OPT_PATH:
        if (!*value)
            return fail(err, errlen, "--%s '': expected %s", opt->name, opt->expect);
        memcpy(slot, &value, sizeof value);
        return PB_OK;
    case IO_OPT_FLAG: {
        bool t = true;
        memcpy(slot, &t, sizeof t);
        return PB_OK;
    }
    }
    return PB_BAD_INPUT;
}

static const io_option *find_option(const io_driver *d, const char *name, size_t len)
{
    for (const io_option *opt = d->options; opt->name; ++opt)
        if (strlen(opt->name) == len && strncmp(opt->name, name, len) == 0)
            return opt;
    return NULL;
}

int io_params_set(const io_driver *d, void *params, const char *option, const char *value, char *err, size_t errlen)
{
    const io_option *opt = find_option(d, option, strlen(option));
    if (!opt)
        return fail(err, errlen, "io %s has no option --%s", d->name, option);
    return set_option(opt, value, params, err, errlen);
}

/* argv[0] = "io", argv[1] = DRIVER. */
static int parse(int argc, char **argv, io_options *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    char names[128];
    list_names(names, sizeof names, true, NULL);
    if (argc < 2)
        return fail(err, errlen, "parbench io needs a DRIVER: one of %s (see parbench io --help)", names);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        o->help = true;
        return PB_OK;
    }
    o->drv = io_driver_find(argv[1]);
    if (!o->drv)
        return fail(err, errlen, "unknown io driver '%.64s': expected one of %s", argv[1], names);
    const io_driver *d = o->drv;
    io_common *c = (io_common *)o->params;
    c->threads = 1;
    d->defaults(o->params);

    const char *value[C_COUNT] = {0};
    const char *seen[32] = {0}; /* driver options given, to refuse repeats */
    const char *out_name = NULL, *out_path = NULL; /* the driver's output file, if it takes one */
    size_t nseen = 0;
    for (int i = 2; i < argc; ++i) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            if (arg[0] == '-')
                return fail(err, errlen, "unknown option '%s' for parbench io %s; see parbench io --help", arg, d->name);
            return fail(err, errlen, "unexpected argument '%s': parbench io takes one DRIVER (got '%s' already)", arg,
                        d->name);
        }
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        int id = -1;
        for (int k = 0; k < C_COUNT; ++k)
            if (strlen(common[k].name) == len && strncmp(common[k].name, name, len) == 0)
                id = k;
        const io_option *opt = id < 0 ? find_option(d, name, len) : NULL;
        if (id < 0 && !opt)
            return fail(err, errlen, "unknown option '%s' for parbench io %s; see parbench io --help", arg, d->name);
        const char *oname = id >= 0 ? common[id].name : opt->name;
        bool has_value = id >= 0 ? common[id].has_value : opt->kind != IO_OPT_FLAG;
        const char *val = "";
        if (has_value) {
            val = eq ? eq + 1 : option_next_value(argc, argv, &i);
            if (!val)
                return fail(err, errlen, "--%s needs a value; see parbench io --help", oname);
        } else if (eq) {
            return fail(err, errlen, "--%s takes no value", oname);
        }
        if (id >= 0) {
            if (value[id])
                return fail(err, errlen, "--%s is given more than once", oname);
            value[id] = val;
            continue;
        }
        for (size_t k = 0; k < nseen; ++k)
            if (seen[k] == opt->name)
                return fail(err, errlen, "--%s is given more than once", oname);
        if (nseen < sizeof seen / sizeof seen[0])
            seen[nseen++] = opt->name;
        int st = set_option(opt, val, o->params, err, errlen);
        if (st != PB_OK)
            return st;
        if (opt->kind == IO_OPT_PATH) {
            out_name = opt->name;
            out_path = val;
        }
    }
    if (value[C_HELP]) {
        o->help = true;
        return PB_OK;
    }
    int st = parse_modes(value[C_MODE] ? value[C_MODE] : d->default_modes, o, err, errlen);
    if (st != PB_OK)
        return st;
    if (o->nmodes == 0)
        return fail(err, errlen, "--mode all: no mode of io %s is available in this build", d->name);
    common_values cv = {.reps = 5, .warmup = 1, .seed = 42, .tag = ""};
    st = options_common(value[C_REPS], value[C_WARMUP], value[C_SEED], value[C_TAG], &cv, err, errlen);
    if (st != PB_OK)
        return st;
    o->reps = c->reps = cv.reps;
    o->warmup = cv.warmup;
    c->seed = cv.seed;
    o->tag = cv.tag;
    o->csv = value[C_CSV];
    o->quiet = value[C_QUIET] != NULL;
    if (o->csv && out_path && path_same_file(o->csv, out_path))
        return fail(err, errlen, "--%s %s and --csv name the same file: the driver's output would overwrite the results",
                    out_name, out_path);
    return d->check(o->params, err, errlen);
}

static int run_mode(const io_options *o, const variant_desc *v, result_record *rec)
{
    const io_common *c = (const io_common *)o->params;
    run_spec spec = {
        .kernel = o->drv->kernel, .variant = v, .size = c->size, .seed = c->seed,
        .threads = v->model == EXEC_THREADS || v->model == EXEC_HYBRID ? (int)c->threads : 1,
        .reps = o->reps, .warmup = o->warmup, .params = o->params, .tag = o->tag, .quiet = o->quiet,
    };
    char label[96];
    snprintf(label, sizeof label, "io %s/%s", o->drv->name, v->name);
    return runner_step(&spec, o->csv, label, rec);
}

int io_main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "device") == 0)
        return io_device_main(argc - 1, argv + 1);
    static io_options o; /* the parameters outlive every run */
    char err[512];
    if (parse(argc, argv, &o, err, sizeof err) != PB_OK) {
        if (pb_mpi_env_rank() == 0)
            fprintf(stderr, "parbench: %s\n", err);
        return PB_BAD_INPUT;
    }
    if (o.help) {
        if (pb_mpi_env_rank() == 0)
            print_usage(stdout);
        return PB_OK;
    }
    bool need_mpi = pb_mpi_launched();
    for (size_t i = 0; i < o.nmodes; ++i)
        need_mpi |= o.modes[i]->model == EXEC_MPI || o.modes[i]->model == EXEC_HYBRID;
    int status = runner_begin(need_mpi, o.csv);
    if (status != PB_OK)
        return status;
    int rank = pb_mpi_rank();
    const io_common *c = (const io_common *)o.params;
    if (rank == 0 && !o.quiet) {
        bench_options bo = {.kernel = o.drv->kernel, .size = c->size, .seed = c->seed, .reps = o.reps,
                            .warmup = o.warmup};
        o.drv->describe(o.params);
        report_header(&bo, "io");
    }
    result_record recs[MAX_MODES];
    size_t nrec = 0;
    for (size_t i = 0; i < o.nmodes && status != PB_BAD_INPUT; ++i) {
        int st = run_mode(&o, o.modes[i], &recs[nrec]);
        if (st == PB_OK || st == PB_VERIFY_FAILED)
            ++nrec;
        status = runner_worse(status, st);
    }
    if (rank == 0 && !o.quiet && nrec > 0 && o.drv->summary)
        o.drv->summary(o.params, recs, nrec);
    pb_mpi_finalize();
    return status;
}
