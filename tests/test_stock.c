/* The shelf stock CSV as point-of-sale systems really export it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kerr.h"
#include "log.h"
#include "stock.h"

#include <string.h>

static struct stock_list parse_ok(const char *csv)
{
    struct stock_list l;

    if (stock_parse(csv, strlen(csv), "stock.csv", &l) != 0)
        fail_msg("refused: %s", kerr_msg());
    return l;
}

static int qty_of(const struct stock_list *l, const char *sku)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->rows[i].sku, sku) == 0)
            return l->rows[i].qty;
    }
    return -100;
}

static void test_plain_with_header(void **state)
{
    struct stock_list l = parse_ok("sku,quantity\nA-1,3\nB-2,0\n");

    (void)state;
    assert_int_equal(l.n, 2);
    assert_int_equal(qty_of(&l, "A-1"), 3);
    assert_int_equal(qty_of(&l, "B-2"), 0);
    stock_list_free(&l);
}

static void test_export_quirks(void **state)
{
    /* BOM, CRLF, semicolons, quoted fields, extra columns, decimals,
       negative (oversold) stock, blank lines, rows without SKU, and one
       SKU on two lines (two locations) adding up. */
    struct stock_list l = parse_ok(
        "\xEF\xBB\xBF" "Location;Qty;Description;SKU\r\n"
        "front;2,000;\"Frame; black\";LAF-1\r\n"
        "\r\n"
        "back;1;x;LAF-1\r\n"
        "front;-3;\"He said \"\"hi\"\"\";NEG\r\n"
        "front;4;;\r\n");

    (void)state;
    assert_int_equal(l.n, 2);
    assert_int_equal(qty_of(&l, "LAF-1"), 3);
    assert_int_equal(qty_of(&l, "NEG"), 0);
    stock_list_free(&l);
}

static void test_no_header(void **state)
{
    struct stock_list l = parse_ok("X1,5\nX2,7");

    (void)state;
    assert_int_equal(l.n, 2);
    assert_int_equal(qty_of(&l, "X2"), 7);
    stock_list_free(&l);
}

static void test_bad_lines_name_the_line(void **state)
{
    static const struct {
        const char *csv, *msg;
    } cases[] = {
        {"sku,qty\nA,1\nB,lots\n",
         "stock.csv:3: quantity: 'lots' is not a whole number"},
        {"sku,qty\nA\n", "stock.csv:2: expected sku,quantity, got 1 "
                         "column(s)"},
        {"sku,qty\n\"A,1\n", "stock.csv:2: quote never closed"},
        {"sku,qty\nA,1e9\n",
         "stock.csv:2: quantity: '1e9' is not a whole number"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct stock_list l;

        assert_int_equal(stock_parse(cases[i].csv, strlen(cases[i].csv),
                                     "stock.csv", &l),
                         KERR_PARSE);
        assert_string_equal(kerr_msg(), cases[i].msg);
        assert_null(l.rows);
    }
}

static void test_empty_and_binary(void **state)
{
    struct stock_list l;
    char junk[300];

    (void)state;
    l = parse_ok("");
    assert_int_equal(l.n, 0);
    stock_list_free(&l);

    for (size_t i = 0; i < sizeof(junk); i++)
        junk[i] = (char)(i * 37 + 1);
    assert_true(stock_parse(junk, sizeof(junk), "junk.csv", &l) < 0);
    assert_non_null(strstr(kerr_msg(), "junk.csv:"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_with_header),
        cmocka_unit_test(test_export_quirks),
        cmocka_unit_test(test_no_header),
        cmocka_unit_test(test_bad_lines_name_the_line),
        cmocka_unit_test(test_empty_and_binary),
    };

    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
