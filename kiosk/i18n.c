#include "i18n.h"

#include "kerr.h"
#include "log.h"
#include "numtext.h"

#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* UTF-8 spaces that keep a number with its unit or its other digits. */
#define NBSP "\u00a0"
#define NNBSP "\u202f"

/* Longest "context\004msgid" key i18n_ctx() looks up. */
#define I18N_KEY_MAX 256

struct i18n_lang {
    const char *code;  /* value of LANGUAGE and catalog directory name */
    const char *name;  /* own name, never translated */
    const char *group; /* digit-group separator */
    char decimal;      /* decimal mark */
    int symbol_after;  /* currency after the number, not before */
};

static const struct i18n_lang i18n_langs[] = {
    {"en", "English", ",", '.', 0},
    {"fr", "Fran\u00e7ais", NNBSP, ',', 1},
};

struct i18n_symbol {
    const char *code;
    const char *before; /* English: written before, no space */
    const char *after;  /* French: written after a no-break space */
};

static const struct i18n_symbol i18n_symbols[] = {
    {"EUR", "\u20ac", "\u20ac"},   {"USD", "$", "$"},
    {"GBP", "\u00a3", "\u00a3"},   {"JPY", "\u00a5", "\u00a5"},
    {"CAD", "CA$", "$" NBSP "CA"},
};

static const struct i18n_lang *i18n_cur = &i18n_langs[0];
static unsigned i18n_gen;
static int i18n_bound; /* i18n_init() succeeded: gettext is in use */

/* A bounded writer: text goes in while it fits, else `full` is set. */
struct out {
    char *buf;
    size_t len, used;
    int full;
};

/* ------------------------------------------------------------------ */
/* Language                                                           */

static const struct i18n_lang *lang_find(const char *code)
{
    for (size_t i = 0; code && i < COUNT(i18n_langs); i++) {
        if (strcmp(code, i18n_langs[i].code) == 0)
            return &i18n_langs[i];
    }
    return NULL;
}

/*
 * Point gettext at `lang`. glibc caches translations by msgid, domain and
 * LC_MESSAGES name, not by LANGUAGE, so the cache must be told: setting
 * the text domain to itself bumps glibc's catalog counter, which is the
 * documented way to announce that an environment variable changed.
 */
static int lang_apply(const struct i18n_lang *lang)
{
    const char *domain;

    if (setenv("LANGUAGE", lang->code, 1) != 0)
        return kerr_set(KERR_NOMEM, "i18n: cannot set LANGUAGE to %s",
                        lang->code);

    domain = textdomain(NULL);
    if (domain)
        textdomain(domain);
    return 0;
}

/*
 * glibc ignores LANGUAGE while LC_MESSAGES is "C" or "POSIX". Any other
 * locale is kept (the program chose it); C/POSIX is replaced by the
 * C.UTF-8 locale built into glibc since 2.35, which needs no files.
 */
static int messages_locale(void)
{
    static const char *const names[] = {"C.UTF-8", "C.utf8"};
    const char *cur = setlocale(LC_MESSAGES, NULL);

    if (cur && strcmp(cur, "C") != 0 && strcmp(cur, "POSIX") != 0)
        return 0;

    for (size_t i = 0; i < COUNT(names); i++) {
        if (setlocale(LC_MESSAGES, names[i]))
            return 0;
    }
    return kerr_set(KERR_REFUSED, "i18n: no C.UTF-8 locale for "
                                  "LC_MESSAGES; translations would be ignored");
}

/* Log each language whose catalog is missing: a packaging mistake. */
static void catalogs_check(const char *localedir)
{
    char path[4096];
    struct stat st;

    for (size_t i = 0; i < COUNT(i18n_langs); i++) {
        int n = snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/%s.mo",
                         localedir, i18n_langs[i].code, I18N_DOMAIN);

        if (n < 0 || (size_t)n >= sizeof(path) || stat(path, &st) != 0)
            log_warn("i18n", "%s: no catalog; %s will show English", path,
                     i18n_langs[i].name);
    }
}

