/* infer: text cleaning, prices, dates and product guesses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "infer.h"
#include "kerr.h"
#include "log.h"

#include <stdlib.h>
#include <string.h>

static void expect_html(const char *html, int one_line, const char *want)
{
    char *got = infer_html_text(html, strlen(html), 4096, one_line);

    assert_non_null(got);
    assert_string_equal(got, want);
    assert_true(infer_utf8_valid(got, strlen(got)));
    free(got);
}

static void test_html(void **state)
{
    expect_html("<p>Caf&eacute; &amp; cr&#232;me</p>", 1,
                "Caf\xc3\xa9 & cr\xc3\xa8me");
    expect_html("Caf&amp;eacute; &amp;amp; th&amp;#233;", 1,
                "Caf\xc3\xa9 & th\xc3\xa9");
    expect_html("&lt;p&gt;Double &lt;b&gt;escaped&lt;/b&gt;&lt;/p&gt;", 1,
                "Double escaped");
    expect_html("<p>One</p>\n\n<p>Two<br/>Three</p>", 0,
                "One\nTwo\nThree");
    expect_html("<p>One</p><p>Two</p>", 1, "One Two");
    expect_html("a<script>alert('<p>x</p>')</script>b<style>p{}</style>c"
                "<!-- <p>hidden</p> -->d",
                1, "abcd");
    expect_html("  lots \t of\xc2\xa0 space&nbsp;&nbsp;here  ", 1,
                "lots of space here");
    expect_html("size < 50 & > 40, &unknown; &#0; &#x1F60A; &#150;", 1,
                "size < 50 & > 40, &unknown; \xef\xbf\xbd "
                "\xf0\x9f\x98\x8a \xe2\x80\x93");
    expect_html("<a href=\"x>y\">link</a> text", 1, "link text");
    expect_html("bad \xff\xfe bytes \xc3", 1,
                "bad \xef\xbf\xbd\xef\xbf\xbd bytes \xef\xbf\xbd");
    expect_html("<p>truncated <b", 1, "truncated");
    expect_html("", 1, "");
}

static void test_html_cap(void **state)
{
    char *big = malloc(1 << 20), *got;

    for (size_t i = 0; i < (1 << 20); i += 2)
        memcpy(big + i, "\xc3\xa9", 2);
    got = infer_html_text(big, 1 << 20, 511, 1);
    assert_non_null(got);
    assert_int_equal(strlen(got), 510); /* never half an "é" */
    assert_true(infer_utf8_valid(got, strlen(got)));
    free(got);
    free(big);
}

static void test_utf8(void **state)
{
    char *s;

    assert_true(infer_utf8_valid("ok \xc3\xa9 \xe2\x96\xa1", 9));
    assert_false(infer_utf8_valid("\xc0\xaf", 2));         /* overlong */
    assert_false(infer_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    assert_false(infer_utf8_valid("\xf4\x90\x80\x80", 4)); /* > 10FFFF */
    assert_false(infer_utf8_valid("\xe2\x96", 2));         /* cut */

    s = infer_utf8_clean("a\0b\x01\tc\xff", 7, 100);
    assert_string_equal(s, "a b \tc\xef\xbf\xbd");
    free(s);
    s = infer_utf8_clean("ab\xc3\xa9", 4, 3);
    assert_string_equal(s, "ab");
    free(s);
    assert_int_equal(infer_utf8_cut("a\xe2\x96\xa1", 4, 2), 1);
}

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
        int rc = infer_price(cases[i].text, cases[i].decimals, &v);

        if (rc != cases[i].rc || (rc == 0 && v != cases[i].want))
            fail_msg("'%s': rc %d value %lld", cases[i].text, rc,
                     (long long)v);
    }
    assert_int_equal(infer_currency_decimals("JPY"), 0);
    assert_int_equal(infer_currency_decimals("kwd"), 3);
    assert_int_equal(infer_currency_decimals("EUR"), 2);
    assert_int_equal(infer_currency_decimals(NULL), 2);
}

static void test_time(void **state)
{
    int64_t t;

    assert_int_equal(infer_time("1970-01-01", &t), 0);
    assert_int_equal(t, 0);
    assert_int_equal(infer_time("2024-05-01T10:00:00Z", &t), 0);
    assert_int_equal(t, 1714557600);
    assert_int_equal(infer_time("2024-05-01T12:00:00+02:00", &t), 0);
    assert_int_equal(t, 1714557600);
    assert_int_equal(infer_time("2024-05-01 06:00:00.123-0400", &t), 0);
    assert_int_equal(t, 1714557600);
    assert_int_equal(infer_time("2024-02-30x", &t), KERR_PARSE);
    assert_int_equal(infer_time("yesterday", &t), KERR_PARSE);
    assert_int_equal(infer_time(NULL, &t), KERR_PARSE);
}

