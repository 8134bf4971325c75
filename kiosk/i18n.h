/*
 * i18n: the customer's language, translated text and numbers written the
 * way that language writes them.
 *
 * Text goes through GNU gettext (domain "kiosk", catalogs in
 * <localedir>/<lang>/LC_MESSAGES/kiosk.mo, msgids in English). The
 * language changes at run time, instantly: glibc picks the catalog from
 * the LANGUAGE variable, which it honours only when LC_MESSAGES is not
 * "C" or "POSIX", so i18n_init() moves a C/POSIX LC_MESSAGES to the
 * built-in "C.UTF-8" (nothing else: LC_NUMERIC and LC_CTYPE stay as they
 * are), and i18n_set_language() sets LANGUAGE and tells gettext that its
 * cached translations are stale.
 *
 * Numbers, prices, millimetres and days are formatted by this module's
 * own code from fixed rules for each language, never through the
 * process locale, so a kiosk with no locales installed still writes
 * "1 284" and "289,00 €" in French. Separators, as UTF-8:
 *
 *             digit groups        decimal  number-unit, number-currency
 *   English   ","                 "."      U+00A0 no-break space
 *   French    U+202F narrow nbsp  ","      U+00A0 no-break space
 *
 * Prices always show all their minor digits ("€289.00", never "€289"),
 * so columns of prices line up and a price never changes width when only
 * the cents change.
 *
 * Thread: the UI thread only. Every function here reads or writes the
 * current language without a lock, and i18n_set_language() rewrites the
 * LANGUAGE variable; call i18n_init() before starting other threads, so
 * that later switches only replace the variable's value in place.
 *
 * Extracting strings: the keywords for xgettext are
 *   -k_ -kN_ -ki18n_plural:1,2 -ki18n_ctx:1c,2 -kNC_:1c,2
 *   --from-code=UTF-8 --add-comments=TRANSLATORS:
 */
#ifndef KIOSK_I18N_H
#define KIOSK_I18N_H

#include <stddef.h>
#include <stdint.h>

/* The gettext domain, and so the name of every .mo file. */
#define I18N_DOMAIN "kiosk"

/* A buffer of this many bytes always holds any formatted result. */
#define I18N_FMT_MAX 80

/* Translate a literal: _("Home"). */
#ifndef _
#define _(s) i18n_text(s)
#endif
/* Mark a literal for extraction only, for tables translated later. */
#ifndef N_
#define N_(s) (s)
#endif
/* Mark a literal with a context for extraction only. */
#ifndef NC_
#define NC_(ctx, s) (s)
#endif

/*
 * Bind the "kiosk" domain to `localedir` (the directory holding
 * "fr/LC_MESSAGES/kiosk.mo"; copied by gettext) with UTF-8 output, make
 * LC_MESSAGES able to honour LANGUAGE (see above) and apply the current
 * language (English until i18n_set_language() says otherwise). A language
 * whose catalog is missing is logged and then shows the English msgids.
 * Call once at start-up, before other threads exist; calling it again
 * rebinds. Returns 0, KERR_INVAL for a NULL or empty `localedir`,
 * KERR_IO when it is not a directory, KERR_REFUSED when no usable
 * LC_MESSAGES locale exists (translations would be ignored).
 */
int i18n_init(const char *localedir);

/*
 * Switch to `lang`, exactly one of the codes i18n_language_code() lists
 * ("en", "fr"). Takes effect for the next lookup and format: callers redraw
 * and may compare i18n_generation() to drop text they cached. Works before
 * i18n_init() too (formatting only). LANGUAGE is process-wide, so other
 * gettext users follow it too (strerror() texts, where the system has
 * glibc's French catalog). Returns 0, or KERR_INVAL with the language
 * unchanged for NULL or an unknown code.
 */
int i18n_set_language(const char *lang);

/* The current language code, "en" or "fr"; a static string. */
const char *i18n_language(void);

/*
 * Language code number `i` (0, 1, ...) in the order the switch shows
 * them, or NULL past the last one. Static strings.
 */
const char *i18n_language_code(int i);

/*
 * The name of language `lang` in that language ("English", "Français"),
 * the same whatever the current language, so a customer finds their own;
 * NULL for an unknown code. Static strings.
 */
const char *i18n_language_name(const char *lang);

/*
 * A counter bumped by every successful i18n_set_language(), so caches of
 * rendered text can tell that they are stale. Starts at 0.
 */
unsigned i18n_generation(void);

/*
 * The translation of `msgid` in the current language, or `msgid` itself
 * when there is none. The result lives as long as the process or as long
 * as `msgid`; never free it. Use through _().
 */
const char *i18n_text(const char *msgid);

/*
 * ngettext: the singular or plural form for count `n` by the current
 * language's rule (English: 1 is singular; French: 0 and 1 are). A
 * negative `n` picks the form of its magnitude. Returns a translation or
 * one of the arguments; never free it. Format `n` into the result
 * yourself, with i18n_count() for "%s" forms.
 */
const char *i18n_plural(const char *singular, const char *plural, long long n);

/*
 * pgettext: the translation of `msgid` in context `ctx` (msgctxt), so
 * that "round" the shape and another "round" translate apart; `msgid`
 * itself when there is none. The facet values of the catalog are
 * translated this way, with the facet as context: i18n_ctx("shape",
 * "cat-eye") gives "Cat-eye" or "Œil de chat"; unknown values come back
 * unchanged. Ownership as i18n_text().
 */
const char *i18n_ctx(const char *ctx, const char *msgid);

/*
 * Write integer `n` with digit groups into `buf` of `len` bytes:
 * "1,284" / "1 284" (U+202F), "-1,284", "0". Returns 0, or KERR_INVAL
 * (and "" in `buf` when `len` > 0) when `buf` is too small: a cut number
 * would mislead, an empty one is only missing.
 */
int i18n_count(long long n, char *buf, size_t len);

/*
 * Write a price of `minor` units (cents) in ISO 4217 `currency` into
 * `buf`. Minor digits per currency as numtext_decimals() says (2; 0 for
 * JPY and the like; 3 for KWD and the like). English puts a symbol before
 * the number ("€289.00", "$1,289.00", "-€5.00") and a code before it with
 * a no-break space ("CHF 289.00"); French puts either after it with a
 * no-break space ("289,00 €", "1 289,00 $", "289,00 CHF"). Known symbols:
 * EUR €, USD $, GBP £, JPY ¥ (CAD: "CA$" / "$ CA"); any other well-formed
 * code (three ASCII letters, any case) prints as its upper-case code.
 * Returns 0, or KERR_INVAL (and "" in `buf`) for a missing or malformed
 * currency or a `buf` too small.
 */
int i18n_price(int64_t minor, const char *currency, char *buf, size_t len);

/*
 * Write a length of `mm` millimetres, rounded to 0.1 mm, with a trailing
 * ".0" dropped: "52 mm", "52.5 mm" / "52,5 mm", groups as i18n_count().
 * Returns 0, or KERR_INVAL (and "" in `buf`) for NaN, infinity, a
 * magnitude of 1e15 mm or more, or a `buf` too small.
 */
int i18n_mm(double mm, char *buf, size_t len);

/*
 * Write a lead time of `n` days: "about 7 days" / "environ 7 jours",
 * "about 1 day" / "environ 1 jour" (French also "environ 0 jour").
 * Returns 0, or KERR_INVAL (and "" in `buf`) for a negative `n` or a
 * `buf` too small.
 */
int i18n_days(int n, char *buf, size_t len);

#endif
