#include "infer.h"

#include "kerr.h"
#include "log.h"
#include "measure.h"

#include <ctype.h>
#include <stdarg.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
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

int infer_utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        size_t n = utf8_seq(u + i, len - i);

        if (!n)
            return 0;
        i += n;
    }
    return 1;
}

size_t infer_utf8_cut(const char *s, size_t len, size_t cap)
{
    if (len <= cap)
        return len;

    while (cap > 0 && ((unsigned char)s[cap] & 0xC0) == 0x80)
        cap--;
    return cap;
}

char *infer_utf8_clean(const char *s, size_t len, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t room = len < cap / 3 ? len * 3 : cap;
    size_t i = 0, o = 0;
    char *out;

    out = malloc(room + 1);
    if (!out) {
        kerr_set(KERR_NOMEM, "out of memory cleaning text");
        return NULL;
    }

    while (i < len) {
        size_t n = utf8_seq(u + i, len - i);
        const char *put = (const char *)u + i;
        size_t put_len = n;

        if (!n) {
            put = "\xef\xbf\xbd"; /* U+FFFD replacement character */
            put_len = 3;
            n = 1;
        } else if ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n') ||
                   u[i] == 0x7F) {
            put = " ";
        }
        if (o + put_len > room)
            break;
        memcpy(out + o, put, put_len);
        o += put_len;
        i += n;
    }
    out[o] = '\0';
    return out;
}

/* ------------------------------------------------------------------ */
/* A growing output buffer                                            */