int i18n_init(const char *localedir)
{
    struct stat st;
    int rc;

    if (!localedir || !*localedir)
        return kerr_set(KERR_INVAL, "i18n: no locale directory");
    if (stat(localedir, &st) != 0 || !S_ISDIR(st.st_mode))
        return kerr_set(KERR_IO, "i18n: %s: not a directory", localedir);

    rc = messages_locale();
    if (rc < 0)
        return rc;

    if (!bindtextdomain(I18N_DOMAIN, localedir) ||
        !bind_textdomain_codeset(I18N_DOMAIN, "UTF-8"))
        return kerr_set(KERR_NOMEM, "i18n: cannot bind %s to %s", I18N_DOMAIN,
                        localedir);
    catalogs_check(localedir);

    rc = lang_apply(i18n_cur);
    if (rc < 0)
        return rc;
    i18n_bound = 1;
    log_info("i18n", "catalogs from %s, language %s", localedir,
             i18n_cur->code);
    return 0;
}

int i18n_set_language(const char *lang)
{
    const struct i18n_lang *l = lang_find(lang);
    int rc;

    if (!l)
        return kerr_set(KERR_INVAL, "i18n: unknown language '%.16s'",
                        lang ? lang : "(null)");

    if (i18n_bound) {
        rc = lang_apply(l);
        if (rc < 0)
            return rc;
    }
    i18n_cur = l;
    i18n_gen++;
    return 0;
}

const char *i18n_language(void)
{
    return i18n_cur->code;
}

const char *i18n_language_code(int i)
{
    if (i < 0 || (size_t)i >= COUNT(i18n_langs))
        return NULL;
    return i18n_langs[i].code;
}

const char *i18n_language_name(const char *lang)
{
    const struct i18n_lang *l = lang_find(lang);

    return l ? l->name : NULL;
}

unsigned i18n_generation(void)
{
    return i18n_gen;
}

/* ------------------------------------------------------------------ */
/* Lookups                                                            */

/* |v| without overflow, LLONG_MIN included. */
static unsigned long long magnitude(long long v)
{
    return v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
}

const char *i18n_text(const char *msgid)
{
    /* gettext("") is the catalog header, never what a caller meant. */
    if (!msgid || !*msgid)
        return msgid ? msgid : "";
    return dgettext(I18N_DOMAIN, msgid);
}

const char *i18n_plural(const char *singular, const char *plural, long long n)
{
    unsigned long long mag = magnitude(n);
    unsigned long count = mag > ULONG_MAX ? ULONG_MAX : (unsigned long)mag;

    if (!singular || !plural)
        return singular ? singular : "";
    return dngettext(I18N_DOMAIN, singular, plural, count);
}

const char *i18n_ctx(const char *ctx, const char *msgid)
{
    char key[I18N_KEY_MAX];
    const char *tr;
    int n;

    if (!ctx || !msgid || !*msgid)
        return i18n_text(msgid);

    /* gettext stores msgctxt as "context" EOT "msgid". */
    n = snprintf(key, sizeof(key), "%s\004%s", ctx, msgid);
    if (n < 0 || (size_t)n >= sizeof(key))
        return msgid;

    tr = dgettext(I18N_DOMAIN, key);
    return tr == key ? msgid : tr;
}

/* ------------------------------------------------------------------ */
/* Formatting                                                         */

static void out_put(struct out *o, const char *s)
{
    size_t n = strlen(s);

    if (o->full || o->used + n >= o->len) {
        o->full = 1;
        return;
    }
    memcpy(o->buf + o->used, s, n + 1);
    o->used += n;
}

static void out_char(struct out *o, char c)
{
    char s[2] = {c, '\0'};

    out_put(o, s);
}

/* Close the text: 0, or "" and KERR_INVAL when it did not fit. */
static int out_end(struct out *o, const char *what)
{
    if (!o->full)
        return 0;
    if (o->buf && o->len > 0)
        o->buf[0] = '\0';
    return kerr_set(KERR_INVAL,
                    "i18n: buffer of %zu bytes too small "
                    "for %s",
                    o->len, what);
}

static struct out out_start(char *buf, size_t len)
{
    struct out o = {buf, len, 0, 0};

    if (!buf || len == 0)
        o.full = 1;
    else
        buf[0] = '\0';
    return o;
}

/* Digits of `v` in groups of three with the language's separator. */
static void put_grouped(struct out *o, unsigned long long v)
{
    char digits[24];
    int n = snprintf(digits, sizeof(digits), "%llu", v);

    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out_put(o, i18n_cur->group);
        out_char(o, digits[i]);
    }
}

int i18n_count(long long n, char *buf, size_t len)
{
    struct out o = out_start(buf, len);

    if (n < 0)
        out_char(&o, '-');
    put_grouped(&o, magnitude(n));
    return out_end(&o, "a count");
}

