#include "demo_draw.h"

#include "kerr.h"

#include <stb/stb_image_write.h>

#include <math.h>
#include <stdint.h>
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
#define POLAR_N 720
#define SAMPLES 2880
#define LENS_CX 35.0f
#define FRONT_HALF 66.6667f
#define TWO_PI 6.28318531f

#define TRYON_SCALE 6.0f /* px per mm: 133.3 mm of front = 800 px */
#define PHOTO_SCALE 4.8f
#define PHOTO_CY 182.0f

static const char *const shape_names[DEMO_SHAPES] = {
    "round",    "oval",      "square", "rectangle", "cateye",
    "aviator",  "browline",  "geometric", "panto",  "butterfly",
};

static const char *const shape_keys[DEMO_SHAPES] = {
    "round",    "oval",      "square", "rectangle", "cat-eye",
    "aviator",  "browline",  "geometric", "panto",  "butterfly",
};

static const char *const palette_names[DEMO_PALETTES] = {
    "black", "tortoise", "havana", "crystal",  "navy",     "burgundy",
    "honey", "olive",    "gold",   "silver",   "gunmetal", "rosegold",
    "walnut",
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
    [DEMO_CATEYE] = {23.0f, 26.0f, 13.5f, 17.5f, 3.4f, 2.2f, 8.0f, 0, 0,
                     0.32f},
    [DEMO_AVIATOR] = {24.0f, 26.5f, 16.0f, 23.0f, 3.0f, 2.2f, 0, 5.0f, 0,
                      0.12f},
    [DEMO_BROWLINE] = {25.0f, 25.5f, 17.5f, 19.0f, 4.0f, 2.3f, 1.5f, 0, 0, 0},
    [DEMO_GEOMETRIC] = {25.0f, 25.5f, 21.0f, 21.0f, 2.0f, 2.0f, 0, 0, 6, 0},
    [DEMO_PANTO] = {23.0f, 23.5f, 19.0f, 23.0f, 3.6f, 2.0f, 0, 0, 0, 0},
    [DEMO_BUTTERFLY] = {23.0f, 26.5f, 21.0f, 20.0f, 3.0f, 2.3f, 7.5f,
                        -5.0f, 0, 0},
};

enum finish { FIN_SOLID, FIN_MOTTLE, FIN_CRYSTAL, FIN_METAL, FIN_WOOD };

struct palette_def {
    float base[3];
    float spot[3];
    enum finish finish;
    float alpha;
};

static const struct palette_def palette_defs[DEMO_PALETTES] = {
    [DEMO_PAL_BLACK] = {{.035f, .035f, .04f}, {0}, FIN_SOLID, 1},
    [DEMO_PAL_TORTOISE] = {{.66f, .38f, .13f}, {.17f, .07f, .03f},
                           FIN_MOTTLE, 1},
    [DEMO_PAL_HAVANA] = {{.40f, .20f, .07f}, {.09f, .04f, .02f},
                         FIN_MOTTLE, 1},
    [DEMO_PAL_CRYSTAL] = {{.90f, .92f, .93f}, {0}, FIN_CRYSTAL, .3f},
    [DEMO_PAL_NAVY] = {{.06f, .09f, .24f}, {0}, FIN_SOLID, 1},
    [DEMO_PAL_BURGUNDY] = {{.36f, .04f, .08f}, {0}, FIN_SOLID, 1},
    [DEMO_PAL_HONEY] = {{.88f, .60f, .24f}, {.58f, .32f, .10f},
                        FIN_MOTTLE, .86f},
    [DEMO_PAL_OLIVE] = {{.26f, .29f, .13f}, {0}, FIN_SOLID, 1},
    [DEMO_PAL_GOLD] = {{.86f, .68f, .34f}, {0}, FIN_METAL, 1},
    [DEMO_PAL_SILVER] = {{.80f, .81f, .83f}, {0}, FIN_METAL, 1},
    [DEMO_PAL_GUNMETAL] = {{.32f, .33f, .35f}, {0}, FIN_METAL, 1},
    [DEMO_PAL_ROSEGOLD] = {{.86f, .58f, .50f}, {0}, FIN_METAL, 1},
    [DEMO_PAL_WALNUT] = {{.40f, .24f, .13f}, {.22f, .12f, .06f},
                         FIN_WOOD, 1},
};

