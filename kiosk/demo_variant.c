/*
 * demo_variant: the variants of a demo product: sizes, colours, stock,
 * images, and the gift card's amounts.
 */
#include "demo_impl.h"

#include "kerr.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct size_choice {
    int lens, bridge, temple;
};

static void demo_pick_sizes(struct demo_rng *r, const struct demo_recipe *rc,
                            int ns, struct size_choice *out)
{
    int base;

    if (strcmp(rc->gender, "kids") == 0)
        base = demo_range(r, 44, 47);
    else if (strcmp(rc->gender, "women") == 0)
        base = demo_range(r, 48, 53);
    else if (strcmp(rc->gender, "men") == 0)
        base = demo_range(r, 52, 56);
    else
        base = demo_range(r, 49, 54);
    if (rc->shape == DEMO_AVIATOR || rc->shape == DEMO_BUTTERFLY)
        base += 3;
    if (rc->shape == DEMO_ROUND || rc->shape == DEMO_PANTO)
        base -= 2;
    base = base < 44 ? 44 : base > 60 - 2 * (ns - 1) ? 60 - 2 * (ns - 1) : base;

    for (int k = 0; k < ns; k++) {
        int lens = base + 2 * k + (k > 0 ? demo_below(r, 2) : 0);
        int bridge = 16 + (lens - 48) / 3 + demo_range(r, -2, 2);

        if (rc->shape == DEMO_ROUND || rc->shape == DEMO_PANTO)
            bridge += 2;
        lens = lens > 60 ? 60 : lens;
        bridge = bridge < 14 ? 14 : bridge > 22 ? 22 : bridge;
        out[k] = (struct size_choice){lens, bridge,
                                      135 + 5 * ((lens - 44) * 3 / 16)};
        if (k > 0 && out[k].lens == out[k - 1].lens)
            out[k].lens = out[k - 1].lens + 1;
    }
}

/*
 * Whether a palette is offered for a product's build, shape and lenses.
 * Each shape gets only a few palettes, so a whole store needs a hundred
 * or two pictures (each costs some 40 ms to draw and encode) while the
 * colour names stay varied.
 */
static int demo_palette_ok(const struct demo_recipe *rc, enum demo_palette pal)
{
    static const enum demo_palette acetate[6] = {
        DEMO_PAL_HAVANA,   DEMO_PAL_CRYSTAL, DEMO_PAL_NAVY,
        DEMO_PAL_BURGUNDY, DEMO_PAL_HONEY,   DEMO_PAL_OLIVE};
    static const enum demo_palette semi[3] = {DEMO_PAL_HAVANA, DEMO_PAL_NAVY,
                                              DEMO_PAL_BURGUNDY};
    int s = (int)rc->shape;

    switch (rc->build) {
    case DEMO_BUILD_ACETATE:
        if (pal == DEMO_PAL_BLACK || pal == DEMO_PAL_TORTOISE)
            return 1;
        return !rc->sun &&
               (pal == acetate[s % 6] || pal == acetate[(s + 3) % 6]);
    case DEMO_BUILD_METAL:
        if (pal == DEMO_PAL_GOLD || pal == DEMO_PAL_SILVER)
            return 1;
        return !rc->sun &&
               (pal == DEMO_PAL_BLACK ||
                pal == (s % 2 ? DEMO_PAL_GUNMETAL : DEMO_PAL_ROSEGOLD));
    case DEMO_BUILD_SEMI:
        return pal == DEMO_PAL_BLACK || pal == DEMO_PAL_TORTOISE ||
               (!rc->sun && pal == semi[s % 3]);
    case DEMO_BUILD_RIMLESS:
        return pal == DEMO_PAL_SILVER || pal == DEMO_PAL_GOLD ||
               (!rc->sun && pal == DEMO_PAL_GUNMETAL);
    default: return 1;
    }
}

/* The colours a product may come in, by index into its build's set. */
static int demo_colour_choice(const struct demo_recipe *rc, int *idx)
{
    const struct demo_colour_set *set = &demo_colour_sets[rc->build];
    int n = 0;

    for (int k = 0; k < set->n; k++) {
        if (demo_palette_ok(rc, set->c[k].pal))
            idx[n++] = k;
    }
    return n;
}

