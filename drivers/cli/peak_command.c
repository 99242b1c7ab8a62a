/* `parbench peak`: the machine's own limits, FP64 FMA throughput (GFLOP/s) and STREAM
 * triad bandwidth (GB/s), each at one core and at all usable cores, run through the one
 * run loop as rows of kernel peak (variants fma and triad) in the same CSV as every other
 * run; `run`, `sweep` and `analyze` read them back as the roofs of this machine. And the
 * "peak" member of machine.json (`parbench info --json --peak RUNS.csv`). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/csv_read.h"
#include "output/roofline.h"
#include "cli/commands.h"
#include "plan/run_common.h"
#include "base/parse.h"
#include "core/harness.h"
#include "plan/runner.h"
#include "env/machine.h"
#include "env/usable_cores.h"
#include "peak/peak.h"
#include "parbench_config.h"

extern const kernel_desc peak_kernel;

/* A triad array is at least this many times the last-level cache (STREAM's rule), and
 * at least this many elements (128 MiB) on a machine whose caches are unknown. */
#define TRIAD_CACHE_FACTOR 4
#define TRIAD_MIN_ELEMENTS (1ull << 24)
/* No CPU sold has more last-level cache than this per core (AMD's stacked-cache parts:
 * 96 MiB for 8 cores, 12 a core); VMs report more (2 x 508 MB of L3 on a 2-core Zen 5
 * VM here), which would have made each array 4 GB. A larger report is taken as this. */
#define TRIAD_CACHE_PER_CORE_MAX (32ull << 20)
/* The three arrays take at most this share of the available memory (MemAvailable, the
 * cgroup's limit): the rest is the user's browser, editor and build. */
#define TRIAD_MEMORY_SHARE 0.25
/* fma steps per chain: about 0.1 s per repetition on a current core */
#define FMA_DEFAULT_STEPS (1ull << 24)

static const opt_command peak_cmd = {
    .name = "peak", .usage = "parbench peak [--csv FILE] [--threads T] [options]",
    .summary = "the machine's own limits: FP64 FMA throughput (GFLOP/s, the widest vector code the CPU runs) and\n"
               "STREAM triad bandwidth (GB/s), at one core and all usable cores; rows kernel=peak, variants fma and\n"
               "triad. Later runs into the same CSV get pct_peak: their share of this roofline",
    .epilog = "record the figures in machine.json: parbench info --json --peak FILE > machine.json\n"
              "exit codes: 0 ran and verified, 1 verification failed, 2 bad usage or input, 3 runtime failure\n",
};

typedef struct {
    uint64_t threads, fma_steps, triad_elements;
} peak_values;

#define P(field) offsetof(peak_values, field)
static const opt_spec peak_options[] = {
    {.name = "threads", .kind = OPT_COUNT, .offset = P(threads), .min = 1, .max = OPT_THREADS_LIMIT, .metavar = "T",
     .expect = "a thread count from 1 to 4096",
     .help = "the all-cores runs' threads; 1: the one-core runs only", .computed = "the usable cores"},
    {.name = "fma-steps", .kind = OPT_SIZE, .offset = P(fma_steps), .min = 1, .max = 1ull << 36, .metavar = "N",
     .expect = "a whole number from 1 to 2^36, like 2^24 or 1e7",
     .help = "steps of each FMA chain per thread and repetition (2^24: about 0.1 s)"},
    {.name = "triad-elements", .kind = OPT_SIZE, .offset = P(triad_elements), .min = 1, .max = 1ull << 36,
     .metavar = "N", .expect = "a whole number from 1 to 2^36, like 2^24 or 1e8",
     .help = "elements of each triad array",
     .computed = "4x the last-level cache, at least 2^24, the three arrays within a quarter of the available memory"},
    {0},
};

/* STREAM's size: TRIAD_CACHE_FACTOR x all the last-level cache (as much as is
 * plausible), in elements, within TRIAD_MEMORY_SHARE of the available memory. note
 * gets what was capped and why ("" when nothing was). */
