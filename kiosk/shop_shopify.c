/*
 * shop_shopify: Shopify's public storefront JSON, /products.json.
 *
 * Pages of up to 250 products; a shorter page is the last. The data has
 * no currency (the [shop] currency is used), no lead time and no stock
 * count, only `available` per variant. A product's "Size" option (in any
 * language) holds the frame size; its "Colour" option the colour. An
 * image counts as a try-on front view when infer_is_tryon() says so: it
 * goes to the variants it names (all variants when it names none) and
 * not into the photo gallery, unless there is no other image.
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

#define SHOPIFY_LIMIT 250

struct shopify_page {
    const struct config *cfg;
    const struct shop_page *pg;
    int decimals;
};

/* What one product's options are about, by position 1..3. */
struct shopify_options {
    enum infer_option kind[3];
    char *hints; /* names and values of other options, for infer */
};

static int shopify_request(const struct config *cfg, int page,
                           struct shop_request *req)
{
    size_t n = strlen(cfg->url);
    int w;

    while (n > 0 && cfg->url[n - 1] == '/')
        n--;
    if (n == 0)
        return kerr_set(KERR_INVAL, "shopify: [shop] url is empty");
    if (page < 1)
        return kerr_set(KERR_INVAL, "shopify: page %d is not valid", page);

    w = snprintf(req->url, sizeof(req->url),
                 "%.*s/products.json?limit=%d&page=%d", (int)n, cfg->url,
                 SHOPIFY_LIMIT, page);
    if (w < 0 || (size_t)w >= sizeof(req->url))
        return kerr_set(KERR_INVAL, "shopify: [shop] url is too long");
    req->userpwd[0] = '\0';
    return 0;
}

/* An optional text field: a wrong type is warned about and ignored. */
static int shopify_text(const struct shopify_page *sp, const json_t *obj,
                        const char *key, enum jsonx_text mode, size_t cap,
                        const char *id, char **out)
{
    int rc = jsonx_text(obj, key, mode, cap, out);

    if (rc == KERR_INVAL) {
        log_warn("shop", "%s: page %d: product %.64s: %s has the wrong "
                 "type; ignored", jsonx_source(sp->pg), sp->pg->page, id, key);
        return 0;
    }
    return rc;
}

static int shopify_read_options(const json_t *item,
                                struct shopify_options *o)
{
    const json_t *opts = json_object_get(item, "options"), *opt, *val;
    size_t i, j;
    int rc = 0;

