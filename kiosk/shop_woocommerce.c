/*
 * shop_woocommerce: WooCommerce, through one of its two product APIs.
 *
 * With no [shop] key the public Store API (/wp-json/wc/store/v1/products)
 * is read: prices in minor units with their currency, and each variation
 * with its attributes (but no price of its own: it gets the product's).
 * With a read-only key and secret the REST API v3 (/wp-json/wc/v3/
 * products) is read with basic auth: prices in major units, stock counts,
 * drafts and hidden products (emitted as hidden). Its product list names
 * variations by id only, so a variable product first becomes one variant
 * (the product's price and stock) and asks, through shop_ops.detail, for
 * its /products/ID/variations pages, whose colour, size, SKU, price and
 * stock then replace it. Pages hold up to 100 products; the last page is
 * the one that reaches X-WP-TotalPages or, without that header, a short
 * page.
 */
#include "infer.h"
#include "jsonx.h"
#include "kerr.h"
#include "log.h"
#include "measure.h"
#include "numtext.h"
#include "shop.h"
#include "text.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WOO_PER_PAGE 100

struct woo_page {
    const struct config *cfg;
    const struct shop_page *pg;
    int rest; /* 1: REST API v3 objects, 0: Store API objects */
};

static int woo_request(const struct config *cfg, int page,
                       struct shop_request *req)
{
    size_t n = strlen(cfg->url);
    int rest = cfg->key[0] != '\0', w;

    while (n > 0 && cfg->url[n - 1] == '/')
        n--;
    if (n == 0)
        return kerr_set(KERR_INVAL, "woocommerce: [shop] url is empty");
    if (rest && !cfg->secret[0])
        return kerr_set(KERR_INVAL, "woocommerce: [shop] key is set but "
                        "secret is empty");
    if (page < 1)
        return kerr_set(KERR_INVAL, "woocommerce: page %d is not valid",
                        page);

    w = snprintf(req->url, sizeof(req->url),
                 "%.*s/wp-json/wc/%s/products?per_page=%d&page=%d", (int)n,
                 cfg->url, rest ? "v3" : "store/v1", WOO_PER_PAGE, page);
    if (w < 0 || (size_t)w >= sizeof(req->url))
        return kerr_set(KERR_INVAL, "woocommerce: [shop] url is too long");

    req->userpwd[0] = '\0';
    if (rest)
        snprintf(req->userpwd, sizeof(req->userpwd), "%s:%s", cfg->key,
                 cfg->secret);
    return 0;
}

/* Names of a list of {name} objects (categories, tags, brands). */
static int woo_names(const json_t *item, const char *key, char **out)
{
    int rc = jsonx_tags(json_object_get(item, key), out);

    return rc == KERR_INVAL ? 0 : rc;
}

/* Attribute values: Store API "terms" [{name}] or REST "options" [..]. */
static int woo_attr_values(const json_t *attr, char **out)
{
    const char *key = json_object_get(attr, "terms") ? "terms" : "options";

    return woo_names(attr, key, out);
}

/*
 * Product-level attributes: a brand, a single colour or size for the
 * variant `v` (may be NULL), several colours for the product, and the
 * rest as hints for infer_product().
 */
static int woo_attributes(const json_t *item, struct product *p,
                          struct product_variant *v, char **hints)
{
    const json_t *attr;
    size_t i;
    int rc = 0;

    json_array_foreach(json_object_get(item, "attributes"), i, attr) {
        const char *name = json_string_value(json_object_get(attr, "name"));
        enum infer_option kind = infer_option_kind(name ? name : "");
        char *values = NULL;
        int single;

        rc = woo_attr_values(attr, &values);
        if (rc < 0 || !values)
            continue;
        single = strstr(values, ", ") == NULL;

        if (kind == INFER_OPT_BRAND && !p->brand && single) {
            p->brand = values;
            values = NULL;
        } else if (kind == INFER_OPT_COLOUR && v && single && !v->colour) {
            v->colour = values;
            values = NULL;
        } else if (kind == INFER_OPT_COLOUR && !p->colours) {
            p->colours = values;
            values = NULL;
        } else if (kind == INFER_OPT_SIZE && v && single && !v->size_label) {
            rc = measure_from_text(&v->size, values) < 0 ? KERR_NOMEM : 0;
            v->size_label = values;
            values = NULL;
        } else if (kind == INFER_OPT_OTHER) {
            rc = text_join(hints, name, TEXT_TAGS_MAX);
            if (rc == 0)
                rc = text_join(hints, values, TEXT_TAGS_MAX);
        }
        free(values);
        if (rc < 0)
            break;
    }
    return rc;
}

