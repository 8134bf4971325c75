#include "app.h"

#include "i18n.h"
#include "kerr.h"
#include "log.h"

#include <SDL2/SDL_image.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define APP_TEXT_CACHE 600
#define APP_IMAGE_CACHE 160

static SDL_Color app_hex(const char *hex)
{
    unsigned v = (unsigned)strtoul(hex + 1, NULL, 16);

    return (SDL_Color){(Uint8)(v >> 16), (Uint8)(v >> 8), (Uint8)v, 255};
}

/* Warm light neutrals, dark text, the store's accent (UI.md). */
static struct ui_theme app_theme(const struct config *cfg)
{
    struct ui_theme t;

    t.bg = (SDL_Color){246, 243, 238, 255};
    t.card = (SDL_Color){255, 255, 255, 255};
    t.text = (SDL_Color){28, 27, 26, 255};
    t.muted = (SDL_Color){96, 92, 86, 255};
    t.line = (SDL_Color){214, 208, 199, 255};
    t.accent = app_hex(cfg->accent);
    t.on_accent = (SDL_Color){255, 255, 255, 255};
    t.shelf = (SDL_Color){30, 120, 62, 255};
    t.order = (SDL_Color){150, 90, 0, 255};
    t.shadow = (SDL_Color){0, 0, 0, 28};
    t.scrim = (SDL_Color){20, 18, 16, 140};
    return t;
}

/* Type sizes in millimetres (cap height is about 0.7 of the size). */
static void app_font_sizes(const struct app *a, int px[FONT_NSIZES])
{
    static const float mm[FONT_NSIZES] = {3.4f, 4.2f, 5.6f, 9.0f};
    float scale = a->cfg.large_text ? 1.3f : 1.0f;

    for (int i = 0; i < FONT_NSIZES; i++)
        px[i] = display_mm(a->display, mm[i] * scale);
}

static int app_open_parts(struct app *a, const char *asset_dir)
{
    struct ui_theme theme = app_theme(&a->cfg);
    struct gesture_opts go = {0};
    char path[CONFIG_PATH_MAX + 32];
    int px[FONT_NSIZES];

    snprintf(path, sizeof(path), "%s/fonts", asset_dir);
    app_font_sizes(a, px);
    a->font = font_open(display_renderer(a->display), path, px,
                        APP_TEXT_CACHE);
    if (!a->font)
        return KERR_IO;
    a->ui = ui_new(display_renderer(a->display), a->font,
                   display_px_per_mm(a->display), &theme);
    go.px_per_mm = display_px_per_mm(a->display);
    a->gesture = gesture_new(&go);
    a->idle = idle_new(a->cfg.idle_s * 1000LL, a->cfg.idle_warn_s * 1000LL);
    a->grid = scroller_new(NULL);
    if (!a->ui || !a->gesture || !a->idle || !a->grid)
        return kerr_set(KERR_NOMEM, "app: out of memory");

    /* Read once at start-up: a small local file, never again. */
    if (a->cfg.logo[0]) {
        a->logo = IMG_LoadTexture(display_renderer(a->display), a->cfg.logo);
        if (!a->logo)
            log_warn("app", "logo %s: %s; showing the store's name",
                     a->cfg.logo, IMG_GetError());
    }
    config_data_path(&a->cfg, "images", path, sizeof(path));
    a->images = images_open(display_renderer(a->display), path,
                            APP_IMAGE_CACHE);
    config_data_path(&a->cfg, "catalog.db", path, sizeof(path));
    a->cat = catalog_open(path, CATALOG_READONLY);
    if (!a->cat)
        log_warn("app", "no catalog yet (%s): showing an empty store",
                 kerr_msg());
    else
        catalog_set_default_lead(a->cat, a->cfg.lead_days);
    return 0;
}

struct app *app_new(const struct config *cfg, const struct display_opts *d,
                    const char *asset_dir)
{
    struct app *a = calloc(1, sizeof(*a));

    if (!a) {
        kerr_set(KERR_NOMEM, "app: out of memory");
        return NULL;
    }
    a->cfg = *cfg;
    a->facet_open = -1;
    a->display = display_open(d);
    if (!a->display || app_open_parts(a, asset_dir) < 0) {
        app_free(a);
        return NULL;
    }
    display_size(a->display, &a->w, &a->h);
    i18n_set_language(cfg->language);
    app_reset_session(a);
    return a;
}

