/*
 * test_catalog: the catalog store: opening and migrating, syncing in one
 * transaction (unchanged, retired, duplicate, rollback, refusal), what a
 * second connection sees, stock, lead days, get, stats.
 * Then search: prefixes, accents, hostile text, filters, drill-sideways
 * facets, sort orders and paging.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "catalog.h"
#include "kerr.h"
#include "log.h"
#include "product.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


/* ---- The fixture: a small store -------------------------------------- */

#define FIXTURE_N 7
#define FIXTURE_LAFONT 2

struct fixture_spec {
    const char *id, *brand, *model;
    enum product_category category;
    const char *shape, *material, *rim, *gender, *colours;
    int64_t created;
    int64_t price;
    double lens, title_lens;
    const char *fit;
    int lead, orderable;
    const char *skus[2];
    const char *tryon;
};

static const struct fixture_spec fixture[FIXTURE_N] = {
    {"ray1", "Ray-Ban", "Aviator Classic", PRODUCT_SUN, "aviator", "metal",
     "full", "unisex", "Gold, Green", 300, 15000, 58, 0, NULL, 5, 1,
     {"RB1", NULL}, NULL},
    {"ray2", "Ray-Ban", "Wayfarer", PRODUCT_OPTICAL, "square", "acetate",
     "full", "unisex", "Black", 200, 12000, 50, 0, NULL, -1, 1,
     {"RB2a", "RB2b"}, NULL},
    {"laf1", "Lafont", "Iris", PRODUCT_OPTICAL, "cat-eye", "acetate",
     "full", "women", "Écaille, Rouge", 400, 32000, 0, 49, NULL, -1, 1,
     {"LF1", NULL}, NULL},
    {"sil1", "Silhouette", "Momentum", PRODUCT_OPTICAL, "rectangle",
     "titanium", "rimless", "men", "Silver", 100, 45000, 54, 0, NULL, 10,
     1, {"SI1", NULL}, NULL},
    {"mos1", "Moscot", "Lemtosh", PRODUCT_OPTICAL, "round", "acetate",
     "full", "unisex", "Black", 500, -1, 0, 0, "medium", -1, 0,
     {"MO1", NULL}, "https://img.example/ray1-t0.png"},
    {"acc1", "Kiosk", "Case", PRODUCT_ACCESSORY, NULL, NULL, NULL, NULL,
     "Black", 50, 1000, 0, 0, NULL, -1, 1, {"AC1", NULL}, ""},
    {"gift", "Store", "Gift card", PRODUCT_HIDDEN, NULL, NULL, NULL, NULL,
     NULL, 60, 5000, 0, 0, NULL, -1, 1, {"GIFT", NULL}, ""},
};

/* Photos of the six visible products, five distinct try-on images. */
#define FIXTURE_IMAGES 17

static void fixture_variant(const struct fixture_spec *s, int k,
                            struct product *p)
{
    struct product_variant *v = product_add_variant(p);
    char buf[128];

    assert_non_null(v);
    snprintf(buf, sizeof(buf), "%s-v%d", s->id, k);
    product_set(&v->source_id, buf);
    product_set(&v->sku, s->skus[k]);
    v->price = s->price;
    if (s->price >= 0)
        memcpy(v->currency, "EUR", 4);
    v->size.lens_mm = s->lens ? s->lens + 2 * k : 0;
    v->size.measured = s->lens > 0;
    v->size.title_lens_mm = (int)s->title_lens;
    if (s->fit)
        snprintf(v->size.fit, sizeof(v->size.fit), "%s", s->fit);
    v->lead_days = s->lead;
    v->orderable = s->orderable;
    snprintf(buf, sizeof(buf), "https://img.example/%s-t%d.png", s->id, k);
    product_set(&v->tryon_image, s->tryon ? s->tryon : buf);
    if (s->tryon && !s->tryon[0])
        product_set(&v->tryon_image, NULL);
}

static void fixture_product(int i, struct product *p)
{
    const struct fixture_spec *s = &fixture[i];
    char buf[128];

    memset(p, 0, sizeof(*p));
    product_set(&p->source_id, s->id);
    snprintf(buf, sizeof(buf), "%s-handle", s->id);
    product_set(&p->handle, buf);
    snprintf(buf, sizeof(buf), "%s %s", s->brand, s->model);
    product_set(&p->title, buf);
    product_set(&p->brand, s->brand);
    product_set(&p->model, s->model);
    p->category = s->category;
    product_set(&p->shape, s->shape);
    product_set(&p->material, s->material);
    product_set(&p->rim, s->rim);
    product_set(&p->gender, s->gender);
    product_set(&p->colours, s->colours);
    product_set(&p->description, "A frame.");
    p->created = s->created;
    for (int k = 0; k < 2; k++) {
        snprintf(buf, sizeof(buf), "https://img.example/%s-%c.jpg", s->id,
                 'a' + k);
        assert_int_equal(product_add_image(p, buf), 0);
        if (k == 0 || s->skus[k])
            fixture_variant(s, k, p);
    }
}

