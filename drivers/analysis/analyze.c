/* `parbench analyze`: one machine's results turned into gnuplot data files and a
 * scaling summary. scripts/plot.sh draws the figures from these files. */
#include "analysis/analyze.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/csv_read.h"
#include "output/quality.h"
#include "output/roofline.h"
#include "output/command.h"
#include "base/options.h"
#include "base/outfile.h"
#include "core/kernel.h"
#include "core/harness.h"
#include "output/paths.h"
#include "base/parse.h"
#include "analysis/scaling.h"
#include "analysis/server_fig.h"
#include "analysis/verdict.h"
#include "demo/demo.h"


static void group_label(const scaling_group *g, char *buf, size_t len)
{
    char size[32];
    format_size(g->size, size, sizeof size);
    if (g->weak)
        snprintf(buf, len, "%s-%s", g->kernel, g->tag); /* the tag is "weak" or "weak-..." */
    else if (g->tag[0])
        snprintf(buf, len, "%s-%s-%s", g->kernel, size, g->tag);
    else
        snprintf(buf, len, "%s-%s", g->kernel, size);
}

/* The cores the row's workers could use: its usable cores on each of its hosts. */
static int usable_cores_of(const result_record *r)
{
    int hosts = 1;
    for (const char *c = r->hosts; *c; ++c)
        hosts += *c == ';';
    return r->usable_cores > 0 ? r->usable_cores * hosts : 0;
}

static void put_num(FILE *f, double x) { isfinite(x) ? fprintf(f, " %.6g", x) : fprintf(f, " NaN"); }

/* The Karp-Flatt metric e estimates a serial fraction only within [0, 1]: below 0 the
 * speedup was superlinear (caches), above 1 the workers were slower than one (starved,
 * oversubscribed). Outside it is not drawn or printed as a fraction; the reason is. */
static bool kf_is_fraction(double e) { return isfinite(e) && e >= 0 && e <= 1; }
static const char *kf_meaning(double e) { return e < 0 ? "superlinear" : "slower"; }

/* How a point is drawn: 1 oversubscribed (beyond the usable cores, never fitted), 2
 * starved (its threads did not get their cores: the number says little), 0 neither. */
static int point_mark(const scaling_point *p)
{
    return p->oversubscribed ? 1 : harness_has_note(p->row, "starved") ? 2 : 0;
}

/* DIR/LABEL.dat: one gnuplot data block per series (separated by two blank lines, so
 * `index i` selects one); DIR/LABEL.gp: the series names, fits and a title. */
