/*
 * demo: the product generator (see demo.h). The tables it draws from are
 * in demo_data.c, the variants in demo_variant.c, the Shopify pages in
 * demo_shopify.c and the store on disk in demo_store.c.
 *
 * Every value of product i comes from a small hash-based generator seeded
 * with (seed, i, purpose), never from shared state: product i is the same
 * whether it is made alone, in order or on another thread.
 */
#include "demo_impl.h"

#include "kerr.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int demo_gift_index(const struct demo_opts *o)
{
    return o->products > 42 ? 42 : o->products - 1;
}

/* Variant counts come in pairs summing to 6: exactly 3 on average. */
static int demo_variant_count(const struct demo_opts *o, int index)
{
    static const int deltas[] = {-2, -1, -1, 0, 0, 1, 1, 2};
    struct demo_rng r = demo_rng_at(o->seed, index / 2, DEMO_SALT_PAIR);
    int d = deltas[demo_below(&r, 8)];

    return index % 2 == 0 ? 3 + d : 3 - d;
}

/* ASCII upper-case of a model word, accents folded: "Étienne" ETIENNE. */
void demo_code(const char *word, char *out, size_t size)
{
    static const char *const from[] = {"é", "è", "ê", "ë", "à", "â", "ä",
                                       "î", "ï", "ô", "ö", "ù", "û", "ü",
                                       "ç", "É", "È", "À", "Ç", "Ô"};
    static const char to[] = "EEEEAAAIIOOUUUCEEACO";
    size_t n = 0;

    while (*word && n + 1 < size) {
        size_t k, m = sizeof(from) / sizeof(from[0]);

        for (k = 0; k < m; k++) {
            if (strncmp(word, from[k], strlen(from[k])) == 0)
                break;
        }
        if (k < m) {
            out[n++] = to[k];
            word += strlen(from[k]);
        } else {
            if ((*word >= 'a' && *word <= 'z') ||
                (*word >= 'A' && *word <= 'Z') ||
                (*word >= '0' && *word <= '9'))
                out[n++] = (char)(*word & ~(*word >= 'a' ? 0x20 : 0));
            word++;
        }
    }
    out[n] = '\0';
}

static void demo_name_model(const struct demo_opts *o, int index,
                            struct demo_recipe *rc)
{
    int j = index / DEMO_N_BRANDS, nw, w, g;
    const char *word;
    char code[24];

    rc->brand_index = index % DEMO_N_BRANDS;
    rc->brand = &demo_brands[rc->brand_index];
    nw = rc->brand->french ? DEMO_N_FRENCH : DEMO_N_WORDS;
    w = (j + rc->brand_index * 7) % nw;
    g = j / nw;
    word = rc->brand->french ? demo_french_words[w] : demo_words[w];

    demo_code(word, code, sizeof(code));
    if (g == 0) {
        snprintf(rc->model, sizeof(rc->model), "%s", word);
        snprintf(rc->model_code, sizeof(rc->model_code), "%s", code);
    } else if (g < DEMO_N_ROMAN) {
        snprintf(rc->model, sizeof(rc->model), "%s %s", word, demo_roman[g]);
        snprintf(rc->model_code, sizeof(rc->model_code), "%s%d", code, g + 1);
    } else {
        snprintf(rc->model, sizeof(rc->model), "%s %d", word, g + 1);
        snprintf(rc->model_code, sizeof(rc->model_code), "%s%d", code, g + 1);
    }
}

static enum demo_material demo_pick_material(struct demo_rng *r,
                                             enum demo_lean l)
{
    static const enum demo_material common[20] = {
        DEMO_MAT_ACETATE, DEMO_MAT_ACETATE,  DEMO_MAT_ACETATE,
        DEMO_MAT_ACETATE, DEMO_MAT_ACETATE,  DEMO_MAT_ACETATE,
        DEMO_MAT_ACETATE, DEMO_MAT_ACETATE,  DEMO_MAT_ACETATE,
        DEMO_MAT_METAL,   DEMO_MAT_METAL,    DEMO_MAT_METAL,
        DEMO_MAT_METAL,   DEMO_MAT_TITANIUM, DEMO_MAT_TITANIUM,
        DEMO_MAT_STEEL,   DEMO_MAT_STEEL,    DEMO_MAT_MIXED,
        DEMO_MAT_BIO,     DEMO_MAT_BIO,
    };
    int roll = demo_below(r, 100);

