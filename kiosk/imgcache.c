/*
 * imgcache: see imgcache.h; the directory layout is in imgcache_impl.h.
 *
 * This file opens and closes the cache, keeps its index and answers
 * lookups; imgcache_store.c writes images, imgcache_fetch.c downloads.
 */
#include "imgcache_impl.h"

#include "fsutil.h"
#include "kerr.h"
#include "log.h"

#include <curl/curl.h>

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define IC_EVICT_BATCH 64

static pthread_once_t ic_curl_once = PTHREAD_ONCE_INIT;

static const char ic_schema[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS blobs("
    " sha TEXT PRIMARY KEY, ext TEXT NOT NULL, bytes INTEGER NOT NULL,"
    " alpha INTEGER NOT NULL, width INTEGER NOT NULL,"
    " height INTEGER NOT NULL, last_used INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS blobs_lru ON blobs(last_used);"
    "CREATE TABLE IF NOT EXISTS thumbs("
    " sha TEXT NOT NULL, px INTEGER NOT NULL, ext TEXT NOT NULL,"
    " bytes INTEGER NOT NULL, PRIMARY KEY(sha, px));"
    "CREATE TABLE IF NOT EXISTS urls("
    " url TEXT PRIMARY KEY, sha TEXT, failed_at INTEGER, error TEXT);"
    "CREATE INDEX IF NOT EXISTS urls_sha ON urls(sha);";

/* curl_global_init is refcounted, so this sits fine beside http's own. */
static void ic_curl_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static int64_t ic_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Strictly increasing, so LRU order holds even within one millisecond. */
int64_t imgcache_tick(struct imgcache *ic)
{
    int64_t now = ic_now_ms();

    ic->clock = now > ic->clock ? now : ic->clock + 1;
    return ic->clock;
}

int imgcache_db_error(struct imgcache *ic, const char *what)
{
    return kerr_set(KERR_DB, "imgcache %s/index.db: %s: %s", ic->dir, what,
                    sqlite3_errmsg(ic->db));
}

int imgcache_exec(struct imgcache *ic, const char *sql)
{
    char *err = NULL;
    int rc;

    if (sqlite3_exec(ic->db, sql, NULL, NULL, &err) == SQLITE_OK)
        return 0;
    rc = kerr_set(KERR_DB, "imgcache %s/index.db: %s", ic->dir,
                  err ? err : "error");
    sqlite3_free(err);
    return rc;
}

int imgcache_prepare(struct imgcache *ic, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(ic->db, sql, -1, st, NULL) != SQLITE_OK)
        return imgcache_db_error(ic, "prepare");
    return 0;
}

void imgcache_original_path(const struct imgcache *ic, const char *sha,
                            const char *ext, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%.2s/%s.%s", ic->dir, sha, sha, ext);
}

void imgcache_thumb_path(const struct imgcache *ic, const char *sha, int px,
                         const char *ext, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%.2s/%s-%d.%s", ic->dir, sha, sha, px, ext);
}

/* Remove leftovers of writes interrupted by a crash or power cut. */
static void ic_clear_tmp(struct imgcache *ic)
{
    char path[PATH_MAX];
    struct dirent *e;
    DIR *d;

    snprintf(path, sizeof(path), "%s/tmp", ic->dir);
    d = opendir(path);
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/tmp/%s", ic->dir, e->d_name);
        unlink(path);
    }
    closedir(d);
}

