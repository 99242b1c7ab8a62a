/* `parbench compare DIR...`: the results of several machines (a classroom lab, a
 * cluster's node types) side by side. Rows are told apart by their machine id, so two
 * folders from one machine merge instead of counting twice. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/analyze.h"
#include "analysis/csv_read.h"
#include "cli/options.h"
#include "cli/parse.h"
#include "output/outfile.h"
#include "core/kernel.h"
#include "output/paths.h"
#include "analysis/scaling.h"

#define MAX_KERNELS 16

typedef struct {
    char id[96], cpu[128];
    int cores;
} machine_row;

typedef struct {
    double serial_time, best_speedup, efficiency_full, best_throughput, score;
} cell;

/* Reads "key": value from a machine.json that parbench info --json wrote. */
static bool json_field(const char *text, const char *key, char *out, size_t len)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\": ", key);
    const char *p = strstr(text, pattern);
    if (!p)
        return false;
    p += strlen(pattern);
    if (*p == '"') {
        const char *end = strchr(++p, '"');
        if (!end)
            return false;
        snprintf(out, len, "%.*s", (int)(end - p), p);
    } else {
        snprintf(out, len, "%.*s", (int)strcspn(p, ",\n}"), p);
    }
    return true;
}

/* DIR/machine.json (if there is one) fills in the CPU and cores of its machine. A file
 * that is there but not a regular file, or holds a core count that is not one, is bad
 * input: it came from someone else. PB_OK or PB_BAD_INPUT with err. */
static int read_machine_json(const char *dir, machine_row *machines, size_t n, char *err, size_t errlen)
{
    char path[4096], text[16384];
    snprintf(path, sizeof path, "%s/machine.json", dir);
    struct stat st;
    if (lstat(path, &st) != 0)
        return PB_OK; /* none: the CPU stays unknown */
    if (csv_check_readable(path, "machine description", err, errlen) != PB_OK)
        return PB_BAD_INPUT;
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    ssize_t got = fd >= 0 ? read(fd, text, sizeof text - 1) : -1;
    if (fd >= 0)
        close(fd);
    if (got < 0)
        return snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno)), PB_BAD_INPUT;
    text[got] = '\0';
    char id[96], cpu[128], cores[32];
    if (!json_field(text, "id", id, sizeof id))
        return PB_OK;
    uint64_t ncores = 0;
    const char *why;
    if (json_field(text, "cores", cores, sizeof cores) && !parse_uint(cores, 0, 1u << 24, &ncores, &why))
        return snprintf(err, errlen, "%s: \"cores\": %s: %s; expected a core count from 0 to 2^24", path,
                        opt_show(cores), why), PB_BAD_INPUT;
    for (size_t i = 0; i < n; ++i)
        if (strcmp(machines[i].id, id) == 0 && !machines[i].cpu[0]) {
            if (json_field(text, "cpu_model", cpu, sizeof cpu)) {
                /* it lands in a Markdown table and a CSV cell: keep it to plain text */
                for (char *c = cpu; *c; ++c)
                    if (*c < 0x20 || *c > 0x7e || strchr("|\\`'@", *c))
                        *c = '_';
                snprintf(machines[i].cpu, sizeof machines[i].cpu, "%s", cpu);
            }
            machines[i].cores = (int)ncores;
        }
    return PB_OK;
}

/* The size of the kernel's serial runs that the most machines share (ties: larger). */
static unsigned long long reference_size(const record_list *rows, const char *kernel)
{
    unsigned long long best = 0;
    size_t best_count = 0;
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        if (strcmp(r->kernel, kernel) != 0 || strcmp(r->variant, "serial") != 0 || strcmp(r->tag, "weak") == 0)
            continue;
        size_t count = 0;
        for (size_t j = 0; j < rows->n; ++j) {
            const result_record *s = &rows->rows[j];
            count += strcmp(s->kernel, kernel) == 0 && strcmp(s->variant, "serial") == 0 && s->size == r->size &&
                     strcmp(s->tag, "weak") != 0;
        }
        if (count > best_count || (count == best_count && r->size > best)) {
            best = r->size;
            best_count = count;
        }
    }
    if (best_count == 0) /* no serial runs: the largest size of any run */
        for (size_t i = 0; i < rows->n; ++i)
            if (strcmp(rows->rows[i].kernel, kernel) == 0 && rows->rows[i].size > best)
                best = rows->rows[i].size;
    return best;
}

