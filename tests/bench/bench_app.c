/*
 * bench_app: the touchscreen app's speed and memory at full size.
 *
 * Prepares a demo catalog (default 50,000 products, with pictures), then
 * runs the real app headless (SDL's offscreen driver, the software
 * renderer, 1080x1920) on a virtual clock and measures in wall time:
 * start-up to the first interactive frame, frame times while flinging
 * through the grid as thumbnails load, keystroke to results on the
 * on-screen keyboard, and memory over an hour of scripted use, fast-
 * forwarded. Prints figures; asserts nothing, so a busy machine never
 * fails a build.
 *
 *   bench_app [--products N] [--dir DIR] [--minutes M]
 *
 * The demo platform writes its store as one feed file; past about 42,000
 * products that file is over the HTTP layer's 64 MB body cap and the sync
 * refuses it, so the same generated store is then synced as Shopify pages
 * from the fake shop, with the same pictures and stock file.
 *
 * The hour draws every frame while a finger is down, the grid moves or a
 * tap is being answered; during waits with nothing moving (reading a
 * product, the idle countdown, the attract loop) it draws one frame in
 * BENCH_IDLE_EVERY, the clock jumping over the others, so an hour of use
 * fits in a few minutes.
 */
#include "app.h"
#include "catalog.h"
#include "config.h"
#include "demo.h"
#include "fakeshop.h"
#include "fsutil.h"
#include "i18n.h"
#include "kerr.h"
#include "log.h"
#include "script.h"
#include "sync.h"

#include <SDL2/SDL_image.h>
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BENCH_FRAME_MS 16     /* what script_frame() advances */
#define BENCH_IDLE_EVERY 32   /* waits draw one frame in this many */
#define BENCH_FLING_S 10      /* virtual seconds of flinging */
#define BENCH_KEYS 50         /* key presses measured */
#define BENCH_WORDS 64
#define BENCH_RSS_SAMPLES 64

struct bench_args {
    int products;
    char dir[512];
    int minutes;
};

/* A growing list of milliseconds. */
struct samples {
    double *v;
    int n, cap;
};

/* What the hour of use found. */
struct bench_mem {
    long rss_start_kb, rss_warm_kb, rss_end_kb, peak_kb;
    long series_kb[BENCH_RSS_SAMPLES];
    int series_min[BENCH_RSS_SAMPLES];
    int series_text[BENCH_RSS_SAMPLES], series_img[BENCH_RSS_SAMPLES];
    int n_series;
    int warm_text, warm_img; /* cache sizes after the warm-up */
    int sessions, failed_steps;
    long frames;
    double wall_s;
};

static char words[BENCH_WORDS][16];
static int n_words;
static long frames_drawn;
static double present_ms; /* summed over all frames: the present's share */
static struct demo_opts shop_demo; /* the store the fake shop serves */

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static long rss_kb(void)
{
    long size = 0, res = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    if (!f)
        return -1;
    if (fscanf(f, "%ld %ld", &size, &res) != 2)
        res = -1;
    fclose(f);
    return res < 0 ? -1 : res * (sysconf(_SC_PAGESIZE) / 1024);
}

static long peak_rss_kb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void samples_add(struct samples *s, double v)
{
    if (!s)
        return;
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 1024;
        double *nv = realloc(s->v, (size_t)cap * sizeof(*nv));

        if (!nv)
            return;
        s->v = nv;
        s->cap = cap;
    }
    s->v[s->n++] = v;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The value below which `pct` percent of the samples fall. */
static double samples_pct(struct samples *s, int pct)
{
    int i;

    if (s->n == 0)
        return 0;
    qsort(s->v, (size_t)s->n, sizeof(*s->v), cmp_double);
    i = (int)((long)s->n * pct / 100);
    return s->v[i < s->n ? i : s->n - 1];
}

/* --- Preparing the catalog --------------------------------------------- */

static void bench_progress(void *ctx, const struct sync_progress *p)
{
    static double last;
    double t = now_ms();

    (void)ctx;
    if (t - last < 2000 && !(p->total && p->done == p->total))
        return;
    last = t;
    if (strcmp(p->phase, "images") == 0)
        fprintf(stderr, "  sync: images %d/%d\n", p->done, p->total);
    else
        fprintf(stderr, "  sync: %s, page %d, %d products\n", p->phase,
                p->page, p->products);
}