static int woo_images(const json_t *item, struct product *p)
{
    const json_t *img;
    char *tryon = NULL;
    size_t i;
    int rc = 0;

    json_array_foreach(json_object_get(item, "images"), i, img) {
        const char *alt = json_string_value(json_object_get(img, "alt"));
        const char *name = json_string_value(json_object_get(img, "name"));
        char *src = NULL;

        rc = jsonx_text(img, "src", JSONX_RAW, TEXT_URL_MAX, &src);
        if (rc == KERR_INVAL)
            rc = 0;
        if (src && !tryon &&
            (infer_is_tryon(src, alt) || infer_is_tryon(src, name))) {
            tryon = src;
            src = NULL;
        } else if (src) {
            rc = product_add_image(p, src);
        }
        free(src);
        if (rc < 0)
            break;
    }

    for (size_t k = 0; rc == 0 && tryon && k < p->n_variants; k++)
        rc = product_set(&p->variants[k].tryon_image, tryon);
    if (rc == 0 && tryon && p->n_images == 0)
        rc = product_add_image(p, tryon);
    free(tryon);
    return rc;
}

/*
 * Store API price: minor units of `currency_minor_unit` digits, turned
 * into the minor units numtext_decimals() gives the currency.
 */
static int woo_store_price(const struct woo_page *wp, const json_t *item,
                           int64_t *price, char currency[4])
{
    const json_t *prices = json_object_get(item, "prices");
    const char *code;
    json_int_t unit;
    int rc, want;

    *price = -1;
    snprintf(currency, 4, "%s", wp->cfg->currency);
    if (!json_is_object(prices))
        return 0;

    code = json_string_value(json_object_get(prices, "currency_code"));
    if (code && strlen(code) == 3)
        snprintf(currency, 4, "%s", code);
    unit = json_integer_value(json_object_get(prices, "currency_minor_unit"));
    if (!json_is_integer(json_object_get(prices, "currency_minor_unit")) ||
        unit < 0 || unit > 3)
        unit = 2;

    rc = jsonx_price(json_object_get(prices, "price"), 0, price);
    if (rc < 0 || *price < 0)
        return rc;

    want = numtext_decimals(currency);
    for (; unit < want; unit++)
        *price *= 10;
    for (; unit > want; unit--)
        *price = (*price + 5) / 10;
    return 0;
}

/* REST API price: major units, "" for none; then the regular price. */
static int woo_rest_price(const struct woo_page *wp, const json_t *item,
                          int64_t *price, char currency[4])
{
    int dec = numtext_decimals(wp->cfg->currency);
    int rc;

    snprintf(currency, 4, "%s", wp->cfg->currency);
    rc = jsonx_price(json_object_get(item, "price"), dec, price);
    if (rc == 0 && *price < 0)
        rc = jsonx_price(json_object_get(item, "regular_price"), dec,
                              price);
    return rc;
}

/* Price checks shared by both APIs; 1 means skip the product. */
static int woo_price(const struct woo_page *wp, const json_t *item,
                     const char *id, int64_t *price, char currency[4])
{
    int rc = wp->rest ? woo_rest_price(wp, item, price, currency)
                      : woo_store_price(wp, item, price, currency);

    if (rc == KERR_INVAL || rc == KERR_REFUSED)
        return jsonx_skip(wp->pg, id, 0, "price: %s", kerr_msg());
    if (rc == KERR_PARSE) {
        log_warn("shop", "%s: page %d: product %s: %s; no price shown",
                 jsonx_source(wp->pg), wp->pg->page, id, kerr_msg());
        *price = -1;
    }
    return 0;
}

