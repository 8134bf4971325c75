/* Generic feed adapter: config/feed-format.md's documents in. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "config.h"
#include "kerr.h"
#include "log.h"
#include "product.h"
#include "shopfix.h"
#include "shop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Fails the test when the product was not emitted. */
static const struct product *got_find(const struct shopfix *g,
                                      const char *id)
{
    const struct product *p = shopfix_find(g, id);

    if (!p)
        fail_msg("product %s not emitted", id);
    return p;
}

static char *slurp(const char *name, size_t *len)
{
    char *buf = shopfix_slurp(FIXTURES, name, len);

    assert_non_null(buf);
    return buf;
}

static int run_fixture(const char *name, int page, struct shopfix *g,
                       int *more, int *skipped)
{
    struct config cfg;
    struct shop_page pg;
    size_t len;
    char *body = slurp(name, &len);
    int rc;

    memset(&cfg, 0, sizeof(cfg));
    snprintf(cfg.currency, sizeof(cfg.currency), "USD");
    pg = (struct shop_page){body, len, name, -1, page};
    *skipped = 0;
    rc = shop_feed.parse(&cfg, &pg, shopfix_collect, g, more, skipped);
    free(body);
    return rc;
}

static void test_catalog(void **state)
{
    struct shopfix *g = calloc(1, sizeof(*g));
    const struct product *p;
    const struct product_variant *v;
    int more, skipped;

    assert_int_equal(run_fixture("feed/catalog.json", 1, g, &more,
                                 &skipped),
                     5);
    assert_int_equal(skipped, 5);
    assert_int_equal(more, 1); /* "pages": 2 */

    p = got_find(g, "1001");
    assert_string_equal(p->handle, "lafont-iris");
    assert_string_equal(p->brand, "Lafont");
    assert_string_equal(p->model, "Iris");
    assert_int_equal(p->category, PRODUCT_OPTICAL);
    assert_string_equal(p->shape, "cat-eye");
    assert_string_equal(p->material, "acetate");
    assert_string_equal(p->rim, "full");
    assert_string_equal(p->gender, "women");
    assert_string_equal(p->tags, "new, fit:small");
    assert_string_equal(p->description, "Hand-polished acetate.");
    assert_string_equal(p->colours, "Tortoise, Black");
    assert_int_equal(p->created, 1714557600);
    assert_int_equal(p->n_images, 1);
    assert_int_equal(p->n_variants, 2);

    v = &p->variants[0];
    assert_string_equal(v->source_id, "1001-1");
    assert_string_equal(v->sku, "LAF-IRIS-50-672");
    assert_true(v->size.lens_mm == 50 && v->size.bridge_mm == 18);
    assert_true(v->size.temple_mm == 140);
    assert_true(v->size.frame_width_mm == 132);
    assert_true(v->size.lens_height_mm == 40);
    assert_int_equal(v->size.measured, 1);
    assert_string_equal(v->size.fit, "small");
    assert_int_equal(v->size.title_lens_mm, 50);
    assert_int_equal(v->price, 28900);
    assert_string_equal(v->currency, "EUR");
    assert_int_equal(v->orderable, 1);
    assert_int_equal(v->lead_days, 7);
    assert_string_equal(v->tryon_image,
                        "https://shop.example/img/iris-front.png");

    v = &p->variants[1];
    assert_string_equal(v->sku, "LAF-IRIS-50-672"); /* repeated SKU */
    assert_string_equal(v->colour, "Black");
    assert_true(v->size.lens_mm == 51.5); /* the number wins */
    assert_true(v->size.bridge_mm == 17); /* then the size text */
    assert_true(v->size.temple_mm == 145); /* 300 was dropped */
    assert_int_equal(v->price, 28900);
    assert_int_equal(v->orderable, 0);
    assert_int_equal(v->lead_days, -1);
    assert_null(v->tryon_image);

    p = got_find(g, "1002");
    assert_int_equal(p->category, PRODUCT_SUN);
    assert_string_equal(p->shape, "aviator");
    assert_string_equal(p->gender, "men");
    assert_null(p->brand);
    assert_string_equal(p->model, "Solaris Aviateur polaris\xc3\xa9");
    assert_string_equal(p->images[0], "https://shop.example/img/solaris.jpg");
    assert_string_equal(p->variants[0].source_id, "1");
    assert_string_equal(p->variants[0].size.fit, "large");
    assert_true(p->variants[0].size.lens_mm == 58);
    assert_true(p->variants[0].size.bridge_mm == 14);
    assert_int_equal(p->variants[0].price, 15950);
    assert_string_equal(p->variants[0].currency, "CHF");
    assert_string_equal(p->variants[1].size.text, "one size fits most");
    assert_int_equal(p->variants[1].price, 128900);
    assert_string_equal(p->variants[1].currency, "EUR");

    assert_int_equal(got_find(g, "1003")->category, PRODUCT_HIDDEN);
    assert_int_equal(got_find(g, "1004")->category, PRODUCT_ACCESSORY);
    assert_int_equal(got_find(g, "1004")->variants[0].price, 990);
    assert_int_equal(got_find(g, "1009")->variants[0].price, -1);
    shopfix_free(g);
}

static void expect_page_error(const char *fixture, const char *words)
{
    struct shopfix *g = calloc(1, sizeof(*g));
    int more, skipped;

    assert_int_equal(run_fixture(fixture, 3, g, &more, &skipped),
                     KERR_PARSE);
    assert_non_null(strstr(kerr_msg(), fixture));
    assert_non_null(strstr(kerr_msg(), "page 3"));
    assert_non_null(strstr(kerr_msg(), words));
    assert_int_equal(g->n, 0);
    shopfix_free(g);
}

static void test_refused_documents(void **state)
{
    expect_page_error("feed/not_json.txt", "not valid JSON");
    expect_page_error("feed/no_products.json", "no \"products\" array");
    expect_page_error("feed/top_array.json", "no \"products\" array");
    expect_page_error("shopify/truncated.json", "not valid JSON");
}

static void test_request(void **state)
{
    struct config cfg;
    struct shop_request rq;
    char want[1200], cwd[1024];

    memset(&cfg, 0, sizeof(cfg));
    snprintf(cfg.url, sizeof(cfg.url), "https://x.example/feed.json");
    assert_int_equal(shop_feed.request(&cfg, 1, &rq), 0);
    assert_string_equal(rq.url, "https://x.example/feed.json");
    assert_int_equal(shop_feed.request(&cfg, 2, &rq), 0);
    assert_string_equal(rq.url, "https://x.example/feed.json?page=2");

    snprintf(cfg.url, sizeof(cfg.url), "https://x.example/f?key=1");
    assert_int_equal(shop_feed.request(&cfg, 3, &rq), 0);
    assert_string_equal(rq.url, "https://x.example/f?key=1&page=3");

    snprintf(cfg.url, sizeof(cfg.url), "/srv/catalog.json");
    assert_int_equal(shop_feed.request(&cfg, 1, &rq), 0);
    assert_string_equal(rq.url, "file:///srv/catalog.json");

    snprintf(cfg.url, sizeof(cfg.url), "data/catalog.json");
    assert_int_equal(shop_feed.request(&cfg, 1, &rq), 0);
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    snprintf(want, sizeof(want), "file://%s/data/catalog.json", cwd);
    assert_string_equal(rq.url, want);

    cfg.url[0] = '\0';
    assert_int_equal(shop_feed.request(&cfg, 1, &rq), KERR_INVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalog),
        cmocka_unit_test(test_refused_documents),
        cmocka_unit_test(test_request),
    };

    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
