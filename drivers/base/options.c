#include "base/options.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "base/status.h"

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return PB_BAD_INPUT;
}

const char *opt_show(const char *value)
{
    static char bufs[4][128];
    static unsigned next;
    char *out = bufs[next++ % 4];
    size_t pos = 0, shown = 0;
    for (const unsigned char *p = (const unsigned char *)value; *p && pos + 8 < sizeof bufs[0]; ++p, ++shown) {
        if (shown == 80) {
            pos += (size_t)snprintf(out + pos, sizeof bufs[0] - pos, "...");
            break;
        }
        if (*p == '\n')
            pos += (size_t)snprintf(out + pos, sizeof bufs[0] - pos, "\\n");
        else if (*p == '\t')
            pos += (size_t)snprintf(out + pos, sizeof bufs[0] - pos, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            pos += (size_t)snprintf(out + pos, sizeof bufs[0] - pos, "\\x%02x", *p);
        else
            out[pos++] = (char)*p;
    }
    out[pos] = '\0';
    return out;
}

static const char *metavar(const opt_spec *s)
{
    if (s->metavar)
        return s->metavar;
    switch (s->kind) {
    case OPT_FLAG:
        return "";
    case OPT_COUNT:
    case OPT_SIZE:
        return "N";
    case OPT_REAL:
        return "X";
    case OPT_COUNT_LIST:
        return "N[,N...]";
    case OPT_NAME_LIST:
        return "A[,B...]";
    case OPT_LABEL:
        return "LABEL";
    case OPT_PATH:
        return "FILE";
    }
    return "";
}

/* The spec named by name[0..len) in the groups, and the group it belongs to. */
static const opt_spec *find(const opt_group *groups, size_t ngroups, const char *name, size_t len, size_t *group)
{
    for (size_t g = 0; g < ngroups; ++g)
        for (const opt_spec *s = groups[g].specs; s && s->name; ++s)
            if (strlen(s->name) == len && strncmp(s->name, name, len) == 0) {
                *group = g;
                return s;
            }
    return NULL;
}

#define LABEL_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"

static bool has_control(const char *s)
{
    for (; *s; ++s)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* A comma-separated list of names: no empty entry, none twice, name characters only. */
static bool name_list_ok(const char *s, const char **why)
{
    size_t len = strlen(s);
    if (!len || s[0] == ',' || s[len - 1] == ',' || strstr(s, ",,"))
        return *why = "an empty entry", false;
    if (strspn(s, LABEL_CHARS ",") != len)
        return *why = "a character that is not a letter, digit, '.', '_', '-' or ','", false;
    for (const char *a = s; *a;) {
        size_t alen = strcspn(a, ",");
        const char *next = a + alen + (a[alen] == ',');
        for (const char *b = next; *b;) {
            size_t blen = strcspn(b, ",");
            if (blen == alen && strncmp(a, b, alen) == 0)
                return *why = "an entry listed twice", false;
            b += blen + (b[blen] == ',');
        }
        a = next;
    }
    return true;
}

/* The value of one option into its place. */
static int set_value(const opt_spec *s, void *values, const char *text, char *err, size_t errlen)
{
    void *slot = (char *)values + s->offset;
    const char *why = NULL;
    uint64_t u = 0;
    double d;
    switch (s->kind) {
    case OPT_FLAG:
        *(bool *)slot = true;
        return PB_OK;
    case OPT_COUNT:
    case OPT_SIZE:
        if (s->auto_ok && strcmp(text, "auto") == 0) {
            *(uint64_t *)slot = OPT_AUTO;
            return PB_OK;
        }
        if (!(s->kind == OPT_SIZE ? parse_size(text, &u, &why) : parse_uint(text, 0, UINT64_MAX, &u, &why)))
            break;
        if (u < s->min || u > s->max) {
            why = u < s->min ? "too small" : "too large";
            break;
        }
        *(uint64_t *)slot = u;
        return PB_OK;
    case OPT_REAL:
        if (!parse_double(text, s->dmin, s->dmax, &d, &why))
            break;
        *(double *)slot = d;
        return PB_OK;
    case OPT_COUNT_LIST: {
        opt_counts *c = slot;
        if (!parse_uint_list(text, s->min, s->max, c->v, OPT_MAX_COUNTS, &c->n, &why))
            break;
        for (size_t i = 0; i < c->n; ++i)
            for (size_t j = 0; j < i; ++j)
                if (c->v[i] == c->v[j])
                    return fail(err, errlen, "--%s '%s': %llu is listed twice", s->name, opt_show(text),
                                (unsigned long long)c->v[i]);
        return PB_OK;
    }
    case OPT_NAME_LIST:
        if (!name_list_ok(text, &why))
            break;
        *(const char **)slot = text;
        return PB_OK;
    case OPT_LABEL:
        if (!*text || strlen(text) > s->max || strspn(text, LABEL_CHARS) != strlen(text) || text[0] == '.' ||
            text[0] == '-') {
            why = !*text ? "empty" : strlen(text) > s->max ? "too long" : "not a label";
            break;
        }
        *(const char **)slot = text;
        return PB_OK;
    case OPT_PATH:
        if (!*text || has_control(text)) {
            why = *text ? "holds a control character" : "empty";
            break;
        }
        *(const char **)slot = text;
        return PB_OK;
    }
    return fail(err, errlen, "--%s '%s': %s; expected %s", s->name, opt_show(text), why ? why : "not accepted",
                s->expect);
}

int opt_set(const opt_spec *specs, void *values, const char *name, const char *text, char *err, size_t errlen)
{
    for (const opt_spec *s = specs; s && s->name; ++s)
        if (strcmp(s->name, name) == 0)
            return set_value(s, values, text, err, errlen);
    return fail(err, errlen, "no option --%s", name);
}

static bool is_help(const char *arg) { return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0; }

/* Whether the token is an option ("--x"), not a value or positional argument. */
static bool is_option(const char *arg) { return strncmp(arg, "--", 2) == 0; }

const char *opt_first_positional(const opt_group *groups, size_t ngroups, int argc, char **argv, int first)
{
    for (int i = first; i < argc; ++i) {
        const char *arg = argv[i];
        if (arg[0] != '-')
            return arg;
        if (!is_option(arg) || strchr(arg, '='))
            continue;
        size_t g;
        const opt_spec *s = find(groups, ngroups, arg + 2, strlen(arg + 2), &g);
        if (s && s->kind != OPT_FLAG && i + 1 < argc && !is_option(argv[i + 1]))
            ++i; /* its value */
    }
    return NULL;
}

int opt_parse(const opt_command *cmd, const opt_group *groups, size_t ngroups, int argc, char **argv, int first,
              opt_parsed *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    for (int i = first; i < argc; ++i)
        if (is_help(argv[i])) {
            out->help = true;
            return PB_OK;
        }
    for (size_t g = 0; g < ngroups; ++g)
        for (const opt_spec *s = groups[g].specs; s && s->name && out->n < OPT_MAX_SLOTS; ++s) {
            out->spec[out->n] = s;
            out->values[out->n++] = groups[g].values;
        }
    for (int i = first; i < argc; ++i) {
        const char *arg = argv[i];
        if (!is_option(arg)) {
            if (arg[0] == '-')
                return fail(err, errlen, "unknown option '%s' for parbench %s (options start with --); see parbench "
                            "%s --help", opt_show(arg), cmd->name, cmd->name);
            if (cmd->max_positional == 0)
                return fail(err, errlen, "unexpected argument '%s': parbench %s takes no arguments; see parbench %s "
                            "--help", opt_show(arg), cmd->name, cmd->name);
            if (out->npositional == cmd->max_positional || out->npositional == OPT_MAX_POSITIONAL)
                return cmd->max_positional == 1
                           ? fail(err, errlen, "unexpected argument '%s': parbench %s takes one %s (got '%s' already)",
                                  opt_show(arg), cmd->name, cmd->positional, opt_show(out->positional[0]))
                           : fail(err, errlen, "unexpected argument '%s': parbench %s takes %s%zu %s", opt_show(arg),
                                  cmd->name, cmd->max_positional ? "at most " : "", cmd->max_positional,
                                  cmd->max_positional ? cmd->positional : "arguments");
            out->positional[out->npositional++] = arg;
            continue;
        }
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name), slot = 0;
        while (slot < out->n && !(strlen(out->spec[slot]->name) == len && strncmp(out->spec[slot]->name, name, len) == 0))
            ++slot;
        if (slot == out->n)
            return fail(err, errlen, "unknown option '%s' for parbench %s; see parbench %s --help",
                        opt_show(arg), cmd->name, cmd->name);
        const opt_spec *s = out->spec[slot];
        if (out->text[slot])
            return fail(err, errlen, "--%s is given more than once (which one was meant?)", s->name);
        const char *value = "";
        if (s->kind == OPT_FLAG) {
            if (eq)
                return fail(err, errlen, "--%s takes no value", s->name);
        } else if (eq) {
            value = eq + 1;
        } else if (i + 1 < argc && !is_option(argv[i + 1])) {
            value = argv[++i];
        } else {
            return fail(err, errlen, "--%s needs a value: %s", s->name, s->expect);
        }
        out->text[slot] = value;
        int st = set_value(s, out->values[slot], value, err, errlen);
        if (st != PB_OK)
            return st;
    }
    if (out->npositional < cmd->min_positional)
        return fail(err, errlen, "parbench %s needs %s%s; see parbench %s --help", cmd->name,
                    cmd->min_positional > 1 ? "at least two " : "", cmd->positional, cmd->name);
    return PB_OK;
}

bool opt_given(const opt_parsed *p, const char *name)
{
    for (size_t i = 0; i < p->n; ++i)
        if (strcmp(p->spec[i]->name, name) == 0)
            return p->text[i] != NULL;
    return false;
}

/* Whether the comma-separated list holds name. */
static bool list_has(const char *list, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = list; *p;) {
        size_t plen = strcspn(p, ",");
        if (plen == len && strncmp(p, name, len) == 0)
            return true;
        p += plen + (p[plen] == ',');
    }
    return false;
}

