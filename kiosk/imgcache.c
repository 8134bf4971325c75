/*
 * imgcache: see imgcache.h.
 *
 * Layout of the cache directory:
 *   index.db              SQLite (WAL): url -> sha, sha -> size, LRU tick
 *   ab/<sha>.<ext>        original bytes, named by their SHA-256
 *   ab/<sha>-<px>.png     thumbnail (PNG when the image has transparency,
 *   ab/<sha>-<px>.jpg      JPEG otherwise)
 *   tmp/                  files being written; emptied on open
 * where "ab" is the first two hex digits of the sha, so no directory
 * grows past a few hundred entries for a 50,000-image catalog.
 */
#include "imgcache.h"

#include "kerr.h"
#include "log.h"
#include "sha256.h"

#include <curl/curl.h>
#include <sqlite3.h>
#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>
#include <stb/stb_image_write.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define IC_MAX_IMAGE_BYTES ((size_t)20 * 1024 * 1024)
#define IC_MAX_EDGE 8000                /* pixels, either side */
#define IC_MAX_PIXELS 40000000LL        /* 40 Mpx: 160 MB decoded */
#define IC_FAILED_RETRY_S (24 * 3600)   /* re-try a broken image daily */
#define IC_MAX_THUMBS 8
#define IC_TOUCH_BATCH 64
#define IC_MAX_PARALLEL 16
#define IC_MAX_URL 2048
#define IC_JPEG_QUALITY 85
#define IC_EVICT_BATCH 64

static pthread_once_t ic_curl_once = PTHREAD_ONCE_INIT;

struct ic_touch {
    char sha[SHA256_HEX_LEN];
    int64_t tick;
};

struct imgcache {
    char *dir;
    sqlite3 *db;
    int64_t cap;                     /* <= 0: no cap */
    int64_t bytes;                   /* originals + thumbnails */
    int thumb_px[IC_MAX_THUMBS + 1]; /* 0-terminated */
    int64_t clock;                   /* last LRU tick handed out */
    struct ic_touch touch[IC_TOUCH_BATCH]; /* uses not yet written */
    int n_touch;
    sqlite3_stmt *st_lookup;         /* url -> sha, ext */
    sqlite3_stmt *st_thumb;          /* sha, px -> ext */
};

/* A decoded image: 3 (RGB) or 4 (RGBA) channels. */
struct ic_pixels {
    unsigned char *px;
    int w, h, ch;
};

/* One download in flight. */
struct ic_job {
    CURL *easy;
    const char *url;
    char *buf;
    size_t len, cap, max;
    int too_big;
};

/* Growable memory for encoders. */
struct ic_mem {
    unsigned char *data;
    size_t len, cap;
    int oom;
};

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

/* ---- small helpers ---------------------------------------------------- */

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
static int64_t ic_tick(struct imgcache *ic)
{
    int64_t now = ic_now_ms();

    ic->clock = now > ic->clock ? now : ic->clock + 1;
    return ic->clock;
}

static int ic_db_error(struct imgcache *ic, const char *what)
{
    return kerr_set(KERR_DB, "imgcache %s/index.db: %s: %s", ic->dir, what,
                    sqlite3_errmsg(ic->db));
}

static int ic_exec(struct imgcache *ic, const char *sql)
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

static int ic_prepare(struct imgcache *ic, const char *sql,
                      sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(ic->db, sql, -1, st, NULL) != SQLITE_OK)
        return ic_db_error(ic, "prepare");
    return 0;
}

static void ic_original_path(const struct imgcache *ic, const char *sha,
                             const char *ext, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%.2s/%s.%s", ic->dir, sha, sha, ext);
}

static void ic_thumb_path(const struct imgcache *ic, const char *sha,
                          int px, const char *ext, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%.2s/%s-%d.%s", ic->dir, sha, sha, px, ext);
}

static int ic_mkdir(const char *path)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return 0;
    return kerr_set(KERR_IO, "imgcache: cannot create %s: %s", path,
                    strerror(errno));
}

/* mkdir -p */
static int ic_mkdirs(const char *path)
{
    char tmp[PATH_MAX];

    if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
        return kerr_set(KERR_INVAL, "imgcache: path too long: %s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (ic_mkdir(tmp) != 0)
            return KERR_IO;
        *p = '/';
    }
    return ic_mkdir(tmp);
}

