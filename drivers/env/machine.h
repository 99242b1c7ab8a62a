/* What machine a result came from: topology (hwloc when built with it, sysconf and
 * /proc otherwise), memory, build and runtime context, and a stable machine id. */
#ifndef PARBENCH_MACHINE_H
#define PARBENCH_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
    char host[64];
    char cpu_model[128];
    int packages, cores, pus, numa_nodes;
    uint64_t cache_bytes[4];   /* per instance, index = level 1..3 (data/unified) */
    int cache_count[4];        /* instances per level */
    uint64_t cache_line;       /* L1 data cache line size in bytes (0 if unknown) */
    uint64_t numa_memory;      /* what hwloc reports for the NUMA nodes (0 if unknown) */
    uint64_t mem_total, mem_available; /* from the kernel (/proc/meminfo) */
    bool from_hwloc;
    char topology_source[64];  /* "this system", or the XML/synthetic input */
    char id[96];               /* host-<8 hex digits>: see env/machine_id.h */
    const char *id_from;       /* what the hex digits hash: "machine-id", "dmi", "topology", "PARBENCH_MACHINE" */
} machine_info;

/* Gathered once, on first use. */
const machine_info *machine_get(void);

/* Per-core data cache of a level (1, 2, 3) in bytes; 0 when unknown. */
uint64_t machine_cache_bytes(int level);

/* The L1 data cache line in bytes (hwloc, else sysconf, else 64). */
uint64_t machine_cache_line(void);

/* Memory a run may allocate now (MemAvailable), in bytes, capped by the environment
 * variable PARBENCH_MAX_MEMORY (bytes) when it is set. */
uint64_t machine_available_memory(void);

/* `parbench info` and `parbench info --json`; member (or NULL) is one more member of
 * the JSON object, written as given ("\"peak\": {...}"). */
void machine_print_text(FILE *out);
void machine_print_json(FILE *out, const char *member);

/* PARBENCH_MAX_MEMORY (bytes, e.g. 8e9 or 2^33) caps the memory parbench counts on, to
 * try the memory checks; false (why set) when it is set but not a byte count. */
bool machine_memory_cap(uint64_t *bytes, const char **why);

#endif