static void test_join_and_options(void **state)
{
    char *list = NULL;

    assert_int_equal(infer_join(&list, "Black", 100), 0);
    assert_int_equal(infer_join(&list, "black", 100), 0);
    assert_int_equal(infer_join(&list, "", 100), 0);
    assert_int_equal(infer_join(&list, "Havana", 100), 0);
    assert_int_equal(infer_join(&list, "Much too long to fit", 16), 0);
    assert_string_equal(list, "Black, Havana");
    free(list);

    assert_int_equal(infer_option_kind("Frame Colour"), INFER_OPT_COLOUR);
    assert_int_equal(infer_option_kind("COULEUR"), INFER_OPT_COLOUR);
    assert_int_equal(infer_option_kind("pa_color"), INFER_OPT_COLOUR);
    assert_int_equal(infer_option_kind("Farbe"), INFER_OPT_COLOUR);
    assert_int_equal(infer_option_kind("size"), INFER_OPT_SIZE);
    assert_int_equal(infer_option_kind("Taille"), INFER_OPT_SIZE);
    assert_int_equal(infer_option_kind("Gr\xc3\xb6\xc3\x9f" "e"),
                     INFER_OPT_SIZE);
    assert_int_equal(infer_option_kind("Lens Width"), INFER_OPT_SIZE);
    assert_int_equal(infer_option_kind("Marque"), INFER_OPT_BRAND);
    assert_int_equal(infer_option_kind("Title"), INFER_OPT_OTHER);

    assert_true(infer_is_tryon("https://x/a/iris-front.png?v=1", NULL));
    assert_true(infer_is_tryon("https://x/a/IMG_1.PNG", "Try-on view"));
    assert_false(infer_is_tryon("https://x/a/iris-front.jpg", NULL));
    assert_false(infer_is_tryon("https://x/front/iris.png", NULL));
    assert_false(infer_is_tryon(NULL, "tryon"));
}

/* One product guess: title, brand, type, tags in; fields out. */
struct guess {
    const char *title, *brand, *type, *tags, *options;
    enum product_category category;
    const char *shape, *material, *rim, *gender, *model;
};

static const struct guess guesses[] = {
    {"Ray-Ban Aviator Classic", "Ray-Ban", "Sunglasses", "metal", NULL,
     PRODUCT_SUN, "aviator", "metal", NULL, NULL, "Aviator Classic"},
    {"Lunettes de soleil Papillon", NULL, NULL, "Femme, Acétate", NULL,
     PRODUCT_SUN, "butterfly", "acetate", NULL, "women",
     "Lunettes de soleil Papillon"},
    {"Gift Card", NULL, NULL, NULL, NULL, PRODUCT_HIDDEN, NULL, NULL, NULL,
     NULL, "Gift Card"},
    {"Carte cadeau 100 €", NULL, "", "", NULL, PRODUCT_HIDDEN, NULL, NULL,
     NULL, NULL, "Carte cadeau 100 €"},
    {"Frais de livraison express", NULL, NULL, NULL, NULL, PRODUCT_HIDDEN,
     NULL, NULL, NULL, NULL, NULL},
    {"Extended warranty 2 years", NULL, NULL, NULL, NULL, PRODUCT_HIDDEN,
     NULL, NULL, NULL, NULL, NULL},
    {"Lens insurance", NULL, NULL, NULL, NULL, PRODUCT_HIDDEN, NULL, NULL,
     NULL, NULL, NULL},
    {"Deposit for special order", NULL, NULL, NULL, NULL, PRODUCT_HIDDEN,
     NULL, NULL, NULL, NULL, NULL},
    {"Hard case", NULL, NULL, NULL, NULL, PRODUCT_ACCESSORY, NULL, NULL,
     NULL, NULL, NULL},
    {"Étui souple", NULL, NULL, NULL, NULL, PRODUCT_ACCESSORY, NULL, NULL,
     NULL, NULL, NULL},
    {"Microfibre cloth", NULL, NULL, NULL, NULL, PRODUCT_ACCESSORY, NULL,
     NULL, NULL, NULL, NULL},
    {"Spray nettoyant 30 ml", NULL, NULL, NULL, NULL, PRODUCT_ACCESSORY,
     NULL, NULL, NULL, NULL, NULL},
    {"Chaîne de lunettes perles", NULL, NULL, NULL, NULL,
     PRODUCT_ACCESSORY, NULL, NULL, NULL, NULL, NULL},
    {"Acuvue Oasys", NULL, "Contact lenses", NULL, NULL,
     PRODUCT_ACCESSORY, NULL, NULL, NULL, NULL, NULL},
    {"Lens solution 360 ml", NULL, NULL, NULL, NULL, PRODUCT_ACCESSORY,
     NULL, NULL, NULL, NULL, NULL},
    {"Lemtosh", "Moscot", "Eyeglasses", "free shipping, warranty, Panto",
     NULL, PRODUCT_OPTICAL, "panto", NULL, NULL, NULL, "Lemtosh"},
    {"Moscot - Miltzen", "moscot", NULL, "Unisexe", NULL, PRODUCT_OPTICAL,
     NULL, NULL, NULL, "unisex", "Miltzen"},
    {"Titan Minimal", NULL, "Lunettes de vue", "Percé, Homme", NULL,
     PRODUCT_OPTICAL, NULL, "titanium", "rimless", "men", NULL},
    {"Browline Club", NULL, NULL, "half-rim, women, men", NULL,
     PRODUCT_OPTICAL, "browline", NULL, "semi", "unisex", NULL},
    {"Wayfarer Kids", NULL, NULL, "Enfant", NULL, PRODUCT_OPTICAL,
     "d-frame", NULL, NULL, "kids", NULL},
    {"Iron Man Special", NULL, NULL, "Acetate, Titanium", NULL,
     PRODUCT_OPTICAL, NULL, "mixed", NULL, NULL, NULL},
    {"Hexagonal", NULL, NULL, NULL, "Matière: Acier inoxydable",
     PRODUCT_OPTICAL, "geometric", "stainless steel", NULL, NULL, NULL},
    {"Octo", NULL, NULL, "Cerclée, Carrée", NULL, PRODUCT_OPTICAL,
     "square", NULL, "full", NULL, NULL},
};