int opt_check_applies(const opt_parsed *p, const char *const *chosen, size_t nchosen, const char *chooser,
                      char *err, size_t errlen)
{
    for (size_t i = 0; i < p->n; ++i) {
        const opt_spec *s = p->spec[i];
        if (!p->text[i] || !s->applies)
            continue;
        bool applies = false;
        for (size_t c = 0; c < nchosen && !applies; ++c)
            applies = list_has(s->applies, chosen[c]);
        if (applies)
            continue;
        char names[256] = "", only[256] = "";
        for (size_t c = 0, pos = 0; c < nchosen && pos < sizeof names; ++c)
            pos += (size_t)snprintf(names + pos, sizeof names - pos, "%s%s", c ? "," : "", chosen[c]);
        /* "a", "a and b", "a, b and c" */
        size_t count = 1, pos = 0;
        for (const char *q = s->applies; *q; ++q)
            count += *q == ',';
        size_t k = 0;
        for (const char *q = s->applies; *q && pos < sizeof only; ++k) {
            size_t len = strcspn(q, ",");
            pos += (size_t)snprintf(only + pos, sizeof only - pos, "%s%.*s",
                                    k == 0 ? "" : k + 1 == count ? " and " : ", ", (int)len, q);
            q += len + (q[len] == ',');
        }
        return fail(err, errlen, "--%s applies to %s only, and %s chose %s: it would be ignored", s->name, only,
                    chooser, names);
    }
    return PB_OK;
}

