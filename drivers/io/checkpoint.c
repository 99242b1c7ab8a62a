/* `parbench io checkpoint` (MPI-IO): computing while a checkpoint is written. Each rank
 * owns a slice of a field (kernels/stencil's pointwise map, so the file's contents do
 * not depend on the number of ranks); every --every steps all ranks write the field to
 * one shared file:
 *   blocking     MPI_File_write_at_all, then the next steps
 *   nonblocking  copy into a second buffer, MPI_File_iwrite_at, the next steps run while
 *                it is written; waited for before that buffer is reused (and at the end)
 * A checkpoint goes to PATH.tmp and rank 0 renames it to PATH once every rank has closed
 * it, so PATH always holds a whole checkpoint: the previous one or the new one (--fsync
 * also makes it reach the disk before the rename). After the runs every rank reads its
 * slice back and compares it with a recomputation; rank 0 checksums the whole file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/io.h"
#include "core/kernel.h"
#include "env/machine.h"
#include "output/paths.h"
#include "parbench_config.h"
#include "output/results.h"
#include "core/stats.h"
#include "stencil/stencil.h"
#include "core/timer.h"
#if PARBENCH_HAVE_MPI
#include <mpi.h>
#endif

#define NO_MPI_WHY "this parbench was built without MPI (install libopenmpi-dev and rebuild)"
#define PATH_MAX_LEN 4000

typedef struct {
    io_common c;        /* c.size = doubles per rank */
    uint64_t steps, every;
    const char *file;
    bool fsync;
} ckpt_params;
_Static_assert(sizeof(ckpt_params) <= IO_PARAMS_MAX, "io_cli keeps the parameters in IO_PARAMS_MAX bytes");

static const variant_desc modes[] = {
    {"blocking", EXEC_MPI, PARBENCH_HAVE_MPI, NO_MPI_WHY},
    {"nonblocking", EXEC_MPI, PARBENCH_HAVE_MPI, NO_MPI_WHY},
    {NULL, 0, false, NULL},
};

/* Compute-alone times of each mode's run (rank 0), for the summary. */
static struct {
    char mode[32];
    double compute;
} seen[8];
static size_t nseen;

static double ck_work(uint64_t n) { return (double)n; } /* replaced in annotate */

#if PARBENCH_HAVE_MPI

typedef struct {
    double *x, *ck;          /* the field, and the nonblocking mode's checkpoint buffer */
    size_t n;
    MPI_Comm comm;
    int rank, size;
    const ckpt_params *p;
    char tmp[PATH_MAX_LEN + 8];
    uint64_t seed;
    MPI_File fh;
    MPI_Request req;
    bool pending;
    double t_compute;
} ck_state;

/* An MPI-IO failure in the middle of collective I/O cannot be agreed on safely (ranks
 * would wait in different calls): it ends the job, saying why. */
static void io_check(const ck_state *s, int rc, const char *what)
{
    if (rc == MPI_SUCCESS)
        return;
    char msg[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, msg, &len);
    fprintf(stderr, "parbench: io checkpoint: rank %d: %s %s: %s\n", s->rank, what, s->tmp, msg);
    MPI_Abort(s->comm, PB_RUNTIME_ERROR);
}

static void ck_teardown(bench_ctx *ctx)
{
    ck_state *s = ctx->state;
    if (!s)
        return;
    free(s->x);
    free(s->ck);
    free(s);
    ctx->state = NULL;
}

static int ck_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    const ckpt_params *p = ctx->params;
    ck_state *s = calloc(1, sizeof *s);
    if (!s)
        return PB_RUNTIME_ERROR;
    ctx->state = s;
    s->p = p;
    s->n = ctx->size;
    s->seed = ctx->seed;
    s->comm = *(MPI_Comm *)ctx->comm;
    s->rank = ctx->rank, s->size = ctx->ranks;
    snprintf(s->tmp, sizeof s->tmp, "%s.tmp", p->file);
    uint64_t need = 2 * s->n * sizeof(double);
    if (need > machine_available_memory()) {
        snprintf(err, errlen, "--doubles %llu: needs %llu bytes per rank; %llu bytes are available",
                 (unsigned long long)s->n, (unsigned long long)need, (unsigned long long)machine_available_memory());
        ck_teardown(ctx);
        return PB_BAD_INPUT;
    }
    s->x = malloc(s->n * sizeof *s->x);
    s->ck = malloc(s->n * sizeof *s->ck);
    if (!s->x || !s->ck) {
        snprintf(err, errlen, "out of memory for %llu doubles", (unsigned long long)s->n);
        ck_teardown(ctx);
        return PB_RUNTIME_ERROR;
    }
    return PB_OK;
}

