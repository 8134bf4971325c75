#include "jsonx.h"

#include "kerr.h"
#include "log.h"
#include "numtext.h"
#include "text.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Texts up to this size are converted on the stack, not the heap. */
#define JSONX_STACK 4096

/* ------------------------------------------------------------------ */
/* Pages                                                              */

static json_t *jsonx_load(const struct shop_page *pg, const char *body,
                          size_t len, int report)
{
    json_error_t err;
    json_t *root = json_loadb(body, len, JSON_ALLOW_NUL, &err);

    if (!root && report)
        kerr_set(KERR_PARSE, "%s: page %d: not valid JSON: %s (line %d)",
                 jsonx_source(pg), pg->page, err.text, err.line);
    return root;
}

json_t *jsonx_page(const struct shop_page *pg)
{
    const char *src = jsonx_source(pg);
    json_t *root;
    char *clean;

    if (!pg->body || pg->len == 0) {
        kerr_set(KERR_PARSE, "%s: page %d: empty body", src, pg->page);
        return NULL;
    }
    if (pg->len > JSONX_BODY_MAX) {
        kerr_set(KERR_PARSE, "%s: page %d: body of %zu bytes is too large",
                 src, pg->page, pg->len);
        return NULL;
    }

    /* jansson refuses invalid UTF-8, so valid pages are checked once */
    root = jsonx_load(pg, pg->body, pg->len, 0);
    if (root || text_utf8_valid(pg->body, pg->len))
        return root ? root : jsonx_load(pg, pg->body, pg->len, 1);

    /* one bad byte must not cost the other 249 products of the page */
    log_warn("shop", "%s: page %d: invalid UTF-8 replaced", src, pg->page);
    clean = text_utf8_clean(pg->body, pg->len, pg->len * 3);
    if (!clean)
        return NULL;
    root = jsonx_load(pg, clean, strlen(clean), 1);
    free(clean);
    return root;
}

/* ------------------------------------------------------------------ */
/* Texts                                                              */

/* The cleaned text of s[0..len) into `dst` (size bytes); sets *n. */
static int jsonx_convert(char *dst, size_t size, const char *s, size_t len,
                         enum jsonx_text mode, size_t cap, size_t *n)
{
    if (mode == JSONX_RAW) {
        *n = text_utf8_clean_to(dst, size, s, len, cap);
        return 0;
    }
    return text_html_to(dst, size, s, len, cap, mode == JSONX_LINE, n);
}

/* Trim ASCII spaces of t[0..*n) in place; returns the start. */
static char *jsonx_trim(char *t, size_t *n)
{
    size_t a = 0, len = *n;

    while (a < len && isspace((unsigned char)t[a]))
        a++;
    while (len > a && isspace((unsigned char)t[len - 1]))
        len--;
    *n = len - a;
    return t + a;
}

/* A buffer size that holds any result: cleaning at most triples. */
static size_t jsonx_room(size_t len, size_t cap)
{
    if (cap < SIZE_MAX / 16 && len > cap * 16 + 4096)
        len = cap * 16 + 4096;
    return (len < cap / 3 ? len * 3 : cap) + 1;
}

/* Clean `len` bytes of `s` according to `mode`; NULL when blank. */
static int jsonx_clean(const char *s, size_t len, enum jsonx_text mode,
                       size_t cap, char **out)
{
    char stack[JSONX_STACK];
    size_t size = jsonx_room(len, cap), n;
    char *buf = size <= sizeof(stack) ? stack : malloc(size), *t;
    int rc = 0;

    *out = NULL;
    if (!buf)
        return kerr_set(KERR_NOMEM, "out of memory cleaning text");
    rc = jsonx_convert(buf, size, s, len, mode, cap, &n);
    if (rc < 0)
        goto out;

    t = jsonx_trim(buf, &n);
    if (n == 0)
        goto out;
    if (buf == stack) {
        *out = strndup(t, n);
        return *out ? 0 : kerr_set(KERR_NOMEM, "out of memory");
    }

    /* a description keeps its heap buffer, shrunk when mostly unused */
    memmove(buf, t, n);
    buf[n] = '\0';
    *out = n + 1 < size / 2 ? realloc(buf, n + 1) : buf;
    if (!*out)
        *out = buf;
    return 0;

out:
    if (buf != stack)
        free(buf);
    return rc;
}

int jsonx_string(const json_t *v, enum jsonx_text mode, size_t cap,
                 char **out)
{
    char num[32];

    *out = NULL;
    if (!v || json_is_null(v))
        return 0;

    if (json_is_string(v))
        return jsonx_clean(json_string_value(v), json_string_length(v),
                           mode, cap, out);
    if (json_is_integer(v)) {
        snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
                 json_integer_value(v));
        return jsonx_clean(num, strlen(num), JSONX_RAW, cap, out);
    }
    return KERR_INVAL;
}

int jsonx_text(const json_t *obj, const char *key, enum jsonx_text mode,
               size_t cap, char **out)
{
    return jsonx_string(json_is_object(obj) ? json_object_get(obj, key)
                                            : NULL,
                        mode, cap, out);
}

