/*
 * infer: the normalisation every shop adapter shares.
 *
 * Shop data arrives as whatever the shop's staff typed: HTML with
 * entities escaped once or twice, invalid UTF-8, prices as "289,90",
 * categories and shapes in English or French, in tags or titles or
 * nowhere. This module turns it into the plain, bounded values that
 * struct product promises, and guesses the product's category, shape,
 * material, rim and gender from the words the shop used.
 *
 * Keys infer_product() writes (lowercase English):
 *   shape:    round, oval, square, rectangle, cat-eye, aviator, browline,
 *             geometric, butterfly, panto, d-frame (wayfarer-like), shield
 *   material: acetate, metal, titanium, stainless steel, plastic, wood,
 *             horn, carbon, mixed (plastic-like and metal-like together)
 *   rim:      full, semi, rimless
 *   gender:   women, men, unisex, kids
 *
 * Every function is pure or works only on what it is given; any thread.
 */
#ifndef KIOSK_INFER_H
#define KIOSK_INFER_H

#include "product.h"
#include "shop.h"

#include <stddef.h>
#include <stdint.h>

struct json_t; /* jansson's value; the adapters include <jansson.h> */

/* Caps on strings taken from shops, in bytes (NUL not counted). */
#define INFER_TITLE_MAX 512
#define INFER_DESC_MAX (64 * 1024)
#define INFER_FIELD_MAX 1024 /* brand, sku, colour, ids, ... */
#define INFER_URL_MAX 2048
#define INFER_TAGS_MAX 4096
#define INFER_BODY_MAX (64u * 1024 * 1024) /* one page of shop JSON */

/* --- UTF-8 --- */

/* 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int infer_utf8_valid(const char *s, size_t len);

/*
 * The longest prefix of valid UTF-8 `s` (len bytes) that fits in `cap`
 * bytes without splitting a character. Returns its length.
 */
size_t infer_utf8_cut(const char *s, size_t len, size_t cap);

/*
 * A malloc'd, NUL-terminated copy of s[0..len) that is valid UTF-8:
 * invalid bytes become U+FFFD, control characters other than tab and
 * newline (NUL included) become spaces, and the result is cut to at most
 * `cap` bytes on a character boundary. Caller frees. NULL only when out
 * of memory (kerr set). `s` must not be NULL.
 */
char *infer_utf8_clean(const char *s, size_t len, size_t cap);

/* --- HTML --- */

/*
 * Plain text from HTML: tags dropped (with everything inside <script>,
 * <style> and comments), named and numeric entities decoded, entities
 * escaped twice ("&amp;eacute;", "&amp;amp;") decoded fully, whitespace
 * collapsed and trimmed. Block tags (p, br, div, li, ...) and newlines
 * become one "\n", or a space when `one_line` is set. Invalid UTF-8 is
 * replaced first, so the result is always valid; it is cut to `cap`
 * bytes. Caller frees; NULL only when out of memory.
 */
char *infer_html_text(const char *html, size_t len, size_t cap,
                      int one_line);

/* --- numbers, prices and dates --- */

/* Digits after the decimal point of ISO 4217 `code`: 0, 2 or 3. */
int infer_currency_decimals(const char *code);

/*
 * A decimal price string in major units ("289", "289.00", "289,5",
 * "1,289.90", "1 289,90") as an integer in minor units with `decimals`
 * digits (0..3), rounded half away from zero, never through floating
 * point. Empty or blank text gives -1 ("no price"). Returns 0,
 * KERR_PARSE when the text is not a number, KERR_REFUSED when it is
 * negative ("-0" is zero).
 */
int infer_price(const char *text, int decimals, int64_t *out);

/*
 * Unix seconds from ISO 8601 ("2024-05-01", "2024-05-01T10:00:00Z",
 * "...+02:00", fractions ignored; no zone means UTC). Returns 0 or
 * KERR_PARSE.
 */
