#define _GNU_SOURCE
#include "env/quiet.h"

#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


#define QUIET_MAX_CPUS 1024

typedef struct {
    unsigned long long busy[QUIET_MAX_CPUS], total[QUIET_MAX_CPUS];
    unsigned long long own; /* this process's user + system ticks */
    bool ok;
} quiet_counts;

/* This process's own ticks (all its threads), from /proc/self/stat fields 14 and 15. */
static unsigned long long own_ticks(void)
{
    FILE *f = fopen("/proc/self/stat", "r");
    char buf[1024];
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    /* the command name may hold spaces and parentheses: count fields after the last ')' */
    const char *p = strrchr(buf, ')');
    unsigned long long utime = 0, stime = 0;
    if (p && sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) == 2)
        return utime + stime;
    return 0;
}

static void read_counts(quiet_counts *c)
{
    const char *path = getenv("PARBENCH_PROC_STAT");
    FILE *f = fopen(path && *path ? path : "/proc/stat", "r");
    memset(c, 0, sizeof *c);
    if (!f)
        return;
    char line[512];
    /* the cpu lines open the file: stop at the first other one (PARBENCH_PROC_STAT=/dev/zero
     * read zeros for ever), and after one line per CPU and the total */
    for (int n = 0; n <= QUIET_MAX_CPUS && fgets(line, sizeof line, f) && strncmp(line, "cpu", 3) == 0; ++n) {
        unsigned cpu;
        unsigned long long user, nice, sys, idle, iowait = 0, irq = 0, softirq = 0, steal = 0;
        if (line[3] < '0' || line[3] > '9')
            continue;
        if (sscanf(line + 3, "%u %llu %llu %llu %llu %llu %llu %llu %llu", &cpu, &user, &nice, &sys, &idle, &iowait,
                   &irq, &softirq, &steal) < 5 || cpu >= QUIET_MAX_CPUS)
            continue;
        c->busy[cpu] = user + nice + sys + irq + softirq + steal;
        c->total[cpu] = c->busy[cpu] + idle + iowait;
        c->ok = true;
    }
    fclose(f);
    c->own = own_ticks();
}

/* (env sits below core: its own monotonic clock, not core/timer.h) */
static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void nap(double s)
{
    struct timespec t = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&t, &t) != 0)
        ;
}

double quiet_others_busy(double window_s)
{
    static quiet_counts a, b; /* large: kept off the stack */
    cpu_set_t mask;
    bool have_mask = sched_getaffinity(0, sizeof mask, &mask) == 0;
    read_counts(&a);
    nap(window_s);
    read_counts(&b);
    if (!a.ok || !b.ok)
        return NAN;
    unsigned long long busy = 0, total = 0;
    int cpus = 0;
    for (int c = 0; c < QUIET_MAX_CPUS; ++c) {
        if ((have_mask && c < CPU_SETSIZE && !CPU_ISSET(c, &mask)) || b.total[c] < a.total[c] || !b.total[c])
            continue;
        busy += b.busy[c] - a.busy[c];
        total += b.total[c] - a.total[c];
        ++cpus;
    }
    if (cpus == 0)
        return NAN;
    if (total == 0)
        return 0; /* nothing moved (a test's fixed file): nothing else ran */
    double own = b.own >= a.own ? (double)(b.own - a.own) : 0;
    /* busy ticks over the window's ticks per CPU: cores busy, less our own */
    double window = (double)total / cpus, others = ((double)busy - own) / window;
    return others > 0 ? others : 0;
}

bool quiet_enough(double others, int usable, int workers)
{
    if (!isfinite(others))
        return true; /* cannot look: nothing to wait for */
    int need = workers < usable ? workers : usable;
    return (double)usable - others >= QUIET_SHARE * need;
}

quiet_result quiet_gate(int workers, int usable, double max_wait_s, const char *label)
{
    quiet_result r = {.waited_s = 0, .others_busy = NAN, .quiet = true};
    double start = now_s(), said = -1;
    bool tty = isatty(2), first = true;
    for (;; first = false) {
        r.others_busy = quiet_others_busy(max_wait_s > 0 ? QUIET_WAIT_WINDOW : QUIET_WINDOW);
        r.quiet = quiet_enough(r.others_busy, usable, workers);
        double waited = now_s() - start;
        if (r.quiet || waited >= max_wait_s) {
            r.waited_s = first ? 0 : waited; /* the first look is a look, not a wait */
            break;
        }
        /* one line, rewritten on a terminal; in a log a line every 10 s */
        if (tty || said < 0 || waited - said >= 10) {
            fprintf(stderr, "%swaiting for the cores (%s): other work keeps %.1f of %d usable cores busy, %.0f s of %.0f",
                    tty ? "\r" : "", label, r.others_busy, usable, waited, max_wait_s);
            fputs(tty ? "\033[K" : "\n", stderr);
            said = waited;
        }
    }
    if (said >= 0)
        fprintf(stderr, "%s%s after %.0f s: other work kept %.1f of %d usable cores busy%s\n", tty ? "\r\033[K" : "",
                r.quiet ? "quiet" : "still busy", r.waited_s, r.others_busy, usable,
                r.quiet ? "" : "; measuring anyway (the row records it)");
    return r;
}