int jsonx_price(const json_t *v, int decimals, int64_t *out)
{
    static const int64_t scale[4] = {1, 10, 100, 1000};
    double r;

    *out = -1;
    if (decimals < 0 || decimals > 3)
        decimals = 2;
    if (!v || json_is_null(v))
        return 0;

    if (json_is_string(v)) {
        if (strlen(json_string_value(v)) != json_string_length(v))
            return kerr_set(KERR_PARSE, "price holds a NUL byte");
        return numtext_price(json_string_value(v), decimals, out);
    }
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);

        if (i > 1000000000000LL)
            return kerr_set(KERR_INVAL, "price is out of range");
        if (i < 0)
            return kerr_set(KERR_REFUSED, "price is negative");
        *out = (int64_t)i * scale[decimals];
        return 0;
    }
    if (json_is_real(v)) {
        r = json_real_value(v);
        if (!(r < 1e12 && r > -1e12))
            return kerr_set(KERR_INVAL, "price is out of range");
        if (r < 0)
            return kerr_set(KERR_REFUSED, "price is negative");
        *out = (int64_t)llround(r * (double)scale[decimals]);
        return 0;
    }
    return kerr_set(KERR_INVAL, "price is a %s, not a number or string",
                    json_is_array(v)    ? "list"
                    : json_is_object(v) ? "object"
                                        : "boolean");
}

/* Joined tags, built on the stack and copied once. */
struct jsonx_tags {
    char list[TEXT_TAGS_MAX + 1];
    size_t len;
};

/* Add one tag (s, len bytes) to the joined list. */
static int tags_add(struct jsonx_tags *t, const char *s, size_t len)
{
    char buf[TEXT_FIELD_MAX + 1], *tag;
    size_t n;

    /* jsonx_room() is at most TEXT_FIELD_MAX + 1 here */
    if (text_html_to(buf, jsonx_room(len, TEXT_FIELD_MAX), s, len,
                     TEXT_FIELD_MAX, 1, &n) < 0)
        return KERR_NOMEM;
    tag = jsonx_trim(buf, &n);
    tag[n] = '\0';
    text_join_to(t->list, &t->len, tag, TEXT_TAGS_MAX);
    return 0;
}

static int tags_of_string(struct jsonx_tags *t, const json_t *v)
{
    const char *s = json_string_value(v);
    size_t len = json_string_length(v), start = 0;
    int rc = 0;

    for (size_t i = 0; i <= len && rc == 0; i++) {
        if (i == len || s[i] == ',') {
            rc = tags_add(t, s + start, i - start);
            start = i + 1;
        }
    }
    return rc;
}

static int tags_of_array(struct jsonx_tags *t, const json_t *v)
{
    const json_t *e;
    size_t i;
    int rc = 0;

    json_array_foreach(v, i, e) {
        const json_t *name = json_is_object(e) ? json_object_get(e, "name")
                                               : e;

        if (json_is_string(name))
            rc = tags_add(t, json_string_value(name),
                          json_string_length(name));
        if (rc < 0)
            break;
    }
    return rc;
}

int jsonx_tags(const json_t *v, char **out)
{
    struct jsonx_tags t;
    int rc;

    *out = NULL;
    if (!v || json_is_null(v))
        return 0;

    t.len = 0;
    t.list[0] = '\0';
    if (json_is_string(v))
        rc = tags_of_string(&t, v);
    else if (json_is_array(v))
        rc = tags_of_array(&t, v);
    else
        return KERR_INVAL;

    if (rc < 0 || t.len == 0)
        return rc;
    *out = strndup(t.list, t.len);
    return *out ? 0 : kerr_set(KERR_NOMEM, "out of memory joining tags");
}

int jsonx_bool(const json_t *v, int dflt)
{
    const char *s;

    if (json_is_boolean(v))
        return json_is_true(v);
    if (json_is_integer(v))
        return json_integer_value(v) != 0;
    if (!json_is_string(v))
        return dflt;

    s = json_string_value(v);
    if (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcmp(s, "1"))
        return 1;
    if (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcmp(s, "0"))
        return 0;
    return dflt;
}

/* ------------------------------------------------------------------ */
/* Pages of items                                                     */

const char *jsonx_source(const struct shop_page *pg)
{
    return pg && pg->source ? pg->source : "shop";
}

int jsonx_identity(const struct shop_page *pg, const struct json_t *item,
                   size_t index, const char *title_key, struct product *p)
{
    int rc;

    rc = jsonx_text(item, "id", JSONX_RAW, TEXT_FIELD_MAX, &p->source_id);
    if (rc == KERR_NOMEM)
        return rc;
    if (!p->source_id)
        return jsonx_skip(pg, NULL, index, "id is missing or invalid");

    rc = jsonx_text(item, title_key, JSONX_LINE, TEXT_TITLE_MAX, &p->title);
    if (rc == KERR_NOMEM)
        return rc;
    if (!p->title)
        return jsonx_skip(pg, p->source_id, index,
                          "%s is missing or invalid", title_key);
    return 0;
}

int jsonx_skip(const struct shop_page *pg, const char *id, size_t index,
               const char *fmt, ...)
{
    char what[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);

    if (id)
        log_warn("shop", "%s: page %d: product %.64s: %s; skipped",
                 pg->source ? pg->source : "shop", pg->page, id, what);
    else
        log_warn("shop", "%s: page %d: product #%zu: %s; skipped",
                 pg->source ? pg->source : "shop", pg->page, index, what);
    return 1;
}

int jsonx_emit_items(const struct shop_page *pg, const json_t *items,
                     jsonx_item_fn fn, void *fnctx, shop_emit_fn emit,
                     void *ctx, int *skipped)
{
    const json_t *item;
    size_t i;
    int emitted = 0;

    json_array_foreach(items, i, item) {
        struct product p = {0};
        int rc;

        if (!json_is_object(item))
            rc = jsonx_skip(pg, NULL, i, "not a JSON object");
        else
            rc = fn(fnctx, item, i, &p);

        if (rc != 0) {
            product_clear(&p);
            if (rc < 0)
                return rc;
            (*skipped)++;
            continue;
        }

        rc = emit(ctx, &p);
        if (rc < 0)
            return rc;
        emitted++;
    }
    return emitted;
}
