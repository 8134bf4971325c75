#include "numtext.h"

#include "kerr.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Prices                                                             */

int numtext_decimals(const char *code)
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

int numtext_price(const char *text, int decimals, int64_t *out)
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

/* ------------------------------------------------------------------ */
/* Dates                                                              */

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

int numtext_time(const char *iso, int64_t *out)
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
