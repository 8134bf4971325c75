/*
 * imgcache_fetch: downloading the images a catalog names, a few at once
 * (libcurl multi), and handing each to imgcache_store.
 */
#include "imgcache_impl.h"

#include "kerr.h"
#include "log.h"

#include <curl/curl.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define IC_FAILED_RETRY_S (24 * 3600) /* re-try a broken image daily */
#define IC_MAX_PARALLEL 16
#define IC_MAX_URL 2048

/* One download in flight. */
struct ic_job {
    CURL *easy;
    const char *url;
    char *buf;
    size_t len, cap, max;
    int too_big;
};

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
        recent = time(NULL) - sqlite3_column_int64(st, 0) < IC_FAILED_RETRY_S;
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
    if (imgcache_lookup(ic, url, sha, ext)) {
        imgcache_original_path(ic, sha, ext, path, sizeof(path));
        /* Files are not fsynced (the cache can always fetch again), so
           after a power cut an original may be there but empty. */
        rc = stat(path, &st) == 0 && st.st_size > 0
                 ? imgcache_fill_thumbs(ic, sha, ext, NULL)
                 : KERR_NOTFOUND;
        if (rc == 0)
            return IC_CACHED;
        if (rc != KERR_NOTFOUND)
            return rc;
        log_warn("imgcache", "%s vanished or went bad; fetching again", path);
        rc = imgcache_remove_blob(ic, sha);
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
                   const char **todo, size_t *ntodo, struct imgcache_stats *st)
{
    sqlite3_stmt *failed = NULL;
    size_t kept = 0;
    int rc = 0;

    if (imgcache_prepare(ic, "SELECT failed_at FROM urls WHERE url = ?"
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
    curl_easy_setopt(e, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : ua);
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
        return status >= 400 && status < 500 && status != 408 && status != 429
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
        rc = imgcache_store(ic, j->url, (unsigned char *)j->buf, j->len, why,
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
        log_warn("imgcache", "%.200s: %s; not retried for a day", j->url, why);
        return imgcache_set_url(ic, j->url, NULL, why);
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

static int ic_download(struct imgcache *ic, struct ic_run *r, const char **todo,
                       size_t ntodo, int done, size_t total,
                       imgcache_progress_fn progress, void *ctx,
                       struct imgcache_stats *st)
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
    r->max_bytes = IMGCACHE_MAX_IMAGE_BYTES;
    if (opts->max_body > 0 && opts->max_body < IMGCACHE_MAX_IMAGE_BYTES)
        r->max_bytes = opts->max_body;

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
        rc = imgcache_flush_touches(ic);
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
    rc = ic_download(ic, &run, todo, ntodo, (int)(n - ntodo), n, progress, ctx,
                     &st);
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