/* Thumbnails kept whole (no eviction), a short idle for the hour. */
/* The demo platform's cap ([demo] products); larger stores are served
   as Shopify pages by the fake shop instead. */
#define BENCH_DEMO_MAX 40000

static int bench_write_ini(const struct bench_args *b, char *ini,
                           size_t len)
{
    FILE *f;

    if (fsutil_mkdirs(b->dir) < 0)
        return -1;
    snprintf(ini, len, "%s/bench.ini", b->dir);
    f = fopen(ini, "w");
    if (!f)
        return -1;
    fprintf(f, "[kiosk]\ndata_dir = %s\nname = Bench Optics\n"
               "log_level = warn\nidle_s = 20\nidle_warn_s = 5\n"
               "[screen]\ndiagonal_in = 32\n[images]\ncache_mb = 8192\n"
               "[demo]\nproducts = %d\n",
            b->dir, b->products < BENCH_DEMO_MAX ? b->products
                                                 : BENCH_DEMO_MAX);
    return fclose(f) == 0 ? 0 : -1;
}

static char *bench_serve(void *ctx, const char *path, int page, int limit,
                         size_t *len, int *status, const char **type,
                         int *pages)
{
    (void)ctx;
    (void)status;
    (void)type;
    (void)pages;
    if (strcmp(path, "/products.json") != 0)
        return NULL;
    return demo_shopify_page(&shop_demo, page ? page : 1,
                             limit ? limit : 30, len);
}

/* A demo store of `n` products, written to disk (pictures, stock) and
   served as Shopify pages by the fake shop. */
static int bench_sync_pages(struct config *cfg, struct catalog *cat,
                            const struct sync_opts *o, struct sync_report *r,
                            int n)
{
    static char images[CONFIG_PATH_MAX + 32];
    char demo[CONFIG_PATH_MAX + 16];
    struct fakeshop *fs;
    int rc;

    config_data_path(cfg, "demo", demo, sizeof(demo));
    snprintf(images, sizeof(images), "file://%s/img", demo);
    shop_demo = (struct demo_opts){n, cfg->demo_seed, 0, images};
    if (fsutil_mkdirs(demo) < 0 || demo_write_store(&shop_demo, demo) < 0)
        return KERR_IO;
    fs = fakeshop_start(NULL);
    if (!fs)
        return kerr_set(KERR_IO, "fake shop: %s", kerr_msg());
    fakeshop_set_handler(fs, bench_serve, NULL);
    snprintf(cfg->platform, sizeof(cfg->platform), "shopify");
    snprintf(cfg->url, sizeof(cfg->url), "%s", fakeshop_url(fs));
    config_data_path(cfg, "demo/stock.csv", cfg->stock, sizeof(cfg->stock));
    rc = sync_run(cfg, cat, o, r);
    fakeshop_stop(fs);
    return rc;
}

/* The sync runs in a child, so this process's peak is the app's own. */
static int bench_sync_child(const char *ini, const char *stamp, int n)
{
    struct sync_opts o = {0};
    struct sync_report r;
    struct config cfg;
    struct catalog *cat;
    char db[CONFIG_PATH_MAX + 16], line[32];
    int rc;

    config_defaults(&cfg);
    if (config_load_file(&cfg, ini) < 0)
        return 1;
    log_set_level(cfg.log_level);
    config_data_path(&cfg, "catalog.db", db, sizeof(db));
    cat = catalog_open(db, 0);
    if (!cat)
        return 1;
    o.progress = bench_progress;
    if (n > BENCH_DEMO_MAX)
        rc = bench_sync_pages(&cfg, cat, &o, &r, n);
    else
        rc = sync_run(&cfg, cat, &o, &r);
    catalog_close(cat);
    if (rc < 0) {
        fprintf(stderr, "bench_app: sync: %s\n", kerr_msg());
        return 1;
    }
    fprintf(stderr, "  sync: %d images fetched, %d failed, %d cached\n",
            r.images_fetched, r.images_failed, r.images_cached);
    snprintf(line, sizeof(line), "%d\n", n);
    return fsutil_write(stamp, line, strlen(line)) < 0;
}

