/*
 * imgcache: product images on disk, stored once by content.
 *
 * Images are downloaded in parallel (libcurl multi, bounded), stored under
 * the SHA-256 of their bytes, so the same picture used by many products or
 * at many URLs is kept once, and thumbnails are made once at the sizes the
 * UI asks for. A size cap is kept by evicting the least recently used. A
 * broken or missing image is recorded as such and never breaks a product.
 *
 * Use one struct imgcache from one thread at a time.
 */
#ifndef KIOSK_IMGCACHE_H
#define KIOSK_IMGCACHE_H

#include "http.h"

#include <stddef.h>
#include <stdint.h>

struct imgcache;

/*
 * Open the cache in directory `dir` (created if missing). `cap_bytes`
 * bounds originals plus thumbnails; cap_bytes <= 0: no cap. `thumb_px`
 * lists thumbnail edge sizes, 0-terminated (may be NULL for none). NULL
 * on failure.
 */
struct imgcache *imgcache_open(const char *dir, int64_t cap_bytes,
                               const int *thumb_px);
void imgcache_close(struct imgcache *ic); /* accepts NULL */

struct imgcache_stats {
    int requested; /* URLs asked for */
    int cached;    /* already there, not fetched again */
    int fetched;   /* downloaded and stored now */
    int failed;    /* could not be fetched or decoded */
    int64_t bytes; /* cache size on disk afterwards */
};

typedef void (*imgcache_progress_fn)(void *ctx, int done, int total);

/*
 * Make sure every URL in `urls` is cached, fetching at most `parallel` at
 * once, then evict to the cap. Failures are counted, not fatal; returns
 * 0 unless the cache itself cannot be written or it was cancelled.
 * `http` gives timeouts and may be NULL; `progress` may be NULL.
 */
int imgcache_fetch(struct imgcache *ic, char *const *urls, size_t n,
                   const struct http_opts *http, int parallel,
                   imgcache_progress_fn progress, void *ctx,
                   struct imgcache_stats *stats);

/*
 * Path of the cached image for `url`: the original when `px` is 0, else
 * the thumbnail whose longer edge is `px`. Marks it recently used.
 * KERR_NOTFOUND if it is not cached or could not be fetched.
 */
int imgcache_path(struct imgcache *ic, const char *url, int px, char *buf,
                  size_t len);

/* Evict least recently used images until under the cap. */
int imgcache_evict(struct imgcache *ic);

/* Bytes on disk now. */
int64_t imgcache_bytes(struct imgcache *ic);

#endif