    if (l == DEMO_LEAN_METAL && roll < 60)
        return roll < 30   ? DEMO_MAT_TITANIUM
               : roll < 45 ? DEMO_MAT_METAL
                           : DEMO_MAT_STEEL;
    if (l == DEMO_LEAN_WOOD && roll < 50)
        return DEMO_MAT_WOOD;
    if (roll < 2)
        return DEMO_MAT_WOOD;
    return common[demo_below(r, 20)];
}

/* Shape, material, rim and build that go together. */
static void demo_pick_frame(struct demo_rng *r, struct demo_recipe *rc)
{
    enum demo_lean l = rc->brand->lean;
    int metal, rimless_ok;

    rc->shape = demo_below(r, 100) < 55
                    ? demo_lean_shapes[l][demo_below(r, 3)]
                    : (enum demo_shape)demo_below(r, DEMO_SHAPES);
    rc->material = demo_pick_material(r, l);
    if (rc->shape == DEMO_BROWLINE)
        rc->material = DEMO_MAT_MIXED;
    if (rc->shape == DEMO_BUTTERFLY && rc->material != DEMO_MAT_BIO)
        rc->material = DEMO_MAT_ACETATE;
    if (rc->shape == DEMO_AVIATOR && demo_below(r, 100) < 80)
        rc->material = demo_below(r, 2) ? DEMO_MAT_METAL : DEMO_MAT_TITANIUM;
    if (rc->material == DEMO_MAT_MIXED && rc->shape != DEMO_BROWLINE &&
        rc->shape != DEMO_RECTANGLE && rc->shape != DEMO_SQUARE)
        rc->shape = DEMO_BROWLINE;

    metal = rc->material == DEMO_MAT_METAL ||
            rc->material == DEMO_MAT_TITANIUM || rc->material == DEMO_MAT_STEEL;
    rimless_ok = rc->shape == DEMO_ROUND || rc->shape == DEMO_OVAL ||
                 rc->shape == DEMO_RECTANGLE || rc->shape == DEMO_GEOMETRIC;
    rc->rim = "full";
    rc->build = DEMO_BUILD_ACETATE;
    if (rc->material == DEMO_MAT_MIXED) {
        rc->rim = "semi";
        rc->build = DEMO_BUILD_SEMI;
    } else if (metal && rimless_ok && demo_below(r, 100) < 30) {
        rc->rim = "rimless";
        rc->build = DEMO_BUILD_RIMLESS;
    } else if (metal) {
        rc->build = DEMO_BUILD_METAL;
    } else if (rc->material == DEMO_MAT_WOOD) {
        rc->build = DEMO_BUILD_WOOD;
    }
}

static void demo_pick_audience(struct demo_rng *r, struct demo_recipe *rc)
{
    static const char *const genders[10] = {
        "women", "women",  "women",  "men",    "men",
        "men",   "unisex", "unisex", "unisex", "kids",
    };
    enum demo_lean l = rc->brand->lean;
    int sun_pct = l == DEMO_LEAN_SUN ? 60 : 20;

    rc->gender = genders[demo_below(r, 10)];
    if (l == DEMO_LEAN_KIDS && demo_below(r, 2))
        rc->gender = "kids";
    if (l == DEMO_LEAN_WOMEN && demo_below(r, 2))
        rc->gender = "women";
    if (l == DEMO_LEAN_MEN && demo_below(r, 2))
        rc->gender = "men";
    if (rc->shape == DEMO_BUTTERFLY || rc->shape == DEMO_AVIATOR)
        sun_pct += 35;
    rc->sun = rc->build != DEMO_BUILD_WOOD && demo_below(r, 100) < sun_pct;
}

/* A price in cents by tier, ending in .00 or .90. */
static int64_t demo_pick_price(struct demo_rng *r, const struct demo_recipe *rc)
{
    static const int lo[] = {89, 139, 219, 329}, hi[] = {149, 229, 339, 490};
    int t = rc->brand->tier;
    int euros = demo_range(r, lo[t], hi[t]);

    if (rc->material == DEMO_MAT_TITANIUM)
        euros += 40;
    euros = (euros + 5) / 10 * 10;
    if (euros > 490)
        euros = 490;
    if (demo_below(r, 2))
        return (int64_t)euros * 100 - 10;
    return (int64_t)euros * 100;
}

static void demo_recipe(const struct demo_opts *o, int index,
                        struct demo_recipe *rc)
{
    struct demo_rng r = demo_rng_at(o->seed, index, DEMO_SALT_KIND);

