#include "lab/lab_write.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/parse.h"
#include "core/kernel.h"
#include "base/outfile.h"
#include "glue/kernel_list.h"

const char lab_definition[] =
    "speedup = T(serial) / T(omp on all usable cores), and likewise for mpi on as many ranks, each at the size of "
    "the machine's serial run (the speedup figures use the same definition); efficiency = speedup / cores";

size_t lab_nsections(const lab_table *t) { return t->nk + 2; }

void lab_basis(const lab_table *t, size_t k, char *buf, size_t len)
{
    const kernel_desc *d = kernel_find(t->kernels[k]);
    if (!t->scored[k])
        snprintf(buf, len, "%s (not in the score)", t->kernels[k]);
    else if (t->size_free[k])
        snprintf(buf, len, "%s (scored by throughput at any size: %s)", t->kernels[k], d->compute->size_free_why);
    else if (t->at_size[k])
        snprintf(buf, len, "%s (scored at %s %llu only: its throughput depends on the size)", t->kernels[k],
                 d->size_meaning, t->at_size[k]);
    else
        snprintf(buf, len, "%s (scored at one size: no machine is ranked to set it)", t->kernels[k]);
}

void lab_score_sentence(const lab_table *t, char *buf, size_t len)
{
    size_t used = 0;
#define PUT(...) (used += (size_t)snprintf(buf + used, used < len ? len - used : 0, __VA_ARGS__))
    PUT("The score's kernels are fixed before any hand-in is read (");
    for (size_t k = 0, n = 0; k < t->nk; ++k)
        if (t->scored[k])
            PUT("%s%s", n++ ? ", " : "", t->kernels[k]);
    PUT("): a machine that lacks one, ran it at another size than the ranking's, or has a run not to be trusted "
        "(starved, cv-high, below-timer-resolution, tiny) is marked \u26a0 and not ranked, so one hand-in never "
        "moves the others. ");
    if (t->nranked)
        PUT("The score is the geometric mean, over those kernels, of the throughput on all cores relative to the "
            "best ranked machine's (of %zu ranked).", t->nranked);
    else
        PUT("No machine is ranked, so there is no score (it is relative to the best ranked machine).");
#undef PUT
}

static void lab_section_heads(const lab_table *t, size_t s, lab_section *out);

static void heads(lab_section *out, const char *const *names)
{
    out->ncols = 0;
    for (; *names && out->ncols < LAB_MAX_COLS; ++names)
        snprintf(out->head[out->ncols++], sizeof out->head[0], "%s", *names);
}

void lab_section_of(const lab_table *t, size_t s, lab_section *out)
{
    lab_section_heads(t, s, out);
    if (t->one_machine)
        snprintf(out->head[0], sizeof out->head[0], "trusted");
}

static void lab_section_heads(const lab_table *t, size_t s, lab_section *out)
{
    if (s == 0) {
        snprintf(out->title, sizeof out->title, "Ranking");
        static const char *const h[] = {"rank", "machine", "id", "CPU", "cores", "date", "score", "quality",
                                        "not ranked because", "missing", NULL};
        heads(out, h);
    } else if (s <= t->nk) {
        const char *k = t->kernels[s - 1], *unit = kernel_find(k)->unit;
        lab_basis(t, s - 1, out->title, sizeof out->title);
        static const char *const h[] = {"rank", "machine", "size", "serial (s)", "", "", "omp: speedup, efficiency",
                                        "mpi: speedup, efficiency", "% of own peak", "flags", NULL};
        heads(out, h);
        snprintf(out->head[4], sizeof out->head[4], "per core (%s)", unit);
        snprintf(out->head[5], sizeof out->head[5], "all cores (%s)", unit);
    } else {
        snprintf(out->title, sizeof out->title, "Concurrency: I/O latency, nonblocking against blocking");
        static const char *const h[] = {"rank", "machine", "requests", "latency (ms)", "blocking (s)",
                                        "nonblocking (s)", "speedup", "overhead per request (\u00b5s)",
                                        "nonblocking CPU (s)", "flags", NULL};
        heads(out, h);
    }
}

