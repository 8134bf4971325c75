/*
 * demo_data: the tables a demo store is made from: brands, model names,
 * materials, colours by build, and which shapes a brand favours. Private
 * to the demo*.c files; read-only, so any thread.
 */
#ifndef KIOSK_DEMO_DATA_H
#define KIOSK_DEMO_DATA_H

#include "demo_draw.h"

/* What a brand mostly makes. */
enum demo_lean {
    DEMO_LEAN_CLASSIC,
    DEMO_LEAN_METAL,  /* minimal metal and titanium */
    DEMO_LEAN_DESIGN, /* geometric, panto, cat-eye */
    DEMO_LEAN_SUN,
    DEMO_LEAN_WOMEN,
    DEMO_LEAN_MEN,
    DEMO_LEAN_KIDS,
    DEMO_LEAN_WOOD,
};

struct demo_brand {
    const char *name;
    const char *code; /* SKU prefix, unique */
    int tier;         /* 0 budget .. 3 luxury */
    int french;       /* French model names, "Écaille" for tortoise */
    enum demo_lean lean;
    int lead; /* days the supplier usually takes */
};

#define DEMO_N_BRANDS 40
#define DEMO_N_WORDS 144
#define DEMO_N_FRENCH 60
#define DEMO_N_ROMAN 15
#define DEMO_N_ACCESSORIES 5

extern const struct demo_brand demo_brands[DEMO_N_BRANDS];

/* Model names: English-sounding, French, and "II" .. "XV" for reuse. */
extern const char *const demo_words[DEMO_N_WORDS];
extern const char *const demo_french_words[DEMO_N_FRENCH];
extern const char *const demo_roman[DEMO_N_ROMAN]; /* [0] is "" */

enum demo_material {
    DEMO_MAT_ACETATE,
    DEMO_MAT_METAL,
    DEMO_MAT_TITANIUM,
    DEMO_MAT_STEEL,
    DEMO_MAT_MIXED,
    DEMO_MAT_BIO,
    DEMO_MAT_WOOD,
    DEMO_MATERIALS
};

/* The catalog's material key ("bio-acetate") and a phrase for texts. */
extern const char *const demo_material_keys[DEMO_MATERIALS];
extern const char *const demo_material_phrases[DEMO_MATERIALS];

struct demo_colour {
    const char *name;
    const char *code; /* unique among all colours: the SKU suffix */
    enum demo_palette pal;
};

struct demo_colour_set {
    const struct demo_colour *c;
    int n;
};

/* The colours each build comes in. */
extern const struct demo_colour_set demo_colour_sets[DEMO_BUILDS];

/* "Écaille": tortoise as French brands name it. */
extern const struct demo_colour demo_ecaille;

/* Shapes each leaning favours; the rest of the time any shape. */
extern const enum demo_shape demo_lean_shapes[][3];

/* Lens height as a share of lens width, by shape. */
extern const double demo_shape_height[DEMO_SHAPES];

/* Accessories ("Hard Case", ...) and the colours they come in. */
extern const char *const demo_accessory_kinds[DEMO_N_ACCESSORIES];
extern const struct demo_colour demo_accessory_colours[DEMO_N_ACCESSORIES];

#endif
