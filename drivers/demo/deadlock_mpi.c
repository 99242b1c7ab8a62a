/* `parbench demo deadlock --mpi` (deadlock_mpi.h): the options, the cures as a kernel of
 * the harness (so their rows are timed, verified and written like every other), and the
 * deadlocking exchange run by each rank under the parent's watch. */
#include "demo/deadlock_mpi.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/options.h"
#include "core/harness.h"
#include "plan/runner.h"
#include "core/variants.h"
#include "env/mpi_env.h"
#if PARBENCH_HAVE_MPI
#include "demos/deadlock_mpi.h"
#endif

typedef struct {
    double *send, *recv;
} swap_state;

#if PARBENCH_HAVE_MPI
static void swap(bench_ctx *ctx, exchange_kind kind)
{
    swap_state *s = ctx->state;
    exchange(kind, s->send, s->recv, ctx->size, *(MPI_Comm *)ctx->comm, NULL);
}
static void run_ordered(bench_ctx *ctx) { swap(ctx, EXCHANGE_ORDERED); }
static void run_sendrecv(bench_ctx *ctx) { swap(ctx, EXCHANGE_SENDRECV); }
static void run_nonblocking(bench_ctx *ctx) { swap(ctx, EXCHANGE_NONBLOCKING); }
#endif

static const variant_desc cures[] = {
    MPI_VARIANT("ordered", EXEC_MPI, run_ordered), MPI_VARIANT("sendrecv", EXEC_MPI, run_sendrecv),
    MPI_VARIANT("nonblocking", EXEC_MPI, run_nonblocking), VARIANTS_END,
};

static int swap_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    if (ctx->ranks != 2) {
        snprintf(err, errlen, "demo deadlock --mpi: %d ranks; the exchange is between exactly 2 (-np 2)", ctx->ranks);
        return PB_BAD_INPUT;
    }
    swap_state *s = harness_new_state(ctx, sizeof *s, err, errlen);
    if (!s)
        return PB_RUNTIME_ERROR;
    s->send = malloc(ctx->size * sizeof(double));
    s->recv = calloc(ctx->size, sizeof(double));
    if (!s->send || !s->recv) {
        snprintf(err, errlen, "demo deadlock --mpi: out of memory for two messages of %llu doubles",
                 (unsigned long long)ctx->size);
        return PB_RUNTIME_ERROR;
    }
#if PARBENCH_HAVE_MPI
    exchange_fill(s->send, ctx->size, ctx->rank);
#endif
    return PB_OK;
}

static void swap_teardown(bench_ctx *ctx)
{
    swap_state *s = ctx->state;
    if (s)
        free(s->send), free(s->recv);
    free(s);
}

/* Each rank holds the other's message, every element in place. */
static int swap_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    size_t bad = ctx->size;
#if PARBENCH_HAVE_MPI
    bad = exchange_check(((swap_state *)ctx->state)->recv, ctx->size, 1 - ctx->rank);
#endif
    snprintf(result, resultlen, "%llu", (unsigned long long)ctx->size);
    if (bad == ctx->size)
        return PB_OK;
    snprintf(err, errlen, "demo deadlock --mpi/%s: rank %d's received message differs from rank %d's at element %zu",
             ctx->variant->name, ctx->rank, 1 - ctx->rank, bad);
    return PB_VERIFY_FAILED;
}

static void swap_annotate(const bench_ctx *ctx, result_record *rec, const result_record *earlier, size_t nearlier)
{
    (void)earlier, (void)nearlier;
    static const char *const how[] = {"rank 0 sends then receives, rank 1 receives then sends",
                                      "MPI_Sendrecv on both ranks", "MPI_Irecv + MPI_Isend, then MPI_Waitall"};
    int i = ctx->variant == &cures[0] ? 0 : ctx->variant == &cures[1] ? 1 : 2;
    snprintf(rec->detail, sizeof rec->detail, "%s: %.1f MiB each way, received intact", how[i],
             (double)ctx->size * sizeof(double) / 1048576.0);
}

static double both_messages(const bench_ctx *ctx) { return 2.0 * (double)ctx->size * sizeof(double) / 1e6; }

const kernel_desc demo_deadlock_mpi_kernel = {
    .name = "demo-deadlock-mpi", .summary = "two MPI ranks swap a large message: the three cures of the deadlock",
    .size_meaning = "doubles a message", .unit = "MB/s", .variants = cures,
    .default_variants = "ordered,sendrecv,nonblocking", .default_size = DEADLOCK_MPI_DEFAULT_DOUBLES, .min_size = 1,
    .max_size = 1ull << 27, .work = both_messages, .setup = swap_setup, .verify = swap_verify,
    .teardown = swap_teardown, .annotate = swap_annotate,
    .waits = true, /* a rank waits for the other by design */
};

