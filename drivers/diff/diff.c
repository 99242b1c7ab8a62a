/* `parbench diff BASE NEW`: the command around diff_pairs.c. It reads the two results
 * files (or folders: their runs.csv), refuses rows from different machines unless told,
 * and writes one line per pair as a terminal table, Markdown or CSV. The exit code is
 * what automation reads: 0 nothing slower, 1 something slower, 2 bad input. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diff/diff.h"
#include "diff/ranktest.h"
#include "output/command.h"
#include "base/options.h"
#include "base/parse.h"
#include "core/kernel.h"

static const opt_command diff_cmd = {
    .name = "diff", .usage = "parbench diff BASE NEW [options]",
    .summary = "did anything get slower? BASE and NEW are results files (or folders: their runs.csv). Rows pair by\n"
               "kernel, variant, size, threads, ranks and tag (the newest row of a key when a file has several);\n"
               "each pair's repetitions (the samples column) are compared:\n"
               "  change  the Hodges-Lehmann shift (the median of all new - base differences) over the base median,\n"
               "          with its distribution-free interval from the Mann-Whitney order statistics\n"
               "  p       two-sided Mann-Whitney U: exact (the permutation distribution, ties included) up to 50\n"
               "          repetitions in all, normal approximation with tie and continuity correction above\n"
               "  verdict slower/faster only when p < alpha and |change| > threshold, else ~ (no difference the\n"
               "          data can show); fewer than 4 repetitions a side (schema-1 rows have none): not tested;\n"
               "          inconclusive when the sides did not run alike: a flag on either side (starved, cv-high,\n"
               "          oversubscribed, shared-core, tiny, below-timer-resolution), other usable cores or placement,\n"
               "          or other work keeping 0.5 core more busy on one side (older rows: load doubled, above the cores)",
    .positional = "BASE NEW", .min_positional = 2, .max_positional = 2,
    .epilog = "exit codes: 0 nothing got slower, 1 at least one pair got slower (listed first; with --strict also\n"
              "an inconclusive pair whose numbers say slower), 2 bad input, 3 runtime failure\n",
};

typedef struct {
    double alpha, threshold;
    const char *format;
    bool cross_machine, strict;
} diff_values;

#define V(field) offsetof(diff_values, field)
static const opt_spec diff_options[] = {
    {.name = "alpha", .kind = OPT_REAL, .offset = V(alpha), .dmin = 1e-6, .dmax = 0.5, .metavar = "A",
     .expect = "a significance level from 0.000001 to 0.5",
     .help = "call a change only when the test's two-sided p is below A; the intervals are at 1 - A"},
    {.name = "threshold", .kind = OPT_REAL, .offset = V(threshold), .dmin = 0, .dmax = 1000, .metavar = "P",
     .expect = "a percentage from 0 to 1000",
     .help = "... and only when the change is more than P percent of the base median"},
    {.name = "format", .kind = OPT_LABEL, .offset = V(format), .max = 8, .metavar = "table|md|csv",
     .expect = "table, md or csv", .help = "a terminal table, Markdown, or CSV for scripts"},
    {.name = "cross-machine", .kind = OPT_FLAG, .offset = V(cross_machine),
     .help = "compare rows from different machines (refused otherwise: that measures the machines)"},
    {.name = "strict", .kind = OPT_FLAG, .offset = V(strict),
     .help = "exit 1 also when an inconclusive pair's numbers alone say slower"},
    {0},
};

/* A folder stands for its runs.csv (what scripts write: results/<machine>/runs.csv). */
static int read_side(const char *path, record_list *rows, char *err, size_t errlen)
{
    char file[4096];
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        snprintf(file, sizeof file, "%s/runs.csv", path);
    else
        snprintf(file, sizeof file, "%s", path);
    return csv_read_results(file, rows, err, errlen);
}

