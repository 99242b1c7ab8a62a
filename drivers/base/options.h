/* The one option parser. Every command declares its options once, in tables of
 * opt_spec (name, value kind, range, the choices it applies to, help line); the parser
 * reads `--opt value` and `--opt=value` alike, applies the value grammar of base/parse.h,
 * refuses unknown, repeated and valueless options with one line naming what is
 * accepted, and prints each command's --help from the same tables, so help and parser
 * cannot drift apart. Values land in the command's own structs (offsets), already
 * holding the defaults. */
#ifndef PARBENCH_OPTIONS_H
#define PARBENCH_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum {
    OPT_FLAG,        /* no value: bool */
    OPT_COUNT,       /* a plain decimal integer in [min, max]: uint64_t */
    OPT_SIZE,        /* 1e8, 10^8, 2^27 or 100000000 in [min, max]: uint64_t */
    OPT_REAL,        /* a decimal number in [dmin, dmax]: double */
    OPT_COUNT_LIST,  /* comma-separated counts in [min, max], none twice: opt_counts */
    OPT_NAME_LIST,   /* comma-separated names, none empty or twice (variants, modes): const char * */
    OPT_LABEL,       /* letters, digits, '.', '_', '-', not starting with '.' or '-': const char * */
    OPT_PATH,        /* a path without control characters: const char * */
} opt_kind;

#define OPT_MAX_COUNTS 64
typedef struct {
    uint64_t v[OPT_MAX_COUNTS];
    size_t n;
} opt_counts;

typedef struct opt_spec {
    const char *name;     /* without "--"; NULL ends a table */
    opt_kind kind;
    size_t offset;        /* of the value in the group's struct */
    uint64_t min, max;    /* counts, sizes, count lists; labels: max is the longest length */
    double dmin, dmax;    /* reals */
    const char *expect;   /* what is accepted, for messages: "a thread count from 1 to 4096" */
    const char *help;     /* one line for --help */
    const char *applies;  /* NULL, or the comma-separated choices (variants, modes, demos) it applies to */
    const char *metavar;  /* the value's name in --help ("MS"), or NULL for the kind's ("N", "FILE") */
    bool auto_ok;         /* counts and sizes: "auto" is accepted and stored as OPT_AUTO */
    /* A default the command computes when the option is not given ("the usable cores"):
     * --help says it in words, since the value stored beforehand (a 0, or what this
     * machine gives) is not what another machine or another choice would get. */
    const char *computed;
} opt_spec;

/* The value of a count or size given as "auto" (the command chooses it). */
#define OPT_AUTO UINT64_MAX

/* A table of options and the struct its values go into. */
typedef struct {
    const opt_spec *specs;
    void *values;
    const char *title;    /* a heading in --help ("options of io latency"), or NULL: the
                             options go on under the previous heading ("options" first) */
} opt_group;

/* A command: its name in messages ("run", "io latency"), its usage line and summary,
 * and its positional arguments (KERNEL, FILE...). */
typedef struct {
    const char *name;
    const char *usage;        /* "parbench run KERNEL [options]" */
    const char *summary;      /* what it does, one or more lines */
    const char *positional;   /* "KERNEL", "RUNS.csv", or NULL for none */
    size_t min_positional, max_positional;
    const char *epilog;       /* printed after the options in --help, or NULL */
} opt_command;

#define OPT_MAX_SLOTS 64
#define OPT_MAX_POSITIONAL 256
typedef struct {
    const opt_spec *spec[OPT_MAX_SLOTS];
    void *values[OPT_MAX_SLOTS];
    const char *text[OPT_MAX_SLOTS];  /* as given, NULL when not given */
    size_t n;
    const char *positional[OPT_MAX_POSITIONAL];
    size_t npositional;
    bool help;                         /* --help or -h was given: nothing else was checked */
} opt_parsed;

/* Parses argv[first..argc) against the groups. PB_OK (check out->help first) or
 * PB_BAD_INPUT with one line in err. */
int opt_parse(const opt_command *cmd, const opt_group *groups, size_t ngroups, int argc, char **argv, int first,
              opt_parsed *out, char *err, size_t errlen);

/* The first positional argument, found before the real parse (to choose the groups
 * that depend on it, such as a kernel's own options); NULL if none. Options unknown to
 * groups are taken for flags. */
const char *opt_first_positional(const opt_group *groups, size_t ngroups, int argc, char **argv, int first);

bool opt_given(const opt_parsed *p, const char *name);

/* Sets one option of a table by name, as the command line would (for a command that
 * runs another's kernel, such as a demo running an I/O driver). PB_OK or PB_BAD_INPUT. */
int opt_set(const opt_spec *specs, void *values, const char *name, const char *text, char *err, size_t errlen);

/* Every given option that applies to some choices only must apply to at least one of
 * the chosen ones (an option the run would ignore is a mistake worth saying). chooser
 * names what made the choice in the message ("--mode", "the demo"). */
int opt_check_applies(const opt_parsed *p, const char *const *chosen, size_t nchosen, const char *chooser,
                      char *err, size_t errlen);

/* --help: usage, summary, every option with its help line, the epilog. */
void opt_print_help(const opt_command *cmd, const opt_group *groups, size_t ngroups, FILE *out);

/* Every option of the groups with its value (given or default), one "name=value" per
 * line, and the positional arguments: what every MPI rank must agree on. */
size_t opt_canonical(const opt_parsed *p, const opt_group *groups, size_t ngroups, char *buf, size_t len);

/* value made fit for a one-line message: control characters escaped (\n, \t, \xNN),
 * at most 80 characters shown. Returns one of a few rotating static buffers. */
const char *opt_show(const char *value);

#endif
