/*
 * demo: a believable optical store made up on the spot.
 *
 * Dozens of brands, real frame shapes and materials, lens widths from 44
 * to 60 mm, prices, colours and some stock on the shelf, with product
 * photos and transparent try-on front views drawn here. Product `i` of a
 * given seed is always the same, so a store of any size (a few thousand
 * for the demo, 50,000 for the benchmark) costs no memory to serve, and
 * `revision` changes about 1% of products for incremental-sync tests.
 */
#ifndef KIOSK_DEMO_H
#define KIOSK_DEMO_H

#include "product.h"

#include <stddef.h>

struct demo_opts {
    int products;       /* how many products the store has */
    unsigned seed;      /* same seed, same store */
    int revision;       /* 0 first; each step changes ~1% of products */
    const char *images; /* URL prefix for images, e.g. "file:///x/img" */
};

enum demo_image {
    DEMO_IMAGE_PHOTO = 0, /* product photo on white */
    DEMO_IMAGE_TRYON = 1, /* front view on transparent background */
};

/* Fill `out` (zeroed first) with product `index` (0-based). */
int demo_product(const struct demo_opts *o, int index, struct product *out);

/*
 * One page of the store as Shopify's /products.json would serve it
 * (1-based `page`, `limit` products). Returns a malloc'd NUL-terminated
 * body and its length, or NULL. An empty products array past the end.
 */
char *demo_shopify_page(const struct demo_opts *o, int page, int limit,
                        size_t *len);

/*
 * The image named `name` (as used in the URLs demo_product makes, e.g.
 * "f-round-tortoise-acetate.png" for a product photo, "t-..." for a
 * try-on view) drawn as a PNG. Returns malloc'd bytes, or NULL for an
 * unknown name.
 */
unsigned char *demo_image_png(const struct demo_opts *o, const char *name,
                              size_t *len);

/*
 * Write the whole demo store into `dir`: catalog.json in the generic feed
 * format, stock.csv, and img/ with every image the catalog names.
 */
int demo_write_store(const struct demo_opts *o, const char *dir);

#endif
