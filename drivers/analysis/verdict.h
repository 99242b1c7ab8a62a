/* The verdict at the end of a sweep (and of analyze's scaling.txt): how many steps gave
 * numbers worth trusting, each kernel's headline speedups on all usable cores with
 * their interval, and the steps that stayed untrusted after their attempts, with what
 * was seen and the command that measures just those again. It is drawn from trusted
 * rows only; an untrusted figure is shown as such, never as a result. */
#ifndef PARBENCH_VERDICT_H
#define PARBENCH_VERDICT_H

#include <stdio.h>

#include "output/csv_read.h"
#include "analysis/scaling.h"

/* rows: after scaling_clean; groups: their scaling groups; dir: the results folder the
 * re-measure command names (NULL: no command). */
void verdict_print(FILE *out, const record_list *rows, const scaling_group *groups, size_t ngroups, const char *dir);

/* A step's name in sweep.sh's --only: "matmul:omp:1x2", "peak", "io-latency:100",
 * "io-overlap:2"; "" for a row no sweep step makes (a demo). */
void verdict_step_id(const result_record *r, char *buf, size_t len);

/* `parbench verdict RUNS.csv [--since TIMESTAMP]` */
int verdict_main(int argc, char **argv);

#endif