/* Put every fixture product except those in `skip` (bit i), commit. */
static struct catalog_write_stats fixture_sync(struct catalog *c,
                                               unsigned skip)
{
    struct catalog_write_stats ws;
    struct product p;

    assert_int_equal(catalog_begin(c), 0);
    for (int i = 0; i < FIXTURE_N; i++) {
        if ((skip >> i) & 1)
            continue;
        fixture_product(i, &p);
        if (catalog_put(c, &p) != 0)
            fail_msg("put: %s", kerr_msg());
        product_clear(&p);
    }
    assert_int_equal(catalog_commit(c, 1, &ws), 0);
    return ws;
}

struct env {
    char dir[64];
    char path[128];
    struct catalog *cat;
};

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));

    log_set_level(LOG_QUIET);
    snprintf(e->dir, sizeof(e->dir), "/tmp/test-catalog-XXXXXX");
    assert_non_null(mkdtemp(e->dir));
    snprintf(e->path, sizeof(e->path), "%s/catalog.db", e->dir);
    e->cat = catalog_open(e->path, 0);
    assert_non_null(e->cat);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    char cmd[160];

    catalog_close(e->cat);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
    assert_int_equal(system(cmd), 0);
    free(e);
    return 0;
}

static int total_of(struct catalog *c, const char *text)
{
    struct catalog_query q = {0};
    struct catalog_result r;
    int total;

    q.text = text;
    q.limit = 10;
    assert_int_equal(catalog_query(c, &q, &r), 0);
    total = r.total;
    catalog_result_free(&r);
    return total;
}

static int64_t id_of(struct catalog *c, const char *sku)
{
    int64_t id = 0;

    assert_int_equal(catalog_find_sku(c, sku, &id), 0);
    return id;
}

