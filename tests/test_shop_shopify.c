/* Shopify adapter: fixture pages in, products out. No network. */
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

/* Parse `body` as page `page` of source `src`. */
static int run(const char *body, size_t len, const char *src, int page,
               struct shopfix *g, int *more, int *skipped)
{
    struct config cfg;
    struct shop_page pg = {body, len, src, -1, page};

    memset(&cfg, 0, sizeof(cfg));
    snprintf(cfg.currency, sizeof(cfg.currency), "EUR");
    snprintf(cfg.url, sizeof(cfg.url), "https://shop.example/");
    *more = -1;
    *skipped = 0;
    return shop_shopify.parse(&cfg, &pg, shopfix_collect, g, more, skipped);
}

static int run_fixture(const char *name, struct shopfix *g, int *more,
                       int *skipped)
{
    size_t len;
    char *body = slurp(name, &len);
    int rc = run(body, len, name, 1, g, more, skipped);

    free(body);
    return rc;
}

static void test_page(void **state)
{
    struct shopfix *g = calloc(1, sizeof(*g));
    const struct product *p;
    int more, skipped, rc;

    rc = run_fixture("shopify/products_page1.json", g, &more, &skipped);
    assert_int_equal(rc, 7);
    assert_int_equal(g->n, 7);
    assert_int_equal(skipped, 5); /* no id, no variants, list, <0, str */
    assert_int_equal(more, 0);

    p = got_find(g, "7001");
    assert_string_equal(p->brand, "Lafont");
    assert_string_equal(p->model, "Iris 50");
    assert_string_equal(p->handle, "lafont-iris-50");
    assert_int_equal(p->category, PRODUCT_OPTICAL); /* not "shipping" */
    assert_string_equal(p->shape, "cat-eye");
    assert_string_equal(p->material, "acetate");
    assert_string_equal(p->gender, "women");
    assert_string_equal(p->colours, "Tortoise, Black");
    assert_string_equal(p->description,
                        "Acétate poli & fait main\n"
                        "Café & crème \xe2\x80\x94 52\xe2\x96\xa1" "18");
    assert_int_equal(p->created, 1714557600); /* 10:00Z */
    assert_int_equal(p->n_images, 1);
    assert_string_equal(p->images[0], "https://cdn.example/iris-1.jpg");
    assert_int_equal(p->n_variants, 2);
    assert_string_equal(p->variants[0].source_id, "70011");
    assert_string_equal(p->variants[0].sku, "LAF-IRIS-672");
    assert_string_equal(p->variants[0].colour, "Tortoise");
    assert_string_equal(p->variants[0].size_label, "50-18-140");
    assert_true(p->variants[0].size.lens_mm == 50);
    assert_true(p->variants[0].size.bridge_mm == 18);
    assert_true(p->variants[0].size.temple_mm == 140);
    assert_int_equal(p->variants[0].size.measured, 1);
    assert_string_equal(p->variants[0].size.fit, "small");
    assert_int_equal(p->variants[0].size.title_lens_mm, 50);
    assert_int_equal(p->variants[0].price, 28900);
    assert_string_equal(p->variants[0].currency, "EUR");
    assert_int_equal(p->variants[0].orderable, 1);
    assert_int_equal(p->variants[0].lead_days, -1);
    assert_null(p->variants[0].tryon_image);
    assert_null(p->variants[1].sku); /* "" is no SKU */
    assert_int_equal(p->variants[1].price, 28950);
    assert_int_equal(p->variants[1].orderable, 0);
    assert_string_equal(p->variants[1].tryon_image,
                        "https://cdn.example/iris-FRONT.png?v=3");

    p = got_find(g, "7002");
    assert_int_equal(p->category, PRODUCT_SUN);
    assert_string_equal(p->model, "Aviator Classic 58");
    assert_string_equal(p->shape, "aviator");
    assert_string_equal(p->material, "metal");
    assert_string_equal(p->gender, "unisex");
    assert_string_equal(p->tags, "Metal, Unisex");
    assert_null(p->description);
    assert_int_equal(p->n_images, 0);
    assert_true(p->variants[0].size.lens_mm == 58);
    assert_true(p->variants[0].size.bridge_mm == 14);
    assert_true(p->variants[0].size.temple_mm == 135);
    assert_int_equal(p->variants[0].price, 16000);
    assert_string_equal(p->colours, "Gold");
    assert_int_equal(p->created, 0);

    p = got_find(g, "7004");
    assert_int_equal(p->category, PRODUCT_HIDDEN);
    assert_int_equal(p->variants[0].price, 5000);
    assert_int_equal(got_find(g, "7005")->category, PRODUCT_HIDDEN);
    assert_int_equal(got_find(g, "7005")->variants[0].price, 490);

    p = got_find(g, "7010");
    assert_int_equal(p->category, PRODUCT_OPTICAL);
    assert_string_equal(p->model, "ORSON 49");
    assert_string_equal(p->shape, "round");
    assert_int_equal(p->variants[0].price, -1);
    assert_string_equal(p->variants[0].size.fit, "medium");
    assert_int_equal(p->variants[0].size.measured, 0);
    assert_true(p->variants[0].size.lens_mm == 0);
    assert_true(p->variants[0].size.bridge_mm == 20);
    assert_true(p->variants[0].size.temple_mm == 145);
    assert_int_equal(p->variants[0].size.title_lens_mm, 49);
    assert_null(p->variants[0].size.text);
    shopfix_free(g);
}

