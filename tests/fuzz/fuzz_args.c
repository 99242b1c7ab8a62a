/* libFuzzer target: the one option parser and the value grammar. The input is split at
 * NUL bytes into an argv for opt_parse against a table with every kind of option (a
 * stand-in for a command, so no command runs), and each piece also goes through
 * parse_size and parse_double. Any crash, hang or sanitizer report, an accepted value
 * outside its declared range, or a refusal without a one-line reason is a bug. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/options.h"
#include "base/parse.h"
#include "core/kernel.h"

typedef struct {
    bool flag;
    uint64_t count, size;
    double real;
    opt_counts list;
    const char *names, *label, *path;
} values;

#define V(field) offsetof(values, field)
static const opt_spec specs[] = {
    {.name = "flag", .kind = OPT_FLAG, .offset = V(flag), .help = "a flag"},
    {.name = "count", .kind = OPT_COUNT, .offset = V(count), .min = 1, .max = 4096, .expect = "1..4096", .help = "n"},
    {.name = "size", .kind = OPT_SIZE, .offset = V(size), .min = 1, .max = 1000000, .expect = "1..1e6", .help = "n"},
    {.name = "real", .kind = OPT_REAL, .offset = V(real), .dmin = 0.1, .dmax = 1000, .expect = "0.1..1000", .help = "x",
     .applies = "a,b"},
    {.name = "list", .kind = OPT_COUNT_LIST, .offset = V(list), .min = 1, .max = 64, .expect = "1..64", .help = "l"},
    {.name = "names", .kind = OPT_NAME_LIST, .offset = V(names), .expect = "names", .help = "n"},
    {.name = "label", .kind = OPT_LABEL, .offset = V(label), .max = 31, .expect = "a label", .help = "t"},
    {.name = "path", .kind = OPT_PATH, .offset = V(path), .expect = "a path", .help = "p"},
    {0},
};
static const opt_command cmd = {.name = "fuzz", .usage = "fuzz [options] ARG...", .summary = "fuzz",
                                .positional = "ARG", .min_positional = 0, .max_positional = 3};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *argv[66];
    int argc = 0;
    argv[argc++] = (char *)"fuzz";
    for (char *p = buf; p <= buf + size && argc < 65; p += strlen(p) + 1)
        argv[argc++] = p;
    argv[argc] = NULL;
    for (int i = 1; i < argc; ++i) {
        uint64_t v;
        double d;
        const char *why;
        if (parse_size(argv[i], &v, &why) && v > (uint64_t)INT64_MAX)
            abort(); /* the documented limit is 2^63 - 1 */
        if (parse_double(argv[i], 0, 1e300, &d, &why) && (strpbrk(argv[i], "xXnN") || d < 0))
            abort(); /* hex, inf, nan and signs are never numbers */
    }
    values v = {.size = 100, .count = 1, .real = 1};
    opt_group g = {specs, &v, NULL};
    opt_parsed p;
    char err[512] = "";
    if (opt_parse(&cmd, &g, 1, argc, argv, 1, &p, err, sizeof err) == PB_OK) {
        if (p.help)
            goto done;
        if (v.count < 1 || v.count > 4096 || v.size < 1 || v.size > 1000000 || !(v.real >= 0.1 && v.real <= 1000) ||
            v.list.n > OPT_MAX_COUNTS || p.npositional > 3)
            abort(); /* accepted a value outside its range */
        for (size_t i = 0; i < v.list.n; ++i)
            if (v.list.v[i] < 1 || v.list.v[i] > 64)
                abort();
        if (v.label && (v.label[0] == '-' || v.label[0] == '.' || strlen(v.label) > 31))
            abort();
        const char *chosen[] = {"a"};
        if (opt_check_applies(&p, chosen, 1, "x", err, sizeof err) != PB_OK)
            abort(); /* --real applies to a */
        char canon[4096];
        opt_canonical(&p, &g, 1, canon, sizeof canon);
    } else if (strlen(err) == 0 || strchr(err, '\n')) {
        abort(); /* every refusal says why, in one line */
    }
done:
    free(buf);
    return 0;
}
