/* `parbench io DRIVER [--mode M[,M...]] [driver options] [run options]`: the command
 * line of the I/O drivers. The options every run takes come from cli/common.c, the
 * driver's own from its table; then each mode (after the driver's reference phases)
 * is a step of one plan for the runner. `parbench io device` serves the simulated
 * device to other clients. */
#include <stdalign.h>
#include <stdio.h>
#include <string.h>

#include "plan/run_common.h"
#include "base/options.h"
#include "plan/runner.h"
#include "env/mpi_env.h"
#include "io/device.h"
#include "io/io.h"

#define MAX_MODES 8

static const opt_command io_cmd = {
    .name = "io", .usage = "parbench io DRIVER [--mode M[,M...]|all] [options]",
    .summary = "the concurrency half of the suite: waiting that overlaps, without more cores",
    .positional = "DRIVER", .min_positional = 0, .max_positional = 1,
    .epilog = "MPI drivers use every rank of `mpirun -np P parbench io ...`; without mpirun they run as one rank.\n"
              "parbench io device --fd N --latency MS [--jitter MS] [--seed S] serves the simulated device on an\n"
              "inherited connected socket (for other clients, such as scripts/asyncio_client.py).\n",
};

typedef struct {
    const char *mode;
} io_values;

static const opt_spec io_options[] = {
    {.name = "mode", .kind = OPT_NAME_LIST, .offset = offsetof(io_values, mode), .metavar = "M[,M...]|all",
     .expect = "mode names separated by commas, or all (see parbench io --help)",
     .help = "which modes run, side by side", .computed = "the driver's default modes, named below"},
    {0},
};

void io_list(void)
{
    printf("I/O drivers (parbench io DRIVER --mode M; see parbench io --help):\n");
    for (const io_driver *const *dp = io_drivers; *dp; ++dp) {
        const kernel_desc *k = (*dp)->kernel;
        printf("  %-12s %s\n  %-12s --%s: %s, default %llu; kernel column %s\n  %-12s modes:", (*dp)->name, k->summary,
               "", k->options->table[0].name, k->size_meaning, (unsigned long long)k->default_size, k->name, "");
        const char *why;
        for (const variant_desc *v = k->variants; v->name; ++v)
            if (!v->reference)
                printf(" %s%s", v->name, variant_usable(v, &why) ? "" : " (unavailable)");
        printf("\n");
    }
}

static void summarize(const plan *p, const result_record *recs, size_t n)
{
    const io_driver *d = p->summary_data;
    if (d->summarize)
        d->summarize(p->steps[0].spec.params, recs, n);
}

static int help(opt_group *groups, size_t ngroups, const io_driver *d)
{
    if (pb_mpi_env_rank() != 0)
        return PB_OK;
    opt_group all[8];
    char titles[4][384];
    size_t n = 0, t = 0;
    for (size_t g = 0; g < ngroups && g < 3; ++g)
        all[n++] = groups[g];
    for (const io_driver *const *dp = io_drivers; *dp && t < 4; ++dp)
        if (!d || *dp == d) {
            char modes[128];
            kernel_variant_names((*dp)->kernel, modes, sizeof modes);
            snprintf(titles[t], sizeof titles[t], "io %s: %s; modes %s (default %s)", (*dp)->name,
                     (*dp)->kernel->summary, modes, (*dp)->kernel->default_variants);
            all[n++] = (opt_group){(*dp)->kernel->options->table, d ? groups[3].values : NULL, titles[t++]};
        }
    opt_print_help(&io_cmd, all, n, stdout);
    return PB_OK;
}

static int driver_error(const char *name)
{
    char names[128] = "", msg[384];
    for (const io_driver *const *dp = io_drivers; *dp; ++dp)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", names[0] ? ", " : "", (*dp)->name);
    if (name)
        snprintf(msg, sizeof msg, "unknown io driver '%s': expected one of %s (or device)", opt_show(name), names);
    else
        snprintf(msg, sizeof msg, "parbench io needs a DRIVER: one of %s (see parbench io --help)", names);
    return cli_usage_error(msg);
}

int io_main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "device") == 0)
        return io_device_main(argc - 1, argv + 1);
    io_values v = {0};
    run_common c;
    run_common_defaults(&c, 5);
    static alignas(max_align_t) unsigned char params[IO_PARAMS_MAX]; /* outlives every run */
    opt_group groups[4] = {{io_options, &v, NULL}, {run_common_options, &c, RUN_COMMON_TITLE}, {run_tag_option, &c, NULL}};
    size_t ngroups = 3;
    const char *name = opt_first_positional(groups, ngroups, argc, argv, 1);
    const io_driver *d = name ? io_driver_find(name) : NULL;
    const kernel_desc *k = d ? d->kernel : NULL;
    if (k) {
        cli_kernel_defaults(k, params);
        groups[ngroups++] = (opt_group){k->options->table, params, NULL};
    }
    opt_parsed parsed;
    char err[768];
    if (opt_parse(&io_cmd, groups, ngroups, argc, argv, 1, &parsed, err, sizeof err) != PB_OK)
        return cli_usage_error(err);
    if (parsed.help)
        return help(groups, ngroups, d);
    if (!d)
        return driver_error(name);
    const variant_desc *modes[MAX_MODES];
    size_t nmodes = 0;
    char owner[64];
    snprintf(owner, sizeof owner, "io %s", d->name);
    variant_words words = {"--mode", owner, "modes"};
    if (cli_choose_variants(k, v.mode ? v.mode : k->default_variants, &words, NULL, &parsed, modes, MAX_MODES, &nmodes,
                            err, sizeof err) != PB_OK ||
        run_common_check(&c, &parsed, err, sizeof err) != PB_OK ||
        cli_kernel_check(k, params, c.csv, err, sizeof err) != PB_OK ||
        harness_check_debug_env(err, sizeof err) != PB_OK)
        return cli_usage_error(err);

    /* read through the driver's own functions: the command knows nothing of its struct */
    uint64_t size = d->size_from(params), threads = d->threads_from ? d->threads_from(params) : 1;
    char agreement[4096];
    opt_canonical(&parsed, groups, ngroups, agreement, sizeof agreement);
    plan p = {.verdict = true, .csv = c.csv, .trace = c.trace, .quiet = c.quiet, .first_column = "variant", .summary = summarize,
              .summary_data = d, .agreement = agreement};
    cli_title(p.title, sizeof p.title, "io", k, size, &c, params);
    /* the driver's reference phases first (compute alone, ...): the modes' figures use them */
    const variant_desc *order[2 * MAX_MODES];
    size_t norder = 0;
    for (const variant_desc *r = k->variants; r->name && norder < MAX_MODES; ++r)
        if (r->reference)
            order[norder++] = r;
    for (size_t i = 0; i < nmodes; ++i)
        order[norder++] = modes[i];
    int status = PB_OK;
    for (size_t i = 0; i < norder && status == PB_OK; ++i) {
        bool threaded = order[i]->model == EXEC_THREADS || order[i]->model == EXEC_HYBRID;
        run_spec spec = cli_step_spec(&c, k, order[i], size, threaded ? (int)threads : 1, params);
        char label[96];
        snprintf(label, sizeof label, "io %s/%s", d->name, order[i]->name);
        if (!plan_add(&p, &spec, label))
            status = PB_RUNTIME_ERROR;
    }
    return cli_plan_finish(&p, status, "io", k, size, &c);
}
