/* WooCommerce adapter: Store API and REST v3 fixture pages. No network. */
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

static int run_fixture(const char *name, const char *key, int total_pages,
                       int page, struct shopfix *g, int *more, int *skipped)
{
    struct config cfg;
    struct shop_page pg;
    size_t len;
    char *body = slurp(name, &len);
    int rc;

    memset(&cfg, 0, sizeof(cfg));
    snprintf(cfg.currency, sizeof(cfg.currency), "EUR");
    snprintf(cfg.key, sizeof(cfg.key), "%s", key);
    snprintf(cfg.secret, sizeof(cfg.secret), "%s", key[0] ? "cs_x" : "");
    pg = (struct shop_page){body, len, name, total_pages, page};
    *skipped = 0;
    rc = shop_woocommerce.parse(&cfg, &pg, shopfix_collect, g, more, skipped);
    free(body);
    return rc;
}

static void test_store_api(void **state)
{
    struct shopfix *g = calloc(1, sizeof(*g));
    const struct product *p;
    int more, skipped;

    assert_int_equal(run_fixture("woo/store_page1.json", "", -1, 1, g,
                                 &more, &skipped),
                     5);
    assert_int_equal(skipped, 2); /* no id; price is a list */
    assert_int_equal(more, 0);    /* 7 < 100 */

    p = got_find(g, "501");
    assert_string_equal(p->title, "Iris & Co \xe2\x80\x93 Cat-Eye");
    assert_string_equal(p->brand, "Lafont");
    assert_string_equal(p->model, "Iris & Co \xe2\x80\x93 Cat-Eye");
    assert_string_equal(p->handle, "iris-co");
    assert_string_equal(p->description, "Ac\xc3\xa9tate italien.");
    assert_int_equal(p->category, PRODUCT_OPTICAL);
    assert_string_equal(p->shape, "cat-eye");
    assert_string_equal(p->material, "acetate");
    assert_string_equal(p->gender, "women");
    assert_string_equal(p->colours, "\xc3\x89" "caille, Noir");
    assert_string_equal(p->tags, "Femme, Calibre: 50");
    assert_int_equal(p->n_variants, 2);
    assert_string_equal(p->variants[0].source_id, "5011");
    assert_string_equal(p->variants[0].colour, "ecaille");
    assert_int_equal(p->variants[0].price, 28900);
    assert_string_equal(p->variants[0].currency, "EUR");
    assert_true(p->variants[0].size.lens_mm == 50); /* from the tag */
    assert_string_equal(p->variants[1].source_id, "5012");
    assert_int_equal(p->variants[1].price, 28900);
    assert_string_equal(p->variants[1].tryon_image,
                        "https://woo.example/iris-tryon.png");
    assert_int_equal(p->n_images, 1);

    p = got_find(g, "502");
    assert_int_equal(p->category, PRODUCT_SUN);
    assert_string_equal(p->shape, "aviator");
    assert_int_equal(p->n_variants, 1);
    assert_string_equal(p->variants[0].source_id, "502");
    assert_int_equal(p->variants[0].price, 15900); /* 159 CHF, unit 0 */
    assert_string_equal(p->variants[0].currency, "CHF");
    assert_int_equal(p->variants[0].orderable, 0);

    assert_int_equal(got_find(g, "503")->category, PRODUCT_ACCESSORY);
    assert_int_equal(got_find(g, "503")->variants[0].price, 500);
    assert_int_equal(got_find(g, "504")->category, PRODUCT_HIDDEN);
    assert_int_equal(got_find(g, "507")->variants[0].price, -1);
    shopfix_free(g);
}