/* One lens outline, by angle around its centre (u outwards, v down). */
struct lens {
    float r[POLAR_N]; /* distance of the edge from the centre, mm */
    float g[POLAR_N]; /* turns a radial gap into a normal distance */
    float t[POLAR_N]; /* rim thickness outside the edge, mm */
    float top[POLAR_N]; /* semi builds: 1 where the brow is, 0 wire */
    float rmin, rmax, tmax;
};

/* Premultiplied RGBA floats, and where the frame's origin lands. */
struct canvas {
    int w, h;
    float *px;
    float s;      /* px per mm */
    float ox, oy; /* px position of the frame origin */
};

/* What a surface is made of at one pixel. */
struct material {
    const struct palette_def *pal;
    int wire; /* thin metal part of a non-metal frame */
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
                              (enum demo_palette)pal,
                              (enum demo_build)build, n == 5};
    return 0;
}

static float clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static float smooth(float e0, float e1, float x)
{
    float t = clampf((x - e0) / (e1 - e0), 0, 1);

    return t * t * (3 - 2 * t);
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
        float seg = TWO_PI / (float)d->sides;
        float k = fmodf(t + TWO_PI, seg) - seg / 2;
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
        *v += d->droop * (*v / d->b_bot) * clampf(0.55f - 0.6f * *u / a, 0,
                                                  1);
}

/* Rim thickness in mm and brow weight for a build at angle th. */
static void rim_at(enum demo_build b, enum demo_shape sh, float th,
                   float *t, float *top)
{
    float up = -sinf(th), out = cosf(th);

    *top = 0;
    switch (b) {
    case DEMO_BUILD_ACETATE:
    case DEMO_BUILD_WOOD:
        *t = 3.6f + 1.0f * clampf(up, 0, 1) + 0.4f * fabsf(out);
        if (sh == DEMO_CATEYE || sh == DEMO_BUTTERFLY)
            *t += 2.2f * powf(clampf(0.7f * out + 0.7f * up, 0, 1), 3);
        if (sh == DEMO_BROWLINE)
            *t += 1.8f * smooth(0.2f, 0.8f, up);
        break;
    case DEMO_BUILD_METAL:
        *t = sh == DEMO_AVIATOR ? 1.5f : 1.25f;
        break;
    case DEMO_BUILD_SEMI:
        *top = smooth(-0.05f, 0.35f, up);
        *t = 1.0f + 4.4f * *top * (0.75f + 0.25f * up);
        break;
    default:
        *t = 0;
        break;
    }
}

static void lens_polar(struct lens *L, enum demo_shape sh)
{
    const struct shape_def *d = &shape_defs[sh];
    float pu, pv, pth = 0, pr = 0;

    for (int i = 0; i <= SAMPLES; i++) {
        float t = TWO_PI * (float)(i % SAMPLES) / SAMPLES, th, r, f0, f1;

        outline_point(d, t, &pu, &pv);
        th = atan2f(pv, pu);
        if (th < 0)
            th += TWO_PI;
        r = hypotf(pu, pv);
        if (i > 0) {
            f0 = pth / TWO_PI * POLAR_N;
            f1 = th / TWO_PI * POLAR_N;
            if (f1 < f0 - POLAR_N / 2)
                f1 += POLAR_N;
            for (int k = (int)ceilf(f0); (float)k <= f1; k++) {
                float w = f1 > f0 ? ((float)k - f0) / (f1 - f0) : 0;

                L->r[k % POLAR_N] = pr + (r - pr) * w;
            }
        }
        pth = th;
        pr = r;
    }
}

