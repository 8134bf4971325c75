/*
 * demo_shopify: the demo store as Shopify's /products.json serves it.
 */
#include "demo_impl.h"

#include "kerr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Distinct non-NULL values of one variant field, in variant order. */
static size_t demo_distinct(const struct product *p, int size_field,
                            const char **out)
{
    size_t n = 0;

    for (size_t k = 0; k < p->n_variants; k++) {
        const char *s =
            size_field ? p->variants[k].size_label : p->variants[k].colour;
        size_t j;

        for (j = 0; s && j < n; j++) {
            if (strcmp(out[j], s) == 0)
                break;
        }
        if (s && j == n)
            out[n++] = s;
    }
    return n;
}

static const char *shopify_type(enum product_category c)
{
    switch (c) {
    case PRODUCT_SUN: return "Sunglasses";
    case PRODUCT_ACCESSORY: return "Accessories";
    case PRODUCT_HIDDEN: return "Gift Card";
    default: return "Eyeglasses";
    }
}

static void shopify_option(struct demo_sb *b, const char *name, int pos,
                           const char **vals, size_t n)
{
    demo_sb_fmt(b, "%s{\"name\":\"%s\",\"position\":%d,\"values\":[",
                pos > 1 ? "," : "", name, pos);
    for (size_t k = 0; k < n; k++) {
        if (k)
            demo_sb_put(b, ",", 1);
        demo_sb_json(b, vals[k]);
    }
    demo_sb_str(b, "]}");
}

/* Option values of a variant: colour and size, or the gift amount. */
static int shopify_values(const struct product_variant *v, char *amount,
                          size_t size, const char **o1, const char **o2)
{
    *o1 = v->colour;
    *o2 = v->size_label;
    if (!*o1 && !*o2) {
        snprintf(amount, size, "%lld EUR", (long long)(v->price / 100));
        *o1 = amount;
    }
    return *o2 ? 2 : 1;
}

static void shopify_variant(struct demo_sb *b, const struct product *p,
                            size_t k)
{
    const struct product_variant *v = &p->variants[k];
    const char *o1, *o2;
    char amount[32], title[256];
    int n = shopify_values(v, amount, sizeof(amount), &o1, &o2);

    if (n == 2)
        snprintf(title, sizeof(title), "%s / %s", o1 ? o1 : "", o2);
    else
        snprintf(title, sizeof(title), "%s", o1);
    demo_sb_fmt(b, "%s{\"id\":%s,\"product_id\":%s,\"title\":", k ? "," : "",
                v->source_id, p->source_id);
    demo_sb_json(b, title);
    demo_sb_str(b, ",\"option1\":");
    demo_sb_json(b, o1);
    demo_sb_str(b, ",\"option2\":");
    demo_sb_json(b, o2);
    demo_sb_str(b, ",\"option3\":null,\"sku\":");
    demo_sb_json(b, v->sku);
    demo_sb_str(b, ",\"price\":");
    demo_sb_price(b, v->price);
    demo_sb_fmt(b, ",\"compare_at_price\":null,\"available\":%s,"
              "\"requires_shipping\":%s,\"taxable\":true,\"grams\":%d,"
              "\"position\":%zu}",
           v->orderable ? "true" : "false",
           p->category == PRODUCT_HIDDEN ? "false" : "true",
           p->category == PRODUCT_HIDDEN ? 0 : 28, k + 1);
}

