/*
 * shop_feed: the kiosk's own JSON feed, as config/feed-format.md defines
 * it, for shops on any other platform and for the demo store.
 *
 * `url` may be http(s)://, file:// or a plain path (made a file:// URL,
 * relative paths against the working directory). Page 1 is the URL as
 * given; when the document says "pages": N > 1, page K is the URL with
 * "page=K" added to its query.
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
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define FEED_MARKER "optical-kiosk/"

struct feed_page {
    const struct config *cfg;
    const struct shop_page *pg;
    char currency[4]; /* the document's, else the config's */
};

/* The feed's URL: plain paths become file:// URLs. */
static int feed_base(const char *url, char *buf, size_t len)
{
    char cwd[1024];
    int w;

    if (strstr(url, "://"))
        w = snprintf(buf, len, "%s", url);
    else if (url[0] == '/')
        w = snprintf(buf, len, "file://%s", url);
    else if (getcwd(cwd, sizeof(cwd)))
        w = snprintf(buf, len, "file://%s/%s", cwd, url);
    else
        return kerr_set(KERR_IO, "feed: cannot resolve '%s': no working "
                        "directory", url);

    if (w < 0 || (size_t)w >= len)
        return kerr_set(KERR_INVAL, "feed: [shop] url is too long");
    return 0;
}

static int feed_request(const struct config *cfg, int page,
                        struct shop_request *req)
{
    size_t n;
    int rc, w;

    if (!cfg->url[0])
        return kerr_set(KERR_INVAL, "feed: [shop] url is empty");
    if (page < 1)
        return kerr_set(KERR_INVAL, "feed: page %d is not valid", page);

    rc = feed_base(cfg->url, req->url, sizeof(req->url));
    if (rc < 0)
        return rc;
    req->userpwd[0] = '\0';
    if (page == 1)
        return 0;

    n = strlen(req->url);
    w = snprintf(req->url + n, sizeof(req->url) - n, "%cpage=%d",
                 strchr(req->url, '?') ? '&' : '?', page);
    if (w < 0 || (size_t)w >= sizeof(req->url) - n)
        return kerr_set(KERR_INVAL, "feed: [shop] url is too long");
    return 0;
}

/* Millimetres from a number or a numeric string; 0 when neither. */
static double feed_mm(const json_t *v)
{
    const char *s = json_string_value(v);
    char *end;
    double d;

    if (json_is_number(v))
        return json_number_value(v);
    if (!s)
        return 0;
    d = strtod(s, &end);
    return end != s && *end == '\0' ? d : 0;
}

static int feed_size(const struct feed_page *fp, const json_t *jv,
                     const char *id, struct product_variant *v)
{
    struct product_size *s = &v->size;
    int rc;

    s->lens_mm = feed_mm(json_object_get(jv, "lens_width"));
    s->bridge_mm = feed_mm(json_object_get(jv, "bridge"));
    s->temple_mm = feed_mm(json_object_get(jv, "temple"));
    s->frame_width_mm = feed_mm(json_object_get(jv, "frame_width"));
    s->lens_height_mm = feed_mm(json_object_get(jv, "lens_height"));
    if (measure_check(s) > 0)
        log_warn("shop", "%s: page %d: product %s: variant %s: "
                 "implausible millimetres dropped", jsonx_source(fp->pg),
                 fp->pg->page, id, v->source_id);

    rc = jsonx_text(jv, "size", JSONX_LINE, TEXT_FIELD_MAX,
                         &v->size_label);
    if (rc == KERR_NOMEM)
        return rc;
    return measure_from_text(s, v->size_label) < 0 ? KERR_NOMEM : 0;
}

/* Price and currency of a variant; 1 when the product must be skipped. */
static int feed_price(const struct feed_page *fp, const json_t *jv,
                      const char *id, size_t index,
                      struct product_variant *v)
{
    const char *cur = json_string_value(json_object_get(jv, "currency"));
    int rc;

