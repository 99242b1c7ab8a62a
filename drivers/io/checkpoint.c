/* `parbench io checkpoint` (MPI-IO): computing while a checkpoint is written. Each rank
 * owns a slice of a field (kernels/stencil's pointwise map, so the file's contents do
 * not depend on the number of ranks); every --every steps all ranks write the field to
 * one shared file:
 *   blocking     MPI_File_write_at_all, then the next steps
 *   nonblocking  MPI_File_iwrite_at from the field's buffer, which becomes the
 *                checkpoint's (the next step computes into a second one: no copy);
 *                the next steps run while it is written; waited for before that
 *                buffer is needed again (and at the end)
 *   uring        the same swap, then each rank's slice written (and fsynced) by
 *                io_uring's kernel workers while it computes (checkpoint_uring.c;
 *                liburing builds); the checkpoint each rename replaces is freed by a
 *                kernel worker too, not by rank 0
 * A checkpoint goes to PATH.tmp and rank 0 renames it to PATH once every rank has closed
 * it, so PATH always holds a whole checkpoint: the previous one or the new one (--fsync
 * also makes it reach the disk before the rename). Rank 0 creates PATH.tmp afresh
 * (O_EXCL | O_NOFOLLOW), so a link left at that name is replaced, never written through.
 * A reference phase, timed by the harness before the modes, runs the steps without
 * checkpoints: the cost of checkpointing is the difference. After the runs every rank
 * reads its slice back and compares it with a recomputation; rank 0 checksums the whole
 * file. */
#define _GNU_SOURCE /* O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/options.h"
#include "core/harness.h"
#include "core/kernel.h"
#include "core/variants.h"
#include "env/machine.h"
#include "env/mpi_env.h"
#include "env/mpi_io.h"
#include "io/checkpoint_uring.h"
#include "io/io.h"
#include "output/paths.h"
#include "output/results.h"
#include "parbench_config.h"
#include "stencil/stencil.h"

#define PATH_MAX_LEN 4000

typedef struct {
    uint64_t doubles;   /* per rank: the run's size */
    uint64_t steps, every;
    const char *file;
    bool fsync;
} ckpt_params;
_Static_assert(sizeof(ckpt_params) <= IO_PARAMS_MAX, "the io command keeps the parameters in IO_PARAMS_MAX bytes");

/* checkpoint data written per repetition, in MB (1e6 bytes) */
static double ck_work(const bench_ctx *ctx)
{
    const ckpt_params *p = ctx->params;
    return (double)(p->steps / p->every) * (double)ctx->size * ctx->ranks * sizeof(double) / 1e6;
}

#if PARBENCH_HAVE_MPI

typedef struct {
    double *x, *ck;          /* the field, and the nonblocking modes' checkpoint buffer */
    size_t n;
    int rank, size;
    const ckpt_params *p;
    char tmp[PATH_MAX_LEN + 8];
    uint64_t seed;
    pb_mpi_file *fh;
    ck_uring *u;             /* the uring mode's writer, or NULL */
    int uring_error;         /* from starting its write: reported when it is waited for */
    bool pending;
    bool in_ck;              /* the field is in ck (just checkpointed), x is free */
} ck_state;

static void ck_teardown(bench_ctx *ctx)
{
    ck_state *s = ctx->state;
    if (!s)
        return;
    free(s->x);
    free(s->ck);
#if PARBENCH_HAVE_URING
    ck_uring_free(s->u);
#endif
    free(s);
    ctx->state = NULL;
}

