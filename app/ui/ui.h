/*
 * ui: immediate-mode widgets for the kiosk's screens.
 *
 * Each frame the screens declare what is on screen, in drawing order;
 * a widget draws itself and answers whether it was tapped. Taps are
 * matched against the previous frame's widgets, topmost first, so a sheet
 * drawn over the grid takes the tap and the grid never sees it. Every
 * widget is recorded with its text and rectangle, which is what the
 * headless mode dumps for tests to assert on. Main thread only.
 */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H

#include "font.h"
#include "gesture.h"

#include <SDL2/SDL.h>
#include <stdint.h>
#include <stdio.h>

/* The palette: one accent from config, the rest calm and warm. */
struct ui_theme {
    SDL_Color bg, card, text, muted, line, accent, on_accent, shelf, order,
        shadow, scrim;
};

enum ui_style {
    UI_PRIMARY,   /* filled with the accent: one per screen */
    UI_SECONDARY, /* outlined */
    UI_QUIET,     /* text only */
    UI_CHIP,      /* a filter chip */
    UI_CHIP_ON,   /* a chosen filter chip */
    UI_KEY,       /* an on-screen keyboard key */
};

struct ui;

struct ui *ui_new(SDL_Renderer *r, struct font *font, float px_per_mm,
                  const struct ui_theme *theme);
void ui_free(struct ui *u); /* accepts NULL */

/* Millimetres to pixels on this screen. */
int ui_mm(const struct ui *u, float mm);
struct font *ui_font(struct ui *u);
const struct ui_theme *ui_theme(const struct ui *u);
SDL_Renderer *ui_renderer(struct ui *u);

/* Feed one recognised gesture, in canvas pixels (between frames). */
void ui_pointer(struct ui *u, const struct gesture_event *e);

/* Start a frame at time t_ms; clears the widget record. */
void ui_begin(struct ui *u, int64_t t_ms);
/* End a frame: the record becomes what the next frame's taps hit. */
void ui_end(struct ui *u);
int64_t ui_now(const struct ui *u);

/* A filled rectangle with rounded corners (radius in pixels). */
void ui_fill(struct ui *u, SDL_Rect r, int radius, SDL_Color c);
/* A `width`-pixel line in colour `line` around a fill of `inside`. */
void ui_outline(struct ui *u, SDL_Rect r, int radius, int width,
                SDL_Color line, SDL_Color inside);

/* Text; recorded as a label. Returns the height used. */
int ui_text(struct ui *u, SDL_Rect r, const char *text,
            enum font_size size, int bold, SDL_Color c,
            enum font_align align);
int ui_text_wrapped(struct ui *u, SDL_Rect r, const char *text,
                    enum font_size size, SDL_Color c, int max_lines);

/* Record a label drawn by other means (a logo standing for a name). */
void ui_record_label(struct ui *u, SDL_Rect r, const char *text);

/* A button; returns 1 on the frame it is tapped. */
int ui_button(struct ui *u, const char *id, SDL_Rect r, const char *label,
              enum ui_style style);

/*
 * An invisible tappable region (a product card, a corner). Returns 1 when
 * tapped; *held set to 1 when long-pressed this frame (may be NULL).
 */
int ui_area(struct ui *u, const char *id, SDL_Rect r, int *held);

/* A long press anywhere this frame: 1 and its position. */
int ui_long_press_at(const struct ui *u, float *x, float *y);

/* Is the finger down on widget `id` right now (pressed look)? */
int ui_pressed(const struct ui *u, const char *id);

/*
 * A region that scrolls: returns the drag events that started inside it
 * since the last frame, summed (dy), and *released / *velocity when the
 * finger lifted. Recorded so drags are matched topmost-first too.
 */
int ui_drag(struct ui *u, const char *id, SDL_Rect r, float *dx, float *dy,
            int *released, float *vx, float *vy);

/* 1 if this frame answered a touch: its effect shows in the next frame,
   which should come at once. */
int ui_had_input(const struct ui *u);

/* Write what is on screen (last finished frame) as JSON. */
int ui_dump(const struct ui *u, FILE *out);

/* Find a recorded widget by id or by text, topmost first; an id ending
   in '*' matches by prefix (tests, scripts). */
int ui_find(const struct ui *u, const char *id_or_text, SDL_Rect *out);

#endif
