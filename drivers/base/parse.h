/* Strict parsing of option values. Every function accepts the whole string or nothing:
 * no sign, no spaces, no trailing garbage, no silent overflow. On failure they return
 * false and put a short reason ("not a number", "too large", ...) in *why. */
#ifndef PARBENCH_PARSE_H
#define PARBENCH_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sizes: "100000000", "1e8", "1.5e9", "10^8", "2^27". The value must be a whole
 * number no larger than 2^63 - 1. */
bool parse_size(const char *s, uint64_t *out, const char **why);

/* A plain decimal integer in [min, max]. */
bool parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out, const char **why);

/* A comma-separated list of decimal integers in [min, max], at most cap entries. */
bool parse_uint_list(const char *s, uint64_t min, uint64_t max, uint64_t *out, size_t cap,
                     size_t *n, const char **why);

/* A finite decimal number in [min, max] ("10", "0.5", "2e-3"); never hex, inf or nan. */
bool parse_double(const char *s, double min, double max, double *out, const char **why);

/* Writes n as the shortest of "N", "AeB" (when exact) for messages and tables. */
void format_size(uint64_t n, char *buf, size_t len);

#endif
