/* The parbench command line: one table of commands, each a function that takes argv
 * from its own name on. Every command returns the process exit code: 0 ran and
 * verified, 1 verification failed, 2 bad usage or input, 3 runtime failure. */
#ifndef PARBENCH_CLI_H
#define PARBENCH_CLI_H

#include <stdbool.h>
#include <stddef.h>

int cli_main(int argc, char **argv);

/* run and sweep (cli/bench.c) */
int cli_bench(int argc, char **argv, bool sweep);

/* peak (cli/peak.c), and the "peak" member of machine.json from the newest peak rows of
 * this machine in csv: PB_OK, or PB_BAD_INPUT with err (no such rows, a bad file). */
int cli_peak(int argc, char **argv);
int peak_json_member(const char *csv, char *buf, size_t len, char *err, size_t errlen);

/* OMP_NUM_THREADS and OMP_THREAD_LIMIT within --threads' limit (cli/omp_env.c); false
 * with the reason in msg. */
bool omp_env_ok(char *msg, size_t len);

#endif