/* Minor-unit amount `u` with `decimals` (0..3) digits after the mark. */
static void put_amount(struct out *o, unsigned long long u, int decimals)
{
    unsigned long long scale = 1;
    char frac[8];

    for (int i = 0; i < decimals; i++)
        scale *= 10;
    put_grouped(o, u / scale);
    if (decimals == 0)
        return;

    snprintf(frac, sizeof(frac), "%0*llu", decimals, u % scale);
    out_char(o, i18n_cur->decimal);
    out_put(o, frac);
}

/* Upper-case `currency` into `code` if it is three ASCII letters. */
static int currency_code(const char *currency, char code[4])
{
    for (int i = 0; i < 3; i++) {
        char c = currency ? currency[i] : '\0';

        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c < 'A' || c > 'Z')
            return KERR_INVAL;
        code[i] = c;
    }
    code[3] = '\0';
    return currency[3] == '\0' ? 0 : KERR_INVAL;
}

static const struct i18n_symbol *symbol_find(const char *code)
{
    for (size_t i = 0; i < COUNT(i18n_symbols); i++) {
        if (strcmp(code, i18n_symbols[i].code) == 0)
            return &i18n_symbols[i];
    }
    return NULL;
}

int i18n_price(int64_t minor, const char *currency, char *buf, size_t len)
{
    struct out o = out_start(buf, len);
    const struct i18n_symbol *sym;
    char code[4];
    int decimals;

    if (currency_code(currency, code) < 0) {
        o.full = 1;
        out_end(&o, "a price");
        return kerr_set(KERR_INVAL, "i18n: bad currency code '%.8s'",
                        currency ? currency : "(null)");
    }
    sym = symbol_find(code);
    decimals = numtext_decimals(code);

    if (minor < 0)
        out_char(&o, '-');
    if (!i18n_cur->symbol_after) {
        out_put(&o, sym ? sym->before : code);
        if (!sym)
            out_put(&o, NBSP);
    }
    put_amount(&o, magnitude(minor), decimals);
    if (i18n_cur->symbol_after) {
        out_put(&o, NBSP);
        out_put(&o, sym ? sym->after : code);
    }
    return out_end(&o, "a price");
}

int i18n_mm(double mm, char *buf, size_t len)
{
    struct out o = out_start(buf, len);
    long long tenths;

    if (!isfinite(mm) || fabs(mm) >= 1e15) {
        o.full = 1;
        out_end(&o, "a length");
        return kerr_set(KERR_INVAL, "i18n: length out of range");
    }

    tenths = llround(mm * 10.0);
    if (tenths < 0)
        out_char(&o, '-');
    put_grouped(&o, magnitude(tenths) / 10);
    if (magnitude(tenths) % 10 != 0) {
        out_char(&o, i18n_cur->decimal);
        out_char(&o, (char)('0' + magnitude(tenths) % 10));
    }
    out_put(&o, NBSP "mm");
    return out_end(&o, "a length");
}

/*
 * Put translated `tmpl` with its single "%s" replaced by `arg`. A
 * template with any other conversion is a broken translation: refuse
 * it, so a catalog can never steer a printf.
 */
static int put_template(struct out *o, const char *tmpl, const char *arg)
{
    const char *p = strchr(tmpl, '%');

    if (!p || p[1] != 's' || strchr(p + 2, '%'))
        return KERR_INVAL;

    for (const char *s = tmpl; s < p; s++)
        out_char(o, *s);
    out_put(o, arg);
    out_put(o, p + 2);
    return 0;
}

int i18n_days(int n, char *buf, size_t len)
{
    struct out o = out_start(buf, len);
    char num[I18N_FMT_MAX];
    const char *tmpl;

    if (n < 0) {
        o.full = 1;
        out_end(&o, "a number of days");
        return kerr_set(KERR_INVAL, "i18n: negative number of days");
    }

    i18n_count(n, num, sizeof(num));
    tmpl = i18n_plural("about %s day", "about %s days", n);
    if (put_template(&o, tmpl, num) < 0) {
        log_warn("i18n", "%s: bad translation of 'about %%s days'",
                 i18n_cur->code);
        put_template(&o, n == 1 ? "about %s day" : "about %s days", num);
    }
    return out_end(&o, "a number of days");
}
