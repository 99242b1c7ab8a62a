/* `parbench analyze` and `parbench compare`: results CSVs in, data files and tables out. */
#ifndef PARBENCH_ANALYZE_H
#define PARBENCH_ANALYZE_H

int analyze_main(int argc, char **argv);
int compare_main(int argc, char **argv);

#endif
