/*
 * imgcache_store: putting originals and thumbnails into the cache.
 */
#include "imgcache_impl.h"

#include "fsutil.h"
#include "kerr.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * Write `len` bytes to `path` so that readers see all of it or nothing.
 * Not fsutil_write, for two reasons. Its temporary file sits beside the
 * target, so a crash mid-write would strand "<sha>.png.<pid>.tmp" in one
 * of the 256 shard directories, counted by nothing and never removed;
 * here every half-written file is in tmp/, which imgcache_open empties.
 * And it fsyncs each file, which a cache of thousands of images does not
 * need: a cached file is only ever a copy of something fetched again.
 */
static int ic_write_atomic(struct imgcache *ic, const char *path,
                           const void *data, size_t len)
{
    char tmp[PATH_MAX];
    int fd, rc = 0;
    ssize_t n;

    snprintf(tmp, sizeof(tmp), "%s/tmp/w%ld-%lld", ic->dir, (long)getpid(),
             (long long)imgcache_tick(ic));
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return kerr_set(KERR_IO, "imgcache: cannot create %s: %s", tmp,
                        strerror(errno));

    for (size_t off = 0; off < len; off += (size_t)n) {
        n = write(fd, (const char *)data + off, len - off);
        if (n < 0 && errno == EINTR) {
            n = 0;
            continue;
        }
        if (n <= 0) {
            rc = kerr_set(KERR_IO, "imgcache: cannot write %s: %s", tmp,
                          strerror(errno));
            break;
        }
    }
    if (close(fd) != 0 && rc == 0)
        rc = kerr_set(KERR_IO, "imgcache: cannot write %s: %s", tmp,
                      strerror(errno));
    if (rc == 0 && rename(tmp, path) != 0)
        rc = kerr_set(KERR_IO, "imgcache: cannot rename to %s: %s", path,
                      strerror(errno));
    if (rc != 0)
        unlink(tmp);
    return rc;
}

/* Write and index the thumbnail of `sha` at `px`. */
static int ic_add_thumb(struct imgcache *ic, const char *sha,
                        const struct thumb_image *img, int px)
{
    const char *ext = thumb_ext(img);
    unsigned char *data = NULL;
    sqlite3_stmt *st = NULL;
    char path[PATH_MAX];
    size_t len = 0;
    int rc;

    rc = thumb_encode(img, px, &data, &len);
    if (rc != 0)
        goto out;
    imgcache_thumb_path(ic, sha, px, ext, path, sizeof(path));
    rc = ic_write_atomic(ic, path, data, len);
    if (rc != 0)
        goto out;

    rc = imgcache_prepare(ic, "INSERT OR REPLACE INTO thumbs(sha, px, ext,"
                              " bytes) VALUES(?, ?, ?, ?)", &st);
    if (rc != 0)
        goto out;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, px);
    sqlite3_bind_text(st, 3, ext, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)len);
    rc = imgcache_step_done(ic, st, "add thumbnail");
    if (rc == 0)
        ic->bytes += (int64_t)len;

out:
    free(data);
    return rc;
}

int imgcache_fill_thumbs(struct imgcache *ic, const char *sha, const char *ext,
                         const struct thumb_image *img)
{
    struct thumb_image own = {0};
    char path[PATH_MAX], why[160], text[8];
    char *data = NULL;
    size_t len = 0;
    int rc = 0;

    for (int i = 0; rc == 0 && ic->thumb_px[i]; i++) {
        if (imgcache_thumb_ext(ic, sha, ic->thumb_px[i], text))
            continue;
        if (!img) {
            imgcache_original_path(ic, sha, ext, path, sizeof(path));
            if (fsutil_read(path, IMGCACHE_MAX_IMAGE_BYTES, &data, &len) ||
                thumb_decode((unsigned char *)data, len, &own, why,
                             sizeof(why)) != 0) {
                rc = KERR_NOTFOUND; /* the original went bad: refetch */
                break;
            }
            img = &own;
        }
        rc = ic_add_thumb(ic, sha, img, ic->thumb_px[i]);
    }
    thumb_image_free(&own);
    free(data);
    return rc;
}

