/* SIGINT and SIGTERM: stop at once with one message. Rows already in the CSV stay as
 * they are (each was one write under a lock, so none is half-written); the run in
 * progress is not recorded. */
#ifndef PARBENCH_INTERRUPT_H
#define PARBENCH_INTERRUPT_H

void interrupt_install(void);

#endif
