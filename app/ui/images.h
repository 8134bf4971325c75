/*
 * images: product pictures as textures, loaded off the main thread.
 *
 * A worker thread looks a URL up in the image cache and decodes the file;
 * the main thread only turns finished surfaces into textures, a few per
 * frame, so scrolling never waits for the disk. Textures are kept in a
 * bounded cache, least recently drawn going first. Main thread only,
 * except the worker it owns.
 */
#ifndef KIOSK_IMAGES_H
#define KIOSK_IMAGES_H

#include <SDL2/SDL.h>

struct images;

/*
 * Start the loader over the image cache in `cache_dir`, keeping at most
 * `cap` textures. `thumb_px` is the thumbnail size asked for grids.
 */
struct images *images_open(SDL_Renderer *r, const char *cache_dir,
                           int cap);
void images_close(struct images *im); /* accepts NULL */

/*
 * The texture for `url` at thumbnail size `px` (0: original), or NULL
 * while it loads or if it cannot be had; asks for it in that case.
 * *w, *h get its size. The texture stays valid until images_frame().
 */
SDL_Texture *images_get(struct images *im, const char *url, int px, int *w,
                        int *h);

/* Once per frame: upload finished images, evict beyond the cap. */
void images_frame(struct images *im);

/* 1 while requests are pending (the app keeps drawing frames). */
int images_busy(struct images *im);

/* Textures held now, for the memory benchmark. */
int images_cached(const struct images *im);

#endif
