#include "infer.h"

#include "kerr.h"
#include "kwset.h"
#include "log.h"
#include "measure.h"
#include "text.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Keywords                                                           */

/*
 * A phrase and the key it stands for. Phrases are folded words (see
 * text_fold); a trailing '*' matches word prefixes. In each table the
 * first phrase found wins, so more specific phrases come first.
 */
struct kw {
    const char *phrase;
    const char *key;
};

/* Hidden items. The first ones are clear enough to trust in tags. */
#define KW_HIDDEN_IN_TAGS 10
static const struct kw kw_hidden[] = {
    {"gift card*", "h"},      {"giftcard*", "h"},     {"gift voucher*", "h"},
    {"gift certificate*", "h"}, {"carte cadeau*", "h"},
    {"cartes cadeaux", "h"},  {"bon cadeau*", "h"},   {"bons cadeaux", "h"},
    {"cheque cadeau*", "h"},  {"gutschein*", "h"},
    {"shipping", "h"},        {"delivery fee*", "h"}, {"postage", "h"},
    {"livraison", "h"},       {"frais", "h"},         {"fee", "h"},
    {"fees", "h"},            {"surcharge", "h"},     {"insurance", "h"},
    {"assurance", "h"},       {"warranty", "h"},      {"warranties", "h"},
    {"garantie", "h"},        {"deposit", "h"},       {"acompte", "h"},
    {"versicherung", "h"},    {"handling", "h"},
};

static const struct kw kw_accessory[] = {
    {"case", "a"},           {"cases", "a"},          {"etui*", "a"},
    {"pouch*", "a"},         {"cloth*", "a"},         {"chiffon*", "a"},
    {"microfib*", "a"},      {"chain*", "a"},         {"chaine*", "a"},
    {"chainette*", "a"},     {"cord", "a"},           {"cords", "a"},
    {"cordon*", "a"},        {"strap*", "a"},         {"lanyard*", "a"},
    {"cleaning*", "a"},      {"cleaner*", "a"},       {"spray*", "a"},
    {"nettoyant*", "a"},     {"nettoyage", "a"},      {"lingette*", "a"},
    {"wipes", "a"},          {"contact lens*", "a"},  {"contacts", "a"},
    {"lentille*", "a"},      {"lens solution*", "a"}, {"solution*", "a"},
    {"saline", "a"},         {"eye drops", "a"},      {"accessor*", "a"},
    {"accessoire*", "a"},    {"screwdriver*", "a"},   {"repair kit*", "a"},
    {"nose pad*", "a"},      {"plaquette*", "a"},     {"anti fog*", "a"},
    {"anti buee", "a"},      {"antibuee", "a"},       {"zubehor", "a"},
    {"zubehoer", "a"},       {"clip on", "a"},
};

static const struct kw kw_sun[] = {
    {"sunglass*", "s"},   {"sun", "s"},        {"solaire*", "s"},
    {"soleil", "s"},      {"sonnenbrille*", "s"}, {"polari*", "s"},
    {"sunnies", "s"},     {"shades", "s"},     {"occhiali da sole", "s"},
};

static const struct kw kw_optical[] = {
    {"eyeglass*", "o"},   {"optical", "o"},    {"optique*", "o"},
    {"optic", "o"},       {"ophtalmique*", "o"}, {"ophthalmic", "o"},
    {"vue", "o"},         {"prescription", "o"}, {"rx", "o"},
    {"frame", "o"},       {"frames", "o"},     {"monture*", "o"},
    {"spectacle*", "o"},  {"glasses", "o"},    {"brille*", "o"},
    {"lunette*", "o"},    {"readers", "o"},    {"reading*", "o"},
};