static int ck_setup(bench_ctx *ctx, char *err, size_t errlen)
{
    const ckpt_params *p = ctx->params;
    uint64_t need = 2 * ctx->size * sizeof(double);
    if (need > machine_available_memory()) {
        snprintf(err, errlen, "--doubles %llu: needs %llu bytes per rank; %llu bytes are available",
                 (unsigned long long)ctx->size, (unsigned long long)need, (unsigned long long)machine_available_memory());
        return PB_BAD_INPUT;
    }
    ck_state *s = harness_new_state(ctx, sizeof *s, err, errlen);
    if (!s)
        return PB_RUNTIME_ERROR;
    s->p = p;
    s->n = ctx->size;
    s->seed = ctx->seed;
    s->rank = ctx->rank, s->size = ctx->ranks;
    snprintf(s->tmp, sizeof s->tmp, "%s.tmp", p->file);
    s->x = malloc(s->n * sizeof *s->x);
    s->ck = malloc(s->n * sizeof *s->ck);
    if (!s->x || !s->ck) {
        snprintf(err, errlen, "out of memory: %llu bytes for %llu doubles and their checkpoint buffer",
                 (unsigned long long)need, (unsigned long long)s->n);
        ck_teardown(ctx);
        return PB_RUNTIME_ERROR;
    }
#if PARBENCH_HAVE_URING
    if (strcmp(ctx->variant->name, "uring") == 0 && !(s->u = ck_uring_new(err, errlen))) {
        ck_teardown(ctx);
        return PB_RUNTIME_ERROR;
    }
#endif
    return PB_OK;
}

static uint64_t slice_offset(const ck_state *s) { return (uint64_t)s->rank * s->n * sizeof(double); }

/* Rank 0 makes PATH.tmp a new file of its own, of `size` bytes: whatever was at that
 * name (a leftover of an interrupted run, or a symbolic link someone placed there) is
 * removed, not followed. */