/* Write the demo store and sync it, unless DIR already holds it. */
static int bench_prepare(const struct bench_args *b, char *ini, size_t len)
{
    char stamp[600], have[32] = "", want[32];
    double t0 = now_ms();
    FILE *f;
    pid_t pid;
    int status = 1;

    if (bench_write_ini(b, ini, len) < 0)
        return -1;
    snprintf(stamp, sizeof(stamp), "%s/appbench.stamp", b->dir);
    snprintf(want, sizeof(want), "%d\n", b->products);
    f = fopen(stamp, "r");
    if (f) {
        if (!fgets(have, sizeof(have), f))
            have[0] = '\0';
        fclose(f);
    }
    if (strcmp(have, want) == 0) {
        printf("catalog: reusing %s (%d products)\n", b->dir, b->products);
        return 0;
    }

    fprintf(stderr, "catalog: writing and syncing %d demo products in %s\n",
            b->products, b->dir);
    fflush(NULL);
    pid = fork();
    if (pid == 0)
        _exit(bench_sync_child(ini, stamp, b->products));
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || status != 0)
        return -1;
    printf("catalog: prepared in %.1f s\n", (now_ms() - t0) / 1e3);
    return 0;
}

/* --- Driving the app ---------------------------------------------------- */

/* One frame as the main loop makes it: drawn and presented. Wall ms. */
static double bench_frame(struct app *a)
{
    double t0 = now_ms(), t1;

    script_frame(a);
    t1 = now_ms();
    display_present(a->display);
    frames_drawn++;
    present_ms += now_ms() - t1;
    return now_ms() - t0;
}

static void bench_frames(struct app *a, int n, struct samples *s)
{
    for (int i = 0; i < n; i++)
        samples_add(s, bench_frame(a));
}

/* Let `ms` pass with nothing touched, drawing one frame in `every`. */
static void bench_wait(struct app *a, int ms, int every)
{
    for (int t = 0; t < ms; t += every * BENCH_FRAME_MS) {
        a->now += (int64_t)(every - 1) * BENCH_FRAME_MS;
        bench_frame(a);
    }
}

static void bench_tap_at(struct app *a, float x, float y)
{
    script_finger(a, SCRIPT_DOWN, x, y);
    bench_frames(a, 4, NULL);
    script_finger(a, SCRIPT_UP, x, y);
    bench_frames(a, 3, NULL);
}

/* Tap the widget with this id (or text) on screen; -1 if there is none. */
static int bench_tap(struct app *a, const char *id)
{
    SDL_Rect r;

    if (!ui_find(a->ui, id, &r))
        return -1;
    bench_tap_at(a, r.x + r.w / 2.0f, r.y + r.h / 2.0f);
    return 0;
}

/* A fast upward flick from low in the grid, then `coast_ms` of coasting;
   every frame's wall time goes into `s`. */
static void bench_fling(struct app *a, float dist, int coast_ms,
                        struct samples *s)
{
    float x = a->w / 2.0f, y0 = a->h * 0.8f;
    int steps = 6;

    script_finger(a, SCRIPT_DOWN, x, y0);
    samples_add(s, bench_frame(a));
    for (int i = 1; i <= steps; i++) {
        script_finger(a, SCRIPT_MOVE, x, y0 - dist * i / steps);
        samples_add(s, bench_frame(a));
    }
    script_finger(a, SCRIPT_UP, x, y0 - dist);
    bench_frames(a, coast_ms / BENCH_FRAME_MS, s);
}

/* A card whose centre is well inside the screen, by its id. */
static int bench_visible_card(struct app *a, char *id, size_t len)
{
    for (int i = 0; i < a->page.n_items; i++) {
        SDL_Rect r;

        snprintf(id, len, "card-%lld", (long long)a->page.items[i].id);
        if (ui_find(a->ui, id, &r) && r.y + r.h / 2 > a->h / 4 &&
            r.y + r.h / 2 < a->h * 3 / 4)
            return 0;
    }
    return -1;
}

/* --- The four measurements ---------------------------------------------- */

static int bench_open(struct app **out, const struct config *cfg,
                      double *new_ms, double *first_ms)
{
    struct display_opts d = {0};
    double t0, t1;
    struct app *a;
    SDL_Rect r;

    d.width = 1080;
    d.height = 1920;
    d.software = 1;
    d.diagonal_in = cfg->diagonal_in;
    d.rotate = cfg->rotate;

    t0 = now_ms();
    a = app_new(cfg, &d, KIOSK_ASSET_DIR);
    if (!a)
        return -1;
    t1 = now_ms();
    for (int i = 0; i < 100; i++) {
        bench_frame(a);
        if (a->screen == SCREEN_ATTRACT && ui_find(a->ui, "attract", &r))
            break;
    }
    *new_ms = t1 - t0;
    *first_ms = now_ms() - t0;
    *out = a;
    return a->screen == SCREEN_ATTRACT ? 0 : -1;
}

