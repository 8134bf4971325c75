/*
 * browse: the catalog as a shop window. Filter chips with live counts, a
 * result count and sort, and a grid of cards scrolled by finger with
 * momentum. Only the rows around the visible ones are read from the
 * catalog, so 50,000 products scroll like 50.
 */
#include "app.h"

#include "i18n.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The filters offered as chips, in order. */
static const enum catalog_dim browse_dims[] = {
    CATALOG_SHAPE, CATALOG_BRAND, CATALOG_PRICE, CATALOG_SIZE,
    CATALOG_MATERIAL, CATALOG_COLOUR, CATALOG_CATEGORY,
};
#define BROWSE_NDIMS (int)(sizeof(browse_dims) / sizeof(browse_dims[0]))

static const char *browse_dim_label(enum catalog_dim d)
{
    switch (d) {
    case CATALOG_SHAPE: return _("Shape");
    case CATALOG_BRAND: return _("Brand");
    case CATALOG_PRICE: return _("Price");
    case CATALOG_SIZE: return _("Size");
    case CATALOG_MATERIAL: return _("Material");
    case CATALOG_COLOUR: return _("Colour");
    case CATALOG_CATEGORY: return _("Category");
    case CATALOG_RIM: return _("Rim");
    case CATALOG_GENDER: return _("Gender");
    default: return "";
    }
}

static int browse_chosen_count(const struct app *a, enum catalog_dim d)
{
    int n = 0;

    while (n < 4 && a->chosen[d][n][0])
        n++;
    return n;
}

/* Columns for a grid `width` pixels wide: cards about 12 cm across. */
static int browse_cols(const struct app *a, int width)
{
    int cols = width / ui_mm(a->ui, 120);

    return cols < 2 ? 2 : cols > 6 ? 6 : cols;
}

/* Card height: a 2:1 picture plus three lines and a badge. */
static int browse_card_h(const struct app *a, int card_w)
{
    return card_w / 2 + ui_mm(a->ui, 36);
}

/*
 * The controls live in a column: across the top in portrait, in a side
 * panel at the right in landscape (UI.md). `c` gives its x and width.
 */
static void browse_top(struct app *a, SDL_Rect c, int *y)
{
    const struct ui_theme *t = ui_theme(a->ui);
    int pad = ui_mm(a->ui, 4), h = ui_mm(a->ui, 16);
    int lang_w = ui_mm(a->ui, 40);
    SDL_Rect field = {c.x + pad, *y + pad, c.w - 3 * pad - lang_w, h};

    ui_outline(a->ui, field, ui_mm(a->ui, 3), 2, t->line, t->card);
    ui_text(a->ui, (SDL_Rect){field.x + pad, field.y, field.w - 2 * pad, h},
            a->text[0] ? a->text : _("Search frames"), FONT_BODY, 0,
            a->text[0] ? t->text : t->muted, FONT_LEFT);
    if (ui_area(a->ui, "search-field", field, NULL))
        app_go(a, SCREEN_SEARCH);
    app_language_switch(a, (SDL_Rect){c.x + c.w - pad - lang_w, *y + pad,
                                      lang_w, h});
    *y += h + pad;
}

static void browse_chips(struct app *a, SDL_Rect c, int *y)
{
    int pad = ui_mm(a->ui, 4), h = ui_mm(a->ui, 13), gap = ui_mm(a->ui, 3);
    int x = c.x + pad;

    for (int i = 0; i < BROWSE_NDIMS; i++) {
        enum catalog_dim d = browse_dims[i];
        int n = browse_chosen_count(a, d);
        char label[64], id[24];
        int w;

        snprintf(label, sizeof(label), n ? "%s (%d)" : "%s",
                 browse_dim_label(d), n);
        w = font_width(ui_font(a->ui), FONT_BODY, 1, label) +
            ui_mm(a->ui, 10);
        if (x + w > c.x + c.w - pad) {
            x = c.x + pad;
            *y += h + gap;
        }
        snprintf(id, sizeof(id), "chip-%s", catalog_dim_name(d));
        if (ui_button(a->ui, id, (SDL_Rect){x, *y + gap, w, h}, label,
                      n ? UI_CHIP_ON : UI_CHIP))
            a->facet_open = d;
        x += w + gap;
    }
    *y += h + gap;
}