/* Orderable and stock from either API's fields. */
static void woo_stock(const struct woo_page *wp, const json_t *item,
                      struct product_variant *v)
{
    const json_t *qty = json_object_get(item, "stock_quantity");
    const char *status, *back;

    if (!wp->rest) {
        v->orderable =
            jsonx_bool(json_object_get(item, "is_purchasable"), 1) &&
            jsonx_bool(json_object_get(item, "is_in_stock"), 1);
        return;
    }

    status = json_string_value(json_object_get(item, "stock_status"));
    back = json_string_value(json_object_get(item, "backorders"));
    v->orderable = jsonx_bool(json_object_get(item, "purchasable"), 1);
    if (status && !strcmp(status, "outofstock") &&
        (!back || !strcmp(back, "no")))
        v->orderable = 0;
    if (json_is_integer(qty) && json_integer_value(qty) >= 0 &&
        json_integer_value(qty) < 1000000)
        v->online_qty = (int)json_integer_value(qty);
}

/*
 * A variation's colour and size from its attributes; the Store API names
 * the chosen term `value`, the REST API `option`.
 */
static int woo_variation_options(const json_t *jv, const char *key,
                                 struct product_variant *v)
{
    const json_t *attr;
    size_t i;

    json_array_foreach(json_object_get(jv, "attributes"), i, attr) {
        const char *name = json_string_value(json_object_get(attr, "name"));
        enum infer_option kind = infer_option_kind(name ? name : "");
        char **slot = kind == INFER_OPT_COLOUR ? &v->colour
                      : kind == INFER_OPT_SIZE ? &v->size_label
                                               : NULL;

        if (!slot || *slot)
            continue;
        if (jsonx_text(attr, key, JSONX_LINE, TEXT_FIELD_MAX, slot) ==
            KERR_NOMEM)
            return KERR_NOMEM;
        if (kind == INFER_OPT_SIZE && v->size_label &&
            measure_from_text(&v->size, v->size_label) < 0)
            return KERR_NOMEM;
    }
    return 0;
}

/* A Store API variation: its id and attributes, the product's price. */
static int woo_variation(const struct woo_page *wp, const json_t *jv,
                         size_t index, const struct product_variant *base,
                         struct product *p)
{
    struct product_variant *v;
    int rc;

    v = product_add_variant(p);
    if (!v)
        return KERR_NOMEM;
    v->price = base->price;
    v->orderable = base->orderable;
    memcpy(v->currency, base->currency, sizeof(v->currency));

    rc = jsonx_text(jv, "id", JSONX_RAW, TEXT_FIELD_MAX,
                         &v->source_id);
    if (rc == KERR_NOMEM)
        return rc;
    if (!v->source_id)
        return jsonx_skip(wp->pg, p->source_id, 0,
                          "variation #%zu has no id", index);

    return woo_variation_options(jv, "value", v);
}

/*
 * The variants: the Store API's variations, else the product itself,
 * which for a REST variable product stands in until its variations are
 * merged (woo_merge).
 */
static int woo_variants(const struct woo_page *wp, const json_t *item,
                        struct product *p, char **hints)
{
    const json_t *vars = json_object_get(item, "variations"), *jv;
    struct product_variant base = {0}, *v;
    size_t i;
    int rc;

    base.online_qty = -1;
    rc = woo_price(wp, item, p->source_id, &base.price, base.currency);
    if (rc != 0)
        return rc;
    woo_stock(wp, item, &base);

    if (!wp->rest && json_array_size(vars) > 0) {
        json_array_foreach(vars, i, jv) {
            rc = woo_variation(wp, jv, i, &base, p);
            if (rc != 0)
                return rc;
        }
        return woo_attributes(item, p, NULL, hints);
    }

