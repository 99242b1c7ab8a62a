/* OpenMP's own thread counts from the environment, held to --threads' limit: libgomp
 * takes OMP_NUM_THREADS=99999 and crashes (or fails the check) in the first parallel
 * region, where --threads 99999 is refused. A list ("4,2", nested levels) is checked
 * entry by entry; empty counts as unset. */
#include "cli/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parbench_config.h"
#include "plan/run_common.h"
#include "base/options.h"

static const char *const omp_counts[] = {"OMP_NUM_THREADS", "OMP_THREAD_LIMIT"};
#define NCOUNTS (sizeof omp_counts / sizeof omp_counts[0])
static const char *hidden[NCOUNTS]; /* a refused value, kept from libgomp */

static bool count_list_ok(const char *value)
{
    for (const char *p = value; *p;) {
        size_t digits = strspn(p, "0123456789");
        unsigned long n = digits && digits < 6 ? strtoul(p, NULL, 10) : 0;
        if (n < 1 || n > OPT_THREADS_LIMIT || (p[digits] != ',' && p[digits] != '\0') ||
            (p[digits] == ',' && !p[digits + 1]))
            return false;
        p += digits + (p[digits] == ',');
    }
    return true;
}

/* Runs before any library's initializer (ELF .preinit_array): libgomp reads these
 * variables as it loads and prints its own "Invalid value" line for "abc" or "0", a
 * second line beside parbench's. A value parbench refuses is hidden from it (its
 * name's first letter changed in place) and kept for omp_env_ok to report. */
static void hide_refused_counts(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv;
    for (char **e = envp; e && *e; ++e)
        for (size_t i = 0; i < NCOUNTS; ++i) {
            size_t n = strlen(omp_counts[i]);
            if (strncmp(*e, omp_counts[i], n) == 0 && (*e)[n] == '=' && !count_list_ok(*e + n + 1)) {
                hidden[i] = *e + n + 1;
                (*e)[0] = '_';
            }
        }
}
#if !PARBENCH_SIMGRID
/* (SMPI links the program as a shared object, where .preinit_array is not allowed: a
 * SimGrid build leaves libgomp's own line beside parbench's) */
__attribute__((used, section(".preinit_array"))) static void (*const hide_entry)(int, char **, char **) =
    hide_refused_counts;
#else
static void (*const hide_entry)(int, char **, char **) __attribute__((used)) = hide_refused_counts;
#endif

bool omp_env_ok(char *msg, size_t len)
{
    for (size_t i = 0; i < NCOUNTS; ++i) {
        const char *value = hidden[i] ? hidden[i] : getenv(omp_counts[i]);
        if (value && !count_list_ok(value)) {
            snprintf(msg, len, "%s '%s': expected a thread count from 1 to %d (a comma-separated list for nested "
                     "levels), the limit of --threads", omp_counts[i], opt_show(value), OPT_THREADS_LIMIT);
            return false;
        }
    }
    return true;
}
