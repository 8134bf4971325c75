/*
 * product: one frame in full. Large picture, every colour and size,
 * the measurements in millimetres with what they mean, whether the
 * chosen variant is on the shelf or how long it takes, and the actions.
 */
#include "app.h"

#include "i18n.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct product_variant *product_chosen(const struct app *a)
{
    if (a->product.n_variants == 0)
        return NULL;
    return &a->product.variants[a->variant < (int)a->product.n_variants
                                    ? a->variant
                                    : 0];
}

/* Move through the pictures, wrapping around. */
static void product_turn(struct app *a, int step)
{
    int n = (int)a->product.n_images;

    if (n > 1)
        a->image = (a->image + step + n) % n;
}

/* Previous and next buttons and one dot per picture: a swipe is a bonus,
   never the only way. */
static void product_gallery_controls(struct app *a, SDL_Rect r)
{
    const struct ui_theme *t = ui_theme(a->ui);
    int n = (int)a->product.n_images, bw = ui_mm(a->ui, 14);
    int dot = ui_mm(a->ui, 2.5f), gap = ui_mm(a->ui, 3);
    int x = r.x + (r.w - n * dot - (n - 1) * gap) / 2;

    if (n < 2)
        return;
    if (ui_button(a->ui, "image-prev", (SDL_Rect){r.x + gap,
                                                  r.y + (r.h - bw) / 2, bw,
                                                  bw},
                  "<", UI_SECONDARY))
        product_turn(a, -1);
    if (ui_button(a->ui, "image-next",
                  (SDL_Rect){r.x + r.w - bw - gap, r.y + (r.h - bw) / 2, bw,
                             bw},
                  ">", UI_SECONDARY))
        product_turn(a, 1);
    for (int i = 0; i < n && i < 12; i++)
        ui_fill(a->ui, (SDL_Rect){x + i * (dot + gap), r.y + r.h - 2 * dot,
                                  dot, dot},
                dot / 2, i == a->image ? t->accent : t->line);
}

static void product_picture(struct app *a, SDL_Rect r)
{
    const char *url = a->product.n_images ? a->product.images[a->image]
                                          : NULL;
    float dx, dy, vx, vy, s;
    int w = 0, h = 0, released;
    SDL_Texture *tex = images_get(a->images, url, a->cfg.thumb_px[1], &w,
                                  &h);

    if (ui_drag(a->ui, "gallery", r, &dx, &dy, &released, &vx, &vy) &&
        released && (vx < -300 || vx > 300))
        product_turn(a, vx < 0 ? 1 : -1);
    ui_fill(a->ui, r, ui_mm(a->ui, 4), ui_theme(a->ui)->card);
    if (tex) {
        s = fminf((float)r.w / w, (float)r.h / h);
        SDL_RenderCopy(ui_renderer(a->ui), tex, NULL,
                       &(SDL_Rect){r.x + (r.w - (int)(w * s)) / 2,
                                   r.y + (r.h - (int)(h * s)) / 2,
                                   (int)(w * s), (int)(h * s)});
    }
    product_gallery_controls(a, r);
}

/* One chip per variant: "Tortoise · 52". */
static void product_variants(struct app *a, int *y)
{
    int pad = ui_mm(a->ui, 6), h = ui_mm(a->ui, 13), gap = ui_mm(a->ui, 3);
    int x = pad;

    for (size_t i = 0; i < a->product.n_variants && i < 24; i++) {
        const struct product_variant *v = &a->product.variants[i];
        char label[96], id[24];
        int w;

        if (v->size.measured)
            snprintf(label, sizeof(label), "%s · %.0f",
                     v->colour ? v->colour : "", v->size.lens_mm);
        else
            snprintf(label, sizeof(label), "%s",
                     v->colour ? v->colour : _("Standard"));
        w = font_width(ui_font(a->ui), FONT_BODY, 1, label) +
            ui_mm(a->ui, 10);
        if (x + w > a->w - pad) {
            x = pad;
            *y += h + gap;
        }
        snprintf(id, sizeof(id), "variant-%zu", i);
        if (ui_button(a->ui, id, (SDL_Rect){x, *y, w, h}, label,
                      (int)i == a->variant ? UI_CHIP_ON : UI_CHIP))
            a->variant = (int)i;
        x += w + gap;
    }
    *y += h + 2 * gap;
}

/* "Lens 52 mm · Bridge 18 mm · Temple 145 mm", then what each means. */
static void product_measures(struct app *a, const struct product_variant *v,
                             int *y)
{
    const struct ui_theme *t = ui_theme(a->ui);
    int pad = ui_mm(a->ui, 6), line = font_height(ui_font(a->ui), FONT_BODY);
    char l[32], b[32], tm[32], text[160];

    if (!v->size.measured)
        return;
    i18n_mm(v->size.lens_mm, l, sizeof(l));
    i18n_mm(v->size.bridge_mm, b, sizeof(b));
    i18n_mm(v->size.temple_mm, tm, sizeof(tm));
    snprintf(text, sizeof(text), _("Lens %s · Bridge %s · Temple %s"), l, b,
             tm);
    ui_text(a->ui, (SDL_Rect){pad, *y, a->w - 2 * pad, line}, text,
            FONT_BODY, 1, t->text, FONT_LEFT);
    *y += line;
    *y += ui_text_wrapped(a->ui, (SDL_Rect){pad, *y, a->w - 2 * pad, 0},
                          _("Lens width: the width of each lens."),
                          FONT_CAPTION, t->muted, 2);
    *y += ui_text_wrapped(a->ui, (SDL_Rect){pad, *y, a->w - 2 * pad, 0},
                          _("Bridge: the gap between the lenses, over your "
                            "nose."),
                          FONT_CAPTION, t->muted, 2);
    *y += ui_text_wrapped(a->ui, (SDL_Rect){pad, *y, a->w - 2 * pad, 0},
                          _("Temple: the length of the arm, to behind your "
                            "ear."),
                          FONT_CAPTION, t->muted, 2);
    *y += ui_mm(a->ui, 3);
}

