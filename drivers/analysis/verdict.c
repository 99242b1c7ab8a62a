#include "analysis/verdict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/quality.h"
#include "output/command.h"
#include "base/options.h"
#include "base/parse.h"
#include "core/harness.h"
#include "core/kernel.h"
#include "glue/kernel_list.h"

/* The untrusted steps listed, at most (the rest are counted). */
#define VERDICT_MAX_LISTED 24

void verdict_step_id(const result_record *r, char *buf, size_t len)
{
    buf[0] = '\0';
    if (scaling_is_demo_bars(r))
        return;
    if (strcmp(r->kernel, "peak") == 0)
        snprintf(buf, len, "peak");
    else if (strcmp(r->kernel, "io-latency") == 0)
        snprintf(buf, len, "io-latency:%.0f", isfinite(r->requests) ? r->requests : (double)r->size);
    else if (strcmp(r->kernel, "io-overlap") == 0)
        snprintf(buf, len, "io-overlap:%d", r->ranks);
    else if (strcmp(r->kernel, "io-server") == 0 && isfinite(r->compute_ms))
        snprintf(buf, len, "io-server:%g", r->compute_ms);
    else if (kernel_find(r->kernel) && (!r->tag[0] || strncmp(r->tag, "weak", 4) == 0))
        snprintf(buf, len, "%s:%s:%dx%d", r->kernel, r->variant, r->ranks, r->threads);
    /* (a compute kernel's row with another tag is a demo's case, not a sweep step) */
}

/* A row to be trusted: verified, none of the flags that make its number say little. */
static bool trusted(const result_record *r)
{
    return r->verified && quality_trusted(r);
}

static void flaws(const result_record *r, char *buf, size_t len) { harness_flaws(r, buf, len); }

static int usable_of(const result_record *r)
{
    int hosts = 1;
    for (const char *c = r->hosts; *c; ++c)
        hosts += *c == ';';
    return r->usable_cores > 0 ? r->usable_cores * hosts : 0;
}

/* The point of a series on all usable cores (the most workers within them). */
static const scaling_point *at_all_cores(const scaling_series *s, int usable)
{
    const scaling_point *best = NULL;
    for (size_t i = 0; i < s->n; ++i)
        if (s->points[i].workers <= usable && !s->points[i].oversubscribed &&
            (!best || s->points[i].workers > best->workers))
            best = &s->points[i];
    return best && best->workers > 1 ? best : NULL;
}

/* "montecarlo 1e9: omp 1.98x (1.95-2.01), mpi 2.02x (2.00-2.04) on 2 cores"; a speedup
 * above its workers' count is marked [superlinear]: true when one was. */
static bool headline(FILE *out, const scaling_group *g)
{
    if (g->weak || !g->serial)
        return false;
    bool superlinear = false;
    int usable = 0;
    for (size_t s = 0; s < g->nseries; ++s)
        for (size_t i = 0; i < g->series[s].n; ++i)
            usable = usable_of(g->series[s].points[i].row) > usable ? usable_of(g->series[s].points[i].row) : usable;
    char size[32], line[1024];
    format_size(g->size, size, sizeof size);
    size_t pos = (size_t)snprintf(line, sizeof line, "  %s %s:", g->kernel, size);
    int shown = 0;
    for (size_t s = 0; s < g->nseries; ++s) {
        const scaling_series *se = &g->series[s];
        const scaling_point *p = strcmp(se->name, "serial") == 0 ? NULL : at_all_cores(se, usable);
        if (!p || pos >= sizeof line)
            continue;
        speedup_ci ci = quality_speedup(g->serial, p->row);
        char why[128];
        flaws(p->row, why, sizeof why);
        if (!trusted(g->serial)) {
            char base[96];
            flaws(g->serial, base, sizeof base);
            snprintf(why + strlen(why), sizeof why - strlen(why), "%sserial: %s", why[0] ? "; " : "", base);
        }
        if (why[0])
            pos += (size_t)snprintf(line + pos, sizeof line - pos, "%s %s x%d untrusted [%s] (measured %.2fx)",
                                    shown ? "," : "", se->name, p->workers, why, ci.speedup);
        else if (isfinite(ci.low) && isfinite(ci.high))
            pos += (size_t)snprintf(line + pos, sizeof line - pos, "%s %s %.2fx (%.2f-%.2f) on %d", shown ? "," : "",
                                    se->name, ci.speedup, ci.low, ci.high, p->workers);
        else
            pos += (size_t)snprintf(line + pos, sizeof line - pos, "%s %s %.2fx on %d", shown ? "," : "", se->name,
                                    ci.speedup, p->workers);
        if (!why[0] && ci.speedup > QUALITY_SUPERLINEAR * p->workers && pos < sizeof line) {
            pos += (size_t)snprintf(line + pos, sizeof line - pos, " [superlinear]");
            superlinear = true;
        }
        ++shown;
    }
    if (shown)
        fprintf(out, "%s\n", line);
    return superlinear;
}

