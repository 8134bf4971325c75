/*
 * i18n: language switching through gettext, and numbers as English and
 * French write them.
 *
 * The gettext tests need the compiled catalogs: the directory comes from
 * the environment variable KIOSK_LOCALEDIR, else from the compile-time
 * KIOSK_LOCALEDIR definition; without either they are skipped with a
 * message. The catalog sources are read from SOURCE_DIR/assets/locale.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "i18n.h"
#include "kerr.h"
#include "log.h"

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NBSP "\u00a0"
#define NNBSP "\u202f"
#define EURO "\u20ac"
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *catalogs; /* usable locale directory, or NULL */

/* ------------------------------------------------------------------ */
/* Catalog files                                                      */

static int has_catalogs(const char *dir)
{
    char path[4096];
    struct stat st;

    if (!dir || !*dir)
        return 0;
    snprintf(path, sizeof(path), "%s/fr/LC_MESSAGES/kiosk.mo", dir);
    return stat(path, &st) == 0;
}

static const char *find_catalogs(void)
{
    const char *env = getenv("KIOSK_LOCALEDIR");

    if (has_catalogs(env))
        return env;
#ifdef KIOSK_LOCALEDIR
    if (has_catalogs(KIOSK_LOCALEDIR))
        return KIOSK_LOCALEDIR;
#endif
    return NULL;
}

static void need_catalogs(void)
{
    if (!catalogs) {
        print_message("no compiled catalogs: set KIOSK_LOCALEDIR to the "
                      "build's locale directory; skipped\n");
        skip();
    }
}

/* ------------------------------------------------------------------ */
/* Language choice                                                    */

static void test_unknown_language(void **state)
{
    static const char *const bad[] = {
        "de", "", "EN", "fr_FR", "fr-CA", "english", "f", NULL,
    };

    assert_int_equal(i18n_set_language("fr"), 0);
    for (size_t i = 0; i < COUNT(bad); i++) {
        unsigned gen = i18n_generation();

        assert_int_equal(i18n_set_language(bad[i]), KERR_INVAL);
        assert_string_equal(i18n_language(), "fr");
        assert_int_equal(i18n_generation(), gen);
    }
    assert_int_equal(i18n_set_language("en"), 0);
    assert_string_equal(i18n_language(), "en");
}

static void test_language_list(void **state)
{
    assert_string_equal(i18n_language_code(0), "en");
    assert_string_equal(i18n_language_code(1), "fr");
    assert_null(i18n_language_code(2));
    assert_null(i18n_language_code(-1));

    /* Each language's own name, whatever the current language. */
    assert_int_equal(i18n_set_language("fr"), 0);
    assert_string_equal(i18n_language_name("en"), "English");
    assert_string_equal(i18n_language_name("fr"), "Fran\u00e7ais");
    assert_null(i18n_language_name("de"));
    assert_int_equal(i18n_init(NULL), KERR_INVAL);
    assert_int_equal(i18n_init(FIXTURES "/no/such/dir"), KERR_IO);
    assert_int_equal(i18n_set_language("en"), 0);
}

/* ------------------------------------------------------------------ */
/* gettext                                                            */

static void test_switching(void **state)
{
    need_catalogs();

    for (int round = 0; round < 3; round++) {
        unsigned gen = i18n_generation();

        assert_int_equal(i18n_set_language("en"), 0);
        assert_string_equal(_("Home"), "Home");
        assert_string_equal(_("Sync now"), "Sync now");
        assert_string_equal(i18n_ctx("shape", "cat-eye"), "Cat-eye");

        assert_int_equal(i18n_set_language("fr"), 0);
        assert_string_equal(i18n_language(), "fr");
        assert_string_equal(_("Home"), "Accueil");
        assert_string_equal(_("Sync now"), "Synchroniser");
        assert_string_equal(_("Still there?"), "Toujours l\u00e0" NNBSP "?");
        assert_string_equal(i18n_ctx("shape", "cat-eye"), "\u0152il de chat");

        assert_int_equal(i18n_set_language("en"), 0);
        assert_string_equal(_("Home"), "Home");
        assert_true(i18n_generation() == gen + 3);
    }
}

