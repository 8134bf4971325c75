/*
 * demo_draw: the pictures of the demo store (private to demo*.c).
 *
 * A look is what one picture shows: a frame shape, a colour palette, a
 * build (how the frame is made) and whether the lenses are sun lenses.
 * Many colour names share a palette and many products share a look, so
 * a store of 50,000 products has a few hundred distinct pictures.
 *
 * Image names: "<kind>-<shape>-<palette>-<build>[-sun].png", kind "f"
 * for the product photo (800x400 RGB, frame on a warm white background
 * with a soft shadow) or "t" for the try-on front view (1000x400 RGBA,
 * transparent background).
 *
 * Try-on geometry, the same for every try-on image:
 *   - the scale is 6 px per mm of the drawn frame;
 *   - the frame's outer front width (end piece to end piece) spans
 *     x = 100 .. 900, that is 80% of the image width (133.3 mm drawn);
 *   - the lens centres are at (290, 200) and (710, 200), 420 px apart;
 *   - everything outside the frame has alpha 0.
 * A caller scales it by (frame width in mm * px per mm on screen) / 800.
 */
#ifndef KIOSK_DEMO_DRAW_H
#define KIOSK_DEMO_DRAW_H

#include <stddef.h>

#define DEMO_TRYON_W 1000
#define DEMO_TRYON_H 400
#define DEMO_PHOTO_W 800
#define DEMO_PHOTO_H 400
#define DEMO_TRYON_FRAME_LEFT 100  /* px, outer left edge of the front */
#define DEMO_TRYON_FRAME_RIGHT 900 /* px, outer right edge */
#define DEMO_TRYON_LENS_LX 290     /* px, left lens centre */
#define DEMO_TRYON_LENS_RX 710     /* px, right lens centre */
#define DEMO_TRYON_LENS_Y 200      /* px, both lens centres */

enum demo_shape {
    DEMO_ROUND,
    DEMO_OVAL,
    DEMO_SQUARE,
    DEMO_RECTANGLE,
    DEMO_CATEYE,
    DEMO_AVIATOR,
    DEMO_BROWLINE,
    DEMO_GEOMETRIC,
    DEMO_PANTO,
    DEMO_BUTTERFLY,
    DEMO_SHAPES
};

enum demo_palette {
    DEMO_PAL_BLACK,
    DEMO_PAL_TORTOISE,
    DEMO_PAL_HAVANA,
    DEMO_PAL_CRYSTAL,
    DEMO_PAL_NAVY,
    DEMO_PAL_BURGUNDY,
    DEMO_PAL_HONEY,
    DEMO_PAL_OLIVE,
    DEMO_PAL_GOLD,
    DEMO_PAL_SILVER,
    DEMO_PAL_GUNMETAL,
    DEMO_PAL_ROSEGOLD,
    DEMO_PAL_WALNUT,
    DEMO_PALETTES
};

enum demo_build {
    DEMO_BUILD_ACETATE, /* thick full rim of plastic */
    DEMO_BUILD_METAL,   /* thin full rim of wire */
    DEMO_BUILD_SEMI,    /* thick brow on top, thin wire below */
    DEMO_BUILD_RIMLESS, /* drilled lenses, a bar and end pieces */
    DEMO_BUILD_WOOD,    /* thick full rim with a grain */
    DEMO_BUILDS
};

struct demo_look {
    int tryon; /* 1 for the try-on front view, 0 for the photo */
    enum demo_shape shape;
    enum demo_palette palette;
    enum demo_build build;
    int sun; /* dark lenses */
};

/* The product's shape key ("cat-eye") for a shape. */
const char *demo_draw_shape_key(enum demo_shape s);

/*
 * Write the file name of `look` into buf (at least 64 bytes). Returns
 * the length. Any thread.
 */
int demo_draw_name(const struct demo_look *look, char *buf, size_t size);

/* Parse a name made by demo_draw_name. 0, or KERR_NOTFOUND. */
int demo_draw_parse(const char *name, struct demo_look *out);

/*
 * Draw `look` and encode it as PNG: malloc'd bytes, *len set, or NULL
 * (KERR_NOMEM). Any thread; no shared state.
 */
unsigned char *demo_draw_png(const struct demo_look *look, size_t *len);

#endif
