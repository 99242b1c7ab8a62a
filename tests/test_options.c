/* The one option parser (base/options.c), on a small table of its own: `--opt value` and
 * `--opt=value` store the same value, and an unknown option, a repeated one, a missing
 * value and a value that looks like an option are each refused with one line naming
 * it, leaving the defaults where the parse stopped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/options.h"
#include "core/kernel.h"

typedef struct {
    uint64_t reps, size;
    double latency;
    const char *csv, *tag, *variant;
    bool quiet;
    opt_counts threads;
} values;

static const opt_spec specs[] = {
    {.name = "reps", .kind = OPT_COUNT, .offset = offsetof(values, reps), .min = 1, .max = 1000,
     .expect = "a count from 1 to 1000", .help = "repetitions"},
    {.name = "size", .kind = OPT_SIZE, .offset = offsetof(values, size), .min = 1, .max = UINT64_MAX / 2,
     .expect = "a size", .help = "problem size", .auto_ok = true},
    {.name = "latency", .kind = OPT_REAL, .offset = offsetof(values, latency), .dmin = 0, .dmax = 100,
     .expect = "a number from 0 to 100", .help = "latency"},
    {.name = "csv", .kind = OPT_PATH, .offset = offsetof(values, csv), .expect = "a file", .help = "CSV"},
    {.name = "tag", .kind = OPT_LABEL, .offset = offsetof(values, tag), .max = 64, .expect = "a label", .help = "tag"},
    {.name = "variant", .kind = OPT_NAME_LIST, .offset = offsetof(values, variant), .expect = "variants",
     .help = "variants"},
    {.name = "threads", .kind = OPT_COUNT_LIST, .offset = offsetof(values, threads), .min = 1, .max = 64,
     .expect = "thread counts", .help = "threads"},
    {.name = "quiet", .kind = OPT_FLAG, .offset = offsetof(values, quiet), .help = "quiet"},
    {0},
};

static const opt_command cmd = {.name = "test", .usage = "parbench test [options] [FILE]", .summary = "a test",
                                .positional = "FILE", .min_positional = 0, .max_positional = 1};

static values v;
static opt_parsed parsed;
static char err[256];

/* parse(argv...): opt_parse of the words after "parbench test", into fresh defaults */
#define parse(...) parse_words((const char *[]){"parbench", "test", __VA_ARGS__, NULL})
static int parse_words(const char **words)
{
    int argc = 0;
    while (words[argc])
        ++argc;
    v = (values){.reps = 5, .size = 100, .latency = 1.5, .csv = NULL, .tag = NULL, .variant = "serial"};
    err[0] = '\0';
    opt_group groups[] = {{.specs = specs, .values = &v}};
    return opt_parse(&cmd, groups, 1, argc, (char **)words, 2, &parsed, err, sizeof err);
}

static void both_spellings_store_the_same(void **state)
{
    (void)state;
    /* each option in both spellings: the value lands in its field, the others keep their defaults */
    assert_int_equal(parse("--reps", "7"), PB_OK);
    assert_int_equal(v.reps, 7);
    assert_int_equal(v.size, 100);
    assert_true(opt_given(&parsed, "reps") && !opt_given(&parsed, "size"));
    assert_int_equal(parse("--reps=7"), PB_OK);
    assert_int_equal(v.reps, 7);
    assert_int_equal(parse("--size", "2^10"), PB_OK);
    assert_int_equal(v.size, 1024);
    assert_int_equal(parse("--size=1e3"), PB_OK);
    assert_int_equal(v.size, 1000);
    assert_int_equal(parse("--size=auto"), PB_OK);
    assert_true(v.size == OPT_AUTO);
    assert_int_equal(parse("--latency", "2.25"), PB_OK);
    assert_true(v.latency == 2.25);
    assert_int_equal(parse("--latency=2.25"), PB_OK);
    assert_true(v.latency == 2.25);
    assert_int_equal(parse("--csv", "out.csv"), PB_OK);
    assert_string_equal(v.csv, "out.csv");
    assert_int_equal(parse("--csv=a=b.csv"), PB_OK); /* only the first '=' splits */
    assert_string_equal(v.csv, "a=b.csv");
    assert_int_equal(parse("--tag=x1"), PB_OK);
    assert_string_equal(v.tag, "x1");
    assert_int_equal(parse("--variant", "serial,omp"), PB_OK);
    assert_string_equal(v.variant, "serial,omp");
    assert_int_equal(parse("--threads=1,2,4"), PB_OK);
    assert_int_equal(v.threads.n, 3);
    assert_int_equal(v.threads.v[2], 4);
    assert_int_equal(parse("--quiet"), PB_OK);
    assert_true(v.quiet);
    /* options around a positional argument, in any order */
    assert_int_equal(parse("--reps", "3", "file.csv", "--tag=t", "--quiet"), PB_OK);
    assert_int_equal(parsed.npositional, 1);
    assert_string_equal(parsed.positional[0], "file.csv");
    assert_true(v.reps == 3 && strcmp(v.tag, "t") == 0 && v.quiet);
    /* --opt= gives the empty value, which the option's grammar then judges */
    assert_int_equal(parse("--tag="), PB_BAD_INPUT);
    assert_string_equal(err, "--tag '': empty; expected a label");
}