/* Fling forwards through the grid for BENCH_FLING_S of virtual time. */
static int bench_scroll(struct app *a, struct samples *s, int *fetches)
{
    int64_t end;
    int offset;

    bench_tap_at(a, a->w / 2.0f, a->h / 2.0f);
    if (a->screen != SCREEN_BROWSE)
        return -1;
    bench_frames(a, 10, NULL);
    end = a->now + BENCH_FLING_S * 1000;
    offset = a->page_offset;
    *fetches = 0;
    while (a->now < end) {
        bench_fling(a, a->h * 0.55f, 1100, s);
        if (a->page_offset != offset)
            (*fetches)++;
        offset = a->page_offset;
    }
    printf("scroll: reached item %d of %d (%.0f px) in %d s\n",
           a->page_offset, a->total, scroller_pos(a->grid), BENCH_FLING_S);
    return 0;
}

/* Lower-case ASCII words the catalog knows: brands and colours. */
static void bench_collect_words(const struct app *a)
{
    static const enum catalog_dim dims[] = {CATALOG_BRAND, CATALOG_COLOUR,
                                            CATALOG_SHAPE};

    n_words = 0;
    for (size_t d = 0; d < sizeof(dims) / sizeof(dims[0]); d++) {
        const struct catalog_facet *f = &a->facets.facets[dims[d]];

        for (int i = 0; i < f->n && n_words < BENCH_WORDS; i++) {
            const char *v = f->values[i].value;
            size_t k = 0;

            for (; *v && k < 5; v++) {
                if (isalpha((unsigned char)*v) && !((unsigned char)*v & 0x80))
                    words[n_words][k++] = (char)tolower((unsigned char)*v);
            }
            words[n_words][k] = '\0';
            n_words += k >= 3;
        }
    }
}

/*
 * Press one key; *query_ms: up to the end of the frame that took the tap
 * (and ran the catalog query), *shown_ms: up to the end of the first frame
 * showing the new text and results. -1 if the text did not change.
 */
static int bench_key(struct app *a, const char *id, double *query_ms,
                     double *shown_ms, int *stalls)
{
    char before[sizeof(a->text)];
    double t0;
    SDL_Rect r;

    if (!ui_find(a->ui, id, &r))
        return -1;
    script_finger(a, SCRIPT_DOWN, r.x + r.w / 2.0f, r.y + r.h / 2.0f);
    bench_frames(a, 3, NULL);
    memcpy(before, a->text, sizeof(before));
    script_finger(a, SCRIPT_UP, r.x + r.w / 2.0f, r.y + r.h / 2.0f);

    t0 = now_ms();
    bench_frame(a);
    *query_ms = now_ms() - t0;
    if (strcmp(before, a->text) == 0)
        return -1;
    /* The main loop waits 250 ms for an event when nothing animates. */
    *stalls += !app_animating(a);
    for (int i = 0; i < 5; i++) {
        bench_frame(a);
        if (!a->text[0] || ui_find(a->ui, a->text, &r))
            break;
    }
    *shown_ms = now_ms() - t0;
    bench_frames(a, 8, NULL); /* the customer's pace: ~7 keys a second */
    return 0;
}

static int bench_type_word(struct app *a, const char *w, struct samples *q,
                           struct samples *s, int *stalls)
{
    char id[16];
    double qm, sm;
    int n = 0;

    for (const char *p = w; *p && q->n < BENCH_KEYS; p++) {
        snprintf(id, sizeof(id), "key-0-%c", *p);
        if (bench_key(a, id, &qm, &sm, stalls) < 0)
            continue;
        samples_add(q, qm);
        samples_add(s, sm);
        n++;
    }
    if (q->n < BENCH_KEYS && bench_key(a, "key-clear", &qm, &sm,
                                       stalls) == 0) {
        samples_add(q, qm);
        samples_add(s, sm);
    }
    return n;
}

static int bench_keys(struct app *a, struct samples *q, struct samples *s,
                      int *stalls)
{
    if (bench_tap(a, "bar-search") < 0 || a->screen != SCREEN_SEARCH)
        return -1;
    bench_frames(a, 5, NULL);
    bench_collect_words(a);
    *stalls = 0;
    for (int i = 0; i < n_words && q->n < BENCH_KEYS; i++)
        bench_type_word(a, words[i], q, s, stalls);
    return q->n > 0 ? 0 : -1;
}

