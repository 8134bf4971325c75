#include "demo_draw_impl.h"

#include "kerr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The drawing works in millimetres of a canonical frame: lens centres at
 * x = -35 and +35, y = 0 (y grows downwards), the front spanning x =
 * -66.67 .. +66.67. A lens outline is a closed curve stored as its
 * radius by angle around the lens centre; the signed distance to it
 * (approximated from the radius and its slope) gives anti-aliased edges
 * and a rim band of any thickness in one evaluation per pixel.
 */
#define SAMPLES 2880
#define FRONT_HALF 66.6667f

#define TRYON_SCALE 6.0f /* px per mm: 133.3 mm of front = 800 px */
#define PHOTO_SCALE 4.8f
#define PHOTO_CY 182.0f

static const char *const shape_names[DEMO_SHAPES] = {
    "round",   "oval",     "square",    "rectangle", "cateye",
    "aviator", "browline", "geometric", "panto",     "butterfly",
};

static const char *const shape_keys[DEMO_SHAPES] = {
    "round",   "oval",     "square",    "rectangle", "cat-eye",
    "aviator", "browline", "geometric", "panto",     "butterfly",
};

static const char *const palette_names[DEMO_PALETTES] = {
    "black", "tortoise", "havana", "crystal",  "navy",     "burgundy", "honey",
    "olive", "gold",     "silver", "gunmetal", "rosegold", "walnut",
};

static const char *const build_names[DEMO_BUILDS] = {
    "acetate", "metal", "semi", "rimless", "wood",
};

/* Half sizes in mm, superellipse exponents and the two deformations. */
struct shape_def {
    float a_in, a_out, b_top, b_bot;
    float n_top, n_bot;
    float lift;  /* mm the outer top corner sweeps up (cat-eye) */
    float droop; /* mm the inner bottom drops (aviator), < 0 lifts it */
    int sides;   /* > 0: a regular polygon instead (geometric) */
    float taper; /* narrowing of the lower outer side (teardrop) */
};

static const struct shape_def shape_defs[DEMO_SHAPES] = {
    [DEMO_ROUND] = {23.5f, 23.5f, 23.0f, 23.5f, 2.0f, 2.0f, 0, 0, 0, 0},
    [DEMO_OVAL] = {25.0f, 25.5f, 18.5f, 19.5f, 2.2f, 2.1f, 0, 0, 0, 0},
    [DEMO_SQUARE] = {24.0f, 24.5f, 21.5f, 22.0f, 4.5f, 4.0f, 0, 0, 0, 0},
    [DEMO_RECTANGLE] = {25.5f, 26.0f, 16.0f, 16.5f, 5.5f, 4.5f, 0, 0, 0, 0},
    [DEMO_CATEYE] = {23.0f, 26.0f, 13.5f, 17.5f, 3.4f, 2.2f, 8.0f, 0, 0, 0.32f},
    [DEMO_AVIATOR] = {24.0f, 26.5f, 16.0f, 23.0f, 3.0f, 2.2f, 0, 5.0f, 0,
                      0.12f},
    [DEMO_BROWLINE] = {25.0f, 25.5f, 17.5f, 19.0f, 4.0f, 2.3f, 1.5f, 0, 0, 0},
    [DEMO_GEOMETRIC] = {25.0f, 25.5f, 21.0f, 21.0f, 2.0f, 2.0f, 0, 0, 6, 0},
    [DEMO_PANTO] = {23.0f, 23.5f, 19.0f, 23.0f, 3.6f, 2.0f, 0, 0, 0, 0},
    [DEMO_BUTTERFLY] = {23.0f, 26.5f, 21.0f, 20.0f, 3.0f, 2.3f, 7.5f, -5.0f, 0,
                        0},
};

const char *demo_draw_shape_key(enum demo_shape s)
{
    return (unsigned)s < DEMO_SHAPES ? shape_keys[s] : "round";
}

int demo_draw_name(const struct demo_look *look, char *buf, size_t size)
{
    return snprintf(buf, size, "%s-%s-%s-%s%s.png", look->tryon ? "t" : "f",
                    shape_names[look->shape], palette_names[look->palette],
                    build_names[look->build], look->sun ? "-sun" : "");
}

static int demo_draw_lookup(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], s) == 0)
            return i;
    }
    return -1;
}