static void browse_count_and_sort(struct app *a, SDL_Rect c, int *y)
{
    static const char *const sorts[] = {"Relevance", "Price: low to high",
                                        "Price: high to low", "Newest",
                                        "Brand"};
    const struct ui_theme *t = ui_theme(a->ui);
    int pad = ui_mm(a->ui, 4), h = ui_mm(a->ui, 13), third = c.w / 3;
    char count[32], line[64];

    i18n_count(a->total, count, sizeof(count));
    snprintf(line, sizeof(line), i18n_plural("%s frame", "%s frames",
                                             a->total), count);
    ui_text(a->ui, (SDL_Rect){c.x + pad, *y + pad, third, h}, line,
            FONT_TITLE, 1, t->text, FONT_LEFT);
    if (ui_button(a->ui, "shelf-toggle",
                  (SDL_Rect){c.x + third + pad, *y + pad, third - 2 * pad, h},
                  _("On the shelf"), a->on_shelf ? UI_CHIP_ON : UI_CHIP)) {
        a->on_shelf = !a->on_shelf;
        app_requery(a);
    }
    if (ui_button(a->ui, "sort",
                  (SDL_Rect){c.x + 2 * third, *y + pad, third - pad, h},
                  _(sorts[a->sort]), UI_SECONDARY)) {
        a->sort = (enum catalog_sort)((a->sort + 1) % 5);
        app_requery(a);
    }
    *y += h + 2 * pad;
}

/* Make sure items [first, first + n) are in the page held in memory. */
static void browse_fetch(struct app *a, int first, int n, int cols)
{
    struct catalog_query q;

    if (!a->cat || (first >= a->page_offset &&
                    first + n <= a->page_offset + a->page.n_items) ||
        first >= a->total)
        return;

    catalog_result_free(&a->page);
    a->page_offset = first > 2 * cols ? first - 2 * cols : 0;
    app_query(a, &q, a->page_offset, APP_PAGE, 0);
    catalog_query(a->cat, &q, &a->page);
}

static void browse_badge(struct app *a, const struct catalog_item *it,
                         SDL_Rect r)
{
    const struct ui_theme *t = ui_theme(a->ui);
    char text[64];
    SDL_Color c = it->on_shelf ? t->shelf : t->order;

    if (it->on_shelf) {
        snprintf(text, sizeof(text), "%s", _("On the shelf"));
    } else if (it->lead_days >= 0) {
        snprintf(text, sizeof(text),
                 i18n_plural("Order, about %d day", "Order, about %d days",
                             it->lead_days),
                 it->lead_days);
    } else {
        snprintf(text, sizeof(text), "%s", _("Not available"));
        c = t->muted;
    }
    ui_fill(a->ui, r, r.h / 2, (SDL_Color){c.r, c.g, c.b, 28});
    ui_text(a->ui, r, text, FONT_CAPTION, 1, c, FONT_CENTER);
}

/* The picture fitted into `r`, centred, never stretched. */
static void browse_picture(struct app *a, const char *url, SDL_Rect r,
                           int px)
{
    int w = 0, h = 0;
    SDL_Texture *tex = images_get(a->images, url, px, &w, &h);
    float s;

    if (!tex || w <= 0 || h <= 0) {
        ui_fill(a->ui, r, ui_mm(a->ui, 2), ui_theme(a->ui)->bg);
        return;
    }
    s = fminf((float)r.w / w, (float)r.h / h);
    SDL_RenderCopy(ui_renderer(a->ui), tex, NULL,
                   &(SDL_Rect){r.x + (r.w - (int)(w * s)) / 2,
                               r.y + (r.h - (int)(h * s)) / 2, (int)(w * s),
                               (int)(h * s)});
}

