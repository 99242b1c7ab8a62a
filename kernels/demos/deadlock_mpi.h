/* The MPI form of the deadlock demo (built only when MPI is found): two ranks swap a
 * message of n doubles. Above the eager limit (Open MPI's shared-memory path sends
 * 4 KiB eagerly, MPICH's 128 KiB) MPI_Send waits until the receiver has posted its
 * receive, so two ranks that both send first wait for each other forever. */
#ifndef PARBENCH_DEADLOCK_MPI_H
#define PARBENCH_DEADLOCK_MPI_H

#include <mpi.h>
#include <stddef.h>

typedef enum {
    EXCHANGE_BLOCKING, /* both ranks MPI_Send, then MPI_Recv: deadlocks above the eager limit */
    EXCHANGE_ORDERED,  /* rank 0 sends then receives, rank 1 receives then sends */
    EXCHANGE_SENDRECV, /* MPI_Sendrecv: the library orders the two itself */
    EXCHANGE_NONBLOCKING, /* MPI_Irecv + MPI_Isend, then MPI_Waitall */
} exchange_kind;

/* Rank r's message: element i is r * n + i (exact in a double below 2^53), so what a rank
 * receives names its sender and every position. */
void exchange_fill(double *buf, size_t n, int rank);
/* The first index where buf is not rank `from`'s message, or n when it is. */
size_t exchange_check(const double *buf, size_t n, int from);

/* One swap of n doubles between the ranks 0 and 1 of comm (ranks beyond 1 take no part).
 * before_send, when not NULL, is called just before the blocking case's MPI_Send and
 * after it returns (entering true, then false): the deadlock's witness. */
void exchange(exchange_kind kind, const double *send, double *recv, size_t n, MPI_Comm comm,
              void (*before_send)(int rank, int entering));

#endif