void app_free(struct app *a)
{
    if (!a)
        return;
    syncer_stop(a->syncer);
    if (a->logo)
        SDL_DestroyTexture(a->logo);
    catalog_result_free(&a->facets);
    catalog_result_free(&a->page);
    product_clear(&a->product);
    catalog_close(a->cat);
    images_close(a->images);
    scroller_free(a->grid);
    idle_free(a->idle);
    gesture_free(a->gesture);
    ui_free(a->ui);
    font_close(a->font);
    display_close(a->display);
    free(a);
}

void app_start_sync(struct app *a)
{
    a->syncer = syncer_start(&a->cfg, 1);
    if (!a->syncer)
        log_warn("app", "no background sync: %s", kerr_msg());
}

/*
 * A sync committed: a first catalog is opened; a new one is shown at once
 * on the attract screen, and mid-session only at the next reset, so a
 * customer's grid never changes under their finger.
 */
static void app_poll_sync(struct app *a)
{
    int before = a->sync.generation;
    char path[CONFIG_PATH_MAX + 16];

    if (!a->syncer)
        return;
    syncer_status(a->syncer, &a->sync);
    if (a->sync.generation == before)
        return;
    if (!a->cat) {
        config_data_path(&a->cfg, "catalog.db", path, sizeof(path));
        a->cat = catalog_open(path, CATALOG_READONLY);
        if (a->cat)
            catalog_set_default_lead(a->cat, a->cfg.lead_days);
    }
    /* TODO: the catalog rebuilds its in-memory index on the first query
       after a sync, on this thread: a pause of a few hundred ms at 50,000
       products. Building it on the sync thread would remove it. */
    if (a->screen == SCREEN_ATTRACT)
        app_requery(a);
    else
        a->catalog_stale = 1;
}

/* "Offline", quietly in a corner, while the shop cannot be reached. */
static void app_offline_note(struct app *a)
{
    const struct ui_theme *t = ui_theme(a->ui);
    char when[32] = "-", line[128];
    time_t ts = (time_t)a->sync.last_good;

    if (!a->sync.last_failed || a->screen == SCREEN_STAFF)
        return;
    if (ts > 0)
        strftime(when, sizeof(when), "%d/%m %H:%M", localtime(&ts));
    snprintf(line, sizeof(line), _("Offline: showing the catalog from %s"),
             when);
    ui_text(a->ui, (SDL_Rect){ui_mm(a->ui, 4),
                              a->h - app_bar_height(a) - ui_mm(a->ui, 7),
                              a->w / 2, ui_mm(a->ui, 6)},
            line, FONT_CAPTION, 0, t->muted, FONT_LEFT);
}

void app_go(struct app *a, enum app_screen s)
{
    if (a->screen != s)
        a->screen_since = a->now;
    a->screen = s;
    a->facet_open = -1;
}

void app_activity(struct app *a)
{
    idle_activity(a->idle, a->now);
}

/* Everything of the customer's session goes: picks, text, filters. */
void app_reset_session(struct app *a)
{
    memset(a->text, 0, sizeof(a->text));
    memset(a->chosen, 0, sizeof(a->chosen));
    memset(a->picks, 0, sizeof(a->picks));
    memset(a->pin, 0, sizeof(a->pin));
    a->staff_unlocked = 0;
    a->pin_wrong = 0;
    a->n_picks = 0;
    a->kb_layer = 0;
    a->on_shelf = 0;
    a->sort = CATALOG_SORT_RELEVANCE;
    product_clear(&a->product);
    a->product_id = 0;
    i18n_set_language(a->cfg.language);
    scroller_jump(a->grid, 0);
    a->catalog_stale = 0;
    app_requery(a);
    app_go(a, SCREEN_ATTRACT);
    idle_sleep(a->idle);
}

