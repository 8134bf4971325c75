#include "demo.h"

#include "demo_draw.h"
#include "fsutil.h"
#include "kerr.h"
#include "log.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * Every value of product i comes from a small hash-based generator seeded
 * with (seed, i, purpose), never from shared state: product i is the same
 * whether it is made alone, in order or on another thread.
 *
 * Try-on images (see demo_draw.h for the full contract): 1000 x 400 px
 * RGBA, transparent background, 6 px per mm of the drawn frame, the
 * front spanning x = 100 .. 900 px (80% of the width) and the lens
 * centres at (290, 200) and (710, 200).
 */

#define DEMO_ANCHOR 1767225600 /* 2026-01-01T00:00:00Z: "now" of the data */
#define DEMO_SPAN (3 * 365 * 86400)
#define DEMO_MAX_PRODUCTS 1000000
#define DEMO_MAX_REVISION 100000
#define DEMO_THREADS 8 /* at most; one per online CPU */

enum {
    SALT_KIND = 1,
    SALT_PAIR,
    SALT_ATTR,
    SALT_VAR,
    SALT_TEXT,
    SALT_REV = 0x1000,
};

struct demo_rng {
    uint64_t s;
};

static uint64_t demo_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static struct demo_rng demo_rng_at(unsigned seed, int index, unsigned salt)
{
    uint64_t s = demo_mix((uint64_t)seed * 0x9e3779b97f4a7c15ULL + 7);

    s = demo_mix(s ^ ((uint64_t)(uint32_t)index << 16) ^
                 ((uint64_t)salt << 48));
    return (struct demo_rng){s};
}

static uint32_t demo_next(struct demo_rng *r)
{
    r->s += 0x9e3779b97f4a7c15ULL;
    return (uint32_t)(demo_mix(r->s) >> 32);
}

/* Uniform in [0, n). */
static int demo_below(struct demo_rng *r, int n)
{
    return (int)(((uint64_t)demo_next(r) * (uint64_t)n) >> 32);
}

static int demo_range(struct demo_rng *r, int lo, int hi)
{
    return lo + demo_below(r, hi - lo + 1);
}

/* ---- the tables ----------------------------------------------------- */

enum lean {
    LEAN_CLASSIC,
    LEAN_METAL,  /* minimal metal and titanium */
    LEAN_DESIGN, /* geometric, panto, cat-eye */
    LEAN_SUN,
    LEAN_WOMEN,
    LEAN_MEN,
    LEAN_KIDS,
    LEAN_WOOD,
};

struct brand {
    const char *name;
    const char *code; /* SKU prefix, unique */
    int tier;         /* 0 budget .. 3 luxury */
    int french;       /* French model names, "Écaille" for tortoise */
    enum lean lean;
    int lead; /* days the supplier usually takes */
};

static const struct brand brands[] = {
    {"Atelier Morvan", "AMV", 2, 1, LEAN_CLASSIC, 10},
    {"Maison Berthelot", "MBT", 3, 1, LEAN_WOMEN, 14},
    {"Kestrel & Finch", "KFN", 1, 0, LEAN_CLASSIC, 5},
    {"Nordlys Optik", "NLY", 2, 0, LEAN_METAL, 12},
    {"Harbour Lane", "HBL", 0, 0, LEAN_CLASSIC, 3},
    {"Lumen Parade", "LMP", 1, 0, LEAN_DESIGN, 7},
    {"Quillon", "QLN", 2, 0, LEAN_DESIGN, 9},
    {"Brume Paris", "BRP", 2, 1, LEAN_SUN, 8},
    {"Fennick", "FNK", 1, 0, LEAN_MEN, 5},
    {"Oskar Velde", "OSV", 3, 0, LEAN_METAL, 21},
    {"Tessel Studio", "TSS", 1, 0, LEAN_DESIGN, 6},
    {"Marigold Row", "MGR", 0, 0, LEAN_WOMEN, 4},
    {"Coralie Duval", "CDV", 2, 1, LEAN_WOMEN, 11},
    {"Studio Halden", "STH", 2, 0, LEAN_METAL, 10},
    {"Alder & Ash", "ALA", 1, 0, LEAN_WOOD, 14},
    {"Petit Corbeau", "PCB", 1, 1, LEAN_KIDS, 6},
    {"Vantage North", "VNN", 1, 0, LEAN_SUN, 5},
    {"Solenne", "SLN", 2, 1, LEAN_SUN, 9},
    {"Ironbark Eyewear", "IRB", 1, 0, LEAN_MEN, 7},
    {"Calloway Optics", "CLW", 0, 0, LEAN_CLASSIC, 3},
    {"Ferrand Frères", "FRF", 3, 1, LEAN_CLASSIC, 18},
    {"Mirelle", "MRL", 1, 1, LEAN_WOMEN, 7},
    {"Dunmore & Co", "DMC", 1, 0, LEAN_MEN, 6},
    {"Halcyon Optical", "HCY", 0, 0, LEAN_CLASSIC, 4},
    {"Bellwether", "BLW", 2, 0, LEAN_CLASSIC, 8},
    {"Rivière Atelier", "RVA", 2, 1, LEAN_DESIGN, 12},
    {"Stonehaven", "STV", 1, 0, LEAN_MEN, 6},
    {"Juniper Vale", "JNV", 0, 0, LEAN_KIDS, 4},
    {"Orrery", "ORR", 3, 0, LEAN_DESIGN, 20},
    {"Kintsu Lab", "KTL", 3, 0, LEAN_METAL, 16},
    {"Lark & Loom", "LKL", 1, 0, LEAN_WOMEN, 6},
    {"Parallax Eyewear", "PRX", 1, 0, LEAN_DESIGN, 7},
    {"Obsidian Row", "OBR", 2, 0, LEAN_SUN, 9},
    {"Wren Optics", "WRN", 0, 0, LEAN_KIDS, 3},
    {"Sable Coast", "SBC", 1, 0, LEAN_SUN, 5},
    {"Meridian Lane", "MRD", 1, 0, LEAN_CLASSIC, 6},
    {"Copperfox", "CPF", 0, 0, LEAN_MEN, 4},
    {"Granville Hart", "GVH", 2, 0, LEAN_CLASSIC, 10},
    {"Aurelle", "AUR", 2, 1, LEAN_WOMEN, 9},
    {"Tidewater Optics", "TDW", 0, 0, LEAN_SUN, 4},
};
#define N_BRANDS ((int)(sizeof(brands) / sizeof(brands[0])))