static void test_plurals(void **state)
{
    static const struct {
        const char *lang;
        long long n;
        const char *want;
    } cases[] = {
        {"en", 0, "Order, about %d days"},
        {"en", 1, "Order, about %d day"},
        {"en", 2, "Order, about %d days"},
        {"en", -1, "Order, about %d day"},
        {"fr", 0, "Sur commande, environ %d jour"},
        {"fr", 1, "Sur commande, environ %d jour"},
        {"fr", 2, "Sur commande, environ %d jours"},
        {"fr", 1000000, "Sur commande, environ %d jours"},
        {"fr", LLONG_MIN, "Sur commande, environ %d jours"},
    };

    need_catalogs();
    for (size_t i = 0; i < COUNT(cases); i++) {
        assert_int_equal(i18n_set_language(cases[i].lang), 0);
        assert_string_equal(i18n_plural("Order, about %d day",
                                        "Order, about %d days", cases[i].n),
                            cases[i].want);
    }
    assert_string_equal(i18n_plural("%s frame", "%s frames", 1), "%s monture");
    assert_string_equal(i18n_plural("%s frame", "%s frames", 1284),
                        "%s montures");
    assert_int_equal(i18n_set_language("en"), 0);
}

static void test_context(void **state)
{
    static const char unknown[] = "hexagonal-ish";
    static const struct {
        const char *ctx, *msgid, *en, *fr;
    } cases[] = {
        {"shape", "round", "Round", "Ronde"},
        {"material", "mixed", "Mixed materials", "Bi-mati\u00e8re"},
        {"gender", "unisex", "Unisex", "Mixte"},
        {"rim", "rimless", "Rimless", "Perc\u00e9e"},
        {"category", "sun", "Sunglasses", "Lunettes de soleil"},
        {"size", "small", "Small", "Petite"},
    };

    need_catalogs();
    for (size_t i = 0; i < COUNT(cases); i++) {
        assert_int_equal(i18n_set_language("en"), 0);
        assert_string_equal(i18n_ctx(cases[i].ctx, cases[i].msgid),
                            cases[i].en);
        assert_int_equal(i18n_set_language("fr"), 0);
        assert_string_equal(i18n_ctx(cases[i].ctx, cases[i].msgid),
                            cases[i].fr);
    }

    /* Unknown values and contexts come back as given, never a header. */
    assert_ptr_equal(i18n_ctx("shape", unknown), unknown);
    assert_string_equal(i18n_ctx("colour", "round"), "round");
    assert_string_equal(i18n_ctx(NULL, "Home"), "Accueil");
    assert_string_equal(i18n_ctx("shape", ""), "");
    assert_string_equal(_(""), "");
    assert_string_equal(_("not a message of the kiosk"),
                        "not a message of the kiosk");
    assert_int_equal(i18n_set_language("en"), 0);
}

/* One entry of a .po file, as far as completeness needs it. */
struct po_entry {
    char key[512]; /* msgctxt EOT msgid */
    int translated;
};

struct po_file {
    struct po_entry e[400];
    size_t n;
};

/* The quoted text of a PO line, appended to `dst` (escapes kept). */
static void po_append(char *dst, size_t len, const char *line)
{
    const char *open = strchr(line, '"');
    const char *close = strrchr(line, '"');
    size_t used = strlen(dst);

    assert_non_null(open);
    assert_true(close > open);
    assert_true(used + (size_t)(close - open) < len);
    memcpy(dst + used, open + 1, (size_t)(close - open - 1));
    dst[used + (size_t)(close - open - 1)] = '\0';
}

static void po_close(struct po_file *po, char *ctx, char *id, int nstr,
                     int nempty)
{
    if (nstr > 0 && *id) {
        struct po_entry *e = &po->e[po->n++];

        assert_true(po->n < COUNT(po->e));
        snprintf(e->key, sizeof(e->key), "%s\004%s", ctx, id);
        e->translated = nempty == 0;
    }
    ctx[0] = id[0] = '\0';
}

/*
 * Read the entries of a PO file: an entry ends where the next msgctxt
 * or msgid begins, and is translated when none of its msgstr is empty.
 */