static void lens_build(struct lens *L, enum demo_shape sh, enum demo_build b)
{
    float step = TWO_PI / POLAR_N;

    lens_polar(L, sh);
    L->rmin = 1e9f;
    L->rmax = 0;
    L->tmax = 0;
    for (int k = 0; k < POLAR_N; k++) {
        float r = L->r[k];
        float dr = (L->r[(k + 1) % POLAR_N] -
                    L->r[(k + POLAR_N - 1) % POLAR_N]) / (2 * step);

        L->g[k] = 1.0f / sqrtf(1 + (dr / r) * (dr / r));
        rim_at(b, sh, (float)k * step, &L->t[k], &L->top[k]);
        L->rmin = fminf(L->rmin, r);
        L->rmax = fmaxf(L->rmax, r);
        L->tmax = fmaxf(L->tmax, L->t[k]);
    }
}

/* ---- shading ----------------------------------------------------- */

static float hash2(int x, int y)
{
    uint32_t h = (uint32_t)x * 374761393u + (uint32_t)y * 668265263u;

    h = (h ^ (h >> 13)) * 1274126177u;
    h ^= h >> 16;
    return (float)h / 4294967295.0f;
}

static float vnoise(float x, float y)
{
    float fx = floorf(x), fy = floorf(y);
    int ix = (int)fx, iy = (int)fy;
    float tx = x - fx, ty = y - fy;
    float a = hash2(ix, iy), b = hash2(ix + 1, iy);
    float c = hash2(ix, iy + 1), d = hash2(ix + 1, iy + 1);

    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    return a + (b - a) * tx + (c - a) * ty + (a - b - c + d) * tx * ty;
}

static float fbm(float x, float y)
{
    return 0.5f * vnoise(x, y) + 0.3f * vnoise(2.1f * x + 7, 2.1f * y) +
           0.2f * vnoise(4.3f * x, 4.3f * y + 3);
}

/* Base colour of the material at (x, y) mm, before lighting. */
static void material_base(const struct material *m, float x, float y,
                          float rgb[3])
{
    const struct palette_def *p = m->pal;
    float k;

    if (p->finish == FIN_MOTTLE) {
        float w = fbm(x * 0.15f + 3, y * 0.15f);

        k = smooth(0.40f, 0.66f, fbm(x * 0.24f + 2 * w, y * 0.42f + w));
        k = 0.1f + 0.9f * k * (0.75f + 0.25f * vnoise(x * 1.5f, y * 1.5f));
        for (int i = 0; i < 3; i++)
            rgb[i] = p->base[i] + (p->spot[i] - p->base[i]) * k;
        return;
    }
    if (p->finish == FIN_WOOD) {
        float g = y * 1.6f + 2.5f * fbm(x * 0.12f, y * 0.3f);

        k = 0.5f + 0.5f * sinf(g * 3.1f);
        k = k * k * (0.6f + 0.4f * vnoise(x * 2, y * 8));
        for (int i = 0; i < 3; i++)
            rgb[i] = p->base[i] + (p->spot[i] - p->base[i]) * k;
        return;
    }
    memcpy(rgb, p->base, 3 * sizeof(float));
}

/*
 * Light a surface point with normal n (n[2] towards the viewer): a soft
 * key light from the upper left, a specular highlight, and for metal a
 * bright-sky-above reflection. Sets rgb and returns the opacity.
 */