static const char *const words[] = {
    "Iris",    "Orson",   "Ada",     "Hugo",     "Celeste", "Anouk",
    "Elio",    "Linnea",  "Soren",   "Juno",     "Alba",    "Ines",
    "Malo",    "Nico",    "Tova",    "Rufus",    "Felix",   "Greta",
    "Otto",    "Vera",    "Leon",    "Mira",     "Ansel",   "Blythe",
    "Cosmo",   "Dahlia",  "Ezra",    "Flora",    "Gideon",  "Hazel",
    "Ivo",     "Kit",     "Lena",    "Milo",     "Nell",    "Opal",
    "Pim",     "Quinn",   "Rosa",    "Silas",    "Thea",    "Ulla",
    "Viggo",   "Wynn",    "Xenia",   "Yara",     "Zeno",    "Brighton",
    "Lisbon",  "Kyoto",   "Oslo",    "Amalfi",   "Sorrento", "Delta",
    "Marlow", "Solstice", "Equinox", "Vesper",  "Ember",   "Atlas",
    "Cove",    "Prism",   "Harlow",  "Beckett",  "Sloane",  "Arlo",
    "Wilder",  "Maren",   "Astrid",  "Bodhi",    "Casper",  "Darcy",
    "Elowen",  "Fitz",    "Gable",   "Hollis",   "Idris",   "Jasper",
    "Keats",   "Lowell",  "Mabel",   "Nolan",    "Oakley",  "Percy",
    "Reeve",   "Sutton",  "Tamsin",  "Ursa",     "Vale",    "Wolfe",
    "Yates",   "Zadie",   "Aspen",   "Bristol",  "Cairo",   "Dover",
    "Everest", "Fjord",   "Galway",  "Hudson",   "Ithaca",  "Jaipur",
    "Kenmare", "Lagos",   "Malmo",   "Naples",   "Orkney",  "Porto",
    "Quebec",  "Rhodes",  "Sedona",  "Tahoe",    "Umbria",  "Valencia",
    "Whitby",  "Yukon",   "Zermatt", "Alto",    "Birch",   "Cedar",
    "Dune",    "Fern",    "Grove",   "Heath",    "Indigo",  "Jolie",
    "Kasimir", "Linden",    "Moss",    "North",    "Onyx",    "Pike",
    "Quartz",  "Raven",   "Slate",   "Thistle",  "Umber",   "Vireo",
    "Willow",  "Yew",     "Zephyr",  "Arden",    "Bowie",   "Clement",
};
#define N_WORDS ((int)(sizeof(words) / sizeof(words[0])))

static const char *const french_words[] = {
    "Bastille", "Margaux",  "Odile",    "Camille",   "Basile",
    "Étienne",  "Hélène",   "Chloé",    "Zoé",       "Anaïs",
    "Léonie",   "Bérénice", "Noémie",   "Aurèle",    "Mélodie",
    "Gaëlle",   "Montmartre", "Marais", "Tamaris",   "Verdon",
    "Biarritz", "Alésia",   "Bordeaux", "Colette",   "Simone",
    "Agnès",    "Théo",     "Rémi",     "Joséphine", "Amélie",
    "Solange",  "Gustave",  "Honoré",   "Lucienne",  "Marcel",
    "Ondine",   "Pascaline", "Raphaël", "Séraphine", "Victoire",
    "Arlette",  "Capucine", "Daphné",   "Élise",     "Fanchon",
    "Ginette",  "Isaure",   "Jacinthe", "Lisette",   "Maëlys",
    "Nacré",    "Oriane",   "Perrine",  "Quitterie", "Romane",
    "Sidonie",  "Toulouse", "Valmy",    "Yvette",    "Belleville",
};
#define N_FRENCH ((int)(sizeof(french_words) / sizeof(french_words[0])))

static const char *const roman[] = {"",   "II",   "III", "IV", "V",
                                    "VI", "VII",  "VIII", "IX", "X",
                                    "XI", "XII", "XIII", "XIV", "XV"};

enum material {
    MAT_ACETATE,
    MAT_METAL,
    MAT_TITANIUM,
    MAT_STEEL,
    MAT_MIXED,
    MAT_BIO,
    MAT_WOOD,
    MATERIALS
};

static const char *const material_keys[MATERIALS] = {
    "acetate", "metal", "titanium", "stainless steel", "mixed",
    "bio-acetate", "wood",
};

static const char *const material_phrases[MATERIALS] = {
    "hand-polished acetate",
    "lightweight metal",
    "pure titanium",
    "stainless steel",
    "acetate and metal",
    "plant-based bio-acetate",
    "sustainably sourced wood",
};

struct colour {
    const char *name;
    const char *code; /* unique among all colours: the SKU suffix */
    enum demo_palette pal;
};

static const struct colour acetate_colours[] = {
    {"Black", "BLK", DEMO_PAL_BLACK},
    {"Matte Black", "MBK", DEMO_PAL_BLACK},
    {"Tortoise", "TOR", DEMO_PAL_TORTOISE},
    {"Dark Tortoise", "DTO", DEMO_PAL_HAVANA},
    {"Havana", "HAV", DEMO_PAL_HAVANA},
    {"Blonde Havana", "BLH", DEMO_PAL_HONEY},
    {"Honey", "HON", DEMO_PAL_HONEY},
    {"Crystal", "CRY", DEMO_PAL_CRYSTAL},
    {"Grey Crystal", "GCR", DEMO_PAL_CRYSTAL},
    {"Navy", "NAV", DEMO_PAL_NAVY},
    {"Midnight Blue", "MNB", DEMO_PAL_NAVY},
    {"Burgundy", "BUR", DEMO_PAL_BURGUNDY},
    {"Bordeaux", "BDX", DEMO_PAL_BURGUNDY},
    {"Olive", "OLV", DEMO_PAL_OLIVE},
    {"Forest Green", "FGR", DEMO_PAL_OLIVE},
};

static const struct colour metal_colours[] = {
    {"Gold", "GLD", DEMO_PAL_GOLD},
    {"Silver", "SLV", DEMO_PAL_SILVER},
    {"Gunmetal", "GUN", DEMO_PAL_GUNMETAL},
    {"Rose Gold", "RGD", DEMO_PAL_ROSEGOLD},
    {"Matte Black", "MBK", DEMO_PAL_BLACK},
    {"Champagne", "CHP", DEMO_PAL_GOLD},
    {"Brushed Silver", "BSV", DEMO_PAL_SILVER},
    {"Bronze", "BRZ", DEMO_PAL_ROSEGOLD},
};

static const struct colour semi_colours[] = {
    {"Black / Silver", "BKS", DEMO_PAL_BLACK},
    {"Tortoise / Gold", "TOG", DEMO_PAL_TORTOISE},
    {"Havana / Gold", "HVG", DEMO_PAL_HAVANA},
    {"Navy / Silver", "NVS", DEMO_PAL_NAVY},
    {"Burgundy / Gold", "BUG", DEMO_PAL_BURGUNDY},
};

static const struct colour rimless_colours[] = {
    {"Silver", "SLV", DEMO_PAL_SILVER},
    {"Gold", "GLD", DEMO_PAL_GOLD},
    {"Gunmetal", "GUN", DEMO_PAL_GUNMETAL},
    {"Rose Gold", "RGD", DEMO_PAL_ROSEGOLD},
};

static const struct colour wood_colours[] = {
    {"Walnut", "WAL", DEMO_PAL_WALNUT},
    {"Dark Walnut", "DWL", DEMO_PAL_WALNUT},
    {"Smoked Oak", "SOK", DEMO_PAL_WALNUT},
};

static const struct colour ecaille = {"Écaille", "ECA", DEMO_PAL_TORTOISE};

struct colour_set {
    const struct colour *c;
    int n;
};

#define SET(a) {a, (int)(sizeof(a) / sizeof(a[0]))}
static const struct colour_set colour_sets[DEMO_BUILDS] = {
    [DEMO_BUILD_ACETATE] = SET(acetate_colours),
    [DEMO_BUILD_METAL] = SET(metal_colours),
    [DEMO_BUILD_SEMI] = SET(semi_colours),
    [DEMO_BUILD_RIMLESS] = SET(rimless_colours),
    [DEMO_BUILD_WOOD] = SET(wood_colours),
};

/* Shapes each leaning favours; the rest of the time any shape. */
static const enum demo_shape lean_shapes[][3] = {
    [LEAN_CLASSIC] = {DEMO_RECTANGLE, DEMO_PANTO, DEMO_OVAL},
    [LEAN_METAL] = {DEMO_ROUND, DEMO_OVAL, DEMO_GEOMETRIC},
    [LEAN_DESIGN] = {DEMO_GEOMETRIC, DEMO_PANTO, DEMO_CATEYE},
    [LEAN_SUN] = {DEMO_AVIATOR, DEMO_BUTTERFLY, DEMO_SQUARE},
    [LEAN_WOMEN] = {DEMO_CATEYE, DEMO_BUTTERFLY, DEMO_OVAL},
    [LEAN_MEN] = {DEMO_RECTANGLE, DEMO_BROWLINE, DEMO_SQUARE},
    [LEAN_KIDS] = {DEMO_ROUND, DEMO_PANTO, DEMO_RECTANGLE},
    [LEAN_WOOD] = {DEMO_ROUND, DEMO_SQUARE, DEMO_RECTANGLE},
};

