/*
 * The touchscreen app, run for real in headless mode: each screen in
 * both orientations and both languages, search through the on-screen
 * keyboard, filtering, the idle reset and the staff exit. Scripts drive
 * it; the dumps of what is on screen are asserted on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "catalog.h"
#include "config.h"
#include "log.h"
#include "sync.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PRODUCTS 120

static char dir[64], ini[128];
static int frames; /* what the kiosk shows: frames, not accessories */

static int setup(void **state)
{
    struct config cfg;
    struct catalog *cat;
    struct sync_report r;
    struct sync_opts o = {0};
    char db[128];
    FILE *f;

    (void)state;
    if (!getenv("KIOSK_APP"))
        return -1;
    snprintf(dir, sizeof(dir), "/tmp/kiosk-app-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(ini, sizeof(ini), "%s/kiosk.ini", dir);
    f = fopen(ini, "w");
    fprintf(f, "[kiosk]\ndata_dir = %s\nlog_level = warn\nidle_s = 20\n"
               "idle_warn_s = 5\n[screen]\ndiagonal_in = 32\n"
               "[demo]\nproducts = %d\n", dir, PRODUCTS);
    fclose(f);

    config_defaults(&cfg);
    config_load_file(&cfg, ini);
    snprintf(db, sizeof(db), "%s/catalog.db", dir);
    cat = catalog_open(db, 0);
    o.skip_images = 1;
    if (!cat || sync_run(&cfg, cat, &o, &r) < 0)
        return -1;
    {
        struct catalog_query q = {0};
        struct catalog_result res;

        if (catalog_query(cat, &q, &res) < 0)
            return -1;
        frames = res.total;
        catalog_result_free(&res);
    }
    catalog_close(cat);
    return frames > 50 ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Run `script` at `size` (e.g. "1080x1920"); returns the exit code. */
static int run_app(const char *script, const char *size, const char *extra)
{
    char path[128], out[128], cmd[1024];
    FILE *f;
    int st;

    snprintf(path, sizeof(path), "%s/script.txt", dir);
    snprintf(out, sizeof(out), "%s/out", dir);
    mkdir(out, 0755);
    f = fopen(path, "w");
    fputs(script, f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "'%s' --config '%s' --size %s %s "
             "--headless '%s' --out '%s' 2>%s/app.log",
             getenv("KIOSK_APP"), ini, size, extra ? extra : "", path, out,
             dir);
    st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static json_t *load_dump(const char *name)
{
    char path[160];
    json_error_t err;
    json_t *j;

    snprintf(path, sizeof(path), "%s/out/%s.json", dir, name);
    j = json_load_file(path, 0, &err);
    if (!j)
        fail_msg("%s: %s", path, err.text);
    return j;
}

/* The widget with this id, or whose text is this; NULL if none. */
static json_t *find(json_t *dump, const char *key)
{
    size_t i;
    json_t *w;

    json_array_foreach(dump, i, w) {
        if (strcmp(json_string_value(json_object_get(w, "id")), key) == 0 ||
            strcmp(json_string_value(json_object_get(w, "text")), key) == 0)
            return w;
    }
    return NULL;
}

static int has_text_prefix(json_t *dump, const char *prefix)
{
    size_t i;
    json_t *w;

    json_array_foreach(dump, i, w) {
        const char *t = json_string_value(json_object_get(w, "text"));

        if (strncmp(t, prefix, strlen(prefix)) == 0)
            return 1;
    }
    return 0;
}

static int count_prefix(json_t *dump, const char *id_prefix)
{
    size_t i;
    json_t *w;
    int n = 0;

    json_array_foreach(dump, i, w) {
        const char *id = json_string_value(json_object_get(w, "id"));

        n += strncmp(id, id_prefix, strlen(id_prefix)) == 0;
    }
    return n;
}

/* Every tappable widget at least 9 mm in both directions. */
static void check_targets(json_t *dump, double px_per_mm)
{
    size_t i;
    json_t *w;

    json_array_foreach(dump, i, w) {
        const char *kind = json_string_value(json_object_get(w, "kind"));

        if (strcmp(kind, "button") != 0)
            continue;
        if (json_integer_value(json_object_get(w, "h")) < 9 * px_per_mm ||
            json_integer_value(json_object_get(w, "w")) < 9 * px_per_mm)
            fail_msg("%s is smaller than 9 mm",
                     json_string_value(json_object_get(w, "id")));
    }
}

struct look {
    const char *size;
    const char *lang;   /* "en" or "fr" */
    const char *invite; /* attract's invitation, %d the frames */
    const char *count;  /* browse's result count */
};

static const struct look looks[] = {
    {"1080x1920", "en", "Touch to discover %d frames", "%d frames"},
    {"1920x1080", "en", "Touch to discover %d frames", "%d frames"},
    {"1080x1920", "fr", "Touchez pour découvrir %d montures",
     "%d montures"},
    {"1920x1080", "fr", "Touchez pour découvrir %d montures",
     "%d montures"},
};

static const char *with_frames(const char *fmt, char *buf, size_t len)
{
    snprintf(buf, len, fmt, frames);
    return buf;
}

/* Attract, browse, product, selection: each screen, each look. */
static void test_screens_in_every_look(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(looks) / sizeof(looks[0]); i++) {
        const struct look *l = &looks[i];
        char script[1024], want[96];
        json_t *d;

        snprintf(script, sizeof(script),
                 "wait 100\n%s"
                 "dump attract\ntap 300 300\nwait 100\ndump browse\n"
                 "tap #card-*\nwait 100\ndump product\n"
                 "tap #add\nwait 100\ntap #bar-selection\nwait 100\n"
                 "dump selection\n",
                 strcmp(l->lang, "fr") == 0 ? "tap #lang-fr\n" : "");
        assert_int_equal(run_app(script, l->size, NULL), 0);

        d = load_dump("attract");
        assert_non_null(find(d, with_frames(l->invite, want, sizeof(want))));
        assert_non_null(find(d, "lang-en"));
        json_decref(d);

        d = load_dump("browse");
        assert_non_null(find(d, with_frames(l->count, want, sizeof(want))));
        assert_true(count_prefix(d, "card-") >= 6);
        assert_non_null(find(d, "bar-home"));
        assert_non_null(find(d, "chip-shape"));
        check_targets(d, 2.7);
        json_decref(d);

        d = load_dump("product");
        assert_non_null(find(d, "add"));
        assert_non_null(find(d, "back"));
        check_targets(d, 2.7);
        json_decref(d);

        d = load_dump("selection");
        assert_int_equal(count_prefix(d, "remove-"), 1);
        assert_true(has_text_prefix(d, strcmp(l->lang, "fr") == 0
                                           ? "Ma sélection (1)"
                                           : "My selection (1)"));
        json_decref(d);
    }
}

/* Typing on the on-screen keyboard narrows the results key by key. */
static void test_search_by_keyboard(void **state)
{
    char want[96];
    json_t *d;

    (void)state;
    assert_int_equal(run_app("tap 300 300\ntap #bar-search\nwait 50\n"
                             "dump empty\ntype ec\nwait 50\ndump typed\n",
                             "1080x1920", NULL),
                     0);
    d = load_dump("empty");
    assert_non_null(find(d, "Type a brand, model or colour"));
    assert_non_null(find(d, "key-0-q")); /* English: QWERTY */
    json_decref(d);

    d = load_dump("typed");
    assert_non_null(find(d, "ec"));
    assert_true(count_prefix(d, "result-") > 0);
    assert_null(find(d, with_frames("%d frames", want, sizeof(want))));
    json_decref(d);
}

/* French customers get AZERTY, and the accents one key away. */
static void test_french_keyboard(void **state)
{
    char want[96];
    json_t *d;

    (void)state;
    assert_int_equal(run_app("tap #lang-fr\ntap 300 300\ntap #bar-search\n"
                             "wait 50\ndump azerty\ntap #key-layer\n"
                             "wait 50\ntype é\nwait 50\ndump accents\n",
                             "1920x1080", NULL),
                     0);
    d = load_dump("azerty");
    assert_non_null(find(d, "key-1-a"));
    assert_non_null(find(d, "Tapez une marque, un modèle ou une couleur"));
    json_decref(d);
    d = load_dump("accents");
    assert_non_null(find(d, "key-2-é"));
    /* "é" typed: the count narrowed from every frame. */
    assert_null(find(d, with_frames("%d montures", want, sizeof(want))));
    assert_true(has_text_prefix(d, "Tapez") == 0);
    json_decref(d);
}

/* A filter sheet: choosing a value filters and shows on the chip. */
static void test_filtering(void **state)
{
    char want[96];
    json_t *d;

    (void)state;
    assert_int_equal(run_app("tap 300 300\ntap #chip-shape\nwait 50\n"
                             "dump sheet\ntap #value-shape-*\nwait 50\n"
                             "tap #sheet-done\nwait 50\ndump filtered\n",
                             "1080x1920", NULL),
                     0);
    d = load_dump("sheet");
    assert_true(count_prefix(d, "value-shape-") >= 3);
    json_decref(d);

    d = load_dump("filtered");
    assert_non_null(find(d, "Shape (1)"));
    assert_null(find(d, with_frames("%d frames", want, sizeof(want))));
    assert_true(count_prefix(d, "card-") > 0);
    json_decref(d);
}

/* Idle: "Still there?" with a countdown, then the session is wiped. */
static void test_idle_reset(void **state)
{
    char want[96];
    json_t *d;

    (void)state;
    assert_int_equal(run_app("tap 300 300\ntap #card-*\nwait 50\ntap #add\n"
                             "wait 21000\ndump warned\nwait 5000\n"
                             "dump reset\ntap 300 300\nwait 50\n"
                             "dump after\n",
                             "1080x1920", NULL),
                     0);
    d = load_dump("warned");
    assert_non_null(find(d, "Still there?"));
    assert_non_null(find(d, "idle-yes"));
    json_decref(d);

    d = load_dump("reset");
    assert_non_null(find(d, with_frames("Touch to discover %d frames", want,
                                        sizeof(want))));
    json_decref(d);

    d = load_dump("after");
    assert_non_null(find(d, "My selection (0)"));
    json_decref(d);
}

/* Landscape, in French: the countdown, then a reset that also brings the
   kiosk back to its own language; then the staff exit from there. */
static void test_idle_and_staff_landscape_french(void **state)
{
    char want[96];
    json_t *d;

    (void)state;
    assert_int_equal(run_app("tap #lang-fr\ntap 300 300\ntap #card-*\n"
                             "wait 50\ntap #add\nwait 21000\ndump warned\n"
                             "wait 5000\ndump reset\nlongpress 8 8 900\n"
                             "wait 50\ndump pad\ntap #pin-1\ntap #pin-2\n"
                             "tap #pin-3\ntap #pin-4\ntap #pin->\nwait 50\n"
                             "dump staff\ntap #staff-quit\nwait 50\n",
                             "1920x1080", NULL),
                     0);
    d = load_dump("warned");
    assert_non_null(find(d, "idle-yes"));
    assert_null(find(d, "Still there?"));
    json_decref(d);

    d = load_dump("reset");
    assert_non_null(find(d, with_frames("Touch to discover %d frames", want,
                                        sizeof(want))));
    json_decref(d);

    d = load_dump("pad");
    assert_non_null(find(d, "pin-1"));
    json_decref(d);
    d = load_dump("staff");
    assert_non_null(find(d, "staff-quit"));
    json_decref(d);
}

/* The only way out: corner long press, PIN, Quit. */
static void test_staff_exit(void **state)
{
    json_t *d;

    (void)state;
    assert_int_equal(run_app("tap 300 300\nlongpress 8 8 900\nwait 50\n"
                             "dump pad\ntap #pin-9\ntap #pin->\nwait 50\n"
                             "dump wrong\ntap #pin-1\ntap #pin-2\n"
                             "tap #pin-3\ntap #pin-4\ntap #pin->\nwait 50\n"
                             "dump staff\ntap #staff-quit\nwait 50\n",
                             "1080x1920", NULL),
                     0);
    d = load_dump("pad");
    assert_non_null(find(d, "Enter PIN"));
    json_decref(d);
    d = load_dump("wrong");
    assert_non_null(find(d, "Wrong PIN"));
    assert_null(find(d, "staff-quit"));
    json_decref(d);
    d = load_dump("staff");
    assert_non_null(find(d, "staff-quit"));
    assert_non_null(find(d, "staff-sync"));
    json_decref(d);
}

/* A panel mounted turned: the canvas is upright, portrait. */
static void test_rotated_canvas(void **state)
{
    json_t *d;
    json_t *bar;

    (void)state;
    assert_int_equal(run_app("tap 300 300\nwait 50\ndump rotated\n",
                             "1920x1080", "--rotate 90"),
                     0);
    d = load_dump("rotated");
    bar = find(d, "bar-selection");
    assert_non_null(bar);
    /* Portrait canvas: the bottom bar sits near y = 1920. */
    assert_true(json_integer_value(json_object_get(bar, "y")) > 1700);
    json_decref(d);
}

static void test_bad_script_is_refused(void **state)
{
    (void)state;
    assert_int_equal(run_app("tap #no-such-widget\n", "1080x1920", NULL),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_screens_in_every_look),
        cmocka_unit_test(test_search_by_keyboard),
        cmocka_unit_test(test_french_keyboard),
        cmocka_unit_test(test_filtering),
        cmocka_unit_test(test_idle_reset),
        cmocka_unit_test(test_staff_exit),
        cmocka_unit_test(test_idle_and_staff_landscape_french),
        cmocka_unit_test(test_rotated_canvas),
        cmocka_unit_test(test_bad_script_is_refused),
    };

    log_set_level(LOG_ERROR);
    return cmocka_run_group_tests(tests, setup, teardown);
}
