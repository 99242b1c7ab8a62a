#include "cli/commands.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analyze.h"
#include "diff/diff.h"
#include "analysis/migrate.h"
#include "analysis/verdict.h"
#include "plan/run_common.h"
#include "cli/helpers.h"
#include "cli/list_json.h"
#include "base/options.h"
#include "demo/demo.h"
#include "env/interrupt.h"
#include "env/machine.h"
#include "env/machine_id.h"
#include "env/mpi_env.h"
#include "io/io.h"
#include "lab/lesson.h"
#include "output/results.h"
#include "parbench_config.h"
#include "glue/kernel_list.h"
#include "lab/lab_commands.h"

typedef struct {
    const char *name, *args, *what;
    int (*run)(int argc, char **argv);
} command;

static int cmd_list(int argc, char **argv);
static int cmd_info(int argc, char **argv);
static int cmd_run(int argc, char **argv) { return cli_bench(argc, argv, false); }
static int cmd_sweep(int argc, char **argv) { return cli_bench(argc, argv, true); }
static int cmd_migrate(int argc, char **argv);

static const command commands[] = {
    {"list", "[--names]", "kernels and their variants, the I/O drivers and the demos", cmd_list},
    {"info", "[--json | --id]", "this machine: topology, caches, memory, compiler, OpenMP, MPI", cmd_info},
    {"run", "KERNEL [options]", "run variants of a kernel, verify, report (and append to a CSV)", cmd_run},
    {"sweep", "KERNEL --variant omp --threads 1,2,4", "one variant at several thread counts: speedup, efficiency",
     cmd_sweep},
    {"peak", "[--csv FILE] [--threads T]", "the machine's own limits: FMA GFLOP/s and memory GB/s, the roofs of "
     "pct_peak", cli_peak},
    {"io", "DRIVER --mode M[,M...] [options]", "I/O-simulation drivers (latency, overlap, checkpoint, server): waiting "
     "that overlaps, without more cores", io_main},
    {"demo", "NAME [options]", "the pitfalls, measured: race, false-sharing, oversubscription, amdahl, io-vs-cpu, "
     "deadlock; and timeline",
     demo_main},
    {"analyze", "RUNS.csv... --out DIR", "speedup, efficiency, Amdahl fit, Karp-Flatt: data for scripts/plot.sh",
     analyze_main},
    {"verdict", "RUNS.csv [--since TIME]", "how many steps are trusted, the speedups on all cores, what to measure "
     "again", verdict_main},
    {"compare", "HANDIN... --out DIR", "several machines side by side, ranked, with their quality: tables, a page "
     "to project, data for plots", compare_main},
    {"page", "RESULTS_DIR --out DIR", "one machine's page to project (scripts/plot.sh writes plots/<machine>/index.html)",
     page_main},
    {"lesson", "RESULTS_DIR [--out DIR]", "the tutorial as one page from the student's own runs (DIR/lesson.html)",
     lesson_main},
    {"diff", "BASE NEW [options]", "did it get slower? a rank test per row of two results files; exit 1 "
     "if so", diff_main},
    {"migrate", "RUNS.csv...", "rewrite results files of an older schema in the current one (keeps a backup)",
     cmd_migrate},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out, "parbench: concurrency and parallelism, run, measured and verified\n\nusage:\n");
    for (size_t i = 0; i < NCOMMANDS; ++i) {
        char left[64];
        snprintf(left, sizeof left, "%s %s", commands[i].name, commands[i].args);
        fprintf(out, "  parbench %-38s %s\n", left, commands[i].what);
    }
    helper_usage(out);
    fprintf(out, "\n  parbench --help | --version\n\n"
                 "every command takes --help; options take their value as `--opt value` or `--opt=value`.\n"
                 "exit codes: 0 ran and verified, 1 verification failed (diff: something got slower), 2 bad usage or\n"
                 "input, 3 runtime failure\n");
}

/* ---- list ---- */

static const opt_command list_cmd = {
    .name = "list", .usage = "parbench list [--names | --driver-names | --demo-names | --json]",
    .summary = "kernels with their variants and sizes, the I/O drivers and the demos",
};

typedef struct {
    bool names, driver_names, demo_names, json;
} list_values;