/* ---- open, close, lookups --------------------------------------------- */
static int64_t ic_query_int(struct imgcache *ic, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = 0;

    if (sqlite3_prepare_v2(ic->db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Bytes on disk according to the index; after a failed transaction the
   running total cannot be trusted. */
static void ic_recount(struct imgcache *ic)
{
    ic->bytes = ic_query_int(ic, "SELECT COALESCE(SUM(bytes), 0) FROM blobs") +
                ic_query_int(ic, "SELECT COALESCE(SUM(bytes), 0) FROM thumbs");
}

static int ic_open_db(struct imgcache *ic)
{
    char path[PATH_MAX];

    snprintf(path, sizeof(path), "%s/index.db", ic->dir);
    if (sqlite3_open_v2(path, &ic->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                            SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK)
        return imgcache_db_error(ic, "open");
    sqlite3_busy_timeout(ic->db, 5000);
    if (imgcache_exec(ic, ic_schema) != 0)
        return KERR_DB;
    if (imgcache_prepare(ic,
                         "SELECT u.sha, b.ext FROM urls u JOIN blobs b"
                         " ON b.sha = u.sha WHERE u.url = ?",
                         &ic->st_lookup) != 0 ||
        imgcache_prepare(ic, "SELECT ext FROM thumbs WHERE sha = ? AND px = ?",
                         &ic->st_thumb) != 0)
        return KERR_DB;

    ic_recount(ic);
    ic->clock = ic_query_int(ic, "SELECT COALESCE(MAX(last_used), 0)"
                                 " FROM blobs");
    return 0;
}

static int ic_set_thumb_sizes(struct imgcache *ic, const int *thumb_px)
{
    int n = 0;

    for (; thumb_px && thumb_px[n]; n++) {
        if (n >= IMGCACHE_MAX_THUMBS)
            return kerr_set(KERR_INVAL, "imgcache: more than %d thumbnail"
                            " sizes", IMGCACHE_MAX_THUMBS);
        if (thumb_px[n] < 8 || thumb_px[n] > 4096)
            return kerr_set(KERR_INVAL, "imgcache: thumbnail size %d px"
                            " out of range 8..4096", thumb_px[n]);
        ic->thumb_px[n] = thumb_px[n];
    }
    ic->thumb_px[n] = 0;
    return 0;
}

struct imgcache *imgcache_open(const char *dir, int64_t cap_bytes,
                               const int *thumb_px)
{
    struct imgcache *ic;
    char tmp[PATH_MAX];

    if (!dir || !*dir || strlen(dir) > PATH_MAX - 128) {
        kerr_set(KERR_INVAL, "imgcache: bad cache directory");
        return NULL;
    }
    ic = calloc(1, sizeof(*ic));
    if (!ic || !(ic->dir = strdup(dir))) {
        free(ic);
        kerr_set(KERR_NOMEM, "imgcache: out of memory");
        return NULL;
    }
    ic->cap = cap_bytes;
    pthread_once(&ic_curl_once, ic_curl_init);

    snprintf(tmp, sizeof(tmp), "%s/tmp", dir);
    if (ic_set_thumb_sizes(ic, thumb_px) != 0 || fsutil_mkdirs(tmp) != 0 ||
        ic_open_db(ic) != 0) {
        imgcache_close(ic);
        return NULL;
    }
    ic_clear_tmp(ic);
    return ic;
}

/* Write the batched "used now" marks. */
int imgcache_flush_touches(struct imgcache *ic)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;

    if (ic->n_touch == 0)
        return 0;
    if (imgcache_exec(ic, "BEGIN") != 0)
        return KERR_DB;
    if (imgcache_prepare(ic, "UPDATE blobs SET last_used = ? WHERE sha = ?",
                         &st) != 0) {
        rc = KERR_DB;
        goto out;
    }
    for (int i = 0; i < ic->n_touch; i++) {
        sqlite3_bind_int64(st, 1, ic->touch[i].tick);
        sqlite3_bind_text(st, 2, ic->touch[i].sha, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = imgcache_db_error(ic, "update last use");
        sqlite3_reset(st);
    }

out:
    sqlite3_finalize(st);
    ic->n_touch = 0;
    if (rc == 0)
        return imgcache_exec(ic, "COMMIT");
    imgcache_exec(ic, "ROLLBACK");
    return rc;
}

void imgcache_close(struct imgcache *ic)
{
    if (!ic)
        return;
    if (ic->db) {
        if (imgcache_flush_touches(ic) != 0)
            log_warn("imgcache", "%s", kerr_msg());
        sqlite3_finalize(ic->st_lookup);
        sqlite3_finalize(ic->st_thumb);
        sqlite3_close(ic->db);
    }
    free(ic->dir);
    free(ic);
}

static void ic_touch(struct imgcache *ic, const char *sha)
{
    if (ic->n_touch == IMGCACHE_TOUCH_BATCH && imgcache_flush_touches(ic) != 0)
        log_warn("imgcache", "%s", kerr_msg());
    snprintf(ic->touch[ic->n_touch].sha, SHA256_HEX_LEN, "%s", sha);
    ic->touch[ic->n_touch].tick = imgcache_tick(ic);
    ic->n_touch++;
}

/* sha and extension of the original cached for `url`; 1 if found. */
int imgcache_lookup(struct imgcache *ic, const char *url,
                    char sha[SHA256_HEX_LEN], char ext[8])
{
    int found = 0;

    sqlite3_bind_text(ic->st_lookup, 1, url, -1, SQLITE_STATIC);
    if (sqlite3_step(ic->st_lookup) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(ic->st_lookup, 0);
        const char *e = (const char *)sqlite3_column_text(ic->st_lookup, 1);

        if (s && e && strlen(s) == SHA256_HEX_LEN - 1 && strlen(e) < 8) {
            memcpy(sha, s, SHA256_HEX_LEN);
            memcpy(ext, e, strlen(e) + 1);
            found = 1;
        }
    }
    sqlite3_reset(ic->st_lookup);
    sqlite3_clear_bindings(ic->st_lookup);
    return found;
}

int imgcache_thumb_ext(struct imgcache *ic, const char *sha, int px,
                       char ext[8])
{
    int found = 0;

    sqlite3_bind_text(ic->st_thumb, 1, sha, -1, SQLITE_STATIC);
    sqlite3_bind_int(ic->st_thumb, 2, px);
    if (sqlite3_step(ic->st_thumb) == SQLITE_ROW) {
        const char *e = (const char *)sqlite3_column_text(ic->st_thumb, 0);

        if (e && strlen(e) < 8) {
            memcpy(ext, e, strlen(e) + 1);
            found = 1;
        }
    }
    sqlite3_reset(ic->st_thumb);
    sqlite3_clear_bindings(ic->st_thumb);
    return found;
}

int imgcache_path(struct imgcache *ic, const char *url, int px, char *buf,
                  size_t len)
{
    char sha[SHA256_HEX_LEN], ext[8];
    int n;

    if (!url || !imgcache_lookup(ic, url, sha, ext))
        return kerr_set(KERR_NOTFOUND, "imgcache: %.200s: not cached",
                        url ? url : "(null)");
    if (px > 0 && !imgcache_thumb_ext(ic, sha, px, ext))
        return kerr_set(KERR_NOTFOUND, "imgcache: %.200s: no %d px"
                        " thumbnail", url, px);

    if (px > 0)
        n = snprintf(buf, len, "%s/%.2s/%s-%d.%s", ic->dir, sha, sha, px, ext);
    else
        n = snprintf(buf, len, "%s/%.2s/%s.%s", ic->dir, sha, sha, ext);
    if (n < 0 || (size_t)n >= len)
        return kerr_set(KERR_INVAL, "imgcache: path buffer too small");

    ic_touch(ic, sha);
    return 0;
}

int64_t imgcache_bytes(struct imgcache *ic)
{
    return ic->bytes;
}

/* ---- removal and eviction --------------------------------------------- */
int imgcache_step_done(struct imgcache *ic, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : imgcache_db_error(ic, what);

    sqlite3_finalize(st);
    return rc;
}

/* Delete the thumbnails of `sha`: files, rows and their bytes. */
static int ic_remove_thumbs(struct imgcache *ic, const char *sha)
{
    sqlite3_stmt *st = NULL;
    char path[PATH_MAX];

    if (imgcache_prepare(ic, "SELECT px, ext, bytes FROM thumbs WHERE sha = ?",
                         &st) != 0)
        return KERR_DB;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *ext = (const char *)sqlite3_column_text(st, 1);

        imgcache_thumb_path(ic, sha, sqlite3_column_int(st, 0), ext ? ext : "",
                            path, sizeof(path));
        unlink(path);
        ic->bytes -= sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);

    if (imgcache_prepare(ic, "DELETE FROM thumbs WHERE sha = ?", &st) != 0)
        return KERR_DB;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    return imgcache_step_done(ic, st, "delete thumbnails");
}

/* Forget an image entirely; URLs that pointed at it will be fetched
   again when asked for. */
int imgcache_remove_blob(struct imgcache *ic, const char *sha)
{
    static const char *const sql[] = {
        "DELETE FROM urls WHERE sha = ?1",
        "DELETE FROM blobs WHERE sha = ?1",
    };
    sqlite3_stmt *st = NULL;
    char path[PATH_MAX];

    if (imgcache_prepare(ic, "SELECT ext, bytes FROM blobs WHERE sha = ?",
                         &st) != 0)
        return KERR_DB;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *ext = (const char *)sqlite3_column_text(st, 0);

        imgcache_original_path(ic, sha, ext ? ext : "", path, sizeof(path));
        unlink(path);
        ic->bytes -= sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);

    if (ic_remove_thumbs(ic, sha) != 0)
        return KERR_DB;
    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
        if (imgcache_prepare(ic, sql[i], &st) != 0)
            return KERR_DB;
        sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
        if (imgcache_step_done(ic, st, "forget image") != 0)
            return KERR_DB;
    }
    return 0;
}

/* Up to `max` least recently used shas; how many were found. */
static int ic_oldest(struct imgcache *ic, char (*sha)[SHA256_HEX_LEN], int max)
{
    sqlite3_stmt *st = NULL;
    int n = 0;

    if (imgcache_prepare(ic, "SELECT sha FROM blobs ORDER BY last_used LIMIT ?",
                         &st) != 0)
        return KERR_DB;
    sqlite3_bind_int(st, 1, max);
    while (n < max && sqlite3_step(st) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);

        if (s && strlen(s) == SHA256_HEX_LEN - 1)
            memcpy(sha[n++], s, SHA256_HEX_LEN);
    }
    sqlite3_finalize(st);
    return n;
}

int imgcache_evict(struct imgcache *ic)
{
    char victims[IC_EVICT_BATCH][SHA256_HEX_LEN];
    int n, evicted = 0, rc = 0;

    if (imgcache_flush_touches(ic) != 0)
        return KERR_DB;

    while (rc == 0 && ic->cap > 0 && ic->bytes > ic->cap) {
        n = ic_oldest(ic, victims, IC_EVICT_BATCH);
        if (n <= 0)
            return n < 0 ? n : 0;
        if (imgcache_exec(ic, "BEGIN") != 0)
            return KERR_DB;
        for (int i = 0; i < n && rc == 0 && ic->bytes > ic->cap; i++) {
            rc = imgcache_remove_blob(ic, victims[i]);
            evicted++;
        }
        if (rc == 0)
            rc = imgcache_exec(ic, "COMMIT");
        if (rc != 0) {
            imgcache_exec(ic, "ROLLBACK");
            ic_recount(ic);
        }
    }
    if (evicted > 0)
        log_info("imgcache", "evicted %d images, %lld bytes now", evicted,
                 (long long)ic->bytes);
    return rc;
}