static int write_group(const scaling_group *g, const char *dir, const char *machine, char *err, size_t errlen)
{
    char label[128], path[4096];
    group_label(g, label, sizeof label);
    snprintf(path, sizeof path, "%s/%s.dat", dir, label);
    out_file of;
    if (out_file_open(&of, path, err, errlen) != PB_OK)
        return PB_RUNTIME_ERROR;
    FILE *dat = of.f;
    for (size_t s = 0; s < g->nseries; ++s) {
        const scaling_series *se = &g->series[s];
        fprintf(dat, "%s# series %s\n# workers time_s speedup_abs speedup_rel efficiency_abs efficiency_rel "
                     "karp_flatt threads ranks mark (1 oversubscribed, 2 starved)\n", s ? "\n\n" : "", se->name);
        for (size_t i = 0; i < se->n; ++i) {
            const scaling_point *p = &se->points[i];
            fprintf(dat, "%d", p->workers);
            put_num(dat, p->row->time_s);
            put_num(dat, p->speedup_abs);
            put_num(dat, p->speedup_rel);
            put_num(dat, p->efficiency_abs);
            put_num(dat, p->efficiency_rel);
            put_num(dat, kf_is_fraction(p->karp_flatt) ? p->karp_flatt : NAN);
            fprintf(dat, " %d %d %d\n", p->row->threads, p->row->ranks, point_mark(p));
        }
    }
    if (out_file_commit(&of, false, err, errlen) != PB_OK)
        return PB_RUNTIME_ERROR;
    snprintf(path, sizeof path, "%s/%s.gp", dir, label);
    if (out_file_open(&of, path, err, errlen) != PB_OK)
        return PB_RUNTIME_ERROR;
    FILE *gp = of.f;
    char size[32], date[16] = "";
    format_size(g->size, size, sizeof size);
    const result_record *any = g->series[0].points[0].row;
    snprintf(date, sizeof date, "%.10s", any->timestamp);
    char datafile[160];
    snprintf(datafile, sizeof datafile, "%s.dat", label);
    fprintf(gp, "# written by parbench analyze\n");
    out_gnuplot_string(gp, "datafile", datafile);
    out_gnuplot_string(gp, "kernel", g->kernel);
    fprintf(gp, "weak = %d\n", g->weak);
    /* a SimGrid run's figures say so in their title (its rows carry the note) */
    char shown[160];
    snprintf(shown, sizeof shown, "%s%s", machine, harness_has_note(any, "simulated") ? " (simulated)" : "");
    out_gnuplot_string(gp, "machine", shown);
    out_gnuplot_string(gp, "sizelabel", g->weak ? "grows with the workers (weak scaling)" : size);
    out_gnuplot_string(gp, "unit", any->unit);
    out_gnuplot_string(gp, "rundate", date);
    fprintf(gp, "nseries = %zu\n", g->nseries);
    /* a demo's tag carries the serial fraction it was built with ("amdahl-f0.25"): draw
     * the law's prediction next to the measurement */
    const char *f = strstr(g->tag, "-f");
    if (f && f[2] >= '0' && f[2] <= '9')
        fprintf(gp, "predicted_f = %g\npredicted_law = '%s'\n", atof(f + 2), g->weak ? "Gustafson" : "Amdahl");
        /* (the law's name is ours, not data) */
    int maxworkers = 1, usable = 0, over = 0, starved = 0, kf_low = 0, kf_high = 0;
    for (size_t s = 0; s < g->nseries; ++s)
        for (size_t i = 0; i < g->series[s].n; ++i) {
            const scaling_point *p = &g->series[s].points[i];
            kf_low += isfinite(p->karp_flatt) && p->karp_flatt < 0;
            kf_high += isfinite(p->karp_flatt) && p->karp_flatt > 1;
            maxworkers = p->workers > maxworkers ? p->workers : maxworkers;
            usable = usable_cores_of(p->row) > usable ? usable_cores_of(p->row) : usable;
            over += point_mark(p) == 1;
            starved += point_mark(p) == 2;
        }
    fprintf(gp, "maxworkers = %d\n", maxworkers);
    /* where the cores end (0: unknown), and how many points lie beyond them */
    fprintf(gp, "usable_cores = %d\noversubscribed_points = %d\nstarved_points = %d\n", usable, over, starved);
    char kf_note[160] = "";
    if (kf_low || kf_high)
        snprintf(kf_note, sizeof kf_note, "not drawn: %d with e < 0 (superlinear), %d with e > 1 (slower than 1 "
                 "worker: starved)", kf_low, kf_high);
    out_gnuplot_string(gp, "kf_left_out", kf_note);
    fprintf(gp, "array names[%zu]\narray amdahl[%zu]\n", g->nseries, g->nseries);
    for (size_t s = 0; s < g->nseries; ++s) {
        char name[32];
        snprintf(name, sizeof name, "names[%zu]", s + 1);
        out_gnuplot_string(gp, name, g->series[s].name);
        fprintf(gp, "amdahl[%zu] =", s + 1);
        put_num(gp, g->series[s].amdahl_f);
        fprintf(gp, "\n");
    }
    return out_file_commit(&of, false, err, errlen);
}

/* A number, or "-" right-aligned in the same width when it is unknown. */
static void print_cell(const char *fmt, double x, int width)
{
    if (isfinite(x))
        printf(fmt, x);
    else
        printf("%*s", width, "-");
}