static void create_tmp(ck_state *s, uint64_t size)
{
    int rc = 0;
    if (s->rank == 0) {
        if (unlink(s->tmp) != 0 && errno != ENOENT)
            rc = errno;
        int fd = rc ? -1 : open(s->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
        if (fd < 0 && !rc)
            rc = errno;
        if (fd >= 0 && size && ftruncate(fd, (off_t)size) != 0)
            rc = errno;
        if (fd >= 0)
            close(fd);
    }
    rc = pb_mpi_max_int(rc);
    if (rc) {
        if (s->rank == 0)
            fprintf(stderr, "parbench: io checkpoint: cannot create %s: %s\n", s->tmp, strerror(rc));
        pb_mpi_abort(PB_RUNTIME_ERROR);
    }
}

/* ... then every rank opens it through MPI-IO. */
static void open_tmp(ck_state *s)
{
    create_tmp(s, 0);
    /* a checkpoint is the whole field: the size is set before the slices arrive */
    s->fh = pb_mpi_file_open_write(s->tmp, (uint64_t)s->size * s->n * sizeof(double));
}

/* Closes PATH.tmp and publishes it as PATH. The barrier makes sure every rank's data is
 * in the file before the rename; the agreement keeps every rank from reopening PATH.tmp
 * (next checkpoint) before the rename, which would write into the published file. */
static void rename_tmp(ck_state *s);
static void publish(ck_state *s)
{
    if (s->p->fsync)
        pb_mpi_file_sync(s->fh);
    pb_mpi_file_close(s->fh);
    s->fh = NULL;
    rename_tmp(s);
}

static void rename_tmp(ck_state *s)
{
    pb_mpi_barrier();
    int rc = 0;
    if (s->rank == 0 && rename(s->tmp, s->p->file) != 0)
        rc = errno;
    rc = pb_mpi_max_int(rc);
    if (rc) {
        if (s->rank == 0)
            fprintf(stderr, "parbench: io checkpoint: rename %s to %s: %s\n", s->tmp, s->p->file, strerror(rc));
        pb_mpi_abort(PB_RUNTIME_ERROR);
    }
}

static void finish_uring(ck_state *s);

static void finish_pending(ck_state *s)
{
    if (!s->pending)
        return;
    s->pending = false;
    if (s->u) {
        finish_uring(s);
        return;
    }
    pb_mpi_file_wait(s->fh);
    publish(s);
}

static void checkpoint_blocking(ck_state *s)
{
    open_tmp(s);
    pb_mpi_file_write_at_all(s->fh, slice_offset(s), s->x, s->n);
    publish(s);
}

/* The nonblocking modes' snapshot, without a copy: the field's buffer becomes the
 * checkpoint's and the next step computes from it into the other one (a 16 MiB copy
 * cost the rank about 2 ms a checkpoint). The previous checkpoint must be done with
 * that other buffer first. */
static void snapshot(ck_state *s)
{
    double *t = s->ck;
    s->ck = s->x;
    s->x = t;
    s->in_ck = true;
}

static void checkpoint_nonblocking(ck_state *s)
{
    finish_pending(s);
    snapshot(s);
    open_tmp(s);
    pb_mpi_file_iwrite_at(s->fh, slice_offset(s), s->ck, s->n);
    s->pending = true;
}

#if PARBENCH_HAVE_URING
static void checkpoint_uring(ck_state *s)
{
    finish_pending(s);
    snapshot(s);
    create_tmp(s, (uint64_t)s->size * s->n * sizeof(double)); /* sized here: no MPI-IO open does it */
    s->uring_error = ck_uring_start(s->u, s->tmp, slice_offset(s), s->ck, s->n * sizeof *s->ck, s->p->fsync);
    s->pending = true;
}

/* Every rank's slice (and fsync) done, or every rank stops: then the rename. */
static void finish_uring(ck_state *s)
{
    int rc = s->uring_error ? s->uring_error : ck_uring_finish(s->u);
    if (rc)
        fprintf(stderr, "parbench: io checkpoint: rank %d: writing %s through io_uring: %s\n", s->rank, s->tmp,
                strerror(rc));
    if (pb_mpi_max_int(rc))
        pb_mpi_abort(PB_RUNTIME_ERROR);
    /* The rename drops the checkpoint it replaces, and freeing that file (and first
     * waiting for its writeback) took the rank 10-14 ms here: rank 0 holds it open
     * (O_PATH: no read, no side effect whatever the name now is) and lets a kernel
     * worker close it, so its removal overlaps the next steps too. */
    int old = s->rank == 0 ? open(s->p->file, O_PATH | O_NOFOLLOW | O_CLOEXEC) : -1;
    rename_tmp(s);
    if (old >= 0)
        ck_uring_close_later(s->u, old);
}
#else
static void finish_uring(ck_state *s) { (void)s; }
#endif

static void no_checkpoint(ck_state *s) { (void)s; }

/* steps of the field, with checkpoint() every `every` steps */
static void run_steps(bench_ctx *ctx, void (*checkpoint)(ck_state *))
{
    ck_state *s = ctx->state;
    field_init(s->x, s->n, (uint64_t)s->rank * s->n, s->seed);
    s->in_ck = false;
    for (uint64_t step = 1; step <= s->p->steps; ++step) {
        if (s->in_ck)
            field_step_from(s->ck, s->x, s->n);
        else
            field_step(s->x, s->n);
        s->in_ck = false;
        if (step % s->p->every == 0)
            checkpoint(s);
    }
    finish_pending(s);
}

static void run_blocking(bench_ctx *ctx) { run_steps(ctx, checkpoint_blocking); }
static void run_nonblocking(bench_ctx *ctx) { run_steps(ctx, checkpoint_nonblocking); }
static void run_compute_alone(bench_ctx *ctx) { run_steps(ctx, no_checkpoint); }
#if PARBENCH_HAVE_URING
static void run_uring(bench_ctx *ctx)
{
    run_steps(ctx, checkpoint_uring);
    /* the last replaced checkpoint freed too, inside the time (only closes are left in
     * the ring, and a close reports nothing: finish_pending has checked the writes) */
    (void)ck_uring_wait(((ck_state *)ctx->state)->u);
}
#endif

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
    if (ctx->variant->reference) { /* no checkpoint written: nothing to read back */
        snprintf(result, resultlen, "-");
        return PB_OK;
    }
    /* the file holds the last checkpoint: step (steps / every) * every */
    uint64_t last = p->steps / p->every * p->every;
    double *ref = s->x, *got = s->ck;
    field_init(ref, s->n, (uint64_t)s->rank * s->n, s->seed);
    for (uint64_t step = 1; step <= last; ++step)
        field_step(ref, s->n);
    int status = PB_OK;
    pb_mpi_file *fh = pb_mpi_file_open_read(p->file);
    pb_mpi_file_read_at_all(fh, slice_offset(s), got, s->n);
    pb_mpi_file_close(fh);
    if (memcmp(ref, got, s->n * sizeof *ref) != 0) {
        size_t k = 0;
        while (memcmp(&ref[k], &got[k], sizeof *ref) == 0)
            ++k;
        snprintf(err, errlen, "io-checkpoint: %s: element %zu of rank %d's slice is %a, step %llu gives %a",
                 p->file, k, s->rank, got[k], (unsigned long long)last, ref[k]);
        status = PB_VERIFY_FAILED;
    }
    pb_mpi_barrier(); /* every slice is checked before rank 0 reads the whole file */
    if (s->rank == 0 && status == PB_OK)
        status = checksum_file(s, result, resultlen, err, errlen);
    return status;
}