struct sbuf {
    char *s;
    size_t len, cap;
    int oom;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 64) + n;
        char *grown = realloc(b->s, cap);

        if (!grown) {
            b->oom = 1;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_putc(struct sbuf *b, char c)
{
    sb_put(b, &c, 1);
}

/* Append code point `cp` as UTF-8; invalid ones become U+FFFD. */
static void sb_put_cp(struct sbuf *b, unsigned long cp)
{
    char u[4];

    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = 0xFFFD;
    if (cp < 0x20 || cp == 0x7F) {
        sb_putc(b, cp == '\n' ? '\n' : ' ');
    } else if (cp < 0x80) {
        sb_putc(b, (char)cp);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        sb_put(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        sb_put(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        sb_put(b, u, 4);
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
static size_t html_entity(const char *s, struct sbuf *b)
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
        sb_put_cp(b, html_cp1252(cp));
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
        if (strcmp(name, html_entities[i].name) == 0) {
            if (html_entities[i].cp != 0xAD) /* soft hyphen: drop */
                sb_put_cp(b, html_entities[i].cp);
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
        if (strcmp(name, blocks[i]) == 0)
            return 1;
    }
    return 0;
}

/* Skip the tag at s ('<'); emits a break for block tags. */
static const char *html_tag(const char *s, struct sbuf *b)
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
        sb_putc(b, '\n');
    else if (!strcmp(name, "td") || !strcmp(name, "th"))
        sb_putc(b, ' ');
    return end;
}

/* One pass: tags out, entities decoded. */
static int html_pass(const char *s, struct sbuf *b)
{
    while (*s) {
        size_t used;

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
        sb_putc(b, *s++);
    }
    return b->oom ? KERR_NOMEM : 0;
}

/* Whitespace as HTML shows it: runs become one space or one newline. */
static void html_collapse(const char *s, struct sbuf *b, int one_line)
{
    int pending = 0; /* 0 none, 1 space, 2 newline */

    while (*s) {
        unsigned char c = (unsigned char)*s;
        size_t skip = 0;

        if (c == '\n') {
            skip = 1;
            pending = one_line ? 1 : 2;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
                   c == '\v') {
            skip = 1;
        } else if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
            skip = 2; /* no-break space */
        } else if (!strncmp(s, "\xe2\x80\x89", 3) ||
                   !strncmp(s, "\xe2\x80\x82", 3) ||
                   !strncmp(s, "\xe2\x80\x83", 3)) {
            skip = 3; /* thin, en and em spaces */
        }

        if (skip) {
            if (!pending)
                pending = 1;
            s += skip;
            continue;
        }
        if (pending && b->len > 0)
            sb_putc(b, pending == 2 ? '\n' : ' ');
        pending = 0;
        sb_putc(b, *s++);
    }
}

char *infer_html_text(const char *html, size_t len, size_t cap,
                      int one_line)
{
    struct sbuf out = {0};
    char *cur;

    /* markup can dwarf its text, but not without bound */
    if (cap < SIZE_MAX / 16 && len > cap * 16 + 4096)
        len = infer_utf8_cut(html, len, cap * 16 + 4096);
    cur = infer_utf8_clean(html, len, SIZE_MAX / 4);
    if (!cur)
        return NULL;

    /* a second and third pass undo double and triple escaping */
    for (int pass = 0; pass < 3; pass++) {
        struct sbuf b = {0};

        if (html_pass(cur, &b) < 0) {
            free(b.s);
            goto nomem;
        }
        if (!b.s || strcmp(b.s, cur) == 0) {
            free(b.s);
            break;
        }
        free(cur);
        cur = b.s;
    }

    html_collapse(cur, &out, one_line);
    free(cur);
    cur = NULL;
    if (out.oom)
        goto nomem;
    if (!out.s)
        sb_put(&out, "", 0);
    if (out.oom)
        goto nomem;

    out.len = infer_utf8_cut(out.s, out.len, cap);
    while (out.len > 0 && out.s[out.len - 1] == ' ')
        out.len--;
    out.s[out.len] = '\0';
    return out.s;

nomem:
    free(cur);
    free(out.s);
    kerr_set(KERR_NOMEM, "out of memory converting HTML");
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Prices and dates                                                   */

int infer_currency_decimals(const char *code)
{
    static const char *const zero[] = {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
        "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
    };
    static const char *const three[] = {
        "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND",
    };

    for (size_t i = 0; code && i < COUNT(zero); i++) {
        if (strcasecmp(code, zero[i]) == 0)
            return 0;
    }
    for (size_t i = 0; code && i < COUNT(three); i++) {
        if (strcasecmp(code, three[i]) == 0)
            return 3;
    }
    return 2;
}

/*
 * Which of '.' and ',' is the decimal mark in digits-and-marks text `s`
 * (spaces removed), or 0 when there is none: the last mark when both
 * appear; a mark that repeats groups thousands; a lone ',' followed by
 * exactly three digits groups thousands ("1,289"); else it is decimal.
 */
static char price_decimal_mark(const char *s)
{
    const char *dot = strrchr(s, '.'), *comma = strrchr(s, ',');

    if (dot && comma)
        return dot > comma ? '.' : ',';
    if (!dot && !comma)
        return 0;
    if (dot)
        return strchr(s, '.') == dot ? '.' : 0;
    if (strchr(s, ',') != comma)
        return 0;
    if (strlen(comma + 1) == 3 && comma > s)
        return 0;
    return ',';
}

/* Strip spaces (ASCII, no-break, narrow no-break) and the sign. */
static int price_compact(const char *text, char *buf, size_t len, int *neg)
{
    size_t o = 0;

    *neg = 0;
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '-' || *text == '+') {
        *neg = *text == '-';
        text++;
    }
    while (*text) {
        if (*text == ' ' || *text == '\t') {
            text++;
        } else if (!strncmp(text, "\xc2\xa0", 2)) {
            text += 2;
        } else if (!strncmp(text, "\xe2\x80\xaf", 3)) {
            text += 3;
        } else if (isdigit((unsigned char)*text) || *text == '.' ||
                   *text == ',') {
            if (o + 1 >= len)
                return -1;
            buf[o++] = *text++;
        } else {
            return -1;
        }
    }
    buf[o] = '\0';
    return 0;
}

int infer_price(const char *text, int decimals, int64_t *out)
{
    char buf[64];
    char mark;
    int neg, idigits = 0, fdigits = 0, round_up = 0, seen_mark = 0;
    int64_t whole = 0, frac = 0;

    *out = -1;
    if (!text || !*text || strspn(text, " \t\r\n") == strlen(text))
        return 0;
    if (decimals < 0 || decimals > 3 ||
        price_compact(text, buf, sizeof(buf), &neg) < 0 || !buf[0])
        return kerr_set(KERR_PARSE, "price '%.40s' is not a number", text);

    mark = price_decimal_mark(buf);
    for (const char *p = buf; *p; p++) {
        if (*p == '.' || *p == ',') {
            /* nothing but digits after the decimal mark */
            if (seen_mark)
                return kerr_set(KERR_PARSE, "price '%.40s' is not a number",
                                text);
            seen_mark = *p == mark;
        } else if (!seen_mark) {
            if (++idigits > 13)
                return kerr_set(KERR_PARSE, "price '%.40s' is too large",
                                text);
            whole = whole * 10 + (*p - '0');
        } else if (fdigits < decimals) {
            frac = frac * 10 + (*p - '0');
            fdigits++;
        } else if (fdigits++ == decimals) {
            round_up = *p >= '5';
        }
    }
    if (!idigits && !fdigits)
        return kerr_set(KERR_PARSE, "price '%.40s' has no digits", text);

    for (int i = fdigits; i < decimals; i++)
        frac *= 10;
    for (int i = 0; i < decimals; i++)
        whole *= 10;
    if (neg && whole + frac + round_up > 0)
        return kerr_set(KERR_REFUSED, "price '%.40s' is negative", text);
    *out = whole + frac + round_up;
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Read exactly `n` digits at *s. */
static int time_digits(const char **s, int n, int *out)
{
    *out = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*s)[i]))
            return -1;
        *out = *out * 10 + ((*s)[i] - '0');
    }
    *s += n;
    return 0;
}