static int sqlite_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    int v = -1;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void sqlite_run(const char *path, const char *sql)
{
    sqlite3 *db;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* ---- Opening ----------------------------------------------------------- */

static void test_open_creates_and_reopens(void **state)
{
    struct env *e = *state;
    struct catalog_stats st;
    char buf[16];

    assert_int_equal(sqlite_int(e->path, "PRAGMA user_version"), 1);
    assert_int_equal(sqlite_int(e->path, "SELECT count(*) FROM "
                     "sqlite_master WHERE name = 'products_fts'"), 1);
    assert_int_equal(catalog_meta_set(e->cat, "k", "v1"), 0);
    catalog_close(e->cat);

    e->cat = catalog_open(e->path, 0);
    assert_non_null(e->cat);
    assert_int_equal(catalog_meta_get(e->cat, "k", buf, sizeof(buf)), 0);
    assert_string_equal(buf, "v1");
    assert_int_equal(catalog_meta_get(e->cat, "nope", buf, sizeof(buf)),
                     KERR_NOTFOUND);
    assert_int_equal(catalog_stats(e->cat, &st), 0);
    assert_int_equal(st.products, 0);
    assert_int_equal(st.last_sync, 0);
    assert_true(st.db_bytes > 0);
    snprintf(buf, sizeof(buf), "%s", "-wal");
    assert_int_equal(sqlite_int(e->path, "SELECT count(*) FROM "
                     "pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
}

static void test_refuses_non_database(void **state)
{
    struct env *e = *state;
    char path[160];
    FILE *f;

    snprintf(path, sizeof(path), "%s/notes.txt", e->dir);
    f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 50; i++)
        fputs("this is not a database at all, just some text\n", f);
    fclose(f);

    assert_null(catalog_open(path, 0));
    assert_non_null(strstr(kerr_msg(), path));
    assert_non_null(strstr(kerr_msg(), "not a database"));
    assert_null(catalog_open(path, CATALOG_READONLY));
    assert_non_null(strstr(kerr_msg(), path));
}

static void test_readonly(void **state)
{
    struct env *e = *state;
    struct catalog *ro;
    char path[160];

    fixture_sync(e->cat, 0);
    ro = catalog_open(e->path, CATALOG_READONLY);
    assert_non_null(ro);
    assert_int_equal(total_of(ro, "ray"), 2);
    assert_int_equal(catalog_begin(ro), KERR_INVAL);
    assert_int_equal(catalog_meta_set(ro, "a", "b"), KERR_INVAL);
    catalog_close(ro);

    /* Missing file, empty schema, newer schema: all refused. */
    snprintf(path, sizeof(path), "%s/missing.db", e->dir);
    assert_null(catalog_open(path, CATALOG_READONLY));
    assert_non_null(strstr(kerr_msg(), path));

    snprintf(path, sizeof(path), "%s/empty.db", e->dir);
    sqlite_run(path, "CREATE TABLE x(a)");
    assert_null(catalog_open(path, CATALOG_READONLY));
    assert_non_null(strstr(kerr_msg(), "version 0"));

    sqlite_run(path, "PRAGMA user_version = 99");
    assert_null(catalog_open(path, 0));
    assert_non_null(strstr(kerr_msg(), "newer"));
    assert_null(catalog_open(path, CATALOG_READONLY));
}

/* ---- Writing ----------------------------------------------------------- */

static void test_sync_counts(void **state)
{
    struct env *e = *state;
    struct catalog_write_stats ws;
    struct catalog_stats st;
    struct product p;

    ws = fixture_sync(e->cat, 0);
    assert_int_equal(ws.seen, FIXTURE_N);
    assert_int_equal(ws.added, FIXTURE_N);
    assert_int_equal(ws.changed + ws.unchanged + ws.retired, 0);

    assert_int_equal(catalog_stats(e->cat, &st), 0);
    assert_int_equal(st.products, 5);
    assert_int_equal(st.accessories, 1);
    assert_int_equal(st.hidden, 1);
    assert_int_equal(st.retired, 0);
    assert_int_equal(st.variants, 7);
    assert_true(st.last_sync > 1700000000);

    /* The same shop again: nothing rewritten. */
    ws = fixture_sync(e->cat, 0);
    assert_int_equal(ws.unchanged, FIXTURE_N);
    assert_int_equal(ws.added + ws.changed + ws.retired, 0);

    /* One price changed: one product rewritten. */
    assert_int_equal(catalog_begin(e->cat), 0);
    for (int i = 0; i < FIXTURE_N; i++) {
        fixture_product(i, &p);
        if (i == 0)
            p.variants[0].price = 16000;
        assert_int_equal(catalog_put(e->cat, &p), 0);
        product_clear(&p);
    }
    assert_int_equal(catalog_commit(e->cat, 1, &ws), 0);
    assert_int_equal(ws.changed, 1);
    assert_int_equal(ws.unchanged, FIXTURE_N - 1);
    assert_int_equal(catalog_get(e->cat, id_of(e->cat, "RB1"), &p), 0);
    assert_int_equal(p.variants[0].price, 16000);
    product_clear(&p);
}

static void test_retire_and_return(void **state)
{
    struct env *e = *state;
    struct catalog_write_stats ws;
    struct catalog_stats st;
    struct product p;
    int64_t id;

    fixture_sync(e->cat, 0);
    id = id_of(e->cat, "LF1");
    ws = fixture_sync(e->cat, 1u << FIXTURE_LAFONT);
    assert_int_equal(ws.retired, 1);
    assert_int_equal(total_of(e->cat, "iris"), 0);
    assert_int_equal(total_of(e->cat, NULL), 4);
    assert_int_equal(catalog_get(e->cat, id, &p), KERR_NOTFOUND);
    assert_int_equal(catalog_find_sku(e->cat, "LF1", &id), KERR_NOTFOUND);
    assert_int_equal(catalog_stats(e->cat, &st), 0);
    assert_int_equal(st.retired, 1);
    assert_int_equal(st.products, 4);

    ws = fixture_sync(e->cat, 0);
    assert_int_equal(ws.changed, 1);
    assert_int_equal(ws.retired, 0);
    assert_int_equal(total_of(e->cat, "iris"), 1);
    assert_int_equal(id_of(e->cat, "LF1"), id);
    assert_int_equal(catalog_stats(e->cat, &st), 0);
    assert_int_equal(st.retired, 0);
}

static void test_duplicate_in_one_write(void **state)
{
    struct env *e = *state;
    struct catalog_write_stats ws;
    struct product p;

    assert_int_equal(catalog_begin(e->cat), 0);
    assert_int_equal(catalog_begin(e->cat), KERR_INVAL);
    fixture_product(0, &p);
    assert_int_equal(catalog_put(e->cat, &p), 0);
    product_set(&p.model, "Something else");
    assert_int_equal(catalog_put(e->cat, &p), CATALOG_DUPLICATE);
    product_clear(&p);
    assert_int_equal(catalog_commit(e->cat, 1, &ws), 0);
    assert_int_equal(ws.seen, 1);
    assert_int_equal(ws.added, 1);
    assert_int_equal(ws.duplicate, 1);
    assert_int_equal(total_of(e->cat, "aviator"), 1);
    assert_int_equal(total_of(e->cat, "something"), 0);
}

static void test_rollback_keeps_catalog(void **state)
{
    struct env *e = *state;
    struct product p;

    fixture_sync(e->cat, 0);
    assert_int_equal(catalog_begin(e->cat), 0);
    fixture_product(0, &p);
    product_set(&p.source_id, "new-one");
    product_set(&p.brand, "Zenka");
    assert_int_equal(catalog_put(e->cat, &p), 0);
    product_clear(&p);
    catalog_rollback(e->cat);
    catalog_rollback(NULL);

    assert_int_equal(total_of(e->cat, "zenka"), 0);
    assert_int_equal(total_of(e->cat, NULL), 5);
}

static void test_min_products_refusal(void **state)
{
    struct env *e = *state;
    struct catalog_write_stats ws;
    struct product p;
    char before[32], after[32];

    fixture_sync(e->cat, 0);
    assert_int_equal(catalog_meta_get(e->cat, "sync.last_good", before,
                                      sizeof(before)), 0);
    assert_int_equal(catalog_begin(e->cat), 0);
    fixture_product(0, &p);
    assert_int_equal(catalog_put(e->cat, &p), 0);
    product_clear(&p);
    assert_int_equal(catalog_commit(e->cat, 5, &ws), KERR_REFUSED);
    assert_non_null(strstr(kerr_msg(), "only 1 products"));

    assert_int_equal(total_of(e->cat, NULL), 5);
    assert_int_equal(catalog_meta_get(e->cat, "sync.last_good", after,
                                      sizeof(after)), 0);
    assert_string_equal(before, after);
    /* The connection can write again afterwards. */
    assert_int_equal(catalog_begin(e->cat), 0);
    catalog_rollback(e->cat);
}

static void test_second_connection(void **state)
{
    struct env *e = *state;
    struct catalog *ui;
    struct product p;

    fixture_sync(e->cat, 0);
    ui = catalog_open(e->path, CATALOG_READONLY);
    assert_non_null(ui);
    assert_int_equal(total_of(ui, NULL), 5);

    assert_int_equal(catalog_begin(e->cat), 0);
    for (int i = 0; i < FIXTURE_N; i++) {
        fixture_product(i, &p);
        assert_int_equal(catalog_put(e->cat, &p), 0);
        product_clear(&p);
    }
    fixture_product(0, &p);
    product_set(&p.source_id, "extra");
    product_set(&p.brand, "Zenka");
    assert_int_equal(catalog_put(e->cat, &p), 0);
    product_clear(&p);

    /* Mid-write the UI still sees the last good catalog. */
    assert_int_equal(total_of(ui, NULL), 5);
    assert_int_equal(total_of(ui, "zenka"), 0);
    assert_int_equal(catalog_commit(e->cat, 1, NULL), 0);

    assert_int_equal(total_of(ui, NULL), 6);
    assert_int_equal(total_of(ui, "zenka"), 1);
    catalog_close(ui);
}

/* ---- Stock, lead days, get -------------------------------------------- */

static void item_of(struct catalog *c, const char *text,
                    struct catalog_item *out)
{
    struct catalog_query q = {0};
    struct catalog_result r;

    q.text = text;
    q.limit = 1;
    assert_int_equal(catalog_query(c, &q, &r), 0);
    assert_int_equal(r.total, 1);
    *out = r.items[0];
    out->handle = out->brand = out->model = out->image = NULL;
    catalog_result_free(&r);
}

static void test_stock_and_lead_days(void **state)
{
    struct env *e = *state;
    const struct catalog_stock rows[] = {
        {"RB2a", 2}, {"LF1", 0}, {"NOPE", 5}, {"", 3}, {"RB2a", 1},
    };
    struct catalog_item it;
    struct catalog_stats st;
    struct product p;

    fixture_sync(e->cat, 0);
    item_of(e->cat, "aviator", &it);
    assert_int_equal(it.lead_days, 5);
    assert_int_equal(it.on_shelf, 0);
    item_of(e->cat, "wayfarer", &it);
    assert_int_equal(it.lead_days, 14);
    item_of(e->cat, "lemtosh", &it);
    assert_int_equal(it.lead_days, -1);
    catalog_set_default_lead(e->cat, 3);
    item_of(e->cat, "iris", &it);
    assert_int_equal(it.lead_days, 3);

    assert_int_equal(catalog_set_stock(e->cat, rows, 5), 0);
    item_of(e->cat, "wayfarer", &it);
    assert_int_equal(it.on_shelf, 1);
    assert_int_equal(it.lead_days, 0);
    item_of(e->cat, "iris", &it);
    assert_int_equal(it.on_shelf, 0);
    assert_int_equal(catalog_stats(e->cat, &st), 0);
    assert_int_equal(st.on_shelf, 1);

    assert_int_equal(catalog_get(e->cat, id_of(e->cat, "RB2a"), &p), 0);
    assert_int_equal(p.n_variants, 2);
    assert_string_equal(p.variants[0].sku, "RB2a");
    assert_int_equal(p.variants[0].shelf_qty, 3); /* both rows summed */
    assert_int_equal(p.variants[1].shelf_qty, 0);
    product_clear(&p);

    /* Stock replaced as a whole. */
    assert_int_equal(catalog_set_stock(e->cat, rows + 1, 1), 0);
    item_of(e->cat, "wayfarer", &it);
    assert_int_equal(it.on_shelf, 0);
}

static void test_get_round_trip(void **state)
{
    struct env *e = *state;
    struct product p;
    int64_t id;

    fixture_sync(e->cat, 0);
    id = id_of(e->cat, "RB2b");
    assert_int_equal(id_of(e->cat, "RB2a"), id);
    assert_int_equal(catalog_get(e->cat, id, &p), 0);
    assert_string_equal(p.source_id, "ray2");
    assert_string_equal(p.brand, "Ray-Ban");
    assert_string_equal(p.model, "Wayfarer");
    assert_int_equal(p.category, PRODUCT_OPTICAL);
    assert_string_equal(p.shape, "square");
    assert_int_equal(p.created, 200);
    assert_int_equal(p.n_images, 2);
    assert_string_equal(p.images[1], "https://img.example/ray2-b.jpg");
    assert_int_equal(p.n_variants, 2);
    assert_string_equal(p.variants[1].sku, "RB2b");
    assert_true(p.variants[1].size.lens_mm == 52.0);
    assert_int_equal(p.variants[1].size.measured, 1);
    assert_string_equal(p.variants[1].currency, "EUR");
    assert_int_equal(p.variants[1].price, 12000);
    assert_int_equal(p.variants[1].lead_days, -1);
    assert_string_equal(p.variants[1].tryon_image,
                        "https://img.example/ray2-t1.png");
    product_clear(&p);

    assert_int_equal(catalog_get(e->cat, 99999, &p), KERR_NOTFOUND);
    assert_int_equal(catalog_find_sku(e->cat, "GIFT", &id), KERR_NOTFOUND);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_image_urls(void **state)
{
    struct env *e = *state;
    char **urls;
    size_t n;

    fixture_sync(e->cat, 0);
    assert_int_equal(catalog_image_urls(e->cat, &urls, &n), 0);
    qsort(urls, n, sizeof(*urls), cmp_str);
    assert_int_equal(n, FIXTURE_IMAGES);
    for (size_t i = 0; i + 1 < n; i++)
        assert_true(strcmp(urls[i], urls[i + 1]) < 0);
    for (size_t i = 0; i < n; i++) {
        assert_null(strstr(urls[i], "gift"));
        free(urls[i]);
    }
    free(urls);
}

/* ---- Search ------------------------------------------------------------ */

static void test_search_prefix_and_accents(void **state)
{
    static const struct {
        const char *text;
        int total;
    } cases[] = {
        {"ra", 2},        {"RAY", 2},      {"ray wayf", 1},
        {"ecaille", 1},   {"ÉCAILLE", 1},  {"écaille", 1},
        {"r", 5},         {"titan", 1},    {"momentum", 1},
        {"ray-ban", 2},   {"gift", 0},     {"case", 0},
        {"zzz", 0},       {"", 5},         {"  ,. ", 5},
    };
    struct env *e = *state;

    fixture_sync(e->cat, 0);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int got = total_of(e->cat, cases[i].text);

        if (got != cases[i].total)
            fail_msg("'%s': %d results, %d expected", cases[i].text, got,
                     cases[i].total);
    }
}

static void test_hostile_text(void **state)
{
    static const char *const texts[] = {
        "\"", "\"\"\"", "*", "(", ")", "AND", "OR", "NOT", "NEAR",
        "NEAR(ray", "ray OR", "-ray", "ray:", "brand:ray", "^ray", "ray\"*",
        "\"ray\" AND (", "{brand}: x", "\xff\xfe\xc3", "ray\xe2\x82",
        "\xf0\x9f\x98\x80", "\xe2\x84\xa2", "a\x01b", "%s%n", "\\",
    };
    struct env *e = *state;
    struct catalog_query q = {0};
    struct catalog_result r;
    char *big = malloc(10241);

    fixture_sync(e->cat, 0);
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        q.text = texts[i];
        q.limit = 5;
        q.facets = 1;
        if (catalog_query(e->cat, &q, &r) != 0)
            fail_msg("'%s': %s", texts[i], kerr_msg());
        catalog_result_free(&r);
    }

    for (int i = 0; i < 10240; i++)
        big[i] = "ray \"(*)AND\xc3"[i % 13];
    big[10240] = '\0';
    q.text = big;
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    catalog_result_free(&r);
    memset(big, 'a', 10240);
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.total, 0);
    catalog_result_free(&r);
    free(big);
}