static MPI_Offset slice_offset(const ck_state *s) { return (MPI_Offset)s->rank * (MPI_Offset)(s->n * sizeof(double)); }

static void open_tmp(ck_state *s)
{
    io_check(s, MPI_File_open(s->comm, s->tmp, MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &s->fh), "open");
    /* a PATH.tmp left by an interrupted run may be longer: cut it to this checkpoint */
    io_check(s, MPI_File_set_size(s->fh, (MPI_Offset)s->size * (MPI_Offset)(s->n * sizeof(double))), "truncate");
}

/* Closes PATH.tmp and publishes it as PATH. The barrier makes sure every rank's data is
 * in the file before the rename; the broadcast keeps every rank from reopening PATH.tmp
 * (next checkpoint) before the rename, which would write into the published file. */
static void publish(ck_state *s)
{
    if (s->p->fsync)
        io_check(s, MPI_File_sync(s->fh), "sync");
    io_check(s, MPI_File_close(&s->fh), "close");
    MPI_Barrier(s->comm);
    int rc = 0;
    if (s->rank == 0 && rename(s->tmp, s->p->file) != 0)
        rc = errno;
    MPI_Bcast(&rc, 1, MPI_INT, 0, s->comm);
    if (rc) {
        if (s->rank == 0)
            fprintf(stderr, "parbench: io checkpoint: rename %s to %s: %s\n", s->tmp, s->p->file, strerror(rc));
        MPI_Abort(s->comm, PB_RUNTIME_ERROR);
    }
}

static void finish_pending(ck_state *s)
{
    if (!s->pending)
        return;
    io_check(s, MPI_Wait(&s->req, MPI_STATUS_IGNORE), "wait for the write of");
    s->pending = false;
    publish(s);
}

static void checkpoint(ck_state *s, bool nonblocking)
{
    if (!nonblocking) {
        open_tmp(s);
        io_check(s, MPI_File_write_at_all(s->fh, slice_offset(s), s->x, (int)s->n, MPI_DOUBLE, MPI_STATUS_IGNORE),
                 "write");
        publish(s);
        return;
    }
    finish_pending(s); /* the previous checkpoint's buffer is about to be reused */
    memcpy(s->ck, s->x, s->n * sizeof *s->x);
    open_tmp(s);
    io_check(s, MPI_File_iwrite_at(s->fh, slice_offset(s), s->ck, (int)s->n, MPI_DOUBLE, &s->req), "iwrite");
    s->pending = true;
}

static void ck_run(bench_ctx *ctx)
{
    ck_state *s = ctx->state;
    bool nonblocking = strcmp(ctx->variant->name, "nonblocking") == 0;
    field_init(s->x, s->n, (uint64_t)s->rank * s->n, s->seed);
    for (uint64_t step = 1; step <= s->p->steps; ++step) {
        field_step(s->x, s->n);
        if (step % s->p->every == 0)
            checkpoint(s, nonblocking);
    }
    finish_pending(s);
}

/* The run without its checkpoints, for the cost of checkpointing. */
static double time_compute(ck_state *s, int reps)
{
    double *t = malloc((size_t)reps * sizeof *t);
    for (int r = 0; r < reps; ++r) { /* collective: every rank loops, memory or not */
        MPI_Barrier(s->comm);
        double t0 = timer_now();
        field_init(s->x, s->n, (uint64_t)s->rank * s->n, s->seed);
        for (uint64_t step = 1; step <= s->p->steps; ++step)
            field_step(s->x, s->n);
        double dt = timer_now() - t0, mx = dt;
        MPI_Allreduce(&dt, &mx, 1, MPI_DOUBLE, MPI_MAX, s->comm);
        if (t)
            t[r] = mx;
    }
    double median = t ? stats_compute(t, (size_t)reps).median : 0;
    free(t);
    return median;
}

