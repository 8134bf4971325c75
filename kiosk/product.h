/*
 * product: the catalog's data model, as plain structs.
 *
 * Shop adapters fill these from the shop's data; the catalog stores and
 * returns them. Every string is owned by the struct (heap, UTF-8, may be
 * NULL when the shop gave nothing) and freed by product_clear().
 * Millimetres are doubles, 0 meaning "not known". Prices are integers in
 * the currency's minor unit (cents), -1 meaning "no price".
 */
#ifndef KIOSK_PRODUCT_H
#define KIOSK_PRODUCT_H

#include <stddef.h>
#include <stdint.h>

enum product_category {
    PRODUCT_OPTICAL = 0,   /* prescription frames */
    PRODUCT_SUN = 1,       /* sunglasses */
    PRODUCT_ACCESSORY = 2, /* cases, cloths, lenses, chains: shown apart */
    PRODUCT_HIDDEN = 3,    /* gift cards, fees, shipping: never shown */
};

/*
 * Frame measurements. A shop either states millimetres (measured = 1) or
 * only a fit class and perhaps a size in the title; the two are kept
 * apart so the UI never presents a guess as a measurement.
 */
struct product_size {
    double lens_mm;        /* lens width, the "52" of 52-18-145 */
    double bridge_mm;      /* bridge, the "18" */
    double temple_mm;      /* temple (arm) length, the "145" */
    double frame_width_mm; /* total front width */
    double lens_height_mm; /* lens height */
    int measured;          /* 1 when lens_mm came from a real measurement */
    int title_lens_mm;     /* lens size read from the title ("ORSON 49") */
    char fit[12];          /* "petite", "small", "medium", "wide", "large" */
    char *text;            /* the shop's own size text when unparseable */
};

struct product_variant {
    char *source_id;  /* the platform's variant id; never empty */
    char *sku;        /* may be NULL, empty or repeated in shop data */
    char *colour;
    char *size_label; /* as the shop shows it: "52-18-145", "M" */
    struct product_size size;
    int64_t price;     /* minor units, -1 when the shop gave none */
    char currency[4];  /* ISO 4217; from the data or from config */
    int orderable;     /* 1 when it can be ordered online */
    int online_qty;    /* online stock when the platform says, else -1 */
    int shelf_qty;     /* on this store's shelf (stock feed), -1 unknown */
    int lead_days;     /* days to get it in, -1 for the configured default */
    char *tryon_image; /* URL of a transparent front view, or NULL */
};

struct product {
    char *source_id; /* the platform's product id; identity, never SKU */
    char *handle;    /* URL slug on the shop */
    char *title;     /* the shop's title as given (text, no HTML) */
    char *brand;
    char *model; /* model name without the brand */
    enum product_category category;
    char *shape;    /* lowercase English key: "round", "cat-eye", ... */
    char *material; /* "acetate", "metal", "titanium", ... */
    char *rim;      /* "full", "semi", "rimless" */
    char *gender;   /* "women", "men", "unisex", "kids" */
    char *colours;  /* distinct colour names joined by ", " */
    char *tags;     /* the shop's tags joined by ", " */
    char *description; /* plain text, HTML stripped, entities decoded */
    char **images;     /* image URLs, first is the main one */
    size_t n_images;
    struct product_variant *variants;
    size_t n_variants;
    int64_t created; /* unix seconds the shop published it, 0 unknown */
    /*
     * Set by an adapter whose listing lacks per-variant detail that a
     * further request brings (WooCommerce REST variations); see
     * shop_ops.detail. Not stored.
     */
    int needs_detail;
};

/* Free everything the struct owns and zero it. Accepts NULL. */
void product_clear(struct product *p);

/* Append a zeroed variant (price -1, quantities -1); NULL on no memory. */
struct product_variant *product_add_variant(struct product *p);

/* Free variant `i` and close the gap; out of range does nothing. */
void product_remove_variant(struct product *p, size_t i);

/* Append a copy of `url` to the images; 0 or KERR_NOMEM. */
int product_add_image(struct product *p, const char *url);

/* Replace *field with a copy of `value` (NULL clears); 0 or KERR_NOMEM. */
int product_set(char **field, const char *value);

const char *product_category_name(enum product_category c);

#endif