/* ---- the deadlocking exchange, one rank of it, watched by the parent ---- */

#if PARBENCH_HAVE_MPI /* (only the exchange calls it: unused without MPI) */
static const char *witness_dir;

/* The witness: "in.R" holds the rank's pid once it calls MPI_Send, "out.R" appears when
 * MPI_Send returns. Files, not stdout: the launcher's forwarding of output may lag or be
 * lost when the parent ends the job. */
static void witness(int rank, int entering)
{
    char path[4096], pid[32];
    snprintf(path, sizeof path, "%s/%s.%d", witness_dir, entering ? "in" : "out", rank);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (write(fd, pid, (size_t)len) != len) { /* the parent then sees no witness: it says so */
    }
    close(fd);
}
#endif

static int blocking_rank(const deadlock_mpi_options *o)
{
    if (!o->status)
        return cli_usage_error("demo deadlock --mpi --case blocking needs --status DIR (the parent sets it: run "
                               "parbench demo deadlock --mpi without mpirun)");
    /* the last resort should the parent be gone: a rank never outlives this */
    signal(SIGALRM, SIG_DFL);
    alarm((unsigned)(o->bound_ms / 1000 + DEADLOCK_MPI_START_LIMIT_S + 30));
#if PARBENCH_HAVE_MPI
    if (!pb_mpi_init())
        return fprintf(stderr, "parbench: MPI_Init failed\n"), PB_RUNTIME_ERROR;
    size_t n = o->doubles;
    double *send = malloc(n * sizeof *send), *recv = malloc(n * sizeof *recv);
    if (!send || !recv)
        return fprintf(stderr, "parbench: out of memory for two messages of %zu doubles\n", n), PB_RUNTIME_ERROR;
    witness_dir = o->status;
    exchange_fill(send, n, pb_mpi_rank());
    exchange(EXCHANGE_BLOCKING, send, recv, n, *(MPI_Comm *)pb_mpi_world(), witness);
    /* reached only when the message went out eagerly */
    int ok = exchange_check(recv, n, 1 - pb_mpi_rank()) == n;
    free(send), free(recv);
    pb_mpi_finalize();
    return ok ? PB_OK : PB_VERIFY_FAILED;
#else
    return PB_RUNTIME_ERROR;
#endif
}

/* ---- the cures, through the one run loop ---- */

static void cures_summary(const plan *p, const result_record *recs, size_t n)
{
    (void)p;
    size_t verified = 0;
    printf("\nThe same swap, cured three ways (medians):\n");
    for (size_t i = 0; i < n; ++i) {
        printf("  %-12s %9.3f ms  %s%s\n", recs[i].variant, 1e3 * recs[i].time_s, recs[i].detail,
               recs[i].verified ? "" : " NOT verified");
        verified += recs[i].verified;
    }
    /* the lesson is about correctness, not speed: it needs every cure verified, no timing */
    if (n == 3 && verified == n)
        printf("lesson: two ranks that both call a blocking MPI_Send first wait for each other once the message is\n"
               "above the eager limit; order the calls, let MPI_Sendrecv order them, or post nonblocking calls.\n");
    else
        printf("lesson not shown: %zu of 3 cures ran and were verified.\n", verified);
}

static int cures_run(const deadlock_mpi_options *o)
{
    plan p = {.csv = o->c.csv, .trace = o->c.trace, .quiet = o->c.quiet, .first_column = "case",
              .summary = cures_summary, .wait_quiet = o->c.wait_quiet, .attempts = (int)o->c.attempts,
              .verdict = true};
    snprintf(p.title, sizeof p.title, "parbench demo deadlock --mpi: the cures of the classic MPI deadlock\n"
             "Two ranks swap %llu doubles (%.1f MiB) each way: ordered, MPI_Sendrecv, MPI_Isend/MPI_Irecv + "
             "MPI_Waitall.\n", (unsigned long long)o->doubles, (double)o->doubles * sizeof(double) / 1048576.0);
    int status = PB_OK;
    for (const variant_desc *v = cures; v->name && status == PB_OK; ++v) {
        run_spec spec = cli_step_spec(&o->c, &demo_deadlock_mpi_kernel, v, o->doubles, 1, NULL);
        spec.tag = demo_deadlock_mpi_kernel.name;
        char label[96];
        snprintf(label, sizeof label, "demo deadlock --mpi/%s", v->name);
        if (!plan_add(&p, &spec, label))
            status = PB_RUNTIME_ERROR;
    }
    if (status == PB_OK)
        status = runner_execute(&p);
    else
        fprintf(stderr, "parbench: out of memory for the plan\n");
    plan_free(&p);
    return status;
}

