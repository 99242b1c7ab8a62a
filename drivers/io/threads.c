#include "io/threads.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int io_threads_start(pthread_t *tid, int n, size_t stack, void *(*main)(void *), void *args, size_t size,
                     const char *what, char *err, size_t errlen)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (stack)
        pthread_attr_setstacksize(&attr, stack);
    int started = 0;
    for (; started < n; ++started) {
        void *arg = (char *)args + (size_t)started * size;
        int e = pthread_create(&tid[started], &attr, main, arg);
        while (e == EINVAL && stack && stack < 8u << 20) {
            stack *= 2;
            pthread_attr_setstacksize(&attr, stack);
            e = pthread_create(&tid[started], &attr, main, arg);
        }
        if (e != 0) {
            snprintf(err, errlen, "pthread_create for %s %d of %d: %s", what, started + 1, n, strerror(e));
            break;
        }
    }
    pthread_attr_destroy(&attr);
    return started;
}

void io_threads_join(const pthread_t *tid, int started)
{
    for (int i = 0; i < started; ++i)
        pthread_join(tid[i], NULL);
}