int infer_time(const char *iso, int64_t *out);

/* --- JSON helpers for adapters (jansson values) --- */

/*
 * Parse one page body. The body is bounded (INFER_BODY_MAX), invalid
 * UTF-8 is replaced (with a warning) rather than failing the page, and
 * "\u0000" is allowed. Returns a new reference (json_decref it), or NULL
 * after kerr_set(KERR_PARSE, "SOURCE: page N: what is wrong").
 */
struct json_t *infer_json_page(const struct shop_page *pg);

enum infer_text {
    INFER_RAW = 0,  /* UTF-8 cleaned and trimmed: ids, SKUs, URLs */
    INFER_LINE = 1, /* HTML to one line: titles, names, brands */
    INFER_PARA = 2, /* HTML to paragraphs: descriptions */
};

/*
 * Member `key` of object `obj` as cleaned text of at most `cap` bytes.
 * Strings and integers (as decimal) are accepted. Absent, null, empty or
 * blank values give *out = NULL and 0. A value of another type gives
 * KERR_INVAL (the caller decides whether the item survives); KERR_NOMEM.
 * On success the caller owns *out.
 */
int infer_json_text(const struct json_t *obj, const char *key,
                    enum infer_text mode, size_t cap, char **out);

/*
 * A price value in minor units with `decimals` digits: a string (see
 * infer_price), an integer or a real of major units. Absent or null gives
 * -1. Returns 0; KERR_PARSE for a string that is not a number;
 * KERR_REFUSED for a negative price; KERR_INVAL for another type (array,
 * object, bool) or an absurd magnitude. The message names the problem.
 */
int infer_json_price(const struct json_t *v, int decimals, int64_t *out);

/*
 * Tags as one ", "-joined string (duplicates dropped, each tag one line
 * of text, at most INFER_TAGS_MAX bytes): from a comma-separated string,
 * an array of strings, or an array of objects with a "name". Absent or
 * null gives NULL. Returns 0, KERR_INVAL for another type, KERR_NOMEM.
 */
int infer_json_tags(const struct json_t *v, char **out);

/*
 * A boolean from true/false, 0/1 or "true"/"false"/"yes"/"no"; `dflt`
 * when absent, null or anything else.
 */
int infer_json_bool(const struct json_t *v, int dflt);

/*
 * Parses one item of a page into `p` (zeroed by the caller). Returns 0
 * when `p` is ready, 1 when the item was skipped (after infer_skip), or a
 * negative error that stops the page (out of memory). On 1 or an error
 * the caller clears `p`.
 */
typedef int (*infer_item_fn)(void *fnctx, const struct json_t *item,
                             size_t index, struct product *p);

/*
 * Run `fn` over every element of JSON array `items`, hand each finished
 * product to `emit` (which takes ownership), count skipped items in
 * *skipped (added to, not reset). Non-object elements are skipped with a
 * warning. Returns the number emitted, or the first negative error from
 * `fn` or `emit`.
 */
int infer_emit_items(const struct shop_page *pg, const struct json_t *items,
                     infer_item_fn fn, void *fnctx, shop_emit_fn emit,
                     void *ctx, int *skipped);

/* The page's source (URL or file) for messages; never NULL. */
const char *infer_source(const struct shop_page *pg);

/*
 * Log that an item was skipped: "SOURCE: page N: product ID: WHAT;
 * skipped", with "#INDEX" when the id is not known. Returns 1, so item
 * parsers can `return infer_skip(...)`.
 */
int infer_skip(const struct shop_page *pg, const char *id, size_t index,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* --- small shared helpers --- */

/*
 * Append `item` to the ", "-joined list *list (malloc'd, may be NULL)
 * unless it is empty, already there (case-insensitive) or the list would
 * pass `cap` bytes. Returns 0 or KERR_NOMEM.
 */
int infer_join(char **list, const char *item, size_t cap);

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

/* --- the product --- */

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
