#include "core/runner.h"

#include <stdio.h>

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

int runner_begin(bool need_mpi, const char *csv)
{
    if (need_mpi && !pb_mpi_init()) {
        fprintf(stderr, "parbench: MPI_Init failed\n");
        return PB_RUNTIME_ERROR;
    }
    char err[512];
    int status = PB_OK;
    if (csv && pb_mpi_rank() == 0)
        status = results_check(csv, err, sizeof err);
    if (pb_mpi_max_int(status) == PB_OK)
        return PB_OK;
    if (pb_mpi_rank() == 0)
        fprintf(stderr, "parbench: %s\n", err);
    pb_mpi_finalize();
    return PB_BAD_INPUT;
}

int runner_step(const run_spec *spec, const char *csv, const char *label, result_record *rec)
{
    char err[512];
    int status = harness_run(spec, rec, err, sizeof err);
    if (pb_mpi_rank() != 0)
        return status;
    bool have_record = status == PB_OK || status == PB_VERIFY_FAILED;
    if (have_record && !spec->quiet)
        report_row(rec);
    if (status != PB_OK)
        fprintf(stderr, "parbench: %s: %s\n", label, err[0] ? err : "failed");
    if (have_record && csv) {
        char csv_err[512];
        if (results_append(csv, rec, csv_err, sizeof csv_err) != PB_OK) {
            fprintf(stderr, "parbench: %s\n", csv_err);
            status = runner_worse(status, PB_RUNTIME_ERROR);
        }
    }
    return status;
}
