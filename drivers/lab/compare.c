/* `parbench compare HANDIN...`: the results of several machines (a classroom lab, a
 * cluster's node types) side by side, ranked, with their quality (lab/lab.h), as
 * Markdown, CSV, gnuplot data and a page to project. A hand-in is a results folder or
 * the archive scripts/handin.sh packs; its name labels the machine's row, the machine
 * id beside it. Two hand-ins of one machine are merged, with a warning naming both.
 * `--check` judges one hand-in the way scripts/handin.sh needs. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/handin.h"
#include "lab/lab.h"
#include "lab/lab_write.h"
#include "analysis/scaling.h"
#include "output/command.h"
#include "base/options.h"
#include "core/kernel.h"
#include "base/outfile.h"
#include "output/paths.h"
#include "glue/kernel_list.h"
#include "lab/lab_commands.h"

#define MAX_NOTES 64

static const opt_command compare_cmd = {
    .name = "compare", .usage = "parbench compare HANDIN [HANDIN...] --out DIR | parbench compare HANDIN --check",
    .summary = "several machines side by side, ranked, with the quality of their numbers; a HANDIN is a results\n"
               "folder (runs.csv and machine.json, as scripts/sweep.sh writes them) or a handin-*.tar.gz that\n"
               "scripts/handin.sh packed. Rows are labelled by the hand-in's name; two hand-ins of one machine\n"
               "are merged, with a warning",
    .positional = "HANDIN", .min_positional = 1, .max_positional = OPT_MAX_POSITIONAL,
};

typedef struct {
    const char *out;
    const char *kernels;
    bool check;
} compare_values;

static const opt_spec compare_options[] = {
    {.name = "out", .kind = OPT_PATH, .offset = offsetof(compare_values, out), .metavar = "DIR",
     .expect = "a directory (created when missing)",
     .help = "where compare.md, compare.csv, index.html and the figures' data go (required without --check)"},
    {.name = "kernels", .kind = OPT_NAME_LIST, .offset = offsetof(compare_values, kernels), .metavar = "LIST",
     .expect = "kernels of the suite, comma-separated (montecarlo,matmul,sieve)",
     .help = "the score's kernels (default: every kernel of the suite); a machine lacking one is not ranked"},
    {.name = "check", .kind = OPT_FLAG, .offset = offsetof(compare_values, check),
     .help = "judge one hand-in as scripts/handin.sh does: every kernel's serial and all-cores runs verified, "
             "sizes not tiny, flags listed; exit 2 naming what is missing"},
    {0},
};

typedef struct {
    handin *h;
    size_t n;
    size_t *first, *end;    /* each hand-in's rows in the list, before cleaning */
    record_list rows;
    char *notes[MAX_NOTES + 1];
    size_t nnotes;
} lab_input;

/* A note for the tables and the page, and for stderr (with its kind: "warning", "note"). */
static void note(lab_input *in, const char *kind, const char *text)
{
    if (in->nnotes < MAX_NOTES)
        in->notes[in->nnotes++] = strdup(text);
    fprintf(stderr, "parbench: compare: %s: %s\n", kind, text);
}

static void lab_input_free(lab_input *in)
{
    for (size_t i = 0; i < in->n; ++i)
        handin_close(&in->h[i]);
    for (size_t i = 0; i < in->nnotes; ++i)
        free(in->notes[i]);
    free(in->h);
    free(in->first);
    free(in->end);
    record_list_free(&in->rows);
}

static int read_handins(lab_input *in, const char *const *given, size_t n)
{
    char err[8192], path[4200];
    in->h = calloc(n, sizeof *in->h);
    in->first = calloc(n, sizeof *in->first);
    in->end = calloc(n, sizeof *in->end);
    if (!in->h || !in->first || !in->end)
        return fprintf(stderr, "parbench: compare: out of memory for %zu hand-ins\n", n), PB_RUNTIME_ERROR;
    for (size_t i = 0; i < n; ++i) {
        int status = handin_open(given[i], &in->h[i], err, sizeof err);
        if (status != PB_OK)
            return fprintf(stderr, "parbench: compare: %s\n", err), status;
        in->n = i + 1;
        in->first[i] = in->rows.n;
        snprintf(path, sizeof path, "%s/runs.csv", in->h[i].dir);
        status = csv_read_results(path, &in->rows, err, sizeof err);
        if (status != PB_OK) {
            const char *inside = strstr(err, "runs.csv");
            if (in->h[i].archive)
                fprintf(stderr, "parbench: compare: %s: %s\n", opt_show(given[i]), inside ? inside : err);
            else
                fprintf(stderr, "parbench: compare: %s\n", err);
            return status;
        }
        in->end[i] = in->rows.n;
    }
    if (in->rows.unknown[0])
        fprintf(stderr, "parbench: compare: note: passing over columns this parbench does not know (%s)\n",
                in->rows.unknown);
    return PB_OK;
}

