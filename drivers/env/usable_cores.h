/* The cores this process may use, which is what its threads and ranks can run on: the
 * CPUs of its affinity mask (taskset, a Slurm step, mpirun's binding), further limited
 * by a CPU quota of its cgroup (a container, systemd's CPUQuota, Slurm's cgroups).
 * On a shared machine this, not the machine's core count, decides whether a run was
 * starved or oversubscribed. */
#ifndef PARBENCH_USABLE_CORES_H
#define PARBENCH_USABLE_CORES_H

#include <stddef.h>

/* At least 1. how (may be NULL) says what limited it: "affinity mask 1 of 2 CPUs",
 * "cgroup CPU quota 1.5", or "all CPUs". Read once and cached. */
int usable_cores(const char **how);

/* The quota of a cgroup v2 "cpu.max" text ("max 100000" or "150000 100000") or v1
 * quota/period pair, in CPUs; 0 when unlimited or unreadable. Pure, for the tests. */
double usable_cpu_max(const char *cpu_max);
double usable_cfs_quota(long long quota_us, long long period_us);

#endif