/* Lens height as a share of lens width, by shape. */
static const double shape_height[DEMO_SHAPES] = {
    0.92, 0.74, 0.86, 0.64, 0.70, 0.88, 0.76, 0.84, 0.88, 0.86,
};

static const char *const accessory_kinds[] = {
    "Hard Case", "Soft Pouch", "Microfibre Cloth", "Folding Case", "Cord",
};

/* ---- a product's hidden recipe ------------------------------------- */

enum kind { KIND_FRAME, KIND_ACCESSORY, KIND_GIFT };

/* Everything chosen about a product before it is written out. */
struct recipe {
    enum kind kind;
    const struct brand *brand;
    int brand_index;
    char model[64];
    char model_code[40];
    enum demo_shape shape;
    enum material material;
    enum demo_build build;
    const char *rim;
    const char *gender;
    int sun;
    int n_variants;
    int64_t price; /* cents, before revisions */
    const char *accessory; /* "Hard Case", ... for accessories */
};

static int demo_gift_index(const struct demo_opts *o)
{
    return o->products > 42 ? 42 : o->products - 1;
}

/* Variant counts come in pairs summing to 6: exactly 3 on average. */
static int demo_variant_count(const struct demo_opts *o, int index)
{
    static const int deltas[] = {-2, -1, -1, 0, 0, 1, 1, 2};
    struct demo_rng r = demo_rng_at(o->seed, index / 2, SALT_PAIR);
    int d = deltas[demo_below(&r, 8)];

    return index % 2 == 0 ? 3 + d : 3 - d;
}

/* ASCII upper-case of a model word, accents folded: "Étienne" ETIENNE. */
static void demo_code(const char *word, char *out, size_t size)
{
    static const char *const from[] = {"é", "è", "ê", "ë", "à", "â", "ä",
                                       "î", "ï", "ô", "ö", "ù", "û", "ü",
                                       "ç", "É", "È", "À", "Ç", "Ô"};
    static const char to[] = "EEEEAAAIIOOUUUCEEACO";
    size_t n = 0;

    while (*word && n + 1 < size) {
        size_t k, m = sizeof(from) / sizeof(from[0]);

        for (k = 0; k < m; k++) {
            if (strncmp(word, from[k], strlen(from[k])) == 0)
                break;
        }
        if (k < m) {
            out[n++] = to[k];
            word += strlen(from[k]);
        } else {
            if ((*word >= 'a' && *word <= 'z') ||
                (*word >= 'A' && *word <= 'Z') ||
                (*word >= '0' && *word <= '9'))
                out[n++] = (char)(*word & ~(*word >= 'a' ? 0x20 : 0));
            word++;
        }
    }
    out[n] = '\0';
}

static void demo_name_model(const struct demo_opts *o, int index,
                            struct recipe *rc)
{
    int j = index / N_BRANDS, nw, w, g;
    const char *word;
    char code[24];

    rc->brand_index = index % N_BRANDS;
    rc->brand = &brands[rc->brand_index];
    nw = rc->brand->french ? N_FRENCH : N_WORDS;
    w = (j + rc->brand_index * 7) % nw;
    g = j / nw;
    word = rc->brand->french ? french_words[w] : words[w];

    demo_code(word, code, sizeof(code));
    if (g == 0) {
        snprintf(rc->model, sizeof(rc->model), "%s", word);
        snprintf(rc->model_code, sizeof(rc->model_code), "%s", code);
    } else if (g < (int)(sizeof(roman) / sizeof(roman[0]))) {
        snprintf(rc->model, sizeof(rc->model), "%s %s", word, roman[g]);
        snprintf(rc->model_code, sizeof(rc->model_code), "%s%d", code,
                 g + 1);
    } else {
        snprintf(rc->model, sizeof(rc->model), "%s %d", word, g + 1);
        snprintf(rc->model_code, sizeof(rc->model_code), "%s%d", code,
                 g + 1);
    }
}

static enum material demo_pick_material(struct demo_rng *r, enum lean l)
{
    static const enum material common[20] = {
        MAT_ACETATE, MAT_ACETATE, MAT_ACETATE, MAT_ACETATE, MAT_ACETATE,
        MAT_ACETATE, MAT_ACETATE, MAT_ACETATE, MAT_ACETATE, MAT_METAL,
        MAT_METAL,   MAT_METAL,   MAT_METAL,   MAT_TITANIUM, MAT_TITANIUM,
        MAT_STEEL,   MAT_STEEL,   MAT_MIXED,   MAT_BIO,     MAT_BIO,
    };
    int roll = demo_below(r, 100);

    if (l == LEAN_METAL && roll < 60)
        return roll < 30 ? MAT_TITANIUM : roll < 45 ? MAT_METAL : MAT_STEEL;
    if (l == LEAN_WOOD && roll < 50)
        return MAT_WOOD;
    if (roll < 2)
        return MAT_WOOD;
    return common[demo_below(r, 20)];
}

/* Shape, material, rim and build that go together. */
static void demo_pick_frame(struct demo_rng *r, struct recipe *rc)
{
    enum lean l = rc->brand->lean;
    int metal, rimless_ok;

    rc->shape = demo_below(r, 100) < 55 ? lean_shapes[l][demo_below(r, 3)]
                                        : (enum demo_shape)demo_below(
                                              r, DEMO_SHAPES);
    rc->material = demo_pick_material(r, l);
    if (rc->shape == DEMO_BROWLINE)
        rc->material = MAT_MIXED;
    if (rc->shape == DEMO_BUTTERFLY && rc->material != MAT_BIO)
        rc->material = MAT_ACETATE;
    if (rc->shape == DEMO_AVIATOR && demo_below(r, 100) < 80)
        rc->material = demo_below(r, 2) ? MAT_METAL : MAT_TITANIUM;
    if (rc->material == MAT_MIXED && rc->shape != DEMO_BROWLINE &&
        rc->shape != DEMO_RECTANGLE && rc->shape != DEMO_SQUARE)
        rc->shape = DEMO_BROWLINE;

    metal = rc->material == MAT_METAL || rc->material == MAT_TITANIUM ||
            rc->material == MAT_STEEL;
    rimless_ok = rc->shape == DEMO_ROUND || rc->shape == DEMO_OVAL ||
                 rc->shape == DEMO_RECTANGLE || rc->shape == DEMO_GEOMETRIC;
    rc->rim = "full";
    rc->build = DEMO_BUILD_ACETATE;
    if (rc->material == MAT_MIXED) {
        rc->rim = "semi";
        rc->build = DEMO_BUILD_SEMI;
    } else if (metal && rimless_ok && demo_below(r, 100) < 30) {
        rc->rim = "rimless";
        rc->build = DEMO_BUILD_RIMLESS;
    } else if (metal) {
        rc->build = DEMO_BUILD_METAL;
    } else if (rc->material == MAT_WOOD) {
        rc->build = DEMO_BUILD_WOOD;
    }
}

