/* The status codes every function and command returns, matching parbench's exit codes:
 * 0 ran and verified, 1 verification failed, 2 bad usage or input, 3 runtime failure. */
#ifndef PARBENCH_STATUS_H
#define PARBENCH_STATUS_H

enum { PB_OK = 0, PB_VERIFY_FAILED = 1, PB_BAD_INPUT = 2, PB_RUNTIME_ERROR = 3 };

#endif