    memset(rc, 0, sizeof(*rc));
    demo_name_model(o, index, rc);
    rc->n_variants = demo_variant_count(o, index);
    rc->kind = DEMO_KIND_FRAME;
    if (index == demo_gift_index(o))
        rc->kind = DEMO_KIND_GIFT;
    else if (demo_below(&r, 1000) < 20)
        rc->kind = DEMO_KIND_ACCESSORY;
    rc->accessory = demo_accessory_kinds[demo_below(&r, 5)];

    r = demo_rng_at(o->seed, index, DEMO_SALT_ATTR);
    if (rc->kind == DEMO_KIND_FRAME) {
        demo_pick_frame(&r, rc);
        demo_pick_audience(&r, rc);
        rc->price = demo_pick_price(&r, rc);
    } else {
        rc->price = (int64_t)demo_range(&r, 1, 5) * 1000 - 10;
    }
}

static void demo_slug(const char *title, char *out, size_t size)
{
    size_t n = 0;

    for (const char *s = title; *s && n + 1 < size;) {
        char one[8], folded[8];
        size_t len = ((unsigned char)*s & 0x80) ? 2 : 1;

        memcpy(one, s, len);
        one[len] = '\0';
        s += len;
        demo_code(one, folded, sizeof(folded));
        if (folded[0])
            out[n++] = (char)(folded[0] | 0x20);
        else if (n > 0 && out[n - 1] != '-')
            out[n++] = '-';
    }
    while (n > 0 && out[n - 1] == '-')
        n--;
    out[n] = '\0';
}

static const char *demo_article(const char *word)
{
    return strchr("aeiou", word[0]) ? "an" : "a";
}

static void demo_describe(const struct demo_recipe *rc, struct demo_rng *r,
                          char *buf, size_t size)
{
    static const char *const extras[] = {
        "Spring hinges & a sculpted bridge for a comfortable fit.",
        "Designed by %s & finished by hand.",
        "Light enough to forget & strong enough for every day.",
        "Comes with a hard case & a microfibre cloth.",
        "A quiet classic from %s, made to be worn for years.",
    };
    const char *shape = demo_draw_shape_key(rc->shape);
    char extra[160];

    if (rc->kind == DEMO_KIND_GIFT) {
        snprintf(buf, size, "Give the gift of sight & style. Valid in "
                            "store and online for two years.");
        return;
    }
    if (rc->kind == DEMO_KIND_ACCESSORY) {
        snprintf(buf, size, "A %s by %s. Keeps your glasses safe & "
                            "clean.",
                 rc->accessory, rc->brand->name);
        return;
    }
    snprintf(extra, sizeof(extra), extras[demo_below(r, 5)], rc->brand->name);
    snprintf(buf, size, "The %s is %s %s %s in %s. %s%s", rc->model,
             demo_article(shape), shape, rc->sun ? "sunglass" : "frame",
             demo_material_phrases[rc->material], extra,
             rc->sun ? " Lenses block 100% of UVA & UVB." : "");
}

static int demo_tags(const struct demo_recipe *rc, struct demo_rng *r,
                     int64_t created, const struct product *p, char *buf,
                     size_t size)
{
    const char *rim;
    size_t n;

    if (rc->kind == DEMO_KIND_GIFT)
        return snprintf(buf, size, "gift card");
    if (rc->kind == DEMO_KIND_ACCESSORY)
        return snprintf(buf, size, "accessory, %s", rc->accessory);

    rim = strcmp(rc->rim, "full") == 0   ? "full-rim"
          : strcmp(rc->rim, "semi") == 0 ? "semi-rimless"
                                         : "rimless";
    n = (size_t)snprintf(buf, size, "%s, %s, %s, %s%s",
                         demo_draw_shape_key(rc->shape),
                         demo_material_keys[rc->material], rim, rc->gender,
                         rc->sun ? ", sunglasses" : "");
    if (demo_below(r, 100) < 40 && p->n_variants > 0 && n < size)
        n += (size_t)snprintf(buf + n, size - n, ", fit:%s",
                              p->variants[0].size.fit);
    if (created > DEMO_ANCHOR - 120 * 86400 && n < size)
        n += (size_t)snprintf(buf + n, size - n, ", new");
    if (demo_below(r, 100) < 5 && n < size)
        snprintf(buf + n, size - n, ", bestseller");
    return 0;
}