#endif

static const variant_desc modes[] = {
    MPI_VARIANT("blocking", EXEC_MPI, run_blocking), MPI_VARIANT("nonblocking", EXEC_MPI, run_nonblocking),
    MPI_URING_VARIANT("uring", EXEC_MPI, run_uring), MPI_REFERENCE("compute-alone", run_compute_alone), VARIANTS_END,
};

#define P(field) offsetof(ckpt_params, field)
static const opt_spec options[] = {
    {.name = "doubles", .kind = OPT_SIZE, .offset = P(doubles), .min = 1, .max = 1u << 28,
     .expect = "a count of doubles per rank from 1 to 2^28", .help = "field doubles per rank"},
    {.name = "file", .kind = OPT_PATH, .offset = P(file), .metavar = "PATH", .expect = "a file path in a writable directory",
     .help = "the shared checkpoint file (written as PATH.tmp, then renamed); required"},
    {.name = "steps", .kind = OPT_SIZE, .offset = P(steps), .min = 1, .max = 1000000,
     .expect = "a step count from 1 to 1e6", .help = "computation steps per run"},
    {.name = "every", .kind = OPT_SIZE, .offset = P(every), .min = 1, .max = 1000000, .metavar = "E",
     .expect = "a step count from 1 to 1e6", .help = "a checkpoint every E steps"},
    {.name = "fsync", .kind = OPT_FLAG, .offset = P(fsync),
     .help = "make each checkpoint reach the disk (MPI_File_sync; uring: fsync) before it is renamed"},
    {0},
};

static void defaults(void *params)
{
    ckpt_params *p = params;
    p->doubles = 1u << 21;
    p->steps = 20;
    p->every = 5;
    p->file = NULL;
    p->fsync = false;
}

/* The file must be creatable: checked before any rank starts, so a bad path exits 2. */
static int check(void *params, const char *csv, char *err, size_t errlen)
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
    if (mem && p->doubles * sizeof(double) > mem)
        return snprintf(err, errlen, "--doubles %llu: larger than this machine's memory (%.1f GiB)",
                        (unsigned long long)p->doubles, (double)mem / (1 << 30)), PB_BAD_INPUT;
    if (csv && path_same_file(csv, p->file))
        return snprintf(err, errlen, "--file %s and --csv name the same file: the checkpoint would overwrite the "
                        "results", p->file), PB_BAD_INPUT;
    bool exists;
    int st = path_check_output("--file", p->file, &exists, err, errlen);
    if (st != PB_OK)
        return st;
    if (exists && results_is_results_file(p->file))
        return snprintf(err, errlen, "--file %s: is a parbench results CSV; refusing to overwrite it with a checkpoint",
                        p->file), PB_BAD_INPUT;
    char tmp[PATH_MAX_LEN + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", p->file);
    if (csv && path_same_file(csv, tmp))
        return snprintf(err, errlen, "--csv %s is the checkpoint's temporary file %s.tmp: each checkpoint would "
                        "destroy the results; choose another --csv or --file", csv, p->file), PB_BAD_INPUT;
    /* PATH.tmp is written first: a directory there, or a name too long, fails now; a
     * symbolic link there is fine, since it is replaced, never followed */
    struct stat lst;
    bool link = lstat(tmp, &lst) == 0 && S_ISLNK(lst.st_mode), tmp_exists = false;
    if (!link && path_check_output("--file", tmp, &tmp_exists, err, errlen) != PB_OK)
        return PB_BAD_INPUT;
    if (tmp_exists && results_is_results_file(tmp))
        return snprintf(err, errlen, "--file %s: %s.tmp is a parbench results CSV; refusing to replace it", p->file,
                        p->file), PB_BAD_INPUT;
    return PB_OK;
}