static const struct kw kw_shape[] = {
    {"cat eye*", "cat-eye"},   {"cateye*", "cat-eye"},
    {"oeil de chat", "cat-eye"}, {"yeux de chat", "cat-eye"},
    {"cat", "cat-eye"},        {"browline*", "browline"},
    {"clubmaster*", "browline"}, {"club master", "browline"},
    {"clubround*", "browline"}, {"aviator*", "aviator"},
    {"aviateur*", "aviator"},  {"pilot*", "aviator"},
    {"teardrop", "aviator"},   {"goutte*", "aviator"},
    {"butterfly", "butterfly"}, {"papillon", "butterfly"},
    {"panto*", "panto"},       {"d frame", "d-frame"},
    {"dframe", "d-frame"},     {"d shape*", "d-frame"},
    {"wayfarer*", "d-frame"},  {"trapez*", "d-frame"},
    {"geometri*", "geometric"}, {"geo", "geometric"},
    {"hexagon*", "geometric"}, {"octagon*", "geometric"},
    {"octogon*", "geometric"}, {"polygon*", "geometric"},
    {"pentagon*", "geometric"}, {"irregular", "geometric"},
    {"shield*", "shield"},     {"mask", "shield"},
    {"masque", "shield"},      {"wrap*", "shield"},
    {"rectang*", "rectangle"}, {"square*", "square"},
    {"carre", "square"},       {"carree*", "square"},
    {"carres", "square"},      {"oval*", "oval"},
    {"round*", "round"},       {"ronde*", "round"},
    {"rond", "round"},         {"ronds", "round"},
    {"circle", "round"},       {"circular", "round"},
    {"rund", "round"},
};

/* Metal-like first, then plastic-like: see material_pick(). */
static const struct kw kw_material[] = {
    {"titan*", "titanium"},       {"stainless*", "stainless steel"},
    {"steel", "stainless steel"}, {"acier*", "stainless steel"},
    {"inox*", "stainless steel"}, {"edelstahl", "stainless steel"},
    {"metal*", "metal"},          {"metallique*", "metal"},
    {"monel", "metal"},           {"alumin*", "metal"},
    {"alu", "metal"},             {"beryllium", "metal"},
    {"wood*", "wood"},            {"bois", "wood"},
    {"bamboo", "wood"},           {"bambou", "wood"},
    {"horn", "horn"},             {"corne*", "horn"},
    {"carbon*", "carbon"},        {"acetat*", "acetate"},
    {"celluloid", "acetate"},     {"zyl*", "acetate"},
    {"plastic*", "plastic"},      {"plastique*", "plastic"},
    {"injected", "plastic"},      {"injecte*", "plastic"},
    {"tr90", "plastic"},          {"tr 90", "plastic"},
    {"nylon", "plastic"},         {"grilamid*", "plastic"},
    {"ultem", "plastic"},         {"kunststoff", "plastic"},
    {"mixed", "mixed"},           {"combination", "mixed"},
    {"combi", "mixed"},           {"mix", "mixed"},
};

static const struct kw kw_rim[] = {
    {"semi rim*", "semi"},     {"semirim*", "semi"},
    {"half rim*", "semi"},     {"semi", "semi"},
    {"nylor", "semi"},         {"demi cercl*", "semi"},
    {"supra", "semi"},         {"rimless", "rimless"},
    {"sans monture", "rimless"}, {"sans cercl*", "rimless"},
    {"perce", "rimless"},      {"percee*", "rimless"},
    {"drilled", "rimless"},    {"randlos", "rimless"},
    {"3 piece*", "rimless"},   {"three piece*", "rimless"},
    {"full rim*", "full"},     {"fullrim*", "full"},
    {"full frame", "full"},    {"cercle*", "full"},
    {"plein cercle", "full"},  {"vollrand", "full"},
    {"full", "full"},
};

static const struct kw kw_gender[] = {
    {"kid*", "kids"},        {"child*", "kids"},     {"enfant*", "kids"},
    {"junior*", "kids"},     {"boy", "kids"},        {"boys", "kids"},
    {"girl", "kids"},        {"girls", "kids"},      {"teen*", "kids"},
    {"kinder*", "kids"},     {"youth", "kids"},      {"bebe*", "kids"},
    {"baby", "kids"},        {"unisex*", "unisex"},  {"mixte", "unisex"},
    {"genderless", "unisex"}, {"gender neutral", "unisex"},
};

static const struct kw kw_women[] = {
    {"women*", "women"}, {"woman", "women"}, {"female", "women"},
    {"ladies", "women"}, {"lady", "women"},  {"femme*", "women"},
    {"damen", "women"},  {"womens", "women"},
};

static const struct kw kw_men[] = {
    {"men", "men"},   {"mens", "men"},   {"man", "men"},
    {"male", "men"},  {"homme*", "men"}, {"herren", "men"},
    {"gentlemen", "men"},
};

