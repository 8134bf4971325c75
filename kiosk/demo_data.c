/*
 * demo_data: the tables the demo store is made from (see demo_data.h).
 */
#include "demo_data.h"

const struct demo_brand demo_brands[DEMO_N_BRANDS] = {
    {"Atelier Morvan", "AMV", 2, 1, DEMO_LEAN_CLASSIC, 10},
    {"Maison Berthelot", "MBT", 3, 1, DEMO_LEAN_WOMEN, 14},
    {"Kestrel & Finch", "KFN", 1, 0, DEMO_LEAN_CLASSIC, 5},
    {"Nordlys Optik", "NLY", 2, 0, DEMO_LEAN_METAL, 12},
    {"Harbour Lane", "HBL", 0, 0, DEMO_LEAN_CLASSIC, 3},
    {"Lumen Parade", "LMP", 1, 0, DEMO_LEAN_DESIGN, 7},
    {"Quillon", "QLN", 2, 0, DEMO_LEAN_DESIGN, 9},
    {"Brume Paris", "BRP", 2, 1, DEMO_LEAN_SUN, 8},
    {"Fennick", "FNK", 1, 0, DEMO_LEAN_MEN, 5},
    {"Oskar Velde", "OSV", 3, 0, DEMO_LEAN_METAL, 21},
    {"Tessel Studio", "TSS", 1, 0, DEMO_LEAN_DESIGN, 6},
    {"Marigold Row", "MGR", 0, 0, DEMO_LEAN_WOMEN, 4},
    {"Coralie Duval", "CDV", 2, 1, DEMO_LEAN_WOMEN, 11},
    {"Studio Halden", "STH", 2, 0, DEMO_LEAN_METAL, 10},
    {"Alder & Ash", "ALA", 1, 0, DEMO_LEAN_WOOD, 14},
    {"Petit Corbeau", "PCB", 1, 1, DEMO_LEAN_KIDS, 6},
    {"Vantage North", "VNN", 1, 0, DEMO_LEAN_SUN, 5},
    {"Solenne", "SLN", 2, 1, DEMO_LEAN_SUN, 9},
    {"Ironbark Eyewear", "IRB", 1, 0, DEMO_LEAN_MEN, 7},
    {"Calloway Optics", "CLW", 0, 0, DEMO_LEAN_CLASSIC, 3},
    {"Ferrand Frères", "FRF", 3, 1, DEMO_LEAN_CLASSIC, 18},
    {"Mirelle", "MRL", 1, 1, DEMO_LEAN_WOMEN, 7},
    {"Dunmore & Co", "DMC", 1, 0, DEMO_LEAN_MEN, 6},
    {"Halcyon Optical", "HCY", 0, 0, DEMO_LEAN_CLASSIC, 4},
    {"Bellwether", "BLW", 2, 0, DEMO_LEAN_CLASSIC, 8},
    {"Rivière Atelier", "RVA", 2, 1, DEMO_LEAN_DESIGN, 12},
    {"Stonehaven", "STV", 1, 0, DEMO_LEAN_MEN, 6},
    {"Juniper Vale", "JNV", 0, 0, DEMO_LEAN_KIDS, 4},
    {"Orrery", "ORR", 3, 0, DEMO_LEAN_DESIGN, 20},
    {"Kintsu Lab", "KTL", 3, 0, DEMO_LEAN_METAL, 16},
    {"Lark & Loom", "LKL", 1, 0, DEMO_LEAN_WOMEN, 6},
    {"Parallax Eyewear", "PRX", 1, 0, DEMO_LEAN_DESIGN, 7},
    {"Obsidian Row", "OBR", 2, 0, DEMO_LEAN_SUN, 9},
    {"Wren Optics", "WRN", 0, 0, DEMO_LEAN_KIDS, 3},
    {"Sable Coast", "SBC", 1, 0, DEMO_LEAN_SUN, 5},
    {"Meridian Lane", "MRD", 1, 0, DEMO_LEAN_CLASSIC, 6},
    {"Copperfox", "CPF", 0, 0, DEMO_LEAN_MEN, 4},
    {"Granville Hart", "GVH", 2, 0, DEMO_LEAN_CLASSIC, 10},
    {"Aurelle", "AUR", 2, 1, DEMO_LEAN_WOMEN, 9},
    {"Tidewater Optics", "TDW", 0, 0, DEMO_LEAN_SUN, 4},
};