static float shade(const struct material *m, const float n[3], float x,
                   float y, float rgb[3])
{
    static const float L[3] = {-0.36f, -0.72f, 0.59f};
    static const float H[3] = {-0.20f, -0.40f, 0.89f};
    const struct palette_def *p = m->pal;
    float base[3], diff, spec, hs;
    int metal = p->finish == FIN_METAL || m->wire;

    material_base(m, x, y, base);
    if (m->wire && p->finish != FIN_METAL) {
        int warm = p->base[0] > p->base[2] + 0.1f;

        base[0] = warm ? .84f : .78f;
        base[1] = warm ? .68f : .79f;
        base[2] = warm ? .38f : .81f;
    }
    diff = fmaxf(0, n[0] * L[0] + n[1] * L[1] + n[2] * L[2]);
    hs = fmaxf(0, n[0] * H[0] + n[1] * H[1] + n[2] * H[2]);

    if (metal) {
        float env = clampf(0.62f - 0.55f * n[1] + 0.1f * n[2], 0.08f, 1);

        spec = powf(hs, 60);
        for (int i = 0; i < 3; i++)
            rgb[i] = clampf(base[i] * (0.25f + 0.95f * env) + 0.8f * spec,
                            0, 1);
        return 1;
    }

    spec = powf(hs, 36) * 0.75f + powf(hs, 6) * 0.08f;
    for (int i = 0; i < 3; i++)
        rgb[i] = clampf(base[i] * (0.58f + 0.55f * diff) + spec, 0, 1);
    if (p->finish == FIN_CRYSTAL)
        return clampf(p->alpha + 0.45f * (1 - n[2]) + spec, 0, 1);
    return clampf(p->alpha + spec, 0, 1);
}

static void blend(struct canvas *c, int x, int y, const float rgb[3],
                  float a)
{
    float *p = c->px + 4 * ((size_t)y * (size_t)c->w + (size_t)x);

    if (a <= 0)
        return;
    p[0] = rgb[0] * a + p[0] * (1 - a);
    p[1] = rgb[1] * a + p[1] * (1 - a);
    p[2] = rgb[2] * a + p[2] * (1 - a);
    p[3] = a + p[3] * (1 - a);
}

/* ---- parts ------------------------------------------------------- */

/* Pixel box of a millimetre box, clipped to the canvas. */
static void box_px(const struct canvas *c, float x0, float y0, float x1,
                   float y1, int b[4])
{
    b[0] = (int)fmaxf(0, floorf(c->ox + x0 * c->s) - 1);
    b[1] = (int)fmaxf(0, floorf(c->oy + y0 * c->s) - 1);
    b[2] = (int)fminf((float)c->w, ceilf(c->ox + x1 * c->s) + 1);
    b[3] = (int)fminf((float)c->h, ceilf(c->oy + y1 * c->s) + 1);
}

/*
 * A tube through `n` points (mm) of radius r, lit as a rounded bar: the
 * bridge, end pieces, brow bars and pad arms.
 */
static void draw_tube(struct canvas *c, const float (*pts)[2], int n,
                      float r, const struct material *m, int flat)
{
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    int b[4];

    for (int i = 0; i < n; i++) {
        x0 = fminf(x0, pts[i][0] - r);
        x1 = fmaxf(x1, pts[i][0] + r);
        y0 = fminf(y0, pts[i][1] - r);
        y1 = fmaxf(y1, pts[i][1] + r);
    }
    box_px(c, x0, y0, x1, y1, b);

    for (int py = b[1]; py < b[3]; py++) {
        for (int px = b[0]; px < b[2]; px++) {
            float x = ((float)px + 0.5f - c->ox) / c->s;
            float y = ((float)py + 0.5f - c->oy) / c->s;
            float best = 1e9f, bx = 0, by = 0, cov, nrm[3], rgb[3], a;

            for (int i = 0; i + 1 < n; i++) {
                float ax = pts[i][0], ay = pts[i][1];
                float dx = pts[i + 1][0] - ax, dy = pts[i + 1][1] - ay;
                float h = clampf(((x - ax) * dx + (y - ay) * dy) /
                                     (dx * dx + dy * dy + 1e-9f), 0, 1);
                float ex = x - ax - h * dx, ey = y - ay - h * dy;
                float dd = ex * ex + ey * ey;

                if (dd < best) {
                    best = dd;
                    bx = ex;
                    by = ey;
                }
            }
            best = sqrtf(best);
            cov = clampf(0.5f - (best - r) * c->s, 0, 1);
            if (cov <= 0)
                continue;

            nrm[0] = clampf(bx / r, -1, 1) * 0.9f;
            nrm[1] = clampf(by / r, -1, 1) * 0.9f;
            if (flat) {
                nrm[0] = nrm[0] * nrm[0] * nrm[0];
                nrm[1] = nrm[1] * nrm[1] * nrm[1];
            }
            nrm[2] = sqrtf(fmaxf(0, 1 - nrm[0] * nrm[0] - nrm[1] * nrm[1]));
            a = shade(m, nrm, x, y, rgb);
            blend(c, px, py, rgb, cov * a);
        }
    }
}