    json_array_foreach(opts, i, opt) {
        json_int_t pos = json_integer_value(json_object_get(opt, "position"));
        const char *name = json_string_value(json_object_get(opt, "name"));
        enum infer_option kind = infer_option_kind(name ? name : "");

        if (pos < 1 || pos > 3)
            pos = (json_int_t)i + 1;
        if (pos <= 3)
            o->kind[pos - 1] = kind;
        if (kind != INFER_OPT_OTHER || !name)
            continue;

        rc = text_join(&o->hints, name, TEXT_TAGS_MAX);
        json_array_foreach(json_object_get(opt, "values"), j, val) {
            if (rc == 0 && json_is_string(val))
                rc = text_join(&o->hints, json_string_value(val),
                                TEXT_TAGS_MAX);
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Colour and size of a variant from option1..option3. */
static int shopify_variant_options(const json_t *jv,
                                   const struct shopify_options *o,
                                   struct product_variant *v)
{
    static const char *const keys[3] = {"option1", "option2", "option3"};
    char *val;
    int rc = 0;

    for (int i = 0; i < 3 && rc == 0; i++) {
        rc = jsonx_text(jv, keys[i], JSONX_LINE, TEXT_FIELD_MAX,
                             &val);
        if (rc == KERR_INVAL)
            rc = 0;
        if (rc < 0 || !val)
            continue;

        if (o->kind[i] == INFER_OPT_COLOUR && !v->colour) {
            v->colour = val;
            val = NULL;
        } else if (o->kind[i] == INFER_OPT_SIZE && !v->size_label) {
            rc = measure_from_text(&v->size, val) < 0 ? KERR_NOMEM : 0;
            v->size_label = val;
            val = NULL;
        }
        free(val);
    }
    return rc < 0 ? rc : 0;
}

/*
 * One variant. Returns 0, 1 when the product must be skipped (after a
 * warning), or a negative error.
 */
static int shopify_variant(const struct shopify_page *sp, const json_t *jv,
                           size_t index, const struct shopify_options *o,
                           struct product *p)
{
    struct product_variant *v;
    int64_t price;
    int rc;

    if (!json_is_object(jv))
        return jsonx_skip(sp->pg, p->source_id, 0,
                          "variant #%zu is not an object", index);

    rc = jsonx_price(json_object_get(jv, "price"), sp->decimals,
                          &price);
    if (rc == KERR_INVAL || rc == KERR_REFUSED)
        return jsonx_skip(sp->pg, p->source_id, 0, "variant #%zu: %s",
                          index, kerr_msg());
    if (rc == KERR_PARSE)
        log_warn("shop", "%s: page %d: product %s: variant #%zu: %s; "
                 "no price shown", jsonx_source(sp->pg), sp->pg->page,
                 p->source_id, index, kerr_msg());

    v = product_add_variant(p);
    if (!v)
        return KERR_NOMEM;
    v->price = rc == 0 ? price : -1;
    memcpy(v->currency, sp->cfg->currency, sizeof(v->currency));
    v->currency[sizeof(v->currency) - 1] = '\0';
    v->orderable = jsonx_bool(json_object_get(jv, "available"), 1);

    rc = jsonx_text(jv, "id", JSONX_RAW, TEXT_FIELD_MAX,
                         &v->source_id);
    if (rc == KERR_NOMEM)
        return rc;
    if (!v->source_id)
        return jsonx_skip(sp->pg, p->source_id, 0,
                          "variant #%zu has no id", index);
    if (jsonx_text(jv, "sku", JSONX_RAW, TEXT_FIELD_MAX, &v->sku) ==
        KERR_NOMEM)
        return KERR_NOMEM;
    return shopify_variant_options(jv, o, v);
}

static int shopify_variants(const struct shopify_page *sp,
                            const json_t *item, struct product *p)
{
    const json_t *variants = json_object_get(item, "variants"), *jv;
    struct shopify_options o = {{0}, NULL};
    size_t i;
    int rc;

    if (!json_is_array(variants) || json_array_size(variants) == 0)
        return jsonx_skip(sp->pg, p->source_id, 0, "no variants");

    rc = shopify_read_options(item, &o);
    json_array_foreach(variants, i, jv) {
        if (rc == 0)
            rc = shopify_variant(sp, jv, i, &o, p);
    }
    if (rc == 0) {
        struct infer_hints h = {NULL, o.hints, 0};
        char *type = NULL;

        rc = shopify_text(sp, item, "product_type", JSONX_LINE,
                          TEXT_FIELD_MAX, p->source_id, &type);
        h.product_type = type;
        if (rc == 0)
            rc = infer_product(p, &h);
        free(type);
    }
    free(o.hints);
    return rc;
}

/* Give try-on image `url` to the variants `ids` names, or to all. */
static int shopify_tryon(struct product *p, const json_t *ids,
                         const char *url)
{
    char id[32];

    for (size_t i = 0; i < p->n_variants; i++) {
        struct product_variant *v = &p->variants[i];
        int wanted = json_array_size(ids) == 0;
        const json_t *e;
        size_t j;

        json_array_foreach(ids, j, e) {
            snprintf(id, sizeof(id), "%" JSON_INTEGER_FORMAT,
                     json_integer_value(e));
            if ((json_is_integer(e) && !strcmp(id, v->source_id)) ||
                (json_is_string(e) &&
                 !strcmp(json_string_value(e), v->source_id)))
                wanted = 1;
        }
        if (wanted && !v->tryon_image &&
            product_set(&v->tryon_image, url) < 0)
            return KERR_NOMEM;
    }
    return 0;
}

static int shopify_images(const json_t *item, struct product *p)
{
    const json_t *images = json_object_get(item, "images"), *img;
    char *first_tryon = NULL;
    size_t i;
    int rc = 0;

    json_array_foreach(images, i, img) {
        const char *alt = json_string_value(json_object_get(img, "alt"));
        char *src = NULL;

        if (json_is_string(img))
            src = text_utf8_clean(json_string_value(img),
                                   json_string_length(img), TEXT_URL_MAX);
        else if (jsonx_text(img, "src", JSONX_RAW, TEXT_URL_MAX,
                                 &src) == KERR_NOMEM)
            rc = KERR_NOMEM;

        if (src && infer_is_tryon(src, alt)) {
            rc = shopify_tryon(p, json_object_get(img, "variant_ids"), src);
            if (!first_tryon) {
                first_tryon = src;
                src = NULL;
            }
        } else if (src && *src) {
            rc = product_add_image(p, src);
        }
        free(src);
        if (rc < 0)
            break;
    }
    if (rc == 0 && p->n_images == 0 && first_tryon)
        rc = product_add_image(p, first_tryon);
    free(first_tryon);
    return rc;
}

static int shopify_created(const json_t *item, struct product *p)
{
    static const char *const keys[] = {"published_at", "created_at"};

    for (size_t i = 0; i < 2; i++) {
        const char *s = json_string_value(json_object_get(item, keys[i]));
        int64_t t;

        if (s && numtext_time(s, &t) == 0) {
            p->created = t;
            return 0;
        }
    }
    return 0;
}

static int shopify_product(void *fnctx, const json_t *item, size_t index,
                           struct product *p)
{
    const struct shopify_page *sp = fnctx;
    int rc;

    rc = jsonx_identity(sp->pg, item, index, "title", p);
    if (rc != 0)
        return rc;

    rc = shopify_text(sp, item, "handle", JSONX_RAW, TEXT_FIELD_MAX,
                      p->source_id, &p->handle);
    if (rc == 0)
        rc = shopify_text(sp, item, "vendor", JSONX_LINE, TEXT_FIELD_MAX,
                          p->source_id, &p->brand);
    if (rc == 0)
        rc = shopify_text(sp, item, "body_html", JSONX_PARA,
                          TEXT_DESC_MAX, p->source_id, &p->description);
    if (rc == 0 &&
        jsonx_tags(json_object_get(item, "tags"), &p->tags) ==
            KERR_NOMEM)
        rc = KERR_NOMEM;
    if (rc == 0)
        rc = shopify_created(item, p);
    if (rc == 0)
        rc = shopify_variants(sp, item, p);
    if (rc == 0)
        rc = shopify_images(item, p);
    return rc;
}

static int shopify_parse(const struct config *cfg,
                         const struct shop_page *pg, shop_emit_fn emit,
                         void *ctx, int *more, int *skipped)
{
    struct shopify_page sp = {cfg, pg,
                              numtext_decimals(cfg->currency)};
    const json_t *products;
    json_t *root;
    int rc;

    *more = 0;
    root = jsonx_page(pg);
    if (!root)
        return KERR_PARSE;

    products = json_object_get(root, "products");
    if (!json_is_array(products)) {
        rc = kerr_set(KERR_PARSE, "%s: page %d: no \"products\" array",
                      jsonx_source(pg), pg->page);
        goto out;
    }

    rc = jsonx_emit_items(pg, products, shopify_product, &sp, emit, ctx,
                          skipped);
    if (rc >= 0)
        *more = json_array_size(products) >= SHOPIFY_LIMIT;

out:
    json_decref(root);
    return rc;
}

const struct shop_ops shop_shopify = {
    .name = "shopify",
    .request = shopify_request,
    .parse = shopify_parse,
};