static void check_guess(const struct guess *g)
{
    struct product p;
    struct infer_hints h = {g->type, g->options, 0};

    memset(&p, 0, sizeof(p));
    product_set(&p.title, g->title);
    product_set(&p.brand, g->brand);
    product_set(&p.tags, g->tags);
    assert_int_equal(infer_product(&p, &h), 0);

    if (p.category != g->category)
        fail_msg("'%s': category %d, want %d", g->title, p.category,
                 g->category);
#define FIELD(f)                                                           \
    do {                                                                   \
        if (g->f && (!p.f || strcmp(p.f, g->f)))                           \
            fail_msg("'%s': " #f " '%s', want '%s'", g->title,             \
                     p.f ? p.f : "(null)", g->f);                          \
        if (!g->f && p.f && strcmp(#f, "model"))                           \
            fail_msg("'%s': " #f " '%s', want none", g->title, p.f);       \
    } while (0)
    FIELD(shape);
    FIELD(material);
    FIELD(rim);
    FIELD(gender);
    FIELD(model);
#undef FIELD
    product_clear(&p);
}

static void test_guesses(void **state)
{
    for (size_t i = 0; i < sizeof(guesses) / sizeof(*guesses); i++)
        check_guess(&guesses[i]);
}

static void test_given_values(void **state)
{
    struct product p;
    struct infer_hints h = {NULL, NULL, 1};
    struct product_variant *v;

    memset(&p, 0, sizeof(p));
    product_set(&p.title, "Iris 50");
    product_set(&p.model, "Iris");
    product_set(&p.shape, "Cat Eye");
    product_set(&p.material, "Tortoiseshell");
    product_set(&p.rim, "Full-Rim");
    product_set(&p.gender, "Female");
    product_set(&p.tags, "lens-width:50, Small");
    p.category = PRODUCT_SUN;
    v = product_add_variant(&p);
    product_set(&v->colour, "Black");
    v = product_add_variant(&p);
    product_set(&v->colour, "BLACK");
    v = product_add_variant(&p);
    product_set(&v->colour, "Havana");

    assert_int_equal(infer_product(&p, &h), 0);
    assert_int_equal(p.category, PRODUCT_SUN); /* given, kept */
    assert_string_equal(p.model, "Iris");
    assert_string_equal(p.shape, "cat-eye");
    assert_string_equal(p.material, "tortoiseshell"); /* not a material */
    assert_string_equal(p.rim, "full");
    assert_string_equal(p.gender, "women");
    assert_string_equal(p.colours, "Black, Havana");
    assert_true(p.variants[2].size.lens_mm == 50);
    assert_string_equal(p.variants[2].size.fit, "small");
    assert_int_equal(p.variants[2].size.title_lens_mm, 50);
    product_clear(&p);

    memset(&p, 0, sizeof(p));
    assert_int_equal(infer_product(&p, NULL), 0);
    assert_int_equal(p.category, PRODUCT_OPTICAL);
    assert_null(p.model);
    product_clear(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_html_cap),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_prices),
        cmocka_unit_test(test_time),
        cmocka_unit_test(test_join_and_options),
        cmocka_unit_test(test_guesses),
        cmocka_unit_test(test_given_values),
    };

    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