/* Rank 0: the whole file's size and checksum, read in chunks. */
static int checksum_file(const ck_state *s, char *result, size_t resultlen, char *err, size_t errlen)
{
    uint64_t want = (uint64_t)s->size * s->n * sizeof(double);
    struct stat st;
    if (access(s->tmp, F_OK) == 0)
        return snprintf(err, errlen, "io-checkpoint: %s was left behind", s->tmp), PB_VERIFY_FAILED;
    if (stat(s->p->file, &st) != 0)
        return snprintf(err, errlen, "io-checkpoint: %s is missing after the run", s->p->file), PB_VERIFY_FAILED;
    if ((uint64_t)st.st_size != want)
        return snprintf(err, errlen, "io-checkpoint: %s has %lld bytes, expected %llu", s->p->file,
                        (long long)st.st_size, (unsigned long long)want), PB_VERIFY_FAILED;
    int fd = open(s->p->file, O_RDONLY);
    size_t chunk = 1 << 20;
    unsigned char *buf = malloc(chunk);
    if (fd < 0 || !buf) {
        snprintf(err, errlen, "io-checkpoint: cannot read %s back: %s", s->p->file, strerror(errno));
        free(buf);
        if (fd >= 0)
            close(fd);
        return PB_RUNTIME_ERROR;
    }
    uint64_t h = CHECKSUM_START, done = 0;
    while (done < want) {
        ssize_t got = pread(fd, buf, chunk, (off_t)done);
        if (got <= 0 || got % 8)
            break;
        h = checksum_words(buf, (size_t)got / 8, h);
        done += (uint64_t)got;
    }
    close(fd);
    free(buf);
    if (done != want)
        return snprintf(err, errlen, "io-checkpoint: short read of %s", s->p->file), PB_RUNTIME_ERROR;
    snprintf(result, resultlen, "%016llx", (unsigned long long)h);
    return PB_OK;
}

static int ck_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    ck_state *s = ctx->state;
    const ckpt_params *p = s->p;
    /* the file holds the last checkpoint: step (steps / every) * every */
    uint64_t last = p->steps / p->every * p->every;
    double *ref = s->x, *got = s->ck;
    field_init(ref, s->n, (uint64_t)s->rank * s->n, s->seed);
    for (uint64_t step = 1; step <= last; ++step)
        field_step(ref, s->n);
    MPI_File fh;
    int status = PB_OK;
    int rc = MPI_File_open(s->comm, p->file, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh);
    if (rc == MPI_SUCCESS) {
        rc = MPI_File_read_at_all(fh, slice_offset(s), got, (int)s->n, MPI_DOUBLE, MPI_STATUS_IGNORE);
        MPI_File_close(&fh);
    }
    if (rc != MPI_SUCCESS) {
        snprintf(err, errlen, "io-checkpoint: cannot read %s back", p->file);
        status = PB_RUNTIME_ERROR;
    } else if (memcmp(ref, got, s->n * sizeof *ref) != 0) {
        size_t k = 0;
        while (memcmp(&ref[k], &got[k], sizeof *ref) == 0)
            ++k;
        snprintf(err, errlen, "io-checkpoint: %s: element %zu of rank %d's slice is %a, step %llu gives %a",
                 p->file, k, s->rank, got[k], (unsigned long long)last, ref[k]);
        status = PB_VERIFY_FAILED;
    }
    MPI_Barrier(s->comm); /* every slice is checked before rank 0 reads the whole file */
    if (s->rank == 0 && status == PB_OK)
        status = checksum_file(s, result, resultlen, err, errlen);
    s->t_compute = time_compute(s, p->c.reps);
    return status;
}

#else /* no MPI: the modes are unavailable, these never run */

static int ck_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    (void)ctx;
    snprintf(err, errlen, NO_MPI_WHY);
    return PB_RUNTIME_ERROR;
}
static void ck_run(bench_ctx *ctx) { (void)ctx; }
static int ck_verify(bench_ctx *ctx, char *result, size_t resultlen, char *err, size_t errlen)
{
    (void)ctx, (void)result, (void)resultlen, (void)err, (void)errlen;
    return PB_RUNTIME_ERROR;
}
static void ck_teardown(bench_ctx *ctx) { (void)ctx; }

#endif

static void ck_annotate(const bench_ctx *ctx, result_record *rec)
{
    const ckpt_params *p = ctx->params;
    /* checkpoint data written per second of the run (MB = 1e6 bytes) */
    double bytes = (double)(p->steps / p->every) * (double)ctx->size * ctx->ranks * sizeof(double);
    rec->throughput = rec->time_s > 0 ? bytes / rec->time_s / 1e6 : 0;
#if PARBENCH_HAVE_MPI
    const ck_state *s = ctx->state;
    if (nseen < sizeof seen / sizeof seen[0]) {
        snprintf(seen[nseen].mode, sizeof seen[nseen].mode, "%s", rec->variant);
        seen[nseen++].compute = s->t_compute;
    }
#endif
}

static const kernel_desc checkpoint_kernel = {
    .name = "io-checkpoint",
    .summary = "MPI-IO checkpoints of a field to one shared file while computing (blocking, nonblocking)",
    .size_meaning = "doubles per rank",
    .unit = "MB/s",
    .variants = modes,
    .default_size = 1u << 21,
    .min_size = 1,
    .max_size = 1u << 28,
    .work = ck_work,
    .setup = ck_setup,
    .run = ck_run,
    .verify = ck_verify,
    .teardown = ck_teardown,
    .annotate = ck_annotate,
};

