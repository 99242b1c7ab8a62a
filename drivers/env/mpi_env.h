/* The one place that talks to MPI outside the kernels. Every function also exists in a
 * build without MPI, where the program is a single rank. */
#ifndef PARBENCH_MPI_ENV_H
#define PARBENCH_MPI_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when the build has MPI. */
bool pb_mpi_built(void);
/* True when a launcher (Open MPI's mpirun, MPICH's Hydra mpiexec, srun) started this process. */
bool pb_mpi_launched(void);
/* The rank the launcher gave us, read from the environment before MPI_Init (0 if none):
 * lets bad-usage messages come from one rank only. */
int pb_mpi_env_rank(void);
/* The number of processes the launcher started (1 without a launcher). */
int pb_mpi_env_size(void);
/* The launcher whose binding options fit this run, for advice: the one that started this
 * process (from what it tells its processes before MPI_Init), else the launcher of the
 * MPI this build links (Open MPI's mpirun, MPICH's Hydra mpiexec), else unknown. */
typedef enum { PB_LAUNCHER_UNKNOWN, PB_LAUNCHER_OPENMPI, PB_LAUNCHER_HYDRA, PB_LAUNCHER_SRUN } pb_launcher;
pb_launcher pb_mpi_launcher(void);

/* MPI_Init_thread(FUNNELED) once; later calls do nothing. False on failure. */
bool pb_mpi_init(void);
bool pb_mpi_active(void);
void pb_mpi_finalize(void);
int pb_mpi_rank(void);
int pb_mpi_size(void);
/* MPI_COMM_WORLD as an opaque pointer (an MPI_Comm *) for kernels; NULL without MPI. */
void *pb_mpi_world(void);
/* Ends every rank of the job with exit code `code` (after one line on stderr by the caller). */
void pb_mpi_abort(int code) __attribute__((noreturn));
/* The ranks on this rank's node (MPI_Comm_split_type shared memory); 1 without MPI. */
int pb_mpi_node_size(void);
/* The CPUs the ranks of this node may run on together (the union of their affinity
 * masks), or 0 without MPI. */
int pb_mpi_node_cpus(void);
/* Every rank compares its text (one item a line: the parsed options) with rank 0's
 * (collective). 0 when all agree; 1 when some rank differs, with the lowest such
 * rank's line and rank 0's in err on every rank; -1 when it could not compare. */
int pb_mpi_agree_text(const char *mine, char *err, size_t errlen);

void pb_mpi_barrier(void);
/* A barrier that sleeps between polls instead of spinning, so ranks waiting for rank 0
 * to finish a serial or omp variant leave the cores to it. */
void pb_mpi_idle_barrier(void);
double pb_mpi_max_double(double x);
double pb_mpi_sum_double(double x);
int pb_mpi_max_int(int x);
/* The lowest rank for which failed is true, or -1 when none (collective). */
int pb_mpi_first_failing(bool failed);
/* Copies rank `root`'s string to every rank (collective). */
void pb_mpi_bcast_string(char *buf, size_t len, int root);
/* Every rank's `bytes` bytes at mine, in rank order, into all on rank 0 (collective;
 * all is ignored elsewhere). */
void pb_mpi_gather(const void *mine, size_t bytes, void *all);
/* On rank 0, offsets[r] = rank r's clock minus rank 0's, from the fastest of 16
 * ping-pongs with each rank (collective; offsets has pb_mpi_size() entries there). */
void pb_mpi_clock_offsets(double (*clock)(void), double *offsets);
/* Every rank's `bytes` bytes (sizes may differ), concatenated in rank order on rank 0
 * (malloc'ed; NULL elsewhere or when out of memory), with each rank's size in sizes[r]
 * (pb_mpi_size() entries on rank 0). Collective. */
char *pb_mpi_gather_bytes(const void *mine, size_t bytes, size_t *sizes);
/* Rank 0's x on every rank (collective). */
uint64_t pb_mpi_bcast_u64(uint64_t x);
/* The hosts of the ranks on rank 0, distinct and in rank order with their rank counts
 * ("node1*2;node2*2"). Collective when all_ranks; else just this host. */
void pb_mpi_hosts(bool all_ranks, char *buf, size_t len);
/* "Open MPI v4.1.4, ..." (first line), or "none (built without MPI)". */
void pb_mpi_library_version(char *buf, size_t len);

#endif
