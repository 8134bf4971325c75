#include "thumb.h"

#include "kerr.h"

#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>
#include <stb/stb_image_write.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THUMB_JPEG_QUALITY 85

/* Growable memory for the encoders. */
struct thumb_mem {
    unsigned char *data;
    size_t len, cap;
    int oom;
};

const char *thumb_sniff_ext(const unsigned char *d, size_t len)
{
    if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "png";
    if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
        return "jpg";
    if (len >= 4 && memcmp(d, "GIF8", 4) == 0)
        return "gif";
    if (len >= 2 && memcmp(d, "BM", 2) == 0)
        return "bmp";
    return "img";
}

static const char *thumb_why(void)
{
    return stbi_failure_reason() ? stbi_failure_reason() : "unknown";
}

/* An alpha channel that is opaque everywhere is no alpha at all. */
static void thumb_drop_opaque_alpha(struct thumb_image *img)
{
    size_t n = (size_t)img->w * img->h;

    for (size_t i = 3; i < n * 4; i += 4) {
        if (img->px[i] != 255)
            return;
    }
    for (size_t i = 0; i < n; i++)
        memmove(img->px + 3 * i, img->px + 4 * i, 3);
    img->ch = 3;
}

int thumb_decode(const unsigned char *data, size_t len, struct thumb_image *img,
                 char *why, size_t wlen)
{
    int w, h, comp;

    if (len > INT_MAX ||
        !stbi_info_from_memory(data, (int)len, &w, &h, &comp)) {
        snprintf(why, wlen, "not a supported image (%s)", thumb_why());
        return KERR_REFUSED;
    }
    if (w <= 0 || h <= 0 || w > THUMB_MAX_EDGE || h > THUMB_MAX_EDGE ||
        (long long)w * h > THUMB_MAX_PIXELS) {
        snprintf(why, wlen, "image of %d x %d px is too large", w, h);
        return KERR_REFUSED;
    }

    img->ch = comp == 2 || comp == 4 ? 4 : 3;
    img->px =
        stbi_load_from_memory(data, (int)len, &img->w, &img->h, &comp, img->ch);
    if (!img->px) {
        snprintf(why, wlen, "cannot decode image (%s)", thumb_why());
        return KERR_REFUSED;
    }
    if (img->ch == 4)
        thumb_drop_opaque_alpha(img);
    return 0;
}

void thumb_image_free(struct thumb_image *img)
{
    stbi_image_free(img->px);
    img->px = NULL;
}

const char *thumb_ext(const struct thumb_image *img)
{
    return img->ch == 4 ? "png" : "jpg";
}

static void thumb_mem_write(void *ctx, void *data, int size)
{
    struct thumb_mem *m = ctx;

    if (m->oom || size <= 0)
        return;
    if (m->len + (size_t)size > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 65536;
        unsigned char *grown;

        while (cap < m->len + (size_t)size)
            cap *= 2;
        grown = realloc(m->data, cap);
        if (!grown) {
            m->oom = 1;
            return;
        }
        m->data = grown;
        m->cap = cap;
    }
    memcpy(m->data + m->len, data, (size_t)size);
    m->len += (size_t)size;
}

/* Thumbnail size: longer edge `px`, aspect kept, never enlarged. */
static void thumb_size(const struct thumb_image *img, int px, int *tw, int *th)
{
    int longer = img->w > img->h ? img->w : img->h;

    if (longer <= px) {
        *tw = img->w;
        *th = img->h;
        return;
    }
    *tw = (int)((double)img->w * px / longer + 0.5);
    *th = (int)((double)img->h * px / longer + 0.5);
    if (*tw < 1)
        *tw = 1;
    if (*th < 1)
        *th = 1;
}

int thumb_encode(const struct thumb_image *img, int px, unsigned char **out,
                 size_t *len)
{
    struct thumb_mem m = {0};
    unsigned char *small;
    int tw, th, ok;

    *out = NULL;
    *len = 0;
    thumb_size(img, px, &tw, &th);
    small = malloc((size_t)tw * th * img->ch);
    if (!small)
        return kerr_set(KERR_NOMEM, "thumb: out of memory for a %d px"
                        " thumbnail", px);

    ok = stbir_resize_uint8_srgb(img->px, img->w, img->h, 0, small, tw, th,
                                 0, img->ch,
                                 img->ch == 4 ? 3 : STBIR_ALPHA_CHANNEL_NONE,
                                 0);
    if (ok && img->ch == 4)
        ok = stbi_write_png_to_func(thumb_mem_write, &m, tw, th, 4, small,
                                    tw * 4);
    else if (ok)
        ok = stbi_write_jpg_to_func(thumb_mem_write, &m, tw, th, 3, small,
                                    THUMB_JPEG_QUALITY);
    free(small);
    if (!ok || m.oom) {
        free(m.data);
        return kerr_set(KERR_NOMEM, "thumb: cannot encode a %d px"
                        " thumbnail", px);
    }
    *out = m.data;
    *len = m.len;
    return 0;
}
