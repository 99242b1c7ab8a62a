/* A hand-in: one machine's results, as a folder (runs.csv, machine.json, topology) or
 * as the archive scripts/handin.sh packs it (unpacked with lab/untar.h). Its label
 * is the folder's name, or the archive's one folder (handin.sh's --label): the name the
 * instructor knows it by, shown beside the machine id. */
#ifndef PARBENCH_HANDIN_H
#define PARBENCH_HANDIN_H

#include <stdbool.h>
#include <stddef.h>

#include "lab/untar.h"

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

#endif
