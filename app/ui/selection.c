/*
 * selection: the items the customer picked this session, with remove.
 * The hand-off (the cart QR code, staff requests) arrives with the outbox;
 * this screen keeps their place at the bottom.
 */
#include "app.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>

static void selection_remove(struct app *a, int i)
{
    memmove(&a->picks[i], &a->picks[i + 1],
            (size_t)(a->n_picks - i - 1) * sizeof(a->picks[0]));
    a->n_picks--;
}

static void selection_row(struct app *a, int i, SDL_Rect r)
{
    const struct ui_theme *t = ui_theme(a->ui);
    const struct app_pick *p = &a->picks[i];
    int pad = ui_mm(a->ui, 3), line = font_height(ui_font(a->ui), FONT_BODY);
    int bw = ui_mm(a->ui, 36), w = 0, h = 0;
    SDL_Texture *tex = images_get(a->images, p->image, a->cfg.thumb_px[0],
                                  &w, &h);
    char price[48], id[24];
    int iw = r.h * 2;

    ui_fill(a->ui, r, ui_mm(a->ui, 3), t->card);
    if (tex)
        SDL_RenderCopy(ui_renderer(a->ui), tex, NULL,
                       &(SDL_Rect){r.x + pad, r.y + pad, iw - 2 * pad,
                                   r.h - 2 * pad});
    ui_text(a->ui, (SDL_Rect){r.x + iw + pad, r.y + pad,
                              r.w - iw - bw - 3 * pad, line},
            p->title, FONT_BODY, 1, t->text, FONT_LEFT);
    ui_text(a->ui, (SDL_Rect){r.x + iw + pad, r.y + pad + line,
                              r.w - iw - bw - 3 * pad, line},
            p->detail, FONT_CAPTION, 0, t->muted, FONT_LEFT);
    i18n_price(p->price, p->currency, price, sizeof(price));
    ui_text(a->ui, (SDL_Rect){r.x + iw + pad, r.y + pad + 2 * line,
                              r.w - iw - bw - 3 * pad, line},
            price, FONT_BODY, 1, t->text, FONT_LEFT);
    snprintf(id, sizeof(id), "remove-%d", i);
    if (ui_button(a->ui, id, (SDL_Rect){r.x + r.w - bw - pad,
                                        r.y + (r.h - ui_mm(a->ui, 14)) / 2,
                                        bw, ui_mm(a->ui, 14)},
                  _("Remove"), UI_SECONDARY))
        selection_remove(a, i);
}

void selection_draw(struct app *a)
{
    const struct ui_theme *t = ui_theme(a->ui);
    int pad = ui_mm(a->ui, 6), y = pad, rh = ui_mm(a->ui, 28);
    int bottom = a->h - app_bar_height(a) - pad;

    ui_text(a->ui, (SDL_Rect){pad, y, a->w - 2 * pad, ui_mm(a->ui, 14)},
            _("My selection"), FONT_DISPLAY, 1, t->text, FONT_LEFT);
    y += ui_mm(a->ui, 20);
    if (a->n_picks == 0) {
        ui_text(a->ui, (SDL_Rect){pad, y + ui_mm(a->ui, 20), a->w - 2 * pad,
                                  ui_mm(a->ui, 10)},
                _("Your selection is empty"), FONT_TITLE, 0, t->muted,
                FONT_CENTER);
        if (ui_button(a->ui, "browse", (SDL_Rect){a->w / 4,
                                                  y + ui_mm(a->ui, 40),
                                                  a->w / 2,
                                                  ui_mm(a->ui, 20)},
                      _("Browse frames"), UI_PRIMARY))
            app_go(a, SCREEN_BROWSE);
    }
    for (int i = 0; i < a->n_picks && y + rh < bottom; i++) {
        selection_row(a, i, (SDL_Rect){pad, y, a->w - 2 * pad, rh});
        y += rh + ui_mm(a->ui, 3);
    }
    /* TODO: "Continue on my phone" (cart QR code) and "Ask staff to bring
       these" go here once the outbox and cart links exist. */
    app_bottom_bar(a);
}
