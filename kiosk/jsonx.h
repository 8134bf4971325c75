/*
 * jsonx: the JSON reading every shop adapter shares (jansson values).
 *
 * A page of shop JSON is loaded once; each item of it becomes a struct
 * product through the adapter's item parser, which reads members with
 * these helpers: text cleaned to the caps of text.h, prices in minor
 * units, tags joined, booleans as shops spell them. A broken item is
 * skipped with a warning naming page and product; a broken page is
 * refused with a message naming its source.
 *
 * Every function works only on what it is given; any thread.
 */
#ifndef KIOSK_JSONX_H
#define KIOSK_JSONX_H

#include "product.h"
#include "shop.h"

#include <stddef.h>
#include <stdint.h>

struct json_t; /* jansson's value; the adapters include <jansson.h> */

#define JSONX_BODY_MAX (64u * 1024 * 1024) /* one page of shop JSON */

/*
 * Parse one page body. The body is bounded (JSONX_BODY_MAX), invalid
 * UTF-8 is replaced (with a warning) rather than failing the page, and
 * "\u0000" is allowed. Returns a new reference (json_decref it), or NULL
 * after kerr_set(KERR_PARSE, "SOURCE: page N: what is wrong").
 */
struct json_t *jsonx_page(const struct shop_page *pg);

enum jsonx_text {
    JSONX_RAW = 0,  /* UTF-8 cleaned and trimmed: ids, SKUs, URLs */
    JSONX_LINE = 1, /* HTML to one line: titles, names, brands */
    JSONX_PARA = 2, /* HTML to paragraphs: descriptions */
};

/*
 * Value `v` (NULL when absent) as cleaned text of at most `cap` bytes.
 * Strings and integers (as decimal) are accepted. Absent, null, empty or
 * blank values give *out = NULL and 0. A value of another type gives
 * KERR_INVAL (the caller decides whether the item survives); KERR_NOMEM.
 * On success the caller owns *out.
 */
int jsonx_string(const struct json_t *v, enum jsonx_text mode, size_t cap,
                 char **out);

/* jsonx_string() of member `key` of object `obj`. */
int jsonx_text(const struct json_t *obj, const char *key,
               enum jsonx_text mode, size_t cap, char **out);

/*
 * A price value in minor units with `decimals` digits: a string (see
 * numtext_price), an integer or a real of major units. Absent or null
 * gives -1. Returns 0; KERR_PARSE for a string that is not a number;
 * KERR_REFUSED for a negative price; KERR_INVAL for another type (array,
 * object, bool) or an absurd magnitude. The message names the problem.
 */
int jsonx_price(const struct json_t *v, int decimals, int64_t *out);

/*
 * Tags as one ", "-joined string (duplicates dropped, each tag one line
 * of text, at most TEXT_TAGS_MAX bytes): from a comma-separated string,
 * an array of strings, or an array of objects with a "name". Absent or
 * null gives NULL. Returns 0, KERR_INVAL for another type, KERR_NOMEM.
 */
int jsonx_tags(const struct json_t *v, char **out);

/*
 * A boolean from true/false, 0/1 or "true"/"false"/"yes"/"no"; `dflt`
 * when absent, null or anything else.
 */
int jsonx_bool(const struct json_t *v, int dflt);

/*
 * Parses one item of a page into `p` (zeroed by the caller). Returns 0
 * when `p` is ready, 1 when the item was skipped (after jsonx_skip), or a
 * negative error that stops the page (out of memory). On 1 or an error
 * the caller clears `p`.
 */
typedef int (*jsonx_item_fn)(void *fnctx, const struct json_t *item,
                             size_t index, struct product *p);

/*
 * Run `fn` over every element of JSON array `items`, hand each finished
 * product to `emit` (which takes ownership), count skipped items in
 * *skipped (added to, not reset). Non-object elements are skipped with a
 * warning. Returns the number emitted, or the first negative error from
 * `fn` or `emit`.
 */
int jsonx_emit_items(const struct shop_page *pg, const struct json_t *items,
                     jsonx_item_fn fn, void *fnctx, shop_emit_fn emit,
                     void *ctx, int *skipped);

/* The page's source (URL or file) for messages; never NULL. */
const char *jsonx_source(const struct shop_page *pg);

/*
 * Log that an item was skipped: "SOURCE: page N: product ID: WHAT;
 * skipped", with "#INDEX" when the id is not known. Returns 1, so item
 * parsers can `return jsonx_skip(...)`.
 */
/*
 * Every product's identity: its "id" (string or number) into
 * p->source_id and its `title_key` ("title", "name") into p->title.
 * Returns 0, 1 when the item was skipped for lacking one (after
 * jsonx_skip), or KERR_NOMEM.
 */
int jsonx_identity(const struct shop_page *pg, const struct json_t *item,
                   size_t index, const char *title_key, struct product *p);

int jsonx_skip(const struct shop_page *pg, const char *id, size_t index,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