/* Machine ids to their place in ms, by hashing: a hand-in of thousands of machine ids
 * made the search of every row through every machine quadratic (issue 25). */
typedef struct {
    size_t *slot; /* 1 + the place in ms; 0: empty */
    size_t cap;   /* a power of two, at least twice the machines */
} id_table;

static size_t id_hash(const char *s)
{
    size_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; ++s)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The place of id in ms, or SIZE_MAX. */
static size_t id_find(const id_table *t, const lab_machine *ms, const char *id)
{
    for (size_t i = id_hash(id) & (t->cap - 1); t->cap && t->slot[i]; i = (i + 1) & (t->cap - 1))
        if (strcmp(ms[t->slot[i] - 1].id, id) == 0)
            return t->slot[i] - 1;
    return SIZE_MAX;
}

/* Adds ms[m] (n machines in all, m among them). False when memory is short. */
static bool id_add(id_table *t, const lab_machine *ms, size_t m, size_t n)
{
    if (2 * n > t->cap) {
        id_table bigger = {calloc(t->cap ? 2 * t->cap : 64, sizeof *bigger.slot), t->cap ? 2 * t->cap : 64};
        if (!bigger.slot)
            return false;
        for (size_t i = 0; i < t->cap; ++i)
            if (t->slot[i]) {
                size_t j = id_hash(ms[t->slot[i] - 1].id) & (bigger.cap - 1);
                while (bigger.slot[j])
                    j = (j + 1) & (bigger.cap - 1);
                bigger.slot[j] = t->slot[i];
            }
        free(t->slot);
        *t = bigger;
    }
    size_t j = id_hash(ms[m].id) & (t->cap - 1);
    while (t->slot[j])
        j = (j + 1) & (t->cap - 1);
    t->slot[j] = m + 1;
    return true;
}

/* The machines of the hand-ins, in order of appearance; a machine in several hand-ins
 * is one machine, and a warning names them. */
static lab_machine *find_machines(lab_input *in, size_t *nm)
{
    lab_machine *ms = NULL;
    size_t *last = NULL, n = 0, cap = 0; /* last: the hand-in each was last seen in */
    id_table ids = {NULL, 0};
    for (size_t s = 0; s < in->n; ++s) {
        char label[128];
        lab_clean_label(in->h[s].label, label, sizeof label);
        for (size_t i = in->first[s]; i < in->end[s]; ++i) {
            const result_record *r = &in->rows.rows[i];
            if (!lab_row_counts(r) && strcmp(r->kernel, "io-latency") != 0)
                continue;
            size_t m = id_find(&ids, ms, r->machine);
            if (m == SIZE_MAX) {
                m = n;
                if (n == cap) {
                    cap = cap ? 2 * cap : 16;
                    lab_machine *grown = realloc(ms, cap * sizeof *ms);
                    size_t *grown_last = grown ? realloc(last, cap * sizeof *last) : NULL;
                    if (grown)
                        ms = grown;
                    if (!grown || !grown_last) {
                        free(ms);
                        free(grown_last ? grown_last : last);
                        free(ids.slot);
                        return NULL;
                    }
                    last = grown_last;
                }
                memset(&ms[n], 0, sizeof ms[n]);
                snprintf(ms[n].id, sizeof ms[n].id, "%s", r->machine);
                snprintf(ms[n].label, sizeof ms[n].label, "%s", label);
                ++n;
                if (!id_add(&ids, ms, m, n)) {
                    free(ms);
                    free(last);
                    free(ids.slot);
                    return NULL;
                }
            } else if (last[m] == s) {
                continue;
            }
            last[m] = s;
            size_t used = strlen(ms[m].sources);
            snprintf(ms[m].sources + used, sizeof ms[m].sources - used, "%s'%s'", used ? ", " : "", label);
            ms[m].nsources++;
        }
    }
    free(last);
    free(ids.slot);
    for (size_t m = 0; m < n; ++m)
        if (ms[m].nsources > 1) {
            char text[1024];
            snprintf(text, sizeof text, "the hand-ins %s hold runs of one machine (%s): merged into one "
                     "row labelled '%s' (the newest run of each kind counts)", ms[m].sources, ms[m].id, ms[m].label);
            note(in, "warning", text);
        }
    *nm = n;
    return n ? ms : (free(ms), calloc(1, sizeof *ms));
}

