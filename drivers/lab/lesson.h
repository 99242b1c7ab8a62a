/* `parbench lesson RESULTS_DIR [--out DIR]`: the tutorial's lesson page, lesson.html,
 * built from the student's own runs (lesson.c writes it; lesson_say.c computes each
 * sentence from the rows, or says why it is not shown). */
#ifndef PARBENCH_LESSON_H
#define PARBENCH_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "output/csv_read.h"

/* A sentence from the rows: the measured lesson, or "Not shown: ..." (a flagged row) or
 * "Not measured yet: ..." (no row). Returns true when it is the lesson. */
typedef bool (*lesson_say)(const record_list *rows, char *buf, size_t len);

bool say_io_latency(const record_list *rows, char *buf, size_t len);   /* one thread, nonblocking waits */
bool say_highway(const record_list *rows, char *buf, size_t len);      /* montecarlo: lanes are cores */
bool say_timeline(const record_list *rows, char *buf, size_t len);     /* demo timeline's three cases */
bool say_io_vs_cpu(const record_list *rows, char *buf, size_t len);    /* when to use which */
bool say_server(const record_list *rows, char *buf, size_t len);       /* the hybrid server */
bool say_race(const record_list *rows, char *buf, size_t len);
bool say_false_sharing(const record_list *rows, char *buf, size_t len);
bool say_oversubscription(const record_list *rows, char *buf, size_t len);
bool say_deadlock(const record_list *rows, char *buf, size_t len);
bool say_concurrency_cpu(const record_list *rows, char *buf, size_t len); /* concurrency on CPU-bound work */

/* The closing table's speedups: the last trusted pair's ratio, or NaN with why. */
double lesson_ratio(const record_list *rows, const char *kernel, const char *slow, const char *fast, char *why,
                    size_t len);

int lesson_main(int argc, char **argv);

#endif
