#include "env/mpi_io.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/status.h"
#include "env/mpi_env.h"
#include "parbench_config.h"

#if PARBENCH_HAVE_MPI
#include <mpi.h>

struct pb_mpi_file {
    MPI_File fh;
    MPI_Request req;
    char path[4096];
};

static MPI_Comm comm(void) { return *(MPI_Comm *)pb_mpi_world(); }

static void check(const pb_mpi_file *f, const char *path, int rc, const char *what)
{
    if (rc == MPI_SUCCESS)
        return;
    char msg[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, msg, &len);
    fprintf(stderr, "parbench: rank %d: %s %s: %s\n", pb_mpi_rank(), what, f ? f->path : path, msg);
    MPI_Abort(comm(), PB_RUNTIME_ERROR);
}

static pb_mpi_file *open_file(const char *path, int mode)
{
    pb_mpi_file *f = calloc(1, sizeof *f);
    if (!f) {
        fprintf(stderr, "parbench: rank %d: out of memory: %zu bytes to open %s\n", pb_mpi_rank(), sizeof *f, path);
        MPI_Abort(comm(), PB_RUNTIME_ERROR);
    }
    snprintf(f->path, sizeof f->path, "%s", path);
    f->req = MPI_REQUEST_NULL;
    check(f, path, MPI_File_open(comm(), path, mode, MPI_INFO_NULL, &f->fh), "open");
    return f;
}

pb_mpi_file *pb_mpi_file_open_write(const char *path, uint64_t size)
{
    pb_mpi_file *f = open_file(path, MPI_MODE_WRONLY);
    check(f, path, MPI_File_set_size(f->fh, (MPI_Offset)size), "set the size of");
    return f;
}

pb_mpi_file *pb_mpi_file_open_read(const char *path) { return open_file(path, MPI_MODE_RDONLY); }

void pb_mpi_file_write_at_all(pb_mpi_file *f, uint64_t offset, const double *buf, size_t n)
{
    check(f, NULL, MPI_File_write_at_all(f->fh, (MPI_Offset)offset, buf, (int)n, MPI_DOUBLE, MPI_STATUS_IGNORE),
          "write");
}

void pb_mpi_file_read_at_all(pb_mpi_file *f, uint64_t offset, double *buf, size_t n)
{
    check(f, NULL, MPI_File_read_at_all(f->fh, (MPI_Offset)offset, buf, (int)n, MPI_DOUBLE, MPI_STATUS_IGNORE),
          "read");
}

void pb_mpi_file_iwrite_at(pb_mpi_file *f, uint64_t offset, const double *buf, size_t n)
{
    check(f, NULL, MPI_File_iwrite_at(f->fh, (MPI_Offset)offset, buf, (int)n, MPI_DOUBLE, &f->req), "iwrite");
}

void pb_mpi_file_wait(pb_mpi_file *f) { check(f, NULL, MPI_Wait(&f->req, MPI_STATUS_IGNORE), "wait for the write of"); }

void pb_mpi_file_sync(pb_mpi_file *f) { check(f, NULL, MPI_File_sync(f->fh), "sync"); }

void pb_mpi_file_close(pb_mpi_file *f)
{
    check(f, NULL, MPI_File_close(&f->fh), "close");
    free(f);
}

#endif
