/* `parbench demo deadlock --mpi`: the deadlock demo with two MPI ranks. Started alone it
 * is the parent (deadlock_watch.c): it launches the deadlocking exchange under the MPI
 * launcher, watches it for a bound, ends every process of it, then launches the cures.
 * Started by the launcher on two ranks it runs one of them (deadlock_mpi.c). */
#ifndef PARBENCH_DEMO_DEADLOCK_MPI_H
#define PARBENCH_DEMO_DEADLOCK_MPI_H

#include <stdbool.h>
#include <stdint.h>

#include "plan/run_common.h"

/* The cures, timed and verified through the harness: ordered, sendrecv, nonblocking. */
extern const kernel_desc demo_deadlock_mpi_kernel;

#define DEADLOCK_MPI_DEFAULT_DOUBLES (1u << 19) /* 4 MiB a message: above every eager limit */
#define DEADLOCK_MPI_DEFAULT_BOUND_MS 1000
/* Seconds the launcher gets to start both ranks up to their MPI_Send (Open MPI takes
 * 0.3 to 1 s here; a loaded lab PC many times that). */
#define DEADLOCK_MPI_START_LIMIT_S 60
/* Seconds the cures may take in all before the parent ends them as hung. */
#define DEADLOCK_MPI_CURES_LIMIT_S 300

typedef struct {
    bool mpi;
    const char *which;  /* "cures" (default) or "blocking" */
    uint64_t doubles;   /* a message's length */
    uint64_t bound_ms;  /* the watchdog's bound, from the moment both ranks are in MPI_Send */
    const char *status; /* the blocking case's witness folder (set by the parent) */
    run_common c;
} deadlock_mpi_options;

/* True when argv (argv[0] "demo", argv[1] "deadlock") asks for the MPI form. */
bool demo_deadlock_mpi_asked(int argc, char **argv);
/* The whole demo; the exit code. */
int demo_deadlock_mpi_main(int argc, char **argv);
/* The parent (no launcher around): the watched deadlock, then the cures under the
 * launcher with argv passed on. The exit code. */
int deadlock_watch_main(const deadlock_mpi_options *o, int argc, char **argv);

#endif