/* Write `len` bytes to `path` so that readers see all of it or nothing. */
static int ic_write_atomic(struct imgcache *ic, const char *path,
                           const void *data, size_t len)
{
    char tmp[PATH_MAX];
    int fd, rc = 0;
    ssize_t n;

    snprintf(tmp, sizeof(tmp), "%s/tmp/w%ld-%lld", ic->dir, (long)getpid(),
             (long long)ic_tick(ic));
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

static char *ic_read_file(const char *path, size_t max, size_t *len)
{
    struct stat st;
    char *buf = NULL;
    FILE *f;

    if (stat(path, &st) != 0 || st.st_size <= 0 || (size_t)st.st_size > max)
        return NULL;
    f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf = malloc((size_t)st.st_size);
    if (buf && fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)st.st_size;
    return buf;
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
    ic->bytes = ic_query_int(ic, "SELECT COALESCE(SUM(bytes), 0) FROM blobs")
              + ic_query_int(ic, "SELECT COALESCE(SUM(bytes), 0) FROM thumbs");
}

static int ic_open_db(struct imgcache *ic)
{
    char path[PATH_MAX];

    snprintf(path, sizeof(path), "%s/index.db", ic->dir);
    if (sqlite3_open_v2(path, &ic->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                            SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK)
        return ic_db_error(ic, "open");
    sqlite3_busy_timeout(ic->db, 5000);
    if (ic_exec(ic, ic_schema) != 0)
        return KERR_DB;
    if (ic_prepare(ic,
                   "SELECT u.sha, b.ext FROM urls u JOIN blobs b"
                   " ON b.sha = u.sha WHERE u.url = ?",
                   &ic->st_lookup) != 0 ||
        ic_prepare(ic, "SELECT ext FROM thumbs WHERE sha = ? AND px = ?",
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
        if (n >= IC_MAX_THUMBS)
            return kerr_set(KERR_INVAL, "imgcache: more than %d thumbnail"
                            " sizes", IC_MAX_THUMBS);
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
    if (ic_set_thumb_sizes(ic, thumb_px) != 0 || ic_mkdirs(dir) != 0 ||
        ic_mkdir(tmp) != 0 || ic_open_db(ic) != 0) {
        imgcache_close(ic);
        return NULL;
    }
    ic_clear_tmp(ic);
    return ic;
}

/* Write the batched "used now" marks. */
static int ic_flush_touches(struct imgcache *ic)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;

    if (ic->n_touch == 0)
        return 0;
    if (ic_exec(ic, "BEGIN") != 0)
        return KERR_DB;
    if (ic_prepare(ic, "UPDATE blobs SET last_used = ? WHERE sha = ?",
                   &st) != 0) {
        rc = KERR_DB;
        goto out;
    }
    for (int i = 0; i < ic->n_touch; i++) {
        sqlite3_bind_int64(st, 1, ic->touch[i].tick);
        sqlite3_bind_text(st, 2, ic->touch[i].sha, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = ic_db_error(ic, "update last use");
        sqlite3_reset(st);
    }

out:
    sqlite3_finalize(st);
    ic->n_touch = 0;
    if (rc == 0)
        return ic_exec(ic, "COMMIT");
    ic_exec(ic, "ROLLBACK");
    return rc;
}

void imgcache_close(struct imgcache *ic)
{
    if (!ic)
        return;
    if (ic->db) {
        if (ic_flush_touches(ic) != 0)
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
    if (ic->n_touch == IC_TOUCH_BATCH && ic_flush_touches(ic) != 0)
        log_warn("imgcache", "%s", kerr_msg());
    snprintf(ic->touch[ic->n_touch].sha, SHA256_HEX_LEN, "%s", sha);
    ic->touch[ic->n_touch].tick = ic_tick(ic);
    ic->n_touch++;
}

/* sha and extension of the original cached for `url`; 1 if found. */
static int ic_lookup(struct imgcache *ic, const char *url,
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

static int ic_thumb_ext(struct imgcache *ic, const char *sha, int px,
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

    if (!url || !ic_lookup(ic, url, sha, ext))
        return kerr_set(KERR_NOTFOUND, "imgcache: %.200s: not cached",
                        url ? url : "(null)");
    if (px > 0 && !ic_thumb_ext(ic, sha, px, ext))
        return kerr_set(KERR_NOTFOUND, "imgcache: %.200s: no %d px"
                        " thumbnail", url, px);

    if (px > 0)
        n = snprintf(buf, len, "%s/%.2s/%s-%d.%s", ic->dir, sha, sha, px,
                     ext);
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

static int ic_step_done(struct imgcache *ic, sqlite3_stmt *st,
                        const char *what)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : ic_db_error(ic, what);

    sqlite3_finalize(st);
    return rc;
}

/* Delete the thumbnails of `sha`: files, rows and their bytes. */
static int ic_remove_thumbs(struct imgcache *ic, const char *sha)
{
    sqlite3_stmt *st = NULL;
    char path[PATH_MAX];

    if (ic_prepare(ic, "SELECT px, ext, bytes FROM thumbs WHERE sha = ?",
                   &st) != 0)
        return KERR_DB;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *ext = (const char *)sqlite3_column_text(st, 1);

        ic_thumb_path(ic, sha, sqlite3_column_int(st, 0), ext ? ext : "",
                      path, sizeof(path));
        unlink(path);
        ic->bytes -= sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);

    if (ic_prepare(ic, "DELETE FROM thumbs WHERE sha = ?", &st) != 0)
        return KERR_DB;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    return ic_step_done(ic, st, "delete thumbnails");
}

/* Forget an image entirely; URLs that pointed at it will be fetched
   again when asked for. */
static int ic_remove_blob(struct imgcache *ic, const char *sha)
{
    static const char *const sql[] = {
        "DELETE FROM urls WHERE sha = ?1",
        "DELETE FROM blobs WHERE sha = ?1",
    };
    sqlite3_stmt *st = NULL;
    char path[PATH_MAX];

    if (ic_prepare(ic, "SELECT ext, bytes FROM blobs WHERE sha = ?",
                   &st) != 0)
        return KERR_DB;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *ext = (const char *)sqlite3_column_text(st, 0);

        ic_original_path(ic, sha, ext ? ext : "", path, sizeof(path));
        unlink(path);
        ic->bytes -= sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);

    if (ic_remove_thumbs(ic, sha) != 0)
        return KERR_DB;
    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
        if (ic_prepare(ic, sql[i], &st) != 0)
            return KERR_DB;
        sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
        if (ic_step_done(ic, st, "forget image") != 0)
            return KERR_DB;
    }
    return 0;
}

/* Up to `max` least recently used shas; how many were found. */
static int ic_oldest(struct imgcache *ic, char (*sha)[SHA256_HEX_LEN],
                     int max)
{
    sqlite3_stmt *st = NULL;
    int n = 0;

    if (ic_prepare(ic, "SELECT sha FROM blobs ORDER BY last_used LIMIT ?",
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

    if (ic_flush_touches(ic) != 0)
        return KERR_DB;

    while (rc == 0 && ic->cap > 0 && ic->bytes > ic->cap) {
        n = ic_oldest(ic, victims, IC_EVICT_BATCH);
        if (n <= 0)
            return n < 0 ? n : 0;
        if (ic_exec(ic, "BEGIN") != 0)
            return KERR_DB;
        for (int i = 0; i < n && rc == 0 && ic->bytes > ic->cap; i++) {
            rc = ic_remove_blob(ic, victims[i]);
            evicted++;
        }
        if (rc == 0)
            rc = ic_exec(ic, "COMMIT");
        if (rc != 0) {
            ic_exec(ic, "ROLLBACK");
            ic_recount(ic);
        }
    }
    if (evicted > 0)
        log_info("imgcache", "evicted %d images, %lld bytes now", evicted,
                 (long long)ic->bytes);
    return rc;
}

/* ---- images ----------------------------------------------------------- */

static const char *ic_sniff_ext(const unsigned char *d, size_t len)
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

/*
 * Decode untrusted bytes. Dimensions are checked from the header first so
 * that a tiny file claiming 60000 x 60000 pixels never gets allocated.
 * Returns 0, or KERR_REFUSED with `why` set.
 */
static int ic_decode(const unsigned char *data, size_t len,
                     struct ic_pixels *img, char *why, size_t wlen)
{
    int w, h, comp, alpha = 0;

    if (len > INT_MAX || !stbi_info_from_memory(data, (int)len, &w, &h,
                                                &comp)) {
        snprintf(why, wlen, "not a supported image (%s)",
                 stbi_failure_reason() ? stbi_failure_reason() : "unknown");
        return KERR_REFUSED;
    }
    if (w <= 0 || h <= 0 || w > IC_MAX_EDGE || h > IC_MAX_EDGE ||
        (long long)w * h > IC_MAX_PIXELS) {
        snprintf(why, wlen, "image of %d x %d px is too large", w, h);
        return KERR_REFUSED;
    }

    img->ch = comp == 2 || comp == 4 ? 4 : 3;
    img->px = stbi_load_from_memory(data, (int)len, &img->w, &img->h, &comp,
                                    img->ch);
    if (!img->px) {
        snprintf(why, wlen, "cannot decode image (%s)",
                 stbi_failure_reason() ? stbi_failure_reason() : "unknown");
        return KERR_REFUSED;
    }

    /* An alpha channel that is opaque everywhere is no alpha at all. */
    for (size_t i = 3; img->ch == 4 && i < (size_t)img->w * img->h * 4;
         i += 4) {
        if (img->px[i] != 255) {
            alpha = 1;
            break;
        }
    }
    if (img->ch == 4 && !alpha) {
        for (size_t i = 0; i < (size_t)img->w * img->h; i++)
            memmove(img->px + 3 * i, img->px + 4 * i, 3);
        img->ch = 3;
    }
    return 0;
}

static void ic_mem_write(void *ctx, void *data, int size)
{
    struct ic_mem *m = ctx;

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
static void ic_thumb_size(const struct ic_pixels *img, int px, int *tw,
                          int *th)
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

/* Encode one thumbnail of `img` into `m` (PNG with alpha, else JPEG). */
static int ic_encode_thumb(const struct ic_pixels *img, int px,
                           struct ic_mem *m)
{
    int tw, th, ok;
    unsigned char *out;

    ic_thumb_size(img, px, &tw, &th);
    out = malloc((size_t)tw * th * img->ch);
    if (!out)
        return kerr_set(KERR_NOMEM, "imgcache: out of memory for a"
                        " thumbnail");
    ok = stbir_resize_uint8_srgb(img->px, img->w, img->h, 0, out, tw, th, 0,
                                 img->ch,
                                 img->ch == 4 ? 3 : STBIR_ALPHA_CHANNEL_NONE,
                                 0);
    if (ok && img->ch == 4)
        ok = stbi_write_png_to_func(ic_mem_write, m, tw, th, 4, out, tw * 4);
    else if (ok)
        ok = stbi_write_jpg_to_func(ic_mem_write, m, tw, th, 3, out,
                                    IC_JPEG_QUALITY);
    free(out);
    if (!ok || m->oom)
        return kerr_set(KERR_NOMEM, "imgcache: cannot encode a %d px"
                        " thumbnail", px);
    return 0;
}

/* Write and index the thumbnail of `sha` at `px`. */
static int ic_add_thumb(struct imgcache *ic, const char *sha,
                        const struct ic_pixels *img, int px)
{
    const char *ext = img->ch == 4 ? "png" : "jpg";
    struct ic_mem m = {0};
    sqlite3_stmt *st = NULL;
    char path[PATH_MAX];
    int rc;

    rc = ic_encode_thumb(img, px, &m);
    if (rc != 0)
        goto out;
    ic_thumb_path(ic, sha, px, ext, path, sizeof(path));
    rc = ic_write_atomic(ic, path, m.data, m.len);
    if (rc != 0)
        goto out;

    rc = ic_prepare(ic, "INSERT OR REPLACE INTO thumbs(sha, px, ext, bytes)"
                        " VALUES(?, ?, ?, ?)", &st);
    if (rc != 0)
        goto out;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, px);
    sqlite3_bind_text(st, 3, ext, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)m.len);
    rc = ic_step_done(ic, st, "add thumbnail");
    if (rc == 0)
        ic->bytes += (int64_t)m.len;

out:
    free(m.data);
    return rc;
}

/* Make the configured thumbnails `sha` lacks; `img` decoded or NULL. */
static int ic_fill_thumbs(struct imgcache *ic, const char *sha,
                          const char *ext, const struct ic_pixels *img)
{
    struct ic_pixels own = {0};
    char path[PATH_MAX], why[160], text[8];
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = 0;

    for (int i = 0; rc == 0 && ic->thumb_px[i]; i++) {
        if (ic_thumb_ext(ic, sha, ic->thumb_px[i], text))
            continue;
        if (!img) {
            ic_original_path(ic, sha, ext, path, sizeof(path));
            data = (unsigned char *)ic_read_file(path, IC_MAX_IMAGE_BYTES,
                                                 &len);
            if (!data || ic_decode(data, len, &own, why, sizeof(why)) != 0) {
                rc = KERR_NOTFOUND; /* the original went bad: refetch */
                break;
            }
            img = &own;
        }
        rc = ic_add_thumb(ic, sha, img, ic->thumb_px[i]);
    }
    stbi_image_free(own.px);
    free(data);
    return rc;
}

/* ---- storing ---------------------------------------------------------- */

static int ic_blob_ext(struct imgcache *ic, const char *sha, char ext[8])
{
    sqlite3_stmt *st = NULL;
    int found = 0;

    if (ic_prepare(ic, "SELECT ext FROM blobs WHERE sha = ?", &st) != 0)
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
static int ic_set_url(struct imgcache *ic, const char *url, const char *sha,
                      const char *why)
{
    sqlite3_stmt *st = NULL;

    if (ic_prepare(ic, "INSERT OR REPLACE INTO urls(url, sha, failed_at,"
                       " error) VALUES(?, ?, ?, ?)", &st) != 0)
        return KERR_DB;
    sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
    if (sha) {
        sqlite3_bind_text(st, 2, sha, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
        sqlite3_bind_text(st, 4, why, -1, SQLITE_STATIC);
    }
    return ic_step_done(ic, st, "record url");
}

static int ic_add_blob(struct imgcache *ic, const char *sha, const char *ext,
                       size_t len, const struct ic_pixels *img)
{
    sqlite3_stmt *st = NULL;

    if (ic_prepare(ic, "INSERT OR REPLACE INTO blobs(sha, ext, bytes, alpha,"
                       " width, height, last_used)"
                       " VALUES(?, ?, ?, ?, ?, ?, ?)", &st) != 0)
        return KERR_DB;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ext, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)len);
    sqlite3_bind_int(st, 4, img->ch == 4);
    sqlite3_bind_int(st, 5, img->w);
    sqlite3_bind_int(st, 6, img->h);
    sqlite3_bind_int64(st, 7, ic_tick(ic));
    return ic_step_done(ic, st, "add image");
}

/* Write a new original and index it with `url` in one transaction. */
static int ic_add_original(struct imgcache *ic, const char *url,
                           const char *sha, const unsigned char *data,
                           size_t len, const struct ic_pixels *img)
{
    const char *ext = ic_sniff_ext(data, len);
    char path[PATH_MAX];
    int rc;

    snprintf(path, sizeof(path), "%s/%.2s", ic->dir, sha);
    rc = ic_mkdir(path);
    ic_original_path(ic, sha, ext, path, sizeof(path));
    if (rc == 0)
        rc = ic_write_atomic(ic, path, data, len);
    if (rc != 0)
        return rc;

    rc = ic_exec(ic, "BEGIN");
    if (rc == 0)
        rc = ic_add_blob(ic, sha, ext, len, img);
    if (rc == 0)
        rc = ic_set_url(ic, url, sha, NULL);
    if (rc == 0)
        rc = ic_exec(ic, "COMMIT");
    if (rc != 0) {
        ic_exec(ic, "ROLLBACK");
        unlink(path);
        return rc;
    }
    ic->bytes += (int64_t)len;
    return ic_fill_thumbs(ic, sha, ext, img);
}

/*
 * Validate and store downloaded bytes for `url`. KERR_REFUSED (with `why`)
 * for a bad image, which only fails that URL; other errors mean the cache
 * itself cannot be written.
 */
static int ic_store(struct imgcache *ic, const char *url,
                    const unsigned char *data, size_t len, char *why,
                    size_t wlen)
{
    struct ic_pixels img = {0};
    char sha[SHA256_HEX_LEN], ext[8];
    int rc;

    sha256_hex(data, len, sha);
    rc = ic_blob_ext(ic, sha, ext);
    if (rc < 0)
        return rc;
    if (rc == 1)
        return ic_set_url(ic, url, sha, NULL); /* same bytes, kept once */

    rc = ic_decode(data, len, &img, why, wlen);
    if (rc == 0)
        rc = ic_add_original(ic, url, sha, data, len, &img);
    stbi_image_free(img.px);
    return rc;
}

/* ---- fetching --------------------------------------------------------- */

enum ic_state { IC_FETCH, IC_CACHED, IC_FAILED };

static int ic_url_ok(const char *url)
{
    return url && strlen(url) < IC_MAX_URL &&
           (strncmp(url, "http://", 7) == 0 ||
            strncmp(url, "https://", 8) == 0 ||
            strncmp(url, "file://", 7) == 0);
}

/* Failed recently enough that trying again now would be wasted? */
static int ic_failed_recently(struct imgcache *ic, sqlite3_stmt *st,
                              const char *url)
{
    int recent = 0;

    sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        recent = time(NULL) - sqlite3_column_int64(st, 0) <
                 IC_FAILED_RETRY_S;
    sqlite3_reset(st);
    return recent;
}

/* What to do with one URL; negative if the cache is broken. */
static int ic_classify(struct imgcache *ic, sqlite3_stmt *failed,
                       const char *url)
{
    char sha[SHA256_HEX_LEN], ext[8], path[PATH_MAX];
    struct stat st;
    int rc;

    if (!ic_url_ok(url))
        return IC_FAILED;
    if (ic_lookup(ic, url, sha, ext)) {
        ic_original_path(ic, sha, ext, path, sizeof(path));
        rc = stat(path, &st) == 0 ? ic_fill_thumbs(ic, sha, ext, NULL)
                                  : KERR_NOTFOUND;
        if (rc == 0)
            return IC_CACHED;
        if (rc != KERR_NOTFOUND)
            return rc;
        log_warn("imgcache", "%s vanished or went bad; fetching again",
                 path);
        rc = ic_remove_blob(ic, sha);
        return rc == 0 ? IC_FETCH : rc;
    }
    return ic_failed_recently(ic, failed, url) ? IC_FAILED : IC_FETCH;
}

static int ic_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the URLs to fetch into `todo`, counting the others in `st`. */
static int ic_plan(struct imgcache *ic, char *const *urls, size_t n,
                   const char **todo, size_t *ntodo,
                   struct imgcache_stats *st)
{
    sqlite3_stmt *failed = NULL;
    size_t kept = 0;
    int rc = 0;

    if (ic_prepare(ic, "SELECT failed_at FROM urls WHERE url = ?"
                       " AND sha IS NULL", &failed) != 0)
        return KERR_DB;
    *ntodo = 0;
    for (size_t i = 0; i < n && rc >= 0; i++) {
        rc = ic_classify(ic, failed, urls[i]);
        if (rc == IC_CACHED)
            st->cached++;
        else if (rc == IC_FAILED)
            st->failed++;
        else if (rc == IC_FETCH)
            todo[(*ntodo)++] = urls[i];
    }
    sqlite3_finalize(failed);
    if (rc < 0)
        return rc;

    /* The same URL listed twice is fetched once. */
    qsort(todo, *ntodo, sizeof(*todo), ic_cmp_str);
    for (size_t i = 0; i < *ntodo; i++) {
        if (kept == 0 || strcmp(todo[kept - 1], todo[i]) != 0)
            todo[kept++] = todo[i];
        else
            st->cached++;
    }
    *ntodo = kept;
    return 0;
}

static size_t ic_on_body(char *data, size_t size, size_t n, void *ud)
{
    struct ic_job *j = ud;
    size_t add = size * n;

    if (j->len + add > j->max) {
        j->too_big = 1;
        return 0;
    }
    if (j->len + add > j->cap) {
        size_t cap = j->cap ? j->cap * 2 : 65536;
        char *grown;

        while (cap < j->len + add)
            cap *= 2;
        grown = realloc(j->buf, cap);
        if (!grown)
            return 0;
        j->buf = grown;
        j->cap = cap;
    }
    memcpy(j->buf + j->len, data, add);
    j->len += add;
    return add;
}

static CURL *ic_easy(struct ic_job *j, const struct http_opts *o,
                     struct curl_slist *headers)
{
    char ua[64];
    CURL *e = curl_easy_init();

    if (!e)
        return NULL;
    snprintf(ua, sizeof(ua), "optical-kiosk/%s", KIOSK_VERSION);
    curl_easy_setopt(e, CURLOPT_URL, j->url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, j);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o->timeout_ms);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, o->user_agent ? o->user_agent
                                                          : ua);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(e, CURLOPT_PROTOCOLS,
                     CURLPROTO_HTTP | CURLPROTO_HTTPS | CURLPROTO_FILE);
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS,
                     CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)j->max);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, ic_on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
    return e;
}

