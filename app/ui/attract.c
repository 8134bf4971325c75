/*
 * attract: what passers-by see while nobody touches the kiosk. The
 * store's name, frames from the catalog cycling slowly, one clear
 * invitation to touch, and the language choice.
 */
#include "app.h"

#include "i18n.h"

#include <math.h>
#include <stdio.h>

#define ATTRACT_SLIDE_MS 4000

/* The showcase: one large picture from the first page, changing slowly,
   fading in over 400 ms. */
static void attract_showcase(struct app *a, SDL_Rect r)
{
    const struct catalog_result *p = &a->page;
    const struct catalog_item *it;
    int64_t t = a->now - a->screen_since;
    int w = 0, h = 0, idx;
    SDL_Texture *tex;
    float s, fade;

    if (p->n_items == 0)
        return;
    idx = (int)(t / ATTRACT_SLIDE_MS) % p->n_items;
    it = &p->items[idx];
    /* Ask for the next one too, so it is ready when its turn comes. */
    images_get(a->images, p->items[(idx + 1) % p->n_items].image,
               a->cfg.thumb_px[1], &w, &h);
    tex = images_get(a->images, it->image, a->cfg.thumb_px[1], &w, &h);
    if (!tex)
        return;

    fade = fminf(1.0f, (float)(t % ATTRACT_SLIDE_MS) / 400.0f);
    s = fminf((float)r.w / w, (float)r.h / h);
    SDL_SetTextureAlphaMod(tex, (Uint8)(255 * fade));
    SDL_RenderCopy(ui_renderer(a->ui), tex, NULL,
                   &(SDL_Rect){r.x + (r.w - (int)(w * s)) / 2,
                               r.y + (r.h - (int)(h * s)) / 2, (int)(w * s),
                               (int)(h * s)});
    SDL_SetTextureAlphaMod(tex, 255);
    ui_text(a->ui, (SDL_Rect){r.x, r.y + r.h, r.w, ui_mm(a->ui, 8)},
            it->brand, FONT_BODY, 0, ui_theme(a->ui)->muted, FONT_CENTER);
}

/* The store's logo, fitted and centred; its name when there is none. */
static void attract_logo(struct app *a, SDL_Rect r)
{
    int w, h;
    float s;

    if (!a->logo || SDL_QueryTexture(a->logo, NULL, NULL, &w, &h) != 0 ||
        w <= 0 || h <= 0) {
        ui_text(a->ui, r, a->cfg.name, FONT_DISPLAY, 1,
                ui_theme(a->ui)->text, FONT_CENTER);
        return;
    }
    s = fminf((float)r.w / w, (float)r.h / h);
    SDL_RenderCopy(ui_renderer(a->ui), a->logo, NULL,
                   &(SDL_Rect){r.x + (r.w - (int)(w * s)) / 2, r.y,
                               (int)(w * s), (int)(h * s)});
    ui_record_label(a->ui, r, a->cfg.name);
}

void attract_draw(struct app *a)
{
    const struct ui_theme *t = ui_theme(a->ui);
    int pad = ui_mm(a->ui, 10), lang_w = ui_mm(a->ui, 60);
    char count[32], invite[128];
    SDL_Rect touch = {0, 0, a->w, a->h};

    /* Anywhere starts; the language chips are drawn on top of it. */
    if (ui_area(a->ui, "attract", touch, NULL)) {
        app_go(a, SCREEN_BROWSE);
        app_activity(a);
    }
    attract_logo(a, (SDL_Rect){pad, pad, a->w - 2 * pad, ui_mm(a->ui, 25)});
    attract_showcase(a, (SDL_Rect){pad, a->h / 6, a->w - 2 * pad,
                                   a->h / 3});

    i18n_count(a->total, count, sizeof(count));
    snprintf(invite, sizeof(invite),
             i18n_plural("Touch to discover %s frame",
                         "Touch to discover %s frames", a->total),
             count);
    ui_fill(a->ui, (SDL_Rect){pad, a->h * 2 / 3, a->w - 2 * pad,
                              ui_mm(a->ui, 30)},
            ui_mm(a->ui, 15), t->accent);
    ui_text(a->ui, (SDL_Rect){pad, a->h * 2 / 3, a->w - 2 * pad,
                              ui_mm(a->ui, 30)},
            invite, FONT_TITLE, 1, t->on_accent, FONT_CENTER);
    app_language_switch(a, (SDL_Rect){(a->w - lang_w) / 2,
                                      a->h - pad - ui_mm(a->ui, 16), lang_w,
                                      ui_mm(a->ui, 16)});
}