const char *const demo_words[DEMO_N_WORDS] = {
    "Iris",    "Orson",    "Ada",     "Hugo",    "Celeste",  "Anouk",
    "Elio",    "Linnea",   "Soren",   "Juno",    "Alba",     "Ines",
    "Malo",    "Nico",     "Tova",    "Rufus",   "Felix",    "Greta",
    "Otto",    "Vera",     "Leon",    "Mira",    "Ansel",    "Blythe",
    "Cosmo",   "Dahlia",   "Ezra",    "Flora",   "Gideon",   "Hazel",
    "Ivo",     "Kit",      "Lena",    "Milo",    "Nell",     "Opal",
    "Pim",     "Quinn",    "Rosa",    "Silas",   "Thea",     "Ulla",
    "Viggo",   "Wynn",     "Xenia",   "Yara",    "Zeno",     "Brighton",
    "Lisbon",  "Kyoto",    "Oslo",    "Amalfi",  "Sorrento", "Delta",
    "Marlow",  "Solstice", "Equinox", "Vesper",  "Ember",    "Atlas",
    "Cove",    "Prism",    "Harlow",  "Beckett", "Sloane",   "Arlo",
    "Wilder",  "Maren",    "Astrid",  "Bodhi",   "Casper",   "Darcy",
    "Elowen",  "Fitz",     "Gable",   "Hollis",  "Idris",    "Jasper",
    "Keats",   "Lowell",   "Mabel",   "Nolan",   "Oakley",   "Percy",
    "Reeve",   "Sutton",   "Tamsin",  "Ursa",    "Vale",     "Wolfe",
    "Yates",   "Zadie",    "Aspen",   "Bristol", "Cairo",    "Dover",
    "Everest", "Fjord",    "Galway",  "Hudson",  "Ithaca",   "Jaipur",
    "Kenmare", "Lagos",    "Malmo",   "Naples",  "Orkney",   "Porto",
    "Quebec",  "Rhodes",   "Sedona",  "Tahoe",   "Umbria",   "Valencia",
    "Whitby",  "Yukon",    "Zermatt", "Alto",    "Birch",    "Cedar",
    "Dune",    "Fern",     "Grove",   "Heath",   "Indigo",   "Jolie",
    "Kasimir", "Linden",   "Moss",    "North",   "Onyx",     "Pike",
    "Quartz",  "Raven",    "Slate",   "Thistle", "Umber",    "Vireo",
    "Willow",  "Yew",      "Zephyr",  "Arden",   "Bowie",    "Clement",
};

const char *const demo_french_words[DEMO_N_FRENCH] = {
    "Bastille",  "Margaux", "Odile",     "Camille",  "Basile",     "Étienne",
    "Hélène", "Chloé", "Zoé",
    "Anaïs", "Léonie", "Bérénice",
    "Noémie",    "Aurèle",  "Mélodie",   "Gaëlle",   "Montmartre", "Marais",
    "Tamaris",   "Verdon",  "Biarritz",  "Alésia",   "Bordeaux",   "Colette",
    "Simone", "Agnès", "Théo",
    "Rémi", "Joséphine", "Amélie",
    "Solange",   "Gustave", "Honoré",    "Lucienne", "Marcel",     "Ondine",
    "Pascaline", "Raphaël", "Séraphine", "Victoire", "Arlette",    "Capucine",
    "Daphné",    "Élise",   "Fanchon",   "Ginette",  "Isaure",     "Jacinthe",
    "Lisette", "Maëlys", "Nacré",
    "Oriane", "Perrine", "Quitterie",
    "Romane",    "Sidonie", "Toulouse",  "Valmy",    "Yvette",     "Belleville",
};

const char *const demo_roman[DEMO_N_ROMAN] = {"",   "II",  "III",  "IV",  "V",
                                              "VI", "VII", "VIII", "IX",  "X",
                                              "XI", "XII", "XIII", "XIV", "XV"};

const char *const demo_material_keys[DEMO_MATERIALS] = {
    "acetate", "metal",       "titanium", "stainless steel",
    "mixed",   "bio-acetate", "wood",
};

const char *const demo_material_phrases[DEMO_MATERIALS] = {
    "hand-polished acetate",    "lightweight metal", "pure titanium",
    "stainless steel",          "acetate and metal", "plant-based bio-acetate",
    "sustainably sourced wood",
};