/* ---- the command ---- */

static const opt_command mpi_cmd = {
    .name = "demo deadlock --mpi", .usage = "parbench demo deadlock --mpi [options]",
    .summary = "two MPI ranks both call a blocking MPI_Send of a message above the eager limit, then MPI_Recv: a\n"
               "deadlock, caught by a watchdog that ends the launcher and both ranks after --bound ms; then the\n"
               "three cures, timed and verified. Start it without mpirun: it launches the ranks itself with the\n"
               "launcher of the MPI it was built with (PARBENCH_MPIEXEC names another).",
    .positional = "deadlock", .min_positional = 1, .max_positional = 1,
};

#define M(field) offsetof(deadlock_mpi_options, field)
static const opt_spec mpi_options[] = {
    {.name = "mpi", .kind = OPT_FLAG, .offset = M(mpi), .help = "the MPI form (needs an MPI build and its launcher)"},
    {.name = "size", .kind = OPT_SIZE, .offset = M(doubles), .min = 1, .max = 1ull << 27,
     .expect = "a whole number from 1 to 2^27, like 2^19", .help = "doubles in each rank's message",
     .computed = "2^19 (4 MiB: above the eager limits of Open MPI and MPICH)"},
    {.name = "bound", .kind = OPT_COUNT, .offset = M(bound_ms), .min = 50, .max = 60000, .metavar = "MS",
     .expect = "milliseconds from 50 to 60000", .help = "how long both ranks may sit in MPI_Send before the "
     "watchdog calls it a deadlock"},
    {.name = "case", .kind = OPT_LABEL, .offset = M(which), .max = 16, .expect = "blocking or cures",
     .help = "under the launcher: run the deadlocking exchange (blocking) or the cures (default)"},
    {.name = "status", .kind = OPT_PATH, .offset = M(status), .help = "the blocking case's witness folder (set by "
     "the parent)"},
    {0},
};

bool demo_deadlock_mpi_asked(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "deadlock") != 0)
        return false;
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; ++i)
        if (strcmp(argv[i], "--mpi") == 0)
            return true;
    return false;
}

int demo_deadlock_mpi_main(int argc, char **argv)
{
    deadlock_mpi_options o = {.which = "cures", .doubles = DEADLOCK_MPI_DEFAULT_DOUBLES,
                              .bound_ms = DEADLOCK_MPI_DEFAULT_BOUND_MS};
    opt_group groups[2];
    opt_parsed parsed;
    int status;
    if (!run_common_parse(&mpi_cmd, mpi_options, &o, &o.c, 20, groups, argc, argv, &parsed, &status))
        return status;
    char err[768] = "";
    if (parsed.help)
        return opt_print_help(&mpi_cmd, groups, 2, stdout), PB_OK;
    bool blocking = strcmp(o.which, "blocking") == 0;
    if (!blocking && strcmp(o.which, "cures") != 0)
        snprintf(err, sizeof err, "--case '%s': expected blocking or cures", opt_show(o.which));
    else if (!pb_mpi_built())
        snprintf(err, sizeof err, "demo deadlock --mpi: this parbench was built without MPI (install libopenmpi-dev "
                 "and rebuild); parbench demo deadlock shows the deadlock with threads and locks");
    else if (run_common_check(&o.c, &parsed, err, sizeof err) != PB_OK)
        ;
    else if (pb_mpi_env_size() != 1 && pb_mpi_env_size() != 2)
        snprintf(err, sizeof err, "demo deadlock --mpi: the launcher started %d ranks; the exchange is between "
                 "exactly 2 (start it without mpirun: it launches them itself)", pb_mpi_env_size());
    else if (pb_mpi_env_size() == 1 && opt_given(&parsed, "case"))
        snprintf(err, sizeof err, "demo deadlock --mpi: --case runs under the launcher only (the parent sets it)");
    if (err[0])
        return cli_usage_error(err);
    if (pb_mpi_env_size() == 1)
        return deadlock_watch_main(&o, argc, argv);
    return blocking ? blocking_rank(&o) : cures_run(&o);
}