static int format_value(const opt_spec *s, const void *values, char *buf, size_t len);

/* Whether a count or size holds 0 where 0 is not a value it accepts: the command's "not
 * given, I will choose", which must not read as a default of 0. */
static bool unset_sentinel(const opt_spec *s, const void *values)
{
    if (s->kind != OPT_COUNT && s->kind != OPT_SIZE)
        return false;
    return *(const uint64_t *)(const void *)((const char *)values + s->offset) == 0 && s->min > 0;
}

/* " [default 0.05]", " [default: the usable cores]", or nothing (flags, no value). */
static void print_default(const opt_spec *s, const void *values, FILE *out)
{
    if (s->computed) {
        fprintf(out, " [default: %s]", s->computed);
        return;
    }
    if (s->kind == OPT_FLAG || !values || unset_sentinel(s, values))
        return;
    char dflt[128] = "";
    format_value(s, values, dflt, sizeof dflt);
    if (dflt[0] && strcmp(dflt, "(none)") != 0)
        fprintf(out, " [default %s]", dflt);
}

void opt_print_help(const opt_command *cmd, const opt_group *groups, size_t ngroups, FILE *out)
{
    fprintf(out, "usage: %s\n%s\n", cmd->usage, cmd->summary);
    bool headed = false;
    for (size_t g = 0; g < ngroups; ++g) {
        if (!groups[g].specs || !groups[g].specs[0].name)
            continue;
        /* an untitled group after the first goes on under the heading before it: a bare
         * "options:" again would say nothing */
        if (groups[g].title || !headed)
            fprintf(out, "\n%s:\n", groups[g].title ? groups[g].title : "options");
        headed = true;
        for (const opt_spec *s = groups[g].specs; s->name; ++s) {
            char left[64];
            snprintf(left, sizeof left, "--%s%s%s", s->name, s->kind == OPT_FLAG ? "" : " ", metavar(s));
            fprintf(out, "  %-24s %s", left, s->help);
            if (s->applies)
                fprintf(out, " (%s only)", s->applies);
            print_default(s, groups[g].values, out);
            fputc('\n', out);
        }
    }
    if (cmd->epilog)
        fprintf(out, "\n%s", cmd->epilog);
}

