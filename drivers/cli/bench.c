/* `parbench run KERNEL` and `parbench sweep KERNEL`: the options of a compute kernel's
 * runs, turned into a plan for the runner. run takes one thread count and several
 * variants (serial next to omp by default); sweep one or more thread-varying variants
 * over a list of thread counts. */
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "plan/run_common.h"
#include "base/parse.h"
#include "plan/runner.h"
#include "env/machine.h"
#include "env/mpi_env.h"
#include "output/report.h"
#include "output/results.h"
#include "glue/kernel_list.h"

#ifdef _OPENMP
#include <omp.h>
#endif

#define MAX_VARIANTS 16
/* Without --size: a calibrated size whose one-worker run lasts this long, so that the
 * first command a user types measures the kernel (its parallel runs stay above the
 * kernel's minimum meaningful time on a few cores), in a few seconds in all. */
#define RUN_DEFAULT_MIN_TIME 0.3
#define KERNEL_PARAMS_MAX 256

typedef struct {
    const char *variant;   /* NULL: the kernel's default choice */
    uint64_t size, threads; /* size OPT_AUTO: calibrated (--min-time) */
    double min_time;
    opt_counts thread_list;
} bench_values;

#define B(field) offsetof(bench_values, field)
/* --size and --min-time: the same for run and sweep */
#define SIZE_OPTIONS                                                                                                  \
    {.name = "size", .kind = OPT_SIZE, .offset = B(size), .min = 0, .max = UINT64_MAX, .auto_ok = true,                \
     .metavar = "N|auto", .expect = "a whole number like 100000000, 1e8, 10^8 or 2^27, or auto",                       \
     .help = "problem size (see parbench list); auto: the smallest whose one-worker run lasts --min-time",           \
     .computed = "auto, with --min-time 0.3"},                                                                        \
    {.name = "min-time", .kind = OPT_REAL, .offset = B(min_time), .dmin = 0.001, .dmax = 3600, .metavar = "S",         \
     .expect = "seconds from 0.001 to 3600",                                                                          \
     .help = "with --size auto: the one-worker run lasts at least S seconds", .computed = "1; 0.3 without --size"}

static const opt_spec run_options[] = {
    {.name = "variant", .kind = OPT_NAME_LIST, .offset = B(variant), .metavar = "V[,V...]|all",
     .expect = "variant names separated by commas, or all (see parbench list)",
     .help = "which variants", .computed = "serial,omp; under mpirun: mpi"},
    SIZE_OPTIONS,
    {.name = "threads", .kind = OPT_COUNT, .offset = B(threads), .min = 1, .max = OPT_THREADS_LIMIT,
     .metavar = "T", .expect = "a thread count from 1 to 4096",
     .help = "OpenMP threads per rank of omp and hybrid variants",
     .computed = "OMP_NUM_THREADS, else OpenMP's own: the CPUs this process may use"},
    {0},
};

static const opt_spec sweep_options[] = {
    {.name = "variant", .kind = OPT_NAME_LIST, .offset = B(variant), .metavar = "V[,V...]|all",
     .expect = "omp, hybrid or other thread-varying variants separated by commas, or all",
     .help = "the variants whose threads vary (required)"},
    SIZE_OPTIONS,
    {.name = "threads", .kind = OPT_COUNT_LIST, .offset = B(thread_list), .min = 1, .max = OPT_THREADS_LIMIT,
     .metavar = "T[,T...]", .expect = "a comma-separated list of thread counts from 1 to 4096, at most 64, none twice",
     .help = "the thread counts, e.g. 1,2,4 (required)"},
    {0},
};

static const char EPILOG[] =
    "mpi and hybrid variants use every rank of `mpirun -np P parbench run ...`; rank 0 alone\n"
    "prints and writes. Started without mpirun they run as one rank.\n"
    "exit codes: 0 ran and verified, 1 verification failed, 2 bad usage or input, 3 runtime failure\n";

