/* `parbench page RESULTS_DIR --out PLOTS_DIR`: one machine's page to project,
 * PLOTS_DIR/index.html (scripts/plot.sh writes it after its figures): the machine, its
 * topology picture, its peak and roofline, the speedups on all cores (the comparison's
 * own table, lab/lab.h), the concurrency half, the scaling table and every figure
 * plot.sh drew. One self-contained file (output/html.h). */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analyze.h"
#include "lab/handin.h"
#include "lab/lab.h"
#include "lab/lab_write.h"
#include "output/roofline.h"
#include "analysis/scaling.h"
#include "output/command.h"
#include "base/options.h"
#include "core/kernel.h"
#include "output/html.h"
#include "base/outfile.h"
#include "output/paths.h"
#include "lab/lab_commands.h"

#define MAX_FIGURES 256
#define MAX_PICTURE (8u << 20)

static const opt_command page_cmd = {
    .name = "page", .usage = "parbench page RESULTS_DIR --out PLOTS_DIR",
    .summary = "one machine's page to project, PLOTS_DIR/index.html: the machine, its topology, peak and roofline,\n"
               "its speedups and concurrency figures, the scaling table and every figure in PLOTS_DIR, in one\n"
               "self-contained file (scripts/plot.sh writes it)",
    .positional = "RESULTS_DIR", .min_positional = 1, .max_positional = 1,
};

static void fact(FILE *f, const char *name, const char *value)
{
    fputs("<tr><th class=\"t\">", f);
    html_text(f, name);
    fputs("</th><td class=\"t\">", f);
    html_text(f, value[0] ? value : "?");
    fputs("</td></tr>\n", f);
}

static void machine_facts(FILE *f, const handin *h, const lab_machine *m, const record_list *rows)
{
    char text[256], first[32] = "", last[32] = "";
    for (size_t i = 0; i < rows->n; ++i) {
        const char *ts = rows->rows[i].timestamp;
        if (strcmp(rows->rows[i].machine, m->id) != 0)
            continue;
        if (!first[0] || strcmp(ts, first) < 0)
            snprintf(first, sizeof first, "%s", ts);
        if (strcmp(ts, last) > 0)
            snprintf(last, sizeof last, "%s", ts);
    }
    fputs("<table>\n", f);
    snprintf(text, sizeof text, "%s (from %s)", m->id, h->have_json && h->json.id_from[0] ? h->json.id_from : "?");
    fact(f, "machine id", text);
    fact(f, "host", h->have_json ? h->json.host : "");
    fact(f, "CPU", h->have_json ? h->json.cpu_model : "");
    snprintf(text, sizeof text, "%d usable (of %d)", m->cores, h->have_json ? h->json.cores : 0);
    fact(f, "cores", text);
    snprintf(text, sizeof text, "%s to %s, %zu rows", first, last, rows->n);
    fact(f, "runs", text);
    fputs("</table>\n", f);
}

static void peak_section(FILE *f, const record_list *rows, const char *machine, const char *plots)
{
    roofline roof;
    fputs("<h2>Peak and roofline</h2>\n", f);
    if (!roofline_from_rows(rows->rows, rows->n, machine, &roof)) {
        fputs("<p>No peak rows in the results (parbench peak measures the FMA and memory roofs).</p>\n", f);
        return;
    }
    fputs("<table>\n<thead><tr><th class=\"t\">roof</th><th>1 core</th><th>all cores</th></tr></thead>\n<tbody>\n", f);
    char one[32], all[32];
    lab_format_number(roof.have_fma ? roof.fma1 : NAN, one, sizeof one);
    lab_format_number(roof.have_fma && isfinite(roof.fma_all) ? roof.fma_all : NAN, all, sizeof all);
    fprintf(f, "<tr><td class=\"t\">FP64 FMA (GFLOP/s)</td><td>%s</td><td>%s</td></tr>\n", one, all);
    lab_format_number(roof.have_bw ? roof.bw1 : NAN, one, sizeof one);
    lab_format_number(roof.have_bw && isfinite(roof.bw_all) ? roof.bw_all : NAN, all, sizeof all);
    fprintf(f, "<tr><td class=\"t\">memory, STREAM triad (GB/s)</td><td>%s</td><td>%s</td></tr>\n", one, all);
    fprintf(f, "</tbody>\n</table>\n<p class=\"note\">all cores: %d</p>\n", roof.all_cores);
    char path[4200];
    snprintf(path, sizeof path, "%s/roofline.svg", plots);
    fputs("<figure>", f);
    if (html_picture(f, path, "roofline", MAX_PICTURE))
        fputs("<figcaption>roofline.svg</figcaption>", f);
    fputs("</figure>\n", f);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every SVG figure in the plots folder but the roofline (shown above), by name. */
static void figures(FILE *f, const char *plots)
{
    DIR *d = opendir(plots);
    char *names[MAX_FIGURES];
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d)) && n < MAX_FIGURES;) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".svg") == 0 && e->d_name[0] != '.' &&
            strcmp(e->d_name, "roofline.svg") != 0 && (names[n] = strdup(e->d_name)))
            ++n;
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof *names, by_name);
    fprintf(f, "<h2>Figures</h2>\n%s", n ? "" : "<p>No figures (scripts/plot.sh draws them).</p>\n");
    for (size_t i = 0; i < n; ++i) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", plots, names[i]);
        fputs("<figure>", f);
        if (html_picture(f, path, names[i], MAX_PICTURE)) {
            fputs("<figcaption>", f);
            html_text(f, names[i]);
            fputs("</figcaption>", f);
        }
        fputs("</figure>\n", f);
        free(names[i]);
    }
}

