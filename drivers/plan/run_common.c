#include "plan/run_common.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "plan/runner.h"
#include "output/results.h"
#include "env/machine.h"
#include "env/mpi_env.h"
#include "parbench_config.h"

#define C(field) offsetof(run_common, field)

const opt_spec run_common_options[] = {
    {.name = "reps", .kind = OPT_COUNT, .offset = C(reps), .min = 1, .max = OPT_REPS_LIMIT, .auto_ok = true,
     .metavar = "R|auto", .expect = "a repetition count from 1 to 100000, or auto",
     .help = "timed repetitions (the median is reported); auto: until its 95% interval is within +-2%"},
    {.name = "max-time", .kind = OPT_REAL, .offset = C(max_time), .dmin = 0.001, .dmax = 86400, .metavar = "S",
     .expect = "seconds from 0.001 to 86400", .help = "with --reps auto: stop after S seconds of repetitions"},
    {.name = "warmup", .kind = OPT_COUNT, .offset = C(warmup), .min = 0, .max = OPT_WARMUP_LIMIT,
     .expect = "a count from 0 to 1000", .help = "untimed runs first"},
    {.name = "seed", .kind = OPT_COUNT, .offset = C(seed), .min = 0, .max = UINT64_MAX,
     .expect = "a whole number from 0 to 18446744073709551615", .help = "random seed"},
    {.name = "csv", .kind = OPT_PATH, .offset = C(csv), .expect = "a file path",
     .help = "append one row per run to FILE (header written when new)"},
    {.name = "trace", .kind = OPT_PATH, .offset = C(trace), .expect = "a file path",
     .help = "write who computed, waited and had requests in flight, when and where, as Chrome Trace JSON"},
    {.name = "quiet", .kind = OPT_FLAG, .offset = C(quiet), .help = "no table on stdout and no warnings"},
    {.name = "dry-run", .kind = OPT_FLAG, .offset = C(dry_run),
     .help = "check the options, the CSV and the memory each step needs, run nothing (exit 0 or 2)"},
    {.name = "wait-quiet", .kind = OPT_REAL, .offset = C(wait_quiet), .dmin = 0, .dmax = 3600, .metavar = "S",
     .expect = "seconds from 0 to 3600",
     .help = "before each step, wait up to S seconds (all its attempts together) while other work keeps the "
             "cores it needs busy (0: look, record, do not wait)"},
    {.name = "attempts", .kind = OPT_COUNT, .offset = C(attempts), .min = 1, .max = OPT_ATTEMPTS_LIMIT,
     .metavar = "K", .expect = "a count from 1 to 10",
     .help = "run a step flagged starved or cv-high again, K runs at most, and keep the best-founded row"},
    {0},
};

const opt_spec run_tag_option[] = {
    {.name = "tag", .kind = OPT_LABEL, .offset = C(tag), .max = OPT_TAG_MAX,
     .expect = "up to 31 letters, digits, '.', '_' or '-', not starting with '.' or '-'",
     .help = "a label stored in the tag column (sweeps use \"weak\" for weak scaling)"},
    {0},
};

void run_common_defaults(run_common *c, uint64_t reps)
{
    *c = (run_common){.reps = reps, .max_time = 10, .warmup = 1, .seed = 42, .tag = "", .attempts = 1};
}

int run_common_check(const run_common *c, const opt_parsed *p, char *err, size_t errlen)
{
    if (opt_given(p, "max-time") && c->reps != OPT_AUTO)
        return snprintf(err, errlen, "--max-time applies to --reps auto only: with --reps %llu it would be ignored",
                        (unsigned long long)c->reps), PB_BAD_INPUT;
    return PB_OK;
}

void cli_kernel_defaults(const kernel_desc *k, void *params)
{
    if (k->options && k->options->defaults)
        k->options->defaults(params);
}

int cli_kernel_check(const kernel_desc *k, void *params, const char *csv, char *err, size_t errlen)
{
    if (k->options && k->options->check)
        return k->options->check(params, csv, err, errlen);
    return PB_OK;
}

static bool listed(const variant_desc *const *out, size_t n, const variant_desc *v)
{
    for (size_t i = 0; i < n; ++i)
        if (out[i] == v)
            return true;
    return false;
}