static const opt_command run_cmd = {
    .name = "run", .usage = "parbench run KERNEL [options]",
    .summary = "runs variants of a kernel, verifies each answer, reports (and appends to a CSV)",
    .positional = "KERNEL", .min_positional = 0, .max_positional = 1, .epilog = EPILOG,
};
static const opt_command sweep_cmd = {
    .name = "sweep", .usage = "parbench sweep KERNEL --variant omp|hybrid --threads 1,2,4 [options]",
    .summary = "the same variants at several thread counts: speedup and efficiency",
    .positional = "KERNEL", .min_positional = 0, .max_positional = 1, .epilog = EPILOG,
};

static bool varies_threads(const variant_desc *v) { return v->model == EXEC_THREADS || v->model == EXEC_HYBRID; }

typedef struct {
    bool sweep;
    const kernel_desc *kernel;
} bench_summary;

static void summarize(const plan *p, const result_record *recs, size_t n)
{
    const bench_summary *s = p->summary_data;
    if (n < 2)
        return;
    if (s->sweep)
        report_sweep_summary(recs, n);
    else
        report_comparisons(s->kernel, recs, n);
}

/* --help without a kernel: the common options and every kernel's own. */
static int help(const opt_command *cmd, opt_group *groups, size_t ngroups, const kernel_desc *k)
{
    if (pb_mpi_env_rank() != 0)
        return PB_OK;
    opt_group all[16];
    size_t n = 0;
    for (size_t g = 0; g < ngroups && n < 16; ++g)
        all[n++] = groups[g];
    char titles[8][64];
    size_t t = 0;
    for (const kernel_desc *const *kp = parbench_kernels; *kp && n < 16 && t < 8; ++kp)
        if ((*kp)->options && (!k || *kp == k)) {
            snprintf(titles[t], sizeof titles[t], "options of kernel %s", (*kp)->name);
            all[n++] = (opt_group){(*kp)->options->table, NULL, titles[t++]};
        }
    opt_print_help(cmd, all, n, stdout);
    return PB_OK;
}

static int kernel_error(const char *cmd, const char *name)
{
    char kernels[256] = "", msg[512];
    for (const kernel_desc *const *kp = parbench_kernels; *kp; ++kp)
        snprintf(kernels + strlen(kernels), sizeof kernels - strlen(kernels), "%s%s", kernels[0] ? ", " : "",
                 (*kp)->name);
    if (name)
        snprintf(msg, sizeof msg, "unknown kernel '%s': expected one of %s", opt_show(name), kernels);
    else
        snprintf(msg, sizeof msg, "parbench %s needs a KERNEL: one of %s", cmd, kernels);
    return cli_usage_error(msg);
}

/* The chosen size against the kernel's own range. */
static int check_size(const kernel_desc *k, const opt_parsed *p, uint64_t size, char *err, size_t errlen)
{
    if (opt_given(p, "min-time") && size != OPT_AUTO && opt_given(p, "size"))
        return snprintf(err, errlen, "--min-time applies to --size auto only: with --size %llu it would be ignored",
                        (unsigned long long)size), PB_BAD_INPUT;
    if (size == OPT_AUTO || (size >= k->min_size && size <= k->max_size))
        return PB_OK;
    char lo[32], hi[32];
    format_size(k->min_size, lo, sizeof lo);
    format_size(k->max_size, hi, sizeof hi);
    snprintf(err, errlen, "--size %llu: out of range: %s accepts %s from %s to %s", (unsigned long long)size, k->name,
             k->size_meaning, lo, hi);
    return PB_BAD_INPUT;
}