/* Query with one chosen value (or none) and return the total. */
static int total_chosen(struct catalog *c, enum catalog_dim d,
                        const char *v1, const char *v2)
{
    struct catalog_query q = {0};
    struct catalog_result r;
    int total;

    q.chosen[d][0] = v1;
    q.chosen[d][1] = v2;
    assert_int_equal(catalog_query(c, &q, &r), 0);
    total = r.total;
    catalog_result_free(&r);
    return total;
}

static void test_filters(void **state)
{
    const struct catalog_stock rows[] = {{"RB2a", 2}};
    struct env *e = *state;
    struct catalog_query q = {0};
    struct catalog_result r;

    fixture_sync(e->cat, 0);
    assert_int_equal(total_chosen(e->cat, CATALOG_BRAND, "Ray-Ban", 0), 2);
    assert_int_equal(total_chosen(e->cat, CATALOG_BRAND, "Ray-Ban",
                                  "Lafont"), 3);
    assert_int_equal(total_chosen(e->cat, CATALOG_BRAND, "Nobody", 0), 0);
    assert_int_equal(total_chosen(e->cat, CATALOG_SHAPE, "round", 0), 1);
    assert_int_equal(total_chosen(e->cat, CATALOG_MATERIAL, "acetate", 0),
                     3);
    assert_int_equal(total_chosen(e->cat, CATALOG_RIM, "rimless", 0), 1);
    assert_int_equal(total_chosen(e->cat, CATALOG_COLOUR, "Black", 0), 2);
    assert_int_equal(total_chosen(e->cat, CATALOG_COLOUR, "Écaille",
                                  "Gold"), 2);
    assert_int_equal(total_chosen(e->cat, CATALOG_GENDER, "women", 0), 1);
    assert_int_equal(total_chosen(e->cat, CATALOG_CATEGORY, "sun", 0), 1);
    assert_int_equal(total_chosen(e->cat, CATALOG_CATEGORY, "accessory",
                                  0), 1);
    assert_int_equal(total_chosen(e->cat, CATALOG_CATEGORY, "hidden", 0),
                     0);
    assert_int_equal(total_chosen(e->cat, CATALOG_PRICE, "300-500", 0), 2);
    assert_int_equal(total_chosen(e->cat, CATALOG_SIZE, "48-50", 0), 2);
    assert_int_equal(total_chosen(e->cat, CATALOG_SIZE, "medium", "57+"),
                     2);
    assert_int_equal(total_chosen(e->cat, CATALOG_SHELF, "yes", 0), 0);

    q.price_min = 13000;
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.total, 3);
    catalog_result_free(&r);
    q.price_min = 0;
    q.lens_min = 53;
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.total, 2);
    catalog_result_free(&r);
    q.lens_min = 0;
    q.lens_max = 50;
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.total, 2);
    catalog_result_free(&r);

    assert_int_equal(catalog_set_stock(e->cat, rows, 1), 0);
    memset(&q, 0, sizeof(q));
    q.on_shelf = 1;
    q.limit = 5;
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.total, 1);
    assert_string_equal(r.items[0].model, "Wayfarer");
    catalog_result_free(&r);
    assert_int_equal(total_chosen(e->cat, CATALOG_SHELF, "yes", 0), 1);
}

