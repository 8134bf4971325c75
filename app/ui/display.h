/*
 * display: the window, the renderer and the physical size of the screen.
 *
 * The app draws on a "canvas": the picture as the customer sees it,
 * upright. When the screen is mounted rotated (many kiosk compositors and
 * bare KMS rotate the picture but not the touch input), the canvas is
 * drawn into a texture and copied to the window turned by `rotate`
 * degrees clockwise, and input coordinates are mapped back here, so
 * touch always lands where the finger is.
 *
 * Sizes are physical: the screen's diagonal from config gives pixels per
 * millimetre, since displays rarely report their DPI truthfully.
 * Main thread only.
 */
#ifndef KIOSK_DISPLAY_H
#define KIOSK_DISPLAY_H

#include <SDL2/SDL.h>

struct display;

struct display_opts {
    int rotate;         /* 0, 90, 180 or 270: clockwise turn of the picture */
    double diagonal_in; /* the panel's diagonal in inches; 0: guess */
    int width, height;  /* window size in pixels; 0: the whole screen */
    int windowed;       /* 1: a plain window (development) */
    int software;       /* 1: the software renderer (headless, tests) */
};

/* Open the window and renderer. NULL on failure (kerr_msg says why). */
struct display *display_open(const struct display_opts *o);
void display_close(struct display *d); /* accepts NULL */

SDL_Renderer *display_renderer(struct display *d);
SDL_Window *display_window(struct display *d);

/* The canvas size in pixels: the window's, swapped when turned 90/270. */
void display_size(const struct display *d, int *w, int *h);

/* Pixels per millimetre on the canvas. */
float display_px_per_mm(const struct display *d);

/* `mm` millimetres in canvas pixels, rounded, at least 1. */
int display_mm(const struct display *d, float mm);

/* Start drawing a frame on the canvas. */
void display_begin(struct display *d);

/* Show the frame (turning it if the screen is mounted rotated). */
void display_present(struct display *d);

/* Window pixel coordinates (mouse) to canvas coordinates. */
void display_from_window(const struct display *d, float wx, float wy,
                         float *cx, float *cy);

/* SDL finger coordinates (0..1 of the window) to canvas coordinates. */
void display_from_finger(const struct display *d, float nx, float ny,
                         float *cx, float *cy);

/*
 * Write the canvas as drawn so far (call before display_present) to a
 * PNG file. 0 or a negative KERR_* code.
 */
int display_screenshot(struct display *d, const char *path);

#endif