/* The first machine id that differs from the first row's, or NULL. */
static const char *other_machine(const record_list *a, const record_list *b)
{
    const char *first = a->rows[0].machine;
    for (size_t i = 0; i < a->n; ++i)
        if (strcmp(a->rows[i].machine, first) != 0)
            return a->rows[i].machine;
    for (size_t i = 0; i < b->n; ++i)
        if (strcmp(b->rows[i].machine, first) != 0)
            return b->rows[i].machine;
    return NULL;
}

/* ---- the cells of one line, as people read them (table and Markdown) ---- */

enum { C_KERNEL, C_VARIANT, C_SIZE, C_THREADS, C_RANKS, C_TAG, C_BASE, C_NEW, C_N, C_CHANGE, C_CI, C_P, C_VERDICT,
       NCELLS };
#define CELL 64
static const char *const heads[NCELLS] = {"kernel", "variant", "size", "threads", "ranks", "tag", "base_s", "new_s",
                                          "n", "change", "interval", "p", "verdict"};
static const bool numeric[NCELLS] = {[C_SIZE] = true, [C_THREADS] = true, [C_RANKS] = true, [C_BASE] = true,
                                     [C_NEW] = true, [C_N] = true, [C_CHANGE] = true, [C_P] = true};

static const char *const verdict_words[] = {[DIFF_SLOWER] = "slower", [DIFF_FASTER] = "faster", [DIFF_SAME] = "~",
                                            [DIFF_INCONCLUSIVE] = "inconclusive", [DIFF_TOO_FEW] = "",
                                            [DIFF_ONLY_BASE] = "only in BASE", [DIFF_ONLY_NEW] = "only in NEW"};

static void verdict_text(const diff_pair *d, char *buf, size_t len)
{
    const diff_outcome *o = &d->out;
    if (o->verdict == DIFF_INCONCLUSIVE) {
        snprintf(buf, len, "inconclusive (test: %s)", verdict_words[o->tested]);
        return;
    }
    if (o->verdict != DIFF_TOO_FEW) {
        snprintf(buf, len, "%s", verdict_words[o->verdict]);
        return;
    }
    const result_record *none = !o->nbase ? d->base : !o->nnew ? d->fresh : NULL;
    if (o->nbase >= DIFF_MIN_SAMPLES && o->nnew >= DIFF_MIN_SAMPLES)
        snprintf(buf, len, "base median is 0: no change to state"); /* below the timer's resolution */
    else if (none)
        snprintf(buf, len, "no samples%s", none->schema == 1 ? " (schema 1)" : "");
    else
        snprintf(buf, len, "too few samples (%zu)", o->nbase < o->nnew ? o->nbase : o->nnew);
}

static void cells_of(const diff_pair *d, char c[NCELLS][CELL])
{
    const result_record *any = d->base ? d->base : d->fresh;
    const diff_outcome *o = &d->out;
    for (int i = 0; i < NCELLS; ++i)
        c[i][0] = '\0';
    snprintf(c[C_KERNEL], CELL, "%s", any->kernel);
    snprintf(c[C_VARIANT], CELL, "%s", any->variant);
    format_size(any->size, c[C_SIZE], CELL);
    snprintf(c[C_THREADS], CELL, "%d", any->threads);
    snprintf(c[C_RANKS], CELL, "%d", any->ranks);
    snprintf(c[C_TAG], CELL, "%s", any->tag);
    if (d->base)
        snprintf(c[C_BASE], CELL, "%.4g", d->base->time_s);
    if (d->fresh)
        snprintf(c[C_NEW], CELL, "%.4g", d->fresh->time_s);
    if (d->base && d->fresh)
        snprintf(c[C_N], CELL, "%zu/%zu", o->nbase, o->nnew);
    if (!isnan(o->p)) {
        snprintf(c[C_CHANGE], CELL, "%+.1f%%", o->change_pct);
        snprintf(c[C_CI], CELL, "[%+.1f%%, %+.1f%%]", o->low_pct, o->high_pct);
        snprintf(c[C_P], CELL, "%.3g", o->p);
    }
    verdict_text(d, c[C_VERDICT], CELL);
}

