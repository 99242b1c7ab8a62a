#include "io/device_session.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/kernel.h"

int io_session_open(io_session *s, int nfds, const io_device_cfg *cfg, int timeout_ms, const char *count_flag,
                    char *err, size_t errlen)
{
    s->fds = malloc((size_t)nfds * sizeof *s->fds);
    if (!s->fds)
        return snprintf(err, errlen, "out of memory for %d connections to the device", nfds), PB_RUNTIME_ERROR;
    s->nfds = nfds;
    pid_t pid;
    int status = io_device_open(nfds, cfg, timeout_ms, count_flag, &pid, s->fds, err, errlen);
    if (status != PB_OK) {
        io_session_close(s);
        return status;
    }
    s->device = pid;
    return PB_OK;
}

void io_session_close(io_session *s)
{
    if (s->device > 0)
        io_device_stop(s->device, s->fds, s->nfds);
    free(s->fds);
    s->device = 0;
    s->fds = NULL;
    s->nfds = 0;
}

void io_outcome_add(io_outcome *run, const io_outcome *thread, int number)
{
    run->verified += thread->verified;
    if (thread->err[0] && !run->err[0])
        snprintf(run->err, sizeof run->err, "thread %d: %.180s", number, thread->err);
    run->wrong |= thread->wrong;
}

uint64_t io_session_run_begins(io_session *s) { return ++s->runs; }

bool io_session_run_ends(io_session *s, const char *run_err, bool wrong, uint64_t answered, uint64_t requests)
{
    if (run_err[0]) {
        if (!s->err[0]) {
            snprintf(s->err, sizeof s->err, "run %llu: %s", (unsigned long long)s->runs, run_err);
            s->wrong = wrong;
        }
        return false;
    }
    if (answered != requests)
        return false;
    ++s->good_runs;
    return true;
}

int io_session_verdict(const io_session *s, const char *who, const char *fell_short, char *err, size_t errlen)
{
    if (s->err[0])
        return snprintf(err, errlen, "%s: %s", who, s->err), s->wrong ? PB_VERIFY_FAILED : PB_RUNTIME_ERROR;
    if (s->good_runs != s->runs)
        return snprintf(err, errlen, "%s: %llu of %llu runs did not %s", who,
                        (unsigned long long)(s->runs - s->good_runs), (unsigned long long)s->runs, fell_short),
               PB_VERIFY_FAILED;
    return PB_OK;
}
