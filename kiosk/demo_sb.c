/*
 * demo_sb: the growing string the demo's JSON and CSV are written into.
 */
#include "demo_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int sb_room(struct demo_sb *b, size_t extra)
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

void demo_sb_put(struct demo_sb *b, const char *s, size_t n)
{
    if (sb_room(b, n) < 0)
        return;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void demo_sb_str(struct demo_sb *b, const char *s)
{
    demo_sb_put(b, s, strlen(s));
}

void demo_sb_fmt(struct demo_sb *b, const char *fmt, ...)
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
static void sb_json_text(struct demo_sb *b, const char *s, int html)
{
    if (!s) {
        demo_sb_put(b, "null", 4);
        return;
    }
    demo_sb_put(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};

            demo_sb_put(b, e, 2);
        } else if (c < 0x20) {
            demo_sb_fmt(b, "\\u%04x", c);
        } else if (html && (c == '&' || c == '<' || c == '>')) {
            demo_sb_str(b, c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;");
        } else {
            demo_sb_put(b, s, 1);
        }
    }
    demo_sb_put(b, "\"", 1);
}

void demo_sb_json(struct demo_sb *b, const char *s)
{
    sb_json_text(b, s, 0);
}

/* The description as a shop would store it: "<p>...</p>". */
void demo_sb_html(struct demo_sb *b, const char *text)
{
    struct demo_sb tmp = {0};

    demo_sb_str(&tmp, "<p>");
    sb_json_text(&tmp, text ? text : "", 1);
    demo_sb_str(&tmp, "</p>");
    if (tmp.failed) {
        b->failed = 1;
    } else {
        /* The quotes the escaper added sit inside the tags: move them. */
        demo_sb_put(b, "\"<p>", 4);
        demo_sb_put(b, tmp.p + 4, tmp.n - 4 - 5);
        demo_sb_put(b, "</p>\"", 5);
    }
    free(tmp.p);
}

void demo_sb_time(struct demo_sb *b, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char buf[32];

    gmtime_r(&tt, &tm);
    strftime(buf, sizeof(buf), "\"%Y-%m-%dT%H:%M:%SZ\"", &tm);
    demo_sb_str(b, buf);
}

void demo_sb_price(struct demo_sb *b, int64_t cents)
{
    demo_sb_fmt(b, "\"%lld.%02lld\"", (long long)(cents / 100),
                (long long)(cents % 100));
}
