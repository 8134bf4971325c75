/* infer: option kinds, try-on images and product guesses. */
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

static void test_options(void **state)
{
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
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_guesses),
        cmocka_unit_test(test_given_values),
    };

    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