static int time_zone(const char *s, int64_t *offset)
{
    int sign, hh, mm = 0;

    *offset = 0;
    if (*s == '\0' || ((*s == 'Z' || *s == 'z') && s[1] == '\0'))
        return 0;
    if (*s != '+' && *s != '-')
        return -1;
    sign = *s++ == '-' ? -1 : 1;
    if (time_digits(&s, 2, &hh) < 0)
        return -1;
    if (*s == ':')
        s++;
    if (*s && time_digits(&s, 2, &mm) < 0)
        return -1;
    *offset = sign * (hh * 3600 + mm * 60);
    return *s ? -1 : 0;
}

int infer_time(const char *iso, int64_t *out)
{
    const char *s = iso;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    int64_t offset;

    if (!s || time_digits(&s, 4, &y) < 0 || *s++ != '-' ||
        time_digits(&s, 2, &mo) < 0 || *s++ != '-' ||
        time_digits(&s, 2, &d) < 0 || mo < 1 || mo > 12 || d < 1 || d > 31)
        goto bad;

    if (*s == 'T' || *s == 't' || *s == ' ') {
        s++;
        if (time_digits(&s, 2, &h) < 0 || *s++ != ':' ||
            time_digits(&s, 2, &mi) < 0)
            goto bad;
        if (*s == ':') {
            s++;
            if (time_digits(&s, 2, &sec) < 0)
                goto bad;
        }
        if (*s == '.' || *s == ',') {
            s++;
            while (isdigit((unsigned char)*s))
                s++;
        }
        if (h > 23 || mi > 59 || sec > 60)
            goto bad;
    }
    if (time_zone(s, &offset) < 0)
        goto bad;

    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
           offset;
    return 0;

bad:
    return kerr_set(KERR_PARSE, "time '%.40s' is not ISO 8601",
                    iso ? iso : "");
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */

json_t *infer_json_page(const struct shop_page *pg)
{
    const char *src = pg->source ? pg->source : "shop";
    char *clean = NULL;
    const char *body = pg->body;
    size_t len = pg->len;
    json_error_t err;
    json_t *root;

    if (!body || len == 0) {
        kerr_set(KERR_PARSE, "%s: page %d: empty body", src, pg->page);
        return NULL;
    }
    if (len > INFER_BODY_MAX) {
        kerr_set(KERR_PARSE, "%s: page %d: body of %zu bytes is too large",
                 src, pg->page, len);
        return NULL;
    }

    /* one bad byte must not cost the other 249 products of the page */
    if (!infer_utf8_valid(body, len)) {
        log_warn("shop", "%s: page %d: invalid UTF-8 replaced", src,
                 pg->page);
        clean = infer_utf8_clean(body, len, len * 3);
        if (!clean)
            return NULL;
        body = clean;
        len = strlen(clean);
    }

    root = json_loadb(body, len, JSON_ALLOW_NUL, &err);
    free(clean);
    if (!root)
        kerr_set(KERR_PARSE, "%s: page %d: not valid JSON: %s (line %d)",
                 src, pg->page, err.text, err.line);
    return root;
}

/* Clean `len` bytes of `s` according to `mode`; NULL when blank. */
static int json_clean(const char *s, size_t len, enum infer_text mode,
                      size_t cap, char **out)
{
    char *t;
    size_t a = 0, n;

    if (mode == INFER_RAW)
        t = infer_utf8_clean(s, len, cap);
    else
        t = infer_html_text(s, len, cap, mode == INFER_LINE);
    if (!t)
        return KERR_NOMEM;

    while (isspace((unsigned char)t[a]))
        a++;
    n = strlen(t + a);
    while (n > 0 && isspace((unsigned char)t[a + n - 1]))
        n--;
    if (n == 0) {
        free(t);
        *out = NULL;
        return 0;
    }
    memmove(t, t + a, n);
    t[n] = '\0';
    *out = t;
    return 0;
}

int infer_json_text(const json_t *obj, const char *key,
                    enum infer_text mode, size_t cap, char **out)
{
    const json_t *v = json_is_object(obj) ? json_object_get(obj, key)
                                          : NULL;
    char num[32];

    *out = NULL;
    if (!v || json_is_null(v))
        return 0;

    if (json_is_string(v))
        return json_clean(json_string_value(v), json_string_length(v),
                          mode, cap, out);
    if (json_is_integer(v)) {
        snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
                 json_integer_value(v));
        return json_clean(num, strlen(num), INFER_RAW, cap, out);
    }
    return KERR_INVAL;
}