bool lab_text_column(const char *head)
{
    static const char *const words[] = {"rank", "trusted", "machine", "id", "CPU", "quality", "not ranked because", "missing",
                                         "flags"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; ++i)
        if (strcmp(head, words[i]) == 0)
            return true;
    return false;
}

static void number(char *cell, double x, const char *fmt)
{
    if (isfinite(x))
        snprintf(cell, LAB_CELL, fmt, x);
    else
        snprintf(cell, LAB_CELL, "-");
}

void lab_section_row(const lab_table *t, size_t s, const lab_machine *m, char cells[][LAB_CELL])
{
    if (t->one_machine) { /* the section's rows: a kernel's, the I/O ones, or all of them */
        bool doubt = s == 0 ? m->not_ranked[0] != '\0'
                   : s <= t->nk ? m->cells[s - 1].serial && !m->cells[s - 1].trusted
                                : m->io.have && !m->io.trusted;
        snprintf(cells[0], LAB_CELL, "%s", doubt ? "\u26a0 no" : "yes");
    } else if (m->rank) {
        snprintf(cells[0], LAB_CELL, "%d", m->rank);
    } else {
        snprintf(cells[0], LAB_CELL, "\u26a0 not ranked");
    }
    snprintf(cells[1], LAB_CELL, "%s", m->label);
    if (s == 0) {
        snprintf(cells[2], LAB_CELL, "%s", m->id);
        snprintf(cells[3], LAB_CELL, "%s", m->cpu[0] ? m->cpu : "? (no machine.json)");
        number(cells[4], m->cores > 0 ? m->cores : NAN, "%.0f");
        snprintf(cells[5], LAB_CELL, "%s", m->date[0] ? m->date : "-");
        number(cells[6], m->score, "%.3f");
        lab_format_quality(t, m, cells[7], LAB_CELL);
        snprintf(cells[8], LAB_CELL, "%s", m->not_ranked[0] ? m->not_ranked : "-");
        snprintf(cells[9], LAB_CELL, "%s", m->missing[0] ? m->missing : "-");
    } else if (s <= t->nk) {
        const lab_cell *c = &m->cells[s - 1];
        if (!c->serial) {
            for (size_t i = 2; i < 10; ++i)
                snprintf(cells[i], LAB_CELL, "-");
            snprintf(cells[9], LAB_CELL, "missing: no serial run");
            return;
        }
        format_size(c->size, cells[2], LAB_CELL);
        number(cells[3], c->serial->time_s, "%.3g");
        number(cells[4], c->per_core, "%.4g");
        number(cells[5], c->all_cores, "%.4g");
        lab_format_speedup(&c->omp_s, c->omp_eff, cells[6], LAB_CELL);
        lab_format_speedup(&c->mpi_s, c->mpi_eff, cells[7], LAB_CELL);
        number(cells[8], c->pct_peak, "%.0f%%");
        /* a simulated platform runs mpi only: what it lacks is that, never omp */
        char lack[96] = "";
        if (!c->complete && c->simulated)
            snprintf(lack, sizeof lack, "missing: mpi on its hosts (simulated)");
        else if (!c->complete)
            snprintf(lack, sizeof lack, "missing: omp on all cores");
        else if (c->simulated)
            snprintf(lack, sizeof lack, "simulated: mpi on %d ranks", c->mpi->ranks);
        snprintf(cells[9], LAB_CELL, "%s%s%s", c->flags, c->flags[0] && lack[0] ? "; " : "",
                 lack[0] || c->flags[0] ? lack : "-");
    } else {
        const lab_io *io = &m->io;
        if (!io->have) {
            for (size_t i = 2; i < 10; ++i)
                snprintf(cells[i], LAB_CELL, "-");
            return;
        }
        number(cells[2], io->requests, "%.0f");
        number(cells[3], io->latency_ms, "%g");
        number(cells[4], io->blocking_s, "%.4g");
        number(cells[5], io->nonblocking_s, "%.4g");
        number(cells[6], io->speedup, "%.1fx");
        number(cells[7], io->overhead_us, "%.2f");
        number(cells[8], io->nonblocking_cpu_s, "%.4g");
        snprintf(cells[9], LAB_CELL, "%s", io->flags[0] ? io->flags : "-");
    }
}

