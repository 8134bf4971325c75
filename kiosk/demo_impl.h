/*
 * demo_impl: what the demo*.c files share (private to them).
 *
 *   demo.c          the product generator: recipes, names, texts,
 *                   revisions
 *   demo_variant.c  a product's variants
 *   demo_data.c     the tables (demo_data.h)
 *   demo_sb.c       the string builder the serialisers write into
 *   demo_shopify.c  Shopify's /products.json pages
 *   demo_store.c    the store on disk and its pictures
 *   demo_draw.c     the pictures (demo_draw.h)
 *
 * All of it is pure or works on the caller's objects: any thread.
 */
#ifndef KIOSK_DEMO_IMPL_H
#define KIOSK_DEMO_IMPL_H

#include "demo.h"
#include "demo_data.h"
#include "demo_draw.h"
#include "product.h"

#include <stddef.h>
#include <stdint.h>

#define DEMO_ANCHOR 1767225600 /* 2026-01-01T00:00:00Z: "now" of the data */
#define DEMO_SPAN (3 * 365 * 86400)
#define DEMO_MAX_PRODUCTS 1000000
#define DEMO_MAX_REVISION 100000

/* Purposes a product's random streams are salted with. */
enum {
    DEMO_SALT_KIND = 1,
    DEMO_SALT_PAIR,
    DEMO_SALT_ATTR,
    DEMO_SALT_VAR,
    DEMO_SALT_TEXT,
    DEMO_SALT_REV = 0x1000,
};

/* A small hash-based generator; one per (seed, product, purpose). */
struct demo_rng {
    uint64_t s;
};

static inline uint64_t demo_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static inline struct demo_rng demo_rng_at(unsigned seed, int index,
                                          unsigned salt)
{
    uint64_t s = demo_mix((uint64_t)seed * 0x9e3779b97f4a7c15ULL + 7);

    s = demo_mix(s ^ ((uint64_t)(uint32_t)index << 16) ^
                 ((uint64_t)salt << 48));
    return (struct demo_rng){s};
}

static inline uint32_t demo_next(struct demo_rng *r)
{
    r->s += 0x9e3779b97f4a7c15ULL;
    return (uint32_t)(demo_mix(r->s) >> 32);
}

/* Uniform in [0, n). */
static inline int demo_below(struct demo_rng *r, int n)
{
    return (int)(((uint64_t)demo_next(r) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static inline int demo_range(struct demo_rng *r, int lo, int hi)
{
    return lo + demo_below(r, hi - lo + 1);
}

enum demo_kind { DEMO_KIND_FRAME, DEMO_KIND_ACCESSORY, DEMO_KIND_GIFT };

/* Everything chosen about a product before it is written out. */
struct demo_recipe {
    enum demo_kind kind;
    const struct demo_brand *brand;
    int brand_index;
    char model[64];
    char model_code[40];
    enum demo_shape shape;
    enum demo_material material;
    enum demo_build build;
    const char *rim;
    const char *gender;
    int sun;
    int n_variants;
    int64_t price;         /* cents, before revisions */
    const char *accessory; /* "Hard Case", ... for accessories */
};

/* ASCII upper-case of a model word, accents folded: "Étienne" ETIENNE. */
void demo_code(const char *word, char *out, size_t size);

/*
 * Add the variants of a frame (colours x sizes) or of an accessory or
 * the gift card to `p`, product `index`. 0, or KERR_NOMEM / KERR_INVAL.
 */
int demo_frame_variants(const struct demo_opts *o,
                        const struct demo_recipe *rc, int index,
                        struct product *p);
int demo_other_variants(const struct demo_recipe *rc, struct product *p);

/* Set p->colours: distinct colour names in variant order, ", "-joined. */
int demo_join_colours(struct product *p);

/* A growing string; after a failed allocation every call is a no-op. */
struct demo_sb {
    char *p; /* NUL-terminated once anything was written; caller frees */
    size_t n, cap;
    int failed;
};

/* Append `n` bytes, a string, or printf-style text. */
void demo_sb_put(struct demo_sb *b, const char *s, size_t n);
void demo_sb_str(struct demo_sb *b, const char *s);
void demo_sb_fmt(struct demo_sb *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Append `s` as a JSON string, or null when `s` is NULL. */
void demo_sb_json(struct demo_sb *b, const char *s);

/* Append the description as a shop stores it: "<p>...</p>", escaped. */
void demo_sb_html(struct demo_sb *b, const char *text);

/* Append `t` (Unix seconds) as a quoted ISO 8601 UTC time. */
void demo_sb_time(struct demo_sb *b, int64_t t);

/* Append `cents` as a quoted decimal price: "149.90". */
void demo_sb_price(struct demo_sb *b, int64_t cents);

#endif