int infer_json_price(const json_t *v, int decimals, int64_t *out)
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
        return infer_price(json_string_value(v), decimals, out);
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

/* Add one tag (s, len bytes) to the joined list. */
static int tags_add(char **list, const char *s, size_t len)
{
    char *t;
    int rc;

    rc = json_clean(s, len, INFER_LINE, INFER_FIELD_MAX, &t);
    if (rc < 0 || !t)
        return rc;
    rc = infer_join(list, t, INFER_TAGS_MAX);
    free(t);
    return rc;
}

int infer_json_tags(const json_t *v, char **out)
{
    int rc = 0;

    *out = NULL;
    if (!v || json_is_null(v))
        return 0;

    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t len = json_string_length(v), start = 0;

        for (size_t i = 0; i <= len && rc == 0; i++) {
            if (i == len || s[i] == ',') {
                rc = tags_add(out, s + start, i - start);
                start = i + 1;
            }
        }
    } else if (json_is_array(v)) {
        size_t i;
        const json_t *e;

        json_array_foreach(v, i, e) {
            const json_t *name = json_is_object(e)
                                     ? json_object_get(e, "name")
                                     : e;

            if (json_is_string(name))
                rc = tags_add(out, json_string_value(name),
                              json_string_length(name));
            if (rc < 0)
                break;
        }
    } else {
        return KERR_INVAL;
    }

    if (rc < 0) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

int infer_json_bool(const json_t *v, int dflt)
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
/* Small helpers                                                      */

/* 1 when `item` is one of the ", "-separated entries of `list`. */
static int join_has(const char *list, const char *item)
{
    size_t n = strlen(item);

    while (list && *list) {
        const char *end = strstr(list, ", ");
        size_t len = end ? (size_t)(end - list) : strlen(list);

        if (len == n && strncasecmp(list, item, n) == 0)
            return 1;
        list = end ? end + 2 : NULL;
    }
    return 0;
}

int infer_join(char **list, const char *item, size_t cap)
{
    size_t old = *list ? strlen(*list) : 0, n;
    char *grown;

    if (!item || !*item || join_has(*list, item))
        return 0;
    n = strlen(item);
    if (old + 2 + n > cap)
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

/* ------------------------------------------------------------------ */
/* Words: text folded to " lowercase ascii words " for matching        */

#define FOLD_MAX 4096

/* ASCII for the Latin-1 letters U+00C0..U+00FF (UTF-8 C3 80..BF). */
static const char *const fold_latin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i",
    "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", " ", "o", "u",
    "u", "u", "u", "y", "th", "ss", "a", "a", "a", "a", "a", "a", "ae",
    "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o",
    "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y",
};

static void fold_put(char *out, size_t *o, size_t len, const char *s)
{
    for (; *s; s++) {
        if (*s == ' ' && out[*o - 1] == ' ')
            continue;
        if (*o + 2 < len)
            out[(*o)++] = *s;
    }
}

/*
 * Fold UTF-8 `s` into `out`: accents dropped (é -> e, œ -> oe), ASCII
 * lowercased, everything else a single space, with a space at both ends
 * so whole words can be found with strstr(" word ").
 */