void app_query(const struct app *a, struct catalog_query *q,
                      int offset, int limit, int facets)
{
    memset(q, 0, sizeof(*q));
    q->text = a->text;
    for (int d = 0; d < CATALOG_NDIMS; d++) {
        for (int i = 0; i < 4 && a->chosen[d][i][0]; i++)
            q->chosen[d][i] = a->chosen[d][i];
    }
    q->on_shelf = a->on_shelf;
    q->sort = a->sort;
    q->offset = offset;
    q->limit = limit;
    q->facets = facets;
}

void app_requery(struct app *a)
{
    struct catalog_query q;

    catalog_result_free(&a->facets);
    catalog_result_free(&a->page);
    a->total = 0;
    a->page_offset = 0;
    if (!a->cat)
        return;
    app_query(a, &q, 0, APP_PAGE, 1);
    if (catalog_query(a->cat, &q, &a->facets) < 0) {
        log_warn("app", "query: %s", kerr_msg());
        return;
    }
    a->total = a->facets.total;
    app_query(a, &q, 0, APP_PAGE, 0);
    catalog_query(a->cat, &q, &a->page);
    scroller_jump(a->grid, 0);
}

void app_open_product(struct app *a, int64_t id)
{
    product_clear(&a->product);
    a->product_id = 0;
    a->variant = 0;
    a->image = 0;
    if (!a->cat || catalog_get(a->cat, id, &a->product) < 0) {
        log_warn("app", "product %lld: %s", (long long)id, kerr_msg());
        return;
    }
    a->product_id = id;
    app_go(a, SCREEN_PRODUCT);
}

int app_bar_height(const struct app *a)
{
    return ui_mm(a->ui, 24);
}

void app_language_switch(struct app *a, SDL_Rect r)
{
    const char *langs[2] = {"en", "fr"};
    int half = r.w / 2;

    for (int i = 0; i < 2; i++) {
        SDL_Rect b = {r.x + i * half, r.y, half - ui_mm(a->ui, 1), r.h};
        char id[16];
        int on = strcmp(i18n_language(), langs[i]) == 0;

        snprintf(id, sizeof(id), "lang-%s", langs[i]);
        if (ui_button(a->ui, id, b, langs[i][0] == 'e' ? "EN" : "FR",
                      on ? UI_CHIP_ON : UI_CHIP) &&
            !on)
            i18n_set_language(langs[i]);
    }
}

/* Home, Search, My selection (n): on every customer screen. */
void app_bottom_bar(struct app *a)
{
    const struct ui_theme *t = ui_theme(a->ui);
    int bh = app_bar_height(a), pad = ui_mm(a->ui, 3);
    int y = a->h - bh, bw = (a->w - 4 * pad) / 3;
    char sel[64];

    ui_fill(a->ui, (SDL_Rect){0, y, a->w, bh}, 0, t->card);
    ui_fill(a->ui, (SDL_Rect){0, y, a->w, 2}, 0, t->line);
    snprintf(sel, sizeof(sel), _("My selection (%d)"), a->n_picks);

    if (ui_button(a->ui, "bar-home", (SDL_Rect){pad, y + pad, bw,
                                                bh - 2 * pad},
                  _("Home"), a->screen == SCREEN_BROWSE ? UI_CHIP_ON
                                                        : UI_SECONDARY))
        app_go(a, SCREEN_BROWSE);
    if (ui_button(a->ui, "bar-search",
                  (SDL_Rect){2 * pad + bw, y + pad, bw, bh - 2 * pad},
                  _("Search"), a->screen == SCREEN_SEARCH ? UI_CHIP_ON
                                                          : UI_SECONDARY))
        app_go(a, SCREEN_SEARCH);
    if (ui_button(a->ui, "bar-selection",
                  (SDL_Rect){3 * pad + 2 * bw, y + pad, bw, bh - 2 * pad},
                  sel, a->screen == SCREEN_SELECTION ? UI_CHIP_ON
                                                     : UI_SECONDARY))
        app_go(a, SCREEN_SELECTION);
}

