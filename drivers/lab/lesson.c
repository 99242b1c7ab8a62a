/* `parbench lesson RESULTS_DIR [--out DIR]`: the tutorial "concurrency vs parallelism"
 * as one page, DIR/lesson.html, taught with the student's own runs: its sections in the
 * tutorial's order, each with one or two of the figures scripts/plot.sh drew into DIR and
 * a sentence computed from the rows (lesson_say.c), which says so instead where a row is
 * flagged or missing; then a closing table of which approach for which work, with the
 * student's speedups. One self-contained file, written whole (output/html.h). */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/command.h"
#include "base/options.h"
#include "core/kernel.h"
#include "lab/handin.h"
#include "lab/lab.h"
#include "lab/lesson.h"
#include "output/html.h"
#include "base/outfile.h"
#include "output/paths.h"

#define MAX_PICTURE (8u << 20)

typedef struct {
    const char *claim; /* a misconception, or NULL */
    lesson_say say;
} lesson_point;

typedef struct {
    const char *title, *intro;
    const char *figures[2]; /* the first SVG in the plots folder whose name starts so */
    lesson_point points[4];
} lesson_section;

static const lesson_section sections[] = {
    {"1. Definitions",
     "Concurrency is about dealing with many things at once: tasks are in progress together and take turns, "
     "often while one of them waits. Parallelism is about doing many things at once: tasks execute at the same "
     "instant, on several cores or machines. Concurrency needs no second core; parallelism does.",
     {"io-latency", NULL}, {{NULL, say_io_latency}, {NULL, say_highway}}},
    {"2. The restaurant and the highway",
     "Restaurant: one waiter serves many tables, taking an order while the kitchen cooks another: concurrency. "
     "More cooks cooking at once: parallelism. Highway: more lanes let more cars drive at the same moment "
     "(parallelism); one lane with cars merging in turn keeps everyone moving (concurrency), but is no wider.",
     {"montecarlo", NULL}, {{NULL, say_io_latency}, {NULL, say_highway}}},
    {"3. The timeline",
     "Two tasks, A and B, of two steps each: one after the other; concurrently on one worker, steps "
     "interleaved while each waits; in parallel on two workers, steps at the same instant.",
     {"timeline", NULL}, {{NULL, say_timeline}}},
    {"4. When to use which",
     "Work that waits (files, network, devices) gains from concurrency on a single core. Work that computes "
     "only gains from more cores: parallelism.",
     {"demo-io-vs-cpu", NULL}, {{NULL, say_io_vs_cpu}}},
    {"5. Hybrid approaches",
     "A web server uses concurrency to handle many connections and parallelism to process the requests: one "
     "event loop for the waiting, a pool of one worker per core for the computing.",
     {"io-server", NULL}, {{NULL, say_server}}},
    {"6. Pitfalls",
     "Race conditions (shared data updated without synchronization), false sharing (private data in one cache "
     "line), oversubscription (more threads than cores) and deadlocks (each waits for what the other holds).",
     {"demo-race", "demo-deadlock"},
     {{NULL, say_race}, {NULL, say_false_sharing}, {NULL, say_oversubscription}, {NULL, say_deadlock}}},
    {"7. Misconceptions, each answered by your own measurement", "",
     {"oversubscription", "demo-false-sharing"},
     {{"More threads always means faster.", say_oversubscription},
      {"Shared data needs no care when each thread only adds to it.", say_race},
      {"Concurrency always speeds things up.", say_concurrency_cpu}}},
};
#define NSECTIONS (sizeof sections / sizeof sections[0])

typedef struct {
    const char *work, *approach, *kernel, *slow, *fast, *what;
} takeaway;

static const takeaway takeaways[] = {
    {"waiting (files, network, devices)", "concurrency: one thread, nonblocking calls", "io-latency", "blocking",
     "nonblocking", "nonblocking over one after the other"},
    {"computing (CPU-bound)", "parallelism: one thread per core", "montecarlo", "serial", "omp",
     "all cores over one core"},
    {"waiting, then computing", "hybrid: an event loop and a pool of one worker per core", "io-server", "event-loop",
     "hybrid", "hybrid over one event loop"},
    {"processes exchanging messages (MPI)", "nonblocking MPI_Isend/MPI_Irecv (or MPI_Sendrecv): no deadlock",
     "demo-deadlock-mpi", "ordered", "nonblocking", "nonblocking over ordered sends"},
};

/* The first figure (by name) in plots whose name starts with prefix and ends in .svg;
 * else the first whose name holds "-prefix" (plot.sh puts a series' kernel and size
 * first: montecarlo-4e8-oversubscription-speedup.svg). */
static bool first_figure(const char *plots, const char *prefix, char *name, size_t len)
{
    char inner[128];
    snprintf(inner, sizeof inner, "-%s", prefix);
    char later[256] = "";
    DIR *d = opendir(plots);
    name[0] = '\0';
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t n = strlen(e->d_name), p = strlen(prefix);
        if (n < p + 4 || n >= len || n >= sizeof later || strcmp(e->d_name + n - 4, ".svg") != 0)
            continue;
        if (strncmp(e->d_name, prefix, p) == 0) {
            if (!name[0] || strcmp(e->d_name, name) < 0)
                snprintf(name, len, "%s", e->d_name);
        } else if (strstr(e->d_name, inner) && (!later[0] || strcmp(e->d_name, later) < 0)) {
            snprintf(later, sizeof later, "%s", e->d_name);
        }
    }
    if (d)
        closedir(d);
    if (!name[0])
        snprintf(name, len, "%s", later);
    return name[0] != '\0';
}