static void print_table(const diff_result *r)
{
    int width[NCELLS];
    char c[NCELLS][CELL];
    for (int i = 0; i < NCELLS; ++i)
        width[i] = (int)strlen(heads[i]);
    for (size_t k = 0; k < r->n; ++k) {
        cells_of(&r->pairs[k], c);
        for (int i = 0; i < NCELLS; ++i)
            if ((int)strlen(c[i]) > width[i])
                width[i] = (int)strlen(c[i]);
    }
    for (size_t k = 0; k <= r->n; ++k) {
        if (k)
            cells_of(&r->pairs[k - 1], c);
        for (int i = 0; i < NCELLS; ++i) {
            const char *s = k ? c[i] : heads[i];
            if (i == NCELLS - 1)
                printf("%s\n", s);
            else
                printf(numeric[i] ? "%*s  " : "%-*s  ", width[i], s);
        }
    }
}

static void print_markdown(const diff_result *r)
{
    char c[NCELLS][CELL];
    for (int i = 0; i < NCELLS; ++i)
        printf("| %s ", heads[i]);
    printf("|\n");
    for (int i = 0; i < NCELLS; ++i)
        printf("|%s", numeric[i] ? "---:" : "---");
    printf("|\n");
    for (size_t k = 0; k < r->n; ++k) {
        cells_of(&r->pairs[k], c);
        for (int i = 0; i < NCELLS; ++i)
            printf(i == C_VERDICT && r->pairs[k].out.verdict == DIFF_SLOWER ? "| **%s** " : "| %s ", c[i]);
        printf("|\n");
    }
}

/* CSV for scripts: full digits, empty fields where a number does not apply. Names
 * came through the reader's checks (no commas, no quotes), so nothing needs quoting. */
static void put_csv_num(const char *fmt, double x) { isfinite(x) ? printf(fmt, x) : printf(","); }

static void print_csv(const diff_result *r)
{
    printf("kernel,variant,size,threads,ranks,tag,base_median_s,new_median_s,base_n,new_n,change_pct,"
           "change_low_pct,change_high_pct,coverage,p_value,test,test_says,inconclusive_why,verdict\n");
    for (size_t k = 0; k < r->n; ++k) {
        const diff_pair *d = &r->pairs[k];
        const result_record *any = d->base ? d->base : d->fresh;
        const diff_outcome *o = &d->out;
        printf("%s,%s,%llu,%d,%d,%s", any->kernel, any->variant, (unsigned long long)any->size, any->threads,
               any->ranks, any->tag);
        put_csv_num(",%.9g", d->base ? d->base->time_s : NAN);
        put_csv_num(",%.9g", d->fresh ? d->fresh->time_s : NAN);
        printf(d->base ? ",%zu" : ",", o->nbase);
        printf(d->fresh ? ",%zu" : ",", o->nnew);
        put_csv_num(",%.4f", o->change_pct);
        put_csv_num(",%.4f", o->low_pct);
        put_csv_num(",%.4f", o->high_pct);
        put_csv_num(",%.4f", o->coverage);
        put_csv_num(",%.6g", o->p);
        char verdict[CELL];
        verdict_text(d, verdict, sizeof verdict);
        bool inconclusive = o->verdict == DIFF_INCONCLUSIVE;
        printf(",%s,%s,%s,%s\n", isnan(o->p) ? "" : o->exact ? "exact" : "normal",
               inconclusive ? verdict_words[o->tested] : "", inconclusive ? o->why : "",
               inconclusive ? verdict_words[DIFF_INCONCLUSIVE] : verdict);
    }
}

/* ---- notes and the summary ---- */

static void key_text(const result_record *r, char *buf, size_t len)
{
    char size[32];
    format_size(r->size, size, sizeof size);
    snprintf(buf, len, "%s %s size %s threads %d ranks %d%s%s", r->kernel, r->variant, size, r->threads, r->ranks,
             r->tag[0] ? " tag " : "", r->tag);
}