static void browse_card(struct app *a, const struct catalog_item *it,
                        SDL_Rect r)
{
    const struct ui_theme *t = ui_theme(a->ui);
    int pad = ui_mm(a->ui, 3), line = font_height(ui_font(a->ui), FONT_BODY);
    int y = r.y + pad + r.w / 2;
    char id[32], price[48];

    snprintf(id, sizeof(id), "card-%lld", (long long)it->id);
    ui_fill(a->ui, r, ui_mm(a->ui, 3),
            ui_pressed(a->ui, id) ? t->line : t->card);
    browse_picture(a, it->image, (SDL_Rect){r.x + pad, r.y + pad,
                                            r.w - 2 * pad, r.w / 2 - pad},
                   a->cfg.thumb_px[0]);
    ui_text(a->ui, (SDL_Rect){r.x + pad, y, r.w - 2 * pad, line},
            it->brand, FONT_CAPTION, 0, t->muted, FONT_LEFT);
    y += line;
    ui_text(a->ui, (SDL_Rect){r.x + pad, y, r.w - 2 * pad, line}, it->model,
            FONT_BODY, 1, t->text, FONT_LEFT);
    y += line;
    i18n_price(it->price_min, it->currency, price, sizeof(price));
    ui_text(a->ui, (SDL_Rect){r.x + pad, y, r.w - 2 * pad, line}, price,
            FONT_TITLE, 1, t->text, FONT_LEFT);
    browse_badge(a, it, (SDL_Rect){r.x + pad, r.y + r.h - pad -
                                                  ui_mm(a->ui, 8),
                                   r.w - 2 * pad, ui_mm(a->ui, 8)});
    if (ui_area(a->ui, id, r, NULL))
        app_open_product(a, it->id);
}

static void browse_empty(struct app *a, SDL_Rect view)
{
    const struct ui_theme *t = ui_theme(a->ui);

    ui_text(a->ui, (SDL_Rect){view.x, view.y + ui_mm(a->ui, 30), view.w,
                              ui_mm(a->ui, 10)},
            _("No frames match: clear a filter"), FONT_TITLE, 1, t->text,
            FONT_CENTER);
    if (ui_button(a->ui, "clear-filters",
                  (SDL_Rect){view.x + view.w / 4, view.y + ui_mm(a->ui, 50),
                             view.w / 2, ui_mm(a->ui, 20)},
                  _("Clear filters"), UI_PRIMARY)) {
        memset(a->chosen, 0, sizeof(a->chosen));
        a->on_shelf = 0;
        a->text[0] = '\0';
        app_requery(a);
    }
}

/* Follow the finger, coast, and keep the page of items in view loaded. */
static float browse_scroll(struct app *a, SDL_Rect view, int content_h)
{
    float dx, dy, vx, vy;
    int released;

    scroller_set_bounds(a->grid, 0,
                        content_h > view.h ? (float)(content_h - view.h) : 0);
    if (ui_drag(a->ui, "grid", view, &dx, &dy, &released, &vx, &vy)) {
        if (!scroller_dragging(a->grid))
            scroller_drag_begin(a->grid);
        scroller_drag(a->grid, dy);
        if (released)
            scroller_drag_end(a->grid, vy);
    }
    scroller_step(a->grid, (float)a->frame_ms);
    return scroller_pos(a->grid);
}

static void browse_grid(struct app *a, SDL_Rect view)
{
    int cols = browse_cols(a, view.w), gap = ui_mm(a->ui, 4);
    int cw = (view.w - (cols + 1) * gap) / cols, ch = browse_card_h(a, cw);
    int rows = (a->total + cols - 1) / cols;
    float pos = browse_scroll(a, view, rows * (ch + gap) + gap);
    int first_row = (int)(pos / (ch + gap));
    int shown = (view.h / (ch + gap) + 2) * cols;

    if (a->total == 0) {
        browse_empty(a, view);
        return;
    }
    browse_fetch(a, first_row * cols, shown, cols);
    SDL_RenderSetClipRect(ui_renderer(a->ui), &view);
    for (int i = first_row * cols; i < first_row * cols + shown; i++) {
        int k = i - a->page_offset;
        SDL_Rect r;

        if (i >= a->total || k < 0 || k >= a->page.n_items)
            continue;
        r = (SDL_Rect){view.x + gap + (i % cols) * (cw + gap),
                       view.y + gap + (i / cols) * (ch + gap) - (int)pos,
                       cw, ch};
        browse_card(a, &a->page.items[k], r);
    }
    SDL_RenderSetClipRect(ui_renderer(a->ui), NULL);
}