static void po_read(const char *path, struct po_file *po)
{
    char line[1024], ctx[256] = "", id[512] = "", str[1024] = "";
    char *cur = NULL;
    size_t cur_len = 0;
    int nstr = 0, nempty = 0;
    FILE *f = fopen(path, "r");

    if (!f)
        fail_msg("%s: cannot open", path);
    po->n = 0;
    while (fgets(line, sizeof(line), f)) {
        if (!strncmp(line, "msgctxt ", 8) ||
            (!strncmp(line, "msgid ", 6) && nstr > 0)) {
            if (str[0] == '\0' && nstr > 0)
                nempty++;
            po_close(po, ctx, id, nstr, nempty);
            nstr = nempty = 0;
        }
        if (!strncmp(line, "msgctxt ", 8)) {
            cur = ctx, cur_len = sizeof(ctx);
        } else if (!strncmp(line, "msgid ", 6)) {
            cur = id, cur_len = sizeof(id);
        } else if (!strncmp(line, "msgstr", 6)) {
            if (nstr > 0 && str[0] == '\0')
                nempty++;
            nstr++;
            str[0] = '\0';
            cur = str, cur_len = sizeof(str);
        } else if (line[0] != '"') {
            cur = NULL;
            continue;
        }
        if (cur && strncmp(line, "msgid_plural", 12) != 0)
            po_append(cur, cur_len, line);
    }
    if (str[0] == '\0' && nstr > 0)
        nempty++;
    po_close(po, ctx, id, nstr, nempty);
    fclose(f);
}

static const struct po_entry *po_find(const struct po_file *po, const char *key)
{
    for (size_t i = 0; i < po->n; i++) {
        if (strcmp(po->e[i].key, key) == 0)
            return &po->e[i];
    }
    return NULL;
}

static void check_complete(const struct po_file *pot, const char *lang)
{
    static struct po_file po;
    char path[4096];

    snprintf(path, sizeof(path), "%s/assets/locale/%s.po", SOURCE_DIR, lang);
    po_read(path, &po);
    for (size_t i = 0; i < pot->n; i++) {
        const struct po_entry *e = po_find(&po, pot->e[i].key);
        char shown[512];

        if (e && e->translated)
            continue;
        /* Show "context|msgid" rather than an invisible EOT. */
        snprintf(shown, sizeof(shown), "%s", pot->e[i].key);
        *strchr(shown, '\004') = '|';
        fail_msg("%s: '%s' %s", path, shown, e ? "not translated" : "missing");
    }
    assert_int_equal(po.n, pot->n);
}

static void test_catalogs_complete(void **state)
{
    static struct po_file pot;

    po_read(SOURCE_DIR "/assets/locale/kiosk.pot", &pot);
    assert_true(pot.n > 80);
    assert_non_null(po_find(&pot, "shape\004cat-eye"));
    assert_non_null(po_find(&pot, "\004Touch to start"));
    check_complete(&pot, "fr");
    check_complete(&pot, "en");
}

/* ------------------------------------------------------------------ */
/* Formatting                                                         */

static void test_count(void **state)
{
    static const struct {
        long long n;
        const char *en, *fr;
    } cases[] = {
        {0, "0", "0"},
        {7, "7", "7"},
        {999, "999", "999"},
        {1000, "1,000", "1" NNBSP "000"},
        {1284, "1,284", "1" NNBSP "284"},
        {-1284, "-1,284", "-1" NNBSP "284"},
        {1234567, "1,234,567", "1" NNBSP "234" NNBSP "567"},
        {LLONG_MAX, "9,223,372,036,854,775,807",
         "9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP "854" NNBSP "775" NNBSP
         "807"},
        {LLONG_MIN, "-9,223,372,036,854,775,808",
         "-9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP "854" NNBSP "775" NNBSP
         "808"},
    };
    char buf[I18N_FMT_MAX];

    for (size_t i = 0; i < COUNT(cases); i++) {
        assert_int_equal(i18n_set_language("en"), 0);
        assert_int_equal(i18n_count(cases[i].n, buf, sizeof(buf)), 0);
        assert_string_equal(buf, cases[i].en);
        assert_int_equal(i18n_set_language("fr"), 0);
        assert_int_equal(i18n_count(cases[i].n, buf, sizeof(buf)), 0);
        assert_string_equal(buf, cases[i].fr);
    }
    assert_int_equal(i18n_set_language("en"), 0);
}