static int ic_blob_ext(struct imgcache *ic, const char *sha, char ext[8])
{
    sqlite3_stmt *st = NULL;
    int found = 0;

    if (imgcache_prepare(ic, "SELECT ext FROM blobs WHERE sha = ?", &st) != 0)
        return KERR_DB;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *e = (const char *)sqlite3_column_text(st, 0);

        if (e && strlen(e) < 8) {
            memcpy(ext, e, strlen(e) + 1);
            found = 1;
        }
    }
    sqlite3_finalize(st);
    return found;
}

/* Point `url` at `sha`, or, with sha NULL, record it failed for `why`. */
int imgcache_set_url(struct imgcache *ic, const char *url, const char *sha,
                     const char *why)
{
    sqlite3_stmt *st = NULL;

    if (imgcache_prepare(ic, "INSERT OR REPLACE INTO urls(url, sha,"
                             " failed_at, error) VALUES(?, ?, ?, ?)",
                         &st) != 0)
        return KERR_DB;
    sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
    if (sha) {
        sqlite3_bind_text(st, 2, sha, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
        sqlite3_bind_text(st, 4, why, -1, SQLITE_STATIC);
    }
    return imgcache_step_done(ic, st, "record url");
}

static int ic_add_blob(struct imgcache *ic, const char *sha, const char *ext,
                       size_t len, const struct thumb_image *img)
{
    sqlite3_stmt *st = NULL;

    if (imgcache_prepare(ic, "INSERT OR REPLACE INTO blobs(sha, ext, bytes,"
                             " alpha, width, height, last_used)"
                             " VALUES(?, ?, ?, ?, ?, ?, ?)", &st) != 0)
        return KERR_DB;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ext, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)len);
    sqlite3_bind_int(st, 4, img->ch == 4);
    sqlite3_bind_int(st, 5, img->w);
    sqlite3_bind_int(st, 6, img->h);
    sqlite3_bind_int64(st, 7, imgcache_tick(ic));
    return imgcache_step_done(ic, st, "add image");
}

/* Write a new original and index it with `url` in one transaction. */
static int ic_add_original(struct imgcache *ic, const char *url,
                           const char *sha, const unsigned char *data,
                           size_t len, const struct thumb_image *img)
{
    const char *ext = thumb_sniff_ext(data, len);
    char path[PATH_MAX];
    int rc;

    snprintf(path, sizeof(path), "%s/%.2s", ic->dir, sha);
    rc = fsutil_mkdirs(path);
    imgcache_original_path(ic, sha, ext, path, sizeof(path));
    if (rc == 0)
        rc = ic_write_atomic(ic, path, data, len);
    if (rc != 0)
        return rc;

    rc = imgcache_exec(ic, "BEGIN");
    if (rc == 0)
        rc = ic_add_blob(ic, sha, ext, len, img);
    if (rc == 0)
        rc = imgcache_set_url(ic, url, sha, NULL);
    if (rc == 0)
        rc = imgcache_exec(ic, "COMMIT");
    if (rc != 0) {
        imgcache_exec(ic, "ROLLBACK");
        unlink(path);
        return rc;
    }
    ic->bytes += (int64_t)len;
    return imgcache_fill_thumbs(ic, sha, ext, img);
}

int imgcache_store(struct imgcache *ic, const char *url,
                   const unsigned char *data, size_t len, char *why,
                   size_t wlen)
{
    struct thumb_image img = {0};
    char sha[SHA256_HEX_LEN], ext[8];
    int rc;

    sha256_hex(data, len, sha);
    rc = ic_blob_ext(ic, sha, ext);
    if (rc < 0)
        return rc;
    if (rc == 1)
        return imgcache_set_url(ic, url, sha, NULL); /* same bytes */

    rc = thumb_decode(data, len, &img, why, wlen);
    if (rc == 0)
        rc = ic_add_original(ic, url, sha, data, len, &img);
    thumb_image_free(&img);
    return rc;
}