struct lens_paint {
    const struct lens *L;
    const struct demo_look *look;
    const struct material *rim, *wire;
    float side; /* -1 left lens, +1 right lens (as seen) */
};

/* The lens glass at local (u, v), with coverage cov. */
static void paint_glass(struct canvas *c, int px, int py, float u, float v,
                        float cov, const struct lens_paint *lp)
{
    const struct palette_def *p = &palette_defs[lp->look->palette];
    float rgb[3], a, sheen;
    int warm = p->base[0] > p->base[2] + 0.25f;

    sheen = smooth(0.0f, 0.5f, 1 - fabsf((v + 0.55f * u * lp->side + 9) /
                                         7.0f));
    if (lp->look->sun) {
        float grad = clampf((v + 20) / 44, 0, 1);

        rgb[0] = warm ? .30f : .11f;
        rgb[1] = warm ? .20f : .13f;
        rgb[2] = warm ? .12f : .12f;
        for (int i = 0; i < 3; i++)
            rgb[i] = rgb[i] * (0.8f + 0.6f * grad) + 0.35f * sheen;
        a = 0.9f - 0.14f * grad;
    } else {
        rgb[0] = .86f + .14f * sheen;
        rgb[1] = .91f + .09f * sheen;
        rgb[2] = .95f + .05f * sheen;
        a = (lp->look->tryon ? 0.10f : 0.05f) + 0.16f * sheen;
    }
    blend(c, px, py, rgb, cov * a);
}

/* One pixel of a lens and its rim; d is the distance to the edge. */
static void paint_lens_px(struct canvas *c, int px, int py, float u,
                          float v, float th, const struct lens_paint *lp)
{
    const struct lens *L = lp->L;
    float f = th / TWO_PI * POLAR_N, w, r, g, t, top, d, cov, in;
    int k0 = (int)f, k1;
    float nrm[3], rgb[3], a, np, x, y;

    k0 %= POLAR_N;
    k1 = (k0 + 1) % POLAR_N;
    w = f - floorf(f);
    r = L->r[k0] + (L->r[k1] - L->r[k0]) * w;
    g = L->g[k0] + (L->g[k1] - L->g[k0]) * w;
    t = L->t[k0] + (L->t[k1] - L->t[k0]) * w;
    top = L->top[k0] + (L->top[k1] - L->top[k0]) * w;
    d = (hypotf(u, v) - r) * g;

    in = clampf(0.5f - d * c->s, 0, 1);
    cov = clampf(0.5f - (d - 0.25f) * c->s, 0, 1);
    if (t <= 0)
        cov = in;
    if (cov > 0)
        paint_glass(c, px, py, u, v, cov, lp);

    x = LENS_CX * lp->side + u * lp->side;
    y = v;
    if (t <= 0) {
        /* Rimless: only a polished bevel catches the light. */
        float e = clampf(0.5f - (fabsf(d + 0.35f) - 0.35f) * c->s, 0, 1);
        float up = clampf(-sinf(th), 0, 1);

        rgb[0] = rgb[1] = rgb[2] = 0.55f + 0.45f * up;
        blend(c, px, py, rgb, e * (0.35f + 0.4f * up));
        return;
    }

    cov = clampf(0.5f - (d - t) * c->s, 0, 1) - in;
    if (cov <= 0)
        return;
    np = clampf(2 * d / t - 1, -1, 1);
    if (lp->rim->pal->finish != FIN_METAL && (!lp->wire || top > 0.5f))
        np = np * np * np;
    np *= 0.92f;
    nrm[0] = cosf(th) * lp->side * np;
    nrm[1] = sinf(th) * np;
    nrm[2] = sqrtf(fmaxf(0, 1 - np * np));
    a = shade(top > 0.5f || !lp->wire ? lp->rim : lp->wire, nrm, x, y,
              rgb);
    blend(c, px, py, rgb, cov * a);
}