static const lab_machine *label_rows;
static int by_label(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(label_rows[i].label, label_rows[j].label);
    return c ? c : (i < j ? -1 : i > j);
}

/* Machines that share a label (two students' folders both named alice, or one hand-in of
 * several machines) would be rows no reader can tell apart: the second and later get
 * " (2)", " (3)" ..., and one warning per label names the machines. Sorted: n log n. */
static bool tell_apart(lab_input *in, lab_machine *ms, size_t n)
{
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!order)
        return false;
    for (size_t i = 0; i < n; ++i)
        order[i] = i;
    label_rows = ms;
    qsort(order, n, sizeof *order, by_label);
    for (size_t lo = 0, hi; lo < n; lo = hi) {
        for (hi = lo + 1; hi < n && strcmp(ms[order[hi]].label, ms[order[lo]].label) == 0; ++hi)
            ;
        if (hi - lo < 2)
            continue;
        char text[1024];
        snprintf(text, sizeof text, "%zu machines share the label '%s' (%s, %s%s): shown as '%s', '%s (2)'%s", hi - lo,
                 ms[order[lo]].label, ms[order[lo]].id, ms[order[lo + 1]].id, hi - lo > 2 ? ", ..." : "",
                 ms[order[lo]].label, ms[order[lo]].label, hi - lo > 2 ? " ..." : "");
        note(in, "warning", text);
        for (size_t k = lo + 1; k < hi; ++k) {
            lab_machine *m = &ms[order[k]];
            char suffix[32];
            int w = snprintf(suffix, sizeof suffix, " (%zu)", k - lo + 1);
            size_t room = sizeof m->label - (size_t)w - 1, used = strlen(m->label);
            snprintf(m->label + (used < room ? used : room), sizeof m->label - (used < room ? used : room), "%s", suffix);
        }
    }
    free(order);
    return true;
}

/* CPU and cores from each hand-in's machine.json (for the machine it describes); the
 * cores of a machine without one from its first row that gives them. Machine ids are
 * hashed, so thousands of hand-ins and machines cost one look-up each, not a search of
 * every machine for every hand-in and of every row for every machine (issue 25). False
 * when memory is short. */
static bool describe_machines(lab_input *in, lab_machine *ms, size_t nm)
{
    id_table ids = {NULL, 0};
    for (size_t m = 0; m < nm; ++m)
        if (!id_add(&ids, ms, m, m + 1))
            return free(ids.slot), false;
    for (size_t s = 0; s < in->n; ++s) {
        const handin *h = &in->h[s];
        size_t m = h->have_json ? id_find(&ids, ms, h->json.id) : SIZE_MAX;
        if (m != SIZE_MAX && !ms[m].cpu[0]) { /* else a second hand-in of the machine */
            lab_trim_cpu(h->json.cpu_model, ms[m].cpu, sizeof ms[m].cpu);
            ms[m].cores = h->json.usable_cores > 0 ? h->json.usable_cores : h->json.cores;
        } else if (m == SIZE_MAX) {
            char label[128], text[512];
            lab_clean_label(h->label, label, sizeof label);
            snprintf(text, sizeof text, "'%s': %s: CPU unknown, cores taken from its runs", label,
                     h->have_json ? "its machine.json describes none of its machines" : "no machine.json");
            note(in, "note", text);
        }
    }
    for (size_t i = 0; i < in->rows.n; ++i) {
        const result_record *r = &in->rows.rows[i];
        if (r->usable_cores <= 0 || !lab_row_counts(r))
            continue;
        size_t m = id_find(&ids, ms, r->machine);
        if (m != SIZE_MAX && ms[m].cores == 0)
            ms[m].cores = r->usable_cores;
    }
    free(ids.slot);
    return true;
}