/* Notes go where the reader looks: after the table, or to stderr beside CSV. */
static void note(bool csv, const char *fmt, const char *a, const char *b)
{
    if (csv)
        fprintf(stderr, "parbench: diff: note: ");
    else
        printf("note: ");
    fprintf(csv ? stderr : stdout, fmt, a, b);
    fprintf(csv ? stderr : stdout, "\n");
}

static void duplicates_note(bool csv, const char *side, const diff_duplicates *d)
{
    if (!d->older)
        return;
    char key[256], what[512];
    key_text(d->example, key, sizeof key);
    snprintf(what, sizeof what, "%zu key(s) have several rows (e.g. %s); the newest of each (by timestamp, then file "
             "order) is used, %zu older row(s) left out", d->keys, key, d->older);
    note(csv, "%s: %s", side, what);
}

static void notes(const diff_result *r, const record_list *base, const record_list *fresh, bool csv)
{
    if (base->unknown[0] || fresh->unknown[0])
        note(csv, "passing over columns this parbench does not know (%s%s)", base->unknown,
             fresh->unknown[0] ? fresh->unknown : "");
    duplicates_note(csv, "BASE", &r->dup_base);
    duplicates_note(csv, "NEW", &r->dup_new);
    for (size_t k = 0; k < r->npaired; ++k) {
        const diff_pair *d = &r->pairs[k];
        char key[256];
        key_text(d->base, key, sizeof key);
        bool b = d->base->verified, f = d->fresh->verified;
        if (!b || !f)
            note(csv, "%s: %s (a wrong answer: its time says little)", key,
                 !b && !f ? "neither run verified" : !f ? "the NEW run did not verify" : "the BASE run did not verify");
    }
}

/* One side of an inconclusive pair, as it ran: what a reader needs to see why. */
static void side_text(const result_record *r, char *buf, size_t len)
{
    char busy[32] = "?", load[32] = "?", cores[16] = "?";
    if (isfinite(r->others_busy))
        snprintf(busy, sizeof busy, "%.2f", r->others_busy);
    if (isfinite(r->load1))
        snprintf(load, sizeof load, "%.2f", r->load1);
    if (r->usable_cores > 0)
        snprintf(cores, sizeof cores, "%d", r->usable_cores);
    snprintf(buf, len, "flags %s, load %s, other work kept %s cores busy, usable cores %s, placement %s",
             r->notes[0] ? r->notes : "-", load, busy, cores, r->placement[0] ? r->placement : "?");
}

/* After the table: each inconclusive pair, why, and both sides' flags, load and cores. */
static void print_inconclusive(const diff_result *r, bool md)
{
    bool first = true;
    for (size_t k = 0; k < r->npaired; ++k) {
        const diff_pair *d = &r->pairs[k];
        if (d->out.verdict != DIFF_INCONCLUSIVE)
            continue;
        if (first)
            printf(md ? "**inconclusive**: the two sides did not run alike; measure again under the same "
                        "conditions\n\n"
                      : "inconclusive: the two sides did not run alike; measure again under the same conditions\n");
        first = false;
        char key[256], side[2][768];
        key_text(d->base, key, sizeof key);
        side_text(d->base, side[0], sizeof side[0]);
        side_text(d->fresh, side[1], sizeof side[1]);
        printf(md ? "- %s: %s\n  - BASE: %s\n  - NEW: %s\n" : "  %s: %s\n    BASE  %s\n    NEW   %s\n", key,
               d->out.why, side[0], side[1]);
    }
    if (!first)
        printf("\n");
}