static uint64_t default_triad_elements(char *note, size_t len)
{
    const machine_info *m = machine_get();
    int level = m->cache_bytes[3] ? 3 : 2, cores = m->cores > 0 ? m->cores : 1;
    uint64_t llc = m->cache_bytes[level] * (uint64_t)(m->cache_count[level] > 0 ? m->cache_count[level] : 1);
    uint64_t plausible = TRIAD_CACHE_PER_CORE_MAX * (uint64_t)cores;
    note[0] = '\0';
    if (llc > plausible) {
        snprintf(note, len, "the topology reports %.0f MiB of L%d cache for %d cores (more than any CPU has: a VM's "
                 "figure); the arrays are sized from %.0f MiB", (double)llc / (1 << 20), level, cores,
                 (double)plausible / (1 << 20));
        llc = plausible;
    }
    uint64_t n = TRIAD_CACHE_FACTOR * llc / sizeof(double);
    n = n > TRIAD_MIN_ELEMENTS ? n : TRIAD_MIN_ELEMENTS;
    uint64_t budget = (uint64_t)(TRIAD_MEMORY_SHARE * (double)machine_available_memory()) / (3 * sizeof(double));
    if (budget && n > budget) {
        size_t used = strlen(note);
        snprintf(note + used, len - used, "%sthe arrays are cut to %.0f MiB each, %.0f%% of the available memory "
                 "in all%s", used ? "; " : "", (double)budget * sizeof(double) / (1 << 20), 100 * TRIAD_MEMORY_SHARE,
                 budget < TRIAD_CACHE_FACTOR * llc / sizeof(double) ? " (they may be partly in cache: the triad roof "
                 "may read high)" : "");
        n = budget;
    }
    return n;
}

/* " [starved, cv-high: not a roof]" for a row whose flags keep it from being a roof. */
static void roof_flags(const result_record *r, char *buf, size_t len)
{
    static const char *const names[] = {"starved", "cv-high", "roof-below-1core"};
    size_t pos = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i)
        if (harness_has_note(r, names[i]))
            pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : " [", names[i]);
    if (pos)
        snprintf(buf + pos, len - pos, "%s]", harness_flags_trusted(r) ? "" : ": not used as a roof");
}

/* The figures of one variant: its one-core and all-cores rows, with their flags. */
static void summary_line(const result_record *recs, size_t n, const char *variant, const char *what)
{
    const result_record *one = NULL, *all = NULL;
    for (size_t i = 0; i < n; ++i)
        if (strcmp(recs[i].variant, variant) == 0 && recs[i].verified)
            *(recs[i].threads == 1 ? &one : &all) = &recs[i];
    if (!one)
        return;
    char flags[96];
    roof_flags(one, flags, sizeof flags);
    printf("%s: %.4g %s on 1 core%s", what, one->throughput, one->unit, flags);
    if (all) {
        roof_flags(all, flags, sizeof flags);
        printf(", %.4g %s on %d cores (%.2fx)%s", all->throughput, all->unit, all->threads,
               all->throughput / one->throughput, flags);
    }
    printf("\n");
}

static void summarize(const plan *p, const result_record *recs, size_t n)
{
    summary_line(recs, n, "fma", "FP64 FMA peak");
    summary_line(recs, n, "triad", "memory bandwidth (STREAM triad)");
    if (p->csv)
        printf("roofs: later runs with --csv %s get pct_peak; machine.json: parbench info --json --peak %s\n", p->csv,
               p->csv);
}

