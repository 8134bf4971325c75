#include "ui.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define UI_MAX_WIDGETS 1024
#define UI_MAX_EVENTS 64
#define UI_ARC_STEPS 8

enum ui_kind { UI_W_LABEL, UI_W_BUTTON, UI_W_AREA, UI_W_DRAG };

struct ui_widget {
    enum ui_kind kind;
    char id[48];
    char text[160];
    SDL_Rect r;
};

struct ui {
    SDL_Renderer *ren;
    struct font *font;
    float px_per_mm;
    struct ui_theme theme;
    int64_t now;

    struct ui_widget *cur, *prev;
    int n_cur, n_prev;

    struct gesture_event events[UI_MAX_EVENTS];
    int n_events;

    char press_id[48]; /* finger down on it */
    char tap_id[48];   /* tapped this frame */
    char long_id[48];  /* long-pressed this frame */
    int long_any;      /* a long press this frame, wherever */
    float long_x, long_y;
    char drag_id[48];  /* a drag that started in it is going on */
    int had_input;     /* events were applied this frame */
    float drag_dx, drag_dy, drag_vx, drag_vy;
    int drag_released;
};

static const char *ui_kind_name(enum ui_kind k)
{
    static const char *const names[] = {"label", "button", "area", "drag"};

    return names[k];
}

struct ui *ui_new(SDL_Renderer *r, struct font *font, float px_per_mm,
                  const struct ui_theme *theme)
{
    struct ui *u = calloc(1, sizeof(*u));

    if (!u)
        return NULL;
    u->cur = calloc(UI_MAX_WIDGETS, sizeof(*u->cur));
    u->prev = calloc(UI_MAX_WIDGETS, sizeof(*u->prev));
    if (!u->cur || !u->prev) {
        ui_free(u);
        return NULL;
    }
    u->ren = r;
    u->font = font;
    u->px_per_mm = px_per_mm;
    u->theme = *theme;
    return u;
}

void ui_free(struct ui *u)
{
    if (!u)
        return;
    free(u->cur);
    free(u->prev);
    free(u);
}

int ui_mm(const struct ui *u, float mm)
{
    int px = (int)lroundf(mm * u->px_per_mm);

    return px > 0 ? px : 1;
}

struct font *ui_font(struct ui *u)
{
    return u->font;
}

const struct ui_theme *ui_theme(const struct ui *u)
{
    return &u->theme;
}

SDL_Renderer *ui_renderer(struct ui *u)
{
    return u->ren;
}

int64_t ui_now(const struct ui *u)
{
    return u->now;
}

void ui_pointer(struct ui *u, const struct gesture_event *e)
{
    if (u->n_events < UI_MAX_EVENTS)
        u->events[u->n_events++] = *e;
}

