/* Demo store: determinism, its shape at scale, revisions, pages, files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "demo.h"
#include "kerr.h"
#include "log.h"

#include <ftw.h>
#include <jansson.h>
#include <stb/stb_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BIG 50000

static const struct demo_opts store50k = {BIG, 7, 0, "https://img.test"};

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int variant_eq(const struct product_variant *a,
                      const struct product_variant *b)
{
    return str_eq(a->source_id, b->source_id) && str_eq(a->sku, b->sku) &&
           str_eq(a->colour, b->colour) &&
           str_eq(a->size_label, b->size_label) &&
           a->size.lens_mm == b->size.lens_mm &&
           a->size.bridge_mm == b->size.bridge_mm &&
           a->size.temple_mm == b->size.temple_mm &&
           a->size.frame_width_mm == b->size.frame_width_mm &&
           a->size.lens_height_mm == b->size.lens_height_mm &&
           strcmp(a->size.fit, b->size.fit) == 0 && a->price == b->price &&
           strcmp(a->currency, b->currency) == 0 &&
           a->orderable == b->orderable && a->shelf_qty == b->shelf_qty &&
           a->lead_days == b->lead_days &&
           str_eq(a->tryon_image, b->tryon_image);
}

/* Field by field: every string, number, image and variant. */
static int product_eq(const struct product *a, const struct product *b)
{
    if (!str_eq(a->source_id, b->source_id) ||
        !str_eq(a->handle, b->handle) || !str_eq(a->title, b->title) ||
        !str_eq(a->brand, b->brand) || !str_eq(a->model, b->model) ||
        a->category != b->category || !str_eq(a->shape, b->shape) ||
        !str_eq(a->material, b->material) || !str_eq(a->rim, b->rim) ||
        !str_eq(a->gender, b->gender) || !str_eq(a->colours, b->colours) ||
        !str_eq(a->tags, b->tags) ||
        !str_eq(a->description, b->description) ||
        a->n_images != b->n_images || a->n_variants != b->n_variants ||
        a->created != b->created)
        return 0;
    for (size_t k = 0; k < a->n_images; k++) {
        if (!str_eq(a->images[k], b->images[k]))
            return 0;
    }
    for (size_t k = 0; k < a->n_variants; k++) {
        if (!variant_eq(&a->variants[k], &b->variants[k]))
            return 0;
    }
    return 1;
}

static void test_same_product_twice(void **state)
{
    struct product a, b;

    (void)state;
    assert_int_equal(demo_product(&store50k, 12345, &a), 0);
    assert_int_equal(demo_product(&store50k, 12345, &b), 0);
    assert_true(product_eq(&a, &b));
    assert_string_equal(a.source_id, "13345");
    assert_non_null(a.title);
    assert_true(a.n_variants >= 1 && a.n_variants <= 5);
    product_clear(&a);
    product_clear(&b);
}

/* Made alone, forwards or backwards, product i is the same product. */
static void test_alone_equals_sequence(void **state)
{
    enum { N = 300 };
    static struct product seq[N];
    struct product alone;

    (void)state;
    for (int i = 0; i < N; i++)
        assert_int_equal(demo_product(&store50k, i, &seq[i]), 0);
    for (int i = N - 1; i >= 0; i -= 7) {
        assert_int_equal(demo_product(&store50k, i, &alone), 0);
        assert_true(product_eq(&alone, &seq[i]));
        product_clear(&alone);
    }
    for (int i = 0; i < N; i++)
        product_clear(&seq[i]);
}

static void test_other_seed_other_store(void **state)
{
    struct demo_opts o = store50k;
    struct product a, b;

    (void)state;
    o.seed = 8;
    assert_int_equal(demo_product(&store50k, 5, &a), 0);
    assert_int_equal(demo_product(&o, 5, &b), 0);
    assert_false(product_eq(&a, &b));
    product_clear(&a);
    product_clear(&b);
}

