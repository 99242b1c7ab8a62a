/* compare.csv (one row per machine, each kernel's values in its own columns, for a
 * spreadsheet beside compare.md) and compare-long.csv (one row per machine and kernel,
 * the same values: tidy data for pandas, R or a pivot table). Labels and CPU names come
 * from hand-ins: quoted, and a leading = + - @ neutralised (no formula runs). */
#include <math.h>
#include <string.h>

#include "core/kernel.h"
#include "lab/lab_write.h"
#include "glue/kernel_list.h"

static void csv_text(FILE *f, const char *s)
{
    fputs(strchr("=+-@", *s) && *s ? "\"'" : "\"", f);
    for (; *s; ++s)
        fputs(*s == '"' ? "\"\"" : (char[2]){*s, 0}, f);
    fputc('"', f);
}

static void csv_num(FILE *f, double x) { isfinite(x) ? fprintf(f, ",%.6g", x) : fputs(",", f); }

static const char machine_heads[] = "rank,label,machine,cpu,cores,date,score,worst_ci,flags,not_ranked,missing";
static const char *const kernel_cols[] = {"size", "serial_s", "per_core", "all_cores", "unit", "omp_speedup",
                                          "omp_low", "omp_high", "omp_efficiency", "mpi_speedup",
                                          "mpi_efficiency", "pct_peak", "flags"};
#define NKERNEL_COLS (sizeof kernel_cols / sizeof kernel_cols[0])
static const char io_heads[] = "io_requests,io_latency_ms,io_blocking_s,io_nonblocking_s,io_speedup,io_overhead_us,"
                               "io_flags";

/* The machine's own cells (no trailing comma). */
static void machine_cells(FILE *csv, const lab_table *t, const lab_machine *m)
{
    double worst;
    char flags[256];
    lab_machine_quality(t, m, &worst, flags, sizeof flags);
    if (m->rank)
        fprintf(csv, "%d,", m->rank);
    else
        fputs(",", csv);
    csv_text(csv, m->label);
    fputc(',', csv);
    csv_text(csv, m->id);
    fputc(',', csv);
    csv_text(csv, m->cpu);
    fprintf(csv, ",%d,%s", m->cores, m->date);
    csv_num(csv, m->score);
    csv_num(csv, worst);
    fputc(',', csv);
    csv_text(csv, flags);
    fputc(',', csv);
    csv_text(csv, m->not_ranked);
    fputc(',', csv);
    csv_text(csv, m->missing);
}

/* Kernel k's cells of machine m, each after a comma. */
static void kernel_cells(FILE *csv, const lab_table *t, size_t k, const lab_cell *c)
{
    if (c->serial)
        fprintf(csv, ",%llu", c->size);
    else
        fputc(',', csv);
    csv_num(csv, c->serial ? c->serial->time_s : NAN);
    csv_num(csv, c->per_core);
    csv_num(csv, c->all_cores);
    fprintf(csv, ",%s", kernel_find(t->kernels[k])->unit);
    csv_num(csv, c->omp_s.speedup);
    csv_num(csv, c->omp_s.low);
    csv_num(csv, c->omp_s.high);
    csv_num(csv, c->omp_eff);
    csv_num(csv, c->mpi_s.speedup);
    csv_num(csv, c->mpi_eff);
    csv_num(csv, c->pct_peak);
    fputc(',', csv);
    csv_text(csv, c->flags);
}

/* The concurrency half's cells, each after a comma (empty where the machine has none). */
static void io_cells(FILE *csv, const lab_io *io)
{
    csv_num(csv, io->have ? io->requests : NAN);
    csv_num(csv, io->have ? io->latency_ms : NAN);
    csv_num(csv, io->have ? io->blocking_s : NAN);
    csv_num(csv, io->have ? io->nonblocking_s : NAN);
    csv_num(csv, io->have ? io->speedup : NAN);
    csv_num(csv, io->have ? io->overhead_us : NAN);
    fputc(',', csv);
    csv_text(csv, io->have ? io->flags : "");
}

void lab_write_csv(FILE *csv, const lab_table *t)
{
    fputs(machine_heads, csv);
    for (size_t k = 0; k < t->nk; ++k)
        for (size_t c = 0; c < NKERNEL_COLS; ++c)
            fprintf(csv, ",%s_%s", t->kernels[k], kernel_cols[c]);
    fprintf(csv, ",%s\n", io_heads);
    for (size_t i = 0; i < t->n; ++i) {
        machine_cells(csv, t, &t->m[i]);
        for (size_t k = 0; k < t->nk; ++k)
            kernel_cells(csv, t, k, &t->m[i].cells[k]);
        io_cells(csv, &t->m[i].io);
        fputc('\n', csv);
    }
}

void lab_write_long_csv(FILE *csv, const lab_table *t)
{
    fprintf(csv, "%s,kernel", machine_heads);
    for (size_t c = 0; c < NKERNEL_COLS; ++c)
        fprintf(csv, ",%s", kernel_cols[c]);
    fprintf(csv, ",%s\n", io_heads);
    static const lab_io no_io = {0};
    for (size_t i = 0; i < t->n; ++i) {
        const lab_machine *m = &t->m[i];
        for (size_t k = 0; k < t->nk; ++k) {
            machine_cells(csv, t, m);
            fprintf(csv, ",%s", t->kernels[k]);
            kernel_cells(csv, t, k, &m->cells[k]);
            io_cells(csv, &no_io);
            fputc('\n', csv);
        }
        if (!m->io.have)
            continue;
        /* the I/O latency driver as one more "kernel" row: its own columns filled */
        machine_cells(csv, t, m);
        fputs(",io-latency", csv);
        for (size_t c = 0; c < NKERNEL_COLS; ++c)
            fputc(',', csv);
        io_cells(csv, &m->io);
        fputc('\n', csv);
    }
}
