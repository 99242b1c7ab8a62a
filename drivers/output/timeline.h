/* A run's steps drawn as text, the tutorial's picture of concurrency and parallelism:
 *
 *   worker 0: |--A1+B1--|--A2+B2--|
 *   worker 1: |----B1----|----B2----|
 *
 * one line per worker, time running left to right. Where steps are in progress at once
 * on one worker, the stretch they share is labelled with all of them ("A1+B1"): that is
 * what the worker really had, not a picture of taking turns. Pure functions: the demo's
 * kernel writes its spans as text into the record (timeline_format), its summary reads
 * them back (timeline_parse) and draws them (timeline_render). */
#ifndef PARBENCH_TIMELINE_H
#define PARBENCH_TIMELINE_H

#include <stddef.h>

typedef struct {
    int worker;     /* 0, 1, ...: one line each */
    char label[8];  /* "A1" */
    double t0, t1;  /* seconds from the start of the run */
} timeline_span;

/* The most spans one worker's line takes (more are left out of it). */
#define TIMELINE_MAX_SPANS 32

/* "0 A1 0.000012 0.100345;..." into buf (cut short, never overrun, when too small).
 * Returns the length it needed. */
size_t timeline_format(const timeline_span *s, size_t n, char *buf, size_t len);
/* The spans of text written by timeline_format, at most max; stops at the first entry
 * that is not one. Returns how many it read. */
size_t timeline_parse(const char *text, timeline_span *s, size_t max);

/* The lines "<indent>worker W: |--A1--|..." of workers 0..highest, the time axis from 0
 * to `end` seconds over `width` columns of bar (at least 8): a step boundary at time t
 * is the '|' at column round(t / end * width); stretches narrower than one column
 * vanish; a stretch where no step ran is blank; a label that does not fit its stretch is
 * left out (only dashes). Returns the bytes written (out is always terminated). */
size_t timeline_render(const timeline_span *s, size_t n, double end, int width, const char *indent, char *out,
                       size_t len);

/* The columns of the terminal: COLUMNS when it holds a number from 20 to 1000, else the
 * width of the terminal on stdout, else 80. */
int timeline_terminal_width(void);

#endif