/*
 * Tap `tap` and count the frames until `expect` is on screen. *stall is
 * set when, before that, the app said nothing animates: the main loop
 * then sleeps up to 250 ms before drawing the frame that shows it.
 */
static int bench_response(struct app *a, const char *tap,
                          const char *expect, int *stall)
{
    SDL_Rect r;

    *stall = 0;
    if (!ui_find(a->ui, tap, &r))
        return -1;
    script_finger(a, SCRIPT_DOWN, r.x + r.w / 2.0f, r.y + r.h / 2.0f);
    bench_frames(a, 3, NULL);
    script_finger(a, SCRIPT_UP, r.x + r.w / 2.0f, r.y + r.h / 2.0f);
    for (int n = 1; n <= 5; n++) {
        bench_frame(a);
        if (ui_find(a->ui, expect, &r))
            return n;
        *stall |= !app_animating(a);
    }
    return -1;
}

/* Common taps, each: frames to show its effect, and whether the real
   main loop would sleep in between. */
static void bench_responses(struct app *a)
{
    static const char *const steps[][2] = {
        {"show-all", "grid"},       {"bar-search", "key-clear"},
        {"bar-home", "grid"},       {"chip-shape", "sheet-done"},
        {"sheet-done", "sort"},     {"card", "add"},
        {"add", "Added to your selection"}, {"back", "grid"},
        {"bar-selection", "My selection"},
    };
    char id[40];

    printf("tap -> its effect on screen (frames; 'sleeps': the main loop "
           "would wait up to 250 ms first)\n");
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        const char *tap = steps[i][0];
        int stall = 0, n;

        if (strcmp(tap, "card") == 0)
            tap = bench_visible_card(a, id, sizeof(id)) == 0 ? id : "card";
        n = bench_response(a, tap, steps[i][1], &stall);
        printf("  %-16s -> %-26s %2d frame(s)%s\n", steps[i][0],
               steps[i][1], n, stall ? "  sleeps" : "");
        bench_frames(a, 10, NULL);
    }
}

/* --- The hour ---------------------------------------------------------- */

/* Browse a little, open a product and add it. */
static int session_browse(struct app *a, int k)
{
    char id[40];
    int fail = 0;

    if (k % 2)
        fail += bench_tap(a, "lang-fr") < 0;
    bench_tap_at(a, a->w / 2.0f, a->h / 2.0f);
    bench_frames(a, 10, NULL);
    for (int i = 0; i < 1 + k % 3; i++)
        bench_fling(a, a->h * 0.4f, 1100, NULL);
    bench_wait(a, 3000, BENCH_IDLE_EVERY);
    if (bench_visible_card(a, id, sizeof(id)) < 0 || bench_tap(a, id) < 0)
        return fail + 1;
    bench_wait(a, 8000, BENCH_IDLE_EVERY);
    if (bench_tap(a, "variant-1") == 0)
        bench_wait(a, 3000, BENCH_IDLE_EVERY);
    fail += bench_tap(a, "add") < 0;
    bench_frames(a, 20, NULL);
    return fail;
}

/* Type a few letters, show all, choose a filter value. */
static int session_search(struct app *a, int k)
{
    const char *w = n_words ? words[k % n_words] : "ray";
    int layer = strcmp(i18n_language(), "fr") == 0;
    char id[16];
    int fail = bench_tap(a, "bar-search") < 0;

    for (int i = 0; i < 3 && w[i]; i++) {
        snprintf(id, sizeof(id), "key-%d-%c", layer, w[i]);
        fail += bench_tap(a, id) < 0;
        bench_frames(a, 6, NULL);
    }
    bench_wait(a, 3000, BENCH_IDLE_EVERY);
    fail += bench_tap(a, "show-all") < 0;
    fail += bench_tap(a, "chip-shape") < 0;
    fail += bench_tap(a, "value-shape-*") < 0;
    fail += bench_tap(a, "sheet-done") < 0;
    bench_wait(a, 3000, BENCH_IDLE_EVERY);
    return fail;
}