static int facet_count(const struct catalog_result *r, enum catalog_dim d,
                       const char *value)
{
    for (int i = 0; i < r->facets[d].n; i++) {
        if (strcmp(r->facets[d].values[i].value, value) == 0)
            return r->facets[d].values[i].count;
    }
    return 0;
}

static void test_facets_drill_sideways(void **state)
{
    const struct catalog_stock rows[] = {{"RB2b", 1}, {"SI1", 1}};
    struct env *e = *state;
    struct catalog_query q = {0};
    struct catalog_result r;

    fixture_sync(e->cat, 0);
    assert_int_equal(catalog_set_stock(e->cat, rows, 2), 0);
    q.facets = 1;
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.facets[CATALOG_BRAND].n, 4);
    assert_string_equal(r.facets[CATALOG_BRAND].values[0].value, "Ray-Ban");
    assert_int_equal(r.facets[CATALOG_BRAND].values[0].count, 2);
    assert_int_equal(facet_count(&r, CATALOG_CATEGORY, "optical"), 4);
    assert_int_equal(facet_count(&r, CATALOG_CATEGORY, "sun"), 1);
    assert_int_equal(facet_count(&r, CATALOG_CATEGORY, "accessory"), 1);
    assert_int_equal(facet_count(&r, CATALOG_CATEGORY, "hidden"), 0);
    assert_int_equal(facet_count(&r, CATALOG_COLOUR, "Black"), 2);
    assert_int_equal(facet_count(&r, CATALOG_COLOUR, "Écaille"), 1);
    assert_int_equal(facet_count(&r, CATALOG_PRICE, "100-200"), 2);
    assert_int_equal(facet_count(&r, CATALOG_PRICE, "300-500"), 2);
    assert_int_equal(facet_count(&r, CATALOG_SIZE, "48-50"), 2);
    assert_int_equal(facet_count(&r, CATALOG_SIZE, "51-53"), 1);
    assert_int_equal(facet_count(&r, CATALOG_SIZE, "54-56"), 1);
    assert_int_equal(facet_count(&r, CATALOG_SIZE, "57+"), 1);
    assert_int_equal(facet_count(&r, CATALOG_SIZE, "medium"), 1);
    assert_int_equal(facet_count(&r, CATALOG_SHELF, "yes"), 2);
    assert_int_equal(facet_count(&r, CATALOG_GENDER, "unisex"), 3);
    catalog_result_free(&r);

    /* Ray-Ban chosen: brands still counted as if open, the rest narrowed. */
    q.chosen[CATALOG_BRAND][0] = "Ray-Ban";
    q.chosen[CATALOG_SHAPE][0] = "square";
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.total, 1);
    assert_int_equal(facet_count(&r, CATALOG_BRAND, "Ray-Ban"), 1);
    assert_int_equal(facet_count(&r, CATALOG_BRAND, "Silhouette"), 0);
    assert_int_equal(facet_count(&r, CATALOG_SHAPE, "square"), 1);
    assert_int_equal(facet_count(&r, CATALOG_SHAPE, "aviator"), 1);
    assert_int_equal(facet_count(&r, CATALOG_SHAPE, "round"), 0);
    assert_int_equal(facet_count(&r, CATALOG_MATERIAL, "acetate"), 1);
    assert_int_equal(facet_count(&r, CATALOG_MATERIAL, "metal"), 0);
    assert_int_equal(facet_count(&r, CATALOG_SHELF, "yes"), 1);
    catalog_result_free(&r);

    /* Text narrows facets too; a chosen value with no match stays. */
    memset(&q, 0, sizeof(q));
    q.facets = 1;
    q.text = "acetate";
    q.chosen[CATALOG_RIM][0] = "rimless";
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.total, 0);
    assert_int_equal(facet_count(&r, CATALOG_RIM, "full"), 3);
    assert_int_equal(r.facets[CATALOG_RIM].n, 2);
    assert_int_equal(facet_count(&r, CATALOG_BRAND, "Ray-Ban"), 0);
    catalog_result_free(&r);
}