static cell measure(const record_list *rows, const machine_row *m, const char *kernel, unsigned long long size)
{
    cell c = {NAN, NAN, NAN, NAN, NAN};
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        if (strcmp(r->machine, m->id) == 0 && strcmp(r->kernel, kernel) == 0 && r->size == size &&
            strcmp(r->variant, "serial") == 0 && strcmp(r->tag, "weak") != 0)
            c.serial_time = r->time_s;
    }
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        if (strcmp(r->machine, m->id) != 0 || strcmp(r->kernel, kernel) != 0 || r->size != size ||
            strcmp(r->tag, "weak") == 0)
            continue;
        if (!(r->throughput <= c.best_throughput))
            c.best_throughput = r->throughput;
        double s = c.serial_time / r->time_s;
        if (isfinite(s) && !(s <= c.best_speedup))
            c.best_speedup = s;
        int workers = r->threads * r->ranks;
        if (isfinite(s) && workers == m->cores && !(s / workers <= c.efficiency_full))
            c.efficiency_full = s / workers;
    }
    return c;
}

static void md_num(FILE *f, const char *fmt, double x)
{
    if (isfinite(x))
        fprintf(f, fmt, x);
    else
        fprintf(f, " - |");
}

/* Opens the files DIR/name for each name (NULL-terminated), all or none. */
static bool open_all(out_file *files, const char *dir, const char *const *names, char *err, size_t errlen)
{
    for (size_t i = 0; names[i]; ++i) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (out_file_open(&files[i], path, err, errlen) != PB_OK) {
            while (i-- > 0)
                out_file_abort(&files[i]);
            return false;
        }
    }
    return true;
}

/* Commits the n files; false (err set) if any failed (the rest are still committed). */
static bool commit_all(out_file *files, size_t n, char *err, size_t errlen)
{
    bool ok = true;
    for (size_t i = 0; i < n; ++i)
        ok = out_file_commit(&files[i], false, err, errlen) == PB_OK && ok;
    return ok;
}

#define CELL(cells, m, k) (cells)[(m) * MAX_KERNELS + (k)]

