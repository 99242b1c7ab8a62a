#include "cli/helpers.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan/run_common.h"
#include "parbench_config.h"

typedef struct {
    const char *name, *script, *args, *what;
} helper;

static const helper helpers[] = {
    {"suite", "suite.sh", "[--size-class C] [--out DIR] ...", "the quick suite: topology, every kernel and driver, "
     "plots, verdict (what quickstart.sh runs)"},
    {"plot", "plot.sh", "[RESULTS_DIR] [--out DIR]", "one machine's figures, scaling table and page"},
    {"topology", "topology.sh", "[DIR]", "record this machine's hwloc topology (xml, text, png) and machine.json"},
    {"handin", "handin.sh", "--label NAME [RESULTS_DIR]", "pack this machine's results for the instructor "
     "(handin-NAME.tar.gz)"},
    {"compare-plots", "compare.sh", "HANDIN... [--out DIR]", "several machines' hand-ins side by side: the page "
     "to project and the figures"},
    {"submit", "submit.sh", "--scheduler slurm|pbs ...", "write (and submit) a batch job that sweeps the kernels "
     "over nodes"},
    {"simulate", "simulate.sh", "--platform P --ranks N ...", "the mpi variants on a simulated cluster (SimGrid)"},
    {"platform-here", "platform_here.sh", "[--out FILE]", "a SimGrid platform measured on this machine"},
};
#define NHELPERS (sizeof helpers / sizeof helpers[0])

static const helper *find(const char *cmd)
{
    for (size_t i = 0; i < NHELPERS; ++i)
        if (strcmp(cmd, helpers[i].name) == 0)
            return &helpers[i];
    return NULL;
}

bool helper_known(const char *cmd) { return find(cmd) != NULL; }

void helper_usage(FILE *out)
{
    fprintf(out, "\nthe suite's scripts, run through parbench (each takes --help):\n");
    for (size_t i = 0; i < NHELPERS; ++i) {
        char left[64];
        snprintf(left, sizeof left, "%s %s", helpers[i].name, helpers[i].args);
        fprintf(out, "  parbench %-38s %s\n", left, helpers[i].what);
    }
}

void helper_names(char *buf, size_t len)
{
    size_t pos = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < NHELPERS && pos < len; ++i)
        pos += (size_t)snprintf(buf + pos, len - pos, ", %s", helpers[i].name);
}

/* dir/script, if that file is there and executable: into path. */
static bool found_in(const char *dir, const char *script, char *path, size_t len)
{
    int n = snprintf(path, len, "%s/%s", dir, script);
    return n > 0 && (size_t)n < len && access(path, X_OK) == 0;
}

int helper_run(int argc, char **argv)
{
    const helper *h = find(argv[0]);
    char self[PATH_MAX], dir[PATH_MAX], path[PATH_MAX + 64];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        fprintf(stderr, "parbench: %s: cannot tell where parbench itself is (/proc/self/exe: %s)\n", h->name,
                strerror(errno));
        return PB_RUNTIME_ERROR;
    }
    self[n] = '\0';
    snprintf(dir, sizeof dir, "%s", self);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    /* installed: the helpers sit at a fixed place relative to bin/ (a relocated tree
     * keeps working); a build tree: the checkout's scripts/ */
    char installed[PATH_MAX + 64];
    snprintf(installed, sizeof installed, "%s/%s", dir, PARBENCH_HELPERS_FROM_BIN);
    if (!found_in(installed, h->script, path, sizeof path) && !found_in(PARBENCH_SOURCE_SCRIPTS, h->script, path,
                                                                         sizeof path)) {
        fprintf(stderr, "parbench: %s: its script %s is neither in %s nor in %s: reinstall parbench (cmake --install)\n",
                h->name, h->script, installed, PARBENCH_SOURCE_SCRIPTS);
        return PB_RUNTIME_ERROR;
    }
    if (setenv("PARBENCH_PROGRAM", self, 1) != 0) {
        fprintf(stderr, "parbench: %s: cannot set PARBENCH_PROGRAM: %s\n", h->name, strerror(errno));
        return PB_RUNTIME_ERROR;
    }
    fflush(NULL);
    argv[0] = path;
    (void)argc;
    execv(path, argv);
    fprintf(stderr, "parbench: %s: cannot run %s: %s\n", h->name, path, strerror(errno));
    return PB_RUNTIME_ERROR;
}