static void figure(FILE *f, const char *plots, const char *prefix)
{
    char name[256], path[4400];
    if (!prefix)
        return;
    if (first_figure(plots, prefix, name, sizeof name)) {
        snprintf(path, sizeof path, "%s/%s", plots, name);
        fputs("<figure>", f);
        if (html_picture(f, path, name, MAX_PICTURE)) {
            fputs("<figcaption>your figure: ", f);
            html_text(f, name);
            fputs("</figcaption>", f);
        }
        fputs("</figure>\n", f);
    } else {
        fputs("<p class=\"note\">No figure ", f);
        html_text(f, prefix);
        fputs("* yet: scripts/plot.sh draws it from the runs (the quick suite runs both).</p>\n", f);
    }
}

static void section(FILE *f, const lesson_section *s, const record_list *rows, const char *plots)
{
    fputs("<h2>", f);
    html_text(f, s->title);
    fputs("</h2>\n", f);
    if (s->intro[0]) {
        fputs("<p class=\"lead\">", f);
        html_text(f, s->intro);
        fputs("</p>\n", f);
    }
    fputs("<ul>\n", f);
    for (size_t i = 0; i < 4 && s->points[i].say; ++i) {
        char text[1024];
        bool lesson = s->points[i].say(rows, text, sizeof text);
        fputs(lesson ? "<li>" : "<li class=\"flag\">", f);
        if (s->points[i].claim) {
            fputs("<b>&#8220;", f);
            html_text(f, s->points[i].claim);
            fputs("&#8221;</b> ", f);
        }
        html_text(f, text);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
    figure(f, plots, s->figures[0]);
    figure(f, plots, s->figures[1]);
}

static void closing_table(FILE *f, const record_list *rows)
{
    fputs("<h2>8. Takeaways: which approach for which work</h2>\n<table>\n<thead><tr><th class=\"t\">the work</th>"
          "<th class=\"t\">the approach</th><th>your speedup</th><th class=\"t\">measured as</th></tr></thead>\n"
          "<tbody>\n", f);
    for (size_t i = 0; i < sizeof takeaways / sizeof takeaways[0]; ++i) {
        const takeaway *t = &takeaways[i];
        char why[512] = "";
        double x = lesson_ratio(rows, t->kernel, t->slow, t->fast, why, sizeof why);
        fprintf(f, "<tr%s><td class=\"t\">", isfinite(x) ? "" : " class=\"untrusted\"");
        html_text(f, t->work);
        fputs("</td><td class=\"t\">", f);
        html_text(f, t->approach);
        if (isfinite(x)) {
            fprintf(f, "</td><td>%.2fx</td><td class=\"t\">", x);
            html_text(f, t->what);
        } else {
            fputs("</td><td>&#8212;</td><td class=\"t note\">", f);
            html_text(f, why);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n<p class=\"lead\">Concurrency hides waiting; parallelism divides computing; the "
          "cores are shared, so a number counts only when its run was quiet: the flagged ones above say so.</p>\n",
          f);
}

static int write_lesson(const char *out, const char *label, const record_list *rows)
{
    char path[4200], err[1024], title[256];
    out_file of;
    snprintf(path, sizeof path, "%s/lesson.html", out);
    if (out_file_open(&of, path, err, sizeof err) != PB_OK)
        return fprintf(stderr, "parbench: lesson: %s\n", err), PB_RUNTIME_ERROR;
    snprintf(title, sizeof title, "%s: concurrency vs parallelism, measured", label);
    html_begin(of.f, title);
    fputs("<h1>", of.f);
    html_text(of.f, title);
    fprintf(of.f, "</h1>\n<p class=\"note\">From %zu rows of runs.csv. Every sentence is computed from your runs; "
            "where a run was disturbed it says so instead.</p>\n", rows->n);
    for (size_t i = 0; i < NSECTIONS; ++i)
        section(of.f, &sections[i], rows, out);
    closing_table(of.f, rows);
    html_end(of.f);
    if (out_file_commit(&of, false, err, sizeof err) != PB_OK)
        return fprintf(stderr, "parbench: lesson: %s\n", err), PB_RUNTIME_ERROR;
    return PB_OK;
}

static const opt_command lesson_cmd = {
    .name = "lesson", .usage = "parbench lesson RESULTS_DIR [--out DIR]",
    .summary = "the tutorial concurrency vs parallelism as one page, DIR/lesson.html: its sections in order, each\n"
               "with the student's own figures (from DIR) and a sentence computed from RESULTS_DIR/runs.csv, or\n"
               "why not (a flagged or missing run); a closing table of which approach for which work",
    .positional = "RESULTS_DIR", .min_positional = 1, .max_positional = 1,
};

static int lesson_write(const char *out, const handin *h, record_list *rows)
{
    char label[128];
    lab_clean_label(h->label, label, sizeof label);
    return write_lesson(out, label, rows);
}

int lesson_main(int argc, char **argv)
{
    const handin_page lesson = {&lesson_cmd, "the machine's plots folder: its figures are shown, lesson.html is "
                                "written there", false, lesson_write};
    return handin_page_main(&lesson, argc, argv);
}