static void product_status(struct app *a, const struct product_variant *v,
                           int *y)
{
    const struct ui_theme *t = ui_theme(a->ui);
    int pad = ui_mm(a->ui, 6), h = ui_mm(a->ui, 10);
    int lead = v->lead_days >= 0 ? v->lead_days : a->cfg.lead_days;
    char text[96];
    SDL_Color c = t->shelf;

    if (v->shelf_qty > 0) {
        snprintf(text, sizeof(text), _("%d on the shelf"), v->shelf_qty);
    } else if (v->orderable) {
        snprintf(text, sizeof(text),
                 i18n_plural("Order, about %d day", "Order, about %d days",
                             lead),
                 lead);
        c = t->order;
    } else {
        snprintf(text, sizeof(text), "%s", _("Not available"));
        c = t->muted;
    }
    ui_text(a->ui, (SDL_Rect){pad, *y, a->w - 2 * pad, h}, text, FONT_TITLE,
            1, c, FONT_LEFT);
    *y += h + ui_mm(a->ui, 3);
}

static void product_pick(struct app *a, const struct product_variant *v)
{
    struct app_pick *p;

    if (a->n_picks == APP_SELECTION_MAX)
        return;
    p = &a->picks[a->n_picks++];
    memset(p, 0, sizeof(*p));
    p->product_id = a->product_id;
    snprintf(p->variant_id, sizeof(p->variant_id), "%s", v->source_id);
    snprintf(p->title, sizeof(p->title), "%s %s",
             a->product.brand ? a->product.brand : "",
             a->product.model ? a->product.model : "");
    snprintf(p->detail, sizeof(p->detail), "%s · %s",
             v->colour ? v->colour : "",
             v->size_label ? v->size_label : "");
    p->price = v->price;
    memcpy(p->currency, v->currency, sizeof(p->currency));
    if (a->product.n_images)
        snprintf(p->image, sizeof(p->image), "%s", a->product.images[0]);
    snprintf(a->notice, sizeof(a->notice), "%s", _("Added to your selection"));
    a->notice_until = a->now + 2000;
}

static void product_actions(struct app *a, const struct product_variant *v)
{
    int pad = ui_mm(a->ui, 6), h = ui_mm(a->ui, 20), gap = ui_mm(a->ui, 3);
    int y = a->h - app_bar_height(a) - pad - 3 * h - 2 * gap;
    int w = a->w - 2 * pad;

    /* TODO: "Try it on" opens the camera mirror once the try-on exists;
       until then it is not offered, rather than offered and broken. */
    if (ui_button(a->ui, "add", (SDL_Rect){pad, y, w, h},
                  _("Add to my selection"), UI_PRIMARY))
        product_pick(a, v);
    y += h + gap;
    if (ui_button(a->ui, "ask-staff", (SDL_Rect){pad, y, w, h},
                  _("Ask staff to bring it"), UI_SECONDARY)) {
        product_pick(a, v);
        app_go(a, SCREEN_SELECTION);
    }
    y += h + gap;
    if (a->now < a->notice_until)
        ui_text(a->ui, (SDL_Rect){pad, y, w, h}, a->notice, FONT_BODY, 1,
                ui_theme(a->ui)->shelf, FONT_CENTER);
}

void product_draw(struct app *a)
{
    const struct ui_theme *t = ui_theme(a->ui);
    const struct product_variant *v = product_chosen(a);
    int pad = ui_mm(a->ui, 6), y = pad;
    char price[48], title[200];

    if (ui_button(a->ui, "back", (SDL_Rect){pad, y, ui_mm(a->ui, 40),
                                            ui_mm(a->ui, 14)},
                  _("Back"), UI_SECONDARY) ||
        !v) {
        app_go(a, SCREEN_BROWSE);
        return;
    }
    app_language_switch(a, (SDL_Rect){a->w - pad - ui_mm(a->ui, 40), y,
                                      ui_mm(a->ui, 40), ui_mm(a->ui, 14)});
    y += ui_mm(a->ui, 18);
    product_picture(a, (SDL_Rect){pad, y, a->w - 2 * pad, a->w / 2});
    y += a->w / 2 + pad;

    snprintf(title, sizeof(title), "%s %s",
             a->product.brand ? a->product.brand : "",
             a->product.model ? a->product.model : "");
    i18n_price(v->price, v->currency, price, sizeof(price));
    ui_text(a->ui, (SDL_Rect){pad, y, a->w * 2 / 3, ui_mm(a->ui, 14)},
            title, FONT_DISPLAY, 1, t->text, FONT_LEFT);
    ui_text(a->ui, (SDL_Rect){a->w * 2 / 3, y, a->w / 3 - pad,
                              ui_mm(a->ui, 14)},
            price, FONT_DISPLAY, 1, t->text, FONT_RIGHT);
    y += ui_mm(a->ui, 18);
    product_variants(a, &y);
    product_measures(a, v, &y);
    product_status(a, v, &y);
    if (a->product.description && *a->product.description)
        ui_text_wrapped(a->ui, (SDL_Rect){ui_mm(a->ui, 6), y,
                                          a->w - ui_mm(a->ui, 12), 0},
                        a->product.description, FONT_BODY, t->muted, 4);
    product_actions(a, v);
    app_bottom_bar(a);
}
