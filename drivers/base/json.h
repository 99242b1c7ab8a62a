/* JSON strings written safely (quotes, backslashes and control characters escaped): the
 * one writer of the little JSON parbench prints (info --json, list --json). */
#ifndef PARBENCH_JSON_H
#define PARBENCH_JSON_H

#include <stdio.h>

void json_string(FILE *out, const char *s);

#endif
