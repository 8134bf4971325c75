/*
 * Sync against a local fake shop that misbehaves: the previous catalog
 * must survive every failure, and a later sync must complete.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "catalog.h"
#include "config.h"
#include "demo.h"
#include "fakeshop.h"
#include "kerr.h"
#include "log.h"
#include "sync.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SHOP_PRODUCTS 600 /* three Shopify pages: 250, 250, 100 */

struct world {
    struct fakeshop *shop;
    struct demo_opts demo;
    struct config cfg;
    struct catalog *cat;
    char dir[64];
    int repeat_last; /* answer pages past the end with the last page */
    int slow_ms;     /* delay every page (for the kill test) */
    int garbage_page; /* answer this page with an HTML page */
    char stock_csv[256];
};

static char *shop_handler(void *ctx, const char *path, int page, int limit,
                          size_t *len, int *status, const char **type,
                          int *total_pages)
{
    struct world *w = ctx;
    int last = (w->demo.products + 249) / 250;

    (void)status;
    (void)total_pages;
    if (strcmp(path, "/stock.csv") == 0) {
        *type = "text/csv";
        *len = strlen(w->stock_csv);
        return strdup(w->stock_csv);
    }
    if (strcmp(path, "/products.json") != 0)
        return NULL;
    if (w->slow_ms)
        usleep((useconds_t)w->slow_ms * 1000);
    if (page == w->garbage_page) {
        *type = "text/html";
        *len = strlen("<html>Down for maintenance</html>");
        return strdup("<html>Down for maintenance</html>");
    }
    if (w->repeat_last && page > last)
        page = last;
    return demo_shopify_page(&w->demo, page ? page : 1,
                             limit ? limit : 30, len);
}

static int setup(void **state)
{
    struct world *w = calloc(1, sizeof(*w));
    char db[128];

    snprintf(w->dir, sizeof(w->dir), "/tmp/kiosk-sync-XXXXXX");
    assert_non_null(mkdtemp(w->dir));
    w->demo = (struct demo_opts){SHOP_PRODUCTS, 3, 0,
                                 "http://127.0.0.1:1/img"};
    w->shop = fakeshop_start(NULL);
    assert_non_null(w->shop);
    fakeshop_set_handler(w->shop, shop_handler, w);

    config_defaults(&w->cfg);
    snprintf(w->cfg.platform, sizeof(w->cfg.platform), "shopify");
    snprintf(w->cfg.url, sizeof(w->cfg.url), "%s", fakeshop_url(w->shop));
    snprintf(w->cfg.data_dir, sizeof(w->cfg.data_dir), "%s", w->dir);
    w->cfg.retries = 1;
    w->cfg.retry_max_s = 2;
    w->cfg.timeout_s = 2;

    snprintf(db, sizeof(db), "%s/catalog.db", w->dir);
    w->cat = catalog_open(db, 0);
    assert_non_null(w->cat);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    struct world *w = *state;
    char cmd[128];

    catalog_close(w->cat);
    fakeshop_stop(w->shop);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", w->dir);
    if (system(cmd) != 0)
        return -1;
    free(w);
    return 0;
}

static int sync_now(struct world *w, struct sync_report *r)
{
    struct sync_opts o = {0};

    o.skip_images = 1;
    return sync_run(&w->cfg, w->cat, &o, r);
}

static int visible(struct world *w)
{
    struct catalog_stats st;

    assert_int_equal(catalog_stats(w->cat, &st), 0);
    return st.products + st.accessories;
}

static int search_total(struct world *w, const char *text)
{
    struct catalog_query q = {0};
    struct catalog_result r;
    int n;

    q.text = text;
    q.limit = 5;
    assert_int_equal(catalog_query(w->cat, &q, &r), 0);
    n = r.total;
    catalog_result_free(&r);
    return n;
}

/* A good sync first; each test then breaks the shop and checks. */
static int good_sync(struct world *w)
{
    struct sync_report r;

    assert_int_equal(sync_now(w, &r), 0);
    assert_int_equal(r.pages, 3);
    return visible(w);
}