static const io_option options[] = {
    {"doubles", IO_OPT_SIZE, offsetof(ckpt_params, c.size), 1, 1u << 28, 0, 0,
     "a count of doubles per rank from 1 to 2^28", "field doubles per rank (default 2^21, 16 MiB)"},
    {"file", IO_OPT_PATH, offsetof(ckpt_params, file), 0, 0, 0, 0,
     "a file path in a writable directory", "the shared checkpoint file (written as PATH.tmp, then renamed); required"},
    {"steps", IO_OPT_SIZE, offsetof(ckpt_params, steps), 1, 1000000, 0, 0,
     "a step count from 1 to 1e6", "computation steps per run (default 20)"},
    {"every", IO_OPT_SIZE, offsetof(ckpt_params, every), 1, 1000000, 0, 0,
     "a step count from 1 to 1e6", "a checkpoint every E steps (default 5)"},
    {"fsync", IO_OPT_FLAG, offsetof(ckpt_params, fsync), 0, 0, 0, 0, NULL,
     "make each checkpoint reach the disk (MPI_File_sync) before it is renamed"},
    {NULL, 0, 0, 0, 0, 0, 0, NULL, NULL},
};

static void defaults(void *params)
{
    ckpt_params *p = params;
    p->c.size = 1u << 21;
    p->steps = 20;
    p->every = 5;
    p->file = NULL;
    p->fsync = false;
}

/* The file must be creatable: checked before any rank starts, so a bad path exits 2. */
static int check(void *params, char *err, size_t errlen)
{
    const ckpt_params *p = params;
    if (!p->file)
        return snprintf(err, errlen, "parbench io checkpoint needs --file PATH: the shared checkpoint file"),
               PB_BAD_INPUT;
    if (strlen(p->file) > PATH_MAX_LEN)
        return snprintf(err, errlen, "--file: path longer than %d characters", PATH_MAX_LEN), PB_BAD_INPUT;
    if (p->every > p->steps)
        return snprintf(err, errlen, "--every %llu: more than --steps %llu, so no checkpoint would be written",
                        (unsigned long long)p->every, (unsigned long long)p->steps), PB_BAD_INPUT;
    uint64_t mem = machine_get()->mem_total;
    if (mem && p->c.size * sizeof(double) > mem)
        return snprintf(err, errlen, "--doubles %llu: larger than this machine's memory (%.1f GiB)",
                        (unsigned long long)p->c.size, (double)mem / (1 << 30)), PB_BAD_INPUT;
    bool exists;
    int st = path_check_output("--file", p->file, &exists, err, errlen);
    if (st != PB_OK)
        return st;
    if (exists && results_is_results_file(p->file))
        return snprintf(err, errlen, "--file %s: is a parbench results CSV; refusing to overwrite it with a checkpoint",
                        p->file), PB_BAD_INPUT;
    char tmp[PATH_MAX_LEN + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", p->file);
    if (path_check_output("--file", tmp, &exists, err, errlen) != PB_OK)
        return PB_BAD_INPUT; /* PATH.tmp is written first: a directory there, or a name too long */
    return PB_OK;
}

static void describe(const void *params)
{
    const ckpt_params *p = params;
    printf("checkpoint of %llu doubles per rank every %llu of %llu steps to %s (via %s.tmp + rename)%s\n",
           (unsigned long long)p->c.size, (unsigned long long)p->every, (unsigned long long)p->steps, p->file,
           p->file, p->fsync ? ", fsync" : "");
}

static void summary(const void *params, const result_record *recs, size_t n)
{
    (void)params;
    const result_record *blocking = NULL;
    for (size_t i = 0; i < n; ++i)
        if (strcmp(recs[i].variant, "blocking") == 0)
            blocking = &recs[i];
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        double compute = 0;
        for (size_t k = 0; k < nseen && k < sizeof seen / sizeof seen[0]; ++k)
            if (strcmp(seen[k].mode, r->variant) == 0)
                compute = seen[k].compute;
        printf("%s: %.4f s with checkpoints, %.4f s computing alone: checkpoints cost %.4f s", r->variant, r->time_s,
               compute, r->time_s - compute);
        if (blocking && r != blocking && r->time_s > 0)
            printf(", %.2fx the speed of blocking", blocking->time_s / r->time_s);
        printf("\n");
    }
}

const io_driver io_checkpoint_driver = {
    .name = "checkpoint",
    .kernel = &checkpoint_kernel,
    .options = options,
    .default_modes = "blocking,nonblocking",
    .params_size = sizeof(ckpt_params),
    .defaults = defaults,
    .check = check,
    .describe = describe,
    .summary = summary,
};