int cli_peak(int argc, char **argv)
{
    char sizing[512];
    peak_values v = {.threads = (uint64_t)usable_cores(NULL), .fma_steps = FMA_DEFAULT_STEPS,
                     .triad_elements = default_triad_elements(sizing, sizeof sizing)};
    run_common c;
    opt_group groups[2];
    opt_parsed parsed;
    int status;
    if (!run_common_parse(&peak_cmd, peak_options, &v, &c, 10, groups, argc, argv, &parsed, &status))
        return status;
    if (parsed.help)
        return opt_print_help(&peak_cmd, groups, 2, stdout), PB_OK;
    char err[768];
    if (run_common_check(&c, &parsed, err, sizeof err) != PB_OK || harness_check_debug_env(err, sizeof err) != PB_OK)
        return cli_usage_error(err);

    char agreement[4096];
    opt_canonical(&parsed, groups, 2, agreement, sizeof agreement);
    /* the rows are the roofs: they are not measured against earlier ones */
    plan p = {.csv = c.csv, .trace = c.trace, .quiet = c.quiet, .first_column = "variant", .summary = summarize,
              .agreement = agreement, .verdict = true};
    char steps[32], elements[32], reps[32];
    format_size(v.fma_steps, steps, sizeof steps);
    format_size(v.triad_elements, elements, sizeof elements);
    if (c.reps == OPT_AUTO)
        snprintf(reps, sizeof reps, "auto");
    else
        snprintf(reps, sizeof reps, "%llu", (unsigned long long)c.reps);
    snprintf(p.title, sizeof p.title,
             "parbench %s peak | fma: %d chains x %d doubles (%s), %s steps | triad: 3 arrays of %s doubles (%.0f MiB "
             "each) | %s reps after %llu warm-up | machine %s\n",
             PARBENCH_VERSION, peak_fma_chains(), peak_fma_lanes(), peak_fma_isa(), steps, elements,
             (double)v.triad_elements * sizeof(double) / (1 << 20), reps, (unsigned long long)c.warmup,
             machine_get()->id);
    if (sizing[0] && !opt_given(&parsed, "triad-elements")) {
        size_t used = strlen(p.title);
        snprintf(p.title + used, sizeof p.title - used, "note: %s\n", sizing);
    }
    status = PB_OK;
    for (const variant_desc *var = peak_kernel.variants; var->name && status == PB_OK; ++var)
        for (int all = 0; all <= (v.threads > 1) && status == PB_OK; ++all) {
            run_spec spec = cli_step_spec(&c, &peak_kernel, var,
                                          strcmp(var->name, "fma") == 0 ? v.fma_steps : v.triad_elements,
                                          all ? (int)v.threads : 1, NULL);
            char label[96];
            snprintf(label, sizeof label, "peak/%s", var->name);
            if (!plan_add(&p, &spec, label))
                status = PB_RUNTIME_ERROR;
        }
    return cli_plan_finish(&p, status, peak_cmd.name, &peak_kernel, v.fma_steps, &c);
}

/* The vector code of the newest verified fma row of machine ("avx512"), from its notes;
 * "" when none names one. The notes come from a file: only a plain word is taken. */
static void newest_isa(const record_list *rows, const char *machine, char *isa, size_t len)
{
    isa[0] = '\0';
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        const char *note = strstr(r->notes, "isa=");
        if (strcmp(r->kernel, "peak") != 0 || strcmp(r->variant, "fma") != 0 || !r->verified ||
            strcmp(r->machine, machine) != 0 || !note)
            continue;
        note += 4;
        size_t n = strspn(note, "abcdefghijklmnopqrstuvwxyz0123456789_");
        snprintf(isa, len, "%.*s", (int)n, note);
    }
}

static void json_number(char *buf, size_t len, const char *name, double x, bool last)
{
    size_t used = strlen(buf);
    if (isfinite(x) && x > 0)
        snprintf(buf + used, len - used, "\"%s\": %.4g%s", name, x, last ? "" : ", ");
    else
        snprintf(buf + used, len - used, "\"%s\": null%s", name, last ? "" : ", ");
}

int peak_json_member(const char *csv, char *buf, size_t len, char *err, size_t errlen)
{
    record_list rows = {0};
    int status = csv_read_results(csv, &rows, err, errlen);
    roofline roof;
    const char *machine = machine_get()->id;
    if (status != PB_OK || !roofline_from_rows(rows.rows, rows.n, machine, &roof)) {
        if (status == PB_OK)
            snprintf(err, errlen, "%s holds no verified peak rows of this machine (%s): run parbench peak --csv %s "
                     "first", opt_show(csv), machine, opt_show(csv));
        record_list_free(&rows);
        return status == PB_OK ? PB_BAD_INPUT : status;
    }
    char isa[32];
    newest_isa(&rows, machine, isa, sizeof isa);
    record_list_free(&rows);
    snprintf(buf, len, "\"peak\": {");
    json_number(buf, len, "fma_gflops_1core", roof.have_fma ? roof.fma1 : NAN, false);
    json_number(buf, len, "fma_gflops_all", roof.have_fma ? roof.fma_all : NAN, false);
    json_number(buf, len, "triad_gbs_1core", roof.have_bw ? roof.bw1 : NAN, false);
    json_number(buf, len, "triad_gbs_all", roof.have_bw ? roof.bw_all : NAN, false);
    size_t used = strlen(buf);
    snprintf(buf + used, len - used, "\"all_cores\": %d, \"isa\": %s%s%s}", roof.all_cores > 0 ? roof.all_cores : 1,
             isa[0] ? "\"" : "", isa[0] ? isa : "null", isa[0] ? "\"" : "");
    return PB_OK;
}