/* Walk away: the idle sheet, its countdown, the reset. */
static int session_leave(struct app *a)
{
    int64_t limit = a->now + (a->cfg.idle_s + a->cfg.idle_warn_s + 10) *
                                 1000LL;

    while (a->screen != SCREEN_ATTRACT && a->now < limit)
        bench_wait(a, 1000, BENCH_IDLE_EVERY);
    if (a->screen != SCREEN_ATTRACT) {
        app_reset_session(a);
        return 1;
    }
    bench_wait(a, 10000, BENCH_IDLE_EVERY);
    return 0;
}

static int bench_session(struct app *a, int k)
{
    int fail = session_browse(a, k);

    fail += session_search(a, k);
    fail += session_leave(a);
    return fail;
}

static void bench_hour(struct app *a, int minutes, struct bench_mem *m)
{
    int64_t start, end;
    double t0 = now_ms();
    long frames0 = frames_drawn;
    int next_min = 10;

    app_reset_session(a);
    bench_wait(a, 2000, 1);
    m->rss_start_kb = rss_kb();
    start = a->now;
    end = start + minutes * 60000LL;
    m->failed_steps += bench_session(a, 0);
    m->sessions = 1;
    m->rss_warm_kb = rss_kb();
    m->warm_text = font_cached(a->font);
    m->warm_img = images_cached(a->images);
    while (a->now < end) {
        m->failed_steps += bench_session(a, m->sessions++);
        if ((a->now - start) / 60000 >= next_min &&
            m->n_series < BENCH_RSS_SAMPLES) {
            m->series_min[m->n_series] = (int)((a->now - start) / 60000);
            m->series_text[m->n_series] = font_cached(a->font);
            m->series_img[m->n_series] = images_cached(a->images);
            m->series_kb[m->n_series++] = rss_kb();
            next_min += 10;
        }
    }
    m->rss_end_kb = rss_kb();
    m->peak_kb = peak_rss_kb();
    m->frames = frames_drawn - frames0;
    m->wall_s = (now_ms() - t0) / 1e3;
}

/* --- Main --------------------------------------------------------------- */

static int bench_args(int argc, char **argv, struct bench_args *b)
{
    static const struct option longs[] = {
        {"products", required_argument, NULL, 'p'},
        {"dir", required_argument, NULL, 'd'},
        {"minutes", required_argument, NULL, 'm'},
        {NULL, 0, NULL, 0}};
    int opt;

    b->products = 50000;
    b->minutes = 60;
    b->dir[0] = '\0';
    while ((opt = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (opt) {
        case 'p': b->products = atoi(optarg); break;
        case 'd': snprintf(b->dir, sizeof(b->dir), "%s", optarg); break;
        case 'm': b->minutes = atoi(optarg); break;
        default: return -1;
        }
    }
    if (!b->dir[0])
        snprintf(b->dir, sizeof(b->dir), "/tmp/kiosk-appbench-%d",
                 b->products);
    return optind == argc && b->products > 0 && b->minutes > 0 ? 0 : -1;
}

static int bench_sdl(void)
{
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    /* As kiosk --headless: the software renderer, no GL copy behind it. */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "bench_app: SDL: %s\n", SDL_GetError());
        return -1;
    }
    IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG);
    return 0;
}

static void print_frames(const char *what, struct samples *s)
{
    double p50 = samples_pct(s, 50), p95 = samples_pct(s, 95);
    double p99 = samples_pct(s, 99), max = s->n ? s->v[s->n - 1] : 0;

    printf("%-30s p50 %6.2f  p95 %6.2f  p99 %6.2f  max %6.2f ms "
           "(n=%d)\n",
           what, p50, p95, p99, max, s->n);
}

static void print_memory(const struct app *a, const struct bench_mem *m)
{
    printf("%-30s %d sessions, %ld frames drawn, %d steps missed, "
           "%.0f s wall\n",
           "hour of use (virtual):", m->sessions, m->frames,
           m->failed_steps, m->wall_s);
    for (int i = 0; i < m->n_series; i++)
        printf("  RSS at %3d min               %8.1f MB   (text %d, "
               "images %d)\n",
               m->series_min[i], m->series_kb[i] / 1024.0,
               m->series_text[i], m->series_img[i]);
    printf("%-30s %8.1f MB\n", "RSS before the first session",
           m->rss_start_kb / 1024.0);
    printf("%-30s %8.1f MB   (text %d, images %d)\n",
           "RSS after warm-up session", m->rss_warm_kb / 1024.0,
           m->warm_text, m->warm_img);
    printf("%-30s %8.1f MB\n", "RSS at end", m->rss_end_kb / 1024.0);
    printf("%-30s %8.1f MB   (target < 5 MB)\n", "growth (end - warm-up)",
           (m->rss_end_kb - m->rss_warm_kb) / 1024.0);
    printf("%-30s %8.1f MB\n", "peak RSS (ru_maxrss)", m->peak_kb / 1024.0);
    printf("%-30s text %d, images %d\n", "caches at end:",
           font_cached(a->font), images_cached(a->images));
}