int demo_draw_parse(const char *name, struct demo_look *out)
{
    char buf[64], *tok[6], *save = NULL;
    size_t len = strlen(name);
    int n = 0, shape, pal, build;

    if (len < 8 || len >= sizeof(buf) || strcmp(name + len - 4, ".png"))
        return kerr_set(KERR_NOTFOUND, "demo image '%.80s': unknown", name);
    memcpy(buf, name, len - 4);
    buf[len - 4] = '\0';

    for (char *t = strtok_r(buf, "-", &save); t && n < 6;
         t = strtok_r(NULL, "-", &save))
        tok[n++] = t;
    if (n < 4 || n > 5 || (n == 5 && strcmp(tok[4], "sun") != 0) ||
        (strcmp(tok[0], "f") != 0 && strcmp(tok[0], "t") != 0))
        return kerr_set(KERR_NOTFOUND, "demo image '%.80s': unknown", name);

    shape = demo_draw_lookup(shape_names, DEMO_SHAPES, tok[1]);
    pal = demo_draw_lookup(palette_names, DEMO_PALETTES, tok[2]);
    build = demo_draw_lookup(build_names, DEMO_BUILDS, tok[3]);
    if (shape < 0 || pal < 0 || build < 0)
        return kerr_set(KERR_NOTFOUND, "demo image '%.80s': unknown", name);

    *out = (struct demo_look){tok[0][0] == 't', (enum demo_shape)shape,
                              (enum demo_palette)pal, (enum demo_build)build,
                              n == 5};
    return 0;
}

/* ---- outlines ---------------------------------------------------- */
/* A point of the outline for parameter t in [0, 2pi). */
static void outline_point(const struct shape_def *d, float t, float *u,
                          float *v)
{
    float c = cosf(t), s = sinf(t);
    float a = c >= 0 ? d->a_out : d->a_in;
    float b = s < 0 ? d->b_top : d->b_bot;
    float n = s < 0 ? d->n_top : d->n_bot;

    if (d->sides > 0) {
        float seg = DEMO_TWO_PI / (float)d->sides;
        float k = fmodf(t + DEMO_TWO_PI, seg) - seg / 2;
        float rp = cosf(seg / 2) / cosf(k);

        *u = c * rp * a;
        *v = s * rp * b;
    } else {
        *u = a * copysignf(powf(fabsf(c), 2 / n), c);
        *v = b * copysignf(powf(fabsf(s), 2 / n), s);
    }

    if (d->taper != 0 && *u > 0 && *v > 0)
        *u *= 1 - d->taper * powf(*v / d->b_bot, 1.5f);
    if (d->lift != 0 && *v < 0)
        *v -= d->lift * powf((*u + d->a_in) / (d->a_in + d->a_out), 2.0f) *
              (-*v / d->b_top);
    if (d->droop != 0 && *v > 0)
        *v += d->droop * (*v / d->b_bot) *
              demo_clampf(0.55f - 0.6f * *u / a, 0, 1);
}

/* Rim thickness in mm and brow weight for a build at angle th. */
static void rim_at(enum demo_build b, enum demo_shape sh, float th, float *t,
                   float *top)
{
    float up = -sinf(th), out = cosf(th);

    *top = 0;
    switch (b) {
    case DEMO_BUILD_ACETATE:
    case DEMO_BUILD_WOOD:
        *t = 3.6f + 1.0f * demo_clampf(up, 0, 1) + 0.4f * fabsf(out);
        if (sh == DEMO_CATEYE || sh == DEMO_BUTTERFLY)
            *t += 2.2f * powf(demo_clampf(0.7f * out + 0.7f * up, 0, 1), 3);
        if (sh == DEMO_BROWLINE)
            *t += 1.8f * demo_smooth(0.2f, 0.8f, up);
        break;
    case DEMO_BUILD_METAL: *t = sh == DEMO_AVIATOR ? 1.5f : 1.25f; break;
    case DEMO_BUILD_SEMI:
        *top = demo_smooth(-0.05f, 0.35f, up);
        *t = 1.0f + 4.4f * *top * (0.75f + 0.25f * up);
        break;
    default: *t = 0; break;
    }
}