/* Choose or drop one value of dimension `d`. */
static void browse_toggle(struct app *a, enum catalog_dim d, const char *v)
{
    int n = browse_chosen_count(a, d);

    for (int i = 0; i < n; i++) {
        if (strcmp(a->chosen[d][i], v) == 0) {
            memmove(a->chosen[d][i], a->chosen[d][i + 1],
                    (size_t)(3 - i) * sizeof(a->chosen[d][0]));
            memset(a->chosen[d][3], 0, sizeof(a->chosen[d][3]));
            app_requery(a);
            return;
        }
    }
    if (n < 4) {
        snprintf(a->chosen[d][n], sizeof(a->chosen[d][n]), "%s", v);
        app_requery(a);
    }
}

static int browse_is_chosen(const struct app *a, enum catalog_dim d,
                            const char *v)
{
    for (int i = 0; i < 4 && a->chosen[d][i][0]; i++) {
        if (strcmp(a->chosen[d][i], v) == 0)
            return 1;
    }
    return 0;
}

/* The values of one filter with their counts, in a sheet. */
static void browse_sheet(struct app *a, enum catalog_dim d)
{
    const struct ui_theme *t = ui_theme(a->ui);
    const struct catalog_facet *f = &a->facets.facets[d];
    int pad = ui_mm(a->ui, 6), h = ui_mm(a->ui, 14), gap = ui_mm(a->ui, 3);
    int top = a->h / 3, x = pad, y = top + pad + ui_mm(a->ui, 14);

    ui_fill(a->ui, (SDL_Rect){0, 0, a->w, a->h}, 0, t->scrim);
    if (ui_area(a->ui, "sheet-scrim", (SDL_Rect){0, 0, a->w, top}, NULL))
        a->facet_open = -1;
    ui_fill(a->ui, (SDL_Rect){0, top, a->w, a->h - top}, ui_mm(a->ui, 5),
            t->card);
    ui_text(a->ui, (SDL_Rect){pad, top + pad, a->w / 2, ui_mm(a->ui, 10)},
            browse_dim_label(d), FONT_TITLE, 1, t->text, FONT_LEFT);

    for (int i = 0; i < f->n && y < a->h - 3 * h; i++) {
        const char *v = f->values[i].value;
        char label[96], id[80];
        int w;

        snprintf(label, sizeof(label), "%s  %d",
                 i18n_ctx(catalog_dim_name(d), v), f->values[i].count);
        w = font_width(ui_font(a->ui), FONT_BODY, 1, label) +
            ui_mm(a->ui, 10);
        if (x + w > a->w - pad) {
            x = pad;
            y += h + gap;
        }
        snprintf(id, sizeof(id), "value-%s-%s", catalog_dim_name(d), v);
        if (ui_button(a->ui, id, (SDL_Rect){x, y, w, h}, label,
                      browse_is_chosen(a, d, v) ? UI_CHIP_ON : UI_CHIP))
            browse_toggle(a, d, v);
        x += w + gap;
    }
    if (ui_button(a->ui, "sheet-done",
                  (SDL_Rect){pad, a->h - pad - ui_mm(a->ui, 20),
                             a->w - 2 * pad, ui_mm(a->ui, 20)},
                  _("Done"), UI_PRIMARY))
        a->facet_open = -1;
}

void browse_draw(struct app *a)
{
    int landscape = a->w > a->h, panel = ui_mm(a->ui, 150), y = 0;
    SDL_Rect col = {0, 0, a->w, 0}, view;

    if (landscape)
        col = (SDL_Rect){a->w - panel, 0, panel, 0};
    browse_top(a, col, &y);
    browse_count_and_sort(a, col, &y);
    browse_chips(a, col, &y);
    if (landscape)
        view = (SDL_Rect){0, 0, a->w - panel, a->h - app_bar_height(a)};
    else
        view = (SDL_Rect){0, y, a->w, a->h - y - app_bar_height(a)};
    browse_grid(a, view);
    app_bottom_bar(a);
    if (a->facet_open >= 0)
        browse_sheet(a, (enum catalog_dim)a->facet_open);
}
