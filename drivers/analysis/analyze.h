/* `parbench analyze` and `parbench compare`: results CSVs in, data files and tables out. */
#ifndef PARBENCH_ANALYZE_H
#define PARBENCH_ANALYZE_H

#include "cli/options.h"

/* --out DIR, shared by analyze and compare (the same struct: { const char *out; }). */
extern const opt_spec analysis_out_option[];

int analyze_main(int argc, char **argv);
int compare_main(int argc, char **argv);

#endif