static int by_time(const void *a, const void *b)
{
    const result_record *const *x = a, *const *y = b;
    int c = strcmp((*x)->timestamp, (*y)->timestamp);
    return c ? c : (*x < *y ? -1 : *x > *y);
}

/* Rows in time order (file order among equal times), so that cleaning keeps the
 * newest run of each kind whichever hand-in holds it. */
static bool sort_by_time(record_list *rows)
{
    const result_record **order = record_list_order(rows, by_time);
    result_record *sorted = malloc((rows->n + 1) * sizeof *sorted);
    if (!order || !sorted) {
        free(order);
        free(sorted);
        return false;
    }
    for (size_t i = 0; i < rows->n; ++i)
        sorted[i] = *order[i];
    memcpy(rows->rows, sorted, rows->n * sizeof *sorted);
    free(order);
    free(sorted);
    return true;
}

/* --check: one hand-in judged; PB_BAD_INPUT (one line on stderr) when incomplete. */
static int check_handin(const handin *h, const lab_table *t)
{
    char label[128], missing[2048] = "";
    lab_clean_label(h->label, label, sizeof label);
#define MISSING(...) \
    snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s", missing[0] ? "; " : ""), \
        snprintf(missing + strlen(missing), sizeof missing - strlen(missing), __VA_ARGS__)
    if (t->n != 1) {
        if (t->n == 0)
            MISSING("no verified runs of the quick suite's kernels");
        else
            MISSING("runs of %zu machines (%s, %s, ...): hand in one machine's folder", t->n, t->m[0].id, t->m[1].id);
    } else {
        const lab_machine *m = &t->m[0];
        printf("hand-in '%s': machine %s (id from %s), %s, %d usable core%s\n", label, m->id,
               h->have_json && h->json.id_from[0] ? h->json.id_from : "?", m->cpu[0] ? m->cpu : "CPU unknown",
               m->cores, m->cores == 1 ? "" : "s");
        if (!h->have_json)
            MISSING("machine.json (scripts/sweep.sh writes it; or parbench info --json > machine.json)");
        else if (strcmp(h->json.id, m->id) != 0)
            MISSING("a machine.json of this machine (it describes %s, the runs are of %s)", h->json.id, m->id);
        for (const kernel_desc *const *k = parbench_kernels; *k; ++k) {
            size_t i = 0;
            while (i < t->nk && strcmp(t->kernels[i], (*k)->name) != 0)
                ++i;
            const lab_cell *c = i < t->nk ? &m->cells[i] : NULL;
            if (!c || !c->serial) {
                MISSING("%s: no verified serial run", (*k)->name);
                continue;
            }
            char omp[96], mpi[96];
            lab_format_speedup(&c->omp_s, c->omp_eff, omp, sizeof omp);
            lab_format_speedup(&c->mpi_s, c->mpi_eff, mpi, sizeof mpi);
            printf("  %-10s serial %.3g s, omp %s, mpi %s%s%s\n", (*k)->name, c->serial->time_s, omp, mpi,
                   c->flags[0] ? "; flags: " : "", c->flags);
            if (!c->omp)
                MISSING("%s: no verified omp run on all %d cores", (*k)->name, m->cores);
            if (c->tiny)
                MISSING("%s: the serial run lasts %.3g s (a tiny size; at least %g s)", (*k)->name,
                        c->serial->time_s, LAB_MIN_SERIAL_S);
            if (!c->mpi)
                printf("  %-10s note: no mpi run on %d ranks (the table shows omp only)\n", (*k)->name, m->cores);
        }
        if (m->io.have)
            printf("  io latency %.0f requests of %g ms: nonblocking %.1fx faster than blocking\n", m->io.requests,
                   m->io.latency_ms, m->io.speedup);
        else
            printf("  io latency note: no blocking and nonblocking runs (the concurrency table stays empty)\n");
    }
#undef MISSING
    if (missing[0]) {
        printf("incomplete\n");
        fprintf(stderr, "parbench: compare: the hand-in '%s' is incomplete: %s\n", label, missing);
        return PB_BAD_INPUT;
    }
    printf("complete\n");
    return PB_OK;
}

