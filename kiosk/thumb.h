/*
 * thumb: decode an untrusted image and make thumbnails of it.
 *
 * Decoding goes through stb_image with limits on the claimed size, so a
 * small file cannot ask for gigabytes of pixels. A thumbnail keeps the
 * aspect ratio and is PNG when the image has transparency, JPEG
 * otherwise. No state: any thread.
 */
#ifndef KIOSK_THUMB_H
#define KIOSK_THUMB_H

#include <stddef.h>

#define THUMB_MAX_EDGE 8000         /* pixels, either side */
#define THUMB_MAX_PIXELS 40000000LL /* 40 Mpx: 160 MB decoded */

/* A decoded image. */
struct thumb_image {
    unsigned char *px; /* w * h * ch bytes, rows top to bottom */
    int w, h;          /* pixels */
    int ch;            /* 3 (RGB), or 4 (RGBA) only if some pixel shows
                          through */
};

/*
 * File extension for encoded image bytes by their signature: "png",
 * "jpg", "gif", "bmp", or "img" when unknown. A static string.
 */
const char *thumb_sniff_ext(const unsigned char *data, size_t len);

/*
 * Decode `len` bytes into `img`, refusing images over THUMB_MAX_EDGE on
 * a side or THUMB_MAX_PIXELS in all (checked from the header, before
 * any allocation). An alpha channel that is opaque everywhere is
 * dropped. Returns 0, or KERR_REFUSED with the reason written to `why`
 * (`wlen` bytes; kerr's message is not set). Free with thumb_image_free.
 */
int thumb_decode(const unsigned char *data, size_t len,
                 struct thumb_image *img, char *why, size_t wlen);

/* Free the pixels of `img` (which may be zeroed or already freed). */
void thumb_image_free(struct thumb_image *img);

/* Extension of the thumbnails of `img`: "png" with alpha, else "jpg". */
const char *thumb_ext(const struct thumb_image *img);

/*
 * Encode a thumbnail of `img` whose longer edge is `px` pixels (never
 * enlarged), as PNG or JPEG per thumb_ext. *out is malloc'd, the
 * caller frees it. 0, or KERR_NOMEM.
 */
int thumb_encode(const struct thumb_image *img, int px,
                 unsigned char **out, size_t *len);

#endif