static void summary(const diff_result *r, const diff_values *v)
{
    size_t count[DIFF_ONLY_NEW + 1] = {0};
    for (size_t k = 0; k < r->n; ++k)
        count[r->pairs[k].out.verdict]++;
    printf("summary: %zu slower, %zu faster, %zu ~ (no difference the data can show), %zu inconclusive (the sides "
           "did not run alike), %zu not tested (too few or no samples), %zu only in BASE, %zu only in NEW\n",
           count[DIFF_SLOWER], count[DIFF_FASTER], count[DIFF_SAME], count[DIFF_INCONCLUSIVE], count[DIFF_TOO_FEW],
           count[DIFF_ONLY_BASE], count[DIFF_ONLY_NEW]);
    printf("method: rows paired by kernel, variant, size, threads, ranks and tag; change = Hodges-Lehmann shift "
           "(new - base) over the base median, interval %g%% (Mann-Whitney order statistics); p = two-sided "
           "Mann-Whitney U (exact up to %d repetitions in all, else normal with tie and continuity correction); "
           "called when p < %g and |change| > %g%% and the sides ran alike (else inconclusive: a flag, other usable "
           "cores or placement, other work differing by %g core)\n", 100.0 * (1.0 - v->alpha), RANKTEST_EXACT_MAX,
           v->alpha, v->threshold, DIFF_OTHERS_BUSY_LIMIT);
}

/* ---- the command ---- */

static int run_diff(const diff_values *v, const char *const *paths, record_list *base, record_list *fresh)
{
    char err[8192];
    for (int side = 0; side < 2; ++side)
    {
        int read = read_side(paths[side], side ? fresh : base, err, sizeof err);
        if (read != PB_OK) { /* a bad file (2), or one that could not be read (3) */
            fprintf(stderr, "parbench: diff: %s\n", err);
            return read;
        }
    }
    const char *other = other_machine(base, fresh);
    if (other && !v->cross_machine) {
        fprintf(stderr, "parbench: diff: the rows come from different machines (%s and %s); a diff across "
                        "machines measures the machines: pass --cross-machine to compare anyway\n",
                base->rows[0].machine, other);
        return PB_BAD_INPUT;
    }
    diff_result r;
    if (diff_pair_rows(base, fresh, v->alpha, v->threshold, &r) != PB_OK) {
        fprintf(stderr, "parbench: diff: out of memory\n");
        return PB_RUNTIME_ERROR;
    }
    bool slower = false, failed = false;
    for (size_t k = 0; k < r.npaired; ++k) {
        const diff_outcome *o = &r.pairs[k].out;
        slower |= o->verdict == DIFF_SLOWER || (v->strict && o->verdict == DIFF_INCONCLUSIVE && o->tested == DIFF_SLOWER);
        failed |= o->failed;
    }
    if (failed) {
        fprintf(stderr, "parbench: diff: out of memory for the test\n");
        diff_result_free(&r);
        return PB_RUNTIME_ERROR;
    }
    bool csv = strcmp(v->format, "csv") == 0;
    if (!csv)
        printf("parbench diff: BASE %s (%zu rows), NEW %s (%zu rows), machine %s%s%s\n\n", opt_show(paths[0]),
               base->n, opt_show(paths[1]), fresh->n, base->rows[0].machine, other ? " and " : "", other ? other : "");
    if (csv)
        print_csv(&r);
    else if (*v->format == 'm')
        print_markdown(&r);
    else
        print_table(&r);
    if (!csv)
        printf("\n");
    if (!csv)
        print_inconclusive(&r, *v->format == 'm');
    notes(&r, base, fresh, csv);
    if (!csv)
        summary(&r, v);
    diff_result_free(&r);
    return slower ? 1 : PB_OK;
}

static int diff_body(void *values, const opt_parsed *parsed)
{
    diff_values v = *(diff_values *)values;
    if (strcmp(v.format, "table") != 0 && strcmp(v.format, "md") != 0 && strcmp(v.format, "csv") != 0) {
        fprintf(stderr, "parbench: diff: --format '%s': unknown; expected table, md or csv\n", opt_show(v.format));
        return PB_BAD_INPUT;
    }
    record_list base = {0}, fresh = {0};
    int status = run_diff(&v, parsed->positional, &base, &fresh);
    record_list_free(&base);
    record_list_free(&fresh);
    return status;
}

static const diff_values diff_defaults = {.alpha = 0.05, .threshold = 2.0, .format = "table"};
static const cli_simple diff_command = {&diff_cmd, diff_options, &diff_defaults, sizeof diff_defaults, diff_body};
int diff_main(int argc, char **argv) { return cli_run_simple(&diff_command, argc, argv); }