static void expect_order(struct catalog *c, enum catalog_sort sort,
                         const char *const *models, int n)
{
    struct catalog_query q = {0};
    struct catalog_result r;

    q.sort = sort;
    q.limit = 10;
    assert_int_equal(catalog_query(c, &q, &r), 0);
    assert_int_equal(r.n_items, n);
    for (int i = 0; i < n; i++)
        assert_string_equal(r.items[i].model, models[i]);
    catalog_result_free(&r);

    /* Pages of two put end to end give the same order. */
    for (int off = 0; off < n; off += 2) {
        q.offset = off;
        q.limit = 2;
        assert_int_equal(catalog_query(c, &q, &r), 0);
        assert_int_equal(r.total, n);
        for (int i = 0; i < r.n_items; i++)
            assert_string_equal(r.items[i].model, models[off + i]);
        catalog_result_free(&r);
    }
}

static void test_sorts_and_paging(void **state)
{
    static const char *const up[] = {"Wayfarer", "Aviator Classic", "Iris",
                                      "Momentum", "Lemtosh"};
    static const char *const down[] = {"Momentum", "Iris",
                                       "Aviator Classic", "Wayfarer",
                                       "Lemtosh"};
    static const char *const newest[] = {"Lemtosh", "Iris",
                                         "Aviator Classic", "Wayfarer",
                                         "Momentum"};
    static const char *const brand[] = {"Iris", "Lemtosh",
                                        "Aviator Classic", "Wayfarer",
                                        "Momentum"};
    struct env *e = *state;
    struct catalog_query q = {0};
    struct catalog_result r;

    fixture_sync(e->cat, 0);
    expect_order(e->cat, CATALOG_SORT_PRICE_UP, up, 5);
    expect_order(e->cat, CATALOG_SORT_PRICE_DOWN, down, 5);
    expect_order(e->cat, CATALOG_SORT_NEWEST, newest, 5);
    expect_order(e->cat, CATALOG_SORT_BRAND, brand, 5);
    expect_order(e->cat, CATALOG_SORT_RELEVANCE, brand, 5);

    q.limit = 3;
    q.offset = 4;
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.n_items, 1);
    catalog_result_free(&r);
    q.offset = 9;
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.n_items, 0);
    assert_int_equal(r.total, 5);
    catalog_result_free(&r);

    /* Item fields come from the index and the row. */
    q.offset = 0;
    q.limit = 1;
    q.text = "wayfarer";
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_string_equal(r.items[0].handle, "ray2-handle");
    assert_string_equal(r.items[0].brand, "Ray-Ban");
    assert_string_equal(r.items[0].image, "https://img.example/ray2-a.jpg");
    assert_string_equal(r.items[0].currency, "EUR");
    assert_int_equal(r.items[0].price_min, 12000);
    assert_int_equal(r.items[0].n_variants, 2);
    assert_int_equal(r.items[0].category, PRODUCT_OPTICAL);
    catalog_result_free(&r);
}

