/* MPI-IO for the checkpoint driver, through the MPI environment module like every MPI
 * call outside kernels/. A failure in the middle of collective I/O cannot be agreed on
 * safely (ranks would wait in different calls), so every function here ends the job
 * with one line naming the operation, the file and MPI's reason. All collective but
 * pb_mpi_file_iwrite_at and pb_mpi_file_wait. Without MPI none of this is built in. */
#ifndef PARBENCH_MPI_IO_H
#define PARBENCH_MPI_IO_H

#include <stddef.h>
#include <stdint.h>

typedef struct pb_mpi_file pb_mpi_file;

/* Opens an existing file for writing and sets its size in bytes. */
pb_mpi_file *pb_mpi_file_open_write(const char *path, uint64_t size);
/* Opens a file for reading. */
pb_mpi_file *pb_mpi_file_open_read(const char *path);
/* n doubles at byte offset, every rank its own part. */
void pb_mpi_file_write_at_all(pb_mpi_file *f, uint64_t offset, const double *buf, size_t n);
void pb_mpi_file_read_at_all(pb_mpi_file *f, uint64_t offset, double *buf, size_t n);
/* Starts writing n doubles at offset (one write pending per file); buf must stay
 * untouched until pb_mpi_file_wait. */
void pb_mpi_file_iwrite_at(pb_mpi_file *f, uint64_t offset, const double *buf, size_t n);
void pb_mpi_file_wait(pb_mpi_file *f);
void pb_mpi_file_sync(pb_mpi_file *f);
/* Closes and frees f. */
void pb_mpi_file_close(pb_mpi_file *f);

#endif
