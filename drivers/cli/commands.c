#include "cli/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analyze.h"
#include "demo/demo.h"
#include "core/harness.h"
#include "io/io.h"
#include "env/interrupt.h"
#include "core/kernel.h"
#include "env/machine.h"
#include "env/mpi_env.h"
#include "cli/options.h"
#include "parbench_config.h"
#include "output/report.h"
#include "core/runner.h"
#include "output/results.h"

static const char USAGE[] =
    "parbench: concurrency and parallelism, run, measured and verified\n"
    "\n"
    "usage:\n"
    "  parbench list [--names]         kernels and their variants (--names: one name per line)\n"
    "  parbench info [--json]          this machine: topology, caches, memory, compiler, OpenMP, MPI\n"
    "  parbench run KERNEL [options]   run variants of a kernel, verify, report (and append to a CSV)\n"
    "  parbench sweep KERNEL --variant omp|hybrid --threads 1,2,4 [options]\n"
    "                                  the same variant at several thread counts: speedup, efficiency\n"
    "  parbench io DRIVER --mode M[,M...] [options]\n"
    "                                  I/O-simulation drivers (latency, overlap, checkpoint): waiting\n"
    "                                  that overlaps, without more cores; see parbench io --help\n"
    "  parbench demo NAME [options]    the pitfalls, measured: race, false-sharing, oversubscription,\n"
    "                                  amdahl, io-vs-cpu (see parbench demo --help)\n"
    "  parbench analyze RUNS.csv... --out DIR\n"
    "                                  speedup, efficiency, Amdahl fit, Karp-Flatt: data for scripts/plot.sh\n"
    "  parbench compare RESULTS_DIR... --out DIR\n"
    "                                  several machines side by side: table, score, data for plots\n"
    "  parbench --help | --version\n"
    "\n"
    "options of run and sweep:\n"
    "  --variant V[,V...]|all  which variants (run default: serial,omp; under mpirun: mpi)\n"
    "  --size N                problem size: 100000000, 1e8, 10^8 or 2^27 (see parbench list)\n"
    "  --threads T             OpenMP threads per rank (default: OMP_NUM_THREADS or all cores);\n"
    "                          for sweep a list such as 1,2,4\n"
    "  --reps R                timed repetitions (default 5); the median is reported\n"
    "  --warmup W              untimed runs first (default 1)\n"
    "  --seed S                random seed (default 42)\n"
    "  --csv FILE              append one row per run to FILE (header written when new)\n"
    "  --tag LABEL             a label stored in the tag column (sweeps use \"weak\" for weak scaling)\n"
    "  --quiet                 no table on stdout and no warnings\n"
    "  --dry-run               check the options and the CSV, run nothing (exit 0 or 2)\n"
    "  --gather                matmul mpi/hybrid: scatter A, B from rank 0 and gather C (timed)\n"
    "\n"
    "mpi and hybrid variants use every rank of `mpirun -np P parbench run ...`; rank 0 alone\n"
    "prints and writes. Started without mpirun they run as one rank.\n"
    "exit codes: 0 ran and verified, 1 verification failed, 2 bad usage or input, 3 runtime failure\n";

/* Only one rank speaks: before MPI_Init the launcher's environment says which. */
static int usage_error(const char *msg)
{
    if (pb_mpi_env_rank() == 0)
        fprintf(stderr, "parbench: %s\n", msg);
    return PB_BAD_INPUT;
}

static int cmd_list(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: parbench list [--names]\n"
               "kernels with their variants and sizes, the I/O drivers and the demos (--names: kernel names only)\n");
        return PB_OK;
    }
    if (argc == 2 && strcmp(argv[1], "--names") == 0) { /* for scripts: one kernel per line */
        for (const kernel_desc *const *kp = parbench_kernels; *kp; ++kp)
            printf("%s\n", (*kp)->name);
        return PB_OK;
    }
    if (argc > 1)
        return usage_error("parbench list takes no arguments but --names");
    printf("kernels (parbench run KERNEL --variant V):\n");
    for (const kernel_desc *const *kp = parbench_kernels; *kp; ++kp) {
        const kernel_desc *k = *kp;
        printf("  %-12s %s\n  %-12s --size: %s, default %llu; throughput in %s\n  %-12s variants:", k->name,
               k->summary, "", k->size_meaning, (unsigned long long)k->default_size, k->unit, "");
        for (const variant_desc *v = k->variants; v->name; ++v)
            printf(" %s%s", v->name, v->available ? "" : " (unavailable)");
        printf("\n");
        for (int f = 0; k->flags && k->flags[f]; ++f)
            printf("  %-12s option: --%s\n", "", k->flags[f]);
    }
    io_list();
    demo_list();
    if (!pb_mpi_built())
        printf("this build has no MPI: the mpi and hybrid variants are unavailable\n");
    return PB_OK;
}