static void test_rest_api(void **state)
{
    struct shopfix *g = calloc(1, sizeof(*g));
    const struct product *p;
    int more, skipped;

    assert_int_equal(run_fixture("woo/rest_page1.json", "ck_x", 3, 2, g,
                                 &more, &skipped),
                     4);
    assert_int_equal(skipped, 1); /* negative price */
    assert_int_equal(more, 1);    /* page 2 of 3 */

    p = got_find(g, "601");
    assert_string_equal(p->brand, "Moscot");
    assert_string_equal(p->model, "Lemtosh");
    assert_string_equal(p->shape, "panto");
    assert_string_equal(p->gender, "unisex");
    assert_string_equal(p->colours, "Black, Havana");
    assert_int_equal(p->created, 1672628645);
    assert_int_equal(p->n_variants, 1);
    assert_string_equal(p->variants[0].source_id, "601");
    assert_null(p->variants[0].sku);
    assert_null(p->variants[0].colour);
    assert_int_equal(p->variants[0].price, 28900);
    assert_int_equal(p->variants[0].online_qty, -1);
    assert_int_equal(p->variants[0].orderable, 1);

    p = got_find(g, "602");
    assert_int_equal(p->variants[0].price, 12050);
    assert_int_equal(p->variants[0].online_qty, 0);
    assert_int_equal(p->variants[0].orderable, 1); /* backorders */
    assert_string_equal(p->variants[0].sku, "WR-1");
    assert_string_equal(p->variants[0].size_label, "48-21-145");
    assert_true(p->variants[0].size.bridge_mm == 21);
    assert_string_equal(p->shape, "round");

    assert_int_equal(got_find(g, "603")->category, PRODUCT_HIDDEN);
    p = got_find(g, "605");
    assert_int_equal(p->variants[0].orderable, 0);
    assert_int_equal(p->variants[0].online_qty, 3);
    assert_int_equal(p->variants[0].price, 10000); /* 99.999 rounds */
    shopfix_free(g);
}

static void test_pages_end(void **state)
{
    struct shopfix *g = calloc(1, sizeof(*g));
    int more, skipped;

    assert_int_equal(run_fixture("woo/rest_page1.json", "ck_x", 2, 2, g,
                                 &more, &skipped),
                     4);
    assert_int_equal(more, 0);
    assert_int_equal(run_fixture("woo/empty.json", "", -1, 4, g, &more,
                                 &skipped),
                     0);
    assert_int_equal(more, 0);
    shopfix_free(g);
}

static void test_error_object(void **state)
{
    struct shopfix *g = calloc(1, sizeof(*g));
    int more, skipped;

    assert_int_equal(run_fixture("woo/error.json", "ck_x", -1, 1, g, &more,
                                 &skipped),
                     KERR_PARSE);
    assert_non_null(strstr(kerr_msg(), "woo/error.json: page 1"));
    assert_non_null(strstr(kerr_msg(), "woocommerce_rest_cannot_view"));
    assert_null(strstr(kerr_msg(), "ck_x"));
    assert_int_equal(run_fixture("shopify/truncated.json", "", -1, 2, g,
                                 &more, &skipped),
                     KERR_PARSE);
    assert_non_null(strstr(kerr_msg(), "page 2: not valid JSON"));
    assert_int_equal(g->n, 0);
    shopfix_free(g);
}

static void test_request(void **state)
{
    struct config cfg;
    struct shop_request rq;

    memset(&cfg, 0, sizeof(cfg));
    snprintf(cfg.url, sizeof(cfg.url), "https://woo.example/");
    assert_int_equal(shop_woocommerce.request(&cfg, 2, &rq), 0);
    assert_string_equal(rq.url, "https://woo.example/wp-json/wc/store/v1/"
                                "products?per_page=100&page=2");
    assert_string_equal(rq.userpwd, "");

    snprintf(cfg.key, sizeof(cfg.key), "ck_1");
    assert_int_equal(shop_woocommerce.request(&cfg, 1, &rq), KERR_INVAL);
    assert_null(strstr(kerr_msg(), "ck_1"));
    snprintf(cfg.secret, sizeof(cfg.secret), "cs_2");
    assert_int_equal(shop_woocommerce.request(&cfg, 1, &rq), 0);
    assert_string_equal(rq.url, "https://woo.example/wp-json/wc/v3/"
                                "products?per_page=100&page=1");
    assert_string_equal(rq.userpwd, "ck_1:cs_2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_api),
        cmocka_unit_test(test_rest_api),
        cmocka_unit_test(test_pages_end),
        cmocka_unit_test(test_error_object),
        cmocka_unit_test(test_request),
    };

    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
