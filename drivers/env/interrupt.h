/* SIGINT and SIGTERM: stop at once with one message. Rows already in the CSV stay as
 * they are (each was one write under a lock, so none is half-written); the run in
 * progress is not recorded. */
#ifndef PARBENCH_INTERRUPT_H
#define PARBENCH_INTERRUPT_H

/* Also ignores SIGXFSZ: a file-size limit makes writes fail (EFBIG), never kills. */
void interrupt_install(void);

/* The outcome is decided and nothing remains to record (the last step: MPI_Finalize and
 * exit): a signal now ends the process quietly with code. Under mpirun, a rank that
 * exits first with an error gets the others a SIGTERM while they finalize, which must
 * not add a second, wrong line to the one that says what went wrong. */
void interrupt_settle(int code);

#endif
