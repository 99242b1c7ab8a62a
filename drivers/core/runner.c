#include "core/runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/work.h"
#include "core/calibrate.h"
#include "core/timer.h"
#include "env/mpi_env.h"
#include "output/report.h"

int runner_worse(int a, int b)
{
    if (a == PB_RUNTIME_ERROR || b == PB_RUNTIME_ERROR)
        return PB_RUNTIME_ERROR;
    if (a == PB_BAD_INPUT || b == PB_BAD_INPUT)
        return PB_BAD_INPUT;
    return a > b ? a : b;
}

bool plan_add(plan *p, const run_spec *spec, const char *label)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        plan_step *steps = realloc(p->steps, cap * sizeof *steps);
        if (!steps)
            return false;
        p->steps = steps;
        p->cap = cap;
    }
    p->steps[p->n].spec = *spec;
    snprintf(p->steps[p->n].label, sizeof p->steps[p->n].label, "%s", label);
    p->n++;
    return true;
}

void plan_free(plan *p)
{
    free(p->steps);
    p->steps = NULL;
    p->n = p->cap = 0;
}

bool plan_needs_mpi(const plan *p)
{
    bool need = pb_mpi_launched();
    for (size_t i = 0; i < p->n; ++i)
        need |= p->steps[i].spec.variant->model == EXEC_MPI || p->steps[i].spec.variant->model == EXEC_HYBRID;
    return need;
}

/* Before any work: MPI, the same options on every rank, a CSV that can take rows.
 * PB_OK, or the exit code after one line on stderr (MPI finalized). */
static int begin(const plan *p)
{
    if (plan_needs_mpi(p) && !pb_mpi_init()) {
        fprintf(stderr, "parbench: MPI_Init failed\n");
        return PB_RUNTIME_ERROR;
    }
    char err[768];
    int status = PB_OK;
    if (p->agreement && pb_mpi_agree_text(p->agreement, err, sizeof err) != 0)
        status = PB_BAD_INPUT; /* the same on every rank: no rank runs what the others do not */
    else if (p->csv && pb_mpi_rank() == 0)
        status = results_check(p->csv, err, sizeof err);
    if (pb_mpi_max_int(status) == PB_OK)
        return PB_OK;
    if (pb_mpi_rank() == 0)
        fprintf(stderr, "parbench: %s\n", err);
    pb_mpi_finalize();
    return PB_BAD_INPUT;
}

/* Rank 0: the table row, the warnings and the CSV row of one step. */
static int report_step(const plan *p, const plan_step *step, int status, const result_record *rec, bool *titled,
                       const char *err)
{
    bool have_record = status == PB_OK || status == PB_VERIFY_FAILED;
    bool shown = have_record && !step->spec.variant->reference;
    if (shown && !p->quiet) {
        if (!*titled) {
            fputs(p->title, stdout);
            report_columns(p->first_column);
            *titled = true;
        }
        report_row(rec);
        report_warnings(step->label, rec);
    }
    if (status != PB_OK)
        fprintf(stderr, "parbench: %s: %s\n", step->label, err[0] ? err : "failed");
    if (shown && p->csv) {
        char csv_err[768];
        if (results_append(p->csv, rec, csv_err, sizeof csv_err) != PB_OK) {
            fprintf(stderr, "parbench: %s\n", csv_err);
            status = runner_worse(status, PB_RUNTIME_ERROR);
        }
    }
    return status;
}

int runner_execute(plan *p)
{
    int status = begin(p);
    if (status != PB_OK)
        return status;
    result_record *recs = calloc(p->n ? p->n : 1, sizeof *recs);
    if (!recs) {
        fprintf(stderr, "parbench: out of memory: %zu bytes for the records of %zu steps\n", p->n * sizeof *recs, p->n);
        pb_mpi_finalize();
        return PB_RUNTIME_ERROR;
    }
    size_t nrec = 0;
    bool titled = false;
    work_configure(timer_now, NULL, 0);
    if (p->calibrate.variant) {
        uint64_t size;
        char msg[768];
        status = calibrate_size(&p->calibrate, p->min_time, &size, msg, sizeof msg);
        if (pb_mpi_rank() == 0 && (status != PB_OK || !p->quiet))
            fprintf(status == PB_OK ? stdout : stderr, "%s%s\n", status == PB_OK ? "" : "parbench: ", msg);
        for (size_t i = 0; i < p->n; ++i) {
            p->steps[i].spec.size = size;
            p->steps[i].spec.note = "size-auto";
        }
        if (status != PB_OK)
            p->n = 0; /* nothing runs at a size that could not be chosen */
    }
    for (size_t i = 0; i < p->n && status != PB_BAD_INPUT; ++i) {
        plan_step *step = &p->steps[i];
        work_set_step((int)i);
        step->spec.earlier = recs;
        step->spec.nearlier = nrec;
        char err[768];
        int st = harness_run(&step->spec, &recs[nrec], err, sizeof err);
        if (pb_mpi_rank() == 0)
            st = report_step(p, step, st, &recs[nrec], &titled, err);
        if (st == PB_OK || st == PB_VERIFY_FAILED)
            ++nrec;
        else
            result_record_free(&recs[nrec]);
        status = runner_worse(status, st);
    }
    if (pb_mpi_rank() == 0 && !p->quiet && nrec > 0 && p->summary)
        p->summary(p, recs, nrec);
    for (size_t i = 0; i < nrec; ++i)
        result_record_free(&recs[i]);
    free(recs);
    pb_mpi_finalize();
    return status;
}