static void draw_lens(struct canvas *c, const struct lens_paint *lp)
{
    const struct lens *L = lp->L;
    float reach = L->rmax + L->tmax + 1, inner = L->rmin - 2 / c->s;
    float cx = LENS_CX * lp->side;
    int b[4];

    box_px(c, cx - reach, -reach, cx + reach, reach, b);
    for (int py = b[1]; py < b[3]; py++) {
        for (int px = b[0]; px < b[2]; px++) {
            float x = ((float)px + 0.5f - c->ox) / c->s;
            float v = ((float)py + 0.5f - c->oy) / c->s;
            float u = (x - cx) * lp->side, rho = hypotf(u, v), th;

            if (rho > reach)
                continue;
            if (rho < inner) {
                paint_glass(c, px, py, u, v, 1, lp);
                continue;
            }
            th = atan2f(v, u);
            if (th < 0)
                th += TWO_PI;
            paint_lens_px(c, px, py, u, v, th, lp);
        }
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
    rim_at(lk->build, lk->shape, th < 0 ? th + TWO_PI : th, &rt, &top);
    u += u / r * rt * 0.5f;
    v += v / r * rt * 0.5f;
    *x = (LENS_CX + u) * side;
    *y = v;
}

static int look_thick(const struct demo_look *lk)
{
    return lk->build == DEMO_BUILD_ACETATE || lk->build == DEMO_BUILD_WOOD;
}

static void draw_bridge(struct canvas *c, const struct demo_look *lk,
                        const struct material *rim,
                        const struct material *wire)
{
    const struct shape_def *d = &shape_defs[lk->shape];
    int thick = look_thick(lk);
    float xi, y0, arch, pts[9][2];

    rim_anchor(lk, TWO_PI / 2 + (thick ? 0.55f : 0.3f), 1, &xi, &y0);
    arch = thick ? 0.12f * d->b_top : 0.22f * d->b_top;
    for (int i = 0; i < 9; i++) {
        float t = (float)i / 8, s = 2 * t - 1;

        pts[i][0] = -xi + 2 * xi * t;
        pts[i][1] = y0 - arch * (1 - s * s);
    }
    draw_tube(c, (const float(*)[2])pts, 9, thick ? 2.3f : 0.85f,
              thick ? rim : wire, thick);

    if (lk->shape == DEMO_AVIATOR && !thick) {
        float bar[2][2];

        rim_anchor(lk, -TWO_PI / 4 - 0.6f, -1, &bar[0][0], &bar[0][1]);
        rim_anchor(lk, -TWO_PI / 4 - 0.6f, 1, &bar[1][0], &bar[1][1]);
        draw_tube(c, (const float(*)[2])bar, 2, 0.8f, wire, 0);
    }
}

static void draw_end_pieces(struct canvas *c, const struct demo_look *lk,
                            const struct material *rim,
                            const struct material *wire)
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

        draw_tube(c, (const float(*)[2])pts, 3, r,
                  thick || lk->build == DEMO_BUILD_SEMI ? rim : wire,
                  thick);
        if (!thick)
            draw_tube(c, (const float(*)[2])hinge, 2, 1.6f, wire, 0);
    }
}

