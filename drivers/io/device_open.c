#include "io/device.h"

#include <stdio.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "core/kernel.h"

int io_device_open(int n, const io_device_cfg *cfg, int timeout_ms, const char *count_flag, pid_t *pid, int *fds,
                   char *err, size_t errlen)
{
    struct rlimit rl;
    if (n > 1 && getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        (rlim_t)n * 2 + 64 > rl.rlim_cur) {
        snprintf(err, errlen, "%s %d needs %d sockets; the open-file limit is %llu (raise it: ulimit -n)", count_flag,
                 n, 2 * n, (unsigned long long)rl.rlim_cur);
        return PB_BAD_INPUT;
    }
    *pid = io_device_spawn(n, cfg, fds, err, errlen);
    if (*pid < 0)
        return PB_RUNTIME_ERROR;
    struct timeval tv = {.tv_sec = timeout_ms / 1000, .tv_usec = 0};
    for (int i = 0; i < n; ++i) /* blocking reads give up instead of hanging */
        setsockopt(fds[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return PB_OK;
}
