/* The quiet gate: how much of the cores this process may use is taken by other work,
 * and a bounded wait for them to come free before a timed step.
 *
 * Why /proc/stat and not the load average: the load average is a one-minute decaying
 * mean of runnable tasks on every CPU of the host, so it still reads 1.0 a minute after
 * a build ended, and it counts CPUs this process may not use (taskset, a Slurm step).
 * /proc/stat's per-CPU counters, read twice a fraction of a second apart over just the
 * CPUs of the affinity mask, say what is busy now and where; this process's own CPU
 * time over the same window is taken off, and the hypervisor's steal counts as busy
 * (on a VM, stolen time is a core we do not get). */
#ifndef PARBENCH_QUIET_H
#define PARBENCH_QUIET_H

#include <stdbool.h>

/* A step is quiet when the cores left free cover this share of what its workers need:
 * halfway between all of them and the `starved` line (0.8 x the workers). */
#define QUIET_SHARE 0.9
/* The window of one look, in seconds (when waiting: QUIET_WAIT_WINDOW each) */
#define QUIET_WINDOW 0.1
#define QUIET_WAIT_WINDOW 0.25

/* Cores kept busy by other processes on the CPUs this process may use, over a window
 * of the given seconds; NaN when /proc/stat cannot be read. PARBENCH_PROC_STAT names
 * another file for the tests (it is read twice; a file that does not change reads as
 * quiet). */
double quiet_others_busy(double window_s);

/* Whether `others` busy cores leave enough of `usable` for `workers`. */
bool quiet_enough(double others, int usable, int workers);

typedef struct {
    double waited_s;    /* seconds spent waiting */
    double others_busy; /* what the last look saw (NaN: could not look) */
    bool quiet;         /* the cores were free enough at the end */
} quiet_result;

/* Looks, and while the cores are busy waits up to max_wait_s seconds, looking again,
 * with a progress line on stderr (label names the step). */
quiet_result quiet_gate(int workers, int usable, double max_wait_s, const char *label);

#endif
