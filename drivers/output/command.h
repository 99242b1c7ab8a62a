/* A command's front matter, for every command of every layer above: its options parsed
 * by the one parser (base/options.h), --help printed from the same table, and a usage
 * error said once (by the rank that speaks) as one line. */
#ifndef PARBENCH_COMMAND_H
#define PARBENCH_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#include "base/options.h"
#include "base/status.h"

/* opt_parse for a command's main, with --help. False when the command is done: the
 * options were bad (one line on stderr, *status = PB_BAD_INPUT) or the help was
 * printed (*status = PB_OK). True: go on with p. */
bool cli_parse(const opt_command *cmd, const opt_group *groups, size_t ngroups, int argc, char **argv,
               opt_parsed *p, int *status);

/* A command with one table of options (or none): the one parser fills a copy of its
 * defaults and prints --help; body runs with the values and what was parsed. */
typedef struct {
    const opt_command *cmd;
    const opt_spec *options;  /* NULL: positional arguments only */
    const void *defaults;     /* size bytes, the values before the command line */
    size_t size;
    int (*body)(void *values, const opt_parsed *parsed);
} cli_simple;
#define CLI_VALUES_MAX 256
int cli_run_simple(const cli_simple *c, int argc, char **argv);

/* Only one rank speaks: before MPI_Init the launcher's environment says which. Prints
 * "parbench: msg" and returns PB_BAD_INPUT. */
int cli_usage_error(const char *msg);

#endif