/*
 * Over CATALOG_RANK_MAX matches, brand-prefix matches come before
 * model-prefix ones, each group in brand/model order.
 */
static void test_relevance_large_match(void **state)
{
    struct env *e = *state;
    struct catalog_query q = {0};
    struct catalog_result r;
    struct product p;
    char buf[32];

    assert_int_equal(catalog_begin(e->cat), 0);
    for (int i = 0; i < 2100; i++) {
        fixture_product(1, &p);
        snprintf(buf, sizeof(buf), "z%d", i);
        product_set(&p.source_id, buf);
        product_set(&p.brand, i == 7 ? "Acme" : "Zeta");
        snprintf(buf, sizeof(buf), "%s %04d", i == 7 ? "Zebra" : "M", i);
        product_set(&p.model, buf);
        assert_int_equal(catalog_put(e->cat, &p), 0);
        product_clear(&p);
    }
    assert_int_equal(catalog_commit(e->cat, 1, NULL), 0);

    q.text = "ze";
    q.limit = 2;
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.total, 2100);
    assert_string_equal(r.items[0].brand, "Zeta");
    assert_string_equal(r.items[0].model, "M 0000");
    assert_string_equal(r.items[1].model, "M 0001");
    catalog_result_free(&r);
    q.offset = 2099;
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.n_items, 1);
    assert_string_equal(r.items[0].brand, "Acme");
    catalog_result_free(&r);
}