static void test_accessory_and_duplicates(void **state)
{
    struct shopfix *g = calloc(1, sizeof(*g));
    int more, skipped, n = 0;

    run_fixture("shopify/products_page1.json", g, &more, &skipped);
    for (int i = 0; i < g->n; i++) {
        if (strcmp(g->p[i].source_id, "7003") == 0) {
            assert_int_equal(g->p[i].category, PRODUCT_ACCESSORY);
            assert_int_equal(g->p[i].variants[0].price, 1590);
            assert_null(g->p[i].variants[0].colour);
            assert_null(g->p[i].brand); /* vendor "" */
            n++;
        }
    }
    /* the sync de-duplicates; the adapter reports what the shop said */
    assert_int_equal(n, 2);
    shopfix_free(g);
}

static void expect_page_error(const char *fixture, const char *words)
{
    struct shopfix *g = calloc(1, sizeof(*g));
    int more, skipped;

    assert_int_equal(run_fixture(fixture, g, &more, &skipped), KERR_PARSE);
    assert_non_null(strstr(kerr_msg(), fixture));
    assert_non_null(strstr(kerr_msg(), "page 1"));
    assert_non_null(strstr(kerr_msg(), words));
    assert_int_equal(g->n, 0);
    assert_int_equal(more, 0);
    shopfix_free(g);
}

static void test_broken_pages(void **state)
{
    expect_page_error("shopify/truncated.json", "not valid JSON");
    expect_page_error("shopify/products_object.json", "\"products\"");
}

static void test_empty_catalog(void **state)
{
    struct shopfix *g = calloc(1, sizeof(*g));
    int more, skipped;

    assert_int_equal(run_fixture("shopify/empty.json", g, &more, &skipped),
                     0);
    assert_int_equal(more, 0);
    assert_int_equal(skipped, 0);
    shopfix_free(g);
}

static void test_invalid_utf8(void **state)
{
    struct shopfix *g = calloc(1, sizeof(*g));
    int more, skipped;

    assert_int_equal(
        run_fixture("shopify/invalid_utf8.json", g, &more, &skipped), 1);
    assert_string_equal(g->p[0].title, "Caf\xef\xbf\xbd Noir "
                                       "\xef\xbf\xbd 52");
    assert_string_equal(g->p[0].brand, "Bad\xef\xbf\xbd");
    assert_int_equal(g->p[0].variants[0].size.title_lens_mm, 52);
    shopfix_free(g);
}

/* A full page (250 products) asks for more; a 1 MB title is capped. */
static void test_full_page_and_huge_title(void **state)
{
    struct shopfix *g = calloc(1, sizeof(*g));
    size_t cap = 300 * 200 + (1u << 20) + 100, o = 0;
    char *body = malloc(cap);
    int more, skipped;

    o += (size_t)sprintf(body + o, "{\"products\":[");
    for (int i = 0; i < 250; i++)
        o += (size_t)sprintf(body + o,
                             "%s{\"id\":%d,\"title\":\"%s",
                             i ? "," : "", i + 1, i == 0 ? "" : "Frame");
    /* the first product's title: 1 MB of "é" (2 bytes each) */
    o = (size_t)(strstr(body, "\"title\":\"") - body) + 9;
    for (int i = 0; i < (1 << 19); i++) {
        body[o++] = '\xc3';
        body[o++] = '\xa9';
    }
    o += (size_t)sprintf(body + o, "\",\"variants\":[{\"id\":1}]}");
    for (int i = 1; i < 250; i++)
        o += (size_t)sprintf(body + o,
                             ",{\"id\":%d,\"title\":\"Frame\","
                             "\"variants\":[{\"id\":%d}]}",
                             i + 1, i + 1);
    o += (size_t)sprintf(body + o, "]}");

    assert_int_equal(run(body, o, "gen", 3, g, &more, &skipped), 250);
    assert_int_equal(more, 1);
    assert_int_equal(strlen(g->p[0].title), 512);
    free(body);
    shopfix_free(g);
}

static void test_request(void **state)
{
    struct config cfg;
    struct shop_request rq;

    memset(&cfg, 0, sizeof(cfg));
    snprintf(cfg.url, sizeof(cfg.url), "https://shop.example//");
    assert_int_equal(shop_shopify.request(&cfg, 3, &rq), 0);
    assert_string_equal(rq.url, "https://shop.example/products.json"
                                "?limit=250&page=3");
    assert_string_equal(rq.userpwd, "");

    cfg.url[0] = '\0';
    assert_int_equal(shop_shopify.request(&cfg, 1, &rq), KERR_INVAL);
    assert_ptr_equal(shop_find("Shopify"), &shop_shopify);
    assert_ptr_equal(shop_find("WOO"), &shop_woocommerce);
    assert_ptr_equal(shop_find("woocommerce"), &shop_woocommerce);
    assert_ptr_equal(shop_find("feed"), &shop_feed);
    assert_null(shop_find("magento"));
    assert_null(shop_find(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page),
        cmocka_unit_test(test_accessory_and_duplicates),
        cmocka_unit_test(test_broken_pages),
        cmocka_unit_test(test_empty_catalog),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_full_page_and_huge_title),
        cmocka_unit_test(test_request),
    };

    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