/* `nc` distinct colours, "Écaille" for tortoise with French names. */
static void demo_pick_colours(struct demo_rng *r, const struct demo_recipe *rc,
                              int nc, const struct demo_colour **out)
{
    const struct demo_colour_set *set = &demo_colour_sets[rc->build];
    int order[16], n = demo_colour_choice(rc, order);

    for (int k = 0; k < nc && k < n; k++) {
        int pick = k + demo_below(r, n - k), t = order[k];

        order[k] = order[pick];
        order[pick] = t;
        out[k] = &set->c[order[k]];
        if (rc->brand->french && out[k]->pal == DEMO_PAL_TORTOISE &&
            strcmp(out[k]->code, "TOR") == 0)
            out[k] = &demo_ecaille;
    }
}

static const char *demo_fit(double frame_width)
{
    if (frame_width < 126)
        return "petite";
    if (frame_width < 131)
        return "small";
    if (frame_width < 137)
        return "medium";
    if (frame_width < 143)
        return "wide";
    return "large";
}

/* images/name, or just name when there is no prefix. */
static int demo_image_url(const struct demo_opts *o, const char *name,
                          char *buf, size_t size)
{
    const char *pre = o->images ? o->images : "";
    int n = snprintf(buf, size, "%s%s%s", pre, *pre ? "/" : "", name);

    if (n < 0 || (size_t)n >= size)
        return kerr_set(KERR_INVAL, "demo: image prefix too long");
    return 0;
}

static int demo_look_url(const struct demo_opts *o,
                         const struct demo_recipe *rc,
                         const struct demo_colour *c, int tryon, char *buf,
                         size_t size)
{
    struct demo_look look = {tryon, rc->shape, c->pal, rc->build, rc->sun};
    char name[64];

    demo_draw_name(&look, name, sizeof(name));
    return demo_image_url(o, name, buf, size);
}

static int demo_add_unique_image(struct product *p, const char *url)
{
    for (size_t k = 0; k < p->n_images; k++) {
        if (strcmp(p->images[k], url) == 0)
            return 0;
    }
    return product_add_image(p, url);
}

static int demo_frame_variant(const struct demo_opts *o,
                              const struct demo_recipe *rc, struct demo_rng *r,
                              const struct demo_colour *c,
                              const struct size_choice *sz, struct product *p)
{
    struct product_variant *v = product_add_variant(p);
    char buf[1024];
    double fw;

    if (!v)
        return KERR_NOMEM;
    snprintf(buf, sizeof(buf), "%lld",
             atoll(p->source_id) * 10 + (long long)p->n_variants - 1);
    if (product_set(&v->source_id, buf) < 0)
        return KERR_NOMEM;
    snprintf(buf, sizeof(buf), "%s-%s-%d-%s", rc->brand->code, rc->model_code,
             sz->lens, c->code);
    if (product_set(&v->sku, buf) < 0 || product_set(&v->colour, c->name))
        return KERR_NOMEM;
    snprintf(buf, sizeof(buf), "%d-%d-%d", sz->lens, sz->bridge, sz->temple);
    if (product_set(&v->size_label, buf) < 0)
        return KERR_NOMEM;

    fw = 2.0 * sz->lens + sz->bridge + demo_range(r, 6, 10);
    v->size = (struct product_size){
        sz->lens, sz->bridge, sz->temple, fw,
        (double)(int)(sz->lens * demo_shape_height[rc->shape] + 0.5), 1, 0,
        "", NULL};
    snprintf(v->size.fit, sizeof(v->size.fit), "%s", demo_fit(fw));
    v->price = rc->price + (demo_below(r, 10) == 0 ? 1000 : 0);
    memcpy(v->currency, "EUR", 4);
    v->orderable = demo_below(r, 100) >= 3;
    v->shelf_qty = demo_below(r, 100) < 15 ? demo_range(r, 1, 3) : 0;
    v->lead_days = rc->brand->lead + demo_range(r, 0, 3);
    v->lead_days = v->lead_days > 21 ? 21 : v->lead_days;
    if (demo_look_url(o, rc, c, 1, buf, sizeof(buf)) < 0 ||
        product_set(&v->tryon_image, buf) < 0)
        return kerr_set(KERR_NOMEM, "demo: out of memory");
    if (demo_look_url(o, rc, c, 0, buf, sizeof(buf)) < 0)
        return KERR_INVAL;
    return demo_add_unique_image(p, buf);
}