static void print_group(const scaling_group *g)
{
    char label[128];
    group_label(g, label, sizeof label);
    printf("%s%s\n", label, g->serial ? "" : "  (no serial run: absolute speedup unknown)");
    printf("  %-12s %7s %11s %9s %9s %9s %11s  %s\n", "series", "workers", "time_s", "S_abs", "S_rel", "E_rel",
           "Karp-Flatt", "flags");
    for (size_t s = 0; s < g->nseries; ++s) {
        const scaling_series *se = &g->series[s];
        const result_record *one = se->n && se->points[0].workers == 1 ? se->points[0].row : NULL;
        for (size_t i = 0; i < se->n; ++i) {
            const scaling_point *p = &se->points[i];
            char flags[128];
            quality_flags(one, p->row, p->efficiency_rel, flags, sizeof flags);
            printf("  %-12s %7d %11.6f", se->name, p->workers, p->row->time_s);
            print_cell(" %9.3f", p->speedup_abs, 10);
            print_cell(" %9.3f", p->speedup_rel, 10);
            print_cell(" %8.0f%%", 100.0 * p->efficiency_rel, 10);
            if (isfinite(p->karp_flatt) && !kf_is_fraction(p->karp_flatt))
                printf(" %11s", kf_meaning(p->karp_flatt));
            else
                print_cell(" %11.4f", p->karp_flatt, 12);
            printf("%s\n", flags);
        }
        if (g->weak || se->n < 2)
            continue;
        if (!isfinite(se->amdahl_f))
            printf("  %-12s Amdahl fit: n/a (needs %d points up to the core count, has %zu)\n", se->name,
                   SCALING_MIN_FIT, se->nfit);
        else if (se->amdahl_f > 0)
            printf("  %-12s Amdahl fit: serial fraction %.4f (max speedup %.1fx) from %zu points\n", se->name,
                   se->amdahl_f, 1.0 / se->amdahl_f, se->nfit);
        else
            printf("  %-12s Amdahl fit: serial fraction 0 (max speedup unbounded) from %zu points\n", se->name,
                   se->nfit);
    }
}

/* I/O drivers: time against request count for each mode, one block per mode. */
static int write_io(const record_list *rows, const char *dir, char *err, size_t errlen)
{
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        /* io-overlap is drawn as its overlap per mode (write_overlap), io-server against its
         * compute share (server_fig.c), not as time against size */
        if (strncmp(r->kernel, "io-", 3) != 0 || scaling_is_demo_bars(r) || strcmp(r->kernel, "io-overlap") == 0 ||
            strcmp(r->kernel, "io-server") == 0)
            continue;
        bool done = false;
        for (size_t j = 0; j < i && !done; ++j)
            done = strcmp(rows->rows[j].kernel, r->kernel) == 0;
        if (done)
            continue;
        out_file of;
        if (out_file_open_in(&of, dir, r->kernel, "dat", err, errlen) != PB_OK)
            return PB_RUNTIME_ERROR;
        FILE *f = of.f;
        int block = 0;
        for (size_t v = i; v < rows->n; ++v) { /* each mode once, in order of appearance */
            const result_record *m = &rows->rows[v];
            bool seen = strcmp(m->kernel, r->kernel) != 0 || scaling_is_demo_bars(m);
            for (size_t u = i; u < v && !seen; ++u)
                seen = strcmp(rows->rows[u].kernel, r->kernel) == 0 && strcmp(rows->rows[u].variant, m->variant) == 0;
            if (seen)
                continue;
            fprintf(f, "%s# series %s\n# size time_s cpu_s threads ranks\n", block++ ? "\n\n" : "", m->variant);
            for (size_t u = v; u < rows->n; ++u) {
                const result_record *x = &rows->rows[u];
                if (strcmp(x->kernel, r->kernel) == 0 && strcmp(x->variant, m->variant) == 0 && !scaling_is_demo_bars(x))
                    fprintf(f, "%llu %.6g %.6g %d %d\n", (unsigned long long)x->size, x->time_s, x->cpu_s, x->threads,
                            x->ranks);
            }
        }
        if (out_file_commit(&of, false, err, errlen) != PB_OK)
            return PB_RUNTIME_ERROR;
    }
    return PB_OK;
}

