/* Config: defaults, the example file, and every way a file can be wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"
#include "kerr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp_path[64];

static const char *write_ini(const char *text)
{
    FILE *f;

    snprintf(tmp_path, sizeof(tmp_path), "/tmp/kiosk-cfg-%d.ini",
             (int)getpid());
    f = fopen(tmp_path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return tmp_path;
}

static void test_defaults_are_the_demo(void **state)
{
    struct config c;

    (void)state;
    config_defaults(&c);
    assert_string_equal(c.platform, "demo");
    assert_string_equal(c.currency, "EUR");
    assert_int_equal(c.lead_days, 14);
    assert_int_equal(c.thumb_px[0], 320);
    assert_true(c.data_dir[0] == '/');
}

/* The example documents every key, with the built-in default. */
static void test_example_matches_defaults(void **state)
{
    struct config def, ex;
    char *text = NULL, name[64], *key;
    size_t cap = 0;
    FILE *f;

    (void)state;
    config_defaults(&def);
    ex = def;
    assert_int_equal(config_load_file(&ex, SOURCE_DIR
                                      "/config/kiosk.example.ini"), 0);
    memcpy(ex.path, def.path, sizeof(ex.path));
    memcpy(ex.data_dir, def.data_dir, sizeof(ex.data_dir));
    assert_memory_equal(&ex, &def, sizeof(def));

    f = fopen(SOURCE_DIR "/config/kiosk.example.ini", "r");
    assert_non_null(f);
    assert_true(getdelim(&text, &cap, '\0', f) > 0);
    fclose(f);
    for (size_t i = 0; config_key_name(i, name, sizeof(name)); i++) {
        char line[80];

        key = strchr(name, '.') + 1;
        snprintf(line, sizeof(line), "\n%s =", key);
        if (!strstr(text, line))
            fail_msg("example file does not document %s", name);
    }
    free(text);
}

struct bad_case {
    const char *text;
    const char *message; /* after "PATH:" */
};

static void test_bad_files_are_refused_with_line(void **state)
{
    static const struct bad_case cases[] = {
        {"[shop]\nplatform = magento\n",
         "2: platform: 'magento' is not shopify, woocommerce, feed or demo"},
        {"[shop]\n\nlead_days = soon\n",
         "3: lead_days: 'soon' is not a whole number from 0 to 365"},
        {"[shop]\nlead_days = 9999\n",
         "2: lead_days: '9999' is not a whole number from 0 to 365"},
        {"[shop]\ncolour = red\n", "2: colour: unknown key in [shop]"},
        {"[shopp]\n", "1: [shopp]: unknown section"},
        {"platform = shopify\n", "1: platform: key before any [section]"},
        {"[shop]\njust words\n", "2: line: expected key = value"},
        {"[shop\n", "1: section: '[shop' is not [name]"},
        {"[shop]\ncurrency = EURO\n",
         "2: currency: 'EURO' is not a 3-letter currency code"},
        {"[images]\nthumb_px = 8\n",
         "2: thumb_px: '8' is not 1 to 3 pixel sizes from 16 to 4096"},
        {"[kiosk]\nlog_level = loud\n",
         "2: log_level: 'loud' is not debug, info, warn or error"},
        {"[kiosk]\naccent = teal\n",
         "2: accent: 'teal' is not a colour like #1d5c63"},
        {"[screen]\nrotate = 45\n",
         "2: rotate: '45' is not 0, 90, 180 or 270"},
        {"[screen]\ndiagonal_in = 3\n",
         "2: diagonal_in: '3' is not 0 or a size from 7 to 120"},
        {"[kiosk]\nlanguage = de\n", "2: language: 'de' is not en or fr"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct config c, before;
        char want[300];
        const char *path = write_ini(cases[i].text);

        config_defaults(&c);
        before = c;
        assert_int_equal(config_load_file(&c, path), KERR_PARSE);
        snprintf(want, sizeof(want), "%s:%s", path, cases[i].message);
        assert_string_equal(kerr_msg(), want);
        assert_memory_equal(&c, &before, sizeof(c)); /* untouched */
    }
}

static void test_values_comments_and_quotes(void **state)
{
    struct config c;
    const char *path = write_ini(
        "; a comment\n# another\n"
        "[Shop]\r\n"
        "Platform = Shopify   ; inline comment\n"
        "url = https://shop.example/#frames\n"
        "currency = chf\n"
        "stock = \"/srv/pos/stock; today.csv\"\n"
        "[images]\nthumb_px = 200,400, 800\n"
        "  # an indented comment\n"
        "[kiosk]\naccent = #A0b1C2 ; the shop's teal\nlanguage = fr\n"
        "[screen]\nrotate = 270\ndiagonal_in = 43.5\n");

    (void)state;
    config_defaults(&c);
    assert_int_equal(config_load_file(&c, path), 0);
    assert_string_equal(c.platform, "shopify");
    assert_string_equal(c.url, "https://shop.example/#frames");
    assert_string_equal(c.currency, "CHF");
    assert_string_equal(c.stock, "/srv/pos/stock; today.csv");
    assert_int_equal(c.thumb_px[2], 800);
    assert_int_equal(c.thumb_px[3], 0);
    assert_string_equal(c.accent, "#A0b1C2");
    assert_string_equal(c.language, "fr");
    assert_int_equal(c.rotate, 270);
    assert_true(c.diagonal_in > 43.4 && c.diagonal_in < 43.6);
    assert_string_equal(c.path, path);
}

static void test_load_order_and_checks(void **state)
{
    struct config c;
    const char *path;

    (void)state;
    assert_int_equal(config_load(&c, "/nonexistent/kiosk.ini"),
                     KERR_NOTFOUND);
    assert_non_null(strstr(kerr_msg(), "/nonexistent/kiosk.ini"));

    path = write_ini("[shop]\nplatform = woocommerce\n");
    assert_int_equal(config_load(&c, path), KERR_INVAL);
    assert_non_null(strstr(kerr_msg(), "needs a url"));

    path = write_ini("[shop]\nplatform = feed\nurl = /srv/feed.json\n"
                     "key = ck_123\n");
    assert_int_equal(config_load(&c, path), KERR_INVAL);
    assert_non_null(strstr(kerr_msg(), "key and secret go together"));
    assert_null(strstr(kerr_msg(), "ck_123")); /* secrets stay out */

    path = write_ini("[shop]\nplatform = feed\nurl = /srv/feed.json\n");
    setenv("KIOSK_CONFIG", path, 1);
    assert_int_equal(config_load(&c, NULL), 0);
    assert_string_equal(c.platform, "feed");
    unsetenv("KIOSK_CONFIG");
    unlink(path);
}

static void test_overlong_line(void **state)
{
    struct config c;
    char *text = malloc(5000);

    (void)state;
    memset(text, 'a', 4999);
    memcpy(text, "[shop]\nurl = ", 13);
    text[4998] = '\n';
    text[4999] = '\0';
    config_defaults(&c);
    assert_int_equal(config_load_file(&c, write_ini(text)), KERR_PARSE);
    assert_non_null(strstr(kerr_msg(), ":2: line: longer than"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_the_demo),
        cmocka_unit_test(test_example_matches_defaults),
        cmocka_unit_test(test_bad_files_are_refused_with_line),
        cmocka_unit_test(test_values_comments_and_quotes),
        cmocka_unit_test(test_load_order_and_checks),
        cmocka_unit_test(test_overlong_line),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
