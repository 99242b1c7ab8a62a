/* `parbench analyze`: results CSVs in, the figures' data files and scaling.txt out. */
#ifndef PARBENCH_ANALYZE_H
#define PARBENCH_ANALYZE_H

#include "base/options.h"

/* --out DIR of analyze (its struct: { const char *out; }). */
extern const opt_spec analysis_out_option[];

int analyze_main(int argc, char **argv);

#endif