static void fold_words(const char *s, char *out, size_t len)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    size_t o = 1;

    out[0] = ' ';
    while (*u) {
        char c[2] = {0, 0};

        if (isalnum(*u)) {
            c[0] = (char)tolower(*u);
            fold_put(out, &o, len, c);
            u++;
        } else if (u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0xBF) {
            fold_put(out, &o, len, fold_latin1[u[1] - 0x80]);
            u += 2;
        } else if (u[0] == 0xC5 && (u[1] == 0x92 || u[1] == 0x93)) {
            fold_put(out, &o, len, "oe");
            u += 2;
        } else {
            fold_put(out, &o, len, " ");
            u++;
            while ((*u & 0xC0) == 0x80)
                u++;
        }
    }
    fold_put(out, &o, len, " ");
    out[o] = '\0';
}

/*
 * 1 when folded text holds `phrase` as whole words; a phrase ending in
 * '*' matches word prefixes ("sunglass*" finds "sunglasses").
 */
static int fold_has(const char *folded, const char *phrase)
{
    char pat[64];
    size_t n = strlen(phrase);
    int star = n > 0 && phrase[n - 1] == '*';

    if (star)
        n--;
    if (n + 3 > sizeof(pat))
        return 0;
    pat[0] = ' ';
    memcpy(pat + 1, phrase, n);
    pat[n + 1] = star ? '\0' : ' ';
    pat[n + 2] = '\0';
    return strstr(folded, pat) != NULL;
}

struct kw {
    const char *phrase;
    const char *key;
};

/* The key of the first phrase of table `t` found in folded text. */
static const char *kw_find(const char *folded, const struct kw *t,
                           size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (fold_has(folded, t[i].phrase))
            return t[i].key;
    }
    return NULL;
}

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

/* Category from one folded source, or -1 when it says nothing. */
static int category_of(const char *folded, int is_tags)
{
    size_t n_hidden = is_tags ? KW_HIDDEN_IN_TAGS : COUNT(kw_hidden);

    if (kw_find(folded, kw_hidden, n_hidden))
        return PRODUCT_HIDDEN;
    if (kw_find(folded, kw_accessory, COUNT(kw_accessory)))
        return PRODUCT_ACCESSORY;
    if (kw_find(folded, kw_sun, COUNT(kw_sun)))
        return PRODUCT_SUN;
    if (kw_find(folded, kw_optical, COUNT(kw_optical)))
        return PRODUCT_OPTICAL;
    return -1;
}

/*
 * The material of one folded source: "mixed" when named, or when a
 * plastic-like (acetate, plastic, wood, horn, carbon) and a metal-like
 * one appear together ("acetate front, titanium temples").
 */