static int cmd_info(int argc, char **argv)
{
    bool json = false;
    for (int i = 1; i < argc; ++i) {
        if (strcmp(argv[i], "--help") == 0) {
            printf("usage: parbench info [--json]\n"
                   "this machine: topology, caches, memory (hwloc), compiler and flags, OpenMP, MPI, OMP_*/OMPI_MCA_*\n");
            return PB_OK;
        }
        if (strcmp(argv[i], "--json") == 0 && !json)
            json = true;
        else if (strcmp(argv[i], "--json") == 0) {
            return usage_error("parbench info: --json is given more than once");
        } else {
            char msg[256];
            snprintf(msg, sizeof msg, "parbench info: unexpected argument '%s'; accepted: --json", argv[i]);
            return usage_error(msg);
        }
    }
    if (pb_mpi_launched() && !pb_mpi_init()) {
        fprintf(stderr, "parbench: MPI_Init failed\n");
        return PB_RUNTIME_ERROR;
    }
    char hosts[4096];
    pb_mpi_hosts(true, hosts, sizeof hosts);
    if (pb_mpi_rank() == 0) {
        if (json)
            machine_print_json(stdout);
        else {
            machine_print_text(stdout);
            if (pb_mpi_size() > 1)
                printf("mpi ranks      %d on hosts %s\n", pb_mpi_size(), hosts);
        }
    }
    pb_mpi_finalize();
    return PB_OK;
}

static int run_one(const bench_options *o, const variant_desc *v, int threads, result_record *rec)
{
    run_spec spec = {
        .kernel = o->kernel, .variant = v, .size = o->size, .seed = o->seed, .threads = threads,
        .reps = o->reps, .warmup = o->warmup, .flags = o->flags, .tag = o->tag, .quiet = o->quiet,
    };
    char label[96];
    snprintf(label, sizeof label, "%s/%s", o->kernel->name, v->name);
    return runner_step(&spec, o->csv, label, rec);
}

static int cmd_bench(int argc, char **argv, bool sweep)
{
    bench_options o;
    char err[512];
    if (options_parse(argc, argv, sweep, &o, err, sizeof err) != PB_OK)
        return usage_error(err);
    if (o.help) {
        fputs(USAGE, stdout);
        return PB_OK;
    }
    if (o.dry_run) { /* no MPI_Init: a login node may check a job's options before it queues */
        char cerr[512];
        if (o.csv && results_check(o.csv, cerr, sizeof cerr) != PB_OK)
            return usage_error(cerr);
        if (pb_mpi_env_rank() == 0 && !o.quiet) {
            printf("dry run: %s %s, variants", sweep ? "sweep" : "run", o.kernel->name);
            for (size_t i = 0; i < o.nvariants; ++i)
                printf("%s%s", i ? "," : " ", o.variants[i]->name);
            printf(", size %llu, %d reps after %d warm-up: the options are valid; nothing was run\n",
                   (unsigned long long)o.size, o.reps, o.warmup);
        }
        return PB_OK;
    }
    bool need_mpi = pb_mpi_launched();
    for (size_t i = 0; i < o.nvariants; ++i)
        need_mpi |= o.variants[i]->model == EXEC_MPI || o.variants[i]->model == EXEC_HYBRID;
    int status = runner_begin(need_mpi, o.csv);
    if (status != PB_OK)
        return status;
    int rank = pb_mpi_rank();
    if (rank == 0 && !o.quiet)
        report_header(&o, sweep ? "sweep" : "run");
    result_record recs[OPT_MAX_VARIANTS * OPT_MAX_THREADS];
    size_t nrec = 0;
    for (size_t i = 0; i < o.nvariants && status != PB_BAD_INPUT; ++i)
        for (size_t t = 0; t < o.nthreads && status != PB_BAD_INPUT; ++t) {
            int st = run_one(&o, o.variants[i], (int)o.threads[t], &recs[nrec]);
            if (st == PB_OK || st == PB_VERIFY_FAILED)
                ++nrec;
            status = runner_worse(status, st);
        }
    if (rank == 0 && !o.quiet && nrec > 1) {
        if (sweep)
            report_sweep_summary(recs, nrec);
        else
            report_comparisons(o.kernel, recs, nrec);
    }
    pb_mpi_finalize();
    return status;
}

int cli_main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("missing command; try parbench --help (commands: list, info, run, sweep, io, demo, analyze, compare)");
    const char *cmd = argv[1];
    interrupt_install();
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(USAGE, stdout);
        return PB_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("parbench %s (MPI %s, hwloc %s, OpenBLAS %s)\n", PARBENCH_VERSION, PARBENCH_HAVE_MPI ? "yes" : "no",
               PARBENCH_HAVE_HWLOC ? "yes" : "no", PARBENCH_HAVE_BLAS ? "yes" : "no");
        return PB_OK;
    }
    uint64_t cap;
    const char *why;
    if (!machine_memory_cap(&cap, &why)) {
        char msg[512];
        snprintf(msg, sizeof msg, "PARBENCH_MAX_MEMORY '%.100s': %s; expected a number of bytes such as 8e9 or 2^33",
                 getenv("PARBENCH_MAX_MEMORY"), why);
        return usage_error(msg);
    }
    if (strcmp(cmd, "list") == 0)
        return cmd_list(argc - 1, argv + 1);
    if (strcmp(cmd, "info") == 0)
        return cmd_info(argc - 1, argv + 1);
    if (strcmp(cmd, "run") == 0)
        return cmd_bench(argc - 1, argv + 1, false);
    if (strcmp(cmd, "sweep") == 0)
        return cmd_bench(argc - 1, argv + 1, true);
    if (strcmp(cmd, "io") == 0)
        return io_main(argc - 1, argv + 1);
    if (strcmp(cmd, "demo") == 0)
        return demo_main(argc - 1, argv + 1);
    if (strcmp(cmd, "analyze") == 0)
        return analyze_main(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0)
        return compare_main(argc - 1, argv + 1);
    char msg[256];
    snprintf(msg, sizeof msg, "unknown command '%.64s'; expected one of list, info, run, sweep, io, demo, analyze, compare (see parbench --help)", cmd);
    return usage_error(msg);
}