static void demo_pick_audience(struct demo_rng *r, struct recipe *rc)
{
    static const char *const genders[10] = {
        "women", "women", "women", "men", "men", "men",
        "unisex", "unisex", "unisex", "kids",
    };
    enum lean l = rc->brand->lean;
    int sun_pct = l == LEAN_SUN ? 60 : 20;

    rc->gender = genders[demo_below(r, 10)];
    if (l == LEAN_KIDS && demo_below(r, 2))
        rc->gender = "kids";
    if (l == LEAN_WOMEN && demo_below(r, 2))
        rc->gender = "women";
    if (l == LEAN_MEN && demo_below(r, 2))
        rc->gender = "men";
    if (rc->shape == DEMO_BUTTERFLY || rc->shape == DEMO_AVIATOR)
        sun_pct += 35;
    rc->sun = rc->build != DEMO_BUILD_WOOD && demo_below(r, 100) < sun_pct;
}

/* A price in cents by tier, ending in .00 or .90. */
static int64_t demo_pick_price(struct demo_rng *r, const struct recipe *rc)
{
    static const int lo[] = {89, 139, 219, 329}, hi[] = {149, 229, 339, 490};
    int t = rc->brand->tier;
    int euros = demo_range(r, lo[t], hi[t]);

    if (rc->material == MAT_TITANIUM)
        euros += 40;
    euros = (euros + 5) / 10 * 10;
    if (euros > 490)
        euros = 490;
    if (demo_below(r, 2))
        return (int64_t)euros * 100 - 10;
    return (int64_t)euros * 100;
}

static void demo_recipe(const struct demo_opts *o, int index,
                        struct recipe *rc)
{
    struct demo_rng r = demo_rng_at(o->seed, index, SALT_KIND);

    memset(rc, 0, sizeof(*rc));
    demo_name_model(o, index, rc);
    rc->n_variants = demo_variant_count(o, index);
    rc->kind = KIND_FRAME;
    if (index == demo_gift_index(o))
        rc->kind = KIND_GIFT;
    else if (demo_below(&r, 1000) < 20)
        rc->kind = KIND_ACCESSORY;
    rc->accessory = accessory_kinds[demo_below(&r, 5)];

    r = demo_rng_at(o->seed, index, SALT_ATTR);
    if (rc->kind == KIND_FRAME) {
        demo_pick_frame(&r, rc);
        demo_pick_audience(&r, rc);
        rc->price = demo_pick_price(&r, rc);
    } else {
        rc->price = (int64_t)demo_range(&r, 1, 5) * 1000 - 10;
    }
}

/* ---- one product ------------------------------------------------------ */

struct size_choice {
    int lens, bridge, temple;
};