static const char *material_of(const char *folded)
{
    const char *metal = NULL, *other = NULL;

    for (size_t i = 0; i < COUNT(kw_material); i++) {
        const char *key = kw_material[i].key;

        if (!fold_has(folded, kw_material[i].phrase))
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

static const char *gender_of(const char *folded)
{
    const char *g = kw_find(folded, kw_gender, COUNT(kw_gender));
    const char *w = kw_find(folded, kw_women, COUNT(kw_women));
    const char *m = kw_find(folded, kw_men, COUNT(kw_men));

    if (g)
        return g;
    if (w && m)
        return "unisex";
    return w ? w : m;
}

enum infer_option infer_option_kind(const char *name)
{
    static const struct kw brand[] = {
        {"brand*", "b"},    {"marque*", "b"},      {"marke*", "b"},
        {"designer*", "b"}, {"manufacturer", "b"}, {"fabricant", "b"},
        {"vendor", "b"},    {"hersteller", "b"},
    };
    static const struct kw colour[] = {
        {"colo*", "c"},  {"couleur*", "c"}, {"farbe*", "c"},
        {"kleur*", "c"}, {"teinte*", "c"},
    };
    static const struct kw size[] = {
        {"size*", "s"},        {"taille*", "s"},      {"grosse", "s"},
        {"groesse", "s"},      {"width", "s"},        {"calibre", "s"},
        {"dimension*", "s"},   {"measurement*", "s"}, {"mesure*", "s"},
        {"taglia", "s"},       {"maat", "s"},         {"fit", "s"},
    };
    char folded[256];

    fold_words(name, folded, sizeof(folded));
    if (kw_find(folded, brand, COUNT(brand)))
        return INFER_OPT_BRAND;
    if (kw_find(folded, colour, COUNT(colour)))
        return INFER_OPT_COLOUR;
    if (kw_find(folded, size, COUNT(size)))
        return INFER_OPT_SIZE;
    return INFER_OPT_OTHER;
}

int infer_is_tryon(const char *src, const char *alt)
{
    static const char *const words[] = {"tryon", "try-on", "try_on",
                                        "try on", "front"};
    const char *file, *end;
    char name[256];
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
    memcpy(name, file, n);
    name[n] = '\0';

    for (size_t i = 0; i < COUNT(words); i++) {
        if (html_find(name, words[i]) ||
            (alt && html_find(alt, words[i])))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* The product                                                        */

/* The folded texts infer_product reads. */
struct infer_src {
    char type[FOLD_MAX];
    char tags[FOLD_MAX];
    char title[FOLD_MAX];
    char options[FOLD_MAX];
};

/* Lowercase ASCII letters of a free-text value the shop gave. */
static void lower_in_place(char *s)
{
    for (; s && *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

enum infer_field { F_SHAPE, F_MATERIAL, F_RIM, F_GENDER };

static const char *field_of(enum infer_field f, const char *folded)
{
    switch (f) {
    case F_SHAPE: return kw_find(folded, kw_shape, COUNT(kw_shape));
    case F_MATERIAL: return material_of(folded);
    case F_RIM: return kw_find(folded, kw_rim, COUNT(kw_rim));
    case F_GENDER: return gender_of(folded);
    }
    return NULL;
}

/*
 * Normalise a value the shop gave, or find one in the sources, in order:
 * product type, tags, title (not for gender: "Iron Man" is no gender),
 * options.
 */
static int infer_field(char **field, enum infer_field f,
                       const struct infer_src *src)
{
    const char *order[] = {src->type, src->tags, src->title, src->options};
    char folded[FOLD_MAX];
    const char *key = NULL;

    if (*field && **field) {
        fold_words(*field, folded, sizeof(folded));
        key = field_of(f, folded);
        if (!key) {
            lower_in_place(*field);
            return 0;
        }
        return product_set(field, key);
    }

    for (size_t i = 0; i < COUNT(order) && !key; i++) {
        if (f == F_GENDER && order[i] == src->title)
            continue;
        key = field_of(f, order[i]);
    }
    return key ? product_set(field, key) : 0;
}

static void infer_category(struct product *p, const struct infer_src *src)
{
    int c = category_of(src->type, 0);

    if (c < 0)
        c = category_of(src->title, 0);
    if (c < 0)
        c = category_of(src->tags, 1);
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

    for (size_t i = 0; i < p->n_variants; i++) {
        struct product_variant *v = &p->variants[i];

        measure_from_tags(&v->size, p->tags);
        if (!v->size.title_lens_mm)
            v->size.title_lens_mm = title_lens;
        if (set_colours && infer_join(&p->colours, v->colour,
                                      INFER_FIELD_MAX) < 0)
            return KERR_NOMEM;
    }
    return 0;
}

int infer_product(struct product *p, const struct infer_hints *h)
{
    static const enum infer_field fields[] = {F_SHAPE, F_MATERIAL, F_RIM,
                                              F_GENDER};
    char **slots[] = {&p->shape, &p->material, &p->rim, &p->gender};
    struct infer_src folded, *src = &folded; /* 16 KiB of stack */
    int rc = 0;

    fold_words(h ? h->product_type : NULL, src->type, FOLD_MAX);
    fold_words(p->tags, src->tags, FOLD_MAX);
    fold_words(p->title, src->title, FOLD_MAX);
    fold_words(h ? h->options : NULL, src->options, FOLD_MAX);

    if (!h || !h->category_known)
        infer_category(p, src);

    for (size_t i = 0; i < COUNT(fields) && rc == 0; i++)
        rc = infer_field(slots[i], fields[i], src);
    if (rc == 0)
        rc = infer_model(p);
    if (rc == 0)
        rc = infer_variants(p);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Pages of items                                                     */

const char *infer_source(const struct shop_page *pg)
{
    return pg && pg->source ? pg->source : "shop";
}

int infer_skip(const struct shop_page *pg, const char *id, size_t index,
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

int infer_emit_items(const struct shop_page *pg, const json_t *items,
                     infer_item_fn fn, void *fnctx, shop_emit_fn emit,
                     void *ctx, int *skipped)
{
    const json_t *item;
    size_t i;
    int emitted = 0;

    json_array_foreach(items, i, item) {
        struct product p = {0};
        int rc;

        if (!json_is_object(item))
            rc = infer_skip(pg, NULL, i, "not a JSON object");
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
