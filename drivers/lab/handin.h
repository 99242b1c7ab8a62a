/* A hand-in: one machine's results, as a folder (runs.csv, machine.json, topology) or
 * as the archive scripts/handin.sh packs it (unpacked with lab/untar.h). Its label
 * is the folder's name, or the archive's one folder (handin.sh's --label): the name the
 * instructor knows it by, shown beside the machine id. */
#ifndef PARBENCH_HANDIN_H
#define PARBENCH_HANDIN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/options.h"
#include "lab/untar.h"
#include "output/csv_read.h"

typedef struct {
    char id[96], id_from[32], host[64], cpu_model[160], mpi[160];
    int cores, usable_cores; /* 0 when not said */
} handin_machine;

typedef struct {
    const char *given;   /* the argument, for messages */
    char label[256];     /* as found (a folder's name may hold anything: clean it to show) */
    char dir[4096];      /* the folder that holds runs.csv */
    bool archive;
    untar_result unpacked;
    bool have_json;      /* machine.json was there and named its machine */
    handin_machine json;
} handin;

/* Opens a hand-in: a folder, or an archive (unpacked into a temporary folder). Reads
 * its machine.json when there is one. PB_OK, or PB_BAD_INPUT / PB_RUNTIME_ERROR with
 * one line in err. */
int handin_open(const char *given, handin *h, char *err, size_t errlen);

/* Removes what opening an archive unpacked. */
void handin_close(handin *h);

/* Reads DIR/machine.json (a file someone else wrote: a value is taken as text, a core
 * count must be one). PB_OK (*found false when there is none), or PB_BAD_INPUT. */
int handin_read_machine_json(const char *dir, handin_machine *m, bool *found, char *err, size_t errlen);

/* A command that writes one page from one results folder or hand-in (`page`, `lesson`):
 * `RESULTS_DIR [--out DIR]`. The hand-in is opened, its runs.csv read and DIR made, each
 * failure one line naming the command; then write draws the page into DIR. */
typedef struct {
    const opt_command *cmd;
    const char *out_help;   /* --out's help line */
    bool out_required;      /* else DIR is the current directory */
    int (*write)(const char *out, const handin *h, record_list *rows);
} handin_page;
int handin_page_main(const handin_page *page, int argc, char **argv);

#endif
