/* `parbench analyze`, `compare` and `page`: results CSVs in, data files, tables and pages out. */
#ifndef PARBENCH_ANALYZE_H
#define PARBENCH_ANALYZE_H

#include "cli/options.h"

/* --out DIR of analyze (its struct: { const char *out; }). */
extern const opt_spec analysis_out_option[];

int analyze_main(int argc, char **argv);
int compare_main(int argc, char **argv);
int page_main(int argc, char **argv);

#endif