static void lens_polar(struct demo_lens *L, enum demo_shape sh)
{
    const struct shape_def *d = &shape_defs[sh];
    float pu, pv, pth = 0, pr = 0;

    for (int i = 0; i <= SAMPLES; i++) {
        float t = DEMO_TWO_PI * (float)(i % SAMPLES) / SAMPLES, th, r, f0, f1;

        outline_point(d, t, &pu, &pv);
        th = atan2f(pv, pu);
        if (th < 0)
            th += DEMO_TWO_PI;
        r = hypotf(pu, pv);
        if (i > 0) {
            f0 = pth / DEMO_TWO_PI * DEMO_POLAR_N;
            f1 = th / DEMO_TWO_PI * DEMO_POLAR_N;
            if (f1 < f0 - DEMO_POLAR_N / 2)
                f1 += DEMO_POLAR_N;
            for (int k = (int)ceilf(f0); (float)k <= f1; k++) {
                float w = f1 > f0 ? ((float)k - f0) / (f1 - f0) : 0;

                L->r[k % DEMO_POLAR_N] = pr + (r - pr) * w;
            }
        }
        pth = th;
        pr = r;
    }
}

static void lens_build(struct demo_lens *L, enum demo_shape sh,
                       enum demo_build b)
{
    float step = DEMO_TWO_PI / DEMO_POLAR_N;

    lens_polar(L, sh);
    L->rmin = 1e9f;
    L->rmax = 0;
    L->tmax = 0;
    for (int k = 0; k < DEMO_POLAR_N; k++) {
        float r = L->r[k];
        float dr = (L->r[(k + 1) % DEMO_POLAR_N] -
                    L->r[(k + DEMO_POLAR_N - 1) % DEMO_POLAR_N]) / (2 * step);

        L->g[k] = 1.0f / sqrtf(1 + (dr / r) * (dr / r));
        rim_at(b, sh, (float)k * step, &L->t[k], &L->top[k]);
        L->rmin = fminf(L->rmin, r);
        L->rmax = fmaxf(L->rmax, r);
        L->tmax = fmaxf(L->tmax, L->t[k]);
    }
}

/* ---- the whole frame --------------------------------------------- */
/*
 * A point on the middle of the rim of the right lens, for outline
 * parameter t (0 points outwards, pi inwards, negative t upwards), in
 * frame millimetres; `side` -1 mirrors it onto the left lens.
 */
static void rim_anchor(const struct demo_look *lk, float t, float side,
                       float *x, float *y)
{
    const struct shape_def *d = &shape_defs[lk->shape];
    float u, v, rt, top, th, r;

    outline_point(d, t, &u, &v);
    th = atan2f(v, u);
    r = hypotf(u, v);
    rim_at(lk->build, lk->shape, th < 0 ? th + DEMO_TWO_PI : th, &rt, &top);
    u += u / r * rt * 0.5f;
    v += v / r * rt * 0.5f;
    *x = (DEMO_LENS_CX + u) * side;
    *y = v;
}

static int look_thick(const struct demo_look *lk)
{
    return lk->build == DEMO_BUILD_ACETATE || lk->build == DEMO_BUILD_WOOD;
}

static void draw_bridge(struct demo_canvas *c, const struct demo_look *lk,
                        const struct demo_surface *rim,
                        const struct demo_surface *wire)
{
    const struct shape_def *d = &shape_defs[lk->shape];
    int thick = look_thick(lk);
    float xi, y0, arch, pts[9][2];

    rim_anchor(lk, DEMO_TWO_PI / 2 + (thick ? 0.55f : 0.3f), 1, &xi, &y0);
    arch = thick ? 0.12f * d->b_top : 0.22f * d->b_top;
    for (int i = 0; i < 9; i++) {
        float t = (float)i / 8, s = 2 * t - 1;

        pts[i][0] = -xi + 2 * xi * t;
        pts[i][1] = y0 - arch * (1 - s * s);
    }
    demo_paint_tube(c, (const float(*)[2])pts, 9, thick ? 2.3f : 0.85f,
                    thick ? rim : wire, thick);

    if (lk->shape == DEMO_AVIATOR && !thick) {
        float bar[2][2];

        rim_anchor(lk, -DEMO_TWO_PI / 4 - 0.6f, -1, &bar[0][0], &bar[0][1]);
        rim_anchor(lk, -DEMO_TWO_PI / 4 - 0.6f, 1, &bar[1][0], &bar[1][1]);
        demo_paint_tube(c, (const float(*)[2])bar, 2, 0.8f, wire, 0);
    }
}

