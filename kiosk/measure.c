#include "measure.h"

#include "kerr.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Tags and size texts longer than this are not measurements. */
#define MEASURE_TEXT_MAX 128

enum measure_field {
    MF_NONE,
    MF_LENS,
    MF_BRIDGE,
    MF_TEMPLE,
    MF_FRAME,
    MF_HEIGHT,
    MF_SIZE, /* "size"/"fit": a fit word or a whole size */
};

static const struct {
    const char *key;
    enum measure_field field;
} measure_keys[] = {
    {"lens width", MF_LENS},     {"lens", MF_LENS},
    {"lens size", MF_LENS},      {"eye size", MF_LENS},
    {"eye", MF_LENS},            {"calibre", MF_LENS},
    {"largeur verre", MF_LENS},  {"verre", MF_LENS},
    {"bridge", MF_BRIDGE},       {"bridge width", MF_BRIDGE},
    {"bridge size", MF_BRIDGE},  {"nose bridge", MF_BRIDGE},
    {"pont", MF_BRIDGE},         {"temple", MF_TEMPLE},
    {"temples", MF_TEMPLE},      {"temple length", MF_TEMPLE},
    {"arm", MF_TEMPLE},          {"arm length", MF_TEMPLE},
    {"branche", MF_TEMPLE},      {"branches", MF_TEMPLE},
    {"longueur branche", MF_TEMPLE},
    {"frame width", MF_FRAME},   {"total width", MF_FRAME},
    {"front width", MF_FRAME},   {"width", MF_FRAME},
    {"largeur", MF_FRAME},       {"largeur totale", MF_FRAME},
    {"largeur monture", MF_FRAME},
    {"lens height", MF_HEIGHT},  {"height", MF_HEIGHT},
    {"hauteur", MF_HEIGHT},      {"hauteur verre", MF_HEIGHT},
    {"size", MF_SIZE},           {"taille", MF_SIZE},
    {"frame size", MF_SIZE},     {"fit", MF_SIZE},
    {"frame fit", MF_SIZE},      {"sizing", MF_SIZE},
};

static const struct {
    const char *word;
    const char *fit;
} measure_fits[] = {
    {"petite", "petite"},     {"xs", "petite"},
    {"extra small", "petite"}, {"x small", "petite"},
    {"small", "small"},       {"s", "small"},
    {"narrow", "small"},      {"petit", "small"},
    {"etroit", "small"},      {"medium", "medium"},
    {"m", "medium"},          {"med", "medium"},
    {"moyen", "medium"},      {"moyenne", "medium"},
    {"regular", "medium"},    {"wide", "wide"},
    {"large", "large"},       {"l", "large"},
    {"xl", "large"},          {"extra large", "large"},
    {"x large", "large"},     {"grand", "large"},
    {"grande", "large"},
};

/* Lowest and highest plausible millimetres, by field. */
static int measure_plausible(enum measure_field f, double mm)
{
    switch (f) {
    case MF_LENS: return mm >= 30 && mm <= 75;
    case MF_BRIDGE: return mm >= 10 && mm <= 30;
    case MF_TEMPLE: return mm >= 110 && mm <= 160;
    case MF_FRAME: return mm >= 100 && mm <= 180;
    case MF_HEIGHT: return mm >= 20 && mm <= 70;
    default: return 0;
    }
}

/* Lowercase, '-' and '_' as spaces, spaces collapsed and trimmed. */
static int measure_fold(const char *in, size_t n, char *out, size_t len)
{
    size_t o = 0;
    int space = 0;

    for (size_t i = 0; i < n && in[i]; i++) {
        unsigned char c = (unsigned char)in[i];

        if (c == '-' || c == '_' || isspace(c)) {
            space = o > 0;
            continue;
        }
        if (o + 2 >= len)
            return -1;
        if (space)
            out[o++] = ' ';
        space = 0;
        out[o++] = (char)tolower(c);
    }
    out[o] = '\0';
    return 0;
}

/* The fit of a word measure_fold() already folded, or NULL. */
static const char *measure_fit_folded(const char *buf)
{
    for (size_t i = 0; i < sizeof(measure_fits) / sizeof(*measure_fits);
         i++) {
        if (buf[0] == measure_fits[i].word[0] &&
            strcmp(buf, measure_fits[i].word) == 0)
            return measure_fits[i].fit;
    }
    return NULL;
}

const char *measure_fit_word(const char *word)
{
    char buf[32];

    if (!word || measure_fold(word, strlen(word), buf, sizeof(buf)) < 0)
        return NULL;
    return measure_fit_folded(buf);
}