int cli_bench(int argc, char **argv, bool sweep)
{
    const opt_command *cmd = sweep ? &sweep_cmd : &run_cmd;
    bench_values v = {.size = 0, .min_time = 1.0};
#ifdef _OPENMP
    v.threads = (uint64_t)omp_get_max_threads();
#else
    v.threads = 1;
#endif
    run_common c;
    run_common_defaults(&c, 5);
    alignas(max_align_t) unsigned char params[KERNEL_PARAMS_MAX] = {0};
    opt_group groups[4] = {
        {sweep ? sweep_options : run_options, &v, NULL},
        {run_common_options, &c, RUN_COMMON_TITLE},
        {run_tag_option, &c, NULL},
    };
    size_t ngroups = 3;
    const char *name = opt_first_positional(groups, ngroups, argc, argv, 1);
    const kernel_desc *k = name ? kernel_find(name) : NULL;
    if (k) {
        v.size = OPT_AUTO; /* (--size auto, --min-time RUN_DEFAULT_MIN_TIME unless given) */
        if (k->options) {
            if (k->options->params_size > sizeof params)
                return cli_usage_error("internal error: a kernel's parameters exceed KERNEL_PARAMS_MAX");
            cli_kernel_defaults(k, params);
            groups[ngroups++] = (opt_group){k->options->table, params, NULL};
        }
    }
    opt_parsed parsed;
    char err[768];
    if (opt_parse(cmd, groups, ngroups, argc, argv, 1, &parsed, err, sizeof err) != PB_OK)
        return cli_usage_error(err);
    if (parsed.help)
        return help(cmd, groups, ngroups, k);
    if (!k)
        return kernel_error(cmd->name, name);
    if (!opt_given(&parsed, "size") && !opt_given(&parsed, "min-time"))
        v.min_time = RUN_DEFAULT_MIN_TIME;

    const variant_desc *chosen[MAX_VARIANTS];
    size_t nchosen = 0;
    const char *list = v.variant;
    if (!list && sweep)
        return cli_usage_error("parbench sweep needs --variant omp or --variant hybrid");
    if (!list) /* under mpirun the natural choice is the mpi variant; alone, serial next to omp */
        list = pb_mpi_launched() && kernel_variant(k, "mpi") ? "mpi" : k->default_variants;
    variant_words words = {"--variant", k->name, "variants"};
    if (cli_choose_variants(k, list, &words, sweep ? varies_threads : NULL, &parsed, chosen, MAX_VARIANTS, &nchosen,
                            err, sizeof err) != PB_OK)
        return cli_usage_error(sweep && strstr(err, "not accepted")
                                   ? "--variant: a sweep varies threads, so it takes omp or hybrid (vary ranks with "
                                     "mpirun -np P)"
                                   : err);
    if (sweep && !opt_given(&parsed, "threads"))
        return cli_usage_error("parbench sweep needs --threads LIST, e.g. --threads 1,2,4");
    if (run_common_check(&c, &parsed, err, sizeof err) != PB_OK ||
        check_size(k, &parsed, v.size, err, sizeof err) != PB_OK ||
        cli_kernel_check(k, params, c.csv, err, sizeof err) != PB_OK ||
        harness_check_debug_env(err, sizeof err) != PB_OK)
        return cli_usage_error(err);

    if (!sweep) {
        v.thread_list.v[0] = v.threads;
        v.thread_list.n = 1;
    }
    char agreement[4096];
    opt_canonical(&parsed, groups, ngroups, agreement, sizeof agreement);
    bench_summary sum = {.sweep = sweep, .kernel = k};
    plan p = {.csv = c.csv, .trace = c.trace, .quiet = c.quiet, .first_column = "variant", .summary = summarize,
              .summary_data = &sum, .agreement = agreement};
    cli_title(p.title, sizeof p.title, cmd->name, k, v.size, &c, params);
    p.roofs_from_csv = k->flops || k->bytes; /* % of this machine's roof, from its peak rows */
    int status = PB_OK;
    for (size_t i = 0; i < nchosen && status == PB_OK; ++i)
        for (size_t t = 0; t < v.thread_list.n && status == PB_OK; ++t) {
            run_spec spec = cli_step_spec(&c, k, chosen[i], v.size, (int)v.thread_list.v[t], params);
            char label[96];
            snprintf(label, sizeof label, "%s/%s", k->name, chosen[i]->name);
            if (!plan_add(&p, &spec, label))
                status = PB_RUNTIME_ERROR;
        }
    if (v.size == OPT_AUTO) { /* calibrated on the serial variant, one thread */
        const variant_desc *serial = kernel_variant(k, "serial");
        p.calibrate = p.steps[0].spec;
        p.calibrate.variant = serial && serial->available ? serial : chosen[0];
        p.calibrate.threads = 1;
        p.min_time = v.min_time;
    }
    return cli_plan_finish(&p, status, cmd->name, k, v.size, &c);
}