static void test_out_of_range_refused(void **state)
{
    struct product p;

    (void)state;
    assert_int_equal(demo_product(&store50k, BIG, &p), KERR_INVAL);
    assert_int_equal(demo_product(&store50k, -1, &p), KERR_INVAL);
    assert_null(p.title);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct census {
    long variants;
    int shapes[16], materials[16];
    int cat[4];
    int bad_size, bad_price, shelf, sku_dupes, accent;
};

static void count_variant(struct census *c, const struct product_variant *v,
                          const struct product *p)
{
    c->variants++;
    c->shelf += v->shelf_qty > 0;
    if (v->price <= 0 || (v->price % 100 != 0 && v->price % 100 != 90))
        c->bad_price++;
    if (p->category > PRODUCT_SUN)
        return;
    if (v->size.lens_mm < 44 || v->size.lens_mm > 60 ||
        v->size.bridge_mm < 14 || v->size.bridge_mm > 22 ||
        v->size.temple_mm < 135 || v->size.temple_mm > 150 ||
        v->size.frame_width_mm <= v->size.lens_mm * 2 ||
        v->size.lens_height_mm <= 0 || !v->tryon_image)
        c->bad_size++;
    if (v->colour && strcmp(v->colour, "Écaille") == 0)
        c->accent++;
}

static void count_product(struct census *c, const struct product *p)
{
    static const char *const shapes[] = {
        "round",    "oval",     "square",    "rectangle", "cat-eye",
        "aviator",  "browline", "geometric", "panto",     "butterfly"};
    static const char *const mats[] = {"acetate", "metal", "titanium",
                                       "stainless steel", "mixed",
                                       "bio-acetate", "wood"};

    c->cat[p->category]++;
    for (int k = 0; p->shape && k < 10; k++)
        c->shapes[k] += strcmp(p->shape, shapes[k]) == 0;
    for (int k = 0; p->material && k < 7; k++)
        c->materials[k] += strcmp(p->material, mats[k]) == 0;
    for (size_t k = 0; k < p->n_variants; k++)
        count_variant(c, &p->variants[k], p);
}

static void test_store_of_50k(void **state)
{
    struct census c = {0};
    char **skus = malloc(sizeof(char *) * BIG * 5);
    long n = 0;
    double t0 = now();

    (void)state;
    assert_non_null(skus);
    for (int i = 0; i < BIG; i++) {
        struct product p;

        assert_int_equal(demo_product(&store50k, i, &p), 0);
        count_product(&c, &p);
        for (size_t k = 0; k < p.n_variants; k++)
            skus[n++] = strdup(p.variants[k].sku);
        product_clear(&p);
    }
    print_message("50,000 products generated in %.2f s\n", now() - t0);

    assert_true(c.variants >= 148500 && c.variants <= 151500);
    assert_int_equal(c.bad_size, 0);
    assert_int_equal(c.bad_price, 0);
    for (int k = 0; k < 10; k++)
        assert_true(c.shapes[k] > 500);
    for (int k = 0; k < 7; k++)
        assert_true(c.materials[k] > 200);
    assert_int_equal(c.cat[PRODUCT_HIDDEN], 1);
    assert_in_range(c.cat[PRODUCT_ACCESSORY], BIG / 100, BIG * 3 / 100);
    assert_in_range(c.cat[PRODUCT_SUN], BIG * 18 / 100, BIG * 32 / 100);
    assert_in_range(c.shelf, c.variants * 12 / 100, c.variants * 18 / 100);
    assert_true(c.accent > 100);

    qsort(skus, (size_t)n, sizeof(*skus), cmp_str);
    for (long k = 1; k < n; k++)
        c.sku_dupes += strcmp(skus[k - 1], skus[k]) == 0;
    assert_int_equal(c.sku_dupes, 0);
    for (long k = 0; k < n; k++)
        free(skus[k]);
    free(skus);
}

static void test_revision_changes_about_one_percent(void **state)
{
    struct demo_opts r1 = store50k;
    int changed = 0;

    (void)state;
    r1.revision = 1;
    for (int i = 0; i < BIG; i++) {
        struct product a, b;

        assert_int_equal(demo_product(&store50k, i, &a), 0);
        assert_int_equal(demo_product(&r1, i, &b), 0);
        changed += !product_eq(&a, &b);
        assert_int_equal(a.n_variants, b.n_variants);
        product_clear(&a);
        product_clear(&b);
    }
    print_message("revision 1 changed %d of %d products\n", changed, BIG);
    assert_in_range(changed, BIG / 200, BIG / 50);
}

static json_t *load_page(const struct demo_opts *o, int page, int limit)
{
    size_t len = 0;
    char *body = demo_shopify_page(o, page, limit, &len);
    json_error_t err;
    json_t *root;

    assert_non_null(body);
    assert_int_equal(strlen(body), len);
    root = json_loadb(body, len, 0, &err);
    if (!root)
        print_error("page %d: %s at line %d\n", page, err.text, err.line);
    assert_non_null(root);
    free(body);
    return root;
}

static void check_shopify_variant(json_t *v, json_t *p)
{
    const char *price = json_string_value(json_object_get(v, "price"));

    assert_true(json_is_integer(json_object_get(v, "id")));
    assert_int_equal(json_integer_value(json_object_get(v, "product_id")),
                     json_integer_value(json_object_get(p, "id")));
    assert_non_null(json_string_value(json_object_get(v, "title")));
    assert_non_null(json_string_value(json_object_get(v, "option1")));
    assert_non_null(json_string_value(json_object_get(v, "sku")));
    assert_non_null(price);
    assert_non_null(strchr(price, '.'));
    assert_true(json_is_boolean(json_object_get(v, "available")));
}

static void test_shopify_page(void **state)
{
    json_t *root = load_page(&store50k, 3, 250), *products, *p;
    size_t k;

    (void)state;
    products = json_object_get(root, "products");
    assert_int_equal(json_array_size(products), 250);
    json_array_foreach(products, k, p) {
        json_t *vs = json_object_get(p, "variants"), *v;
        size_t j;

        assert_int_equal(json_integer_value(json_object_get(p, "id")),
                         1000 + 500 + (json_int_t)k);
        assert_non_null(json_string_value(json_object_get(p, "title")));
        assert_non_null(json_string_value(json_object_get(p, "handle")));
        assert_non_null(json_string_value(json_object_get(p, "vendor")));
        assert_non_null(json_string_value(json_object_get(p, "tags")));
        assert_non_null(json_string_value(json_object_get(p, "body_html")));
        assert_non_null(
            json_string_value(json_object_get(p, "product_type")));
        assert_true(json_array_size(json_object_get(p, "options")) >= 1);
        assert_true(json_array_size(vs) >= 1);
        json_array_foreach(vs, j, v)
            check_shopify_variant(v, p);
    }
    json_decref(root);
}

static void test_shopify_page_past_the_end(void **state)
{
    struct demo_opts o = store50k;
    json_t *root;

    (void)state;
    o.products = 300;
    root = load_page(&o, 2, 250);
    assert_int_equal(json_array_size(json_object_get(root, "products")), 50);
    json_decref(root);
    root = load_page(&o, 3, 250);
    assert_int_equal(json_array_size(json_object_get(root, "products")), 0);
    json_decref(root);
}

static void test_shopify_200_pages_timing(void **state)
{
    double t0 = now();
    size_t total = 0;

    (void)state;
    for (int page = 1; page <= 200; page++) {
        size_t len = 0;
        char *body = demo_shopify_page(&store50k, page, 250, &len);

        assert_non_null(body);
        total += len;
        free(body);
    }
    print_message("200 shopify pages of 250: %.2f s, %.1f MB\n",
                  now() - t0, (double)total / 1e6);
}

static void test_unknown_image(void **state)
{
    size_t len;

    (void)state;
    assert_null(demo_image_png(&store50k, "nope.png", &len));
    assert_null(demo_image_png(&store50k, "f-star-black-acetate.png", &len));
    assert_null(demo_image_png(&store50k, "../f-round-black-acetate.png",
                               &len));
}

static void test_image_sizes(void **state)
{
    size_t len;
    unsigned char *png, *px;
    int w, h, comp;

    (void)state;
    png = demo_image_png(&store50k, "t-cateye-black-acetate-sun.png", &len);
    assert_non_null(png);
    px = stbi_load_from_memory(png, (int)len, &w, &h, &comp, 4);
    assert_non_null(px);
    assert_int_equal(w, 1000);
    assert_int_equal(h, 400);
    assert_int_equal(comp, 4);
    assert_int_equal(px[3], 0);                       /* top left */
    assert_int_equal(px[4 * (399 * 1000 + 999) + 3], 0); /* bottom right */
    assert_int_equal(px[4 * (200 * 1000 + 290) + 3] > 150, 1); /* sun lens */
    stbi_image_free(px);
    free(png);
}

/* ---- the store on disk --------------------------------------------- */

static int rm_one(const char *path, const struct stat *st, int flag,
                  struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void check_image_file(const char *dir, const char *url)
{
    const char *name = strrchr(url, '/') + 1;
    char path[512];
    unsigned char *px;
    int w, h, comp, tryon = name[0] == 't';

    snprintf(path, sizeof(path), "%s/img/%s", dir, name);
    px = stbi_load(path, &w, &h, &comp, 0);
    if (!px)
        print_error("%s does not decode\n", path);
    assert_non_null(px);
    assert_int_equal(w, tryon ? 1000 : 800);
    assert_int_equal(h, 400);
    assert_int_equal(comp, tryon ? 4 : 3);
    if (tryon) {
        assert_int_equal(px[3], 0);
        assert_int_equal(px[4 * 999 + 3], 0);
        assert_int_equal(px[4 * (399 * 1000) + 3], 0);
        assert_int_equal(px[4 * (399 * 1000 + 999) + 3], 0);
    }
    stbi_image_free(px);
}

static void check_feed_variant(json_t *v, const char *dir)
{
    static const char *const nums[] = {"lens_width", "bridge", "temple",
                                       "frame_width", "lens_height"};

    assert_non_null(json_string_value(json_object_get(v, "id")));
    assert_non_null(json_string_value(json_object_get(v, "sku")));
    assert_non_null(json_string_value(json_object_get(v, "price")));
    assert_null(json_object_get(v, "shelf_qty"));
    if (!json_is_string(json_object_get(v, "size")))
        return;
    for (size_t k = 0; k < 5; k++)
        assert_true(json_is_number(json_object_get(v, nums[k])));
    assert_non_null(json_string_value(json_object_get(v, "size")));
    check_image_file(dir,
                     json_string_value(json_object_get(v, "tryon_image")));
}

static void check_feed_product(json_t *p, const char *dir)
{
    json_t *x;
    size_t k;

    assert_non_null(json_string_value(json_object_get(p, "id")));
    assert_non_null(json_string_value(json_object_get(p, "title")));
    assert_non_null(json_string_value(json_object_get(p, "category")));
    assert_non_null(json_string_value(json_object_get(p, "created")));
    assert_true(json_is_array(json_object_get(p, "tags")));
    assert_non_null(strstr(
        json_string_value(json_object_get(p, "description")), "<p>"));
    json_array_foreach(json_object_get(p, "images"), k, x)
        check_image_file(dir, json_string_value(x));
    assert_true(json_array_size(json_object_get(p, "variants")) >= 1);
    json_array_foreach(json_object_get(p, "variants"), k, x)
        check_feed_variant(x, dir);
}

static void test_write_store(void **state)
{
    char dir[] = "/tmp/kiosk-demo-XXXXXX", path[512], line[128];
    struct demo_opts o = {300, 3, 0, NULL};
    json_error_t err;
    json_t *root, *p;
    size_t k;
    FILE *f;
    int lines = 0;
    double t0;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "file://%s/img", dir);
    o.images = path;
    t0 = now();
    assert_int_equal(demo_write_store(&o, dir), 0);
    print_message("demo_write_store, 300 products: %.2f s\n", now() - t0);

    snprintf(path, sizeof(path), "%s/catalog.json", dir);
    root = json_load_file(path, 0, &err);
    assert_non_null(root);
    assert_string_equal(json_string_value(json_object_get(root, "feed")),
                        "optical-kiosk/1");
    assert_int_equal(json_array_size(json_object_get(root, "products")),
                     300);
    json_array_foreach(json_object_get(root, "products"), k, p)
        check_feed_product(p, dir);
    json_decref(root);

    snprintf(path, sizeof(path), "%s/stock.csv", dir);
    f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof(line), f));
    assert_string_equal(line, "sku,quantity\n");
    while (fgets(line, sizeof(line), f))
        lines++;
    fclose(f);
    assert_in_range(lines, 60, 250);

    /* Again over the same directory: pictures kept, files replaced. */
    assert_int_equal(demo_write_store(&o, dir), 0);
    assert_int_equal(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_product_twice),
        cmocka_unit_test(test_alone_equals_sequence),
        cmocka_unit_test(test_other_seed_other_store),
        cmocka_unit_test(test_out_of_range_refused),
        cmocka_unit_test(test_store_of_50k),
        cmocka_unit_test(test_revision_changes_about_one_percent),
        cmocka_unit_test(test_shopify_page),
        cmocka_unit_test(test_shopify_page_past_the_end),
        cmocka_unit_test(test_shopify_200_pages_timing),
        cmocka_unit_test(test_unknown_image),
        cmocka_unit_test(test_image_sizes),
        cmocka_unit_test(test_write_store),
    };

    log_set_level(LOG_ERROR);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
