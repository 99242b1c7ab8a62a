/* Options of `parbench run` and `parbench sweep`, parsed and validated before any work. */
#ifndef PARBENCH_OPTIONS_H
#define PARBENCH_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/kernel.h"

#define OPT_MAX_VARIANTS 16
#define OPT_MAX_THREADS 64
#define OPT_THREADS_LIMIT 4096
#define OPT_REPS_LIMIT 100000
#define OPT_WARMUP_LIMIT 1000
#define OPT_TAG_MAX 32

typedef struct {
    const kernel_desc *kernel;
    const variant_desc *variants[OPT_MAX_VARIANTS];
    size_t nvariants;
    uint64_t size;
    uint64_t threads[OPT_MAX_THREADS]; /* run: one entry; sweep: the list */
    size_t nthreads;
    bool threads_given;
    int reps, warmup;
    uint64_t seed;
    const char *csv;   /* NULL: no CSV */
    const char *tag;   /* free label stored with each row, e.g. "weak" for weak scaling; "" if none */
    bool quiet;
    bool dry_run;      /* check the options (and the CSV) only: job generators use it */
    unsigned flags;    /* kernel-specific flags, bit i = kernel->flags[i] */
    bool help;
} bench_options;

/* argv[0] is the subcommand ("run" or "sweep"). Returns PB_OK (check o->help) or
 * PB_BAD_INPUT with one line in err naming the option and what it accepts. */
int options_parse(int argc, char **argv, bool sweep, bench_options *o, char *err, size_t errlen);

/* The options every benchmarking command shares. Values not given (NULL) keep what
 * *out holds (the command's defaults). PB_OK or PB_BAD_INPUT with one line in err. */
typedef struct {
    int reps, warmup;
    uint64_t seed;
    const char *tag;
} common_values;
int options_common(const char *reps, const char *warmup, const char *seed, const char *tag, common_values *out,
                   char *err, size_t errlen);

/* The value of the option at argv[*i] when it is the next argument: argv[++*i], or NULL
 * when there is none or the next argument is itself an option ("--tag --quiet"). */
const char *option_next_value(int argc, char **argv, int *i);

#endif