/*
 * Why a finished download is no good, or 0 if it is. Returns 1 for a
 * lasting problem (remembered for a day), 2 for one that may pass.
 */
static int ic_judge(struct ic_job *j, CURLcode res, char *why, size_t wlen)
{
    long status = 0;
    curl_off_t want = -1, got = 0;

    curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
    if (j->too_big || res == CURLE_FILESIZE_EXCEEDED) {
        snprintf(why, wlen, "larger than %zu bytes", j->max);
        return 1;
    }
    if (res != CURLE_OK) {
        snprintf(why, wlen, "%s", curl_easy_strerror(res));
        return res == CURLE_FILE_COULDNT_READ_FILE ||
                       res == CURLE_UNSUPPORTED_PROTOCOL ||
                       res == CURLE_URL_MALFORMAT ||
                       res == CURLE_TOO_MANY_REDIRECTS
                   ? 1
                   : 2;
    }
    if (status != 0 && (status < 200 || status > 299)) {
        snprintf(why, wlen, "HTTP %ld", status);
        return status >= 400 && status < 500 && status != 408 &&
                       status != 429
                   ? 1
                   : 2;
    }
    curl_easy_getinfo(j->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &want);
    curl_easy_getinfo(j->easy, CURLINFO_SIZE_DOWNLOAD_T, &got);
    if (want >= 0 && got < want) {
        snprintf(why, wlen, "truncated: %ld of %ld bytes", (long)got,
                 (long)want);
        return 2;
    }
    if (j->len == 0) {
        snprintf(why, wlen, "empty body");
        return 1;
    }
    return 0;
}