/* A race's lost updates as a share of the increments a correct counter would hold (the
 * lockstep case counts whole rounds), from the row's lost-updates note; 0 for a correct
 * case of a demo that loses updates; NaN for a demo that does not. */
static double lost_pct(const result_record *x, bool demo_loses)
{
    const char *note = strstr(x->notes, "lost-updates=");
    if (!note)
        return demo_loses && x->verified ? 0.0 : NAN;
    uint64_t total = demo_race_increments(x->variant, x->size, x->threads);
    return total ? 100.0 * strtod(note + strlen("lost-updates="), NULL) / (double)total : NAN;
}

/* A bar whose number says little, and not on purpose: untrusted (starved, cv-high, ...)
 * but not oversubscribed, which a demo does to show what it costs. The figures hatch it. */
static int flagged(const result_record *r)
{
    return r && !harness_flags_trusted(r) && !harness_has_note(r, "oversubscribed");
}

/* DIR/NAME.groups: one line per group, its label, two values (the plot script names the
 * two series) and whether each is flagged (NULL: none): "label" v1 v2 f1 f2. */
static int write_groups(const char *dir, const char *name, const char *what, const char *const *labels,
                        const double *v1, const double *v2, const int *f1, const int *f2, size_t n, char *err,
                        size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.groups", dir, name);
    out_file of;
    if (out_file_open(&of, path, err, errlen) != PB_OK)
        return PB_RUNTIME_ERROR;
    fprintf(of.f, "# %s\n", what);
    for (size_t i = 0; i < n; ++i) {
        fprintf(of.f, "\"%s\"", labels[i]);
        put_num(of.f, v1[i]);
        put_num(of.f, v2[i]);
        fprintf(of.f, " %d %d\n", f1 ? f1[i] : 0, f2 ? f2[i] : 0);
    }
    return out_file_commit(&of, false, err, errlen);
}

static const result_record *find_row(const record_list *rows, const char *tag, const char *kernel, const char *variant)
{
    const result_record *found = NULL; /* the newest */
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        if (strcmp(r->tag, tag) == 0 && strcmp(r->kernel, kernel) == 0 && strcmp(r->variant, variant) == 0)
            found = r;
    }
    return found;
}

static double time_ratio(const result_record *base, const result_record *r)
{
    return base && r && r->time_s > 0 ? base->time_s / r->time_s : NAN;
}

/* The io-vs-cpu demo: the speedup of each way of running the same tasks over one at a
 * time, I/O-bound and CPU-bound side by side (demo_io_cpu_cases says which rows). */
static const char io_cpu_tag[] = "demo-io-vs-cpu";

static int write_io_cpu(const record_list *rows, const char *dir, char *err, size_t errlen)
{
    const char *tag = io_cpu_tag;
    const demo_io_cpu_case *c = demo_io_cpu_cases;
    const result_record *io0 = find_row(rows, tag, "io-latency", c[0].io_mode);
    const result_record *cpu0 = find_row(rows, tag, "montecarlo", c[0].cpu_variant);
    if (!io0 && !cpu0)
        return PB_OK;
    const char *labels[DEMO_IO_CPU_CASES];
    double io[DEMO_IO_CPU_CASES], cpu[DEMO_IO_CPU_CASES];
    int io_flag[DEMO_IO_CPU_CASES], cpu_flag[DEMO_IO_CPU_CASES];
    for (size_t i = 0; i < DEMO_IO_CPU_CASES; ++i) {
        const result_record *ior = find_row(rows, tag, "io-latency", c[i].io_mode);
        const result_record *cpur = find_row(rows, tag, "montecarlo", c[i].cpu_variant);
        labels[i] = c[i].label;
        io[i] = time_ratio(io0, ior);
        cpu[i] = time_ratio(cpu0, cpur);
        /* a ratio is as good as both of its rows */
        io_flag[i] = flagged(io0) || flagged(ior);
        cpu_flag[i] = flagged(cpu0) || flagged(cpur);
    }
    return write_groups(dir, tag, "demo io-vs-cpu: speedup over one at a time: case, I/O-bound, CPU-bound, flagged",
                        labels, io, cpu, io_flag, cpu_flag, DEMO_IO_CPU_CASES, err, errlen);
}

