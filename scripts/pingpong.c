/* An MPI ping-pong between ranks 0 and 1, for scripts/platform_here.sh (the latency and
 * bandwidth of `this-machine`) and scripts/bench_simgrid.sh (the same under SMPI).
 * Prints one line on rank 0: "latency_us L bandwidth_GBps B", L half the fastest round
 * trip of 1 byte, B 2 x 4 MiB over the fastest round trip of 4 MiB (the fastest: the
 * least disturbed by the other work of a shared machine). Built by those scripts with
 * mpicc or smpicc; not part of parbench. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static double fastest_round_trip(char *buf, int bytes, int reps, int rank)
{
    double best = 1e30;
    for (int i = 0; i < reps; ++i) {
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        if (rank == 0) {
            MPI_Send(buf, bytes, MPI_CHAR, 1, 0, MPI_COMM_WORLD);
            MPI_Recv(buf, bytes, MPI_CHAR, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else if (rank == 1) {
            MPI_Recv(buf, bytes, MPI_CHAR, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(buf, bytes, MPI_CHAR, 0, 0, MPI_COMM_WORLD);
        }
        double dt = MPI_Wtime() - t0;
        best = dt < best ? dt : best;
    }
    return best;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2) {
        if (rank == 0)
            fprintf(stderr, "pingpong: needs 2 ranks (mpirun -np 2)\n");
        MPI_Finalize();
        return 2;
    }
    enum { BIG = 4 << 20 };
    char *buf = calloc(BIG, 1);
    if (!buf)
        MPI_Abort(MPI_COMM_WORLD, 1);
    fastest_round_trip(buf, BIG, 3, rank); /* warm-up: pages touched, connections made */
    double small = fastest_round_trip(buf, 1, 1000, rank);
    double big = fastest_round_trip(buf, BIG, 20, rank);
    if (rank == 0)
        printf("latency_us %.3f bandwidth_GBps %.3f\n", small / 2 * 1e6, 2.0 * BIG / big / 1e9);
    free(buf);
    MPI_Finalize();
    return 0;
}
