/* The I/O drivers' threads (a thread per connection, a compute pool): started together,
 * joined together, a refused start said once and never joined. */
#ifndef PARBENCH_IO_THREADS_H
#define PARBENCH_IO_THREADS_H

#include <pthread.h>
#include <stddef.h>

/* Starts n threads, thread i running main((char *)args + i * size) (size 0: all share
 * args), with a stack of stack bytes (0: the system's default). A small stack lets
 * thousands of threads start quickly; the libraries' thread-local storage lives there
 * too, so one refused as too small is doubled, up to 8 MiB. Returns how many started
 * (tid[0..started)); when fewer than n, err holds "pthread_create for WHAT i of n: why". */
int io_threads_start(pthread_t *tid, int n, size_t stack, void *(*main)(void *), void *args, size_t size,
                     const char *what, char *err, size_t errlen);

void io_threads_join(const pthread_t *tid, int started);

#endif
