#include "text.h"

#include "kerr.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* UTF-8                                                              */

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char lo = 0x80, hi = 0xBF;
    size_t len;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        len = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        len = 4;
    else
        return 0;
    if (n < len)
        return 0;

    /* the second byte's range rules out overlongs and surrogates */
    if (s[0] == 0xE0)
        lo = 0xA0;
    else if (s[0] == 0xED)
        hi = 0x9F;
    else if (s[0] == 0xF0)
        lo = 0x90;
    else if (s[0] == 0xF4)
        hi = 0x8F;
    if (s[1] < lo || s[1] > hi)
        return 0;

    for (size_t i = 2; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    }
    return len;
}

/* Bytes of plain ASCII at the start of u[0..len), eight at a time. */
static size_t utf8_ascii_run(const unsigned char *u, size_t len)
{
    size_t i = 0;
    uint64_t w;

    while (i + 8 <= len) {
        memcpy(&w, u + i, 8);
        if (w & 0x8080808080808080ull)
            break;
        i += 8;
    }
    while (i < len && u[i] < 0x80)
        i++;
    return i;
}

int text_utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        size_t n;

        i += utf8_ascii_run(u + i, len - i);
        if (i >= len)
            break;
        n = utf8_seq(u + i, len - i);
        if (!n)
            return 0;
        i += n;
    }
    return 1;
}

size_t text_utf8_cut(const char *s, size_t len, size_t cap)
{
    if (len <= cap)
        return len;

    while (cap > 0 && ((unsigned char)s[cap] & 0xC0) == 0x80)
        cap--;
    return cap;
}

/* An ASCII control character that cleaning turns into a space. */
static int utf8_is_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F;
}

/*
 * The cleaned character at u[0..n): sets *put and *put_len to the bytes
 * to write and returns how many input bytes it used.
 */
static size_t utf8_clean_char(const unsigned char *u, size_t n,
                              const char **put, size_t *put_len)
{
    size_t used = utf8_seq(u, n);

    *put = (const char *)u;
    *put_len = used;
    if (!used) {
        *put = "\xef\xbf\xbd"; /* U+FFFD replacement character */
        *put_len = 3;
        return 1;
    }
    if (utf8_is_control(u[0]))
        *put = " ";
    return used;
}

/* Clean s[0..len) into dst, writing at most `room` bytes; no NUL. */
static size_t utf8_clean_into(char *dst, const char *s, size_t len,
                              size_t room)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0;

    while (i < len) {
        const char *put;
        size_t put_len, n;

        if (u[i] >= 0x20 && u[i] < 0x7F) {
            if (o + 1 > room)
                break;
            dst[o++] = (char)u[i++];
            continue;
        }
        n = utf8_clean_char(u + i, len - i, &put, &put_len);
        if (o + put_len > room)
            break;
        memcpy(dst + o, put, put_len);
        o += put_len;
        i += n;
    }
    return o;
}

char *text_utf8_clean(const char *s, size_t len, size_t cap)
{
    size_t room = len < cap / 3 ? len * 3 : cap;
    char *out;

    out = malloc(room + 1);
    if (!out) {
        kerr_set(KERR_NOMEM, "out of memory cleaning text");
        return NULL;
    }
    out[utf8_clean_into(out, s, len, room)] = '\0';
    return out;
}

size_t text_utf8_clean_to(char *dst, size_t size, const char *s,
                          size_t len, size_t cap)
{
    size_t room = len < cap / 3 ? len * 3 : cap;
    size_t n;

    if (room > size - 1)
        room = size - 1;
    n = utf8_clean_into(dst, s, len, room);
    dst[n] = '\0';
    return n;
}

/* ------------------------------------------------------------------ */
/* A bounded output buffer for the HTML passes                        */

/*
 * Every tag and entity a pass recognises is longer than what it writes,
 * so a pass's output never outgrows its input and the buffer is sized
 * once; the bound is checked anyway.
 */
