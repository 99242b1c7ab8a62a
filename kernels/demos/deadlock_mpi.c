/* The classic MPI deadlock and its three cures (deadlock_mpi.h). Only the order of the
 * calls differs between the four: the messages, their tags and sizes are the same. */
#include "deadlock_mpi.h"

#include <limits.h>

#define TAG 29

void exchange_fill(double *buf, size_t n, int rank)
{
    for (size_t i = 0; i < n; ++i)
        buf[i] = (double)rank * (double)n + (double)i;
}

size_t exchange_check(const double *buf, size_t n, int from)
{
    for (size_t i = 0; i < n; ++i)
        if (buf[i] != (double)from * (double)n + (double)i)
            return i;
    return n;
}

void exchange(exchange_kind kind, const double *send, double *recv, size_t n, MPI_Comm comm,
              void (*before_send)(int rank, int entering))
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    if (rank > 1 || n > INT_MAX)
        return;
    int other = 1 - rank, count = (int)n;
    switch (kind) {
    case EXCHANGE_BLOCKING:
        if (before_send)
            before_send(rank, 1);
        MPI_Send(send, count, MPI_DOUBLE, other, TAG, comm); /* both ranks wait here */
        if (before_send)
            before_send(rank, 0);
        MPI_Recv(recv, count, MPI_DOUBLE, other, TAG, comm, MPI_STATUS_IGNORE);
        break;
    case EXCHANGE_ORDERED:
        /* one rank sends while the other receives, then the other way round: each send
         * finds its receive posted */
        if (rank == 0) {
            MPI_Send(send, count, MPI_DOUBLE, other, TAG, comm);
            MPI_Recv(recv, count, MPI_DOUBLE, other, TAG, comm, MPI_STATUS_IGNORE);
        } else {
            MPI_Recv(recv, count, MPI_DOUBLE, other, TAG, comm, MPI_STATUS_IGNORE);
            MPI_Send(send, count, MPI_DOUBLE, other, TAG, comm);
        }
        break;
    case EXCHANGE_SENDRECV:
        MPI_Sendrecv(send, count, MPI_DOUBLE, other, TAG, recv, count, MPI_DOUBLE, other, TAG, comm,
                     MPI_STATUS_IGNORE);
        break;
    case EXCHANGE_NONBLOCKING: {
        /* both calls return at once; the library moves the data while Waitall waits for both */
        MPI_Request req[2];
        MPI_Irecv(recv, count, MPI_DOUBLE, other, TAG, comm, &req[0]);
        MPI_Isend(send, count, MPI_DOUBLE, other, TAG, comm, &req[1]);
        MPI_Waitall(2, req, MPI_STATUSES_IGNORE);
        break;
    }
    }
}
