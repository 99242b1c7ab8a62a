/* Inline SVG charts for the pages (output/html.h): drawn from the same numbers as the
 * tables beside them, every value written out next to its bar, so that neither colour
 * nor length alone carries it. Text is escaped. */
#ifndef PARBENCH_SVGCHART_H
#define PARBENCH_SVGCHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SVG_SERIES 2

typedef struct {
    const char *label;               /* the row's name (a machine) */
    double value[SVG_SERIES];        /* NaN: no bar */
    const char *text[SVG_SERIES];    /* written after the bar ("1.97x, 98%"; "no run" when no bar) */
    double ideal;                    /* a tick on the row's bars (its cores: linear speedup); NaN: none */
    bool marked;                     /* a row not to be trusted: a mark before its name */
} svg_bar_row;

/* A horizontal bar chart, one group of SVG_SERIES bars per row, the axis from 0; title
 * and axis name on top, a legend naming the series (and the ideal tick, when any row
 * has one). */
void svg_bar_chart(FILE *f, const char *title, const char *axis, const char *const series[SVG_SERIES],
                   const svg_bar_row *rows, size_t n);

#endif
