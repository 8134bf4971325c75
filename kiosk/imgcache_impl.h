/*
 * imgcache_impl: what the imgcache files share (private to imgcache*.c).
 *
 *   imgcache.c        open, close, index, paths, lookups, eviction
 *   imgcache_store.c  storing originals and thumbnails
 *   imgcache_fetch.c  the parallel download loop
 *
 * Layout of the cache directory:
 *   index.db              SQLite (WAL): url -> sha, sha -> size, LRU tick
 *   ab/<sha>.<ext>        original bytes, named by their SHA-256
 *   ab/<sha>-<px>.png     thumbnail (PNG when the image has transparency,
 *   ab/<sha>-<px>.jpg      JPEG otherwise)
 *   tmp/                  files being written; emptied on open
 * where "ab" is the first two hex digits of the sha, so no directory
 * grows past a few hundred entries for a 50,000-image catalog.
 *
 * Like struct imgcache itself, everything here is for one thread at a
 * time. Functions return 0 or a negative KERR_* with the message set,
 * unless said otherwise.
 */
#ifndef KIOSK_IMGCACHE_IMPL_H
#define KIOSK_IMGCACHE_IMPL_H

#include "imgcache.h"
#include "sha256.h"
#include "thumb.h"

#include <sqlite3.h>

#include <stddef.h>
#include <stdint.h>

#define IMGCACHE_MAX_IMAGE_BYTES ((size_t)20 * 1024 * 1024)
#define IMGCACHE_MAX_THUMBS 8
#define IMGCACHE_TOUCH_BATCH 64

/* A use of an image not yet written to the index. */
struct imgcache_touch {
    char sha[SHA256_HEX_LEN];
    int64_t tick;
};

struct imgcache {
    char *dir;
    sqlite3 *db;
    int64_t cap;                           /* <= 0: no cap */
    int64_t bytes;                         /* originals + thumbnails */
    int thumb_px[IMGCACHE_MAX_THUMBS + 1]; /* 0-terminated */
    int64_t clock;                         /* last LRU tick handed out */
    struct imgcache_touch touch[IMGCACHE_TOUCH_BATCH]; /* batched uses */
    int n_touch;
    sqlite3_stmt *st_lookup; /* url -> sha, ext */
    sqlite3_stmt *st_thumb;  /* sha, px -> ext */
};

/* A new LRU tick: milliseconds, strictly increasing. */
int64_t imgcache_tick(struct imgcache *ic);

/* KERR_DB naming the index and `what` failed, with SQLite's message. */
int imgcache_db_error(struct imgcache *ic, const char *what);

/* Run `sql` (one or more statements) on the index. */
int imgcache_exec(struct imgcache *ic, const char *sql);

/* Prepare `sql` into *st; the caller finalizes it. */
int imgcache_prepare(struct imgcache *ic, const char *sql,
                     sqlite3_stmt **st);

/* Step `st` once expecting no rows, then finalize it; `what` for errors. */
int imgcache_step_done(struct imgcache *ic, sqlite3_stmt *st,
                       const char *what);

/* Path of the original, and of the `px` thumbnail, of `sha`. */
void imgcache_original_path(const struct imgcache *ic, const char *sha,
                            const char *ext, char *buf, size_t len);
void imgcache_thumb_path(const struct imgcache *ic, const char *sha,
                         int px, const char *ext, char *buf, size_t len);

/* sha and extension of the original cached for `url`: 1 if found, 0. */
int imgcache_lookup(struct imgcache *ic, const char *url,
                    char sha[SHA256_HEX_LEN], char ext[8]);

/* Extension of the `px` thumbnail of `sha`: 1 if there is one, 0. */
int imgcache_thumb_ext(struct imgcache *ic, const char *sha, int px,
                       char ext[8]);

/* Write the batched "used now" marks to the index. */
int imgcache_flush_touches(struct imgcache *ic);

/*
 * Forget an image entirely, files and rows; URLs that pointed at it
 * will be fetched again when asked for. Call inside a transaction.
 */
int imgcache_remove_blob(struct imgcache *ic, const char *sha);

/* Point `url` at `sha`, or, with sha NULL, record it failed for `why`. */
int imgcache_set_url(struct imgcache *ic, const char *url, const char *sha,
                     const char *why);

/*
 * Make the configured thumbnails `sha` lacks; `img` is the decoded
 * original, or NULL to read it from disk. KERR_NOTFOUND when the
 * original is missing or no longer decodes (it should be fetched again).
 */
int imgcache_fill_thumbs(struct imgcache *ic, const char *sha,
                         const char *ext, const struct thumb_image *img);

/*
 * Validate and store downloaded bytes for `url`. KERR_REFUSED (with
 * `why`, `wlen` bytes) for a bad image, which only fails that URL; other
 * errors mean the cache itself cannot be written.
 */
int imgcache_store(struct imgcache *ic, const char *url,
                   const unsigned char *data, size_t len, char *why,
                   size_t wlen);

#endif