/* Silicone nose pads on their wire arms, seen through the lenses. */
static void draw_pads(struct canvas *c, const struct demo_look *lk,
                      const struct material *wire)
{
    static const struct palette_def pad = {{.93f, .93f, .9f}, {0},
                                           FIN_CRYSTAL, .35f};
    const struct material padm = {&pad, 0};
    const struct shape_def *d = &shape_defs[lk->shape];

    for (int side = -1; side <= 1; side += 2) {
        float xin = (LENS_CX - d->a_in) * (float)side;
        float arm[3][2] = {{xin, -d->b_top * 0.15f},
                           {xin + 1.2f * (float)side, d->b_bot * 0.15f},
                           {xin + 3.0f * (float)side, d->b_bot * 0.3f}};
        float p[2][2] = {{xin + 3.6f * (float)side, d->b_bot * 0.25f},
                         {xin + 4.4f * (float)side, d->b_bot * 0.48f}};

        draw_tube(c, (const float(*)[2])arm, 3, 0.5f, wire, 0);
        draw_tube(c, (const float(*)[2])p, 2, 1.7f, &padm, 0);
    }
}

static void draw_frame(struct canvas *c, const struct demo_look *lk,
                       const struct lens *L)
{
    const struct material rim = {&palette_defs[lk->palette], 0};
    const struct material wire = {&palette_defs[lk->palette], 1};
    int rimless = lk->build == DEMO_BUILD_RIMLESS;
    int thick = look_thick(lk);
    struct lens_paint lp = {L, lk, &rim, thick ? NULL : &wire, -1};

    if (!thick)
        draw_pads(c, lk, &wire);
    if (!rimless) {
        draw_bridge(c, lk, &rim, &wire);
        draw_end_pieces(c, lk, &rim, &wire);
    }
    draw_lens(c, &lp);
    lp.side = 1;
    draw_lens(c, &lp);
    if (rimless) {
        draw_bridge(c, lk, &rim, &wire);
        draw_end_pieces(c, lk, &rim, &wire);
    }
}

/* ---- photo background and encoding ------------------------------- */

/* Box-blur a w x h float image in place, horizontally then vertically. */
static void blur_pass(float *img, float *tmp, int w, int h, int rad)
{
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            float s = 0;

            for (int k = -rad; k <= rad; k++)
                s += img[y * w + (x + k < 0 ? 0 : x + k >= w ? w - 1 : x + k)];
            tmp[y * w + x] = s / (float)(2 * rad + 1);
        }
    }
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            float s = 0;

            for (int k = -rad; k <= rad; k++)
                s += tmp[(y + k < 0 ? 0 : y + k >= h ? h - 1 : y + k) * w + x];
            img[y * w + x] = s / (float)(2 * rad + 1);
        }
    }
}

/*
 * The frame's soft shadow: its coverage at a quarter of the size,
 * blurred three times (close to a Gaussian), looked up shifted down.
 */
static float *photo_shadow(const struct canvas *c, int *sw, int *sh)
{
    int w = c->w / 4, h = c->h / 4;
    float *img = calloc((size_t)w * (size_t)h * 2, sizeof(float));

    if (!img)
        return NULL;
    for (int y = 0; y < h * 4; y++) {
        for (int x = 0; x < w * 4; x++)
            img[(y / 4) * w + x / 4] +=
                c->px[4 * ((size_t)y * (size_t)c->w + (size_t)x) + 3] / 16;
    }
    for (int i = 0; i < 3; i++)
        blur_pass(img, img + w * h, w, h, 3);
    *sw = w;
    *sh = h;
    return img;
}

static float shadow_at(const float *img, int w, int h, float x, float y)
{
    int ix = (int)floorf(x), iy = (int)floorf(y);
    float fx = x - (float)ix, fy = y - (float)iy, v[4];

    for (int k = 0; k < 4; k++) {
        int xx = ix + (k & 1), yy = iy + (k >> 1);

        v[k] = xx < 0 || yy < 0 || xx >= w || yy >= h ? 0 : img[yy * w + xx];
    }
    return (v[0] * (1 - fx) + v[1] * fx) * (1 - fy) +
           (v[2] * (1 - fx) + v[3] * fx) * fy;
}

