/* measure: size texts, tags and titles in; millimetres and fits out. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "measure.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *text;
    int measured;
    double lens, bridge, temple;
    const char *fit;  /* "" when none */
    const char *kept; /* size.text, NULL when none */
} text_cases[] = {
    {"52-18-145", 1, 52, 18, 145, "", NULL},
    {"52\xe2\x96\xa1" "18 145", 1, 52, 18, 145, "", NULL},
    {"52/18/145", 1, 52, 18, 145, "", NULL},
    {"52 18 145", 1, 52, 18, 145, "", NULL},
    {"52-18", 1, 52, 18, 0, "", NULL},
    {"52-18-145 mm", 1, 52, 18, 145, "", NULL},
    {"52mm 18mm 145mm", 1, 52, 18, 145, "", NULL},
    {"Size: 49 \xe2\x96\xa1 20 - 140", 1, 49, 20, 140, "", NULL},
    {"52[]18-145", 1, 52, 18, 145, "", NULL},
    {"50.5x19x140", 1, 50.5, 19, 140, "", NULL},
    {"49\xe2\x80\x93" "20\xe2\x80\x93" "145", 1, 49, 20, 145, "", NULL},
    {"54", 1, 54, 0, 0, "", NULL},
    {"Medium", 0, 0, 0, 0, "medium", NULL},
    {"S", 0, 0, 0, 0, "small", NULL},
    {"Petite", 0, 0, 0, 0, "petite", NULL},
    {"140-18-52", 0, 0, 0, 0, "", "140-18-52"}, /* not plausible */
    {"52-45-145", 0, 0, 0, 0, "", "52-45-145"},
    {"One size", 0, 0, 0, 0, "", "One size"},
    {"2", 0, 0, 0, 0, "", "2"},
};

static void test_text(void **state)
{
    for (size_t i = 0; i < sizeof(text_cases) / sizeof(*text_cases); i++) {
        struct product_size s;
        int rc;

        memset(&s, 0, sizeof(s));
        rc = measure_from_text(&s, text_cases[i].text);
        assert_int_equal(rc, text_cases[i].measured);
        assert_int_equal(s.measured, text_cases[i].measured);
        assert_true(s.lens_mm == text_cases[i].lens);
        assert_true(s.bridge_mm == text_cases[i].bridge);
        assert_true(s.temple_mm == text_cases[i].temple);
        assert_string_equal(s.fit, text_cases[i].fit);
        if (text_cases[i].kept)
            assert_string_equal(s.text, text_cases[i].text);
        else
            assert_null(s.text);
        free(s.text);
    }
}

static void test_text_fills_only_unknown(void **state)
{
    struct product_size s;

    memset(&s, 0, sizeof(s));
    s.lens_mm = 51;
    assert_int_equal(measure_from_text(&s, "52-18-145"), 1);
    assert_true(s.lens_mm == 51 && s.bridge_mm == 18 && s.temple_mm == 145);
    assert_int_equal(measure_from_text(&s, NULL), 0);
    assert_int_equal(measure_from_text(&s, "   "), 0);
    assert_null(s.text);
}

static void test_tags(void **state)
{
    struct product_size s;

    memset(&s, 0, sizeof(s));
    assert_int_equal(measure_from_tags(&s, "new, Lens-Width:52, BRIDGE_18,"
                                           " temple-length-145mm, "
                                           "frame_width: 138 mm, "
                                           "lens height=40, Wide"),
                     6);
    assert_true(s.lens_mm == 52 && s.bridge_mm == 18);
    assert_true(s.temple_mm == 145 && s.frame_width_mm == 138);
    assert_true(s.lens_height_mm == 40);
    assert_int_equal(s.measured, 1);
    assert_string_equal(s.fit, "wide");

    memset(&s, 0, sizeof(s));
    assert_int_equal(measure_from_tags(&s, "fit:small"), 1);
    assert_string_equal(s.fit, "small");
    memset(&s, 0, sizeof(s));
    assert_int_equal(measure_from_tags(&s, "Size: Wide"), 1);
    assert_string_equal(s.fit, "wide");
    memset(&s, 0, sizeof(s));
    assert_int_equal(measure_from_tags(&s, "size-large"), 1);
    assert_string_equal(s.fit, "large");
    memset(&s, 0, sizeof(s));
    assert_int_equal(measure_from_tags(&s, "52-18-145"), 3);
    memset(&s, 0, sizeof(s));
    assert_int_equal(measure_from_tags(&s, "2024, S, M, 50, sale-30, "
                                           "bridge:99, lens:5"),
                     0);
    assert_string_equal(s.fit, "");
    assert_int_equal(s.measured, 0);
    assert_int_equal(measure_from_tags(&s, NULL), 0);
}

static void test_title(void **state)
{
    static const struct {
        const char *title;
        int lens;
    } cases[] = {
        {"ORSON 49", 49},
        {"Model 52 Black", 52},
        {"Iris 50mm", 50},
        {"Lemtosh (46)", 46},
        {"RB3016 Clubmaster 51", 51},
        {"Collection 2024", 0},
        {"RB 3016", 0},
        {"Frame 5154-52", 0},
        {"Size 70", 0},
        {"Kids 38", 0},
        {"No number", 0},
        {"", 0},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
        assert_int_equal(measure_title_lens(cases[i].title), cases[i].lens);
    assert_int_equal(measure_title_lens(NULL), 0);
}

static void test_check(void **state)
{
    struct product_size s;

    memset(&s, 0, sizeof(s));
    s.lens_mm = 80;
    s.bridge_mm = 18;
    s.temple_mm = 300;
    s.frame_width_mm = 140;
    assert_int_equal(measure_check(&s), 2);
    assert_true(s.lens_mm == 0 && s.temple_mm == 0);
    assert_true(s.bridge_mm == 18 && s.frame_width_mm == 140);
    assert_int_equal(s.measured, 0);
    s.lens_mm = 52;
    assert_int_equal(measure_check(&s), 0);
    assert_int_equal(s.measured, 1);
    assert_string_equal(measure_fit_word("Extra-Large"), "large");
    assert_null(measure_fit_word("blue"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_text_fills_only_unknown),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_title),
        cmocka_unit_test(test_check),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