void verdict_print(FILE *out, const record_list *rows, const scaling_group *groups, size_t ngroups, const char *dir)
{
    size_t steps = 0, good = 0, listed = 0;
    char only[2048] = "";
    bool busy_seen = false;
    size_t only_len = 0;
    for (size_t i = 0; i < rows->n; ++i) {
        char id[96];
        verdict_step_id(&rows->rows[i], id, sizeof id);
        if (!id[0])
            continue;
        ++steps;
        good += trusted(&rows->rows[i]);
    }
    if (steps == 0) {
        fprintf(out, "verdict: no benchmark steps among these rows\n");
        return;
    }
    if (good == steps)
        fprintf(out, "verdict: all %zu steps trusted\n", steps);
    else
        fprintf(out, "verdict: %zu of %zu steps trusted\n", good, steps);
    bool superlinear = false;
    for (size_t g = 0; g < ngroups; ++g)
        superlinear |= headline(out, &groups[g]);
    if (superlinear)
        fprintf(out, "  [superlinear]: faster than its workers' count allows; most often the one-worker run met a "
                     "slower moment of this machine (a VM's speed varies from run to run): measure the series "
                     "again before drawing a lesson from it\n");
    if (good == steps)
        return;
    fprintf(out, "  not trusted after their attempts:\n");
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        char id[96], why[128];
        verdict_step_id(r, id, sizeof id);
        if (!id[0] || trusted(r))
            continue;
        if (listed++ >= VERDICT_MAX_LISTED)
            continue;
        flaws(r, why, sizeof why);
        /* was other work in the way? (unknown counts as yes) */
        busy_seen |= harness_has_note(r, "starved") || !isfinite(r->others_busy) || r->others_busy >= 0.5;
        char shown[128]; /* (peak is one step of four rows, io one of three: each row named) */
        snprintf(shown, sizeof shown, "%s", id);
        if (strcmp(r->kernel, "peak") == 0)
            snprintf(shown, sizeof shown, "peak:%s:%dx%d", r->variant, r->ranks, r->threads);
        else if (strncmp(r->kernel, "io-", 3) == 0) /* (one step runs every mode: each row named) */
            snprintf(shown, sizeof shown, "%s/%s", id, r->variant);
        fprintf(out, "    %-24s %s", shown, why);
        if (r->attempts > 0)
            fprintf(out, "; %d attempt%s", r->attempts, r->attempts == 1 ? "" : "s");
        if (isfinite(r->others_busy) && r->usable_cores > 0)
            fprintf(out, "; other work kept %.1f of %d cores busy", r->others_busy, r->usable_cores);
        if (isfinite(r->load1))
            fprintf(out, " (load %.1f)", r->load1);
        fprintf(out, "\n");
        bool again = strstr(only, id) != NULL; /* (ids are distinct per row after cleaning) */
        if (!again && only_len + strlen(id) + 2 < sizeof only)
            only_len += (size_t)snprintf(only + only_len, sizeof only - only_len, "%s%s", only_len ? "," : "", id);
    }
    if (listed > VERDICT_MAX_LISTED)
        fprintf(out, "    ... and %zu more\n", listed - VERDICT_MAX_LISTED);
    if (dir && only[0] && busy_seen)
        fprintf(out, "  measure them again when the machine is quieter: parbench suite --out %s --only %s\n", dir,
                only);
    else if (dir && only[0]) /* a quiet machine: waiting would change nothing, more samples may */
        fprintf(out, "  their spread is their own (no other work was in the way): measure them again with more "
                     "repetitions: parbench suite --out %s --only %s --reps 10\n", dir, only);
}

