#include "base/parse.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIZE_MAX_VALUE ((uint64_t)INT64_MAX)

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Whether min <= v <= max, else why says which end it missed. */
static bool in_range(double v, double min, double max, const char **why)
{
    *why = v < min ? "too small" : v > max ? "too large" : *why;
    return v >= min && v <= max;
}

static bool is_hex(const char *s) { return s[0] == '0' && (s[1] == 'x' || s[1] == 'X'); }

/* Why the characters at p end the number s: "0x10" and "0x1p-2" deserve a word of their own. */
static const char *trailing(const char *s, const char *p)
{
    return p == s + 1 && is_hex(s) ? "hex is not accepted" : "trailing characters";
}

/* Reads a run of digits into *v; false on overflow past limit. Advances *p. */
static bool read_digits(const char **p, uint64_t limit, uint64_t *v, int *ndigits, const char **why)
{
    uint64_t x = 0;
    int nd = 0;
    while (is_digit(**p)) {
        unsigned d = (unsigned)(**p - '0');
        if (x > (limit - d) / 10) {
            *why = "too large";
            return false;
        }
        x = x * 10 + d;
        ++nd;
        ++*p;
    }
    *v = x;
    *ndigits = nd;
    return true;
}

static bool checked_mul(uint64_t a, uint64_t b, uint64_t limit, uint64_t *out)
{
    if (a != 0 && b > limit / a)
        return false;
    *out = a * b;
    return true;
}

/* The digits that start s, up to limit, into *v; *p after them. False (with why, or the
 * caller's why when s does not start with a digit) when there is no such number. */
static bool leading_number(const char *s, uint64_t limit, const char **p, uint64_t *v, const char **why)
{
    int nd;
    *p = s;
    return s && is_digit(*s) && read_digits(p, limit, v, &nd, why);
}

bool parse_size(const char *s, uint64_t *out, const char **why)
{
    *why = "not a number";
    const char *p;
    uint64_t mant;
    int nd;
    if (!leading_number(s, SIZE_MAX_VALUE, &p, &mant, why))
        return false;
    if (*p == '\0') {
        *out = mant;
        return true;
    }
    if (*p == '^') { /* base^exponent */
        ++p;
        uint64_t e;
        if (!is_digit(*p) || !read_digits(&p, 1000, &e, &nd, why) || *p != '\0') {
            *why = *p ? "trailing characters after the exponent" : "bad exponent";
            return false;
        }
        uint64_t v = 1;
        for (uint64_t i = 0; i < e; ++i)
            if (!checked_mul(v, mant, SIZE_MAX_VALUE, &v)) {
                *why = "too large";
                return false;
            }
        *out = v;
        return true;
    }
    /* decimal mantissa with optional fraction, then e<exponent> */
    uint64_t frac = 0;
    int frac_digits = 0;
    if (*p == '.') {
        ++p;
        if (!read_digits(&p, SIZE_MAX_VALUE, &frac, &frac_digits, why))
            return false;
        while (frac_digits > 0 && frac % 10 == 0) { /* 1.50e3 == 1.5e3 */
            frac /= 10;
            --frac_digits;
        }
    }
    if (*p != 'e' && *p != 'E') {
        *why = *p ? trailing(s, p) : "not a whole number";
        return false;
    }
    ++p;
    uint64_t e;
    if (!is_digit(*p) || !read_digits(&p, 1000, &e, &nd, why) || *p != '\0') {
        *why = "bad exponent";
        return false;
    }
    if ((uint64_t)frac_digits > e) {
        *why = "not a whole number";
        return false;
    }
    /* value = (mant * 10^fd + frac) * 10^(e - fd) */
    uint64_t v = mant;
    for (int i = 0; i < frac_digits; ++i)
        if (!checked_mul(v, 10, SIZE_MAX_VALUE, &v)) {
            *why = "too large";
            return false;
        }
    if (v > SIZE_MAX_VALUE - frac) {
        *why = "too large";
        return false;
    }
    v += frac;
    for (uint64_t i = (uint64_t)frac_digits; i < e; ++i) {
        if (v == 0)
            break;
        if (!checked_mul(v, 10, SIZE_MAX_VALUE, &v)) {
            *why = "too large";
            return false;
        }
    }
    *out = v;
    return true;
}

bool parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out, const char **why)
{
    *why = "not a whole number";
    const char *p;
    uint64_t v;
    if (!leading_number(s, UINT64_MAX, &p, &v, why))
        return false;
    if (*p != '\0') {
        *why = trailing(s, p);
        return false;
    }
    if (v < min || v > max) {
        *why = v < min ? "too small" : "too large";
        return false;
    }
    *out = v;
    return true;
}

bool parse_uint_list(const char *s, uint64_t min, uint64_t max, uint64_t *out, size_t cap,
                     size_t *n, const char **why)
{
    *n = 0;
    if (!s || !*s) {
        *why = "empty list";
        return false;
    }
    char item[32];
    const char *p = s;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0 || len >= sizeof item) {
            *why = len ? "entry too long" : "empty entry";
            return false;
        }
        if (*n == cap) {
            *why = "too many entries";
            return false;
        }
        memcpy(item, p, len);
        item[len] = '\0';
        if (!parse_uint(item, min, max, &out[*n], why))
            return false;
        ++*n;
        if (!comma)
            return true;
        p = comma + 1;
    }
}

/* The decimal grammar of reals: digits, at most one '.', an optional exponent; no sign,
 * no hex ("0x10", "0x1p-2": strtod would take them), no inf or nan. */
static bool is_decimal(const char *s)
{
    size_t digits = strspn(s, "0123456789");
    const char *p = s + digits;
    if (*p == '.') {
        size_t frac = strspn(p + 1, "0123456789");
        digits += frac;
        p += 1 + frac;
    }
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        ++p;
        p += *p == '+' || *p == '-';
        size_t exp = strspn(p, "0123456789");
        if (exp == 0)
            return false;
        p += exp;
    }
    return *p == '\0';
}

bool parse_double(const char *s, double min, double max, double *out, const char **why)
{
    *why = "not a number";
    if (!s || !(is_digit(*s) || *s == '.'))
        return false;
    if (!is_decimal(s)) {
        *why = is_hex(s) ? "hex is not accepted" : "not a decimal number";
        return false;
    }
    errno = 0;
    double v = strtod(s, NULL);
    if (errno == ERANGE || !isfinite(v)) {
        *why = "out of range";
        return false;
    }
    if (!in_range(v, min, max, why))
        return false;
    *out = v;
    return true;
}

void format_size(uint64_t n, char *buf, size_t len)
{
    int zeros = 0;
    uint64_t m = n;
    while (m >= 10 && m % 10 == 0) {
        m /= 10;
        ++zeros;
    }
    if (zeros >= 4 && m < 10)
        snprintf(buf, len, "%llue%d", (unsigned long long)m, zeros);
    else if (zeros >= 3 && m >= 10 && m < 100) /* 1500000000 reads as 1.5e9 (what one types), not 15e8 */
        snprintf(buf, len, "%llu.%llue%d", (unsigned long long)(m / 10), (unsigned long long)(m % 10), zeros + 1);
    else
        snprintf(buf, len, "%llu", (unsigned long long)n);
}
