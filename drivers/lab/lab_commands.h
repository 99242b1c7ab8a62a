/* The classroom's commands: `parbench compare HANDIN... --out DIR` (lab/compare.c) and
 * `parbench page RESULTS_DIR --out DIR` (lab/machine_page.c). */
#ifndef PARBENCH_LAB_COMMANDS_H
#define PARBENCH_LAB_COMMANDS_H

int compare_main(int argc, char **argv);
int page_main(int argc, char **argv);

#endif