static int write_outputs(const char *out, const machine_row *ms, size_t nm, char kernels[][32], size_t nk,
                         const cell *cells, const double *score, const record_list *rows,
                         const unsigned long long *sizes)
{
    char err[1024];
    static const char *const tables[] = {"compare.md", "compare.csv", "compare.gp", NULL};
    out_file tf[3];
    if (!open_all(tf, out, tables, err, sizeof err)) {
        fprintf(stderr, "parbench: compare: %s\n", err);
        return PB_RUNTIME_ERROR;
    }
    FILE *md = tf[0].f, *csv = tf[1].f, *gp = tf[2].f;
    fprintf(md, "| machine | CPU | cores |");
    fprintf(csv, "machine,cpu,cores");
    for (size_t k = 0; k < nk; ++k) {
        fprintf(md, " %s serial s | %s best speedup | %s efficiency at all cores |", kernels[k], kernels[k], kernels[k]);
        fprintf(csv, ",%s_size,%s_serial_s,%s_best_speedup,%s_efficiency_full,%s_best_throughput", kernels[k],
                kernels[k], kernels[k], kernels[k], kernels[k]);
    }
    fprintf(md, " score |\n|---|---|---|");
    fprintf(csv, ",score\n");
    for (size_t k = 0; k < nk; ++k)
        fprintf(md, "---|---|---|");
    fprintf(md, "---|\n");
    for (size_t m = 0; m < nm; ++m) {
        fprintf(md, "| %s | %s | %d |", ms[m].id, ms[m].cpu[0] ? ms[m].cpu : "?", ms[m].cores);
        fprintf(csv, "%s,\"%s\",%d", ms[m].id, ms[m].cpu[0] ? ms[m].cpu : "?", ms[m].cores);
        for (size_t k = 0; k < nk; ++k) {
            const cell *c = &CELL(cells, m, k);
            md_num(md, " %.4g |", c->serial_time);
            md_num(md, " %.2fx |", c->best_speedup);
            md_num(md, " %.0f%% |", 100.0 * c->efficiency_full);
            fprintf(csv, ",%llu,%.6g,%.4g,%.4g,%.6g", sizes[k], c->serial_time, c->best_speedup, c->efficiency_full,
                    c->best_throughput);
        }
        md_num(md, " %.3f |", score[m]);
        fprintf(md, "\n");
        fprintf(csv, ",%.4f\n", score[m]);
    }
    fprintf(md, "\nscore: geometric mean over the kernels of the best throughput relative to %s (= 1).\n"
                "serial s: median time of the serial variant at the size most machines ran; best speedup: "
                "serial time over the fastest variant's time at that size.\n", ms[0].id);
    fprintf(gp, "# written by parbench compare\nnmachines = %zu\nnkernels = %zu\narray machines[%zu]\narray kernels[%zu]\n",
            nm, nk, nm, nk);
    for (size_t m = 0; m < nm; ++m) {
        char name[32];
        snprintf(name, sizeof name, "machines[%zu]", m + 1);
        out_gnuplot_string(gp, name, ms[m].id);
    }
    for (size_t k = 0; k < nk; ++k) {
        char name[32];
        snprintf(name, sizeof name, "kernels[%zu]", k + 1);
        out_gnuplot_string(gp, name, kernels[k]);
    }
    if (!commit_all(tf, 3, err, sizeof err)) {
        fprintf(stderr, "parbench: compare: %s\n", err);
        return PB_RUNTIME_ERROR;
    }

    size_t cap = scaling_count_groups(rows, NULL), dropped;
    scaling_group *groups = calloc(cap ? cap : 1, sizeof *groups);
    if (!groups) {
        fprintf(stderr, "parbench: compare: out of memory: %zu bytes for the scaling groups\n", cap * sizeof *groups);
        return PB_RUNTIME_ERROR;
    }
    for (size_t k = 0; k < nk; ++k) {
        char bars_name[64], sp_name[64];
        snprintf(bars_name, sizeof bars_name, "bars-%s.dat", kernels[k]);
        snprintf(sp_name, sizeof sp_name, "speedup-%s.dat", kernels[k]);
        const char *const names[] = {bars_name, sp_name, NULL};
        out_file kf[2];
        if (!open_all(kf, out, names, err, sizeof err)) {
            fprintf(stderr, "parbench: compare: %s\n", err);
            free(groups);
            return PB_RUNTIME_ERROR;
        }
        FILE *bars = kf[0].f, *sp = kf[1].f;
        fprintf(bars, "# machine serial_throughput best_throughput (%s)\n", kernel_find(kernels[k])->unit);
        for (size_t m = 0; m < nm; ++m) {
            double serial_thr = NAN;
            for (size_t i = 0; i < rows->n; ++i) {
                const result_record *r = &rows->rows[i];
                if (strcmp(r->machine, ms[m].id) == 0 && strcmp(r->kernel, kernels[k]) == 0 && r->size == sizes[k] &&
                    strcmp(r->variant, "serial") == 0 && strcmp(r->tag, "weak") != 0)
                    serial_thr = r->throughput;
            }
            fprintf(bars, "\"%s\" %.6g %.6g\n", ms[m].id, serial_thr, CELL(cells, m, k).best_throughput);
            /* the omp curve (else mpi) of this machine at the reference size */
            size_t ng = scaling_groups(rows, ms[m].id, groups, cap, &dropped);
            fprintf(sp, "%s# series %s\n# workers speedup_rel\n", m ? "\n\n" : "", ms[m].id);
            for (size_t g = 0; g < ng; ++g) {
                if (strcmp(groups[g].kernel, kernels[k]) != 0 || groups[g].weak || groups[g].size != sizes[k])
                    continue;
                const scaling_series *best = NULL;
                for (size_t s = 0; s < groups[g].nseries; ++s)
                    if (strcmp(groups[g].series[s].name, "omp") == 0 ||
                        (!best && strcmp(groups[g].series[s].name, "mpi") == 0))
                        best = &groups[g].series[s];
                for (size_t i = 0; best && i < best->n; ++i)
                    if (isfinite(best->points[i].speedup_rel))
                        fprintf(sp, "%d %.6g\n", best->points[i].workers, best->points[i].speedup_rel);
            }
        }
        if (!commit_all(kf, 2, err, sizeof err)) {
            fprintf(stderr, "parbench: compare: %s\n", err);
            free(groups);
            return PB_RUNTIME_ERROR;
        }
    }
    free(groups);
    return PB_OK;
}

static const opt_command compare_cmd = {
    .name = "compare", .usage = "parbench compare RESULTS_DIR [RESULTS_DIR...] --out DIR",
    .summary = "several machines side by side; each RESULTS_DIR holds runs.csv (and machine.json) as\n"
               "scripts/sweep.sh writes them",
    .positional = "RESULTS_DIR", .min_positional = 1, .max_positional = OPT_MAX_POSITIONAL,
};