/* Split n variants into colours x sizes the build can offer. */
static void demo_split(struct demo_rng *r, const struct demo_recipe *rc,
                       int *nc, int *ns)
{
    int idx[16];
    int n = rc->n_variants, avail = demo_colour_choice(rc, idx);

    *nc = n;
    *ns = 1;
    if ((n == 2 && demo_below(r, 10) < 3) ||
        (n == 3 && demo_below(r, 10) < 2)) {
        *nc = 1;
        *ns = n;
    } else if (n == 4 && demo_below(r, 2)) {
        *nc = 2;
        *ns = 2;
    }
    if (*nc > avail) {
        *nc = n % 2 == 0 && avail >= 2 ? 2 : 1;
        *ns = n / *nc;
    }
}

int demo_frame_variants(const struct demo_opts *o, const struct demo_recipe *rc,
                        int index, struct product *p)
{
    struct demo_rng r = demo_rng_at(o->seed, index, DEMO_SALT_VAR);
    const struct demo_colour *cols[8];
    struct size_choice sizes[8];
    int nc, ns, rc2;

    demo_split(&r, rc, &nc, &ns);
    demo_pick_colours(&r, rc, nc, cols);
    demo_pick_sizes(&r, rc, ns, sizes);
    for (int c = 0; c < nc; c++) {
        for (int s = 0; s < ns; s++) {
            rc2 = demo_frame_variant(o, rc, &r, cols[c], &sizes[s], p);
            if (rc2 < 0)
                return rc2;
        }
    }
    return 0;
}

/* Cases and cloths in a few colours; the gift card in amounts. */
int demo_other_variants(const struct demo_recipe *rc, struct product *p)
{
    static const int amounts[] = {25, 50, 75, 100, 150};
    char buf[128];

    for (int k = 0; k < rc->n_variants; k++) {
        struct product_variant *v = product_add_variant(p);

        if (!v)
            return KERR_NOMEM;
        snprintf(buf, sizeof(buf), "%lld",
                 atoll(p->source_id) * 10 + (long long)k);
        if (product_set(&v->source_id, buf) < 0)
            return KERR_NOMEM;
        if (rc->kind == DEMO_KIND_GIFT)
            snprintf(buf, sizeof(buf), "GIFT-%d", amounts[k]);
        else
            snprintf(buf, sizeof(buf), "%s-%s-ACC-%s", rc->brand->code,
                     rc->model_code, demo_accessory_colours[k].code);
        if (product_set(&v->sku, buf) < 0)
            return KERR_NOMEM;
        if (rc->kind == DEMO_KIND_ACCESSORY &&
            product_set(&v->colour, demo_accessory_colours[k].name) < 0)
            return KERR_NOMEM;
        v->price = rc->kind == DEMO_KIND_GIFT ? amounts[k] * 100 : rc->price;
        memcpy(v->currency, "EUR", 4);
        v->shelf_qty = rc->kind == DEMO_KIND_ACCESSORY ? 2 + k % 3 : 0;
        v->lead_days = rc->kind == DEMO_KIND_GIFT ? 0 : 3;
    }
    return 0;
}

/* Distinct colour names in variant order, joined by ", ". */
int demo_join_colours(struct product *p)
{
    char buf[512] = "";
    size_t n = 0;

    for (size_t k = 0; k < p->n_variants; k++) {
        const char *c = p->variants[k].colour;
        int seen = 0;

        for (size_t j = 0; c && j < k; j++)
            seen |=
                p->variants[j].colour && strcmp(p->variants[j].colour, c) == 0;
        if (!c || seen)
            continue;
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? ", " : "",
                              c);
        if (n >= sizeof(buf))
            break;
    }
    return product_set(&p->colours, n ? buf : NULL);
}
