/* The options every benchmarking command shares (run, sweep, io, demo), declared once,
 * and the checks that come with them. */
#ifndef PARBENCH_RUN_COMMON_H
#define PARBENCH_RUN_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "base/options.h"
#include "output/command.h"
#include "core/kernel.h"

#define OPT_THREADS_LIMIT 4096
#define OPT_REPS_LIMIT 100000
#define OPT_WARMUP_LIMIT 1000
#define OPT_TAG_MAX 31

typedef struct {
    uint64_t reps;     /* OPT_AUTO: until the median's interval is within +-2% (--max-time bounds it) */
    double max_time;   /* --reps auto: seconds of timed repetitions at most */
    uint64_t warmup, seed;
    const char *csv;   /* NULL: no CSV */
    const char *trace; /* NULL: no trace */
    const char *tag;   /* "" if none */
    bool quiet, dry_run;
    double wait_quiet; /* seconds a step may wait for its cores (all its attempts together) */
    uint64_t attempts; /* runs of a step flagged starved or cv-high, at most */
} run_common;

#define OPT_ATTEMPTS_LIMIT 10

/* --reps --max-time --warmup --seed --csv --quiet --dry-run --wait-quiet --attempts, and
 * --tag apart (demos tag their own rows). */
/* The --help heading of run_common_options (and run_tag_option after them). */
#define RUN_COMMON_TITLE "measuring and recording"
extern const opt_spec run_common_options[];
extern const opt_spec run_tag_option[];

/* The defaults: reps as given, one warm-up, seed 42, no CSV, no tag. */
void run_common_defaults(run_common *c, uint64_t reps);

/* A command whose own options come before the common ones (demo, peak): the common
 * defaults set (reps), groups[0..1] filled, the command line parsed from argv[1]. False
 * when the options were bad (one line said, *status PB_BAD_INPUT); --help is the
 * caller's to print (parsed->help), with what it adds. */
bool run_common_parse(const opt_command *cmd, const opt_spec *own, void *own_values, run_common *c, uint64_t reps,
                      opt_group groups[2], int argc, char **argv, opt_parsed *parsed, int *status);

/* Which variants of k a comma list names, into out (at most cap). "all" alone means
 * every available variant that `keep` accepts (NULL: all). Reference phases are never
 * named. PB_OK, or PB_BAD_INPUT with err naming the option ("--mode") and what has them
 * ("io latency has the modes ..."). */
typedef struct {
    const char *option;  /* "--variant", "--mode" */
    const char *owner;   /* "montecarlo", "io latency" */
    const char *noun;    /* "variants", "modes" */
} variant_words;
/* The options parsed must then apply to the chosen ones (opt_check_applies). */
int cli_choose_variants(const kernel_desc *k, const char *list, const variant_words *w,
                        bool (*keep)(const variant_desc *), const opt_parsed *parsed, const variant_desc **out,
                        size_t cap, size_t *n, char *err, size_t errlen);

/* Checks what the common options say together (--max-time needs --reps auto). PB_OK
 * or PB_BAD_INPUT with err. */
int run_common_check(const run_common *c, const opt_parsed *p, char *err, size_t errlen);

/* Fills params with the kernel's defaults (a zeroed buffer of its options' params_size
 * bytes; left as it is for a kernel without options or defaults). */
void cli_kernel_defaults(const kernel_desc *k, void *params);
/* The kernel's check of its parsed options (kernel_options.check) against the results
 * file csv (or NULL): PB_OK (also without one) or PB_BAD_INPUT with err. */
int cli_kernel_check(const kernel_desc *k, void *params, const char *csv, char *err, size_t errlen);



/* "parbench VERSION CMD | kernel | size S MEANING | seed S | R reps after W warm-up |
 * machine ID\n", and the kernel's description of its parameters on a second line. */
void cli_title(char *buf, size_t len, const char *cmd, const kernel_desc *k, uint64_t size, const run_common *c,
               const void *params);

struct plan;
struct run_spec;
/* A step of run, sweep, io or demo: what it runs, and what the common options set
 * (seed, repetitions, warm-up, time limit, tag). */
struct run_spec cli_step_spec(const run_common *c, const kernel_desc *k, const variant_desc *v, uint64_t size,
                              int threads, const void *params);
/* The end of run, sweep, io and peak: status PB_OK, the plan is executed, or with --dry-run
 * the CSV is checked (without starting MPI: a login node may check a job's options
 * before it queues) and what would run is said; else the plan ran out of memory. The
 * plan is freed; returns the exit code. */
/* --dry-run's memory line: the largest step's memory against what is available. */
void cli_print_memory(const struct plan *p, bool sizes_auto);
int cli_plan_finish(struct plan *p, int status, const char *cmd, const kernel_desc *k, uint64_t size,
                    const run_common *c);

#endif
