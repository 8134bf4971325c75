/*
 * WooCommerce's REST API end to end: a variable product's variations are
 * fetched from /products/ID/variations and become its variants, with
 * their own SKU, price and stock; a product whose variations vanished is
 * skipped, not fatal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "catalog.h"
#include "config.h"
#include "fakeshop.h"
#include "kerr.h"
#include "log.h"
#include "sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *products_page =
    "[{\"id\": 101, \"name\": \"Atelier Nord Iris\", \"slug\": \"iris\","
    " \"type\": \"variable\", \"status\": \"publish\","
    " \"price\": \"189.00\", \"categories\": [{\"name\": \"Eyeglasses\"}],"
    " \"attributes\": [{\"name\": \"Colour\", \"options\": [\"Black\","
    " \"Tortoise\"]}], \"variations\": [201, 202]},"
    " {\"id\": 102, \"name\": \"Atelier Nord Orson\", \"type\": \"simple\","
    " \"status\": \"publish\", \"price\": \"149\", \"sku\": \"AN-ORSON\","
    " \"stock_quantity\": 3, \"categories\": [{\"name\": \"Eyeglasses\"}]},"
    " {\"id\": 103, \"name\": \"Atelier Nord Gone\", \"type\": \"variable\","
    " \"status\": \"publish\", \"price\": \"99\", \"variations\": [301]}]";

static const char *variations_page =
    "[{\"id\": 201, \"sku\": \"AN-IRIS-BLK\", \"price\": \"189.00\","
    " \"stock_quantity\": 2, \"stock_status\": \"instock\","
    " \"attributes\": [{\"name\": \"Colour\", \"option\": \"Black\"},"
    " {\"name\": \"Size\", \"option\": \"50-19-140\"}]},"
    " {\"id\": 202, \"sku\": \"AN-IRIS-TOR\", \"price\": \"199.00\","
    " \"stock_status\": \"outofstock\", \"backorders\": \"no\","
    " \"attributes\": [{\"name\": \"Colour\", \"option\": \"Tortoise\"},"
    " {\"name\": \"Size\", \"option\": \"52-19-145\"}]}]";

static char *woo_handler(void *ctx, const char *path, int page, int limit,
                         size_t *len, int *status, const char **type,
                         int *total_pages)
{
    (void)ctx;
    (void)limit;
    (void)type;
    *total_pages = 1;
    if (strcmp(path, "/wp-json/wc/v3/products") == 0 && page == 1) {
        *len = strlen(products_page);
        return strdup(products_page);
    }
    if (strcmp(path, "/wp-json/wc/v3/products/101/variations") == 0) {
        *len = strlen(variations_page);
        return strdup(variations_page);
    }
    *status = 404;
    *len = 2;
    return strdup("{}");
}

static void test_rest_variations_become_variants(void **state)
{
    struct fakeshop *fs = fakeshop_start(NULL);
    char dir[] = "/tmp/kiosk-woo-XXXXXX", db[64], cmd[64];
    struct sync_opts o = {0};
    struct sync_report r;
    struct config cfg;
    struct catalog *cat;
    struct product p = {0};
    int64_t id;

    (void)state;
    assert_non_null(fs);
    assert_non_null(mkdtemp(dir));
    fakeshop_set_handler(fs, woo_handler, NULL);
    config_defaults(&cfg);
    snprintf(cfg.platform, sizeof(cfg.platform), "woocommerce");
    snprintf(cfg.url, sizeof(cfg.url), "%s/", fakeshop_url(fs));
    snprintf(cfg.key, sizeof(cfg.key), "ck_test");
    snprintf(cfg.secret, sizeof(cfg.secret), "cs_test");
    snprintf(cfg.data_dir, sizeof(cfg.data_dir), "%s", dir);
    cfg.retries = 0;
    snprintf(db, sizeof(db), "%s/catalog.db", dir);
    cat = catalog_open(db, 0);
    assert_non_null(cat);

    o.skip_images = 1;
    assert_int_equal(sync_run(&cfg, cat, &o, &r), 0);
    assert_int_equal(r.write.seen, 2);
    assert_int_equal(r.skipped, 1); /* 103: its variations are gone */
    assert_int_equal(fakeshop_hits(fs, "/wp-json/wc/v3/products/101/"
                                       "variations"),
                     1);

    assert_int_equal(catalog_find_sku(cat, "AN-IRIS-TOR", &id), 0);
    assert_int_equal(catalog_get(cat, id, &p), 0);
    assert_int_equal(p.n_variants, 2);
    assert_string_equal(p.variants[0].sku, "AN-IRIS-BLK");
    assert_int_equal(p.variants[0].price, 18900);
    assert_int_equal(p.variants[0].online_qty, 2);
    assert_true(p.variants[0].size.measured);
    assert_int_equal((int)p.variants[0].size.lens_mm, 50);
    assert_int_equal(p.variants[1].price, 19900);
    assert_int_equal(p.variants[1].orderable, 0);
    assert_string_equal(p.variants[1].colour, "Tortoise");
    product_clear(&p);

    catalog_close(cat);
    fakeshop_stop(fs);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rest_variations_become_variants),
    };

    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