/* A download ended: store it or count it failed. Negative = fatal. */
static int ic_job_done(struct imgcache *ic, struct ic_job *j, CURLcode res,
                       struct imgcache_stats *st)
{
    char why[256];
    int verdict, rc = 0;

    verdict = ic_judge(j, res, why, sizeof(why));
    if (verdict == 0) {
        rc = ic_store(ic, j->url, (unsigned char *)j->buf, j->len, why,
                      sizeof(why));
        if (rc == KERR_REFUSED)
            verdict = 1;
        else if (rc != 0)
            return rc;
    }

    if (verdict == 0) {
        st->fetched++;
        return 0;
    }
    st->failed++;
    if (verdict == 1) {
        log_warn("imgcache", "%.200s: %s; not retried for a day", j->url,
                 why);
        return ic_set_url(ic, j->url, NULL, why);
    }
    log_debug("imgcache", "%.200s: %s", j->url, why);
    return 0;
}

struct ic_run {
    CURLM *multi;
    struct ic_job jobs[IC_MAX_PARALLEL];
    int parallel;
    int active;
    struct curl_slist *headers;
    const struct http_opts *opts;
    size_t max_bytes;
};

static void ic_job_end(struct ic_run *r, struct ic_job *j)
{
    curl_multi_remove_handle(r->multi, j->easy);
    curl_easy_cleanup(j->easy);
    free(j->buf);
    memset(j, 0, sizeof(*j));
    r->active--;
}

