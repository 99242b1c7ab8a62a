#include "env/interrupt.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "env/mpi_env.h"

/* Under mpirun every rank gets the signal: only the first says so (read at install). */
static int speaks = 1;
/* 0 while a run may still be in progress; else 1 + the exit code already decided. */
static volatile sig_atomic_t settled;

/* Only async-signal-safe calls here: write and _exit. */
static void on_signal(int sig)
{
    static const char msg_int[] = "parbench: interrupted (SIGINT): rows already written are kept; the run in "
                                  "progress is not recorded\n";
    static const char msg_term[] = "parbench: terminated (SIGTERM): rows already written are kept; the run in "
                                   "progress is not recorded\n";
    if (settled)
        _exit(settled - 1);
    const char *msg = sig == SIGINT ? msg_int : msg_term;
    size_t len = sig == SIGINT ? sizeof msg_int - 1 : sizeof msg_term - 1;
    if (speaks) {
        ssize_t ignored = write(STDERR_FILENO, msg, len);
        (void)ignored;
    }
    _exit(128 + sig);
}

void interrupt_install(void)
{
    speaks = pb_mpi_env_rank() == 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* A file-size limit (ulimit -f) must not kill a run in the middle of appending a row:
     * ignored, the write fails with EFBIG and the writer cuts the file back to whole rows
     * (and an output file written whole is not renamed into place). */
    signal(SIGXFSZ, SIG_IGN);
}

void interrupt_settle(int code) { settled = 1 + code; }