static void test_price(void **state)
{
    static const struct {
        int64_t minor;
        const char *cur, *en, *fr;
    } cases[] = {
        {28900, "EUR", EURO "289.00", "289,00" NBSP EURO},
        {128900, "USD", "$1,289.00", "1" NNBSP "289,00" NBSP "$"},
        {28900, "CHF", "CHF" NBSP "289.00", "289,00" NBSP "CHF"},
        {28900, "chf", "CHF" NBSP "289.00", "289,00" NBSP "CHF"},
        {4550, "GBP", "\u00a345.50", "45,50" NBSP "\u00a3"},
        {1500, "JPY", "\u00a51,500", "1" NNBSP "500" NBSP "\u00a5"},
        {12345, "KWD", "KWD" NBSP "12.345", "12,345" NBSP "KWD"},
        {100, "CAD", "CA$1.00", "1,00" NBSP "$" NBSP "CA"},
        {28900, "XYZ", "XYZ" NBSP "289.00", "289,00" NBSP "XYZ"},
        {0, "EUR", EURO "0.00", "0,00" NBSP EURO},
        {5, "EUR", EURO "0.05", "0,05" NBSP EURO},
        {-500, "EUR", "-" EURO "5.00", "-5,00" NBSP EURO},
        {-128900, "SEK", "-SEK" NBSP "1,289.00",
         "-1" NNBSP "289,00" NBSP "SEK"},
        {INT64_MAX, "EUR", EURO "92,233,720,368,547,758.07",
         "92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP
         "758,07" NBSP EURO},
        {INT64_MIN, "USD", "-$92,233,720,368,547,758.08",
         "-92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP
         "758,08" NBSP "$"},
    };
    static const char *const bad[] = {
        NULL, "", "EU", "EURO", "E1R", EURO, "US D",
    };
    char buf[I18N_FMT_MAX];

    for (size_t i = 0; i < COUNT(cases); i++) {
        assert_int_equal(i18n_set_language("en"), 0);
        assert_int_equal(
            i18n_price(cases[i].minor, cases[i].cur, buf, sizeof(buf)), 0);
        assert_string_equal(buf, cases[i].en);
        assert_int_equal(i18n_set_language("fr"), 0);
        assert_int_equal(
            i18n_price(cases[i].minor, cases[i].cur, buf, sizeof(buf)), 0);
        assert_string_equal(buf, cases[i].fr);
    }
    for (size_t i = 0; i < COUNT(bad); i++) {
        strcpy(buf, "stale");
        assert_int_equal(i18n_price(100, bad[i], buf, sizeof(buf)), KERR_INVAL);
        assert_string_equal(buf, "");
    }
    assert_int_equal(i18n_set_language("en"), 0);
}

static void test_mm(void **state)
{
    static const struct {
        double mm;
        const char *en, *fr;
    } cases[] = {
        {52, "52" NBSP "mm", "52" NBSP "mm"},
        {52.5, "52.5" NBSP "mm", "52,5" NBSP "mm"},
        {52.04, "52" NBSP "mm", "52" NBSP "mm"},
        {52.25, "52.3" NBSP "mm", "52,3" NBSP "mm"},
        {145, "145" NBSP "mm", "145" NBSP "mm"},
        {0, "0" NBSP "mm", "0" NBSP "mm"},
        {-0.04, "0" NBSP "mm", "0" NBSP "mm"},
        {-3.5, "-3.5" NBSP "mm", "-3,5" NBSP "mm"},
        {1234.5, "1,234.5" NBSP "mm", "1" NNBSP "234,5" NBSP "mm"},
    };
    static const double bad[] = {NAN, INFINITY, -INFINITY, 1e15, -2e18};
    char buf[I18N_FMT_MAX];

    for (size_t i = 0; i < COUNT(cases); i++) {
        assert_int_equal(i18n_set_language("en"), 0);
        assert_int_equal(i18n_mm(cases[i].mm, buf, sizeof(buf)), 0);
        assert_string_equal(buf, cases[i].en);
        assert_int_equal(i18n_set_language("fr"), 0);
        assert_int_equal(i18n_mm(cases[i].mm, buf, sizeof(buf)), 0);
        assert_string_equal(buf, cases[i].fr);
    }
    for (size_t i = 0; i < COUNT(bad); i++) {
        strcpy(buf, "stale");
        assert_int_equal(i18n_mm(bad[i], buf, sizeof(buf)), KERR_INVAL);
        assert_string_equal(buf, "");
    }
    assert_int_equal(i18n_set_language("en"), 0);
}