    v = product_add_variant(p);
    if (!v || product_set(&v->source_id, p->source_id) < 0)
        return KERR_NOMEM;
    v->price = base.price;
    v->orderable = base.orderable;
    v->online_qty = base.online_qty;
    memcpy(v->currency, base.currency, sizeof(v->currency));
    rc = jsonx_text(item, "sku", JSONX_RAW, TEXT_FIELD_MAX, &v->sku);
    if (rc == KERR_NOMEM)
        return rc;
    if (wp->rest && json_array_size(vars) > 0)
        p->needs_detail = 1;
    return woo_attributes(item, p, v, hints);
}

/* REST only: drafts, private and catalog-hidden products stay hidden. */
static int woo_is_hidden(const struct woo_page *wp, const json_t *item)
{
    const char *status = json_string_value(json_object_get(item, "status"));
    const char *vis =
        json_string_value(json_object_get(item, "catalog_visibility"));

    if (!wp->rest)
        return 0;
    return (status && strcmp(status, "publish") != 0) ||
           (vis && strcmp(vis, "hidden") == 0);
}

static int woo_texts(const json_t *item, struct product *p)
{
    const char *made;
    int rc;

    rc = jsonx_text(item, "slug", JSONX_RAW, TEXT_FIELD_MAX,
                         &p->handle);
    if (rc != KERR_NOMEM)
        rc = jsonx_text(item, "description", JSONX_PARA,
                             TEXT_DESC_MAX, &p->description);
    if (rc != KERR_NOMEM && !p->description)
        rc = jsonx_text(item, "short_description", JSONX_PARA,
                             TEXT_DESC_MAX, &p->description);
    if (rc != KERR_NOMEM)
        rc = woo_names(item, "tags", &p->tags);
    if (rc != KERR_NOMEM)
        rc = woo_names(item, "brands", &p->brand);
    if (rc == KERR_NOMEM)
        return rc;

    /* a shop with several brands on a product names none of them */
    if (p->brand && strstr(p->brand, ", ")) {
        free(p->brand);
        p->brand = NULL;
    }
    made = json_string_value(json_object_get(item, "date_created_gmt"));
    if (made)
        numtext_time(made, &p->created);
    return 0;
}

static int woo_product(void *fnctx, const json_t *item, size_t index,
                       struct product *p)
{
    const struct woo_page *wp = fnctx;
    struct infer_hints h = {NULL, NULL, 0};
    char *types = NULL, *hints = NULL;
    int rc;

    rc = jsonx_identity(wp->pg, item, index, "name", p);
    if (rc != 0)
        return rc;

    rc = woo_texts(item, p);
    if (rc == 0)
        rc = woo_names(item, "categories", &types);
    if (rc == 0)
        rc = woo_variants(wp, item, p, &hints);
    if (rc == 0)
        rc = woo_images(item, p);
    if (rc == 0) {
        h.product_type = types;
        h.options = hints;
        h.category_known = woo_is_hidden(wp, item);
        if (h.category_known)
            p->category = PRODUCT_HIDDEN;
        rc = infer_product(p, &h);
    }
    free(types);
    free(hints);
    return rc;
}

/* The body when it is not an array: often a WordPress error object. */
static int woo_bad_page(const struct shop_page *pg, const json_t *root)
{
    const char *code = json_string_value(json_object_get(root, "code"));
    const char *msg = json_string_value(json_object_get(root, "message"));

    if (code)
        return kerr_set(KERR_PARSE, "%s: page %d: the shop answered "
                        "\"%.64s\": %.160s", jsonx_source(pg), pg->page,
                        code, msg ? msg : "");
    return kerr_set(KERR_PARSE, "%s: page %d: top level is not an array "
                    "of products", jsonx_source(pg), pg->page);
}

