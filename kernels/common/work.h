/* Who did the work, on which CPU, and for how long. A thread (or a rank) marks each
 * chunk of work it does with work_begin/work_end; the harness turns the marks of a run
 * into its row's placement (the CPUs each rank's threads ran on) and imbalance (the
 * slowest worker's busy time over the mean), and, with --trace, into spans on a time
 * line. Code that marks nothing counts as one chunk of thread 0 per repetition.
 *
 * Cheap when nobody listens: a mark is two clock reads and one sched_getcpu per chunk
 * (chunks are milliseconds of work), and the spans are stored only when the harness
 * gave a buffer. Pure bookkeeping in memory: no printing, no files. */
#ifndef PARBENCH_WORK_H
#define PARBENCH_WORK_H

#include <stddef.h>
#include <stdint.h>

#define WORK_MAX_THREADS 4096
#define WORK_MAX_CPUS 1024

typedef enum {
    WORK_COMPUTE = 0, /* a chunk of the computation */
    WORK_WAIT = 1,    /* waiting for messages or a collective (MPI), or in poll/read: not busy */
    WORK_REQUEST = 2, /* one request in flight, from send to reply (many may be open at once) */
} work_kind;

typedef struct {
    double t0;
    int cpu;
} work_mark;

/* One span of a trace: a chunk of one thread of this process. */
typedef struct {
    double t0, t1;     /* seconds on the harness's clock */
    int32_t thread, cpu;
    int32_t kind;      /* work_kind */
    int32_t step;      /* the plan step it belongs to (set by the harness) */
    int64_t id;        /* WORK_REQUEST: the request's id; else -1 */
    char label[8];     /* what the chunk is ("A1"), shown on its bar; "" for none */
} work_span;

/* The harness's clock (the one timer), the trace buffer (NULL: no spans kept) and the
 * step that spans are tagged with. Not thread-safe: call between runs. */
void work_configure(double (*clock)(void), work_span *spans, size_t capacity);
void work_set_step(int step);

/* Starts the accounting of a run: busy times and CPUs cleared. */
void work_reset(void);

work_mark work_begin(void);
void work_end(work_mark m, int thread, work_kind kind);
/* The same, for a chunk that has a name of its own (a demo's step "A1", at most 7
 * characters kept), and returning when it ended (0 when no clock is configured). */
double work_end_named(work_mark m, int thread, work_kind kind, const char *label);
/* A request sent at `sent` (a work_begin mark) and answered now, by thread. Spans only:
 * a request in flight is not work. */
void work_request(work_mark sent, int thread, int64_t id);
void work_request_named(work_mark sent, int thread, int64_t id, const char *label);

/* The harness's clock now (0 when none is configured). */
double work_now(void);

/* The chunks marked since work_configure (to see whether code marked any). */
int work_marked(void);

/* What the marks since work_reset say. */
typedef struct {
    int nthreads;                           /* 1 + the highest thread that marked work */
    double busy[WORK_MAX_THREADS];          /* seconds of WORK_COMPUTE per thread */
    uint64_t cpus[WORK_MAX_CPUS / 64];      /* the CPUs any marked chunk ran on */
    int marks;                              /* chunks marked (0: the code marks nothing) */
} work_summary;
void work_collect(work_summary *out);

/* The spans recorded so far (since work_configure), and how many did not fit. */
size_t work_spans(const work_span **spans, size_t *dropped);

/* The CPU this thread runs on now (-1 if unknown). */
int work_cpu(void);

#endif