int compare_main(int argc, char **argv)
{
    typedef struct {
        const char *out;
    } out_values;
    out_values v = {0};
    opt_group g = {analysis_out_option, &v, NULL};
    opt_parsed parsed;
    char err[8192], path[4096];
    if (opt_parse(&compare_cmd, &g, 1, argc, argv, 1, &parsed, err, sizeof err) != PB_OK) {
        fprintf(stderr, "parbench: %s\n", err);
        return PB_BAD_INPUT;
    }
    if (parsed.help) {
        opt_print_help(&compare_cmd, &g, 1, stdout);
        return PB_OK;
    }
    const char *out = v.out;
    if (!out) {
        fprintf(stderr, "parbench: compare needs --out DIR: where the table and data files go\n");
        return PB_BAD_INPUT;
    }
    const char *const *dirs = parsed.positional;
    size_t ndirs = parsed.npositional;
    record_list rows = {0};
    for (size_t d = 0; d < ndirs; ++d) {
        snprintf(path, sizeof path, "%s/runs.csv", dirs[d]);
        if (csv_read_results(path, &rows, err, sizeof err) != PB_OK) {
            fprintf(stderr, "parbench: compare: %s\n", err);
            record_list_free(&rows);
            return PB_BAD_INPUT;
        }
    }
    if (rows.unknown[0])
        fprintf(stderr, "parbench: compare: note: passing over columns this parbench does not know (%s)\n",
                rows.unknown);
    scaling_clean(&rows);
    machine_row *ms = NULL;
    size_t nm = 0;
    char kernels[MAX_KERNELS][32];
    size_t nk = 0;
    int status = PB_OK;
    for (size_t i = 0; i < rows.n && status == PB_OK; ++i) {
        const result_record *r = &rows.rows[i];
        size_t m = 0, k = 0;
        while (m < nm && strcmp(ms[m].id, r->machine) != 0)
            ++m;
        if (m == nm) {
            machine_row *grown = realloc(ms, (nm + 1) * sizeof *ms);
            if (!grown) {
                status = PB_RUNTIME_ERROR;
                break;
            }
            ms = grown;
            memset(&ms[nm], 0, sizeof ms[nm]);
            snprintf(ms[nm++].id, sizeof ms[0].id, "%s", r->machine);
        }
        if (!kernel_find(r->kernel)) /* I/O drivers and demos: nothing to rank machines by */
            continue;
        while (k < nk && strcmp(kernels[k], r->kernel) != 0)
            ++k;
        if (k == nk && nk < MAX_KERNELS) /* (the registry holds fewer compute kernels) */
            snprintf(kernels[nk++], sizeof kernels[0], "%s", r->kernel);
    }
    if (status == PB_OK && (nm == 0 || nk == 0)) {
        fprintf(stderr, "parbench: compare: no verified compute-kernel rows in the given results\n");
        status = PB_BAD_INPUT;
    }
    for (size_t d = 0; d < ndirs && status == PB_OK; ++d)
        if (read_machine_json(dirs[d], ms, nm, err, sizeof err) != PB_OK) {
            fprintf(stderr, "parbench: compare: %s\n", err);
            status = PB_BAD_INPUT;
        }
    if (status == PB_OK && path_ensure_dir("--out", out, err, sizeof err) != PB_OK) {
        fprintf(stderr, "parbench: compare: %s\n", err);
        status = PB_BAD_INPUT;
    }
    cell *cells = status == PB_OK ? calloc(nm * MAX_KERNELS, sizeof *cells) : NULL;
    double *score = status == PB_OK ? calloc(nm, sizeof *score) : NULL;
    if (status == PB_OK && (!cells || !score))
        status = PB_RUNTIME_ERROR;
    if (status == PB_RUNTIME_ERROR)
        fprintf(stderr, "parbench: compare: out of memory for %zu machines\n", nm);
    unsigned long long sizes[MAX_KERNELS];
    if (status == PB_OK) {
        for (size_t k = 0; k < nk; ++k)
            sizes[k] = reference_size(&rows, kernels[k]);
        for (size_t m = 0; m < nm; ++m)
            for (size_t k = 0; k < nk; ++k)
                CELL(cells, m, k) = measure(&rows, &ms[m], kernels[k], sizes[k]);
        for (size_t m = 0; m < nm; ++m) {
            double ratios[MAX_KERNELS];
            for (size_t k = 0; k < nk; ++k)
                ratios[k] = CELL(cells, m, k).best_throughput / CELL(cells, 0, k).best_throughput;
            score[m] = geometric_mean(ratios, nk);
        }
        status = write_outputs(out, ms, nm, kernels, nk, cells, score, &rows, sizes);
    }
    if (status == PB_OK) {
        snprintf(path, sizeof path, "%s/compare.md", out);
        FILE *md = fopen(path, "r");
        int c;
        while (md && (c = fgetc(md)) != EOF)
            putchar(c);
        if (md)
            fclose(md);
    }
    free(cells);
    free(score);
    free(ms);
    record_list_free(&rows);
    return status;
}