static int woo_parse(const struct config *cfg, const struct shop_page *pg,
                     shop_emit_fn emit, void *ctx, int *more, int *skipped)
{
    struct woo_page wp = {cfg, pg, cfg->key[0] != '\0'};
    json_t *root;
    int rc;

    *more = 0;
    root = jsonx_page(pg);
    if (!root)
        return KERR_PARSE;
    if (!json_is_array(root)) {
        rc = woo_bad_page(pg, root);
        goto out;
    }

    rc = jsonx_emit_items(pg, root, woo_product, &wp, emit, ctx, skipped);
    if (rc < 0)
        goto out;
    if (pg->total_pages >= 0)
        *more = pg->page < pg->total_pages;
    else
        *more = json_array_size(root) >= WOO_PER_PAGE;

out:
    json_decref(root);
    return rc;
}

/* REST API: /products/ID/variations, page by page, with the key. */
static int woo_detail(const struct config *cfg, const struct product *p,
                      int page, struct shop_request *req)
{
    size_t n = strlen(cfg->url);
    int w;

    if (!p->source_id || strspn(p->source_id, "0123456789") !=
                             strlen(p->source_id))
        return kerr_set(KERR_INVAL, "woocommerce: product id '%.32s' is "
                        "not a number", p->source_id ? p->source_id : "");
    while (n > 0 && cfg->url[n - 1] == '/')
        n--;
    w = snprintf(req->url, sizeof(req->url),
                 "%.*s/wp-json/wc/v3/products/%s/variations?per_page=%d"
                 "&page=%d", (int)n, cfg->url, p->source_id, WOO_PER_PAGE,
                 page);
    if (w < 0 || (size_t)w >= sizeof(req->url))
        return kerr_set(KERR_INVAL, "woocommerce: [shop] url is too long");
    snprintf(req->userpwd, sizeof(req->userpwd), "%s:%s", cfg->key,
             cfg->secret);
    return 0;
}

/* One REST variation: id, SKU, price, stock, colour and size options. */
static int woo_rest_variation(const struct woo_page *wp, const json_t *jv,
                              size_t index, struct product *p)
{
    struct product_variant *v = product_add_variant(p);
    int rc;

    if (!v)
        return KERR_NOMEM;
    rc = jsonx_text(jv, "id", JSONX_RAW, TEXT_FIELD_MAX, &v->source_id);
    if (rc == 0 && !v->source_id)
        return jsonx_skip(wp->pg, p->source_id, 0,
                          "variation #%zu has no id", index);
    if (rc == 0)
        rc = jsonx_text(jv, "sku", JSONX_RAW, TEXT_FIELD_MAX, &v->sku);
    if (rc == 0)
        rc = woo_price(wp, jv, p->source_id, &v->price, v->currency);
    if (rc != 0)
        return rc;
    woo_stock(wp, jv, v);

    return woo_variation_options(jv, "option", v);
}

static int woo_merge(const struct config *cfg, const struct shop_page *pg,
                     struct product *p, int *more)
{
    struct woo_page wp = {cfg, pg, 1};
    struct infer_hints h = {NULL, NULL, 1};
    const json_t *jv;
    json_t *root;
    size_t i;
    int rc = 0;

    *more = 0;
    root = jsonx_page(pg);
    if (!root)
        return KERR_PARSE;
    if (!json_is_array(root)) {
        rc = woo_bad_page(pg, root);
        goto out;
    }
    json_array_foreach(root, i, jv) {
        rc = woo_rest_variation(&wp, jv, i, p);
        if (rc < 0)
            goto out;
        if (rc > 0) /* that variation is unusable: leave it out */
            product_remove_variant(p, p->n_variants - 1);
    }
    /* The stand-in goes once real variations have come. */
    if (pg->page == 1 && p->n_variants > 1)
        product_remove_variant(p, 0);
    *more = pg->total_pages >= 0 ? pg->page < pg->total_pages
                                 : json_array_size(root) >= WOO_PER_PAGE;
    rc = infer_product(p, &h);

out:
    json_decref(root);
    return rc;
}

const struct shop_ops shop_woocommerce = {
    .name = "woocommerce",
    .request = woo_request,
    .parse = woo_parse,
    .detail = woo_detail,
    .merge = woo_merge,
};
