/* numtext: prices and dates as shops write them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kerr.h"
#include "log.h"
#include "numtext.h"

static void test_prices(void **state)
{
    static const struct {
        const char *text;
        int decimals;
        int rc;
        int64_t want;
    } cases[] = {
        {"289", 2, 0, 28900},        {"289.00", 2, 0, 28900},
        {"289,5", 2, 0, 28950},      {"289,90", 2, 0, 28990},
        {"289.9", 2, 0, 28990},      {" 289.995 ", 2, 0, 29000},
        {"289.994", 2, 0, 28999},    {"1,289.90", 2, 0, 128990},
        {"1.289,90", 2, 0, 128990},  {"1 289,90", 2, 0, 128990},
        {"1,289", 2, 0, 128900},     {"1.234.567", 2, 0, 123456700},
        {"\xc2\xa0" "12\xe2\x80\xaf" "000,5", 2, 0, 1200050},
        {"0", 2, 0, 0},              {"-0", 2, 0, 0},
        {".5", 2, 0, 50},            {"1500", 0, 0, 1500},
        {"1500.5", 0, 0, 1501},      {"12.3456", 3, 0, 12346},
        {"", 2, 0, -1},              {"   ", 2, 0, -1},
        {"-10.00", 2, KERR_REFUSED, -1},
        {"abc", 2, KERR_PARSE, -1},  {"289 EUR", 2, KERR_PARSE, -1},
        {"1,2.3.4", 2, KERR_PARSE, -1}, {".", 2, KERR_PARSE, -1},
        {"99999999999999", 2, KERR_PARSE, -1},
    };
    int64_t v;

    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        int rc = numtext_price(cases[i].text, cases[i].decimals, &v);

        if (rc != cases[i].rc || (rc == 0 && v != cases[i].want))
            fail_msg("'%s': rc %d value %lld", cases[i].text, rc,
                     (long long)v);
    }
    assert_int_equal(numtext_decimals("JPY"), 0);
    assert_int_equal(numtext_decimals("kwd"), 3);
    assert_int_equal(numtext_decimals("EUR"), 2);
    assert_int_equal(numtext_decimals(NULL), 2);
}

static void test_time(void **state)
{
    int64_t t;

    assert_int_equal(numtext_time("1970-01-01", &t), 0);
    assert_int_equal(t, 0);
    assert_int_equal(numtext_time("2024-05-01T10:00:00Z", &t), 0);
    assert_int_equal(t, 1714557600);
    assert_int_equal(numtext_time("2024-05-01T12:00:00+02:00", &t), 0);
    assert_int_equal(t, 1714557600);
    assert_int_equal(numtext_time("2024-05-01 06:00:00.123-0400", &t), 0);
    assert_int_equal(t, 1714557600);
    assert_int_equal(numtext_time("2024-02-30x", &t), KERR_PARSE);
    assert_int_equal(numtext_time("yesterday", &t), KERR_PARSE);
    assert_int_equal(numtext_time(NULL, &t), KERR_PARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prices),
        cmocka_unit_test(test_time),
    };

    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