struct bench_figs {
    double new_ms, first_ms;
    struct samples frames, query, shown;
    int fetches, stalls;
    double fling_present_ms; /* mean over the fling phase's frames */
    struct bench_mem mem;
};

static int bench_run(struct app *a, const struct bench_args *b,
                     struct bench_figs *f)
{
    double p0 = present_ms;
    long f0 = frames_drawn;

    if (bench_scroll(a, &f->frames, &f->fetches) < 0) {
        fprintf(stderr, "bench_app: could not reach the grid\n");
        return -1;
    }
    f->fling_present_ms = (present_ms - p0) / (double)(frames_drawn - f0);
    if (bench_keys(a, &f->query, &f->shown, &f->stalls) < 0) {
        fprintf(stderr, "bench_app: could not type on the keyboard\n");
        return -1;
    }
    bench_responses(a);
    bench_hour(a, b->minutes, &f->mem);
    return 0;
}

static void bench_print(const struct app *a, const struct bench_args *b,
                        struct bench_figs *f)
{
    const char *fb = SDL_GetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION);
    SDL_RendererInfo ri = {0};

    SDL_GetRendererInfo(display_renderer(a->display), &ri);
    printf("\n== bench_app: %d products, 1080x1920, renderer %s, window "
           "framebuffer %s ==\n",
           b->products, ri.name ? ri.name : "?",
           fb && !SDL_GetHintBoolean(SDL_HINT_FRAMEBUFFER_ACCELERATION, 1)
               ? "in memory (SDL_FRAMEBUFFER_ACCELERATION=0)"
               : "through a GL texture (SDL's default)");
    printf("%-30s %8.1f ms  (app_new %.1f ms; target < 1000 ms)\n",
           "start-up to first frame", f->first_ms, f->new_ms);
    print_frames("fling frame (draw+present)", &f->frames);
    printf("%-30s %d page fetches; present %.1f ms/frame on average "
           "(target p99 < 16 ms)\n",
           "", f->fetches, f->fling_present_ms);
    print_frames("key up -> query frame done", &f->query);
    print_frames("key up -> results shown", &f->shown);
    printf("%-30s %d of %d keys left the app not animating (target < 50 "
           "ms)\n",
           "", f->stalls, f->query.n);
    print_memory(a, &f->mem);
}

int main(int argc, char **argv)
{
    struct bench_args b;
    struct bench_figs f = {0};
    struct config cfg;
    struct app *a = NULL;
    char ini[600];
    double t0 = now_ms();
    int rc = 1;

    if (bench_args(argc, argv, &b) < 0) {
        fprintf(stderr, "usage: bench_app [--products N] [--dir DIR] "
                        "[--minutes M]\n");
        return 2;
    }
    log_set_level(LOG_WARN);
    if (bench_prepare(&b, ini, sizeof(ini)) < 0) {
        fprintf(stderr, "bench_app: could not prepare %s\n", b.dir);
        return 1;
    }
    config_defaults(&cfg);
    if (config_load_file(&cfg, ini) < 0) {
        fprintf(stderr, "bench_app: %s\n", kerr_msg());
        return 1;
    }
    log_set_level(cfg.log_level);
    i18n_init(KIOSK_LOCALE_DIR);
    if (bench_sdl() < 0)
        return 1;

    if (bench_open(&a, &cfg, &f.new_ms, &f.first_ms) < 0)
        fprintf(stderr, "bench_app: app: %s\n", a ? "no attract screen"
                                                  : kerr_msg());
    else if (bench_run(a, &b, &f) == 0)
        rc = 0;
    if (rc == 0)
        bench_print(a, &b, &f);
    printf("%-30s %8.1f s\n", "whole run (wall)", (now_ms() - t0) / 1e3);

    app_free(a);
    IMG_Quit();
    SDL_Quit();
    free(f.frames.v);
    free(f.query.v);
    free(f.shown.v);
    return rc;
}