static void measure_set_fit(struct product_size *s, const char *fit)
{
    if (fit && !s->fit[0]) {
        strncpy(s->fit, fit, sizeof(s->fit) - 1);
        s->fit[sizeof(s->fit) - 1] = '\0';
    }
}

/* Store `mm` in field `f` when plausible and still unknown. */
static int measure_put(struct product_size *s, enum measure_field f,
                       double mm)
{
    double *slot = NULL;

    if (!measure_plausible(f, mm))
        return 0;

    switch (f) {
    case MF_LENS: slot = &s->lens_mm; break;
    case MF_BRIDGE: slot = &s->bridge_mm; break;
    case MF_TEMPLE: slot = &s->temple_mm; break;
    case MF_FRAME: slot = &s->frame_width_mm; break;
    case MF_HEIGHT: slot = &s->lens_height_mm; break;
    default: return 0;
    }
    if (*slot != 0)
        return 0;

    *slot = mm;
    if (f == MF_LENS)
        s->measured = 1;
    return 1;
}

/* A decimal number at *p ("52", "52.5"); advances *p. */
static int measure_number(const char **p, double *out)
{
    const char *s = *p;
    double v = 0, scale = 0.1;
    int digits = 0;

    while (isdigit((unsigned char)*s) && digits < 6) {
        v = v * 10 + (*s++ - '0');
        digits++;
    }
    if (!digits || isdigit((unsigned char)*s))
        return 0;

    if (*s == '.' && isdigit((unsigned char)s[1])) {
        s++;
        while (isdigit((unsigned char)*s)) {
            v += (*s++ - '0') * scale;
            scale /= 10;
        }
    }
    *out = v;
    *p = s;
    return 1;
}

static const char *measure_skip_space(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return s;
}

/* Skip an "mm" unit and the spaces around it. */
static const char *measure_skip_mm(const char *s)
{
    s = measure_skip_space(s);
    if ((s[0] == 'm' || s[0] == 'M') && (s[1] == 'm' || s[1] == 'M'))
        s = measure_skip_space(s + 2);
    return s;
}

/* Skip a run of separators between numbers; returns where it ends. */
static const char *measure_skip_seps(const char *s)
{
    static const char *const wide[] = {
        "\xe2\x96\xa1", /* U+25A1 white square, the optician's box */
        "\xe2\x96\xa2", /* U+25A2 */
        "\xe2\x97\xbb", /* U+25FB */
        "\xe2\x80\x93", /* U+2013 en dash */
        "\xe2\x80\x94", /* U+2014 em dash */
        "\xc3\x97",     /* U+00D7 multiplication sign */
        "[]",
    };

    for (;;) {
        const char *before = s;

        if (*s && strchr(" \t-/xX*|", *s))
            s++;
        for (size_t i = 0; i < sizeof(wide) / sizeof(*wide); i++) {
            size_t n = strlen(wide[i]);

            if (strncmp(s, wide[i], n) == 0)
                s += n;
        }
        if (s == before)
            return s;
    }
}

/* Skip a leading "Size" or "Taille" label and its colon. */
static const char *measure_skip_label(const char *s)
{
    static const char *const labels[] = {"size", "taille", "frame size"};

    for (size_t i = 0; i < sizeof(labels) / sizeof(*labels); i++) {
        size_t n = strlen(labels[i]);

        if (strncasecmp(s, labels[i], n) == 0) {
            s = measure_skip_space(s + n);
            if (*s == ':')
                s = measure_skip_space(s + 1);
            return s;
        }
    }
    return s;
}

/*
 * Parse "52-18-145" and its kin into `v`; returns how many numbers (1 to
 * 3) when the whole text is a plausible size, else 0.
 */
static int measure_parse_size(const char *text, double v[3])
{
    static const enum measure_field order[3] = {MF_LENS, MF_BRIDGE,
                                                MF_TEMPLE};
    const char *s = measure_skip_label(measure_skip_space(text));
    int n = 0;

    while (n < 3) {
        const char *num_end, *after;

        if (!measure_number(&s, &v[n]))
            return 0;
        if (!measure_plausible(order[n], v[n]))
            return 0;
        n++;

        /* spaces alone separate too: "52 18 145" */
        num_end = s;
        s = measure_skip_mm(s);
        after = measure_skip_seps(s);
        if (!*after || (after == s && s == num_end))
            break;
        s = after;
    }
    s = measure_skip_mm(s);
    return *s ? 0 : n;
}

