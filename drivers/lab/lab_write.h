/* What `parbench compare` writes from a lab table (lab/lab.h): compare.md and
 * compare.csv (the ranked table, one section per kernel, the concurrency half), the
 * gnuplot data of scripts/compare.sh's figures (compare.gp, bars-KERNEL.dat,
 * speedup-KERNEL.dat) and the page to project, index.html. Labels come from hand-ins:
 * each format escapes them its own way (Markdown, CSV, gnuplot data, HTML). */
#ifndef PARBENCH_LAB_WRITE_H
#define PARBENCH_LAB_WRITE_H

#include <stdio.h>

#include "analysis/row_index.h"
#include "lab/lab.h"

/* The tables, as text cells, for the Markdown and the HTML writers alike: section 0
 * ranks the machines, sections 1..nk hold one kernel each, the last the concurrency
 * half. Rows follow the table's machines (ranked first). */
#define LAB_MAX_COLS 12
#define LAB_CELL 320
typedef struct {
    char title[160];
    size_t ncols;
    char head[LAB_MAX_COLS][64];
} lab_section;

size_t lab_nsections(const lab_table *t);
void lab_section_of(const lab_table *t, size_t s, lab_section *out);
void lab_section_row(const lab_table *t, size_t s, const lab_machine *m, char cells[][LAB_CELL]);

/* Whether a column holds words (left-aligned) rather than numbers. */
bool lab_text_column(const char *head);

/* Section s as an HTML heading (<h{level}>), a kernel's chart when asked (inline SVG),
 * and its table (the rows of machines not ranked or not trusted marked). */
void lab_html_section(FILE *f, const lab_table *t, size_t s, int level, bool chart);

/* Kernel k's section title with how it is compared: "matmul (scored at matrix order n
 * 2048 only: ...)", "montecarlo (scored by throughput at any size: why)", "(not in the score)". */
void lab_basis(const lab_table *t, size_t k, char *buf, size_t len);

/* What the score is, as computed: its kernels, who is not ranked and why, and relative
 * to what; "No machine is ranked, so there is no score" when none is. */
void lab_score_sentence(const lab_table *t, char *buf, size_t len);

/* The method, in one sentence for every output: what speedup and efficiency mean. */
extern const char lab_definition[];

/* compare.csv: one row per machine, each kernel's values in its own columns; and
 * compare-long.csv: one row per machine and kernel (and one "io-latency" row with the
 * concurrency half's columns), the same values, for pandas, R and pivot tables. */
void lab_write_csv(FILE *csv, const lab_table *t);
void lab_write_long_csv(FILE *csv, const lab_table *t);

/* compare.md, compare.csv, compare-long.csv, compare.gp and the data files in dir. notes: lines to show
 * under the table (merged hand-ins, ...), NULL-terminated. PB_OK or PB_RUNTIME_ERROR
 * (one line on stderr). */
int lab_write_tables(const char *dir, const lab_table *t, const record_list *rows, const char *const *notes);

/* dir/index.html. PB_OK or PB_RUNTIME_ERROR (one line on stderr). */
int lab_write_page(const char *dir, const lab_table *t, const char *const *notes);

/* The omp series of machine m for kernel k (workers 1 to 4096, speedup over its serial
 * run), the numbers of the speedup figures: at most cap points, the count returned. ix
 * indexes the rows (row_index_build): only the machine's omp rows are read. */
size_t lab_omp_series(const lab_table *t, const lab_machine *m, size_t k, const row_index *ix, int *workers,
                      double *speedup, size_t cap);

#endif
