/*
 * demo_png: a drawn canvas composed into its final pixels (the photo on
 * a warm white background with a soft shadow, or the try-on view with
 * transparency) and encoded as PNG.
 */
#include "demo_draw_impl.h"

#include "kerr.h"

#include <stb/stb_image_write.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Box-blur a w x h float image in place, horizontally then vertically. */
static void blur_pass(float *img, float *tmp, int w, int h, int rad)
{
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            float s = 0;

            for (int k = -rad; k <= rad; k++)
                s += img[y * w + (x + k < 0 ? 0 : x + k >= w ? w - 1 : x + k)];
            tmp[y * w + x] = s / (float)(2 * rad + 1);
        }
    }
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            float s = 0;

            for (int k = -rad; k <= rad; k++)
                s += tmp[(y + k < 0 ? 0 : y + k >= h ? h - 1 : y + k) * w + x];
            img[y * w + x] = s / (float)(2 * rad + 1);
        }
    }
}

/*
 * The frame's soft shadow: its coverage at a quarter of the size,
 * blurred three times (close to a Gaussian), looked up shifted down.
 */
static float *photo_shadow(const struct demo_canvas *c, int *sw, int *sh)
{
    int w = c->w / 4, h = c->h / 4;
    float *img = calloc((size_t)w * (size_t)h * 2, sizeof(float));

    if (!img)
        return NULL;
    for (int y = 0; y < h * 4; y++) {
        for (int x = 0; x < w * 4; x++)
            img[(y / 4) * w + x / 4] +=
                c->px[4 * ((size_t)y * (size_t)c->w + (size_t)x) + 3] / 16;
    }
    for (int i = 0; i < 3; i++)
        blur_pass(img, img + w * h, w, h, 3);
    *sw = w;
    *sh = h;
    return img;
}

static float shadow_at(const float *img, int w, int h, float x, float y)
{
    int ix = (int)floorf(x), iy = (int)floorf(y);
    float fx = x - (float)ix, fy = y - (float)iy, v[4];

    for (int k = 0; k < 4; k++) {
        int xx = ix + (k & 1), yy = iy + (k >> 1);

        v[k] = xx < 0 || yy < 0 || xx >= w || yy >= h ? 0 : img[yy * w + xx];
    }
    return (v[0] * (1 - fx) + v[1] * fx) * (1 - fy) +
           (v[2] * (1 - fx) + v[3] * fx) * fy;
}

static unsigned char to8(float v)
{
    return (unsigned char)(demo_clampf(v, 0, 1) * 255.0f + 0.5f);
}

/* Compose the photo: warm white, vignette, shadow, then the frame. */
static int photo_pixels(const struct demo_canvas *c, unsigned char *out)
{
    int sw, sh;
    float *shadow = photo_shadow(c, &sw, &sh);

    if (!shadow)
        return kerr_set(KERR_NOMEM, "demo image: out of memory");
    for (int y = 0; y < c->h; y++) {
        for (int x = 0; x < c->w; x++) {
            const float *p = c->px + 4 * ((size_t)y * (size_t)c->w + (size_t)x);
            float dx = ((float)x - c->w / 2.0f) / (float)c->w;
            float dy = ((float)y - c->h / 2.0f) / (float)c->h;
            float bg = 1.0f - 0.05f * (dx * dx + dy * dy);
            float s = shadow_at(shadow, sw, sh, (float)x / 4 - 0.5f,
                                ((float)y - 16) / 4 - 0.5f);
            unsigned char *o = out + 3 * ((size_t)y * (size_t)c->w + (size_t)x);

            bg *= 1 - 0.35f * demo_clampf(s, 0, 1);
            o[0] = to8(p[0] + bg * 0.992f * (1 - p[3]));
            o[1] = to8(p[1] + bg * 0.982f * (1 - p[3]));
            o[2] = to8(p[2] + bg * 0.965f * (1 - p[3]));
        }
    }
    free(shadow);
    return 0;
}

static void tryon_pixels(const struct demo_canvas *c, unsigned char *out)
{
    size_t n = (size_t)c->w * (size_t)c->h;

    for (size_t i = 0; i < n; i++) {
        const float *p = c->px + 4 * i;
        float a = p[3];

        out[4 * i + 3] = to8(a);
        for (int k = 0; k < 3; k++)
            out[4 * i + k] = a > 1e-4f ? to8(p[k] / a) : 0;
    }
}

struct png_buf {
    unsigned char *data;
    size_t len, cap;
    int failed;
};

static void png_put(void *ctx, void *data, int size)
{
    struct png_buf *b = ctx;
    size_t n = (size_t)size;

    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = (b->len + n) * 2;
        unsigned char *grown = realloc(b->data, cap);

        if (!grown) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
}

unsigned char *demo_png_encode(const struct demo_canvas *c, int tryon,
                               size_t *len)
{
    struct png_buf png = {0};
    int comp = tryon ? 4 : 3;
    unsigned char *pix = malloc((size_t)c->w * (size_t)c->h * (size_t)comp);

    if (!pix) {
        kerr_set(KERR_NOMEM, "demo image: out of memory");
        return NULL;
    }
    if (tryon)
        tryon_pixels(c, pix);
    else if (photo_pixels(c, pix) < 0)
        goto out;

    if (!stbi_write_png_to_func(png_put, &png, c->w, c->h, comp, pix,
                                c->w * comp) ||
        png.failed) {
        free(png.data);
        png.data = NULL;
        kerr_set(KERR_NOMEM, "demo image: PNG encoding failed");
        goto out;
    }
    *len = png.len;

out:
    free(pix);
    return png.data;
}
