#include "display.h"

#include "kerr.h"
#include "log.h"

#include <math.h>
#include <stdlib.h>
#include <stb/stb_image_write.h>

struct display {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *canvas; /* only when rotated */
    int rotate;
    int win_w, win_h;
    int cw, ch; /* canvas */
    float px_per_mm;
};

/*
 * On an X server with no window manager a fullscreen request alone can
 * leave a small window; so the window is made the display's exact size
 * at its origin, borderless, and checked afterwards.
 */
static SDL_Window *display_make_window(const struct display_opts *o)
{
    Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
    SDL_Rect b = {0, 0, o->width, o->height};
    SDL_Window *w;

    if (!o->width || !o->height) {
        if (SDL_GetDisplayBounds(0, &b) != 0) {
            b.w = 1080;
            b.h = 1920;
        }
    }
    if (!o->windowed)
        flags |= SDL_WINDOW_BORDERLESS;
    if (!o->windowed && !o->width)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;

    w = SDL_CreateWindow("kiosk", b.x, b.y, b.w, b.h, flags);
    if (w && !o->windowed) {
        int ww, wh;

        SDL_GetWindowSize(w, &ww, &wh);
        if (ww != b.w || wh != b.h) {
            log_warn("display", "window came up %dx%d, forcing %dx%d", ww,
                     wh, b.w, b.h);
            SDL_SetWindowSize(w, b.w, b.h);
            SDL_SetWindowPosition(w, b.x, b.y);
        }
    }
    return w;
}

/* Physical size: the configured diagonal, else the display's DPI, else
   a 32-inch guess (a common kiosk panel). */
static float display_density(const struct display *d, double diagonal_in)
{
    float ddpi = 0, hdpi = 0, vdpi = 0;
    double diag_px = sqrt((double)d->win_w * d->win_w +
                          (double)d->win_h * d->win_h);

    if (diagonal_in <= 0 && SDL_GetDisplayDPI(0, &ddpi, &hdpi, &vdpi) == 0 &&
        ddpi > 40 && ddpi < 600)
        diagonal_in = diag_px / ddpi;
    if (diagonal_in <= 0)
        diagonal_in = 32;
    return (float)(diag_px / (diagonal_in * 25.4));
}

static int display_make_canvas(struct display *d)
{
    d->cw = d->rotate % 180 ? d->win_h : d->win_w;
    d->ch = d->rotate % 180 ? d->win_w : d->win_h;
    if (d->rotate == 0)
        return 0;
    d->canvas = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_ARGB8888,
                                  SDL_TEXTUREACCESS_TARGET, d->cw, d->ch);
    if (!d->canvas)
        return kerr_set(KERR_IO, "display: canvas texture: %s",
                        SDL_GetError());
    return 0;
}

struct display *display_open(const struct display_opts *o)
{
    struct display *d = calloc(1, sizeof(*d));
    Uint32 rflags = o->software ? SDL_RENDERER_SOFTWARE
                                : SDL_RENDERER_ACCELERATED |
                                      SDL_RENDERER_PRESENTVSYNC;

    if (!d) {
        kerr_set(KERR_NOMEM, "display: out of memory");
        return NULL;
    }
    d->rotate = ((o->rotate % 360) + 360) % 360 / 90 * 90;
    d->win = display_make_window(o);
    if (d->win)
        d->ren = SDL_CreateRenderer(d->win, -1,
                                    rflags | SDL_RENDERER_TARGETTEXTURE);
    if (d->win && !d->ren)
        d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_SOFTWARE);
    if (!d->ren) {
        kerr_set(KERR_IO, "display: %s", SDL_GetError());
        display_close(d);
        return NULL;
    }

    SDL_GetRendererOutputSize(d->ren, &d->win_w, &d->win_h);
    if (display_make_canvas(d) < 0) {
        display_close(d);
        return NULL;
    }
    d->px_per_mm = display_density(d, o->diagonal_in);
    SDL_SetRenderDrawBlendMode(d->ren, SDL_BLENDMODE_BLEND);
    SDL_ShowCursor(SDL_DISABLE);
    log_info("display", "%dx%d, turned %d°, %.2f px/mm", d->win_w,
             d->win_h, d->rotate, d->px_per_mm);
    return d;
}

void display_close(struct display *d)
{
    if (!d)
        return;
    if (d->canvas)
        SDL_DestroyTexture(d->canvas);
    if (d->ren)
        SDL_DestroyRenderer(d->ren);
    if (d->win)
        SDL_DestroyWindow(d->win);
    free(d);
}

SDL_Renderer *display_renderer(struct display *d)
{
    return d->ren;
}

SDL_Window *display_window(struct display *d)
{
    return d->win;
}

void display_size(const struct display *d, int *w, int *h)
{
    *w = d->cw;
    *h = d->ch;
}

float display_px_per_mm(const struct display *d)
{
    return d->px_per_mm;
}

int display_mm(const struct display *d, float mm)
{
    int px = (int)lroundf(mm * d->px_per_mm);

    return px > 0 ? px : 1;
}

void display_begin(struct display *d)
{
    if (d->canvas)
        SDL_SetRenderTarget(d->ren, d->canvas);
}

void display_present(struct display *d)
{
    if (d->canvas) {
        SDL_Rect dst = {(d->win_w - d->cw) / 2, (d->win_h - d->ch) / 2,
                        d->cw, d->ch};

        SDL_SetRenderTarget(d->ren, NULL);
        SDL_RenderCopyEx(d->ren, d->canvas, NULL, &dst, d->rotate, NULL,
                         SDL_FLIP_NONE);
    }
    SDL_RenderPresent(d->ren);
}

/* Undo the picture's clockwise turn around the window's centre. */
void display_from_window(const struct display *d, float wx, float wy,
                         float *cx, float *cy)
{
    float x = wx - d->win_w / 2.0f, y = wy - d->win_h / 2.0f, rx, ry;

    switch (d->rotate) {
    case 90: rx = y; ry = -x; break;
    case 180: rx = -x; ry = -y; break;
    case 270: rx = -y; ry = x; break;
    default: rx = x; ry = y; break;
    }
    *cx = rx + d->cw / 2.0f;
    *cy = ry + d->ch / 2.0f;
}

void display_from_finger(const struct display *d, float nx, float ny,
                         float *cx, float *cy)
{
    display_from_window(d, nx * d->win_w, ny * d->win_h, cx, cy);
}

int display_screenshot(struct display *d, const char *path)
{
    int pitch = d->cw * 3, rc = 0;
    unsigned char *px = malloc((size_t)pitch * d->ch);

    if (!px)
        return kerr_set(KERR_NOMEM, "screenshot: out of memory");
    if (SDL_RenderReadPixels(d->ren, NULL, SDL_PIXELFORMAT_RGB24, px,
                             pitch) != 0) {
        rc = kerr_set(KERR_IO, "screenshot: %s", SDL_GetError());
        goto out;
    }
    if (!stbi_write_png(path, d->cw, d->ch, 3, px, pitch))
        rc = kerr_set(KERR_IO, "screenshot: could not write %s", path);

out:
    free(px);
    return rc;
}