static int ui_inside(SDL_Rect r, float x, float y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

/* The topmost widget of the last frame under (x, y) of the given kind
   (buttons and areas for taps, drag regions for drags). */
static const char *ui_hit(const struct ui *u, float x, float y, int drag)
{
    for (int i = u->n_prev - 1; i >= 0; i--) {
        const struct ui_widget *w = &u->prev[i];
        int tappable = w->kind == UI_W_BUTTON || w->kind == UI_W_AREA;

        if (!ui_inside(w->r, x, y))
            continue;
        if (drag ? w->kind == UI_W_DRAG : tappable)
            return w->id;
        /* A tappable widget over a drag region still lets drags start. */
        if (!drag && w->kind == UI_W_DRAG)
            return "";
    }
    return "";
}

static void ui_set(char *dst, const char *src)
{
    snprintf(dst, 48, "%s", src);
}

static void ui_apply(struct ui *u, const struct gesture_event *e)
{
    switch (e->type) {
    case GESTURE_PRESS:
        ui_set(u->press_id, ui_hit(u, e->x, e->y, 0));
        break;
    case GESTURE_TAP:
        ui_set(u->tap_id, ui_hit(u, e->x, e->y, 0));
        u->press_id[0] = '\0';
        break;
    case GESTURE_LONG_PRESS:
        ui_set(u->long_id, ui_hit(u, e->x, e->y, 0));
        u->long_any = 1;
        u->long_x = e->x;
        u->long_y = e->y;
        u->press_id[0] = '\0';
        break;
    case GESTURE_DRAG_BEGIN:
        u->press_id[0] = '\0';
        ui_set(u->drag_id, ui_hit(u, e->start_x, e->start_y, 1));
        break;
    case GESTURE_DRAG:
        u->drag_dx += e->dx;
        u->drag_dy += e->dy;
        break;
    case GESTURE_DRAG_END:
        u->drag_released = 1;
        u->drag_vx = e->vx;
        u->drag_vy = e->vy;
        break;
    case GESTURE_SWIPE:
        break;
    case GESTURE_CANCEL:
        u->press_id[0] = '\0';
        u->drag_released = u->drag_id[0] != '\0';
        break;
    }
}

void ui_begin(struct ui *u, int64_t t_ms)
{
    u->now = t_ms;
    u->n_cur = 0;
    u->tap_id[0] = '\0';
    u->long_id[0] = '\0';
    u->long_any = 0;
    u->had_input = u->n_events > 0;
    for (int i = 0; i < u->n_events; i++)
        ui_apply(u, &u->events[i]);
    u->n_events = 0;
    font_frame(u->font);
}

void ui_end(struct ui *u)
{
    struct ui_widget *t = u->prev;

    u->prev = u->cur;
    u->n_prev = u->n_cur;
    u->cur = t;
    if (u->drag_released) {
        u->drag_id[0] = '\0';
        u->drag_released = 0;
    }
    u->drag_dx = u->drag_dy = 0;
}

static void ui_record(struct ui *u, enum ui_kind kind, const char *id,
                      const char *text, SDL_Rect r)
{
    struct ui_widget *w;

    if (u->n_cur == UI_MAX_WIDGETS)
        return;
    w = &u->cur[u->n_cur++];
    w->kind = kind;
    snprintf(w->id, sizeof(w->id), "%s", id ? id : "");
    snprintf(w->text, sizeof(w->text), "%s", text ? text : "");
    w->r = r;
}

/* Quarter discs at the corners plus three rectangles. */
void ui_fill(struct ui *u, SDL_Rect r, int radius, SDL_Color c)
{
    SDL_Vertex v[4 * (UI_ARC_STEPS + 2)];
    int idx[4 * UI_ARC_STEPS * 3], nv = 0, ni = 0, o;
    float cx[4], cy[4];

    radius = radius * 2 > r.w ? r.w / 2 : radius;
    radius = radius * 2 > r.h ? r.h / 2 : radius;
    SDL_SetRenderDrawColor(u->ren, c.r, c.g, c.b, c.a);
    if (radius <= 0) {
        SDL_RenderFillRect(u->ren, &r);
        return;
    }
    /* Opaque pieces overlap by a pixel: unsmoothed edges leave seams. */
    o = c.a == 255;
    SDL_RenderFillRect(u->ren, &(SDL_Rect){r.x + radius - o, r.y,
                                          r.w - 2 * radius + 2 * o, r.h});
    SDL_RenderFillRect(u->ren, &(SDL_Rect){r.x, r.y + radius - o, radius,
                                          r.h - 2 * radius + 2 * o});
    SDL_RenderFillRect(u->ren, &(SDL_Rect){r.x + r.w - radius,
                                          r.y + radius - o, radius,
                                          r.h - 2 * radius + 2 * o});

    cx[0] = cx[3] = (float)(r.x + radius);
    cx[1] = cx[2] = (float)(r.x + r.w - radius);
    cy[0] = cy[1] = (float)(r.y + radius);
    cy[2] = cy[3] = (float)(r.y + r.h - radius);
    for (int q = 0; q < 4; q++) {
        int centre = nv;
        float a0 = (float)M_PI * (1.0f + q * 0.5f);

        v[nv++] = (SDL_Vertex){{cx[q], cy[q]}, c, {0, 0}};
        for (int s = 0; s <= UI_ARC_STEPS; s++) {
            float a = a0 + (float)M_PI * 0.5f * s / UI_ARC_STEPS;

            v[nv++] = (SDL_Vertex){{cx[q] + radius * cosf(a),
                                    cy[q] + radius * sinf(a)}, c, {0, 0}};
        }
        for (int s = 0; s < UI_ARC_STEPS; s++) {
            idx[ni++] = centre;
            idx[ni++] = centre + 1 + s;
            idx[ni++] = centre + 2 + s;
        }
    }
    SDL_RenderGeometry(u->ren, NULL, v, nv, idx, ni);
}

void ui_outline(struct ui *u, SDL_Rect r, int radius, int width,
                SDL_Color line, SDL_Color inside)
{
    ui_fill(u, r, radius, line);
    ui_fill(u, (SDL_Rect){r.x + width, r.y + width, r.w - 2 * width,
                          r.h - 2 * width},
            radius > width ? radius - width : 0, inside);
}

void ui_record_label(struct ui *u, SDL_Rect r, const char *text)
{
    ui_record(u, UI_W_LABEL, "", text, r);
}

int ui_text(struct ui *u, SDL_Rect r, const char *text,
            enum font_size size, int bold, SDL_Color c,
            enum font_align align)
{
    int h = font_height(u->font, size);
    int y = r.h > h ? r.y + (r.h - h) / 2 : r.y;

    ui_record(u, UI_W_LABEL, "", text, r);
    font_draw(u->font, size, bold, text, c, r.x, y, r.w, align);
    return h;
}

int ui_text_wrapped(struct ui *u, SDL_Rect r, const char *text,
                    enum font_size size, SDL_Color c, int max_lines)
{
    ui_record(u, UI_W_LABEL, "", text, r);
    return font_draw_wrapped(u->font, size, 0, text, c, r.x, r.y, r.w,
                             max_lines);
}

static void ui_button_colours(const struct ui *u, enum ui_style style,
                              int pressed, SDL_Color *fill,
                              SDL_Color *text)
{
    const struct ui_theme *t = &u->theme;

    *fill = t->card;
    *text = t->text;
    if (style == UI_PRIMARY || style == UI_CHIP_ON) {
        *fill = t->accent;
        *text = t->on_accent;
    } else if (style == UI_QUIET) {
        fill->a = 0;
    }
    if (pressed) {
        fill->r = (Uint8)(fill->r * 0.85f);
        fill->g = (Uint8)(fill->g * 0.85f);
        fill->b = (Uint8)(fill->b * 0.85f);
        fill->a = 255;
    }
}

int ui_button(struct ui *u, const char *id, SDL_Rect r, const char *label,
              enum ui_style style)
{
    const struct ui_theme *t = &u->theme;
    int pressed = ui_pressed(u, id);
    int radius = style == UI_CHIP || style == UI_CHIP_ON ? r.h / 2
                                                        : ui_mm(u, 2.5f);
    enum font_size size = style == UI_PRIMARY ? FONT_TITLE : FONT_BODY;
    SDL_Color fill, text;

    ui_button_colours(u, style, pressed, &fill, &text);
    if (style == UI_SECONDARY || style == UI_CHIP)
        ui_outline(u, r, radius, ui_mm(u, 0.4f), t->line, fill);
    else if (fill.a)
        ui_fill(u, r, radius, fill);
    if (style == UI_KEY)
        size = FONT_TITLE;

    font_draw(u->font, size, style != UI_KEY && style != UI_QUIET, label,
              text, r.x + ui_mm(u, 2),
              r.y + (r.h - font_height(u->font, size)) / 2,
              r.w - ui_mm(u, 4), FONT_CENTER);
    ui_record(u, UI_W_BUTTON, id, label, r);
    return strcmp(u->tap_id, id) == 0;
}

int ui_area(struct ui *u, const char *id, SDL_Rect r, int *held)
{
    ui_record(u, UI_W_AREA, id, "", r);
    if (held)
        *held = strcmp(u->long_id, id) == 0;
    return strcmp(u->tap_id, id) == 0;
}

int ui_had_input(const struct ui *u)
{
    return u->had_input;
}

int ui_long_press_at(const struct ui *u, float *x, float *y)
{
    *x = u->long_x;
    *y = u->long_y;
    return u->long_any;
}

int ui_pressed(const struct ui *u, const char *id)
{
    return u->press_id[0] && strcmp(u->press_id, id) == 0;
}

int ui_drag(struct ui *u, const char *id, SDL_Rect r, float *dx, float *dy,
            int *released, float *vx, float *vy)
{
    int mine = u->drag_id[0] && strcmp(u->drag_id, id) == 0;

    ui_record(u, UI_W_DRAG, id, "", r);
    *dx = mine ? u->drag_dx : 0;
    *dy = mine ? u->drag_dy : 0;
    *released = mine && u->drag_released;
    *vx = *released ? u->drag_vx : 0;
    *vy = *released ? u->drag_vy : 0;
    return mine;
}

static void ui_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;

        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(out, "\\u%04x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

int ui_dump(const struct ui *u, FILE *out)
{
    fputs("[\n", out);
    for (int i = 0; i < u->n_prev; i++) {
        const struct ui_widget *w = &u->prev[i];

        fprintf(out, "  {\"kind\": \"%s\", \"id\": ", ui_kind_name(w->kind));
        ui_json_string(out, w->id);
        fputs(", \"text\": ", out);
        ui_json_string(out, w->text);
        fprintf(out, ", \"x\": %d, \"y\": %d, \"w\": %d, \"h\": %d}%s\n",
                w->r.x, w->r.y, w->r.w, w->r.h,
                i + 1 < u->n_prev ? "," : "");
    }
    fputs("]\n", out);
    return ferror(out) ? -1 : 0;
}

int ui_find(const struct ui *u, const char *id_or_text, SDL_Rect *out)
{
    size_t n = strlen(id_or_text);
    int prefix = n > 0 && id_or_text[n - 1] == '*';

    for (int i = u->n_prev - 1; i >= 0; i--) {
        const struct ui_widget *w = &u->prev[i];

        if ((prefix && w->id[0] && strncmp(w->id, id_or_text, n - 1) == 0) ||
            strcmp(w->id, id_or_text) == 0 ||
            strcmp(w->text, id_or_text) == 0) {
            *out = w->r;
            return 1;
        }
    }
    return 0;
}