static int choose(const kernel_desc *k, const char *list, const variant_words *w, bool (*keep)(const variant_desc *),
                  const variant_desc **out, size_t cap, size_t *n, char *err, size_t errlen)
{
    const char *what = w->option, *why;
    char names[256];
    kernel_variant_names(k, names, sizeof names);
    *n = 0;
    if (strcmp(list, "all") == 0) {
        for (const variant_desc *v = k->variants; v->name; ++v)
            if (variant_usable(v, &why) && !v->reference && (!keep || keep(v)) && *n < cap)
                out[(*n)++] = v;
        if (*n == 0)
            return snprintf(err, errlen, "%s all: no %s of %s is available in this build", what, w->noun, w->owner),
                   PB_BAD_INPUT;
        return PB_OK;
    }
    /* the option's grammar (no empty entry, none twice) was checked by the parser */
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), p);
        p += len + (p[len] == ',');
        const variant_desc *v = kernel_variant(k, name);
        if (v && v->reference)
            v = NULL;
        if (!v && strcmp(name, "all") == 0)
            return snprintf(err, errlen, "%s '%s': 'all' stands alone (every one); or list some of %s", what, list,
                            names), PB_BAD_INPUT;
        if (!v)
            return snprintf(err, errlen, "%s '%s': %s has the %s %s", what, opt_show(name), w->owner, w->noun, names),
                   PB_BAD_INPUT;
        if (!variant_usable(v, &why))
            return snprintf(err, errlen, "%s %s: unavailable: %s", what, name, why), PB_BAD_INPUT;
        if (keep && !keep(v))
            return snprintf(err, errlen, "%s %s: not accepted here", what, name), PB_BAD_INPUT;
        if (*n == cap || listed(out, *n, v))
            return snprintf(err, errlen, "%s: too many entries", what), PB_BAD_INPUT;
        out[(*n)++] = v;
    }
    return PB_OK;
}

int cli_choose_variants(const kernel_desc *k, const char *list, const variant_words *w,
                        bool (*keep)(const variant_desc *), const opt_parsed *parsed, const variant_desc **out,
                        size_t cap, size_t *n, char *err, size_t errlen)
{
    if (choose(k, list, w, keep, out, cap, n, err, errlen) != PB_OK)
        return PB_BAD_INPUT;
    const char *names[64];
    size_t count = *n < 64 ? *n : 64;
    for (size_t i = 0; i < count; ++i)
        names[i] = out[i]->name;
    return opt_check_applies(parsed, names, count, w->option, err, errlen);
}

run_spec cli_step_spec(const run_common *c, const kernel_desc *k, const variant_desc *v, uint64_t size, int threads,
                       const void *params)
{
    return (run_spec){.kernel = k, .variant = v, .size = size, .seed = c->seed, .threads = threads,
                      .reps = c->reps == OPT_AUTO ? 0 : (int)c->reps, .max_time = c->max_time,
                      .warmup = (int)c->warmup, .params = params, .tag = c->tag};
}

/* "5", or "auto (<= 10 s)" */
static void reps_text(const run_common *c, char *buf, size_t len)
{
    if (c->reps == OPT_AUTO)
        snprintf(buf, len, "auto (+-2%%, <= %g s)", c->max_time);
    else
        snprintf(buf, len, "%llu", (unsigned long long)c->reps);
}

void cli_title(char *buf, size_t len, const char *cmd, const kernel_desc *k, uint64_t size, const run_common *c,
               const void *params)
{
    char sz[32], line[256] = "";
    format_size(size, sz, sizeof sz);
    if (size == OPT_AUTO)
        snprintf(sz, sizeof sz, "auto");
    if (k->options && k->options->describe)
        k->options->describe(params, line, sizeof line);
    char reps[32];
    reps_text(c, reps, sizeof reps);
    snprintf(buf, len, "parbench %s %s | %s | size %s %s | seed %llu | %s reps after %llu warm-up | machine %s\n%s%s",
             PARBENCH_VERSION, cmd, k->name, sz, k->size_meaning, (unsigned long long)c->seed, reps,
             (unsigned long long)c->warmup, machine_get()->id, line, line[0] ? "\n" : "");
}

/* Ranks of this launch on this node (before MPI starts: the launcher's environment;
 * unknown: all of them, the safe side on one machine). */
static int env_node_ranks(void)
{
    static const char *vars[] = {"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS", NULL};
    for (const char **v = vars; *v; ++v) {
        const char *s = getenv(*v);
        if (s && atoi(s) > 0)
            return atoi(s);
    }
    return pb_mpi_env_size();
}

/* The bytes the step needs on this node (0: negligible or not yet known). */
static uint64_t step_memory(const run_spec *s)
{
    const kernel_desc *k = s->kernel;
    exec_model m = s->variant->model;
    bool collective = m == EXEC_MPI || m == EXEC_HYBRID;
    if (!k->memory || s->size == OPT_AUTO)
        return 0;
    bench_ctx ctx = {.size = s->size, .seed = s->seed, .threads = m == EXEC_THREADS || m == EXEC_HYBRID ? s->threads : 1,
                     .ranks = collective ? pb_mpi_env_size() : 1, .variant = s->variant, .params = s->params};
    return k->memory(&ctx) * (uint64_t)(collective ? env_node_ranks() : 1);
}