static int demo_texts(const struct demo_opts *o, int index,
                      const struct demo_recipe *rc, struct product *p)
{
    struct demo_rng r = demo_rng_at(o->seed, index, DEMO_SALT_TEXT);
    char title[160], buf[512];
    int bad = 0;

    if (rc->kind == DEMO_KIND_GIFT)
        snprintf(title, sizeof(title), "Gift Card");
    else if (rc->kind == DEMO_KIND_ACCESSORY)
        snprintf(title, sizeof(title), "%s %s %s", rc->brand->name, rc->model,
                 rc->accessory);
    else
        snprintf(title, sizeof(title), "%s %s", rc->brand->name, rc->model);
    bad |= product_set(&p->title, title);
    demo_slug(title, buf, sizeof(buf));
    bad |= product_set(&p->handle, buf);
    bad |= product_set(&p->brand,
                       rc->kind == DEMO_KIND_GIFT ? NULL : rc->brand->name);
    bad |=
        product_set(&p->model, rc->kind == DEMO_KIND_FRAME ? rc->model : title);
    p->created = DEMO_ANCHOR - demo_below(&r, DEMO_SPAN);

    demo_describe(rc, &r, buf, sizeof(buf));
    bad |= product_set(&p->description, buf);
    demo_tags(rc, &r, p->created, p, buf, sizeof(buf));
    bad |= product_set(&p->tags, buf);
    if (rc->kind == DEMO_KIND_FRAME) {
        bad |= product_set(&p->shape, demo_draw_shape_key(rc->shape));
        bad |= product_set(&p->material, demo_material_keys[rc->material]);
        bad |= product_set(&p->rim, rc->rim);
        bad |= product_set(&p->gender, rc->gender);
    }
    return bad ? kerr_set(KERR_NOMEM, "demo: out of memory") : 0;
}

/*
 * Revision k changes about 1% of products, picked by a hash of (seed,
 * index, k): either ten euros on the price or a colour renamed. Changes
 * add up, so revision 2 also carries revision 1's.
 */
static int demo_revise(const struct demo_opts *o, int index, struct product *p)
{
    char buf[128];

    for (int k = 1; k <= o->revision; k++) {
        struct demo_rng r = demo_rng_at(o->seed, index, DEMO_SALT_REV + k);
        const char *old;

        if (demo_below(&r, 100) != 0 || p->n_variants == 0)
            continue;
        if (demo_below(&r, 2) || !p->variants[0].colour) {
            for (size_t v = 0; v < p->n_variants; v++)
                p->variants[v].price += 1000;
            continue;
        }
        old = p->variants[0].colour;
        if (strncmp(old, "Matte ", 6) == 0)
            snprintf(buf, sizeof(buf), "Gloss %s", old + 6);
        else
            snprintf(buf, sizeof(buf), "Matte %s", old);
        for (size_t v = p->n_variants; v-- > 0;) {
            if (p->variants[v].colour &&
                strcmp(p->variants[v].colour, old) == 0 &&
                product_set(&p->variants[v].colour, buf) < 0)
                return kerr_set(KERR_NOMEM, "demo: out of memory");
        }
    }
    return 0;
}

int demo_product(const struct demo_opts *o, int index, struct product *out)
{
    struct demo_recipe rc;
    char id[32];
    int ret;

    memset(out, 0, sizeof(*out));
    if (!o || o->products < 1 || o->products > DEMO_MAX_PRODUCTS || index < 0 ||
        index >= o->products || o->revision < 0 ||
        o->revision > DEMO_MAX_REVISION)
        return kerr_set(KERR_INVAL, "demo: product %d of %d: out of range",
                        index, o ? o->products : 0);

    demo_recipe(o, index, &rc);
    snprintf(id, sizeof(id), "%d", index + 1000);
    ret = product_set(&out->source_id, id);
    out->category = rc.kind == DEMO_KIND_GIFT        ? PRODUCT_HIDDEN
                    : rc.kind == DEMO_KIND_ACCESSORY ? PRODUCT_ACCESSORY
                    : rc.sun                         ? PRODUCT_SUN
                                                     : PRODUCT_OPTICAL;
    if (ret == 0)
        ret = rc.kind == DEMO_KIND_FRAME
                  ? demo_frame_variants(o, &rc, index, out)
                  : demo_other_variants(&rc, out);
    if (ret == 0)
        ret = demo_texts(o, index, &rc, out);
    if (ret == 0)
        ret = demo_revise(o, index, out);
    if (ret == 0)
        ret = demo_join_colours(out);
    if (ret < 0) {
        product_clear(out);
        return ret == KERR_NOMEM ? kerr_set(KERR_NOMEM, "demo: out of memory")
                                 : ret;
    }
    return 0;
}