static void demo_pick_sizes(struct demo_rng *r, const struct recipe *rc,
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
    base = base < 44 ? 44 : base > 60 - 2 * (ns - 1) ? 60 - 2 * (ns - 1)
                                                        : base;

    for (int k = 0; k < ns; k++) {
        int lens = base + 2 * k + (k > 0 ? demo_below(r, 2) : 0);
        int bridge = 16 + (lens - 48) / 3 + demo_range(r, -2, 2);

        if (rc->shape == DEMO_ROUND || rc->shape == DEMO_PANTO)
            bridge += 2;
        lens = lens > 60 ? 60 : lens;
        bridge = bridge < 14 ? 14 : bridge > 22 ? 22 : bridge;
        out[k] = (struct size_choice){
            lens, bridge, 135 + 5 * ((lens - 44) * 3 / 16) };
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
static int demo_palette_ok(const struct recipe *rc, enum demo_palette pal)
{
    static const enum demo_palette acetate[6] = {
        DEMO_PAL_HAVANA, DEMO_PAL_CRYSTAL,  DEMO_PAL_NAVY,
        DEMO_PAL_BURGUNDY, DEMO_PAL_HONEY, DEMO_PAL_OLIVE};
    static const enum demo_palette semi[3] = {
        DEMO_PAL_HAVANA, DEMO_PAL_NAVY, DEMO_PAL_BURGUNDY};
    int s = (int)rc->shape;

    switch (rc->build) {
    case DEMO_BUILD_ACETATE:
        if (pal == DEMO_PAL_BLACK || pal == DEMO_PAL_TORTOISE)
            return 1;
        return !rc->sun && (pal == acetate[s % 6] ||
                            pal == acetate[(s + 3) % 6]);
    case DEMO_BUILD_METAL:
        if (pal == DEMO_PAL_GOLD || pal == DEMO_PAL_SILVER)
            return 1;
        return !rc->sun && (pal == DEMO_PAL_BLACK ||
                            pal == (s % 2 ? DEMO_PAL_GUNMETAL
                                          : DEMO_PAL_ROSEGOLD));
    case DEMO_BUILD_SEMI:
        return pal == DEMO_PAL_BLACK || pal == DEMO_PAL_TORTOISE ||
               (!rc->sun && pal == semi[s % 3]);
    case DEMO_BUILD_RIMLESS:
        return pal == DEMO_PAL_SILVER || pal == DEMO_PAL_GOLD ||
               (!rc->sun && pal == DEMO_PAL_GUNMETAL);
    default:
        return 1;
    }
}

/* The colours a product may come in, by index into its build's set. */
static int demo_colour_choice(const struct recipe *rc, int *idx)
{
    const struct colour_set *set = &colour_sets[rc->build];
    int n = 0;

    for (int k = 0; k < set->n; k++) {
        if (demo_palette_ok(rc, set->c[k].pal))
            idx[n++] = k;
    }
    return n;
}

/* `nc` distinct colours, "Écaille" for tortoise with French names. */
static void demo_pick_colours(struct demo_rng *r, const struct recipe *rc,
                              int nc, const struct colour **out)
{
    const struct colour_set *set = &colour_sets[rc->build];
    int order[16], n = demo_colour_choice(rc, order);

    for (int k = 0; k < nc && k < n; k++) {
        int pick = k + demo_below(r, n - k), t = order[k];

        order[k] = order[pick];
        order[pick] = t;
        out[k] = &set->c[order[k]];
        if (rc->brand->french && out[k]->pal == DEMO_PAL_TORTOISE &&
            strcmp(out[k]->code, "TOR") == 0)
            out[k] = &ecaille;
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

static int demo_look_url(const struct demo_opts *o, const struct recipe *rc,
                         const struct colour *c, int tryon, char *buf,
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
                              const struct recipe *rc, struct demo_rng *r,
                              const struct colour *c,
                              const struct size_choice *sz,
                              struct product *p)
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
    snprintf(buf, sizeof(buf), "%s-%s-%d-%s", rc->brand->code,
             rc->model_code, sz->lens, c->code);
    if (product_set(&v->sku, buf) < 0 || product_set(&v->colour, c->name))
        return KERR_NOMEM;
    snprintf(buf, sizeof(buf), "%d-%d-%d", sz->lens, sz->bridge,
             sz->temple);
    if (product_set(&v->size_label, buf) < 0)
        return KERR_NOMEM;

    fw = 2.0 * sz->lens + sz->bridge + demo_range(r, 6, 10);
    v->size = (struct product_size){
        sz->lens, sz->bridge, sz->temple, fw,
        (double)(int)(sz->lens * shape_height[rc->shape] + 0.5), 1, 0,
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
static void demo_split(struct demo_rng *r, const struct recipe *rc, int *nc,
                       int *ns)
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

static int demo_frame_variants(const struct demo_opts *o,
                               const struct recipe *rc, int index,
                               struct product *p)
{
    struct demo_rng r = demo_rng_at(o->seed, index, SALT_VAR);
    const struct colour *cols[8];
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

static const struct colour accessory_colours[] = {
    {"Black", "BLK", DEMO_PAL_BLACK},   {"Tan", "TAN", DEMO_PAL_HONEY},
    {"Navy", "NAV", DEMO_PAL_NAVY},     {"Grey", "GRY", DEMO_PAL_SILVER},
    {"Burgundy", "BUR", DEMO_PAL_BURGUNDY},
};

/* Cases and cloths in a few colours; the gift card in amounts. */
static int demo_other_variants(const struct recipe *rc, struct product *p)
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
        if (rc->kind == KIND_GIFT)
            snprintf(buf, sizeof(buf), "GIFT-%d", amounts[k]);
        else
            snprintf(buf, sizeof(buf), "%s-%s-ACC-%s", rc->brand->code,
                     rc->model_code, accessory_colours[k].code);
        if (product_set(&v->sku, buf) < 0)
            return KERR_NOMEM;
        if (rc->kind == KIND_ACCESSORY &&
            product_set(&v->colour, accessory_colours[k].name) < 0)
            return KERR_NOMEM;
        v->price = rc->kind == KIND_GIFT ? amounts[k] * 100 : rc->price;
        memcpy(v->currency, "EUR", 4);
        v->shelf_qty = rc->kind == KIND_ACCESSORY ? 2 + k % 3 : 0;
        v->lead_days = rc->kind == KIND_GIFT ? 0 : 3;
    }
    return 0;
}

/* Distinct colour names in variant order, joined by ", ". */
static int demo_join_colours(struct product *p)
{
    char buf[512] = "";
    size_t n = 0;

    for (size_t k = 0; k < p->n_variants; k++) {
        const char *c = p->variants[k].colour;
        int seen = 0;

        for (size_t j = 0; c && j < k; j++)
            seen |= p->variants[j].colour &&
                    strcmp(p->variants[j].colour, c) == 0;
        if (!c || seen)
            continue;
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
                              n ? ", " : "", c);
        if (n >= sizeof(buf))
            break;
    }
    return product_set(&p->colours, n ? buf : NULL);
}

static void demo_slug(const char *title, char *out, size_t size)
{
    size_t n = 0;

    for (const char *s = title; *s && n + 1 < size;) {
        char one[8], folded[8];
        size_t len = ((unsigned char)*s & 0x80) ? 2 : 1;

        memcpy(one, s, len);
        one[len] = '\0';
        s += len;
        demo_code(one, folded, sizeof(folded));
        if (folded[0])
            out[n++] = (char)(folded[0] | 0x20);
        else if (n > 0 && out[n - 1] != '-')
            out[n++] = '-';
    }
    while (n > 0 && out[n - 1] == '-')
        n--;
    out[n] = '\0';
}

static const char *demo_article(const char *word)
{
    return strchr("aeiou", word[0]) ? "an" : "a";
}

static void demo_describe(const struct recipe *rc, struct demo_rng *r,
                          char *buf, size_t size)
{
    static const char *const extras[] = {
        "Spring hinges & a sculpted bridge for a comfortable fit.",
        "Designed by %s & finished by hand.",
        "Light enough to forget & strong enough for every day.",
        "Comes with a hard case & a microfibre cloth.",
        "A quiet classic from %s, made to be worn for years.",
    };
    const char *shape = demo_draw_shape_key(rc->shape);
    char extra[160];

    if (rc->kind == KIND_GIFT) {
        snprintf(buf, size, "Give the gift of sight & style. Valid in "
                            "store and online for two years.");
        return;
    }
    if (rc->kind == KIND_ACCESSORY) {
        snprintf(buf, size, "A %s by %s. Keeps your glasses safe & "
                            "clean.",
                 rc->accessory, rc->brand->name);
        return;
    }
    snprintf(extra, sizeof(extra), extras[demo_below(r, 5)],
             rc->brand->name);
    snprintf(buf, size, "The %s is %s %s %s in %s. %s%s", rc->model,
             demo_article(shape), shape, rc->sun ? "sunglass" : "frame",
             material_phrases[rc->material], extra,
             rc->sun ? " Lenses block 100% of UVA & UVB." : "");
}

static int demo_tags(const struct recipe *rc, struct demo_rng *r,
                     int64_t created, const struct product *p,
                     char *buf, size_t size)
{
    const char *rim;
    size_t n;

    if (rc->kind == KIND_GIFT)
        return snprintf(buf, size, "gift card");
    if (rc->kind == KIND_ACCESSORY)
        return snprintf(buf, size, "accessory, %s", rc->accessory);

    rim = strcmp(rc->rim, "full") == 0   ? "full-rim"
          : strcmp(rc->rim, "semi") == 0 ? "semi-rimless"
                                          : "rimless";
    n = (size_t)snprintf(buf, size, "%s, %s, %s, %s%s",
                         demo_draw_shape_key(rc->shape),
                         material_keys[rc->material], rim, rc->gender,
                         rc->sun ? ", sunglasses" : "");
    if (demo_below(r, 100) < 40 && p->n_variants > 0 && n < size)
        n += (size_t)snprintf(buf + n, size - n, ", fit:%s",
                              p->variants[0].size.fit);
    if (created > DEMO_ANCHOR - 120 * 86400 && n < size)
        n += (size_t)snprintf(buf + n, size - n, ", new");
    if (demo_below(r, 100) < 5 && n < size)
        snprintf(buf + n, size - n, ", bestseller");
    return 0;
}

static int demo_texts(const struct demo_opts *o, int index,
                      const struct recipe *rc, struct product *p)
{
    struct demo_rng r = demo_rng_at(o->seed, index, SALT_TEXT);
    char title[160], buf[512];
    int bad = 0;

    if (rc->kind == KIND_GIFT)
        snprintf(title, sizeof(title), "Gift Card");
    else if (rc->kind == KIND_ACCESSORY)
        snprintf(title, sizeof(title), "%s %s %s", rc->brand->name,
                 rc->model, rc->accessory);
    else
        snprintf(title, sizeof(title), "%s %s", rc->brand->name,
                 rc->model);
    bad |= product_set(&p->title, title);
    demo_slug(title, buf, sizeof(buf));
    bad |= product_set(&p->handle, buf);
    bad |= product_set(&p->brand,
                       rc->kind == KIND_GIFT ? NULL : rc->brand->name);
    bad |= product_set(&p->model, rc->kind == KIND_FRAME ? rc->model
                                                         : title);
    p->created = DEMO_ANCHOR - demo_below(&r, DEMO_SPAN);

    demo_describe(rc, &r, buf, sizeof(buf));
    bad |= product_set(&p->description, buf);
    demo_tags(rc, &r, p->created, p, buf, sizeof(buf));
    bad |= product_set(&p->tags, buf);
    if (rc->kind == KIND_FRAME) {
        bad |= product_set(&p->shape, demo_draw_shape_key(rc->shape));
        bad |= product_set(&p->material, material_keys[rc->material]);
        bad |= product_set(&p->rim, rc->rim);
        bad |= product_set(&p->gender, rc->gender);
    }
    return bad ? kerr_set(KERR_NOMEM, "demo: out of memory") : 0;
}

/*
 * Revision k changes about 1% of products, picked by a hash of (seed,
 * index, k): either ten euros on the price or a colour renamed. Changes
 * add up, so revision 2 also carries revision 1's.
 */
static int demo_revise(const struct demo_opts *o, int index,
                       struct product *p)
{
    char buf[128];

    for (int k = 1; k <= o->revision; k++) {
        struct demo_rng r = demo_rng_at(o->seed, index, SALT_REV + k);
        const char *old;

        if (demo_below(&r, 100) != 0 || p->n_variants == 0)
            continue;
        if (demo_below(&r, 2) || !p->variants[0].colour) {
            for (size_t v = 0; v < p->n_variants; v++)
                p->variants[v].price += 1000;
            continue;
        }
        old = p->variants[0].colour;
        if (strncmp(old, "Matte ", 6) == 0)
            snprintf(buf, sizeof(buf), "Gloss %s", old + 6);
        else
            snprintf(buf, sizeof(buf), "Matte %s", old);
        for (size_t v = p->n_variants; v-- > 0;) {
            if (p->variants[v].colour &&
                strcmp(p->variants[v].colour, old) == 0 &&
                product_set(&p->variants[v].colour, buf) < 0)
                return kerr_set(KERR_NOMEM, "demo: out of memory");
        }
    }
    return 0;
}

int demo_product(const struct demo_opts *o, int index, struct product *out)
{
    struct recipe rc;
    char id[32];
    int ret;

    memset(out, 0, sizeof(*out));
    if (!o || o->products < 1 || o->products > DEMO_MAX_PRODUCTS ||
        index < 0 || index >= o->products || o->revision < 0 ||
        o->revision > DEMO_MAX_REVISION)
        return kerr_set(KERR_INVAL, "demo: product %d of %d: out of range",
                        index, o ? o->products : 0);

    demo_recipe(o, index, &rc);
    snprintf(id, sizeof(id), "%d", index + 1000);
    ret = product_set(&out->source_id, id);
    out->category = rc.kind == KIND_GIFT        ? PRODUCT_HIDDEN
                    : rc.kind == KIND_ACCESSORY ? PRODUCT_ACCESSORY
                    : rc.sun                    ? PRODUCT_SUN
                                                : PRODUCT_OPTICAL;
    if (ret == 0)
        ret = rc.kind == KIND_FRAME ? demo_frame_variants(o, &rc, index, out)
                                    : demo_other_variants(&rc, out);
    if (ret == 0)
        ret = demo_texts(o, index, &rc, out);
    if (ret == 0)
        ret = demo_revise(o, index, out);
    if (ret == 0)
        ret = demo_join_colours(out);
    if (ret < 0) {
        product_clear(out);
        return ret == KERR_NOMEM
                   ? kerr_set(KERR_NOMEM, "demo: out of memory") : ret;
    }
    return 0;
}

/* ---- JSON out --------------------------------------------------------- */

/* A growing string; after a failed allocation every call is a no-op. */
struct sb {
    char *p;
    size_t n, cap;
    int failed;
};

static int sb_room(struct sb *b, size_t extra)
{
    char *grown;
    size_t cap;

    if (b->failed)
        return -1;
    if (b->n + extra + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 4096;
    while (cap < b->n + extra + 1)
        cap *= 2;
    grown = realloc(b->p, cap);
    if (!grown) {
        b->failed = 1;
        return -1;
    }
    b->p = grown;
    b->cap = cap;
    return 0;
}

static void sb_put(struct sb *b, const char *s, size_t n)
{
    if (sb_room(b, n) < 0)
        return;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_str(struct sb *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void sb_fmt(struct sb *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void sb_fmt(struct sb *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (sb_room(b, 256) < 0)
        return;
    va_start(ap, fmt);
    n = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n >= b->cap - b->n) {
        if (sb_room(b, (size_t)n) < 0)
            return;
        va_start(ap, fmt);
        vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
    }
    b->n += (size_t)n;
}

/* A JSON string (or null); `html` also turns & < > into entities. */
static void sb_json_text(struct sb *b, const char *s, int html)
{
    if (!s) {
        sb_put(b, "null", 4);
        return;
    }
    sb_put(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};

            sb_put(b, e, 2);
        } else if (c < 0x20) {
            sb_fmt(b, "\\u%04x", c);
        } else if (html && (c == '&' || c == '<' || c == '>')) {
            sb_str(b, c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;");
        } else {
            sb_put(b, s, 1);
        }
    }
    sb_put(b, "\"", 1);
}

static void sb_json(struct sb *b, const char *s)
{
    sb_json_text(b, s, 0);
}

/* The description as a shop would store it: "<p>...</p>". */
static void sb_json_html(struct sb *b, const char *text)
{
    struct sb tmp = {0};

    sb_str(&tmp, "<p>");
    sb_json_text(&tmp, text ? text : "", 1);
    sb_str(&tmp, "</p>");
    if (tmp.failed) {
        b->failed = 1;
    } else {
        /* The quotes the escaper added sit inside the tags: move them. */
        sb_put(b, "\"<p>", 4);
        sb_put(b, tmp.p + 4, tmp.n - 4 - 5);
        sb_put(b, "</p>\"", 5);
    }
    free(tmp.p);
}

static void sb_time(struct sb *b, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char buf[32];

    gmtime_r(&tt, &tm);
    strftime(buf, sizeof(buf), "\"%Y-%m-%dT%H:%M:%SZ\"", &tm);
    sb_str(b, buf);
}

static void sb_price(struct sb *b, int64_t cents)
{
    sb_fmt(b, "\"%lld.%02lld\"", (long long)(cents / 100),
           (long long)(cents % 100));
}

/* Distinct non-NULL values of one variant field, in variant order. */
static size_t demo_distinct(const struct product *p, int size_field,
                            const char **out)
{
    size_t n = 0;

    for (size_t k = 0; k < p->n_variants; k++) {
        const char *s = size_field ? p->variants[k].size_label
                                   : p->variants[k].colour;
        size_t j;

        for (j = 0; s && j < n; j++) {
            if (strcmp(out[j], s) == 0)
                break;
        }
        if (s && j == n)
            out[n++] = s;
    }
    return n;
}

static void sb_tags_array(struct sb *b, const char *tags)
{
    const char *s = tags ? tags : "";

    sb_put(b, "[", 1);
    while (*s) {
        const char *end = strstr(s, ", ");
        size_t len = end ? (size_t)(end - s) : strlen(s);
        char one[64];

        snprintf(one, sizeof(one), "%.*s", (int)len, s);
        if (s != tags)
            sb_put(b, ",", 1);
        sb_json(b, one);
        s += len + (end ? 2 : 0);
    }
    sb_put(b, "]", 1);
}

static void feed_variant(struct sb *b, const struct product_variant *v)
{
    sb_str(b, "{\"id\":");
    sb_json(b, v->source_id);
    sb_str(b, ",\"sku\":");
    sb_json(b, v->sku);
    sb_str(b, ",\"colour\":");
    sb_json(b, v->colour);
    if (v->size_label) {
        sb_str(b, ",\"size\":");
        sb_json(b, v->size_label);
    }
    if (v->size.lens_mm > 0)
        sb_fmt(b, ",\"lens_width\":%g,\"bridge\":%g,\"temple\":%g,"
                  "\"frame_width\":%g,\"lens_height\":%g",
               v->size.lens_mm, v->size.bridge_mm, v->size.temple_mm,
               v->size.frame_width_mm, v->size.lens_height_mm);
    sb_str(b, ",\"price\":");
    sb_price(b, v->price);
    sb_fmt(b, ",\"currency\":\"%s\",\"orderable\":%s,\"lead_days\":%d",
           v->currency, v->orderable ? "true" : "false", v->lead_days);
    if (v->tryon_image) {
        sb_str(b, ",\"tryon_image\":");
        sb_json(b, v->tryon_image);
    }
    sb_put(b, "}", 1);
}

/* One product of catalog.json; shelf stock is left to stock.csv. */
static void feed_product(struct sb *b, const struct product *p)
{
    static const char *const keys[] = {"handle", "title", "brand", "model",
                                       "shape",  "material", "rim",
                                       "gender"};
    const char *vals[] = {p->handle, p->title, p->brand, p->model,
                          p->shape,  p->material, p->rim, p->gender};

    sb_str(b, "{\"id\":");
    sb_json(b, p->source_id);
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        if (vals[k]) {
            sb_fmt(b, ",\"%s\":", keys[k]);
            sb_json(b, vals[k]);
        }
    }
    sb_fmt(b, ",\"category\":\"%s\",\"tags\":",
           product_category_name(p->category));
    sb_tags_array(b, p->tags);
    sb_str(b, ",\"description\":");
    sb_json_html(b, p->description);
    sb_str(b, ",\"images\":[");
    for (size_t k = 0; k < p->n_images; k++) {
        if (k)
            sb_put(b, ",", 1);
        sb_json(b, p->images[k]);
    }
    sb_str(b, "],\"created\":");
    sb_time(b, p->created);
    sb_str(b, ",\"variants\":[");
    for (size_t k = 0; k < p->n_variants; k++) {
        if (k)
            sb_put(b, ",", 1);
        feed_variant(b, &p->variants[k]);
    }
    sb_str(b, "]}");
}

static const char *shopify_type(enum product_category c)
{
    switch (c) {
    case PRODUCT_SUN: return "Sunglasses";
    case PRODUCT_ACCESSORY: return "Accessories";
    case PRODUCT_HIDDEN: return "Gift Card";
    default: return "Eyeglasses";
    }
}

static void shopify_option(struct sb *b, const char *name, int pos,
                           const char **vals, size_t n)
{
    sb_fmt(b, "%s{\"name\":\"%s\",\"position\":%d,\"values\":[",
           pos > 1 ? "," : "", name, pos);
    for (size_t k = 0; k < n; k++) {
        if (k)
            sb_put(b, ",", 1);
        sb_json(b, vals[k]);
    }
    sb_str(b, "]}");
}

/* Option values of a variant: colour and size, or the gift amount. */
static int shopify_values(const struct product_variant *v, char *amount,
                          size_t size, const char **o1, const char **o2)
{
    *o1 = v->colour;
    *o2 = v->size_label;
    if (!*o1 && !*o2) {
        snprintf(amount, size, "%lld EUR", (long long)(v->price / 100));
        *o1 = amount;
    }
    return *o2 ? 2 : 1;
}

static void shopify_variant(struct sb *b, const struct product *p,
                            size_t k)
{
    const struct product_variant *v = &p->variants[k];
    const char *o1, *o2;
    char amount[32], title[256];
    int n = shopify_values(v, amount, sizeof(amount), &o1, &o2);

    if (n == 2)
        snprintf(title, sizeof(title), "%s / %s", o1 ? o1 : "", o2);
    else
        snprintf(title, sizeof(title), "%s", o1);
    sb_fmt(b, "%s{\"id\":%s,\"product_id\":%s,\"title\":",
           k ? "," : "", v->source_id, p->source_id);
    sb_json(b, title);
    sb_str(b, ",\"option1\":");
    sb_json(b, o1);
    sb_str(b, ",\"option2\":");
    sb_json(b, o2);
    sb_str(b, ",\"option3\":null,\"sku\":");
    sb_json(b, v->sku);
    sb_str(b, ",\"price\":");
    sb_price(b, v->price);
    sb_fmt(b, ",\"compare_at_price\":null,\"available\":%s,"
              "\"requires_shipping\":%s,\"taxable\":true,\"grams\":%d,"
              "\"position\":%zu}",
           v->orderable ? "true" : "false",
           p->category == PRODUCT_HIDDEN ? "false" : "true",
           p->category == PRODUCT_HIDDEN ? 0 : 28, k + 1);
}

/* Photos, each listing the variants of its colour. */
static void shopify_images(struct sb *b, const struct product *p)
{
    for (size_t k = 0; k < p->n_images; k++) {
        int first = 1;

        sb_fmt(b, "%s{\"id\":%s%02zu,\"product_id\":%s,\"position\":%zu,"
                  "\"width\":800,\"height\":400,\"src\":",
               k ? "," : "", p->source_id, k, p->source_id, k + 1);
        sb_json(b, p->images[k]);
        sb_str(b, ",\"variant_ids\":[");
        for (size_t v = 0; v < p->n_variants; v++) {
            const char *img = p->variants[v].tryon_image;
            const char *slash = img ? strrchr(img, '/') : NULL;
            const char *photo = strrchr(p->images[k], '/');
            const char *a = slash ? slash + 2 : img ? img + 1 : "";
            const char *c = photo ? photo + 2 : p->images[k] + 1;

            /* t-<look>.png and f-<look>.png: same look, same colour. */
            if (strcmp(a, c) != 0)
                continue;
            sb_fmt(b, "%s%s", first ? "" : ",", p->variants[v].source_id);
            first = 0;
        }
        sb_str(b, "]}");
    }
}

static void shopify_product(struct sb *b, const struct product *p)
{
    const char *vals[64];
    char amounts[8][32];
    size_t nc, ns;

    sb_fmt(b, "{\"id\":%s,\"title\":", p->source_id);
    sb_json(b, p->title);
    sb_str(b, ",\"handle\":");
    sb_json(b, p->handle);
    sb_str(b, ",\"body_html\":");
    sb_json_html(b, p->description);
    sb_str(b, ",\"published_at\":");
    sb_time(b, p->created);
    sb_str(b, ",\"created_at\":");
    sb_time(b, p->created);
    sb_str(b, ",\"updated_at\":");
    sb_time(b, p->created);
    sb_str(b, ",\"vendor\":");
    sb_json(b, p->brand ? p->brand : "Demo Optical");
    sb_fmt(b, ",\"product_type\":\"%s\",\"tags\":",
           shopify_type(p->category));
    sb_json(b, p->tags ? p->tags : "");

    sb_str(b, ",\"variants\":[");
    for (size_t k = 0; k < p->n_variants; k++)
        shopify_variant(b, p, k);
    sb_str(b, "],\"images\":[");
    shopify_images(b, p);
    sb_str(b, "],\"options\":[");
    nc = p->n_variants <= 64 ? demo_distinct(p, 0, vals) : 0;
    if (nc > 0)
        shopify_option(b, "Color", 1, vals, nc);
    ns = p->n_variants <= 64 ? demo_distinct(p, 1, vals) : 0;
    if (ns > 0)
        shopify_option(b, "Size", nc > 0 ? 2 : 1, vals, ns);
    if (nc == 0 && ns == 0) {
        for (size_t k = 0; k < p->n_variants && k < 8; k++) {
            shopify_values(&p->variants[k], amounts[k], sizeof(amounts[k]),
                           &vals[k], &vals[63]);
            vals[k] = amounts[k];
        }
        shopify_option(b, "Amount", 1, vals,
                       p->n_variants < 8 ? p->n_variants : 8);
    }
    sb_str(b, "]}");
}

char *demo_shopify_page(const struct demo_opts *o, int page, int limit,
                        size_t *len)
{
    struct sb b = {0};
    struct product p;
    long long first;

    if (!o || page < 1 || limit < 1 || limit > 1000) {
        kerr_set(KERR_INVAL, "demo: page %d with limit %d", page, limit);
        return NULL;
    }
    first = (long long)(page - 1) * limit;
    sb_str(&b, "{\"products\":[");
    for (long long i = first; i < first + limit && i < o->products; i++) {
        if (demo_product(o, (int)i, &p) < 0) {
            free(b.p);
            return NULL;
        }
        if (i > first)
            sb_put(&b, ",", 1);
        shopify_product(&b, &p);
        product_clear(&p);
    }
    sb_str(&b, "]}");
    if (b.failed) {
        free(b.p);
        kerr_set(KERR_NOMEM, "demo: out of memory for page %d", page);
        return NULL;
    }
    *len = b.n;
    return b.p;
}

/* ---- the store on disk ------------------------------------------------ */

#define NAME_SLOTS 8192 /* more than every look there is, twice over */
#define NAME_MAX_LEN 48

/* The distinct image names the catalog mentions. */
struct name_set {
    char (*slot)[NAME_MAX_LEN];
    char (*list)[NAME_MAX_LEN];
    int n;
};

static uint32_t demo_fnv(const char *s)
{
    uint32_t h = 2166136261u;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

/* Add the file name at the end of `url`. */
static int name_set_add(struct name_set *ns, const char *url)
{
    const char *name = strrchr(url, '/');
    uint32_t h;

    name = name ? name + 1 : url;
    if (strlen(name) >= NAME_MAX_LEN || ns->n >= NAME_SLOTS / 2)
        return kerr_set(KERR_INVAL, "demo: image name '%.60s' unexpected",
                        name);
    h = demo_fnv(name) % NAME_SLOTS;
    while (ns->slot[h][0]) {
        if (strcmp(ns->slot[h], name) == 0)
            return 0;
        h = (h + 1) % NAME_SLOTS;
    }
    strcpy(ns->slot[h], name);
    strcpy(ns->list[ns->n++], name);
    return 0;
}

/* Everything the store's files need, built in memory first. */
struct store {
    struct sb catalog, stock;
    struct name_set names;
    long variants;
};

static int store_add(struct store *st, const struct product *p, int first)
{
    int rc = 0;

    if (!first)
        sb_put(&st->catalog, ",\n", 2);
    feed_product(&st->catalog, p);
    for (size_t k = 0; k < p->n_images && rc == 0; k++)
        rc = name_set_add(&st->names, p->images[k]);
    for (size_t k = 0; k < p->n_variants && rc == 0; k++) {
        const struct product_variant *v = &p->variants[k];

        if (v->tryon_image)
            rc = name_set_add(&st->names, v->tryon_image);
        if (v->sku && v->shelf_qty > 0)
            sb_fmt(&st->stock, "%s,%d\n", v->sku, v->shelf_qty);
    }
    st->variants += (long)p->n_variants;
    return rc;
}

static int store_build(const struct demo_opts *o, struct store *st)
{
    struct product p;
    int rc = 0;

    st->names.slot = calloc(NAME_SLOTS, NAME_MAX_LEN);
    st->names.list = calloc(NAME_SLOTS / 2, NAME_MAX_LEN);
    if (!st->names.slot || !st->names.list)
        return kerr_set(KERR_NOMEM, "demo: out of memory");

    sb_str(&st->catalog, "{\"feed\":\"optical-kiosk/1\",\"currency\":"
                         "\"EUR\",\"pages\":1,\"products\":[\n");
    sb_str(&st->stock, "sku,quantity\n");
    for (int i = 0; i < o->products && rc == 0; i++) {
        rc = demo_product(o, i, &p);
        if (rc == 0)
            rc = store_add(st, &p, i == 0);
        product_clear(&p);
    }
    sb_str(&st->catalog, "\n]}\n");
    if (rc == 0 && (st->catalog.failed || st->stock.failed))
        rc = kerr_set(KERR_NOMEM, "demo: out of memory");
    return rc;
}

/* Work shared by the drawing threads. */
struct draw_job {
    const struct name_set *names;
    const char *dir;
    pthread_mutex_t lock;
    int next;  /* next name to draw */
    int drawn; /* pictures actually drawn (others were on disk) */
    int rc;    /* first error */
    char msg[256];
};

static int draw_one(struct draw_job *job, const char *name, int *drawn)
{
    char path[PATH_MAX];
    struct demo_look look;
    struct stat st;
    unsigned char *png;
    size_t len;
    int rc;

    *drawn = 0;
    if (snprintf(path, sizeof(path), "%s/img/%s", job->dir, name) >=
        (int)sizeof(path))
        return kerr_set(KERR_INVAL, "demo: %.60s...: path too long",
                        job->dir);
    /* The same name always draws the same picture: keep what is there. */
    if (stat(path, &st) == 0 && st.st_size > 0)
        return 0;
    if (demo_draw_parse(name, &look) < 0)
        return KERR_NOTFOUND;
    png = demo_draw_png(&look, &len);
    if (!png)
        return KERR_NOMEM;
    rc = fsutil_write(path, png, len);
    free(png);
    *drawn = rc == 0;
    return rc;
}

static void *draw_worker(void *arg)
{
    struct draw_job *job = arg;

    for (;;) {
        int k, rc, drawn;

        pthread_mutex_lock(&job->lock);
        k = job->rc == 0 && job->next < job->names->n ? job->next++ : -1;
        pthread_mutex_unlock(&job->lock);
        if (k < 0)
            return NULL;

        rc = draw_one(job, job->names->list[k], &drawn);
        pthread_mutex_lock(&job->lock);
        job->drawn += drawn;
        if (rc < 0 && job->rc == 0) {
            job->rc = rc;
            snprintf(job->msg, sizeof(job->msg), "%s", kerr_msg());
        }
        pthread_mutex_unlock(&job->lock);
    }
}

/* Draw the missing pictures on a couple of threads. */
static int store_draw(const struct name_set *names, const char *dir,
                      int *drawn)
{
    struct draw_job job = {names, dir, PTHREAD_MUTEX_INITIALIZER, 0, 0,
                           0, ""};
    pthread_t tid[DEMO_THREADS];
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int want = cpus < 1 ? 1 : cpus > DEMO_THREADS ? DEMO_THREADS : (int)cpus;
    int started = 0;

    for (int k = 0; k < want; k++) {
        if (pthread_create(&tid[k], NULL, draw_worker, &job) != 0)
            break;
        started++;
    }
    if (started == 0)
        draw_worker(&job);
    for (int k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    pthread_mutex_destroy(&job.lock);

    *drawn = job.drawn;
    if (job.rc < 0)
        return kerr_set(job.rc, "%s", job.msg);
    return 0;
}

static double demo_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int demo_write_store(const struct demo_opts *o, const char *dir)
{
    struct store st = {0};
    char path[PATH_MAX];
    double t0 = demo_now();
    int rc, drawn = 0;

    if (!o || !dir || !*dir || o->products < 1 ||
        o->products > DEMO_MAX_PRODUCTS)
        return kerr_set(KERR_INVAL, "demo: bad store options");
    if (snprintf(path, sizeof(path), "%s/img", dir) >= (int)sizeof(path))
        return kerr_set(KERR_INVAL, "demo: %.60s...: path too long", dir);
    rc = fsutil_mkdirs(path);
    if (rc < 0)
        goto out;

    rc = store_build(o, &st);
    if (rc == 0)
        rc = store_draw(&st.names, dir, &drawn);

    /* Catalog last: it never names a file that is not there yet. */
    snprintf(path, sizeof(path), "%s/stock.csv", dir);
    if (rc == 0)
        rc = fsutil_write(path, st.stock.p, st.stock.n);
    snprintf(path, sizeof(path), "%s/catalog.json", dir);
    if (rc == 0)
        rc = fsutil_write(path, st.catalog.p, st.catalog.n);
    if (rc == 0)
        log_info("demo", "%d products, %ld variants, %d images (%d drawn) "
                 "in %s, %.2f s", o->products, st.variants, st.names.n,
                 drawn, dir, demo_now() - t0);

out:
    free(st.catalog.p);
    free(st.stock.p);
    free(st.names.slot);
    free(st.names.list);
    return rc;
}

unsigned char *demo_image_png(const struct demo_opts *o, const char *name,
                              size_t *len)
{
    struct demo_look look;

    (void)o;
    if (!name || demo_draw_parse(name, &look) < 0) {
        kerr_set(KERR_NOTFOUND, "demo: no image named '%.80s'",
                 name ? name : "");
        return NULL;
    }
    return demo_draw_png(&look, len);
}