/* io overlap: each mode's overlap of communication with computation, in OSU's and IMB's
 * definitions (one group per mode; with several sizes or rank counts, per each). */
static int write_overlap(const record_list *rows, const char *dir, char *err, size_t errlen)
{
    size_t n = 0, combos = 0;
    for (size_t i = 0; i < rows->n; ++i)
        n += strcmp(rows->rows[i].kernel, "io-overlap") == 0;
    if (n == 0)
        return PB_OK;
    const char **labels = calloc(n, sizeof *labels);
    char (*text)[96] = calloc(n, sizeof *text);
    double *osu = calloc(n, sizeof *osu), *imb = calloc(n, sizeof *imb);
    const result_record *first = NULL;
    int status = labels && text && osu && imb ? PB_OK : PB_RUNTIME_ERROR;
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        if (strcmp(r->kernel, "io-overlap") != 0)
            continue;
        combos += !first || r->size != first->size || r->ranks != first->ranks;
        first = first ? first : r;
    }
    size_t k = 0;
    for (size_t i = 0; i < rows->n && status == PB_OK; ++i) {
        const result_record *r = &rows->rows[i];
        if (strcmp(r->kernel, "io-overlap") != 0)
            continue;
        if (combos > 1)
            snprintf(text[k], sizeof text[k], "%s, %d ranks, %llu cells", r->variant, r->ranks,
                     (unsigned long long)r->size);
        else
            snprintf(text[k], sizeof text[k], "%s", r->variant);
        labels[k] = text[k];
        osu[k] = r->overlap_osu_pct;
        imb[k++] = r->overlap_imb_pct;
    }
    if (status == PB_OK)
        status = write_groups(dir, "io-overlap", "io overlap: overlap of communication with computation (%): mode, "
                              "OSU, IMB", labels, osu, imb, NULL, NULL, k, err, errlen);
    else
        snprintf(err, errlen, "analyze: out of memory for the overlap figure");
    free(labels);
    free(text);
    free(osu);
    free(imb);
    return status;
}

/* Demos shown as bars (tag "demo-..."): DIR/<tag>.bars, one line per case: label, time,
 * threads, and the share of updates lost (a demo that loses updates; NaN otherwise). */
static int write_bars(const record_list *rows, const char *dir, char *err, size_t errlen)
{
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        /* (io-vs-cpu is drawn as its speedups, write_io_cpu) */
        bool first = scaling_is_demo_bars(r) && strcmp(r->tag, io_cpu_tag) != 0;
        for (size_t j = 0; j < i && first; ++j)
            first = strcmp(rows->rows[j].tag, r->tag) != 0;
        if (!first)
            continue;
        bool kernels_differ = false, loses = false;
        for (size_t j = i; j < rows->n; ++j) {
            const result_record *x = &rows->rows[j];
            kernels_differ |= strcmp(x->tag, r->tag) == 0 && strcmp(x->kernel, r->kernel) != 0;
            loses |= strcmp(x->tag, r->tag) == 0 && strstr(x->notes, "lost-updates=") != NULL;
        }
        out_file of;
        if (out_file_open_in(&of, dir, r->tag, "bars", err, errlen) != PB_OK)
            return PB_RUNTIME_ERROR;
        FILE *f = of.f;
        fprintf(f, "# %s on %s: case, median time (s), threads, updates lost (%%), flagged (1: untrusted)\n", r->tag,
                r->machine);
        for (size_t j = i; j < rows->n; ++j) {
            const result_record *x = &rows->rows[j];
            if (strcmp(x->tag, r->tag) != 0)
                continue;
            fprintf(f, "\"%s%s%s, %d thr%s\" %.6g %d", kernels_differ ? x->kernel : "", kernels_differ ? ": " : "",
                    x->variant, x->threads, x->verified ? "" : ", WRONG", x->time_s, x->threads);
            put_num(f, lost_pct(x, loses));
            fprintf(f, " %d\n", flagged(x));
        }
        if (out_file_commit(&of, false, err, errlen) != PB_OK)
            return PB_RUNTIME_ERROR;
    }
    return PB_OK;
}