static int write_page(const char *out, const handin *h, lab_table *t, const record_list *rows)
{
    char path[4200], err[1024], label[128];
    out_file of;
    snprintf(path, sizeof path, "%s/index.html", out);
    if (out_file_open(&of, path, err, sizeof err) != PB_OK)
        return fprintf(stderr, "parbench: page: %s\n", err), PB_RUNTIME_ERROR;
    FILE *f = of.f;
    lab_clean_label(h->label, label, sizeof label);
    char title[200];
    snprintf(title, sizeof title, "%s: parbench results", label);
    html_begin(f, title);
    fputs("<h1>", f);
    html_text(f, title);
    fputs("</h1>\n", f);
    machine_facts(f, h, &t->m[0], rows);
    fputs("<h2>Topology</h2>\n<figure>", f);
    snprintf(path, sizeof path, "%s/topology.png", h->dir);
    if (html_picture(f, path, "topology (lstopo)", MAX_PICTURE))
        fputs("<figcaption>topology.png (lstopo)</figcaption></figure>\n", f);
    else {
        fputs("</figure>\n", f);
        snprintf(path, sizeof path, "%s/topology.txt", h->dir);
        if (!html_pre_file(f, path, 1u << 16))
            fputs("<p>No topology recorded (scripts/topology.sh records it).</p>\n", f);
    }
    peak_section(f, rows, t->m[0].id, out);
    fputs("<h2>Speedup on all cores</h2>\n<p class=\"lead\">", f);
    html_text(f, lab_definition);
    fputs(".</p>\n", f);
    for (size_t s = 1; s < lab_nsections(t); ++s)
        lab_html_section(f, t, s, 3, false);
    fputs("<h2>Scaling table</h2>\n", f);
    snprintf(path, sizeof path, "%s/scaling.txt", out);
    if (!html_pre_file(f, path, 1u << 20))
        fputs("<p>No scaling table (scripts/plot.sh writes scaling.txt).</p>\n", f);
    figures(f, out);
    html_end(f);
    if (out_file_commit(&of, false, err, sizeof err) != PB_OK)
        return fprintf(stderr, "parbench: page: %s\n", err), PB_RUNTIME_ERROR;
    return PB_OK;
}

/* The machine's one row of the lab's table, from its machine.json or its rows. */
static int page_write(const char *out, const handin *h, record_list *rows)
{
    scaling_clean(rows);
    lab_machine m;
    memset(&m, 0, sizeof m);
    lab_clean_label(h->label, m.label, sizeof m.label);
    snprintf(m.id, sizeof m.id, "%s", h->have_json ? h->json.id : rows->n ? rows->rows[0].machine : "?");
    m.cores = h->have_json ? (h->json.usable_cores > 0 ? h->json.usable_cores : h->json.cores) : 0;
    for (size_t i = 0; i < rows->n && m.cores == 0; ++i)
        if (strcmp(rows->rows[i].machine, m.id) == 0 && rows->rows[i].usable_cores > 0)
            m.cores = rows->rows[i].usable_cores;
    lab_table t = {.m = &m, .n = 1, .one_machine = true};
    lab_build(&t, rows);
    return write_page(out, h, &t, rows);
}

int page_main(int argc, char **argv)
{
    const handin_page page = {&page_cmd, "the machine's plots folder: its figures are shown, index.html is written "
                              "there (required)", true, page_write};
    return handin_page_main(&page, argc, argv);
}
