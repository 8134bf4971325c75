/*
 * font: the app's one type family at its few sizes, and a bounded cache
 * of rendered text.
 *
 * UI.md asks for three or four sizes only; they are given in pixels
 * (from millimetres) when the fonts are opened. Rendering a string with
 * SDL_ttf is slow, so each distinct (text, size, weight, colour, width)
 * becomes a texture kept until it has not been drawn for a while and the
 * cache is over its cap. Main thread only.
 */
#ifndef KIOSK_FONT_H
#define KIOSK_FONT_H

#include <SDL2/SDL.h>

enum font_size {
    FONT_CAPTION,
    FONT_BODY,
    FONT_TITLE,
    FONT_DISPLAY,
    FONT_NSIZES
};

enum font_align { FONT_LEFT, FONT_CENTER, FONT_RIGHT };

struct font;

/*
 * Open Inter Regular and SemiBold from `dir` at `px` pixel sizes.
 * `cap` bounds the cached text textures. NULL on failure.
 */
struct font *font_open(SDL_Renderer *r, const char *dir,
                       const int px[FONT_NSIZES], int cap);
void font_close(struct font *f); /* accepts NULL */

/*
 * Draw `text` (UTF-8) with its top at y, aligned within [x, x + w).
 * Text wider than `w` is cut with an ellipsis. Returns the height used.
 */
int font_draw(struct font *f, enum font_size size, int bold,
              const char *text, SDL_Color colour, int x, int y, int w,
              enum font_align align);

/*
 * Draw `text` wrapped to width `w`, at most `max_lines` lines (the last
 * cut with an ellipsis). Returns the height used.
 */
int font_draw_wrapped(struct font *f, enum font_size size, int bold,
                      const char *text, SDL_Color colour, int x, int y,
                      int w, int max_lines);

/* Width of `text` in pixels, unwrapped. */
int font_width(struct font *f, enum font_size size, int bold,
               const char *text);

/* Line height of a size in pixels. */
int font_height(struct font *f, enum font_size size);

/* Once per frame: age entries and evict the least recently drawn. */
void font_frame(struct font *f);

/* Cached textures now, for the memory benchmark. */
int font_cached(const struct font *f);

#endif