static const struct kw kw_brand[] = {
    {"brand*", "b"},    {"marque*", "b"},      {"marke*", "b"},
    {"designer*", "b"}, {"manufacturer", "b"}, {"fabricant", "b"},
    {"vendor", "b"},    {"hersteller", "b"},
};

static const struct kw kw_colour[] = {
    {"colo*", "c"},  {"couleur*", "c"}, {"farbe*", "c"},
    {"kleur*", "c"}, {"teinte*", "c"},
};

static const struct kw kw_size[] = {
    {"size*", "s"},        {"taille*", "s"},      {"grosse", "s"},
    {"groesse", "s"},      {"width", "s"},        {"calibre", "s"},
    {"dimension*", "s"},   {"measurement*", "s"}, {"mesure*", "s"},
    {"taglia", "s"},       {"maat", "s"},         {"fit", "s"},
};

enum kw_table {
    KW_HIDDEN, KW_ACCESSORY, KW_SUN, KW_OPTICAL, KW_SHAPE, KW_MATERIAL,
    KW_RIM, KW_GENDER, KW_WOMEN, KW_MEN, KW_BRAND, KW_COLOUR, KW_SIZE,
    KW_TABLES
};

static const struct {
    const struct kw *kw;
    size_t n;
} kw_tables[KW_TABLES] = {
    [KW_HIDDEN] = {kw_hidden, COUNT(kw_hidden)},
    [KW_ACCESSORY] = {kw_accessory, COUNT(kw_accessory)},
    [KW_SUN] = {kw_sun, COUNT(kw_sun)},
    [KW_OPTICAL] = {kw_optical, COUNT(kw_optical)},
    [KW_SHAPE] = {kw_shape, COUNT(kw_shape)},
    [KW_MATERIAL] = {kw_material, COUNT(kw_material)},
    [KW_RIM] = {kw_rim, COUNT(kw_rim)},
    [KW_GENDER] = {kw_gender, COUNT(kw_gender)},
    [KW_WOMEN] = {kw_women, COUNT(kw_women)},
    [KW_MEN] = {kw_men, COUNT(kw_men)},
    [KW_BRAND] = {kw_brand, COUNT(kw_brand)},
    [KW_COLOUR] = {kw_colour, COUNT(kw_colour)},
    [KW_SIZE] = {kw_size, COUNT(kw_size)},
};

/* Every table's phrases in one set, built once for all threads. */
static struct kwset kw_set;
static size_t kw_base[KW_TABLES]; /* phrase number of each table's first */
static pthread_once_t kw_once = PTHREAD_ONCE_INIT;

static void kw_build(void)
{
    int failed = 0;

    for (size_t t = 0; t < KW_TABLES; t++) {
        kw_base[t] = kw_set.n_phrases;
        for (size_t i = 0; i < kw_tables[t].n; i++)
            failed |= kwset_add(&kw_set, kw_tables[t].kw[i].phrase) < 0;
    }
    if (failed)
        log_error("infer", "keyword tables do not fit: %s", kerr_msg());
}

/* Fold `s` into `folded` (size bytes) and find every phrase in it. */
static void kw_scan(const char *s, char *folded, size_t size,
                    struct kwset_hits *hits)
{
    pthread_once(&kw_once, kw_build);
    text_fold(s, folded, size);
    kwset_scan(&kw_set, folded, hits);
}

/* The key of the first phrase of table `t` (its first n) found. */
static const char *kw_find_n(const struct kwset_hits *hits,
                             enum kw_table t, size_t n)
{
    int i = kwset_first(hits, kw_base[t], n);

    return i < 0 ? NULL : kw_tables[t].kw[(size_t)i - kw_base[t]].key;
}

static const char *kw_find(const struct kwset_hits *hits, enum kw_table t)
{
    return kw_find_n(hits, t, kw_tables[t].n);
}

/* ------------------------------------------------------------------ */
/* Words to keys                                                      */

/* Category from one source's hits, or -1 when it says nothing. */
static int category_of(const struct kwset_hits *hits, int is_tags)
{
    size_t n_hidden = is_tags ? KW_HIDDEN_IN_TAGS : COUNT(kw_hidden);

    if (kw_find_n(hits, KW_HIDDEN, n_hidden))
        return PRODUCT_HIDDEN;
    if (kw_find(hits, KW_ACCESSORY))
        return PRODUCT_ACCESSORY;
    if (kw_find(hits, KW_SUN))
        return PRODUCT_SUN;
    if (kw_find(hits, KW_OPTICAL))
        return PRODUCT_OPTICAL;
    return -1;
}