static void describe(const void *params, char *buf, size_t len)
{
    const ckpt_params *p = params;
    snprintf(buf, len, "checkpoint of %llu doubles per rank every %llu of %llu steps to %s (via %s.tmp + rename)%s",
           (unsigned long long)p->doubles, (unsigned long long)p->every, (unsigned long long)p->steps, p->file,
           p->file, p->fsync ? ", fsync" : "");
}

static void summarize_modes(const void *params, const result_record *recs, size_t n)
{
    (void)params;
    const result_record *blocking = NULL, *alone = NULL;
    for (size_t i = 0; i < n; ++i) {
        if (strcmp(recs[i].variant, "blocking") == 0)
            blocking = &recs[i];
        if (strcmp(recs[i].variant, "compute-alone") == 0)
            alone = &recs[i];
    }
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        if (r == alone)
            continue;
        double compute = alone ? alone->time_s : NAN;
        printf("%s: %.4f s with checkpoints, %.4f s computing alone: checkpoints cost %.4f s", r->variant, r->time_s,
               compute, r->time_s - compute);
        if (blocking && r != blocking && r->time_s > 0) {
            printf(", %.2fx the speed of blocking", blocking->time_s / r->time_s);
            double blocking_cost = blocking->time_s - compute;
            if (blocking_cost > 0) { /* what overlapping the checkpoints took off their cost */
                double hidden = 100.0 * (1.0 - (r->time_s - compute) / blocking_cost);
                if (hidden >= 0.5)
                    printf(", %.0f%% of blocking's checkpoint cost hidden", hidden);
                else if (hidden <= -0.5)
                    printf(", its checkpoints cost %.0f%% more than blocking's", -hidden);
                else
                    printf(", none of blocking's checkpoint cost hidden");
            }
            /* these figures are differences of rows: each row's quality is theirs too */
            if (!harness_flags_trusted(r) || !harness_flags_trusted(blocking) || (alone && !harness_flags_trusted(alone)))
                printf(" [from untrusted rows: see the verdict]");
        }
        printf("\n");
    }
}

static const kernel_options own_options = {
    .table = options, .params_size = sizeof(ckpt_params), .defaults = defaults, .check = check, .describe = describe,
};

static const kernel_desc checkpoint_kernel = {
    .name = "io-checkpoint",
    .summary = "checkpoints of a field to one shared file while computing (MPI-IO blocking, nonblocking; io_uring)",
    .size_meaning = "doubles per rank", .unit = "MB/s", .variants = modes, .default_variants = "blocking,nonblocking",
    .default_size = 1u << 21, .min_size = 1, .max_size = 1u << 28, .options = &own_options, .work = ck_work,
    .setup = MPI_RUN(ck_setup), .verify = MPI_RUN(ck_verify), .teardown = MPI_RUN(ck_teardown), .waits = true,
};

static uint64_t doubles_from(const void *params) { return ((const ckpt_params *)params)->doubles; }

const io_driver io_checkpoint_driver = {
    .name = "checkpoint", .kernel = &checkpoint_kernel, .size_from = doubles_from, .summarize = summarize_modes,
};