/* One value as text, from its place (the default when it was not given). */
static int format_value(const opt_spec *s, const void *values, char *buf, size_t len)
{
    const void *slot = (const char *)values + s->offset;
    switch (s->kind) {
    case OPT_FLAG:
        return snprintf(buf, len, "%s", *(const bool *)slot ? "yes" : "no");
    case OPT_COUNT:
    case OPT_SIZE:
        if (s->auto_ok && *(const uint64_t *)slot == OPT_AUTO)
            return snprintf(buf, len, "auto");
        return snprintf(buf, len, "%llu", (unsigned long long)*(const uint64_t *)slot);
    case OPT_REAL: {
        /* the shortest text that reads back as the same double: 0.05, not 0.050000000000000003 */
        double d = *(const double *)slot;
        char num[40];
        for (int digits = 6; digits < 17; digits += 3) {
            snprintf(num, sizeof num, "%.*g", digits, d);
            if (strtod(num, NULL) == d)
                return snprintf(buf, len, "%s", num);
        }
        return snprintf(buf, len, "%.17g", d);
    }
    case OPT_COUNT_LIST: {
        const opt_counts *c = slot;
        int pos = 0;
        for (size_t i = 0; i < c->n && pos >= 0 && (size_t)pos < len; ++i)
            pos += snprintf(buf + pos, len - (size_t)pos, "%s%llu", i ? "," : "", (unsigned long long)c->v[i]);
        return pos;
    }
    case OPT_NAME_LIST:
    case OPT_LABEL:
    case OPT_PATH: {
        const char *text = *(const char *const *)slot;
        return snprintf(buf, len, "%s", text ? text : "(none)");
    }
    }
    return 0;
}

size_t opt_canonical(const opt_parsed *p, const opt_group *groups, size_t ngroups, char *buf, size_t len)
{
    size_t pos = 0;
    buf[0] = '\0';
    for (size_t g = 0; g < ngroups; ++g)
        for (const opt_spec *s = groups[g].specs; s && s->name && pos < len; ++s) {
            pos += (size_t)snprintf(buf + pos, len - pos, "--%s=", s->name);
            if (pos < len)
                pos += (size_t)format_value(s, groups[g].values, buf + pos, len - pos);
            if (pos < len)
                pos += (size_t)snprintf(buf + pos, len - pos, "\n");
        }
    for (size_t i = 0; i < p->npositional && pos < len; ++i)
        pos += (size_t)snprintf(buf + pos, len - pos, "%s\n", p->positional[i]);
    return pos < len ? pos : len - 1;
}