static const opt_spec list_options[] = {
    {.name = "names", .kind = OPT_FLAG, .offset = offsetof(list_values, names),
     .help = "the compute kernels' names only, one per line (for scripts)"},
    {.name = "driver-names", .kind = OPT_FLAG, .offset = offsetof(list_values, driver_names),
     .help = "the I/O drivers' names only, one per line (for the shell completion)"},
    {.name = "demo-names", .kind = OPT_FLAG, .offset = offsetof(list_values, demo_names),
     .help = "the demos' names only, one per line (for the shell completion)"},
    {.name = "json", .kind = OPT_FLAG, .offset = offsetof(list_values, json),
     .help = "every kernel's, I/O driver's and demo's facts as JSON: variants and their execution models, size "
             "classes, the weak-scaling rule (work_power), minimum meaningful time (scripts read them)"},
    {0},
};

static int list_body(void *values, const opt_parsed *p)
{
    (void)p;
    list_values v = *(list_values *)values;
    const char *why;
    if (v.names + v.driver_names + v.demo_names + v.json > 1)
        return cli_usage_error("--names, --driver-names, --demo-names, --json: choose one");
    if (v.json) {
        list_print_json(stdout);
        return PB_OK;
    }
    for (const kernel_desc *const *kp = parbench_kernels; *kp && v.names; ++kp)
        printf("%s\n", (*kp)->name);
    for (const io_driver *const *d = io_drivers; *d && v.driver_names; ++d)
        printf("%s\n", (*d)->name);
    if (v.demo_names)
        demo_names(stdout);
    if (v.names || v.driver_names || v.demo_names)
        return PB_OK;
    printf("kernels (parbench run KERNEL --variant V):\n");
    for (const kernel_desc *const *kp = parbench_kernels; *kp; ++kp) {
        const kernel_desc *k = *kp;
        printf("  %-12s %s\n  %-12s --size: %s, default %llu; throughput in %s\n  %-12s variants:", k->name,
               k->summary, "", k->size_meaning, (unsigned long long)k->default_size, k->unit, "");
        for (const variant_desc *var = k->variants; var->name; ++var)
            if (!var->reference)
                printf(" %s%s", var->name, variant_usable(var, &why) ? "" : " (unavailable)");
        printf("\n");
        for (const opt_spec *o = k->options ? k->options->table : NULL; o && o->name; ++o)
            printf("  %-12s option: --%s (%s)\n", "", o->name, o->help);
    }
    io_list();
    demo_list();
    if (!pb_mpi_built())
        printf("this build has no MPI: the mpi and hybrid variants are unavailable\n");
    if (PARBENCH_SIMGRID)
        printf("this is a SimGrid build: run it under smpirun (scripts/simulate.sh); SMPI simulates ranks, "
               "not threads, so the omp and hybrid variants are unavailable\n");
    return PB_OK;
}

static const cli_simple list_command = {&list_cmd, list_options, &(list_values){0}, sizeof(list_values), list_body};
static int cmd_list(int argc, char **argv) { return cli_run_simple(&list_command, argc, argv); }

/* ---- info ---- */

static const opt_command info_cmd = {
    .name = "info", .usage = "parbench info [--json [--peak RUNS.csv] | --id]",
    .summary = "this machine: topology, caches, memory (hwloc), compiler and flags, OpenMP, MPI, OMP_*/OMPI_MCA_*/MPIR_CVAR_*",
};

typedef struct {
    bool json, id;
    const char *peak;
} info_values;

static const opt_spec info_options[] = {
    {.name = "json", .kind = OPT_FLAG, .offset = offsetof(info_values, json),
     .help = "the same as JSON (scripts write it to machine.json)"},
    {.name = "id", .kind = OPT_FLAG, .offset = offsetof(info_values, id),
     .help = "this machine's id alone, one line (scripts name results/<id> with it)"},
    {.name = "peak", .kind = OPT_PATH, .offset = offsetof(info_values, peak), .metavar = "RUNS.csv",
     .expect = "a results file path", .help = "with --json: add this machine's peak figures from its parbench peak "
     "rows in RUNS.csv"},
    {0},
};

static int info_body(void *values, const opt_parsed *p)
{
    (void)p;
    info_values v = *(info_values *)values;
    char err[1024], peak[1024] = "";
    if (v.peak && !v.json)
        return cli_usage_error("--peak applies to --json only: the text of info shows no peak figures");
    if (v.id && v.json)
        return cli_usage_error("--id and --json: choose one (--id prints the id alone, --json has it as \"id\")");
    if (v.id) {
        printf("%s\n", machine_get()->id);
        return PB_OK;
    }
    if (v.peak && peak_json_member(v.peak, peak, sizeof peak, err, sizeof err) != PB_OK)
        return cli_usage_error(err);
    if (pb_mpi_launched() && !pb_mpi_init()) {
        fprintf(stderr, "parbench: MPI_Init failed\n");
        return PB_RUNTIME_ERROR;
    }
    char hosts[4096];
    pb_mpi_hosts(true, hosts, sizeof hosts);
    if (pb_mpi_rank() == 0) {
        if (v.json)
            machine_print_json(stdout, peak[0] ? peak : NULL);
        else {
            machine_print_text(stdout);
            if (pb_mpi_size() > 1)
                printf("mpi ranks      %d on hosts %s\n", pb_mpi_size(), hosts);
        }
    }
    pb_mpi_finalize();
    return PB_OK;
}

