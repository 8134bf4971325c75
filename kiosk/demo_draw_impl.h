/*
 * demo_draw_impl: what the drawing files share (private to them).
 *
 *   demo_draw.c   names, lens outlines, the frame's parts, demo_draw_png
 *   demo_paint.c  materials, lighting, bars and lenses painted per pixel
 *   demo_png.c    the final photo or try-on pixels, encoded as PNG
 *
 * Frame coordinates are millimetres of a canonical frame: lens centres
 * at x = -DEMO_LENS_CX and +DEMO_LENS_CX, y = 0, y growing downwards.
 * No shared state: any thread, one canvas per thread.
 */
#ifndef KIOSK_DEMO_DRAW_IMPL_H
#define KIOSK_DEMO_DRAW_IMPL_H

#include "demo_draw.h"

#include <stddef.h>

#define DEMO_POLAR_N 720       /* samples of a lens outline by angle */
#define DEMO_LENS_CX 35.0f     /* mm from the frame centre to a lens's */
#define DEMO_TWO_PI 6.28318531f

enum demo_finish {
    DEMO_FIN_SOLID,
    DEMO_FIN_MOTTLE,
    DEMO_FIN_CRYSTAL,
    DEMO_FIN_METAL,
    DEMO_FIN_WOOD
};

/* How a palette looks: colours 0..1, finish, and its opacity 0..1. */
struct demo_palette_def {
    float base[3];
    float spot[3]; /* the second colour of a mottle or grain */
    enum demo_finish finish;
    float alpha;
};

extern const struct demo_palette_def demo_palette_defs[DEMO_PALETTES];

/* One lens outline, by angle around its centre (u outwards, v down). */
struct demo_lens {
    float r[DEMO_POLAR_N];   /* distance of the edge from the centre, mm */
    float g[DEMO_POLAR_N];   /* turns a radial gap into a normal distance */
    float t[DEMO_POLAR_N];   /* rim thickness outside the edge, mm */
    float top[DEMO_POLAR_N]; /* semi builds: 1 where the brow is, 0 wire */
    float rmin, rmax, tmax;
};

/* Premultiplied RGBA floats, and where the frame's origin lands. */
struct demo_canvas {
    int w, h;
    float *px;
    float s;      /* px per mm */
    float ox, oy; /* px position of the frame origin */
};

/* What a surface is made of at one pixel. */
struct demo_surface {
    const struct demo_palette_def *pal;
    int wire; /* thin metal part of a non-metal frame */
};

/* One lens to paint: its outline, look, surfaces and side. */
struct demo_lens_paint {
    const struct demo_lens *L;
    const struct demo_look *look;
    const struct demo_surface *rim, *wire; /* wire NULL: thick frame */
    float side; /* -1 left lens, +1 right lens (as seen) */
};

static inline float demo_clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Smoothstep: 0 below e0, 1 above e1, a smooth S between. */
static inline float demo_smooth(float e0, float e1, float x)
{
    float t = demo_clampf((x - e0) / (e1 - e0), 0, 1);

    return t * t * (3 - 2 * t);
}

/*
 * Paint a tube of radius `r` mm through `n` points (mm), lit as a
 * rounded bar (`flat`: a flatter, acetate-like profile): the bridge, end
 * pieces, brow bars and pad arms.
 */
void demo_paint_tube(struct demo_canvas *c, const float (*pts)[2], int n,
                     float r, const struct demo_surface *m, int flat);

/* Paint one lens, glass and rim, on the side lp->side. */
void demo_paint_lens(struct demo_canvas *c,
                     const struct demo_lens_paint *lp);

/*
 * Compose the canvas into photo (RGB on a background) or try-on (RGBA)
 * pixels and encode them as PNG: malloc'd bytes and *len, or NULL with
 * KERR_NOMEM.
 */
unsigned char *demo_png_encode(const struct demo_canvas *c, int tryon,
                               size_t *len);

#endif