static const opt_command verdict_cmd = {
    .name = "verdict", .usage = "parbench verdict RUNS.csv [--since TIMESTAMP]",
    .summary = "how many steps are trusted, each kernel's speedups on all usable cores with their interval, and\n"
               "what to measure again (sweep.sh prints it at its end; analyze adds it to scaling.txt)",
    .positional = "RUNS.csv", .min_positional = 1, .max_positional = 1,
};

typedef struct {
    const char *since;
} verdict_values;

static const opt_spec verdict_options[] = {
    {.name = "since", .kind = OPT_PATH, .offset = offsetof(verdict_values, since), .metavar = "TIMESTAMP",
     .expect = "an ISO 8601 UTC time like 2026-12-06T19:00:00Z",
     .help = "only the rows written at or after this time (a sweep's own rows)"},
    {0},
};

static bool iso_time(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    if (strlen(s) != sizeof shape - 1)
        return false;
    for (size_t i = 0; shape[i]; ++i)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
            return false;
    return true;
}

static int verdict_body(void *values, const opt_parsed *parsed)
{
    const verdict_values *v = values;
    char err[1024];
    if (v->since && !iso_time(v->since))
        return snprintf(err, sizeof err, "--since '%s': expected an ISO 8601 UTC time like 2026-12-06T19:00:00Z",
                        opt_show(v->since)), cli_usage_error(err);
    const char *path = parsed->positional[0];
    record_list rows = {0};
    int status = csv_read_results(path, &rows, err, sizeof err);
    if (status != PB_OK) {
        fprintf(stderr, "parbench: %s\n", err);
        record_list_free(&rows);
        return status;
    }
    for (size_t i = rows.n; v->since && i-- > 0;)
        if (strcmp(rows.rows[i].timestamp, v->since) < 0)
            record_list_remove(&rows, i);
    /* not-verified rows are steps too: counted before cleaning takes them out */
    size_t wrong = 0;
    for (size_t i = 0; i < rows.n; ++i) {
        char id[96];
        verdict_step_id(&rows.rows[i], id, sizeof id);
        wrong += id[0] && !rows.rows[i].verified;
    }
    scaling_clean(&rows);
    const char *machine = rows.n ? rows.rows[0].machine : NULL;
    size_t cap = rows.n ? scaling_count_groups(&rows, machine) : 0, dropped = 0;
    scaling_group *groups = calloc(cap ? cap : 1, sizeof *groups);
    size_t ng = groups && cap ? scaling_groups(&rows, machine, groups, cap, &dropped) : 0;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    verdict_print(stdout, &rows, groups, ng, dir);
    if (wrong)
        printf("  %zu step%s failed verification (left out above): see the rows with verified=false\n", wrong,
               wrong == 1 ? "" : "s");
    free(groups);
    record_list_free(&rows);
    return PB_OK;
}

static const cli_simple verdict_command = {&verdict_cmd, verdict_options, &(verdict_values){0}, sizeof(verdict_values),
                                           verdict_body};
int verdict_main(int argc, char **argv) { return cli_run_simple(&verdict_command, argc, argv); }
