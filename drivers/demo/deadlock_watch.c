/* The parent of `parbench demo deadlock --mpi` (deadlock_mpi.h). A rank stuck in MPI_Send
 * cannot be freed from inside: nothing in MPI times a send out. So this process, outside
 * the job, starts the launcher in a process group of its own, watches the ranks' witness
 * files, and once both have sat in MPI_Send for the bound, ends the group (SIGTERM, then
 * SIGKILL) and each rank by its pid, and checks that none is left. Then it starts the
 * cures under the same launcher, with a limit of its own. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/options.h"
#include "core/timer.h"
#include "demo/deadlock_mpi.h"
#include "env/mpi_env.h"
#include "parbench_config.h"

#define POLL_US 5000
#define MAX_ARGS 300

static volatile sig_atomic_t interrupted;
static void on_signal(int sig) { interrupted = sig; }

typedef struct {
    char exe[4096];
    const char *flags[8];
} launcher;

/* The launcher of the MPI this build links (PARBENCH_MPIEXEC names another), with the
 * flags of its family for 2 unbound ranks, more than the cores allowed. */
static bool find_launcher(launcher *l, char *err, size_t errlen)
{
    const char *env = getenv("PARBENCH_MPIEXEC");
    snprintf(l->exe, sizeof l->exe, "%s", env && env[0] ? env : PARBENCH_MPIEXEC_PATH);
    if (!l->exe[0] || access(l->exe, X_OK) != 0) {
        snprintf(err, errlen, "demo deadlock --mpi: no MPI launcher: '%s' cannot be run (set PARBENCH_MPIEXEC to "
                 "mpirun or mpiexec)", opt_show(l->exe));
        return false;
    }
    static const char *const openmpi[] = {"--oversubscribe", "--bind-to", "none", "-np", "2", NULL};
    static const char *const hydra[] = {"-bind-to", "none", "-n", "2", NULL};
    const char *const *f = pb_mpi_launcher() == PB_LAUNCHER_OPENMPI ? openmpi : hydra;
    for (int i = 0; (l->flags[i] = f[i]) != NULL; ++i)
        ;
    /* Open MPI refuses root without its consent (Hydra has no such check); a root who
     * runs the demo has given it */
    if (pb_mpi_launcher() == PB_LAUNCHER_OPENMPI && geteuid() == 0) {
        setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 0);
        setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 0);
    }
    return true;
}

/* The launcher with its flags, then this program with args, in a new process group;
 * its output into log_fd (or ours when log_fd < 0). The pid, or -1. */
static pid_t spawn(const launcher *l, char *const *args, int nargs, int log_fd)
{
    static char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0 || nargs > MAX_ARGS)
        return -1;
    self[len] = '\0';
    char *argv[MAX_ARGS + 16];
    int n = 0;
    argv[n++] = (char *)l->exe;
    for (int i = 0; l->flags[i]; ++i)
        argv[n++] = (char *)l->flags[i];
    argv[n++] = self;
    for (int i = 0; i < nargs; ++i)
        argv[n++] = args[i];
    argv[n] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        if (log_fd >= 0)
            dup2(log_fd, 1), dup2(log_fd, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    if (pid > 0)
        setpgid(pid, pid); /* (also here: the group exists before either side goes on) */
    return pid;
}

/* A process that still runs: /proc/PID is there and it is no zombie. */
static bool running(pid_t pid)
{
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[got] = '\0';
    const char *end = strrchr(buf, ')');
    return end && end[1] == ' ' && end[2] != 'Z' && end[2] != 'X';
}

static bool reaped(pid_t pid, double seconds, int *status)
{
    double until = timer_now() + seconds;
    do {
        if (waitpid(pid, status, WNOHANG) == pid)
            return true;
        usleep(POLL_US);
    } while (timer_now() < until);
    return false;
}

/* Ends the launcher's group and the ranks (pids, 0 for unknown): SIGTERM lets the
 * launcher take its ranks down; what is left after 3 s gets SIGKILL. The ranks still
 * running after that (none, unless the system refuses). */