static void test_accessories_apart(void **state)
{
    struct env *e = *state;
    struct catalog_query q = {0};
    struct catalog_result r;

    fixture_sync(e->cat, 0);
    q.text = "case";
    q.limit = 5;
    q.chosen[CATALOG_CATEGORY][0] = "accessory";
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.total, 1);
    assert_int_equal(r.items[0].category, PRODUCT_ACCESSORY);
    catalog_result_free(&r);

    q.text = "gift";
    q.chosen[CATALOG_CATEGORY][1] = "optical";
    q.chosen[CATALOG_CATEGORY][2] = "hidden";
    assert_int_equal(catalog_query(e->cat, &q, &r), 0);
    assert_int_equal(r.total, 0);
    catalog_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_open_creates_and_reopens),
        T(test_refuses_non_database),
        T(test_readonly),
        T(test_sync_counts),
        T(test_retire_and_return),
        T(test_duplicate_in_one_write),
        T(test_rollback_keeps_catalog),
        T(test_min_products_refusal),
        T(test_second_connection),
        T(test_stock_and_lead_days),
        T(test_get_round_trip),
        T(test_image_urls),
        T(test_search_prefix_and_accents),
        T(test_hostile_text),
        T(test_filters),
        T(test_facets_drill_sideways),
        T(test_sorts_and_paging),
        T(test_relevance_large_match),
        T(test_accessories_apart),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
