#define _GNU_SOURCE
#include "env/usable_cores.h"

#include "env/cgroup.h"

#include <math.h>
#include <stdbool.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

double usable_cpu_max(const char *cpu_max)
{
    long long quota, period;
    if (!cpu_max || strncmp(cpu_max, "max", 3) == 0 || sscanf(cpu_max, "%lld %lld", &quota, &period) != 2)
        return 0;
    return usable_cfs_quota(quota, period);
}

double usable_cfs_quota(long long quota_us, long long period_us)
{
    return quota_us > 0 && period_us > 0 ? (double)quota_us / (double)period_us : 0;
}

static bool read_line(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    bool ok = f && fgets(buf, (int)len, f);
    if (f)
        fclose(f);
    return ok;
}

/* The tightest cgroup v2 cpu.max on the way from this process's cgroup to the root. */
static void tighter_cpu_max(const char *dir, void *arg)
{
    double *tightest = arg;
    char path[1200], buf[128];
    snprintf(path, sizeof path, "%s/cpu.max", dir);
    double q = read_line(path, buf, sizeof buf) ? usable_cpu_max(buf) : 0;
    if (q > 0 && (*tightest == 0 || q < *tightest))
        *tightest = q;
}

static double cgroup_v2_quota(void)
{
    double tightest = 0;
    cgroup_each_level(tighter_cpu_max, &tightest);
    return tightest;
}

static double cgroup_v1_quota(void)
{
    char q[64], p[64];
    if (!read_line("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", q, sizeof q) ||
        !read_line("/sys/fs/cgroup/cpu/cpu.cfs_period_us", p, sizeof p))
        return 0;
    return usable_cfs_quota(atoll(q), atoll(p));
}

int usable_cores(const char **how)
{
    static int cores;
    static char why[96];
    if (!cores) {
        cpu_set_t set;
        int mask = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 0;
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        if (mask <= 0)
            mask = online > 0 ? (int)online : 1;
        cores = mask;
        if (mask < online)
            snprintf(why, sizeof why, "affinity mask: %d of %ld CPUs", mask, online);
        else
            snprintf(why, sizeof why, "all %d CPUs", mask);
        double quota = cgroup_v2_quota();
        if (quota <= 0)
            quota = cgroup_v1_quota();
        if (quota > 0 && ceil(quota) < cores) {
            cores = (int)ceil(quota);
            snprintf(why, sizeof why, "cgroup CPU quota: %.2f CPUs", quota);
        }
    }
    if (how)
        *how = why;
    return cores;
}