/* Photos, each listing the variants of its colour. */
static void shopify_images(struct demo_sb *b, const struct product *p)
{
    for (size_t k = 0; k < p->n_images; k++) {
        int first = 1;

        demo_sb_fmt(b, "%s{\"id\":%s%02zu,\"product_id\":%s,\"position\":%zu,"
                  "\"width\":800,\"height\":400,\"src\":",
               k ? "," : "", p->source_id, k, p->source_id, k + 1);
        demo_sb_json(b, p->images[k]);
        demo_sb_str(b, ",\"variant_ids\":[");
        for (size_t v = 0; v < p->n_variants; v++) {
            const char *img = p->variants[v].tryon_image;
            const char *slash = img ? strrchr(img, '/') : NULL;
            const char *photo = strrchr(p->images[k], '/');
            const char *a = slash ? slash + 2 : img ? img + 1 : "";
            const char *c = photo ? photo + 2 : p->images[k] + 1;

            /* t-<look>.png and f-<look>.png: same look, same colour. */
            if (strcmp(a, c) != 0)
                continue;
            demo_sb_fmt(b, "%s%s", first ? "" : ",", p->variants[v].source_id);
            first = 0;
        }
        demo_sb_str(b, "]}");
    }
}

static void shopify_product(struct demo_sb *b, const struct product *p)
{
    const char *vals[64];
    char amounts[8][32];
    size_t nc, ns;

    demo_sb_fmt(b, "{\"id\":%s,\"title\":", p->source_id);
    demo_sb_json(b, p->title);
    demo_sb_str(b, ",\"handle\":");
    demo_sb_json(b, p->handle);
    demo_sb_str(b, ",\"body_html\":");
    demo_sb_html(b, p->description);
    demo_sb_str(b, ",\"published_at\":");
    demo_sb_time(b, p->created);
    demo_sb_str(b, ",\"created_at\":");
    demo_sb_time(b, p->created);
    demo_sb_str(b, ",\"updated_at\":");
    demo_sb_time(b, p->created);
    demo_sb_str(b, ",\"vendor\":");
    demo_sb_json(b, p->brand ? p->brand : "Demo Optical");
    demo_sb_fmt(
        b, ",\"product_type\":\"%s\",\"tags\":", shopify_type(p->category));
    demo_sb_json(b, p->tags ? p->tags : "");

    demo_sb_str(b, ",\"variants\":[");
    for (size_t k = 0; k < p->n_variants; k++)
        shopify_variant(b, p, k);
    demo_sb_str(b, "],\"images\":[");
    shopify_images(b, p);
    demo_sb_str(b, "],\"options\":[");
    nc = p->n_variants <= 64 ? demo_distinct(p, 0, vals) : 0;
    if (nc > 0)
        shopify_option(b, "Color", 1, vals, nc);
    ns = p->n_variants <= 64 ? demo_distinct(p, 1, vals) : 0;
    if (ns > 0)
        shopify_option(b, "Size", nc > 0 ? 2 : 1, vals, ns);
    if (nc == 0 && ns == 0) {
        for (size_t k = 0; k < p->n_variants && k < 8; k++) {
            shopify_values(&p->variants[k], amounts[k], sizeof(amounts[k]),
                           &vals[k], &vals[63]);
            vals[k] = amounts[k];
        }
        shopify_option(b, "Amount", 1, vals,
                       p->n_variants < 8 ? p->n_variants : 8);
    }
    demo_sb_str(b, "]}");
}

char *demo_shopify_page(const struct demo_opts *o, int page, int limit,
                        size_t *len)
{
    struct demo_sb b = {0};
    struct product p;
    long long first;

    if (!o || page < 1 || limit < 1 || limit > 1000) {
        kerr_set(KERR_INVAL, "demo: page %d with limit %d", page, limit);
        return NULL;
    }
    first = (long long)(page - 1) * limit;
    demo_sb_str(&b, "{\"products\":[");
    for (long long i = first; i < first + limit && i < o->products; i++) {
        if (demo_product(o, (int)i, &p) < 0) {
            free(b.p);
            return NULL;
        }
        if (i > first)
            demo_sb_put(&b, ",", 1);
        shopify_product(&b, &p);
        product_clear(&p);
    }
    demo_sb_str(&b, "]}");
    if (b.failed) {
        free(b.p);
        kerr_set(KERR_NOMEM, "demo: out of memory for page %d", page);
        return NULL;
    }
    *len = b.n;
    return b.p;
}