static void test_days(void **state)
{
    static const struct {
        int n;
        const char *en, *fr;
    } cases[] = {
        {7, "about 7 days", "environ 7 jours"},
        {1, "about 1 day", "environ 1 jour"},
        {0, "about 0 days", "environ 0 jour"},
        {2, "about 2 days", "environ 2 jours"},
        {1000, "about 1,000 days", "environ 1" NNBSP "000 jours"},
        {INT_MAX, "about 2,147,483,647 days",
         "environ 2" NNBSP "147" NNBSP "483" NNBSP "647 jours"},
    };
    char buf[I18N_FMT_MAX];

    need_catalogs();
    for (size_t i = 0; i < COUNT(cases); i++) {
        assert_int_equal(i18n_set_language("en"), 0);
        assert_int_equal(i18n_days(cases[i].n, buf, sizeof(buf)), 0);
        assert_string_equal(buf, cases[i].en);
        assert_int_equal(i18n_set_language("fr"), 0);
        assert_int_equal(i18n_days(cases[i].n, buf, sizeof(buf)), 0);
        assert_string_equal(buf, cases[i].fr);
    }
    assert_int_equal(i18n_days(-1, buf, sizeof(buf)), KERR_INVAL);
    assert_string_equal(buf, "");
    assert_int_equal(i18n_set_language("en"), 0);
}

static void test_small_buffers(void **state)
{
    char buf[16];

    assert_int_equal(i18n_set_language("en"), 0);
    assert_int_equal(i18n_count(1284, buf, 6), 0);
    assert_string_equal(buf, "1,284");
    assert_int_equal(i18n_count(1284, buf, 5), KERR_INVAL);
    assert_string_equal(buf, "");
    assert_int_equal(i18n_count(1, buf, 0), KERR_INVAL);
    assert_int_equal(i18n_count(1, NULL, 8), KERR_INVAL);

    /* The narrow no-break space takes three bytes. */
    assert_int_equal(i18n_set_language("fr"), 0);
    assert_int_equal(i18n_count(1284, buf, 8), 0);
    assert_int_equal(i18n_count(1284, buf, 7), KERR_INVAL);
    assert_string_equal(buf, "");
    assert_int_equal(i18n_price(28900, "EUR", buf, 12), 0);
    assert_int_equal(i18n_price(28900, "EUR", buf, 11), KERR_INVAL);
    assert_string_equal(buf, "");
    assert_int_equal(i18n_mm(52.5, buf, 3), KERR_INVAL);
    assert_string_equal(buf, "");
    assert_int_equal(i18n_days(7, buf, 4), KERR_INVAL);
    assert_string_equal(buf, "");
    assert_int_equal(i18n_set_language("en"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_language),
        cmocka_unit_test(test_language_list),
        cmocka_unit_test(test_switching),
        cmocka_unit_test(test_plurals),
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_catalogs_complete),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_price),
        cmocka_unit_test(test_mm),
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_small_buffers),
    };

    log_set_level(LOG_QUIET);

    /* As a kiosk with no locales: LC_MESSAGES "C" must not stop it. */
    setlocale(LC_ALL, "C");
    catalogs = find_catalogs();
    if (catalogs && i18n_init(catalogs) < 0) {
        print_error("i18n_init(%s): %s\n", catalogs, kerr_msg());
        return 1;
    }
    if (!catalogs)
        print_message("test_i18n: no compiled catalogs found (environment "
                      "KIOSK_LOCALEDIR or build definition); the gettext "
                      "tests are skipped\n");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