/* Roofline points, by place in the file; the newest of each (kernel, variant, workers). */
static const result_record *shown_rows;
static int roof_key(const result_record *x, const result_record *y)
{
    int c = strcmp(x->kernel, y->kernel);
    if (!c)
        c = strcmp(x->variant, y->variant);
    if (!c && x->threads * x->ranks != y->threads * y->ranks)
        c = x->threads * x->ranks < y->threads * y->ranks ? -1 : 1;
    return c;
}

static int by_roof_key_newest_first(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = roof_key(&shown_rows[i], &shown_rows[j]);
    return c ? c : (i > j ? -1 : i < j);
}

static int by_place(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    return i < j ? -1 : i > j;
}

static int by_gflops(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = shown_rows[i].gflops, y = shown_rows[j].gflops;
    return x < y ? -1 : x > y ? 1 : by_place(a, b);
}

/* The rows the roofline shows (their places in shown), the newest of each kernel, variant
 * and workers, at most ROOFLINE_MAX_POINTS (the first in file order; a note names the
 * rest): sorted, O(n log n), where comparing each row with every later one was quadratic. */
#define ROOFLINE_MAX_POINTS 256
static size_t roofline_points(const record_list *rows, size_t *shown)
{
    size_t n = 0, kept = 0;
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        if (r->gflops > 0 && r->gbytes_s > 0) /* (the triad itself too: memory-bound, under the bandwidth roof) */
            shown[n++] = i;
    }
    shown_rows = rows->rows;
    qsort(shown, n, sizeof *shown, by_roof_key_newest_first);
    for (size_t i = 0; i < n; ++i)
        if (i == 0 || roof_key(&rows->rows[shown[i]], &rows->rows[shown[kept - 1]]) != 0)
            shown[kept++] = shown[i];
    qsort(shown, kept, sizeof *shown, by_place);
    if (kept > ROOFLINE_MAX_POINTS) {
        fprintf(stderr, "parbench: analyze: note: the roofline shows the first %d of %zu kernel, variant and worker "
                "combinations\n", ROOFLINE_MAX_POINTS, kept);
        kept = ROOFLINE_MAX_POINTS;
    }
    return kept;
}

/* DIR/roofline.roofs (the machine's roofs, from its peak rows, as gnuplot assignments) and DIR/roofline.dat (a
 * point per kernel, variant and worker count with FLOP and byte rates: its intensity
 * and GFLOP/s, the newest row of each), for scripts/plot.sh's roofline figure. Nothing
 * when there are no peak rows. */