static void test_full_then_incremental(void **state)
{
    struct world *w = *state;
    struct sync_report r;
    int n = good_sync(w);

    assert_true(n > SHOP_PRODUCTS * 9 / 10);
    assert_int_equal(fakeshop_hits(w->shop, "/products.json"), 3);

    w->demo.revision = 1;
    assert_int_equal(sync_now(w, &r), 0);
    assert_int_equal(r.write.seen, SHOP_PRODUCTS);
    assert_true(r.write.changed >= 1 && r.write.changed <= 20);
    assert_int_equal(r.write.changed + r.write.unchanged, SHOP_PRODUCTS);
    assert_int_equal(r.write.added, 0);
}

static void check_failure_keeps_catalog(struct world *w,
                                        const struct fakeshop_fault *f,
                                        int want_rc)
{
    struct sync_report r;
    char err[600];
    int before = good_sync(w);
    int before_hits = search_total(w, "");

    w->demo.revision = 3; /* the shop changed, but the sync will fail */
    fakeshop_add_fault(w->shop, f);
    assert_int_equal(sync_now(w, &r), want_rc);
    assert_int_equal(visible(w), before);
    assert_int_equal(search_total(w, ""), before_hits);
    assert_int_equal(catalog_meta_get(w->cat, "sync.last_error", err,
                                      sizeof(err)), 0);
    assert_true(strlen(err) > 0);

    /* The shop recovers; the next sync completes and clears the error. */
    fakeshop_clear_faults(w->shop);
    assert_int_equal(sync_now(w, &r), 0);
    assert_true(r.write.changed > 0);
    assert_int_equal(catalog_meta_get(w->cat, "sync.last_error", err,
                                      sizeof(err)), 0);
    assert_string_equal(err, "");
}

static void test_server_error_keeps_catalog(void **state)
{
    struct fakeshop_fault f = {"/products.json", 2, 0, 500, 0, 0, 0, 0};

    check_failure_keeps_catalog(*state, &f, KERR_HTTP);
}

static void test_truncated_body_keeps_catalog(void **state)
{
    struct fakeshop_fault f = {"/products.json", 3, 0, 0, 0, 0, 1, 0};

    check_failure_keeps_catalog(*state, &f, KERR_NET);
}

static void test_dropped_connection_keeps_catalog(void **state)
{
    struct fakeshop_fault f = {"/products.json", 2, 0, 0, 0, 0, 0, 1};

    check_failure_keeps_catalog(*state, &f, KERR_NET);
}

static void test_slow_shop_times_out(void **state)
{
    struct fakeshop_fault f = {"/products.json", 1, 0, 0, 0, 3500, 0, 0};

    check_failure_keeps_catalog(*state, &f, KERR_NET);
}

/* A maintenance page with status 200 instead of JSON. */
static void test_not_json_keeps_catalog(void **state)
{
    struct world *w = *state;
    struct sync_report r;
    int before = good_sync(w);

    w->garbage_page = 2;
    w->demo.revision = 3;
    assert_int_equal(sync_now(w, &r), KERR_PARSE);
    assert_non_null(strstr(kerr_msg(), "page 2"));
    assert_int_equal(visible(w), before);

    w->garbage_page = 0;
    assert_int_equal(sync_now(w, &r), 0);
    assert_true(r.write.changed > 0);
}