static const cli_simple info_command = {&info_cmd, info_options, &(info_values){0}, sizeof(info_values), info_body};
static int cmd_info(int argc, char **argv) { return cli_run_simple(&info_command, argc, argv); }

/* ---- migrate ---- */

static const opt_command migrate_cmd = {
    .name = "migrate", .usage = "parbench migrate RUNS.csv [RUNS.csv...]",
    .summary = "rewrites results files of an older schema (or with reordered columns) in the current schema,\n"
               "atomically; the original stays next to it as RUNS.csv.v<schema>.bak",
    .positional = "RUNS.csv", .min_positional = 1, .max_positional = OPT_MAX_POSITIONAL,
};

static int migrate_body(void *values, const opt_parsed *p)
{
    (void)values;
    char msg[1024];
    int status = PB_OK;
    for (size_t i = 0; i < p->npositional; ++i) {
        int st = migrate_file(p->positional[i], msg, sizeof msg);
        fprintf(st == PB_OK ? stdout : stderr, "%s%s\n", st == PB_OK ? "" : "parbench: migrate: ", msg);
        status = st > status ? st : status;
    }
    return status;
}

static const cli_simple migrate_command = {&migrate_cmd, NULL, NULL, 0, migrate_body};
static int cmd_migrate(int argc, char **argv) { return cli_run_simple(&migrate_command, argc, argv); }

/* ---- dispatch ---- */

static int dispatch(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("missing command; try parbench --help (commands: list, info, run, sweep, peak, io, demo, "
                               "analyze, verdict, compare, page, diff, migrate, suite, plot, ...)");
    const char *cmd = argv[1];
    interrupt_install();
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return PB_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("parbench %s (commit %s; MPI %s, hwloc %s, OpenBLAS %s, zlib %s; results schema %d)\n",
               PARBENCH_VERSION, PARBENCH_COMMIT, PARBENCH_HAVE_MPI ? "yes" : "no", PARBENCH_HAVE_HWLOC ? "yes" : "no",
               PARBENCH_HAVE_BLAS ? "yes" : "no", PARBENCH_HAVE_ZLIB ? "yes" : "no", RESULTS_SCHEMA);
        return PB_OK;
    }
    uint64_t cap;
    const char *why;
    if (!machine_memory_cap(&cap, &why)) {
        char msg[512];
        snprintf(msg, sizeof msg, "PARBENCH_MAX_MEMORY '%s': %s; expected a number of bytes such as 8e9 or 2^33",
                 opt_show(getenv("PARBENCH_MAX_MEMORY")), why);
        return cli_usage_error(msg);
    }
    if (!machine_id_env_ok(&why)) {
        char msg[512];
        snprintf(msg, sizeof msg, "PARBENCH_MACHINE_ID_FILE '%s': %s; expected the absolute path of a machine-id "
                 "file (tests only)", opt_show(getenv("PARBENCH_MACHINE_ID_FILE")), why);
        return cli_usage_error(msg);
    }
    char omp_msg[512];
    if (!omp_env_ok(omp_msg, sizeof omp_msg))
        return cli_usage_error(omp_msg);
    for (size_t i = 0; i < NCOMMANDS; ++i)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    if (helper_known(cmd))
        return helper_run(argc - 1, argv + 1);
    char msg[768], names[256] = "";
    size_t pos = 0;
    for (size_t i = 0; i < NCOMMANDS; ++i)
        pos += (size_t)snprintf(names + pos, sizeof names - pos, "%s%s", i ? ", " : "", commands[i].name);
    helper_names(names + pos, sizeof names - pos);
    snprintf(msg, sizeof msg, "unknown command '%s'; expected one of %s (see parbench --help)", opt_show(cmd), names);
    return cli_usage_error(msg);
}

int cli_main(int argc, char **argv)
{
    int status = dispatch(argc, argv);
    /* The scripts build machine.json and tables from what parbench prints: output that
     * did not reach its file (a full disk, /dev/full) is a failure, not a success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "parbench: cannot write to standard output: %s\n", strerror(errno ? errno : EIO));
        return PB_RUNTIME_ERROR;
    }
    return status;
}
