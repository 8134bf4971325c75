/*
 * infer: what a product is, guessed from the words the shop used.
 *
 * Shops name categories and shapes in English or French, in tags or
 * titles or nowhere. This module guesses a product's category, shape,
 * material, rim and gender, what an option or attribute is about, and
 * which image is a try-on front view.
 *
 * Keys infer_product() writes (lowercase English):
 *   shape:    round, oval, square, rectangle, cat-eye, aviator, browline,
 *             geometric, butterfly, panto, d-frame (wayfarer-like), shield
 *   material: acetate, metal, titanium, stainless steel, plastic, wood,
 *             horn, carbon, mixed (plastic-like and metal-like together)
 *   rim:      full, semi, rimless
 *   gender:   women, men, unisex, kids
 *
 * Each text is folded once (text_fold) and all keyword lists are matched
 * in one pass over it (kwset). Every function works only on what it is
 * given; any thread.
 */
#ifndef KIOSK_INFER_H
#define KIOSK_INFER_H

#include "product.h"

enum infer_option {
    INFER_OPT_OTHER = 0,
    INFER_OPT_COLOUR,  /* Colour, Color, Couleur, Farbe, Frame Colour... */
    INFER_OPT_SIZE,    /* Size, Taille, Größe, Lens Width, Frame Size... */
    INFER_OPT_BRAND,   /* Brand, Marque, Designer, pa_brand... */
};

/* What an option or attribute name is about, in any case or language. */
enum infer_option infer_option_kind(const char *name);

/*
 * 1 when an image is a try-on front view: its file is a .png and its file
 * name or alt text says "tryon", "try-on", "try_on" or "front". `alt`
 * may be NULL.
 */
int infer_is_tryon(const char *src, const char *alt);

/* What an adapter knows that struct product has no field for. */
struct infer_hints {
    const char *product_type; /* Shopify product_type, Woo categories */
    const char *options;      /* option names and values, joined */
    int category_known;       /* 1: p->category came from the data */
};

/*
 * Complete `p` from what the adapter filled (title, brand, tags, variant
 * colours and sizes) and `h` (may be NULL):
 *  - category, unless h->category_known: hidden (gift cards, fees,
 *    shipping, insurance, warranty, deposits), accessory (cases, cloths,
 *    chains, cleaning spray, contact lenses, lens solution), sun
 *    (sunglasses), else optical; English and French words, read from the
 *    product type, then the title, then the tags (tags never make an
 *    item hidden except for gift cards, as "free shipping" is a tag);
 *  - shape, material, rim from product type, tags, title, options;
 *    gender from product type, tags and options, not the title; values
 *    already given are normalised to the keys above, or lowercased;
 *  - model = title without a leading brand, when model is empty;
 *  - colours = the distinct variant colours joined by ", ", when empty;
 *  - each variant's size: tags' measurements and fit (measure.h), and
 *    the lens size the title states.
 * Returns 0 or KERR_NOMEM (p stays valid for product_clear()).
 */
int infer_product(struct product *p, const struct infer_hints *h);

#endif