/* The largest step's memory against what is available, before any step runs: PB_OK, or
 * PB_BAD_INPUT with err. *most and *which get the largest step. */
static int check_memory(const plan *p, uint64_t *most, const char **which, char *err, size_t errlen)
{
    *most = 0;
    *which = NULL;
    for (size_t i = 0; i < p->n; ++i) {
        uint64_t need = step_memory(&p->steps[i].spec);
        if (need > *most)
            *most = need, *which = p->steps[i].label;
    }
    uint64_t avail = machine_available_memory();
    if (*most && avail && *most > avail)
        return snprintf(err, errlen, "%s: needs %llu bytes (%.0f MiB) on this node, but %llu bytes (%.0f MiB) are "
                        "available (MemAvailable, the cgroup's limit or PARBENCH_MAX_MEMORY): use a smaller --size",
                        *which, (unsigned long long)*most, (double)*most / (1 << 20), (unsigned long long)avail,
                        (double)avail / (1 << 20)), PB_BAD_INPUT;
    return PB_OK;
}

void cli_print_memory(const plan *p, bool sizes_auto)
{
    uint64_t most;
    const char *which;
    char err[768];
    check_memory(p, &most, &which, err, sizeof err); /* (a step that does not fit was refused before) */
    if (sizes_auto)
        printf("memory: chosen with the size (--size auto stops before a size that does not fit in %.0f MiB)\n",
               (double)machine_available_memory() / (1 << 20));
    else if (most)
        printf("memory: %.1f MiB at most (%s), of %.0f MiB available\n", (double)most / (1 << 20), which,
               (double)machine_available_memory() / (1 << 20));
    else
        printf("memory: negligible (a few MiB), of %.0f MiB available\n",
               (double)machine_available_memory() / (1 << 20));
}

static int dry_run(const plan *p, const char *cmd, const kernel_desc *k, uint64_t size, const run_common *c)
{
    char err[768];
    if (c->csv && results_check(c->csv, err, sizeof err) != PB_OK)
        return cli_usage_error(err);
    if (pb_mpi_env_rank() != 0 || c->quiet)
        return PB_OK;
    char sz[32];
    format_size(size, sz, sizeof sz);
    if (size == OPT_AUTO)
        snprintf(sz, sizeof sz, "auto");
    printf("dry run: %s %s, variants", cmd, k->name);
    for (size_t i = 0; i < p->n; ++i) {
        bool seen = false;
        for (size_t j = 0; j < i; ++j)
            seen |= p->steps[j].spec.variant == p->steps[i].spec.variant;
        if (!seen && !p->steps[i].spec.variant->reference)
            printf("%s%s", i ? "," : " ", p->steps[i].spec.variant->name);
    }
    char reps[32];
    reps_text(c, reps, sizeof reps);
    printf(", size %s, %s reps after %llu warm-up: the options are valid; nothing was run\n", sz, reps,
           (unsigned long long)c->warmup);
    cli_print_memory(p, size == OPT_AUTO);
    return PB_OK;
}

int cli_plan_finish(plan *p, int status, const char *cmd, const kernel_desc *k, uint64_t size, const run_common *c)
{
    p->wait_quiet = c->wait_quiet;
    p->attempts = (int)c->attempts;
    uint64_t most;
    const char *which;
    char err[768];
    if (status == PB_OK && check_memory(p, &most, &which, err, sizeof err) != PB_OK) {
        plan_free(p);
        return cli_usage_error(err);
    }
    if (status == PB_OK && c->dry_run)
        status = dry_run(p, cmd, k, size, c);
    else if (status == PB_OK)
        status = runner_execute(p);
    else
        fprintf(stderr, "parbench: out of memory for the plan\n");
    plan_free(p);
    return status;
}

bool run_common_parse(const opt_command *cmd, const opt_spec *own, void *own_values, run_common *c, uint64_t reps,
                      opt_group groups[2], int argc, char **argv, opt_parsed *parsed, int *status)
{
    run_common_defaults(c, reps);
    groups[0] = (opt_group){own, own_values, NULL};
    groups[1] = (opt_group){run_common_options, c, RUN_COMMON_TITLE};
    char err[768];
    if (opt_parse(cmd, groups, 2, argc, argv, 1, parsed, err, sizeof err) == PB_OK)
        return true;
    *status = cli_usage_error(err);
    return false;
}