static void draw_end_pieces(struct demo_canvas *c, const struct demo_look *lk,
                            const struct demo_surface *rim,
                            const struct demo_surface *wire)
{
    int thick = look_thick(lk);
    float r = thick ? 2.6f : 1.2f, x0, y;

    rim_anchor(lk, thick ? -0.5f : -0.4f, 1, &x0, &y);
    for (int side = -1; side <= 1; side += 2) {
        float fs = (float)side;
        float pts[3][2] = {{x0 * fs, y},
                           {(FRONT_HALF - r - 1) * fs, y - 0.2f},
                           {(FRONT_HALF - r) * fs, y - 0.2f}};
        float hinge[2][2] = {{(FRONT_HALF - 1.6f) * fs, y - 2.2f},
                             {(FRONT_HALF - 1.6f) * fs, y + 1.8f}};

        demo_paint_tube(c, (const float(*)[2])pts, 3, r,
                        thick || lk->build == DEMO_BUILD_SEMI ? rim : wire,
                        thick);
        if (!thick)
            demo_paint_tube(c, (const float(*)[2])hinge, 2, 1.6f, wire, 0);
    }
}

/* Silicone nose pads on their wire arms, seen through the lenses. */
static void draw_pads(struct demo_canvas *c, const struct demo_look *lk,
                      const struct demo_surface *wire)
{
    static const struct demo_palette_def pad = {
        {.93f, .93f, .9f}, {0}, DEMO_FIN_CRYSTAL, .35f};
    const struct demo_surface padm = {&pad, 0};
    const struct shape_def *d = &shape_defs[lk->shape];

    for (int side = -1; side <= 1; side += 2) {
        float xin = (DEMO_LENS_CX - d->a_in) * (float)side;
        float arm[3][2] = {{xin, -d->b_top * 0.15f},
                           {xin + 1.2f * (float)side, d->b_bot * 0.15f},
                           {xin + 3.0f * (float)side, d->b_bot * 0.3f}};
        float p[2][2] = {{xin + 3.6f * (float)side, d->b_bot * 0.25f},
                         {xin + 4.4f * (float)side, d->b_bot * 0.48f}};

        demo_paint_tube(c, (const float(*)[2])arm, 3, 0.5f, wire, 0);
        demo_paint_tube(c, (const float(*)[2])p, 2, 1.7f, &padm, 0);
    }
}

static void draw_frame(struct demo_canvas *c, const struct demo_look *lk,
                       const struct demo_lens *L)
{
    const struct demo_surface rim = {&demo_palette_defs[lk->palette], 0};
    const struct demo_surface wire = {&demo_palette_defs[lk->palette], 1};
    int rimless = lk->build == DEMO_BUILD_RIMLESS;
    int thick = look_thick(lk);
    struct demo_lens_paint lp = {L, lk, &rim, thick ? NULL : &wire, -1};

    if (!thick)
        draw_pads(c, lk, &wire);
    if (!rimless) {
        draw_bridge(c, lk, &rim, &wire);
        draw_end_pieces(c, lk, &rim, &wire);
    }
    demo_paint_lens(c, &lp);
    lp.side = 1;
    demo_paint_lens(c, &lp);
    if (rimless) {
        draw_bridge(c, lk, &rim, &wire);
        draw_end_pieces(c, lk, &rim, &wire);
    }
}

unsigned char *demo_draw_png(const struct demo_look *look, size_t *len)
{
    struct demo_canvas c = {0};
    struct demo_lens *L = malloc(sizeof(*L));
    unsigned char *png = NULL;

    c.w = look->tryon ? DEMO_TRYON_W : DEMO_PHOTO_W;
    c.h = look->tryon ? DEMO_TRYON_H : DEMO_PHOTO_H;
    c.s = look->tryon ? TRYON_SCALE : PHOTO_SCALE;
    c.ox = c.w / 2.0f;
    c.oy = look->tryon ? (float)DEMO_TRYON_LENS_Y : PHOTO_CY;
    c.px = calloc((size_t)c.w * (size_t)c.h * 4, sizeof(float));
    if (!L || !c.px) {
        kerr_set(KERR_NOMEM, "demo image: out of memory");
        goto out;
    }

    lens_build(L, look->shape, look->build);
    draw_frame(&c, look, L);
    png = demo_png_encode(&c, look->tryon, len);

out:
    free(L);
    free(c.px);
    return png;
}