    snprintf(v->currency, sizeof(v->currency), "%s",
             cur && strlen(cur) == 3 ? cur : fp->currency);
    rc = jsonx_price(json_object_get(jv, "price"),
                          numtext_decimals(v->currency), &v->price);
    if (rc == KERR_INVAL || rc == KERR_REFUSED)
        return jsonx_skip(fp->pg, id, 0, "variants[%zu].price: %s", index,
                          kerr_msg());
    if (rc == KERR_PARSE) {
        log_warn("shop", "%s: page %d: product %s: variants[%zu].price: "
                 "%s; no price shown", jsonx_source(fp->pg), fp->pg->page,
                 id, index, kerr_msg());
        v->price = -1;
    }
    return 0;
}

static int feed_variant(const struct feed_page *fp, const json_t *jv,
                        size_t index, struct product *p)
{
    struct product_variant *v;
    const json_t *lead = json_object_get(jv, "lead_days");
    int rc;

    if (!json_is_object(jv))
        return jsonx_skip(fp->pg, p->source_id, 0,
                          "variants[%zu] is not an object", index);
    v = product_add_variant(p);
    if (!v)
        return KERR_NOMEM;

    rc = jsonx_text(jv, "id", JSONX_RAW, TEXT_FIELD_MAX,
                         &v->source_id);
    if (rc == KERR_NOMEM)
        return rc;
    if (!v->source_id)
        return jsonx_skip(fp->pg, p->source_id, 0,
                          "variants[%zu].id is missing or invalid", index);

    rc = feed_price(fp, jv, p->source_id, index, v);
    if (rc != 0)
        return rc;
    v->orderable = jsonx_bool(json_object_get(jv, "orderable"), 1);
    if (json_is_integer(lead) && json_integer_value(lead) >= 0 &&
        json_integer_value(lead) <= 3650)
        v->lead_days = (int)json_integer_value(lead);

    rc = jsonx_text(jv, "sku", JSONX_RAW, TEXT_FIELD_MAX, &v->sku);
    if (rc != KERR_NOMEM)
        rc = jsonx_text(jv, "colour", JSONX_LINE, TEXT_FIELD_MAX,
                             &v->colour);
    if (rc != KERR_NOMEM && !v->colour)
        rc = jsonx_text(jv, "color", JSONX_LINE, TEXT_FIELD_MAX,
                             &v->colour);
    if (rc != KERR_NOMEM)
        rc = jsonx_text(jv, "tryon_image", JSONX_RAW, TEXT_URL_MAX,
                             &v->tryon_image);
    if (rc == KERR_NOMEM)
        return rc;
    return feed_size(fp, jv, p->source_id, v);
}

/* Optional product texts; a wrong type is ignored with a warning. */
static int feed_texts(const struct feed_page *fp, const json_t *item,
                      struct product *p)
{
    static const struct {
        const char *key;
        enum jsonx_text mode;
        size_t cap;
        size_t offset;
    } fields[] = {
        {"handle", JSONX_RAW, TEXT_FIELD_MAX, offsetof(struct product,
                                                        handle)},
        {"brand", JSONX_LINE, TEXT_FIELD_MAX, offsetof(struct product,
                                                        brand)},
        {"model", JSONX_LINE, TEXT_FIELD_MAX, offsetof(struct product,
                                                        model)},
        {"shape", JSONX_LINE, 64, offsetof(struct product, shape)},
        {"material", JSONX_LINE, 64, offsetof(struct product, material)},
        {"rim", JSONX_LINE, 64, offsetof(struct product, rim)},
        {"gender", JSONX_LINE, 64, offsetof(struct product, gender)},
        {"description", JSONX_PARA, TEXT_DESC_MAX,
         offsetof(struct product, description)},
    };

    for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
        char **slot = (char **)((char *)p + fields[i].offset);
        int rc = jsonx_text(item, fields[i].key, fields[i].mode,
                                 fields[i].cap, slot);