static int compare_body(void *values, const opt_parsed *parsed)
{
    compare_values v = *(compare_values *)values;
    char err[8192];
    if (v.check && (v.out || parsed->npositional != 1)) {
        fprintf(stderr, "parbench: compare --check judges one hand-in and writes nothing: give one HANDIN, no --out\n");
        return PB_BAD_INPUT;
    }
    if (!v.check && !v.out) {
        fprintf(stderr, "parbench: compare needs --out DIR: where the tables, the page and the data files go\n");
        return PB_BAD_INPUT;
    }
    char list[256], suite[256] = "";
    for (const kernel_desc *const *k = parbench_kernels; *k; ++k)
        snprintf(suite + strlen(suite), sizeof suite - strlen(suite), "%s%s", suite[0] ? ", " : "", (*k)->name);
    snprintf(list, sizeof list, "%s", v.kernels ? v.kernels : "");
    for (char *save = NULL, *k = strtok_r(list, ",", &save); k; k = strtok_r(NULL, ",", &save))
        if (!kernel_find(k) || (v.kernels && strlen(v.kernels) >= sizeof list)) {
            fprintf(stderr, "parbench: compare: --kernels: no kernel '%s'; accepted: some of %s\n", opt_show(k), suite);
            return PB_BAD_INPUT;
        }
    lab_input in = {0};
    int status = read_handins(&in, parsed->positional, parsed->npositional);
    lab_table t = {.score_list = v.kernels};
    bool oom = false; /* the runtime failures not said where they happened */
    if (status == PB_OK) {
        t.m = find_machines(&in, &t.n);
        if (!t.m)
            status = PB_RUNTIME_ERROR, oom = true;
    }
    if (status == PB_OK && t.n == 0 && !v.check) {
        fprintf(stderr, "parbench: compare: no verified rows of the quick suite's kernels in the given hand-ins\n");
        status = PB_BAD_INPUT;
    }
    if (status == PB_OK && !tell_apart(&in, t.m, t.n))
        status = PB_RUNTIME_ERROR, oom = true;
    if (status == PB_OK) {
        if (!describe_machines(&in, t.m, t.n) || !sort_by_time(&in.rows))
            status = PB_RUNTIME_ERROR, oom = true;
    }
    if (status == PB_OK) {
        scaling_clean(&in.rows);
        lab_build(&t, &in.rows);
        in.notes[in.nnotes] = NULL;
        if (v.check)
            status = check_handin(&in.h[0], &t);
        else if (path_ensure_dir("--out", v.out, err, sizeof err) != PB_OK) {
            fprintf(stderr, "parbench: compare: %s\n", err);
            status = PB_BAD_INPUT;
        } else {
            /* all of the tables and the page, or none of them: never a new compare.md
             * next to an old index.html */
            const char *const *notes = (const char *const *)in.notes;
            out_file_batch_begin();
            status = lab_write_tables(v.out, &t, &in.rows, notes);
            if (status == PB_OK)
                status = lab_write_page(v.out, &t, notes);
            if (out_file_batch_end(status == PB_OK, err, sizeof err) != PB_OK && status == PB_OK) {
                fprintf(stderr, "parbench: compare: %s\n", err);
                status = PB_RUNTIME_ERROR;
            }
        }
    }
    if (status == PB_OK && !v.check) {
        char path[4200];
        snprintf(path, sizeof path, "%s/compare.md", v.out);
        FILE *md = fopen(path, "r");
        int c;
        while (md && (c = fgetc(md)) != EOF)
            putchar(c);
        if (md)
            fclose(md);
    }
    if (oom)
        fprintf(stderr, "parbench: compare: out of memory\n");
    free(t.m);
    lab_input_free(&in);
    return status;
}

static const cli_simple compare_command = {&compare_cmd, compare_options,
                                    &(compare_values){0}, sizeof(compare_values), compare_body};
int compare_main(int argc, char **argv) { return cli_run_simple(&compare_command, argc, argv); }
