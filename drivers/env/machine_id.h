/* Which machine a result came from, as an id that stays the same for one machine and
 * differs between PCs cloned from one image (a lab's PCs share a host name such as
 * `debian`, and often their hardware). The id is the host name and 8 hex digits of a
 * hash of the first of:
 *   /etc/machine-id            written once per installation (machine-id(5)); hashed with
 *                              a key of ours, never shown, as the manual page asks;
 *   the DMI product UUID       /sys/class/dmi/id/product_uuid (readable by root only);
 *   the topology               the CPU model, cores, caches and memory (two identical PCs
 *                              then share an id, which is why it comes last).
 * PARBENCH_MACHINE_ID_FILE (tests only) names another machine-id file: an absolute path,
 * so that three runs on one host can play three PCs. */
#ifndef PARBENCH_MACHINE_ID_H
#define PARBENCH_MACHINE_ID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { MACHINE_ID_FROM_MACHINE_ID, MACHINE_ID_FROM_DMI, MACHINE_ID_FROM_TOPOLOGY } machine_id_source;

/* The name of a source, as machine.json and `info` show it ("machine-id", "dmi",
 * "topology"). */
const char *machine_id_source_name(machine_id_source s);

/* The 32-bit hash of the first source that holds a valid value; topology_key is the
 * last resort. *from says which one it was. */
uint32_t machine_id_hash(const char *topology_key, machine_id_source *from);

/* PARBENCH_MACHINE_ID_FILE, when set, is an absolute path without control characters
 * (a missing or malformed file there falls back, as /etc/machine-id would). False, with
 * why, when it is set to something else. */
bool machine_id_env_ok(const char **why);

/* Whether text (one line, newline optional) is a machine id as machine-id(5) defines
 * it: 32 lowercase hexadecimal digits, not all zero. */
bool machine_id_valid(const char *text);

/* Whether text is a DMI product UUID (8-4-4-4-12 hex digits) that identifies a board:
 * not all zeros or all ones, as firmware without one reports. */
bool machine_id_dmi_valid(const char *text);

#endif
