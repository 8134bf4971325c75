/*
 * search: an on-screen keyboard (no physical keyboard is assumed) with
 * the results updating as each key is typed. Accented letters sit on a
 * second layer, one key away.
 */
#include "app.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>

/* Letters in the layout each language's customers know; accents on a
   second layer. A space in a row leaves that key out. */
static const char *const search_rows[3][3] = {
    {"qwertyuiop", "asdfghjkl ", "zxcvbnm-' "},
    {"azertyuiop", "qsdfghjklm", "wxcvbn-'  "},
    {"éèêëàâîïôù", "çœæüûÿ&.  ", "1234567890"},
};

/* Append one UTF-8 character (up to 4 bytes starting at `key`). */
static void search_type(struct app *a, const char *key, size_t n)
{
    size_t len = strlen(a->text);

    if (len + n + 1 >= sizeof(a->text))
        return;
    memcpy(a->text + len, key, n);
    a->text[len + n] = '\0';
    app_requery(a);
}

static void search_backspace(struct app *a)
{
    size_t len = strlen(a->text);

    while (len > 0 && ((unsigned char)a->text[len - 1] & 0xC0) == 0x80)
        len--;
    if (len > 0)
        len--;
    a->text[len] = '\0';
    app_requery(a);
}

static size_t search_utf8_len(const char *s)
{
    unsigned char c = (unsigned char)*s;

    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* One row of keys; returns the keys' height. */
static int search_row(struct app *a, const char *keys, int y, int layer)
{
    int pad = ui_mm(a->ui, 3), gap = ui_mm(a->ui, 2);
    int kw = (a->w - 2 * pad - 9 * gap) / 10, kh = ui_mm(a->ui, 15);
    int col = 0;

    for (const char *k = keys; *k && col < 10; col++) {
        size_t n = search_utf8_len(k);
        char label[8], id[16];

        memcpy(label, k, n);
        label[n] = '\0';
        k += n;
        if (label[0] == ' ')
            continue;
        snprintf(id, sizeof(id), "key-%d-%s", layer, label);
        if (ui_button(a->ui, id, (SDL_Rect){pad + col * (kw + gap), y, kw,
                                            kh},
                      label, UI_KEY))
            search_type(a, label, n);
    }
    return kh + gap;
}

static void search_keyboard(struct app *a, int y)
{
    int layer = a->kb_layer ? 2 : strcmp(i18n_language(), "fr") == 0;
    int pad = ui_mm(a->ui, 3), kh = ui_mm(a->ui, 15), gap = ui_mm(a->ui, 2);
    int w4 = (a->w - 2 * pad - 3 * gap) / 4;

    for (int r = 0; r < 3; r++)
        y += search_row(a, search_rows[layer][r], y, layer);
    if (ui_button(a->ui, "key-layer", (SDL_Rect){pad, y, w4, kh},
                  a->kb_layer ? "abc" : "éà 123", UI_SECONDARY))
        a->kb_layer = !a->kb_layer;
    if (ui_button(a->ui, "key-space", (SDL_Rect){pad + w4 + gap, y, w4, kh},
                  _("Space"), UI_SECONDARY))
        search_type(a, " ", 1);
    if (ui_button(a->ui, "key-back",
                  (SDL_Rect){pad + 2 * (w4 + gap), y, w4, kh}, "⌫",
                  UI_SECONDARY))
        search_backspace(a);
    if (ui_button(a->ui, "key-clear",
                  (SDL_Rect){pad + 3 * (w4 + gap), y, w4, kh}, _("Clear"),
                  UI_SECONDARY)) {
        a->text[0] = '\0';
        app_requery(a);
    }
}

/* The first results, as a list under the field. */
static void search_results(struct app *a, int y, int bottom)
{
    const struct ui_theme *t = ui_theme(a->ui);
    int pad = ui_mm(a->ui, 4), rh = ui_mm(a->ui, 14);
    char price[48], id[32], label[200];

    for (int i = 0; i < a->page.n_items && y + rh <= bottom; i++) {
        const struct catalog_item *it = &a->page.items[i];

        snprintf(label, sizeof(label), "%s %s", it->brand ? it->brand : "",
                 it->model ? it->model : "");
        snprintf(id, sizeof(id), "result-%lld", (long long)it->id);
        i18n_price(it->price_min, it->currency, price, sizeof(price));
        ui_fill(a->ui, (SDL_Rect){pad, y, a->w - 2 * pad, rh - 4},
                ui_mm(a->ui, 2), ui_pressed(a->ui, id) ? t->line : t->card);
        ui_text(a->ui, (SDL_Rect){2 * pad, y, a->w * 2 / 3, rh - 4}, label,
                FONT_BODY, 1, t->text, FONT_LEFT);
        ui_text(a->ui, (SDL_Rect){a->w * 2 / 3, y, a->w / 3 - 2 * pad,
                                  rh - 4},
                price, FONT_BODY, 0, t->muted, FONT_RIGHT);
        if (ui_area(a->ui, id, (SDL_Rect){pad, y, a->w - 2 * pad, rh - 4},
                    NULL))
            app_open_product(a, it->id);
        y += rh;
    }
}

void search_draw(struct app *a)
{
    const struct ui_theme *t = ui_theme(a->ui);
    int pad = ui_mm(a->ui, 4), fh = ui_mm(a->ui, 16);
    int kb_h = 4 * (ui_mm(a->ui, 15) + ui_mm(a->ui, 2)) + pad;
    int kb_y = a->h - app_bar_height(a) - kb_h;
    char count[32], line[64];

    ui_outline(a->ui, (SDL_Rect){pad, pad, a->w - 2 * pad, fh},
               ui_mm(a->ui, 3), 3, t->accent, t->card);
    ui_text(a->ui, (SDL_Rect){2 * pad, pad, a->w - 4 * pad, fh},
            a->text[0] ? a->text : _("Type a brand, model or colour"),
            FONT_TITLE, 0, a->text[0] ? t->text : t->muted, FONT_LEFT);
    i18n_count(a->total, count, sizeof(count));
    snprintf(line, sizeof(line), i18n_plural("%s frame", "%s frames",
                                             a->total), count);
    if (ui_button(a->ui, "show-all", (SDL_Rect){pad, 2 * pad + fh,
                                                a->w - 2 * pad,
                                                ui_mm(a->ui, 14)},
                  line, UI_SECONDARY))
        app_go(a, SCREEN_BROWSE);
    search_results(a, 3 * pad + fh + ui_mm(a->ui, 14), kb_y - pad);
    search_keyboard(a, kb_y);
    app_bottom_bar(a);
}
