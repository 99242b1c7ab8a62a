/* `parbench list --json`: every kernel's, I/O driver's and demo's facts, for scripts. */
#ifndef PARBENCH_LIST_JSON_H
#define PARBENCH_LIST_JSON_H

#include <stdio.h>

void list_print_json(FILE *out);

#endif