static int write_roofline(const record_list *rows, const char *machine, const char *dir, char *err, size_t errlen)
{
    roofline roof;
    if (!roofline_from_rows(rows->rows, rows->n, machine, &roof))
        return PB_OK;
    char path[4096];
    out_file gp, dat;
    snprintf(path, sizeof path, "%s/roofline.roofs", dir);
    if (out_file_open(&gp, path, err, errlen) != PB_OK)
        return PB_RUNTIME_ERROR;
    fprintf(gp.f, "# written by parbench analyze: the roofs, GFLOP/s and GB/s (NaN: not measured)\n");
    out_gnuplot_string(gp.f, "machine", machine);
    /* (a roof not measured, or measured while the cores were taken, is gnuplot's NaN) */
    const char *names[4] = {"fma1", "fma_all", "bw1", "bw_all"};
    double values[4] = {roof.have_fma ? roof.fma1 : NAN, roof.have_fma ? roof.fma_all : NAN,
                        roof.have_bw ? roof.bw1 : NAN, roof.have_bw ? roof.bw_all : NAN};
    for (int i = 0; i < 4; ++i)
        isfinite(values[i]) ? fprintf(gp.f, "%s = %.6g\n", names[i], values[i]) : fprintf(gp.f, "%s = NaN\n", names[i]);
    fprintf(gp.f, "all_cores = %d\n", roof.all_cores);
    snprintf(path, sizeof path, "%s/roofline.dat", dir);
    if (out_file_open(&dat, path, err, errlen) != PB_OK) {
        out_file_abort(&gp);
        return PB_RUNTIME_ERROR;
    }
    fprintf(dat.f, "# intensity_flop_per_byte gflops workers pct_of_roof \"kernel/variant\" label_gflops label_side "
                   "(1 right, -1 left) roof (the one bounding it at its workers: memory or compute; - unknown)\n");
    size_t *shown = malloc((rows->n ? rows->n : 1) * sizeof *shown), n = 0;
    if (!shown) {
        out_file_abort(&gp);
        out_file_abort(&dat);
        return snprintf(err, errlen, "out of memory for the roofline's points"), PB_RUNTIME_ERROR;
    }
    n = roofline_points(rows, shown);
    /* Points of one kernel share an intensity. Each label stays at its own point (a label
     * beside another point misnames it); from the lowest point up, points at about the
     * same intensity (within 20%) take turns putting theirs to the right and the left
     * (n is at most ROOFLINE_MAX_POINTS: the pairs below stay few). */
    shown_rows = rows->rows;
    qsort(shown, n, sizeof *shown, by_gflops);
    for (size_t k = 0; k < n; ++k) {
        const result_record *r = &rows->rows[shown[k]];
        double x = r->gflops / r->gbytes_s, pct = roofline_pct(&roof, r);
        int before = 0; /* lower points at about this intensity */
        for (size_t m = 0; m < k; ++m) {
            const result_record *q = &rows->rows[shown[m]];
            double qx = q->gflops / q->gbytes_s;
            before += x / qx < 1.2 && qx / x < 1.2;
        }
        int w = r->threads * r->ranks;
        double bound = roofline_bound(&roof, x, w), compute = roofline_bound(&roof, NAN, w);
        const char *which = !isfinite(bound) ? "-" : isfinite(compute) && bound >= compute ? "compute" : "memory";
        fprintf(dat.f, "%.6g %.6g %d %.6g \"%s/%s x%d\" %.6g %d %s\n", x, r->gflops, w, isfinite(pct) ? pct : NAN,
                r->kernel, r->variant, w, r->gflops, before % 2 ? -1 : 1, which);
    }
    free(shown);
    if (out_file_commit(&dat, false, err, errlen) != PB_OK) {
        out_file_abort(&gp);
        return PB_RUNTIME_ERROR;
    }
    return out_file_commit(&gp, false, err, errlen);
}

typedef struct {
    const char *out;
} out_values;

const opt_spec analysis_out_option[] = {
    {.name = "out", .kind = OPT_PATH, .offset = offsetof(out_values, out), .metavar = "DIR",
     .expect = "a directory (created when missing)", .help = "where the data files go (required)"},
    {0},
};

static const opt_command analyze_cmd = {
    .name = "analyze", .usage = "parbench analyze RUNS.csv [RUNS.csv...] --out DIR",
    .summary = "writes DIR/<kernel>-<size>.dat/.gp (scaling series) and DIR/io-*.dat for scripts/plot.sh,\n"
               "and prints the scaling table (speedup, efficiency, Amdahl fit, Karp-Flatt)",
    .positional = "RUNS.csv", .min_positional = 1, .max_positional = OPT_MAX_POSITIONAL,
};