static int end_job(pid_t group, const pid_t *ranks, int nranks)
{
    int status;
    kill(-group, SIGTERM);
    if (!reaped(group, 3.0, &status)) {
        kill(-group, SIGKILL);
        waitpid(group, &status, 0);
    }
    int left = 0;
    for (int i = 0; i < nranks; ++i) {
        if (ranks[i] > 0 && running(ranks[i]))
            kill(ranks[i], SIGKILL);
        double until = timer_now() + 2.0;
        while (ranks[i] > 0 && running(ranks[i]) && timer_now() < until)
            usleep(POLL_US);
        left += ranks[i] > 0 && running(ranks[i]);
    }
    return left;
}

/* A rank's witness file: its pid, or 0 when the file is not there (yet). */
static pid_t witness_pid(const char *dir, const char *what, int rank)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.%d", dir, what, rank);
    FILE *f = fopen(path, "r");
    long pid = 0;
    if (f) {
        if (fscanf(f, "%ld", &pid) != 1 || pid <= 0)
            pid = 1; /* there, though not yet written: the rank got that far */
        fclose(f);
    }
    return (pid_t)pid;
}

static void remove_dir(const char *dir)
{
    static const char *const names[] = {"in.0", "in.1", "out.0", "out.1", "launcher.log"};
    char path[4200];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void show_log(const char *dir)
{
    char path[4200], line[512];
    snprintf(path, sizeof path, "%s/launcher.log", dir);
    FILE *f = fopen(path, "r");
    for (int i = 0; f && i < 8 && fgets(line, sizeof line, f); ++i)
        fprintf(stderr, "  launcher: %s", line);
    if (f)
        fclose(f);
}

typedef enum { WATCH_DEADLOCK, WATCH_NO_DEADLOCK, WATCH_FAILED } watch_outcome;

/* The blocking case under the launcher, watched. */
static watch_outcome watch_blocking(const launcher *l, const deadlock_mpi_options *o, const char *dir)
{
    char size[32], bound[32], logpath[4200];
    snprintf(size, sizeof size, "%llu", (unsigned long long)o->doubles);
    snprintf(bound, sizeof bound, "%llu", (unsigned long long)o->bound_ms);
    snprintf(logpath, sizeof logpath, "%s/launcher.log", dir);
    char *args[] = {"demo", "deadlock", "--mpi", "--case", "blocking", "--size", size, "--bound", bound,
                    "--status", (char *)dir};
    FILE *log = fopen(logpath, "w");
    pid_t pid = log ? spawn(l, args, (int)(sizeof args / sizeof args[0]), fileno(log)) : -1;
    if (log)
        fclose(log);
    if (pid < 0) {
        fprintf(stderr, "parbench: demo deadlock --mpi: cannot start %s: %s\n", l->exe, strerror(errno));
        return WATCH_FAILED;
    }
    double start = timer_now(), both_in = 0, now;
    int status = 0;
    bool ended = false;
    for (;;) {
        usleep(POLL_US);
        now = timer_now();
        ended = waitpid(pid, &status, WNOHANG) == pid;
        bool in = witness_pid(dir, "in", 0) && witness_pid(dir, "in", 1);
        bool out = witness_pid(dir, "out", 0) || witness_pid(dir, "out", 1);
        if (in && !both_in)
            both_in = now;
        if (out || ended || interrupted || (both_in && now - both_in >= 1e-3 * (double)o->bound_ms) ||
            (!both_in && now - start > DEADLOCK_MPI_START_LIMIT_S))
            break;
    }
    bool out = witness_pid(dir, "out", 0) || witness_pid(dir, "out", 1);
    pid_t ranks[2] = {witness_pid(dir, "in", 0), witness_pid(dir, "in", 1)};
    if (out) { /* a send returned: the message went out eagerly; let the job finish */
        if (!ended && !reaped(pid, 10.0, &status))
            end_job(pid, ranks, 2);
        printf("no deadlock: an MPI_Send returned before the other rank received: %llu bytes fit this MPI's eager\n"
               "limit, so the library buffered the message. The code is still wrong, it works by luck: raise --size.\n",
               (unsigned long long)o->doubles * sizeof(double));
        return WATCH_NO_DEADLOCK;
    }
    if (ended) {
        fprintf(stderr, "parbench: demo deadlock --mpi: the launcher ended (%s %d) before both ranks were in MPI_Send\n",
                WIFEXITED(status) ? "exit code" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        show_log(dir);
        end_job(pid, ranks, 2);
        return WATCH_FAILED;
    }
    int left = end_job(pid, ranks, 2);
    if (interrupted)
        return WATCH_FAILED;
    if (!both_in) {
        fprintf(stderr, "parbench: demo deadlock --mpi: the ranks did not both reach MPI_Send within %d s: ended\n",
                DEADLOCK_MPI_START_LIMIT_S);
        show_log(dir);
        return WATCH_FAILED;
    }
    printf("deadlocked after %.0f ms: both ranks inside MPI_Send (each sends %.1f MiB to the other first; neither\n"
           "reaches its MPI_Recv)\n", 1e3 * (now - both_in), (double)o->doubles * sizeof(double) / 1048576.0);
    printf("watchdog: ended the launcher and ranks %ld and %ld: %s\n", (long)ranks[0], (long)ranks[1],
           left ? "SOME ARE STILL RUNNING" : "no process left");
    printf("\n");
    return left ? WATCH_FAILED : WATCH_DEADLOCK;
}

/* The cures under the launcher, with this command's own arguments; its exit code. */
static int run_cures(const launcher *l, int argc, char **argv)
{
    pid_t pid = spawn(l, argv, argc, -1);
    if (pid < 0) {
        fprintf(stderr, "parbench: demo deadlock --mpi: cannot start %s: %s\n", l->exe, strerror(errno));
        return PB_RUNTIME_ERROR;
    }
    int status = 0;
    double until = timer_now() + DEADLOCK_MPI_CURES_LIMIT_S;
    while (waitpid(pid, &status, WNOHANG) != pid) {
        if (interrupted || timer_now() > until) {
            end_job(pid, NULL, 0);
            if (!interrupted)
                fprintf(stderr, "parbench: demo deadlock --mpi: the cures took over %d s: ended\n",
                        DEADLOCK_MPI_CURES_LIMIT_S);
            return PB_RUNTIME_ERROR;
        }
        usleep(20 * POLL_US);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : PB_RUNTIME_ERROR;
}

int deadlock_watch_main(const deadlock_mpi_options *o, int argc, char **argv)
{
    launcher l;
    char err[512];
    if (!find_launcher(&l, err, sizeof err))
        return cli_usage_error(err);
    if (!o->c.quiet)
        printf("parbench demo deadlock --mpi: two ranks, each calls MPI_Send to the other, then MPI_Recv\n"
               "(%s, %llu doubles a message); a watchdog outside the job ends it after %llu ms.\n", l.exe,
               (unsigned long long)o->doubles, (unsigned long long)o->bound_ms);
    char dir[] = "/tmp/parbench-deadlock.XXXXXX";
    if (!mkdtemp(dir))
        return fprintf(stderr, "parbench: demo deadlock --mpi: cannot make %s: %s\n", dir, strerror(errno)),
               PB_RUNTIME_ERROR;
    struct sigaction sa = {.sa_handler = on_signal}, old_int, old_term;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    watch_outcome w = watch_blocking(&l, o, dir);
    remove_dir(dir);
    int status = w == WATCH_FAILED ? PB_RUNTIME_ERROR : interrupted ? 130 : run_cures(&l, argc, argv);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (interrupted)
        return 128 + interrupted;
    if (status == PB_OK && w == WATCH_NO_DEADLOCK)
        printf("lesson not shown: there was no deadlock to cure (the message fit the eager limit).\n");
    return status;
}