/*
 * The material of one source: "mixed" when named, or when a plastic-like
 * (acetate, plastic, wood, horn, carbon) and a metal-like one appear
 * together ("acetate front, titanium temples").
 */
static const char *material_of(const struct kwset_hits *hits)
{
    const char *metal = NULL, *other = NULL;

    for (size_t i = 0; i < COUNT(kw_material); i++) {
        const char *key = kw_material[i].key;

        if (!kwset_hit(hits, kw_base[KW_MATERIAL] + i))
            continue;
        if (!strcmp(key, "mixed"))
            return key;
        if (!strcmp(key, "titanium") || !strcmp(key, "metal") ||
            !strcmp(key, "stainless steel")) {
            if (!metal)
                metal = key;
        } else if (!other) {
            other = key;
        }
    }
    if (metal && other)
        return "mixed";
    return metal ? metal : other;
}

static const char *gender_of(const struct kwset_hits *hits)
{
    const char *g = kw_find(hits, KW_GENDER);
    const char *w = kw_find(hits, KW_WOMEN);
    const char *m = kw_find(hits, KW_MEN);

    if (g)
        return g;
    if (w && m)
        return "unisex";
    return w ? w : m;
}

enum infer_option infer_option_kind(const char *name)
{
    struct kwset_hits hits;
    char folded[256];

    kw_scan(name, folded, sizeof(folded), &hits);
    if (kw_find(&hits, KW_BRAND))
        return INFER_OPT_BRAND;
    if (kw_find(&hits, KW_COLOUR))
        return INFER_OPT_COLOUR;
    if (kw_find(&hits, KW_SIZE))
        return INFER_OPT_SIZE;
    return INFER_OPT_OTHER;
}

/*
 * `s` lowercased into `buf` (size bytes) as strncasecmp() compares, or
 * NULL when it does not fit.
 */
static const char *lower_copy(const char *s, char *buf, size_t size)
{
    size_t i = 0;

    for (; s[i]; i++) {
        if (i + 1 >= size)
            return NULL;
        buf[i] = (char)tolower((unsigned char)s[i]);
    }
    buf[i] = '\0';
    return buf;
}

/* 1 when s holds `word` (lowercase), ignoring case; s may be NULL. */
static int has_nocase(const char *s, const char *lower, const char *word)
{
    size_t n = strlen(word);

    if (lower)
        return strstr(lower, word) != NULL;
    for (; s && *s; s++) {
        if (strncasecmp(s, word, n) == 0)
            return 1;
    }
    return 0;
}