/* "Still there?" with a countdown and a big Yes (UI.md). */
static void app_idle_sheet(struct app *a, int seconds_left)
{
    const struct ui_theme *t = ui_theme(a->ui);
    int pad = ui_mm(a->ui, 8), sh = ui_mm(a->ui, 90);
    SDL_Rect sheet = {pad, a->h - sh - pad, a->w - 2 * pad, sh};
    char line[96];

    ui_fill(a->ui, (SDL_Rect){0, 0, a->w, a->h}, 0, t->scrim);
    ui_area(a->ui, "idle-scrim", (SDL_Rect){0, 0, a->w, a->h}, NULL);
    ui_fill(a->ui, sheet, ui_mm(a->ui, 4), t->card);
    ui_text(a->ui, (SDL_Rect){sheet.x, sheet.y + pad, sheet.w,
                              ui_mm(a->ui, 14)},
            _("Still there?"), FONT_DISPLAY, 1, t->text, FONT_CENTER);
    snprintf(line, sizeof(line), _("Starting over in %d s"), seconds_left);
    ui_text(a->ui, (SDL_Rect){sheet.x, sheet.y + pad + ui_mm(a->ui, 18),
                              sheet.w, ui_mm(a->ui, 8)},
            line, FONT_BODY, 0, t->muted, FONT_CENTER);
    if (ui_button(a->ui, "idle-yes",
                  (SDL_Rect){sheet.x + pad, sheet.y + sh - pad -
                                                ui_mm(a->ui, 24),
                             sheet.w - 2 * pad, ui_mm(a->ui, 24)},
                  _("Yes, I'm here"), UI_PRIMARY))
        app_activity(a);
}

/* A long press in the top-left corner opens the staff PIN pad. */
static void app_staff_corner(struct app *a)
{
    int corner = ui_mm(a->ui, 20);
    float x, y;

    if (ui_long_press_at(a->ui, &x, &y) && x < corner && y < corner &&
        a->screen != SCREEN_STAFF) {
        a->pin[0] = '\0';
        a->pin_wrong = 0;
        app_go(a, SCREEN_STAFF);
    }
}

static void app_draw_screen(struct app *a)
{
    switch (a->screen) {
    case SCREEN_ATTRACT: attract_draw(a); break;
    case SCREEN_BROWSE: browse_draw(a); break;
    case SCREEN_SEARCH: search_draw(a); break;
    case SCREEN_PRODUCT: product_draw(a); break;
    case SCREEN_SELECTION: selection_draw(a); break;
    case SCREEN_STAFF: staff_draw(a); break;
    }
}

void app_frame(struct app *a)
{
    SDL_Renderer *r = display_renderer(a->display);
    const struct ui_theme *t = ui_theme(a->ui);
    /* Motion follows the clock, not the frame count; a long pause (the
       loop resting between frames) counts as one frame. */
    a->frame_ms = (int)(a->now - a->last_frame);
    if (a->frame_ms <= 0 || a->frame_ms > 100)
        a->frame_ms = 16;
    a->last_frame = a->now;

    app_poll_sync(a);
    a->idle_left = 0;
    a->idle_state = idle_check(a->idle, a->now, &a->idle_left);
    if (a->idle_state == IDLE_EXPIRED)
        app_reset_session(a);

    display_begin(a->display);
    SDL_SetRenderDrawColor(r, t->bg.r, t->bg.g, t->bg.b, 255);
    SDL_RenderClear(r);
    images_frame(a->images);
    ui_begin(a->ui, a->now);
    app_draw_screen(a);
    app_offline_note(a);
    app_staff_corner(a);
    if (a->idle_state == IDLE_WARNING && a->screen != SCREEN_ATTRACT)
        app_idle_sheet(a, a->idle_left);
    ui_end(a->ui);
}

int app_animating(struct app *a)
{
    /* The showcase only moves while a picture fades in (attract.c). */
    int fading = a->screen == SCREEN_ATTRACT &&
                 (a->now - a->screen_since) % 4000 < 500;

    return fading || ui_had_input(a->ui) || scroller_dragging(a->grid) ||
           scroller_velocity(a->grid) != 0 || images_busy(a->images) ||
           a->idle_state == IDLE_WARNING || a->now < a->notice_until;
}