static unsigned char to8(float v)
{
    return (unsigned char)(clampf(v, 0, 1) * 255.0f + 0.5f);
}

/* Compose the photo: warm white, vignette, shadow, then the frame. */
static int photo_pixels(const struct canvas *c, unsigned char *out)
{
    int sw, sh;
    float *shadow = photo_shadow(c, &sw, &sh);

    if (!shadow)
        return kerr_set(KERR_NOMEM, "demo image: out of memory");
    for (int y = 0; y < c->h; y++) {
        for (int x = 0; x < c->w; x++) {
            const float *p = c->px + 4 * ((size_t)y * (size_t)c->w +
                                          (size_t)x);
            float dx = ((float)x - c->w / 2.0f) / (float)c->w;
            float dy = ((float)y - c->h / 2.0f) / (float)c->h;
            float bg = 1.0f - 0.05f * (dx * dx + dy * dy);
            float s = shadow_at(shadow, sw, sh, (float)x / 4 - 0.5f,
                                ((float)y - 16) / 4 - 0.5f);
            unsigned char *o = out + 3 * ((size_t)y * (size_t)c->w +
                                          (size_t)x);

            bg *= 1 - 0.35f * clampf(s, 0, 1);
            o[0] = to8(p[0] + bg * 0.992f * (1 - p[3]));
            o[1] = to8(p[1] + bg * 0.982f * (1 - p[3]));
            o[2] = to8(p[2] + bg * 0.965f * (1 - p[3]));
        }
    }
    free(shadow);
    return 0;
}

static void tryon_pixels(const struct canvas *c, unsigned char *out)
{
    size_t n = (size_t)c->w * (size_t)c->h;

    for (size_t i = 0; i < n; i++) {
        const float *p = c->px + 4 * i;
        float a = p[3];

        out[4 * i + 3] = to8(a);
        for (int k = 0; k < 3; k++)
            out[4 * i + k] = a > 1e-4f ? to8(p[k] / a) : 0;
    }
}

struct png_buf {
    unsigned char *data;
    size_t len, cap;
    int failed;
};

static void png_put(void *ctx, void *data, int size)
{
    struct png_buf *b = ctx;
    size_t n = (size_t)size;

    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = (b->len + n) * 2;
        unsigned char *grown = realloc(b->data, cap);

        if (!grown) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
}

unsigned char *demo_draw_png(const struct demo_look *look, size_t *len)
{
    struct canvas c = {0};
    struct png_buf png = {0};
    struct lens *L = malloc(sizeof(*L));
    unsigned char *pix = NULL;
    int comp = look->tryon ? 4 : 3;

    c.w = look->tryon ? DEMO_TRYON_W : DEMO_PHOTO_W;
    c.h = look->tryon ? DEMO_TRYON_H : DEMO_PHOTO_H;
    c.s = look->tryon ? TRYON_SCALE : PHOTO_SCALE;
    c.ox = c.w / 2.0f;
    c.oy = look->tryon ? (float)DEMO_TRYON_LENS_Y : PHOTO_CY;
    c.px = calloc((size_t)c.w * (size_t)c.h * 4, sizeof(float));
    pix = malloc((size_t)c.w * (size_t)c.h * (size_t)comp);
    if (!L || !c.px || !pix) {
        kerr_set(KERR_NOMEM, "demo image: out of memory");
        goto out;
    }

    lens_build(L, look->shape, look->build);
    draw_frame(&c, look, L);
    if (look->tryon)
        tryon_pixels(&c, pix);
    else if (photo_pixels(&c, pix) < 0)
        goto out;

    if (!stbi_write_png_to_func(png_put, &png, c.w, c.h, comp, pix,
                                c.w * comp) ||
        png.failed) {
        free(png.data);
        png.data = NULL;
        kerr_set(KERR_NOMEM, "demo image: PNG encoding failed");
        goto out;
    }
    *len = png.len;

out:
    free(L);
    free(c.px);
    free(pix);
    return png.data;
}