struct wbuf {
    char *s;
    size_t len, cap; /* cap excludes the NUL */
};

static void wb_put(struct wbuf *b, const char *s, size_t n)
{
    if (b->len + n > b->cap)
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
}

static void wb_putc(struct wbuf *b, char c)
{
    if (b->len < b->cap)
        b->s[b->len++] = c;
}

/* Append code point `cp` as UTF-8; invalid ones become U+FFFD. */
static void wb_put_cp(struct wbuf *b, unsigned long cp)
{
    char u[4];

    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = 0xFFFD;
    if (cp < 0x20 || cp == 0x7F) {
        wb_putc(b, cp == '\n' ? '\n' : ' ');
    } else if (cp < 0x80) {
        wb_putc(b, (char)cp);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        wb_put(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        wb_put(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        wb_put(b, u, 4);
    }
}

/* ------------------------------------------------------------------ */
/* HTML to text                                                       */

static const struct {
    const char *name;
    unsigned long cp;
} html_entities[] = {
    {"amp", '&'},       {"lt", '<'},         {"gt", '>'},
    {"quot", '"'},      {"apos", '\''},      {"nbsp", 0xA0},
    {"eacute", 0xE9},   {"egrave", 0xE8},    {"ecirc", 0xEA},
    {"euml", 0xEB},     {"agrave", 0xE0},    {"aacute", 0xE1},
    {"acirc", 0xE2},    {"auml", 0xE4},      {"ccedil", 0xE7},
    {"icirc", 0xEE},    {"iuml", 0xEF},      {"iacute", 0xED},
    {"ocirc", 0xF4},    {"ouml", 0xF6},      {"oacute", 0xF3},
    {"ucirc", 0xFB},    {"ugrave", 0xF9},    {"uuml", 0xFC},
    {"uacute", 0xFA},   {"ntilde", 0xF1},    {"szlig", 0xDF},
    {"oslash", 0xF8},   {"aring", 0xE5},     {"aelig", 0xE6},
    {"Eacute", 0xC9},   {"Egrave", 0xC8},    {"Ecirc", 0xCA},
    {"Agrave", 0xC0},   {"Acirc", 0xC2},     {"Ccedil", 0xC7},
    {"Ocirc", 0xD4},    {"Ouml", 0xD6},      {"Uuml", 0xDC},
    {"Auml", 0xC4},     {"oelig", 0x153},    {"OElig", 0x152},
    {"laquo", 0xAB},    {"raquo", 0xBB},     {"ndash", 0x2013},
    {"mdash", 0x2014},  {"hellip", 0x2026},  {"lsquo", 0x2018},
    {"rsquo", 0x2019},  {"ldquo", 0x201C},   {"rdquo", 0x201D},
    {"sbquo", 0x201A},  {"bdquo", 0x201E},   {"euro", 0x20AC},
    {"pound", 0xA3},    {"yen", 0xA5},       {"cent", 0xA2},
    {"copy", 0xA9},     {"reg", 0xAE},       {"trade", 0x2122},
    {"deg", 0xB0},      {"times", 0xD7},     {"middot", 0xB7},
    {"bull", 0x2022},   {"frac12", 0xBD},    {"frac14", 0xBC},
    {"sup2", 0xB2},     {"micro", 0xB5},     {"plusmn", 0xB1},
    {"thinsp", 0x2009}, {"ensp", 0x2002},    {"emsp", 0x2003},
    {"shy", 0xAD},      {"zwj", 0x200D},     {"zwnj", 0x200C},
    {"square", 0x25A1}, {"para", 0xB6},      {"sect", 0xA7},
};

/* Browsers read &#128;..&#159; as Windows-1252; so do shops' editors. */
static unsigned long html_cp1252(unsigned long cp)
{
    static const unsigned short map[32] = {
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    };

    if (cp >= 0x80 && cp <= 0x9F)
        return map[cp - 0x80] ? map[cp - 0x80] : 0xFFFD;
    return cp;
}


/* Decode the entity at s ('&'); returns bytes used, 0 if not one. */
static size_t html_entity(const char *s, struct wbuf *b)
{
    char name[12];
    size_t n = 1;
    unsigned long cp = 0;

    if (s[1] == '#') {
        int hex = s[2] == 'x' || s[2] == 'X';
        int digits = 0;

        n = hex ? 3 : 2;
        while (hex ? isxdigit((unsigned char)s[n])
                   : isdigit((unsigned char)s[n])) {
            if (cp <= 0x10FFFF)
                cp = cp * (hex ? 16 : 10) +
                     (unsigned long)(isdigit((unsigned char)s[n])
                                         ? s[n] - '0'
                                         : tolower((unsigned char)s[n]) -
                                               'a' + 10);
            n++;
            digits++;
        }
        if (!digits || s[n] != ';')
            return 0;
        wb_put_cp(b, html_cp1252(cp));
        return n + 1;
    }

    while (n < sizeof(name) && isalnum((unsigned char)s[n])) {
        name[n - 1] = s[n];
        n++;
    }
    if (n == 1 || s[n] != ';')
        return 0;
    name[n - 1] = '\0';

    for (size_t i = 0; i < COUNT(html_entities); i++) {
        if (name[0] == html_entities[i].name[0] &&
            strcmp(name, html_entities[i].name) == 0) {
            if (html_entities[i].cp != 0xAD) /* soft hyphen: drop */
                wb_put_cp(b, html_entities[i].cp);
            return n + 1;
        }
    }
    return 0;
}

/* Find `needle` in s, ignoring ASCII case; NULL if absent. */
static const char *html_find(const char *s, const char *needle)
{
    size_t n = strlen(needle);

    for (; *s; s++) {
        if (strncasecmp(s, needle, n) == 0)
            return s;
    }
    return NULL;
}

static int html_is_block(const char *name)
{
    static const char *const blocks[] = {
        "p",  "br", "div", "li", "ul", "ol", "tr", "table", "h1", "h2",
        "h3", "h4", "h5",  "h6", "section", "article", "blockquote",
        "dd", "dt", "hr",  "header", "footer", "pre",
    };

    for (size_t i = 0; i < COUNT(blocks); i++) {
        if (name[0] == blocks[i][0] && strcmp(name, blocks[i]) == 0)
            return 1;
    }
    return 0;
}

/* Skip the tag at s ('<'); emits a break for block tags. */
static const char *html_tag(const char *s, struct wbuf *b)
{
    char name[16];
    size_t n = 0;
    const char *p = s + 1, *end;
    char quote = 0;

    if (strncmp(s, "<!--", 4) == 0) {
        end = strstr(s + 4, "-->");
        return end ? end + 3 : s + strlen(s);
    }

    if (*p == '/')
        p++;
    while (isalnum((unsigned char)*p) && n < sizeof(name) - 1)
        name[n++] = (char)tolower((unsigned char)*p++);
    name[n] = '\0';

    for (end = p; *end && (quote || *end != '>'); end++) {
        if (quote && *end == quote)
            quote = 0;
        else if (!quote && (*end == '"' || *end == '\''))
            quote = *end;
    }
    end = *end ? end + 1 : end;

    if (s[1] != '/' && (!strcmp(name, "script") || !strcmp(name, "style"))) {
        const char *close = html_find(end, !strcmp(name, "script")
                                               ? "</script"
                                               : "</style");

        if (!close)
            return end + strlen(end);
        return html_tag(close, b);
    }

    if (html_is_block(name))
        wb_putc(b, '\n');
    else if (!strcmp(name, "td") || !strcmp(name, "th"))
        wb_putc(b, ' ');
    return end;
}

/* One pass over NUL-terminated s: tags out, entities decoded. */
static void html_pass(const char *s, struct wbuf *b)
{
    while (*s) {
        const char *plain = s + strcspn(s, "<&");
        size_t used;

        wb_put(b, s, (size_t)(plain - s));
        s = plain;
        if (!*s)
            break;
        if (*s == '<' && (isalpha((unsigned char)s[1]) || s[1] == '/' ||
                          s[1] == '!' || s[1] == '?')) {
            s = html_tag(s, b);
            continue;
        }
        if (*s == '&') {
            used = html_entity(s, b);
            if (used) {
                s += used;
                continue;
            }
        }
        wb_putc(b, *s++);
    }
    b->s[b->len] = '\0';
}

/* Bytes of the HTML whitespace character at u (n bytes left), or 0. */
static size_t html_space(const unsigned char *u, size_t n)
{
    if (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\f' ||
        u[0] == '\v')
        return 1;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2; /* no-break space */
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
        (u[2] == 0x89 || u[2] == 0x82 || u[2] == 0x83))
        return 3; /* thin, en and em spaces */
    return 0;
}

/*
 * Clean s[0..len) as text_utf8_clean() does and collapse whitespace as
 * HTML shows it (runs become one space or one newline, none leading or
 * trailing) into dst, keeping the longest run of whole characters that
 * fits in `cap` bytes. Returns the length; writes no NUL.
 */
static size_t html_collapse(char *dst, size_t cap, const char *s,
                            size_t len, int one_line)
{
    const unsigned char *u = (const unsigned char *)s;
    int pending = 0; /* 0 none, 1 space, 2 newline */
    size_t i = 0, o = 0;

    while (i < len) {
        const char *put;
        size_t put_len, used;

        if (u[i] > 0x20 && u[i] < 0x7F) { /* most of any text */
            if (pending && o > 0) {
                if (o + 1 > cap)
                    break;
                dst[o++] = pending == 2 ? '\n' : ' ';
            }
            pending = 0;
            if (o + 1 > cap)
                break;
            dst[o++] = (char)u[i++];
            continue;
        }
        used = utf8_clean_char(u + i, len - i, &put, &put_len);
        if (*put == '\n') {
            pending = one_line ? 1 : 2;
        } else if (html_space((const unsigned char *)put, put_len)) {
            if (!pending)
                pending = 1;
        } else {
            if (pending && o > 0) {
                if (o + 1 > cap)
                    break;
                dst[o++] = pending == 2 ? '\n' : ' ';
            }
            pending = 0;
            if (o + put_len > cap)
                break;
            memcpy(dst + o, put, put_len);
            o += put_len;
        }
        i += used;
    }
    return o;
}

/*
 * Tags and entities out of clean, NUL-terminated text `cur` (len bytes,
 * buffer `spare` as large): a second and third pass undo double and
 * triple escaping. Returns the text, in `cur` or `spare`.
 */
static char *html_passes(char *cur, size_t len, char *spare)
{
    for (int pass = 0; pass < 3; pass++) {
        struct wbuf b = {spare, 0, len};
        char *swap;

        html_pass(cur, &b);
        /* nothing recognised leaves the length as it was; see wbuf */
        if (b.len == 0 || b.len == len)
            break;
        swap = cur;
        cur = spare;
        spare = swap;
        len = b.len;
        if (!memchr(cur, '<', len) && !memchr(cur, '&', len))
            break;
    }
    return cur;
}

int text_html_to(char *dst, size_t size, const char *html, size_t len,
                 size_t cap, int one_line, size_t *n)
{
    char *buf = NULL, *cur = NULL;
    size_t clean_len = 0, o;

    /* markup can dwarf its text, but not without bound */
    if (cap < SIZE_MAX / 16 && len > cap * 16 + 4096)
        len = text_utf8_cut(html, len, cap * 16 + 4096);
    if (cap > size - 1)
        cap = size - 1;

    if (memchr(html, '<', len) || memchr(html, '&', len)) {
        size_t room = text_utf8_valid(html, len) ? len : len * 3;

        buf = malloc(2 * (room + 1));
        if (!buf)
            return kerr_set(KERR_NOMEM, "out of memory converting HTML");
        clean_len = utf8_clean_into(buf, html, len, room);
        buf[clean_len] = '\0';
        cur = html_passes(buf, clean_len, buf + room + 1);
        html = cur;
        len = strlen(cur);
    }

    o = html_collapse(dst, cap, html, len, one_line);
    while (o > 0 && dst[o - 1] == ' ')
        o--;
    dst[o] = '\0';
    free(buf);
    *n = o;
    return 0;
}

char *text_html(const char *html, size_t len, size_t cap, int one_line)
{
    size_t in = len, size, n;
    char *out;

    if (cap < SIZE_MAX / 16 && in > cap * 16 + 4096)
        in = cap * 16 + 4096;
    size = (in < cap / 3 ? in * 3 : cap) + 1;
    out = malloc(size);
    if (!out) {
        kerr_set(KERR_NOMEM, "out of memory converting HTML");
        return NULL;
    }
    if (text_html_to(out, size, html, len, cap, one_line, &n) < 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* ------------------------------------------------------------------ */
/* Lists                                                              */

/* 1 when `item` (n bytes) is one of the ", "-separated entries. */
static int join_has(const char *list, const char *item, size_t n)
{
    while (list && *list) {
        const char *end = strstr(list, ", ");
        size_t len = end ? (size_t)(end - list) : strlen(list);

        if (len == n && strncasecmp(list, item, n) == 0)
            return 1;
        list = end ? end + 2 : NULL;
    }
    return 0;
}

int text_join(char **list, const char *item, size_t cap)
{
    size_t old = *list ? strlen(*list) : 0, n;
    char *grown;

    if (!item || !*item)
        return 0;
    n = strlen(item);
    if (join_has(*list, item, n) || old + 2 + n > cap)
        return 0;

    grown = realloc(*list, old + 2 + n + 1);
    if (!grown)
        return kerr_set(KERR_NOMEM, "out of memory joining a list");
    if (old) {
        memcpy(grown + old, ", ", 2);
        old += 2;
    }
    memcpy(grown + old, item, n + 1);
    *list = grown;
    return 0;
}

void text_join_to(char *list, size_t *len, const char *item, size_t cap)
{
    size_t old = *len, n;

    if (!item || !*item)
        return;
    n = strlen(item);
    if (old + 2 + n > cap || join_has(old ? list : NULL, item, n))
        return;

    if (old) {
        memcpy(list + old, ", ", 2);
        old += 2;
    }
    memcpy(list + old, item, n + 1);
    *len = old + n;
}

/* ------------------------------------------------------------------ */
/* Words                                                              */

/* ASCII for the Latin-1 letters U+00C0..U+00FF (UTF-8 C3 80..BF). */
static const char *const fold_latin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i",
    "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", " ", "o", "u",
    "u", "u", "u", "y", "th", "ss", "a", "a", "a", "a", "a", "a", "ae",
    "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o",
    "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Put one folded character: no double spaces, room for a final one. */
static inline void fold_putc(char *out, size_t *o, size_t size, char c)
{
    if (c == ' ' && out[*o - 1] == ' ')
        return;
    if (*o + 2 < size)
        out[(*o)++] = c;
}

void text_fold(const char *s, char *out, size_t size)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    size_t o = 1;

    out[0] = ' ';
    while (*u) {
        if (isalnum(*u)) {
            fold_putc(out, &o, size, (char)tolower(*u));
            u++;
        } else if (u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0xBF) {
            for (const char *f = fold_latin1[u[1] - 0x80]; *f; f++)
                fold_putc(out, &o, size, *f);
            u += 2;
        } else if (u[0] == 0xC5 && (u[1] == 0x92 || u[1] == 0x93)) {
            fold_putc(out, &o, size, 'o');
            fold_putc(out, &o, size, 'e');
            u += 2;
        } else {
            fold_putc(out, &o, size, ' ');
            u++;
            while ((*u & 0xC0) == 0x80)
                u++;
        }
    }
    fold_putc(out, &o, size, ' ');
    out[o] = '\0';
}
