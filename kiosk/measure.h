/*
 * measure: frame measurements from the text shops really write.
 *
 * A frame's size appears as an option value ("52-18-145", "52□18 145",
 * "52/18/145 mm"), as tags ("lens-width:52", "Bridge_18", "fit:small",
 * "Wide") or only as a number in the title ("ORSON 49"). Measured
 * millimetres, fit classes and title sizes are kept apart in
 * struct product_size so that nothing guessed is shown as measured.
 *
 * Every function here only fills what is still unknown (a field at 0,
 * an empty fit), so callers apply the most specific source first.
 * Millimetres outside these ranges are dropped as not plausible:
 * lens 30..75, bridge 10..30, temple 110..160, frame width 100..180,
 * lens height 20..70. Pure functions; any thread.
 */
#ifndef KIOSK_MEASURE_H
#define KIOSK_MEASURE_H

#include "product.h"

/*
 * Read one size text, such as a "Size" option value: up to three numbers
 * (lens, bridge, temple) separated by '-', '/', 'x', '*', '|', spaces,
 * "[]", the box U+25A1 and its look-alikes, or dashes U+2013/U+2014,
 * each optionally followed by "mm"; "Size"/"Taille" may lead. A single
 * number is taken as the lens width (as Ray-Ban's "52"). All numbers must
 * be plausible, else nothing is taken as measured.
 *
 * Measurements fill lens/bridge/temple and set measured = 1; a fit word
 * ("Small", "M", "Large", "moyen") fills `fit`; any other text is copied
 * into s->text (owned by `s`, freed by product_clear) when it is empty.
 * Returns 1 when measurements were read, 0 when not, KERR_NOMEM.
 */
int measure_from_text(struct product_size *s, const char *text);

/*
 * Read a product's tags, comma-separated ("lens-width:52, Small,
 * Bridge_18, Size: Wide, temple-length-145mm"): named measurements
 * (lens width, bridge, temple, frame width, lens height, in English or
 * French, any case, separated by ':', '=', '-', '_' or a space), fit
 * words alone or after fit/size/taille, and whole sizes of two or three
 * numbers ("52-18-145"). Fills only unknown fields. Returns the number of
 * fields filled (0 or more).
 */
int measure_from_tags(struct product_size *s, const char *tags);

/* What one tag says; see measure_plan_tags(). */
enum measure_step_kind {
    MEASURE_STEP_NONE = 0,
    MEASURE_STEP_FIT,  /* fit class `fit` */
    MEASURE_STEP_SIZE, /* `n` numbers of a whole size: lens, bridge, ... */
    MEASURE_STEP_PUT,  /* millimetres v[0] for one named field */
};

struct measure_step {
    enum measure_step_kind kind;
    int field;        /* PUT: which field (private numbering) */
    int n;            /* SIZE: how many numbers */
    double v[3];      /* millimetres */
    const char *fit;  /* FIT: a static string */
};

#define MEASURE_PLAN_MAX 16

/*
 * A product's tags read once, to be applied to each of its variants'
 * sizes: the same result as measure_from_tags() for each, without
 * reading the tags again. `tags` is kept (not copied) for plans with
 * more steps than fit, which are applied by reading the tags again.
 */
struct measure_plan {
    struct measure_step step[MEASURE_PLAN_MAX];
    int n;
    int overflow;     /* 1: more steps than MEASURE_PLAN_MAX */
    const char *tags; /* borrowed from the caller */
};

/* Read comma-separated `tags` (may be NULL) into `plan`. */
void measure_plan_tags(struct measure_plan *plan, const char *tags);

/*
 * measure_from_tags(s, plan->tags) from a plan; the tags must still be
 * alive. Returns the number of fields filled.
 */
int measure_apply_plan(struct product_size *s,
                       const struct measure_plan *plan);

/*
 * The lens width a title states as a lone number ("ORSON 49",
 * "Model 52 Black", "Iris 50mm"): a whole word of two digits from 40 to
 * 65. Model numbers and years ("RB3016", "2024", "5154-52") are not
 * taken. The last such number wins. Returns it, or 0.
 */
int measure_title_lens(const char *title);

/*
 * The fit class ("petite", "small", "medium", "wide", "large") named by
 * `word` (any case, English or French, also "S"/"M"/"L"/"XS"/"XL"), or
 * NULL. The result is a static string.
 */
const char *measure_fit_word(const char *word);

/*
 * Drop implausible millimetres (see the ranges above) and set measured
 * from lens_mm. For adapters that set the numbers themselves. Returns
 * the number of values dropped.
 */
int measure_check(struct product_size *s);

#endif
