#include "env/cgroup.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void cgroup_each_level(void (*visit)(const char *dir, void *arg), void *arg)
{
    char line[512], group[512] = "", dir[1100];
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f)
        return;
    bool found = false;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "0::", 3) == 0) {
            snprintf(group, sizeof group, "%s", line + 3);
            group[strcspn(group, "\n")] = '\0';
            found = true;
        }
    fclose(f);
    while (found) {
        snprintf(dir, sizeof dir, "/sys/fs/cgroup%s", strcmp(group, "/") == 0 ? "" : group);
        visit(dir, arg);
        char *slash = strrchr(group, '/');
        if (!slash || slash == group)
            break;
        *slash = '\0';
    }
}