int infer_is_tryon(const char *src, const char *alt)
{
    static const char *const words[] = {"tryon", "try-on", "try_on",
                                        "try on", "front"};
    const char *file, *end, *lower_alt = NULL;
    char name[256], alt_buf[256];
    size_t n;

    if (!src)
        return 0;
    end = src + strcspn(src, "?#");
    file = end;
    while (file > src && file[-1] != '/')
        file--;
    n = (size_t)(end - file);
    if (n < 4 || n >= sizeof(name) || strncasecmp(end - 4, ".png", 4))
        return 0;
    for (size_t i = 0; i < n; i++)
        name[i] = (char)tolower((unsigned char)file[i]);
    name[n] = '\0';
    if (alt)
        lower_alt = lower_copy(alt, alt_buf, sizeof(alt_buf));

    for (size_t i = 0; i < COUNT(words); i++) {
        if (strstr(name, words[i]) ||
            has_nocase(alt, lower_alt, words[i]))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* The product                                                        */

/* The texts infer_product reads, each folded and scanned once. */
enum infer_src_id { SRC_TYPE, SRC_TAGS, SRC_TITLE, SRC_OPTIONS, SRC_N };

struct infer_src {
    char folded[TEXT_FOLD_MAX];       /* scratch; only the hits are kept */
    struct kwset_hits hits[SRC_N];
};

/* Lowercase ASCII letters of a free-text value the shop gave. */
static void lower_in_place(char *s)
{
    for (; s && *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

enum infer_field { F_SHAPE, F_MATERIAL, F_RIM, F_GENDER };

static const char *field_of(enum infer_field f,
                            const struct kwset_hits *hits)
{
    switch (f) {
    case F_SHAPE: return kw_find(hits, KW_SHAPE);
    case F_MATERIAL: return material_of(hits);
    case F_RIM: return kw_find(hits, KW_RIM);
    case F_GENDER: return gender_of(hits);
    }
    return NULL;
}

/*
 * Normalise a value the shop gave, or find one in the sources, in order:
 * product type, tags, title (not for gender: "Iron Man" is no gender),
 * options.
 */
static int infer_field(char **field, enum infer_field f,
                       struct infer_src *src)
{
    const char *key = NULL;

    if (*field && **field) {
        struct kwset_hits hits;

        kw_scan(*field, src->folded, sizeof(src->folded), &hits);
        key = field_of(f, &hits);
        if (!key) {
            lower_in_place(*field);
            return 0;
        }
        return product_set(field, key);
    }

    for (size_t i = 0; i < SRC_N && !key; i++) {
        if (f == F_GENDER && i == SRC_TITLE)
            continue;
        key = field_of(f, &src->hits[i]);
    }
    return key ? product_set(field, key) : 0;
}

static void infer_category(struct product *p, const struct infer_src *src)
{
    int c = category_of(&src->hits[SRC_TYPE], 0);

    if (c < 0)
        c = category_of(&src->hits[SRC_TITLE], 0);
    if (c < 0)
        c = category_of(&src->hits[SRC_TAGS], 1);
    p->category = c < 0 ? PRODUCT_OPTICAL : (enum product_category)c;
}

/* Title without a leading brand: "Lafont - Iris 50" gives "Iris 50". */
static int infer_model(struct product *p)
{
    const char *rest;
    size_t n;

    if ((p->model && *p->model) || !p->title)
        return 0;

    rest = p->title;
    n = p->brand ? strlen(p->brand) : 0;
    if (n > 0 && strncasecmp(rest, p->brand, n) == 0 &&
        strchr(" -:|\xe2", rest[n])) {
        rest += n;
        while (*rest && strchr(" -:|", *rest))
            rest++;
        if (!strncmp(rest, "\xe2\x80\x93 ", 4)) /* en dash */
            rest += 4;
    }
    return product_set(&p->model, *rest ? rest : p->title);
}

static int infer_variants(struct product *p)
{
    int title_lens = measure_title_lens(p->title);
    int set_colours = !p->colours || !*p->colours;
    struct measure_plan plan;

    /* the tags are the same for every variant: read them once */
    measure_plan_tags(&plan, p->tags);
    for (size_t i = 0; i < p->n_variants; i++) {
        struct product_variant *v = &p->variants[i];

        measure_apply_plan(&v->size, &plan);
        if (!v->size.title_lens_mm)
            v->size.title_lens_mm = title_lens;
        if (set_colours && text_join(&p->colours, v->colour,
                                     TEXT_FIELD_MAX) < 0)
            return KERR_NOMEM;
    }
    return 0;
}

int infer_product(struct product *p, const struct infer_hints *h)
{
    static const enum infer_field fields[] = {F_SHAPE, F_MATERIAL, F_RIM,
                                              F_GENDER};
    char **slots[] = {&p->shape, &p->material, &p->rim, &p->gender};
    const char *texts[SRC_N] = {
        [SRC_TYPE] = h ? h->product_type : NULL,
        [SRC_TAGS] = p->tags,
        [SRC_TITLE] = p->title,
        [SRC_OPTIONS] = h ? h->options : NULL,
    };
    struct infer_src src; /* 4 KiB of stack */
    int rc = 0;

    for (size_t i = 0; i < SRC_N; i++)
        kw_scan(texts[i], src.folded, sizeof(src.folded), &src.hits[i]);

    if (!h || !h->category_known)
        infer_category(p, &src);

    for (size_t i = 0; i < COUNT(fields) && rc == 0; i++)
        rc = infer_field(slots[i], fields[i], &src);
    if (rc == 0)
        rc = infer_model(p);
    if (rc == 0)
        rc = infer_variants(p);
    return rc;
}
