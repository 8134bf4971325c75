/*
 * demo_paint: lighting and painting the parts of a drawn frame: the
 * materials, the bars and the lenses with their rims (see
 * demo_draw_impl.h).
 */
#include "demo_draw_impl.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

const struct demo_palette_def demo_palette_defs[DEMO_PALETTES] = {
    [DEMO_PAL_BLACK] = {{.035f, .035f, .04f}, {0}, DEMO_FIN_SOLID, 1},
    [DEMO_PAL_TORTOISE] = {{.66f, .38f, .13f}, {.17f, .07f, .03f},
                           DEMO_FIN_MOTTLE, 1},
    [DEMO_PAL_HAVANA] = {{.40f, .20f, .07f}, {.09f, .04f, .02f},
                         DEMO_FIN_MOTTLE, 1},
    [DEMO_PAL_CRYSTAL] = {{.90f, .92f, .93f}, {0}, DEMO_FIN_CRYSTAL, .3f},
    [DEMO_PAL_NAVY] = {{.06f, .09f, .24f}, {0}, DEMO_FIN_SOLID, 1},
    [DEMO_PAL_BURGUNDY] = {{.36f, .04f, .08f}, {0}, DEMO_FIN_SOLID, 1},
    [DEMO_PAL_HONEY] = {{.88f, .60f, .24f}, {.58f, .32f, .10f},
                        DEMO_FIN_MOTTLE, .86f},
    [DEMO_PAL_OLIVE] = {{.26f, .29f, .13f}, {0}, DEMO_FIN_SOLID, 1},
    [DEMO_PAL_GOLD] = {{.86f, .68f, .34f}, {0}, DEMO_FIN_METAL, 1},
    [DEMO_PAL_SILVER] = {{.80f, .81f, .83f}, {0}, DEMO_FIN_METAL, 1},
    [DEMO_PAL_GUNMETAL] = {{.32f, .33f, .35f}, {0}, DEMO_FIN_METAL, 1},
    [DEMO_PAL_ROSEGOLD] = {{.86f, .58f, .50f}, {0}, DEMO_FIN_METAL, 1},
    [DEMO_PAL_WALNUT] = {{.40f, .24f, .13f}, {.22f, .12f, .06f},
                         DEMO_FIN_WOOD, 1},
};


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
static void material_base(const struct demo_surface *m, float x, float y,
                          float rgb[3])
{
    const struct demo_palette_def *p = m->pal;
    float k;

    if (p->finish == DEMO_FIN_MOTTLE) {
        float w = fbm(x * 0.15f + 3, y * 0.15f);

        k = demo_smooth(0.40f, 0.66f, fbm(x * 0.24f + 2 * w, y * 0.42f + w));
        k = 0.1f + 0.9f * k * (0.75f + 0.25f * vnoise(x * 1.5f, y * 1.5f));
        for (int i = 0; i < 3; i++)
            rgb[i] = p->base[i] + (p->spot[i] - p->base[i]) * k;
        return;
    }
    if (p->finish == DEMO_FIN_WOOD) {
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
static float shade(const struct demo_surface *m, const float n[3], float x,
                   float y, float rgb[3])
{
    static const float L[3] = {-0.36f, -0.72f, 0.59f};
    static const float H[3] = {-0.20f, -0.40f, 0.89f};
    const struct demo_palette_def *p = m->pal;
    float base[3], diff, spec, hs;
    int metal = p->finish == DEMO_FIN_METAL || m->wire;

    material_base(m, x, y, base);
    if (m->wire && p->finish != DEMO_FIN_METAL) {
        int warm = p->base[0] > p->base[2] + 0.1f;

        base[0] = warm ? .84f : .78f;
        base[1] = warm ? .68f : .79f;
        base[2] = warm ? .38f : .81f;
    }
    diff = fmaxf(0, n[0] * L[0] + n[1] * L[1] + n[2] * L[2]);
    hs = fmaxf(0, n[0] * H[0] + n[1] * H[1] + n[2] * H[2]);

    if (metal) {
        float env = demo_clampf(0.62f - 0.55f * n[1] + 0.1f * n[2], 0.08f, 1);

        spec = powf(hs, 60);
        for (int i = 0; i < 3; i++)
            rgb[i] = demo_clampf(base[i] * (0.25f + 0.95f * env) + 0.8f * spec,
                                 0, 1);
        return 1;
    }

    spec = powf(hs, 36) * 0.75f + powf(hs, 6) * 0.08f;
    for (int i = 0; i < 3; i++)
        rgb[i] = demo_clampf(base[i] * (0.58f + 0.55f * diff) + spec, 0, 1);
    if (p->finish == DEMO_FIN_CRYSTAL)
        return demo_clampf(p->alpha + 0.45f * (1 - n[2]) + spec, 0, 1);
    return demo_clampf(p->alpha + spec, 0, 1);
}

static void blend(struct demo_canvas *c, int x, int y, const float rgb[3],
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
static void box_px(const struct demo_canvas *c, float x0, float y0, float x1,
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
void demo_paint_tube(struct demo_canvas *c, const float (*pts)[2], int n,
                     float r, const struct demo_surface *m, int flat)
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
                float h = demo_clampf(((x - ax) * dx + (y - ay) * dy) /
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
            cov = demo_clampf(0.5f - (best - r) * c->s, 0, 1);
            if (cov <= 0)
                continue;

            nrm[0] = demo_clampf(bx / r, -1, 1) * 0.9f;
            nrm[1] = demo_clampf(by / r, -1, 1) * 0.9f;
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

/* The lens glass at local (u, v), with coverage cov. */
static void paint_glass(struct demo_canvas *c, int px, int py, float u, float v,
                        float cov, const struct demo_lens_paint *lp)
{
    const struct demo_palette_def *p = &demo_palette_defs[lp->look->palette];
    float rgb[3], a, sheen;
    int warm = p->base[0] > p->base[2] + 0.25f;

    sheen = demo_smooth(0.0f, 0.5f,
                        1 - fabsf((v + 0.55f * u * lp->side + 9) / 7.0f));
    if (lp->look->sun) {
        float grad = demo_clampf((v + 20) / 44, 0, 1);

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
static void paint_lens_px(struct demo_canvas *c, int px, int py, float u,
                          float v, float th, const struct demo_lens_paint *lp)
{
    const struct demo_lens *L = lp->L;
    float f = th / DEMO_TWO_PI * DEMO_POLAR_N, w, r, g, t, top, d, cov, in;
    int k0 = (int)f, k1;
    float nrm[3], rgb[3], a, np, x, y;

    k0 %= DEMO_POLAR_N;
    k1 = (k0 + 1) % DEMO_POLAR_N;
    w = f - floorf(f);
    r = L->r[k0] + (L->r[k1] - L->r[k0]) * w;
    g = L->g[k0] + (L->g[k1] - L->g[k0]) * w;
    t = L->t[k0] + (L->t[k1] - L->t[k0]) * w;
    top = L->top[k0] + (L->top[k1] - L->top[k0]) * w;
    d = (hypotf(u, v) - r) * g;

    in = demo_clampf(0.5f - d * c->s, 0, 1);
    cov = demo_clampf(0.5f - (d - 0.25f) * c->s, 0, 1);
    if (t <= 0)
        cov = in;
    if (cov > 0)
        paint_glass(c, px, py, u, v, cov, lp);

    x = DEMO_LENS_CX * lp->side + u * lp->side;
    y = v;
    if (t <= 0) {
        /* Rimless: only a polished bevel catches the light. */
        float e = demo_clampf(0.5f - (fabsf(d + 0.35f) - 0.35f) * c->s, 0, 1);
        float up = demo_clampf(-sinf(th), 0, 1);

        rgb[0] = rgb[1] = rgb[2] = 0.55f + 0.45f * up;
        blend(c, px, py, rgb, e * (0.35f + 0.4f * up));
        return;
    }

    cov = demo_clampf(0.5f - (d - t) * c->s, 0, 1) - in;
    if (cov <= 0)
        return;
    np = demo_clampf(2 * d / t - 1, -1, 1);
    if (lp->rim->pal->finish != DEMO_FIN_METAL && (!lp->wire || top > 0.5f))
        np = np * np * np;
    np *= 0.92f;
    nrm[0] = cosf(th) * lp->side * np;
    nrm[1] = sinf(th) * np;
    nrm[2] = sqrtf(fmaxf(0, 1 - np * np));
    a = shade(top > 0.5f || !lp->wire ? lp->rim : lp->wire, nrm, x, y, rgb);
    blend(c, px, py, rgb, cov * a);
}

void demo_paint_lens(struct demo_canvas *c, const struct demo_lens_paint *lp)
{
    const struct demo_lens *L = lp->L;
    float reach = L->rmax + L->tmax + 1, inner = L->rmin - 2 / c->s;
    float cx = DEMO_LENS_CX * lp->side;
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
                th += DEMO_TWO_PI;
            paint_lens_px(c, px, py, u, v, th, lp);
        }
    }
}