static void unknown_option(void **state)
{
    (void)state;
    assert_int_equal(parse("--nosuch", "3"), PB_BAD_INPUT);
    assert_string_equal(err, "unknown option '--nosuch' for parbench test; see parbench test --help");
    assert_int_equal(parse("--nosuch=3"), PB_BAD_INPUT);
    assert_string_equal(err, "unknown option '--nosuch=3' for parbench test; see parbench test --help");
    /* a prefix of a known option is not that option */
    assert_int_equal(parse("--rep", "3"), PB_BAD_INPUT);
    assert_non_null(strstr(err, "unknown option '--rep'"));
    assert_int_equal(parse("-r"), PB_BAD_INPUT);
    assert_non_null(strstr(err, "unknown option '-r' for parbench test (options start with --)"));
    assert_int_equal(v.reps, 5);
}

static void repeated_option(void **state)
{
    (void)state;
    static const char *const msg = "--reps is given more than once (which one was meant?)";
    assert_int_equal(parse("--reps", "3", "--reps", "4"), PB_BAD_INPUT);
    assert_string_equal(err, msg);
    assert_int_equal(parse("--reps=3", "--reps", "4"), PB_BAD_INPUT); /* the two spellings count as one option */
    assert_string_equal(err, msg);
    assert_int_equal(parse("--reps", "3", "--reps=3"), PB_BAD_INPUT); /* even with the same value */
    assert_string_equal(err, msg);
    assert_int_equal(parse("--quiet", "--quiet"), PB_BAD_INPUT);
    assert_string_equal(err, "--quiet is given more than once (which one was meant?)");
}

static void missing_value(void **state)
{
    (void)state;
    assert_int_equal(parse("--reps"), PB_BAD_INPUT); /* at the end */
    assert_string_equal(err, "--reps needs a value: a count from 1 to 1000");
    assert_int_equal(parse("--csv", "--quiet"), PB_BAD_INPUT); /* followed by an option */
    assert_string_equal(err, "--csv needs a value: a file");
    assert_int_equal(parse("--quiet=yes"), PB_BAD_INPUT); /* a flag takes none */
    assert_string_equal(err, "--quiet takes no value");
    assert_true(v.csv == NULL && !v.quiet);
}

static void value_that_looks_like_an_option(void **state)
{
    (void)state;
    /* "--x" after an option is the next option, never its value: here an unknown one */
    assert_int_equal(parse("--csv", "--out.csv"), PB_BAD_INPUT);
    assert_string_equal(err, "--csv needs a value: a file");
    /* a value starting with a single '-' is taken as the value (not as the unknown
     * option "-5"), and then judged by the option's grammar, which has no signs */
    assert_int_equal(parse("--latency", "-5"), PB_BAD_INPUT);
    assert_non_null(strstr(err, "--latency '-5': "));
    assert_int_equal(parse("--csv", "-"), PB_OK);
    assert_string_equal(v.csv, "-");
    assert_int_equal(parse("--reps", "-3"), PB_BAD_INPUT);
    assert_non_null(strstr(err, "--reps '-3': "));
    assert_int_equal(parse("--tag", "-x"), PB_BAD_INPUT);
    assert_string_equal(err, "--tag '-x': not a label; expected a label");
    /* with '=' the value is whatever follows, "--..." included */
    assert_int_equal(parse("--csv=--out.csv"), PB_OK);
    assert_string_equal(v.csv, "--out.csv");
}

static void help_and_positionals(void **state)
{
    (void)state;
    /* --help wins over anything wrong elsewhere: nothing else is checked */
    assert_int_equal(parse("--nosuch", "--help"), PB_OK);
    assert_true(parsed.help);
    assert_int_equal(parse("a.csv", "b.csv"), PB_BAD_INPUT);
    assert_string_equal(err, "unexpected argument 'b.csv': parbench test takes one FILE (got 'a.csv' already)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(both_spellings_store_the_same), cmocka_unit_test(unknown_option),
        cmocka_unit_test(repeated_option),               cmocka_unit_test(missing_value),
        cmocka_unit_test(value_that_looks_like_an_option), cmocka_unit_test(help_and_positionals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
