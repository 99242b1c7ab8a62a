/* The option-value parsers: every accepted form and every rejected one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/parse.h"

static void sizes_accepted(void **state)
{
    (void)state;
    static const struct { const char *text; uint64_t value; } ok[] = {
        {"100000000", 100000000ull}, {"1e8", 100000000ull},   {"10^8", 100000000ull},
        {"2^27", 134217728ull},      {"1.5e9", 1500000000ull}, {"1E3", 1000ull},
        {"0", 0},                    {"1", 1},                 {"2^0", 1},
        {"0e5", 0},                  {"1.50e3", 1500ull},      {"9223372036854775807", 9223372036854775807ull},
        {"2^62", 1ull << 62},        {"1e18", 1000000000000000000ull}, {"007", 7},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; ++i) {
        uint64_t v = 12345;
        const char *why = NULL;
        if (!parse_size(ok[i].text, &v, &why))
            fail_msg("'%s' rejected: %s", ok[i].text, why);
        if (v != ok[i].value)
            fail_msg("'%s' -> %llu", ok[i].text, (unsigned long long)v);
    }
}

static void sizes_rejected(void **state)
{
    (void)state;
    static const char *bad[] = {"", "-1", "+5", " 5", "5 ", "10x", "1e", "1e-3", "1.5", "1.55e1", "2^", "^3",
                                "2^64", "2^63", "1e19", "99999999999999999999", "1e400", "abc", "0x10", "1,000",
                                "1.e5x", "inf", "nan", "2^1001", "1e1000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        uint64_t v = 7;
        const char *why = NULL;
        if (parse_size(bad[i], &v, &why))
            fail_msg("'%s' accepted as %llu", bad[i], (unsigned long long)v);
        assert_non_null(why);
        assert_true(v == 7); /* untouched on failure */
    }
}

static void uints(void **state)
{
    (void)state;
    uint64_t v;
    const char *why;
    assert_true(parse_uint("4096", 1, 4096, &v, &why) && v == 4096);
    assert_true(parse_uint("18446744073709551615", 0, UINT64_MAX, &v, &why) && v == UINT64_MAX);
    assert_false(parse_uint("18446744073709551616", 0, UINT64_MAX, &v, &why));
    assert_string_equal(why, "too large");
    assert_false(parse_uint("0", 1, 4096, &v, &why));
    assert_string_equal(why, "too small");
    assert_false(parse_uint("4097", 1, 4096, &v, &why));
    assert_false(parse_uint("-1", 0, 10, &v, &why));
    assert_false(parse_uint("1e3", 0, 10000, &v, &why));
    assert_false(parse_uint("", 0, 10, &v, &why));
    assert_false(parse_uint("3 ", 0, 10, &v, &why));
}

static void lists(void **state)
{
    (void)state;
    uint64_t out[4];
    size_t n;
    const char *why;
    assert_true(parse_uint_list("1,2,4", 1, 4096, out, 4, &n, &why));
    assert_int_equal(n, 3);
    assert_true(out[0] == 1 && out[1] == 2 && out[2] == 4);
    assert_false(parse_uint_list("1,,2", 1, 4096, out, 4, &n, &why));
    assert_false(parse_uint_list("1,2,", 1, 4096, out, 4, &n, &why));
    assert_false(parse_uint_list("", 1, 4096, out, 4, &n, &why));
    assert_false(parse_uint_list("1,0", 1, 4096, out, 4, &n, &why));
    assert_false(parse_uint_list("1,2,3,4,5", 1, 4096, out, 4, &n, &why));
    assert_string_equal(why, "too many entries");
}

static void doubles(void **state)
{
    (void)state;
    double d;
    const char *why;
    assert_true(parse_double("10", 0, 1e6, &d, &why) && d == 10.0);
    assert_true(parse_double("0.5", 0, 1e6, &d, &why) && d == 0.5);
    assert_true(parse_double("2e-3", 0, 1e6, &d, &why) && d == 2e-3);
    assert_false(parse_double("-1", 0, 1e6, &d, &why));
    assert_false(parse_double("1e400", 0, 1e6, &d, &why));
    assert_false(parse_double("nan", 0, 1e6, &d, &why));
    assert_false(parse_double("3ms", 0, 1e6, &d, &why));
    assert_false(parse_double("2e7", 0, 1e6, &d, &why));
}

static void size_formatting(void **state)
{
    (void)state;
    char buf[32];
    format_size(100000000ull, buf, sizeof buf);
    assert_string_equal(buf, "1e8");
    format_size(1500000000ull, buf, sizeof buf);
    assert_string_equal(buf, "1.5e9");
    format_size(5000, buf, sizeof buf);
    assert_string_equal(buf, "5000");
    format_size(25000, buf, sizeof buf);
    assert_string_equal(buf, "2.5e4");
    format_size(50000, buf, sizeof buf);
    assert_string_equal(buf, "5e4");
    format_size(2048, buf, sizeof buf);
    assert_string_equal(buf, "2048");
    format_size(0, buf, sizeof buf);
    assert_string_equal(buf, "0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sizes_accepted), cmocka_unit_test(sizes_rejected), cmocka_unit_test(uints),
        cmocka_unit_test(lists),          cmocka_unit_test(doubles),        cmocka_unit_test(size_formatting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