static int measure_apply_size(struct product_size *s, const double v[3],
                              int n)
{
    static const enum measure_field order[3] = {MF_LENS, MF_BRIDGE,
                                                MF_TEMPLE};
    int filled = 0;

    for (int i = 0; i < n; i++)
        filled += measure_put(s, order[i], v[i]);
    return filled;
}

int measure_from_text(struct product_size *s, const char *text)
{
    double v[3];
    int n;

    if (!text || !*measure_skip_space(text))
        return 0;

    n = strlen(text) < MEASURE_TEXT_MAX ? measure_parse_size(text, v) : 0;
    if (n > 0) {
        measure_apply_size(s, v, n);
        return 1;
    }

    if (measure_fit_word(text)) {
        measure_set_fit(s, measure_fit_word(text));
        return 0;
    }

    if (!s->text) {
        s->text = strdup(text);
        if (!s->text)
            return kerr_set(KERR_NOMEM, "out of memory keeping a size");
    }
    return 0;
}

/* The field a key measure_fold() already folded names (buf changes). */
static enum measure_field measure_key_folded(char *buf)
{
    size_t n = strlen(buf);

    /* "lens width mm" names the unit in the key */
    if (n > 3 && strcmp(buf + n - 3, " mm") == 0)
        buf[n - 3] = '\0';

    for (size_t i = 0; i < sizeof(measure_keys) / sizeof(*measure_keys);
         i++) {
        if (buf[0] == measure_keys[i].key[0] &&
            strcmp(buf, measure_keys[i].key) == 0)
            return measure_keys[i].field;
    }
    return MF_NONE;
}

static enum measure_field measure_key(const char *key)
{
    char buf[48];

    if (measure_fold(key, strlen(key), buf, sizeof(buf)) < 0)
        return MF_NONE;
    return measure_key_folded(buf);
}

/*
 * The fit a tag with no value names: "Small", "fit-small", "size_wide".
 * The tag is folded once; the folded lengths that measure_fit_word()
 * and measure_key() could not fold are longer than any word they know.
 */
static const char *measure_tag_word(const char *tag)
{
    char buf[MEASURE_TEXT_MAX];
    const char *fit = NULL;
    size_t n = strlen(tag);
    char *space;

    if (measure_fold(tag, n, buf, sizeof(buf)) < 0)
        return NULL;

    /* a bare "S", "M" or "XL" tag says too little to be a fit */
    if (n > 2 && strlen(buf) < 30)
        fit = measure_fit_folded(buf);
    if (fit)
        return fit;

    space = strrchr(buf, ' ');
    if (!space || space - buf >= 46)
        return NULL;
    *space = '\0';
    if (measure_key_folded(buf) != MF_SIZE || strlen(space + 1) >= 30)
        return NULL;
    return measure_fit_folded(space + 1);
}

/* The step for the value of a named tag: "52", "52 mm", "small", ... */
static void measure_tag_value(struct measure_step *st, enum measure_field f,
                              const char *value)
{
    const char *p = measure_skip_space(value);

    if (f == MF_SIZE) {
        st->fit = measure_fit_word(p);
        if (st->fit) {
            st->kind = MEASURE_STEP_FIT;
            return;
        }
        st->n = measure_parse_size(p, st->v);
        st->kind = st->n > 0 ? MEASURE_STEP_SIZE : MEASURE_STEP_NONE;
        return;
    }

    if (f == MF_NONE || !measure_number(&p, &st->v[0]) ||
        *measure_skip_mm(p))
        return;
    st->kind = MEASURE_STEP_PUT;
    st->field = (int)f;
}

/* What one tag says, whatever the size it is applied to. */
static void measure_tag(struct measure_step *st, const char *tag)
{
    char key[MEASURE_TEXT_MAX];
    const char *value = strpbrk(tag, ":=");
    size_t klen;

    memset(st, 0, sizeof(*st));
    if (!value) {
        value = tag;
        while (*value && !isdigit((unsigned char)*value))
            value++;
        if (!*value) {
            st->fit = measure_tag_word(tag);
            st->kind = st->fit ? MEASURE_STEP_FIT : MEASURE_STEP_NONE;
            return;
        }
        klen = (size_t)(value - tag);
    } else {
        klen = (size_t)(value - tag);
        value++;
    }

    memcpy(key, tag, klen);
    key[klen] = '\0';
    if (!*measure_skip_space(key) && !strchr(tag, ':')) {
        /* a bare size such as "52-18-145" needs two numbers at least */
        st->n = measure_parse_size(value, st->v);
        st->kind = st->n >= 2 ? MEASURE_STEP_SIZE : MEASURE_STEP_NONE;
        return;
    }
    measure_tag_value(st, measure_key(key), value);
}

