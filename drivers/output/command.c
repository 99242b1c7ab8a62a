#include "output/command.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "env/mpi_env.h"

int cli_usage_error(const char *msg)
{
    if (pb_mpi_env_rank() == 0)
        fprintf(stderr, "parbench: %s\n", msg);
    return PB_BAD_INPUT;
}

bool cli_parse(const opt_command *cmd, const opt_group *groups, size_t ngroups, int argc, char **argv,
               opt_parsed *p, int *status)
{
    char err[1024];
    if (opt_parse(cmd, groups, ngroups, argc, argv, 1, p, err, sizeof err) != PB_OK) {
        *status = cli_usage_error(err);
        return false;
    }
    if (p->help)
        opt_print_help(cmd, groups, ngroups, stdout);
    *status = PB_OK;
    return !p->help;
}

int cli_run_simple(const cli_simple *c, int argc, char **argv)
{
    alignas(max_align_t) unsigned char values[CLI_VALUES_MAX] = {0};
    if (c->size > sizeof values)
        return cli_usage_error("internal error: a command's values exceed CLI_VALUES_MAX");
    if (c->size)
        memcpy(values, c->defaults, c->size);
    opt_group g = {c->options, values, NULL};
    opt_parsed parsed;
    int done;
    if (!cli_parse(c->cmd, &g, c->options ? 1 : 0, argc, argv, &parsed, &done))
        return done;
    return c->body(values, &parsed);
}