static const struct demo_colour acetate_colours[] = {
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

static const struct demo_colour metal_colours[] = {
    {"Gold", "GLD", DEMO_PAL_GOLD},
    {"Silver", "SLV", DEMO_PAL_SILVER},
    {"Gunmetal", "GUN", DEMO_PAL_GUNMETAL},
    {"Rose Gold", "RGD", DEMO_PAL_ROSEGOLD},
    {"Matte Black", "MBK", DEMO_PAL_BLACK},
    {"Champagne", "CHP", DEMO_PAL_GOLD},
    {"Brushed Silver", "BSV", DEMO_PAL_SILVER},
    {"Bronze", "BRZ", DEMO_PAL_ROSEGOLD},
};

static const struct demo_colour semi_colours[] = {
    {"Black / Silver", "BKS", DEMO_PAL_BLACK},
    {"Tortoise / Gold", "TOG", DEMO_PAL_TORTOISE},
    {"Havana / Gold", "HVG", DEMO_PAL_HAVANA},
    {"Navy / Silver", "NVS", DEMO_PAL_NAVY},
    {"Burgundy / Gold", "BUG", DEMO_PAL_BURGUNDY},
};

static const struct demo_colour rimless_colours[] = {
    {"Silver", "SLV", DEMO_PAL_SILVER},
    {"Gold", "GLD", DEMO_PAL_GOLD},
    {"Gunmetal", "GUN", DEMO_PAL_GUNMETAL},
    {"Rose Gold", "RGD", DEMO_PAL_ROSEGOLD},
};

static const struct demo_colour wood_colours[] = {
    {"Walnut", "WAL", DEMO_PAL_WALNUT},
    {"Dark Walnut", "DWL", DEMO_PAL_WALNUT},
    {"Smoked Oak", "SOK", DEMO_PAL_WALNUT},
};

const struct demo_colour demo_ecaille = {"Écaille", "ECA", DEMO_PAL_TORTOISE};

#define SET(a) {a, (int)(sizeof(a) / sizeof(a[0]))}
const struct demo_colour_set demo_colour_sets[DEMO_BUILDS] = {
    [DEMO_BUILD_ACETATE] = SET(acetate_colours),
    [DEMO_BUILD_METAL] = SET(metal_colours),
    [DEMO_BUILD_SEMI] = SET(semi_colours),
    [DEMO_BUILD_RIMLESS] = SET(rimless_colours),
    [DEMO_BUILD_WOOD] = SET(wood_colours),
};

/* Shapes each leaning favours; the rest of the time any shape. */
const enum demo_shape demo_lean_shapes[][3] = {
    [DEMO_LEAN_CLASSIC] = {DEMO_RECTANGLE, DEMO_PANTO, DEMO_OVAL},
    [DEMO_LEAN_METAL] = {DEMO_ROUND, DEMO_OVAL, DEMO_GEOMETRIC},
    [DEMO_LEAN_DESIGN] = {DEMO_GEOMETRIC, DEMO_PANTO, DEMO_CATEYE},
    [DEMO_LEAN_SUN] = {DEMO_AVIATOR, DEMO_BUTTERFLY, DEMO_SQUARE},
    [DEMO_LEAN_WOMEN] = {DEMO_CATEYE, DEMO_BUTTERFLY, DEMO_OVAL},
    [DEMO_LEAN_MEN] = {DEMO_RECTANGLE, DEMO_BROWLINE, DEMO_SQUARE},
    [DEMO_LEAN_KIDS] = {DEMO_ROUND, DEMO_PANTO, DEMO_RECTANGLE},
    [DEMO_LEAN_WOOD] = {DEMO_ROUND, DEMO_SQUARE, DEMO_RECTANGLE},
};

/* Lens height as a share of lens width, by shape. */
const double demo_shape_height[DEMO_SHAPES] = {
    0.92, 0.74, 0.86, 0.64, 0.70, 0.88, 0.76, 0.84, 0.88, 0.86,
};

const char *const demo_accessory_kinds[DEMO_N_ACCESSORIES] = {
    "Hard Case", "Soft Pouch", "Microfibre Cloth", "Folding Case", "Cord",
};

const struct demo_colour demo_accessory_colours[DEMO_N_ACCESSORIES] = {
    {"Black", "BLK", DEMO_PAL_BLACK},       {"Tan", "TAN", DEMO_PAL_HONEY},
    {"Navy", "NAV", DEMO_PAL_NAVY},         {"Grey", "GRY", DEMO_PAL_SILVER},
    {"Burgundy", "BUR", DEMO_PAL_BURGUNDY},
};