/* A Markdown table cell: what could end the cell or become markup is escaped. */
static void md_text(FILE *f, const char *s)
{
    for (; *s; ++s) {
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else if (strchr("|\\`*_[]#~", *s))
            fprintf(f, "\\%c", *s);
        else
            fputc(*s, f);
    }
}

/* A CSV field, always quoted; one that a spreadsheet would take for a formula (= + - @
 * first) gets a leading quote mark, as OWASP advises for data from elsewhere. */

static void write_md(FILE *md, const lab_table *t, const char *const *notes)
{
    char cells[LAB_MAX_COLS][LAB_CELL];
    fprintf(md, "# Lab comparison: %zu machine%s\n\n%s.\n", t->n, t->n == 1 ? "" : "s", lab_definition);
    for (size_t s = 0; s < lab_nsections(t); ++s) {
        lab_section sec;
        lab_section_of(t, s, &sec);
        fprintf(md, "\n## %s\n\n|", sec.title);
        for (size_t c = 0; c < sec.ncols; ++c)
            fprintf(md, " %s |", sec.head[c]);
        fputs("\n|", md);
        for (size_t c = 0; c < sec.ncols; ++c)
            fputs(lab_text_column(sec.head[c]) ? "---|" : "--:|", md);
        fputc('\n', md);
        for (size_t m = 0; m < t->n; ++m) {
            lab_section_row(t, s, &t->m[m], cells);
            fputc('|', md);
            for (size_t c = 0; c < sec.ncols; ++c) {
                fputc(' ', md);
                md_text(md, cells[c]);
                fputs(" |", md);
            }
            fputc('\n', md);
        }
    }
    char score[1024];
    lab_score_sentence(t, score, sizeof score);
    fprintf(md, "\nscore: %s tiny: a serial run under %g s. quality: the widest 95%% interval of a median among "
                "the rows used, and their flags.\n", score, LAB_MIN_SERIAL_S);
    for (const char *const *n = notes; n && *n; ++n) {
        fputs("\nnote: ", md);
        md_text(md, *n);
        fputc('\n', md);
    }
}


size_t lab_omp_series(const lab_table *t, const lab_machine *m, size_t k, const row_index *ix, int *workers,
                      double *speedup, size_t cap)
{
    const lab_cell *c = &m->cells[k];
    size_t n = 0, first;
    if (!c->serial)
        return 0;
    /* sorted by size, threads, ranks, then file order: the first row of each thread count wins */
    size_t nrows = row_index_range(ix, m->id, t->kernels[k], "omp", &first);
    int last = 0;
    for (size_t i = first; i < first + nrows && n < cap; ++i) {
        const result_record *r = ix->at[i];
        if (r->size != c->size || r->ranks != 1 || r->threads <= last || r->threads > 4096 || !lab_row_counts(r))
            continue;
        last = r->threads;
        speedup_ci s = quality_speedup(c->serial, r);
        if (isfinite(s.speedup)) {
            workers[n] = r->threads;
            speedup[n++] = s.speedup;
        }
    }
    return n;
}

/* A label in a gnuplot data file: quoted, so a double quote inside becomes a single one. */
static void dat_label(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; ++s)
        fputc(*s == '"' ? '\'' : *s, f);
    fputc('"', f);
}

