/* The parbench command line: subcommand dispatch. Returns the process exit code:
 * 0 ran and verified, 1 verification failed, 2 bad usage or input, 3 runtime failure. */
#ifndef PARBENCH_CLI_H
#define PARBENCH_CLI_H

int cli_main(int argc, char **argv);

#endif