/* Apply one step to `s`; returns the number of fields filled. */
static int measure_apply_step(struct product_size *s,
                              const struct measure_step *st)
{
    switch (st->kind) {
    case MEASURE_STEP_FIT:
        if (s->fit[0])
            return 0;
        measure_set_fit(s, st->fit);
        return 1;
    case MEASURE_STEP_SIZE: return measure_apply_size(s, st->v, st->n);
    case MEASURE_STEP_PUT:
        return measure_put(s, (enum measure_field)st->field, st->v[0]);
    default: return 0;
    }
}

/* Call fn(ctx, tag) for each trimmed tag of a comma-separated list. */
static void measure_each_tag(const char *tags,
                             void (*fn)(void *ctx, const char *tag),
                             void *ctx)
{
    while (tags && *tags) {
        const char *end = strchr(tags, ',');
        size_t n = end ? (size_t)(end - tags) : strlen(tags);
        char tag[MEASURE_TEXT_MAX];

        while (n > 0 && isspace((unsigned char)*tags)) {
            tags++;
            n--;
        }
        while (n > 0 && isspace((unsigned char)tags[n - 1]))
            n--;
        if (n > 0 && n < sizeof(tag)) {
            memcpy(tag, tags, n);
            tag[n] = '\0';
            fn(ctx, tag);
        }
        tags = end ? end + 1 : NULL;
    }
}

struct measure_fill {
    struct product_size *s;
    int filled;
};

static void measure_fill_tag(void *ctx, const char *tag)
{
    struct measure_fill *f = ctx;
    struct measure_step st;

    measure_tag(&st, tag);
    f->filled += measure_apply_step(f->s, &st);
}

int measure_from_tags(struct product_size *s, const char *tags)
{
    struct measure_fill f = {s, 0};

    measure_each_tag(tags, measure_fill_tag, &f);
    return f.filled;
}

static void measure_plan_tag(void *ctx, const char *tag)
{
    struct measure_plan *plan = ctx;
    struct measure_step st;

    measure_tag(&st, tag);
    if (st.kind == MEASURE_STEP_NONE)
        return;
    if (plan->n >= MEASURE_PLAN_MAX) {
        plan->overflow = 1;
        return;
    }
    plan->step[plan->n++] = st;
}

void measure_plan_tags(struct measure_plan *plan, const char *tags)
{
    plan->n = 0;
    plan->overflow = 0;
    plan->tags = tags;
    measure_each_tag(tags, measure_plan_tag, plan);
}

int measure_apply_plan(struct product_size *s,
                       const struct measure_plan *plan)
{
    int filled = 0;

    if (plan->overflow)
        return measure_from_tags(s, plan->tags);
    for (int i = 0; i < plan->n; i++)
        filled += measure_apply_step(s, &plan->step[i]);
    return filled;
}

/* Characters that may stand right before or after a title's size. */
static int measure_title_edge(char c)
{
    return c == '\0' || c == ' ' || c == ',' || c == '(' || c == ')' ||
           c == '[' || c == ']' || c == '\t';
}

int measure_title_lens(const char *title)
{
    int found = 0;

    for (size_t i = 0; title && title[i]; i++) {
        const char *p = title + i, *end;
        int v;

        if (!isdigit((unsigned char)*p))
            continue;
        if (i > 0 && !measure_title_edge(title[i - 1])) {
            while (isdigit((unsigned char)title[i + 1]))
                i++;
            continue;
        }

        end = p;
        while (isdigit((unsigned char)*end))
            end++;
        i = (size_t)(end - title) - 1;
        if (end - p != 2)
            continue;

        v = (p[0] - '0') * 10 + (p[1] - '0');
        if ((end[0] == 'm' || end[0] == 'M') && (end[1] == 'm'))
            end += 2;
        if (measure_title_edge(*end) && v >= 40 && v <= 65)
            found = v;
    }
    return found;
}

int measure_check(struct product_size *s)
{
    static const enum measure_field fields[] = {
        MF_LENS, MF_BRIDGE, MF_TEMPLE, MF_FRAME, MF_HEIGHT,
    };
    double *slots[] = {&s->lens_mm, &s->bridge_mm, &s->temple_mm,
                       &s->frame_width_mm, &s->lens_height_mm};
    int dropped = 0;

    for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
        if (*slots[i] != 0 && !measure_plausible(fields[i], *slots[i])) {
            *slots[i] = 0;
            dropped++;
        }
    }
    s->measured = s->lens_mm > 0;
    return dropped;
}