static int write_kernel_data(const char *dir, const lab_table *t, size_t k, const row_index *ix)
{
    char path[4200], err[1024];
    out_file bars, sp;
    snprintf(path, sizeof path, "%s/bars-%s.dat", dir, t->kernels[k]);
    if (out_file_open(&bars, path, err, sizeof err) != PB_OK)
        return fprintf(stderr, "parbench: compare: %s\n", err), PB_RUNTIME_ERROR;
    snprintf(path, sizeof path, "%s/speedup-%s.dat", dir, t->kernels[k]);
    if (out_file_open(&sp, path, err, sizeof err) != PB_OK) {
        out_file_abort(&bars);
        return fprintf(stderr, "parbench: compare: %s\n", err), PB_RUNTIME_ERROR;
    }
    fprintf(bars.f, "# machine per_core_throughput all_cores_throughput (%s)\n", kernel_find(t->kernels[k])->unit);
    for (size_t m = 0; m < t->n; ++m) {
        const lab_cell *c = &t->m[m].cells[k];
        dat_label(bars.f, t->m[m].label);
        fprintf(bars.f, " %.6g %.6g\n", c->per_core, c->all_cores);
        fprintf(sp.f, "%s# series %s\n# workers speedup (T(serial) / T(omp))\n", m ? "\n\n" : "", t->m[m].id);
        int w[256];
        double s[256];
        size_t n = lab_omp_series(t, &t->m[m], k, ix, w, s, 256);
        for (size_t i = 0; i < n; ++i)
            fprintf(sp.f, "%d %.6g\n", w[i], s[i]);
        if (n == 0) /* a block without points still counts as one for gnuplot's index */
            fputs("NaN NaN\n", sp.f);
    }
    int status = out_file_commit(&bars, false, err, sizeof err);
    if (status != PB_OK) {
        out_file_abort(&sp);
        return fprintf(stderr, "parbench: compare: %s\n", err), PB_RUNTIME_ERROR;
    }
    if (out_file_commit(&sp, false, err, sizeof err) != PB_OK)
        return fprintf(stderr, "parbench: compare: %s\n", err), PB_RUNTIME_ERROR;
    return PB_OK;
}

int lab_write_tables(const char *dir, const lab_table *t, const record_list *rows, const char *const *notes)
{
    static const char *const names[] = {"compare.md", "compare.csv", "compare-long.csv", "compare.gp"};
    enum { NFILES = sizeof names / sizeof names[0] };
    out_file of[NFILES];
    char path[4200], err[1024];
    for (size_t i = 0; i < NFILES; ++i) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (out_file_open(&of[i], path, err, sizeof err) != PB_OK) {
            while (i-- > 0)
                out_file_abort(&of[i]);
            return fprintf(stderr, "parbench: compare: %s\n", err), PB_RUNTIME_ERROR;
        }
    }
    write_md(of[0].f, t, notes);
    lab_write_csv(of[1].f, t);
    lab_write_long_csv(of[2].f, t);
    FILE *gp = of[3].f;
    fprintf(gp, "# written by parbench compare\nnmachines = %zu\nnkernels = %zu\narray machines[%zu]\n"
                "array kernels[%zu]\n", t->n, t->nk, t->n ? t->n : 1, t->nk ? t->nk : 1);
    for (size_t m = 0; m < t->n; ++m) {
        char name[32];
        snprintf(name, sizeof name, "machines[%zu]", m + 1);
        out_gnuplot_string(gp, name, t->m[m].label);
    }
    for (size_t k = 0; k < t->nk; ++k) {
        char name[32];
        snprintf(name, sizeof name, "kernels[%zu]", k + 1);
        out_gnuplot_string(gp, name, t->kernels[k]);
    }
    int status = PB_OK;
    for (size_t i = 0; i < NFILES; ++i)
        if (out_file_commit(&of[i], false, err, sizeof err) != PB_OK && status == PB_OK) {
            fprintf(stderr, "parbench: compare: %s\n", err);
            status = PB_RUNTIME_ERROR;
        }
    row_index ix = {0};
    if (status == PB_OK && !row_index_build(&ix, rows->rows, rows->n, lab_row_counts)) {
        fprintf(stderr, "parbench: compare: out of memory for an index of %zu rows\n", rows->n);
        status = PB_RUNTIME_ERROR;
    }
    for (size_t k = 0; k < t->nk && status == PB_OK; ++k)
        status = write_kernel_data(dir, t, k, &ix);
    row_index_free(&ix);
    return status;
}