static int analyze_body(void *values, const opt_parsed *parsed)
{
    out_values v = *(out_values *)values;
    char err[8192];
    const char *out = v.out;
    if (!out) {
        fprintf(stderr, "parbench: analyze needs --out DIR: where the data files go\n");
        return PB_BAD_INPUT;
    }
    const char *const *inputs = parsed->positional;
    size_t ninputs = parsed->npositional;
    record_list rows = {0};
    for (size_t i = 0; i < ninputs; ++i) {
        int read = csv_read_results(inputs[i], &rows, err, sizeof err);
        if (read != PB_OK) { /* a bad file (2), or one that could not be read (3) */
            fprintf(stderr, "parbench: %s\n", err);
            record_list_free(&rows);
            return read;
        }
    }
    if (rows.unknown[0])
        fprintf(stderr, "parbench: analyze: note: passing over columns this parbench does not know (%s)\n",
                rows.unknown);
    size_t unverified = scaling_clean(&rows);
    if (unverified && rows.n)
        fprintf(stderr, "parbench: analyze: left out %zu unverified row(s)\n", unverified);
    if (rows.n == 0) {
        fprintf(stderr, "parbench: analyze: no verified rows to analyze (%zu unverified left out)\n", unverified);
        record_list_free(&rows);
        return PB_BAD_INPUT;
    }
    const char *machine = rows.rows[0].machine;
    for (size_t i = 1; i < rows.n; ++i)
        if (strcmp(rows.rows[i].machine, machine) != 0) {
            fprintf(stderr, "parbench: analyze: rows from several machines (%s, %s); analyze one machine's "
                            "results, or compare machines with parbench compare\n", machine, rows.rows[i].machine);
            record_list_free(&rows);
            return PB_BAD_INPUT;
        }
    if (path_ensure_dir("--out", out, err, sizeof err) != PB_OK) {
        fprintf(stderr, "parbench: analyze: %s\n", err);
        record_list_free(&rows);
        return PB_BAD_INPUT;
    }
    size_t cap = scaling_count_groups(&rows, machine), dropped = 0;
    if (cap > SCALING_MAX_GROUPS)
        cap = SCALING_MAX_GROUPS;
    scaling_group *groups = calloc(cap ? cap : 1, sizeof *groups);
    int status = groups ? PB_OK : PB_RUNTIME_ERROR;
    size_t ng = groups ? scaling_groups(&rows, machine, groups, cap, &dropped) : 0;
    if (dropped)
        fprintf(stderr, "parbench: analyze: note: left out %zu row(s) beyond %d figures, %d series per figure or %d "
                "points per series\n", dropped, SCALING_MAX_GROUPS, SCALING_MAX_SERIES, SCALING_MAX_POINTS);
    for (size_t g = 0; g < ng && status == PB_OK; ++g) {
        status = write_group(&groups[g], out, machine, err, sizeof err);
        if (status == PB_OK)
            print_group(&groups[g]);
    }
    if (status == PB_OK)
        status = write_io(&rows, out, err, sizeof err);
    if (status == PB_OK)
        status = write_bars(&rows, out, err, sizeof err);
    if (status == PB_OK)
        status = write_roofline(&rows, machine, out, err, sizeof err);
    if (status == PB_OK)
        status = write_io_cpu(&rows, out, err, sizeof err);
    if (status == PB_OK)
        status = write_overlap(&rows, out, err, sizeof err);
    if (status == PB_OK)
        status = server_fig_write(&rows, out, err, sizeof err);
    if (status == PB_OK) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", inputs[0]);
        char *slash = strrchr(dir, '/');
        printf("\n");
        if (slash)
            *slash = '\0';
        verdict_print(stdout, &rows, groups, ng, slash ? dir : ".");
    }
    if (status != PB_OK)
        fprintf(stderr, "parbench: %s\n", !groups ? "analyze: out of memory for the scaling groups" : err);
    free(groups);
    record_list_free(&rows);
    return status;
}

static const cli_simple analyze_command = {&analyze_cmd, analysis_out_option,
                                    &(out_values){0}, sizeof(out_values), analyze_body};
int analyze_main(int argc, char **argv) { return cli_run_simple(&analyze_command, argc, argv); }
