/* index.html of `parbench compare --out DIR`: the lab's page to project (see
 * output/html.h): the ranked table with its quality marks, one chart and table per
 * kernel, the concurrency table, the notes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/lab_write.h"
#include "core/kernel.h"
#include "output/html.h"
#include "base/outfile.h"
#include "output/svgchart.h"
#include "parbench_config.h"

/* A quality cell with flags (not just its interval), a list of reasons or kernels. */
static bool has_letter(const char *s)
{
    for (; *s; ++s)
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
            return true;
    return false;
}

static bool flag_column(const char *head)
{
    return strcmp(head, "quality") == 0 || strcmp(head, "not ranked because") == 0 || strcmp(head, "flags") == 0 ||
           strcmp(head, "missing") == 0;
}

static void kernel_chart(FILE *f, const lab_table *t, size_t k);

void lab_html_section(FILE *f, const lab_table *t, size_t s, int level, bool chart)
{
    lab_section sec_;
    lab_section_of(t, s, &sec_);
    const lab_section *sec = &sec_;
    fprintf(f, "<h%d>", level);
    html_text(f, sec->title);
    fprintf(f, "</h%d>\n", level);
    if (chart && s >= 1 && s <= t->nk)
        kernel_chart(f, t, s - 1);
    char cells[LAB_MAX_COLS][LAB_CELL];
    fputs("<table>\n<thead><tr>", f);
    for (size_t c = 0; c < sec->ncols; ++c) {
        fprintf(f, "<th%s>", lab_text_column(sec->head[c]) ? " class=\"t\"" : "");
        html_text(f, sec->head[c]);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t m = 0; m < t->n; ++m) {
        lab_section_row(t, s, &t->m[m], cells);
        /* a row not ranked, or not trusted, is marked (its first cell says so too) */
        fprintf(f, "<tr%s>", strncmp(cells[0], "\u26a0", strlen("\u26a0")) == 0 ? " class=\"untrusted\"" : "");
        for (size_t c = 0; c < sec->ncols; ++c) {
            bool flagged = flag_column(sec->head[c]) && has_letter(cells[c]);
            bool text = lab_text_column(sec->head[c]);
            const char *cls = text && flagged ? "t flag" : text ? "t" : flagged ? "flag" : NULL;
            if (cls)
                fprintf(f, "<td class=\"%s\">", cls);
            else
                fputs("<td>", f);
            if (strcmp(sec->head[c], "id") == 0)
                fputs("<span class=\"id\">", f);
            html_text(f, cells[c]);
            if (strcmp(sec->head[c], "id") == 0)
                fputs("</span>", f);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
}

static void kernel_chart(FILE *f, const lab_table *t, size_t k)
{
    svg_bar_row *rows = calloc(t->n ? t->n : 1, sizeof *rows);
    char(*texts)[2][96] = calloc(t->n ? t->n : 1, sizeof *texts);
    if (!rows || !texts) {
        free(rows);
        free(texts);
        return;
    }
    for (size_t m = 0; m < t->n; ++m) {
        const lab_machine *mm = &t->m[m];
        const lab_cell *c = &mm->cells[k];
        rows[m].label = mm->label;
        rows[m].marked = mm->rank == 0;
        rows[m].ideal = mm->cores > 0 ? mm->cores : NAN;
        const speedup_ci *s[2] = {&c->omp_s, &c->mpi_s};
        double eff[2] = {c->omp_eff, c->mpi_eff};
        for (int i = 0; i < 2; ++i) {
            rows[m].value[i] = s[i]->speedup;
            if (isfinite(s[i]->speedup))
                lab_format_speedup(s[i], eff[i], texts[m][i], sizeof texts[m][i]);
            else
                snprintf(texts[m][i], sizeof texts[m][i], "%s", !c->serial ? (i ? "" : "no serial run")
                                                                            : "no run on all cores");
            rows[m].text[i] = texts[m][i];
        }
    }
    char title[160];
    snprintf(title, sizeof title, "%s: speedup over the serial run, on all usable cores", t->kernels[k]);
    static const char *const series[2] = {"omp (threads)", "mpi (ranks)"};
    fputs("<figure>\n", f);
    svg_bar_chart(f, title, "speedup = T(serial) / T(all cores)", series, rows, t->n);
    fputs("</figure>\n", f);
    free(rows);
    free(texts);
}

int lab_write_page(const char *dir, const lab_table *t, const char *const *notes)
{
    char path[4200], err[1024];
    out_file of;
    snprintf(path, sizeof path, "%s/index.html", dir);
    if (out_file_open(&of, path, err, sizeof err) != PB_OK)
        return fprintf(stderr, "parbench: compare: %s\n", err), PB_RUNTIME_ERROR;
    FILE *f = of.f;
    char title[96];
    snprintf(title, sizeof title, "Lab comparison: %zu machine%s", t->n, t->n == 1 ? "" : "s");
    html_begin(f, title);
    fputs("<h1>", f);
    html_text(f, title);
    fputs("</h1>\n<p class=\"lead\">", f);
    html_text(f, lab_definition);
    char score[1024];
    lab_score_sentence(t, score, sizeof score);
    fputs(". ", f);
    html_text(f, score);
    fputs("</p>\n", f);
    if (notes && *notes) {
        fputs("<ul class=\"note\">\n", f);
        for (const char *const *n = notes; *n; ++n) {
            fputs("<li class=\"flag\">", f);
            html_text(f, *n);
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }
    for (size_t s = 0; s < lab_nsections(t); ++s)
        lab_html_section(f, t, s, 2, true);
    fputs("<p class=\"note\">quality: the widest 95% interval of a median among the rows used, and their flags. "
          "% of own peak: the omp run on all cores against the machine's roofline (from its parbench peak rows). "
          "Written by parbench ", f);
    html_text(f, PARBENCH_VERSION);
    fputs(" compare.</p>\n", f);
    html_end(f);
    if (out_file_commit(&of, false, err, sizeof err) != PB_OK)
        return fprintf(stderr, "parbench: compare: %s\n", err), PB_RUNTIME_ERROR;
    return PB_OK;
}