        if (rc == KERR_NOMEM)
            return rc;
        if (rc < 0)
            log_warn("shop", "%s: page %d: product %s: %s is not text; "
                     "ignored", jsonx_source(fp->pg), fp->pg->page,
                     p->source_id, fields[i].key);
    }
    if (jsonx_tags(json_object_get(item, "tags"), &p->tags) ==
        KERR_NOMEM)
        return KERR_NOMEM;
    return 0;
}

static int feed_image(struct product *p, const json_t *img)
{
    char *url;
    int rc;

    if (!json_is_string(img))
        return 0;
    url = text_utf8_clean(json_string_value(img), json_string_length(img),
                           TEXT_URL_MAX);
    if (!url)
        return KERR_NOMEM;
    rc = *url ? product_add_image(p, url) : 0;
    free(url);
    return rc;
}

/* "images": a list of URLs, or one URL alone. */
static int feed_images(const json_t *item, struct product *p)
{
    const json_t *images = json_object_get(item, "images"), *img;
    size_t i;
    int rc = feed_image(p, images);

    json_array_foreach(images, i, img) {
        if (rc == 0)
            rc = feed_image(p, img);
    }
    return rc;
}

/* "category": one of the four names, else a hint for infer_product. */
static void feed_category(const json_t *item, struct product *p,
                          struct infer_hints *h)
{
    static const enum product_category all[] = {
        PRODUCT_OPTICAL, PRODUCT_SUN, PRODUCT_ACCESSORY, PRODUCT_HIDDEN,
    };
    const char *c = json_string_value(json_object_get(item, "category"));

    for (size_t i = 0; c && i < sizeof(all) / sizeof(*all); i++) {
        if (strcasecmp(c, product_category_name(all[i])) == 0) {
            p->category = all[i];
            h->category_known = 1;
            return;
        }
    }
    h->product_type = c;
}

static int feed_product(void *fnctx, const json_t *item, size_t index,
                        struct product *p)
{
    const struct feed_page *fp = fnctx;
    const json_t *variants = json_object_get(item, "variants"), *jv;
    const json_t *made = json_object_get(item, "created");
    struct infer_hints h = {NULL, NULL, 0};
    size_t i;
    int rc;

    rc = jsonx_identity(fp->pg, item, index, "title", p);
    if (rc != 0)
        return rc;
    if (!json_is_array(variants) || json_array_size(variants) == 0)
        return jsonx_skip(fp->pg, p->source_id, index, "no variants");

    rc = feed_texts(fp, item, p);
    if (rc == 0)
        rc = feed_images(item, p);
    json_array_foreach(variants, i, jv) {
        if (rc == 0)
            rc = feed_variant(fp, jv, i, p);
    }
    if (rc != 0)
        return rc;

    if (json_is_integer(made))
        p->created = json_integer_value(made);
    else if (json_is_string(made))
        numtext_time(json_string_value(made), &p->created);
    feed_category(item, p, &h);
    return infer_product(p, &h);
}

static int feed_parse(const struct config *cfg, const struct shop_page *pg,
                      shop_emit_fn emit, void *ctx, int *more, int *skipped)
{
    struct feed_page fp = {cfg, pg, {0}};
    const json_t *products, *pages;
    const char *marker, *cur;
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

    marker = json_string_value(json_object_get(root, "feed"));
    if (marker && strncmp(marker, FEED_MARKER, strlen(FEED_MARKER)) != 0)
        log_warn("shop", "%s: page %d: unknown feed format '%.40s'; "
                 "reading it as %s1", jsonx_source(pg), pg->page, marker,
                 FEED_MARKER);
    cur = json_string_value(json_object_get(root, "currency"));
    snprintf(fp.currency, sizeof(fp.currency), "%s",
             cur && strlen(cur) == 3 ? cur : cfg->currency);

    rc = jsonx_emit_items(pg, products, feed_product, &fp, emit, ctx,
                          skipped);
    pages = json_object_get(root, "pages");
    if (rc >= 0 && json_is_integer(pages))
        *more = pg->page < json_integer_value(pages);

out:
    json_decref(root);
    return rc;
}

const struct shop_ops shop_feed = {
    .name = "feed",
    .request = feed_request,
    .parse = feed_parse,
};