static void test_rate_limit_is_honoured(void **state)
{
    struct world *w = *state;
    struct fakeshop_fault f = {"/products.json", 2, 1, 429, 1, 0, 0, 0};
    struct sync_report r;
    struct timespec a, b;

    fakeshop_add_fault(w->shop, &f);
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(sync_now(w, &r), 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    assert_true(b.tv_sec - a.tv_sec + (b.tv_nsec - a.tv_nsec) / 1e9 >= 0.9);
    assert_int_equal(fakeshop_hits(w->shop, "/products.json"), 4);
    assert_int_equal(r.write.seen, SHOP_PRODUCTS);
}

static void test_empty_shop_is_refused(void **state)
{
    struct world *w = *state;
    struct sync_report r;
    int before = good_sync(w);

    w->demo.products = 0;
    assert_int_equal(sync_now(w, &r), KERR_REFUSED);
    assert_int_equal(visible(w), before);
}

static void test_gone_products_retire(void **state)
{
    struct world *w = *state;
    struct sync_report r;
    struct catalog_stats st;

    good_sync(w);
    w->demo.products = 500;
    assert_int_equal(sync_now(w, &r), 0);
    assert_int_equal(r.write.retired, 100);
    assert_int_equal(catalog_stats(w->cat, &st), 0);
    assert_int_equal(st.retired, 100);
}

static void test_repeating_pages_stop(void **state)
{
    struct world *w = *state;
    struct sync_report r;

    w->repeat_last = 1;
    w->demo.products = 500; /* two full pages, then the last repeats */
    assert_int_equal(sync_now(w, &r), 0);
    assert_int_equal(r.write.seen, 500);
    assert_true(r.pages <= 3);
}

static void test_stock_feed_by_url(void **state)
{
    struct world *w = *state;
    struct sync_report r;
    struct catalog_query q = {0};
    struct catalog_result res;
    struct product p = {0};

    assert_int_equal(demo_product(&w->demo, 5, &p), 0);
    snprintf(w->stock_csv, sizeof(w->stock_csv), "sku,quantity\n%s,2\n",
             p.variants[0].sku);
    product_clear(&p);
    snprintf(w->cfg.stock, sizeof(w->cfg.stock), "%s/stock.csv",
             fakeshop_url(w->shop));

    assert_int_equal(sync_now(w, &r), 0);
    assert_int_equal(r.stock_rows, 1);
    q.on_shelf = 1;
    q.limit = 10;
    assert_int_equal(catalog_query(w->cat, &q, &res), 0);
    assert_int_equal(res.total, 1);
    catalog_result_free(&res);

    snprintf(w->stock_csv, sizeof(w->stock_csv), "sku,quantity\nX,many\n");
    assert_int_equal(sync_now(w, &r), 0); /* catalog fine, stock not */
    assert_int_equal(r.stock_failed, 1);
    assert_int_equal(catalog_query(w->cat, &q, &res), 0);
    assert_int_equal(res.total, 1); /* previous stock kept */
    catalog_result_free(&res);
}

static void test_conditional_requests(void **state)
{
    struct world *w = *state;
    struct sync_report r;
    int n;

    fakeshop_set_etag(w->shop, "\"v1\"");
    n = good_sync(w);
    assert_int_equal(sync_now(w, &r), 0); /* all 304, bodies from disk */
    assert_int_equal(r.write.unchanged, SHOP_PRODUCTS);
    assert_int_equal(visible(w), n);
}

/* kill -9 in the middle of a sync: the previous catalog is intact. */
static void test_killed_sync_keeps_catalog(void **state)
{
    struct world *w = *state;
    struct sync_report r;
    int before = good_sync(w);
    pid_t pid;

    w->demo.revision = 2;
    w->slow_ms = 800; /* page 1 by 0.8 s, pages 2-3 by 1.6 s */
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char db[128];
        struct catalog *c;

        snprintf(db, sizeof(db), "%s/catalog.db", w->dir);
        c = catalog_open(db, 0);
        sync_run(&w->cfg, c, &(struct sync_opts){.skip_images = 1}, &r);
        _exit(0);
    }
    usleep(1200 * 1000); /* page 1 stored, pages 2-3 in flight */
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);

    w->slow_ms = 0;
    assert_int_equal(visible(w), before);
    assert_int_equal(sync_now(w, &r), 0);
    assert_true(r.write.changed > 0);
}

static void test_demo_platform_offline(void **state)
{
    struct world *w = *state;
    struct sync_report r;

    snprintf(w->cfg.platform, sizeof(w->cfg.platform), "demo");
    w->cfg.demo_products = 150;
    assert_int_equal(sync_run(&w->cfg, w->cat, NULL, &r), 0);
    assert_int_equal(r.write.seen, 150);
    assert_true(r.stock_rows > 0);
    assert_true(r.images_fetched > 0);
    assert_int_equal(r.images_failed, 0);
    assert_true(search_total(w, "") > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_full_then_incremental, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_server_error_keeps_catalog,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncated_body_keeps_catalog,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_dropped_connection_keeps_catalog, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slow_shop_times_out, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_not_json_keeps_catalog, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rate_limit_is_honoured, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_empty_shop_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_gone_products_retire, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_repeating_pages_stop, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_stock_feed_by_url, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_conditional_requests, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_killed_sync_keeps_catalog,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_platform_offline, setup,
                                        teardown),
    };

    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
