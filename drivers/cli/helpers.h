/* The commands that are scripts (suite, plot, handin, submit, simulate, ...): one front
 * door, as git runs its helpers. parbench finds them next to itself (installed:
 * PREFIX/libexec/parbench, from PREFIX/bin) or, in a build tree, in the checkout's
 * scripts/, and runs them with PARBENCH_PROGRAM naming itself, so that a script uses the
 * parbench that started it. */
#ifndef PARBENCH_CLI_HELPERS_H
#define PARBENCH_CLI_HELPERS_H

#include <stdbool.h>
#include <stdio.h>

/* Whether cmd names a helper; if so, runs it with argv[1..] (exec: returns only on
 * failure, with the exit code after one line on stderr). */
bool helper_known(const char *cmd);
int helper_run(int argc, char **argv);

/* The helpers' lines of `parbench --help`, and their names (", suite, plot, ..."). */
void helper_usage(FILE *out);
void helper_names(char *buf, size_t len);

#endif
