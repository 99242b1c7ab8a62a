/* This process's cgroup (v2), for the limits a container, systemd or Slurm sets on it:
 * a limit on any folder on the way to the root applies, so readers visit them all. */
#ifndef PARBENCH_CGROUP_H
#define PARBENCH_CGROUP_H

/* Calls visit with each folder from this process's cgroup up to the root
 * ("/sys/fs/cgroup/a/b", "/sys/fs/cgroup/a", "/sys/fs/cgroup"); nothing without a v2
 * entry in /proc/self/cgroup. */
void cgroup_each_level(void (*visit)(const char *dir, void *arg), void *arg);

#endif