/* Start `url` in a free slot; nonzero if curl could not. */
static int ic_job_start(struct ic_run *r, const char *url)
{
    for (int i = 0; i < r->parallel; i++) {
        struct ic_job *j = &r->jobs[i];

        if (j->easy)
            continue;
        j->url = url;
        j->max = r->max_bytes;
        j->easy = ic_easy(j, r->opts, r->headers);
        if (!j->easy || curl_multi_add_handle(r->multi, j->easy) != CURLM_OK)
            break;
        r->active++;
        return 0;
    }
    return kerr_set(KERR_NOMEM, "imgcache: cannot start a download");
}

/* Hand every finished transfer to ic_job_done. */
static int ic_collect(struct imgcache *ic, struct ic_run *r,
                      struct imgcache_stats *st, int *done)
{
    CURLMsg *msg;
    int left, rc = 0;

    while ((msg = curl_multi_info_read(r->multi, &left)) != NULL) {
        struct ic_job *j = NULL;

        if (msg->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
        if (rc == 0)
            rc = ic_job_done(ic, j, msg->data.result, st);
        ic_job_end(r, j);
        (*done)++;
    }
    return rc;
}

static int ic_download(struct imgcache *ic, struct ic_run *r,
                       const char **todo, size_t ntodo, int done,
                       size_t total, imgcache_progress_fn progress,
                       void *ctx, struct imgcache_stats *st)
{
    size_t next = 0;
    int running, before, rc = 0;

    while (rc == 0 && (next < ntodo || r->active > 0)) {
        if (r->opts->cancel && *r->opts->cancel) {
            rc = kerr_set(KERR_CANCEL, "imgcache: cancelled");
            break;
        }
        while (rc == 0 && next < ntodo && r->active < r->parallel)
            rc = ic_job_start(r, todo[next++]);
        if (rc != 0)
            break;
        curl_multi_perform(r->multi, &running);

        before = done;
        rc = ic_collect(ic, r, st, &done);
        if (progress && done != before)
            progress(ctx, done, (int)total);
        if (rc == 0 && r->active > 0)
            curl_multi_poll(r->multi, NULL, 0, 100, NULL);
    }

    for (int i = 0; i < r->parallel; i++) {
        if (r->jobs[i].easy)
            ic_job_end(r, &r->jobs[i]);
    }
    return rc;
}

static int ic_run_init(struct ic_run *r, const struct http_opts *opts,
                       int parallel)
{
    memset(r, 0, sizeof(*r));
    r->opts = opts;
    r->parallel = parallel <= 0 ? 4 : parallel;
    if (r->parallel > IC_MAX_PARALLEL)
        r->parallel = IC_MAX_PARALLEL;
    r->max_bytes = opts->max_body > 0 && opts->max_body < IC_MAX_IMAGE_BYTES
                       ? opts->max_body
                       : IC_MAX_IMAGE_BYTES;

    /* Ask for formats stb_image decodes, not WebP/AVIF that CDNs would
       otherwise pick for us. */
    r->headers = curl_slist_append(NULL, "Accept: image/png, image/jpeg, "
                                         "image/gif;q=0.8, */*;q=0.1");
    r->multi = curl_multi_init();
    if (!r->headers || !r->multi)
        return kerr_set(KERR_NOMEM, "imgcache: cannot set up downloads");
    return 0;
}

static void ic_run_free(struct ic_run *r)
{
    if (r->multi)
        curl_multi_cleanup(r->multi);
    curl_slist_free_all(r->headers);
}

int imgcache_fetch(struct imgcache *ic, char *const *urls, size_t n,
                   const struct http_opts *http, int parallel,
                   imgcache_progress_fn progress, void *ctx,
                   struct imgcache_stats *stats)
{
    struct imgcache_stats st = {.requested = (int)n};
    struct http_opts opts;
    struct ic_run run;
    const char **todo = NULL;
    size_t ntodo = 0;
    int rc;

    if (http)
        opts = *http;
    else
        http_opts_default(&opts);
    rc = ic_run_init(&run, &opts, parallel);
    if (rc == 0)
        rc = ic_flush_touches(ic);
    todo = malloc((n ? n : 1) * sizeof(*todo));
    if (rc == 0 && !todo)
        rc = kerr_set(KERR_NOMEM, "imgcache: out of memory");
    if (rc != 0)
        goto out;

    rc = ic_plan(ic, urls, n, todo, &ntodo, &st);
    if (rc != 0)
        goto out;
    if (progress)
        progress(ctx, (int)(n - ntodo), (int)n);
    rc = ic_download(ic, &run, todo, ntodo, (int)(n - ntodo), n, progress,
                     ctx, &st);
    if (rc == 0)
        rc = imgcache_evict(ic);

out:
    st.bytes = ic->bytes;
    if (stats)
        *stats = st;
    log_info("imgcache", "%d images: %d cached, %d fetched, %d failed;"
             " %lld bytes", st.requested, st.cached, st.fetched, st.failed,
             (long long)st.bytes);
    free(todo);
    ic_run_free(&run);
    return rc;
}
