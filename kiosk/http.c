/*
 * http: see http.h. One curl easy handle per client, reused so that
 * connections (and TLS sessions) to the same shop are kept alive across
 * the pages of a sync.
 */
#include "http.h"

#include "kerr.h"
#include "log.h"

#include <curl/curl.h>

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HTTP_MAX_BODY_DEFAULT ((size_t)64 * 1024 * 1024)
#define HTTP_SLEEP_SLICE_MS 25
#define HTTP_URL_SHOWN 300 /* longest URL quoted in a message */

struct http_client {
    CURL *curl;
    struct http_opts opts;
    char *user_agent;         /* owned copy */
    uint64_t rng;             /* jitter state, per client: no locking */
    char errbuf[CURL_ERROR_SIZE];
};

/* One attempt's state, shared with the curl callbacks. */
struct http_xfer {
    struct http_client *c;
    struct http_response *out;
    char *buf;
    size_t len, cap;
    int too_big;
    long retry_after_ms; /* -1 when the server sent none */
};

/* What one attempt came to. */
enum http_verdict { HTTP_DONE, HTTP_RETRY, HTTP_FAIL };

static pthread_once_t http_once = PTHREAD_ONCE_INIT;
static CURLcode http_global_rc = CURLE_FAILED_INIT;

static void http_global_init(void)
{
    http_global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

void http_opts_default(struct http_opts *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->connect_timeout_ms = 10000;
    opts->timeout_ms = 60000;
    opts->retries = 4;
    opts->backoff_ms = 500;
    opts->backoff_max_ms = 30000;
    opts->max_body = HTTP_MAX_BODY_DEFAULT;
}

void http_response_clear(struct http_response *r)
{
    if (!r)
        return;
    free(r->body);
    memset(r, 0, sizeof(*r));
    r->total_pages = -1;
}

/* The URL as it may appear in messages: no "user:pass@", bounded. */
static void http_url_shown(const char *url, char *buf, size_t len)
{
    const char *scheme_end = strstr(url, "://");
    const char *at, *slash;

    if (scheme_end) {
        at = strchr(scheme_end + 3, '@');
        slash = strchr(scheme_end + 3, '/');
        if (at && (!slash || at < slash)) {
            snprintf(buf, len, "%.*s://%.*s", (int)(scheme_end - url), url,
                     HTTP_URL_SHOWN, at + 1);
            return;
        }
    }
    snprintf(buf, len, "%.*s", HTTP_URL_SHOWN, url);
}

static size_t http_on_body(char *data, size_t size, size_t n, void *ud)
{
    struct http_xfer *x = ud;
    size_t add = size * n;
    size_t max = x->c->opts.max_body;

    if (x->len + add > max) {
        x->too_big = 1;
        return 0; /* makes curl stop with CURLE_WRITE_ERROR */
    }
    if (x->len + add + 1 > x->cap) {
        size_t cap = x->cap ? x->cap : 16384;
        char *grown;

        while (cap < x->len + add + 1)
            cap *= 2;
        grown = realloc(x->buf, cap);
        if (!grown)
            return 0;
        x->buf = grown;
        x->cap = cap;
    }
    memcpy(x->buf + x->len, data, add);
    x->len += add;
    return add;
}

/* Copy a header value, trimmed, into `dst`. */
static void http_copy_value(char *dst, size_t len, const char *v, size_t n)
{
    while (n > 0 && isspace((unsigned char)*v))
        v++, n--;
    while (n > 0 && isspace((unsigned char)v[n - 1]))
        n--;
    if (n >= len)
        n = len - 1;
    memcpy(dst, v, n);
    dst[n] = '\0';
}

/* Retry-After: delta seconds or an HTTP-date (RFC 9110 10.2.3). */
static long http_parse_retry_after(const char *v)
{
    char *end;
    long secs;
    time_t when;

    secs = strtol(v, &end, 10);
    if (end != v && *end == '\0')
        return secs < 0 ? 0 : (secs > 86400 ? 86400000L : secs * 1000);

    when = curl_getdate(v, NULL);
    if (when == (time_t)-1)
        return -1;
    secs = (long)(when - time(NULL));
    return secs < 0 ? 0 : (secs > 86400 ? 86400000L : secs * 1000);
}

static size_t http_on_header(char *data, size_t size, size_t n, void *ud)
{
    struct http_xfer *x = ud;
    size_t len = size * n;
    const char *colon = memchr(data, ':', len);
    char value[128];
    size_t name_len, vlen;

    /* A new status line (redirect, 100 Continue) restarts the headers. */
    if (len > 5 && strncmp(data, "HTTP/", 5) == 0) {
        x->out->etag[0] = '\0';
        x->out->last_modified[0] = '\0';
        x->out->total_pages = -1;
        x->retry_after_ms = -1;
        return len;
    }
    if (!colon)
        return len;

    name_len = (size_t)(colon - data);
    vlen = len - name_len - 1;
    if (name_len == 4 && strncasecmp(data, "ETag", 4) == 0) {
        http_copy_value(x->out->etag, sizeof(x->out->etag), colon + 1,
                        vlen);
    } else if (name_len == 13 &&
               strncasecmp(data, "Last-Modified", 13) == 0) {
        http_copy_value(x->out->last_modified,
                        sizeof(x->out->last_modified), colon + 1, vlen);
    } else if (name_len == 15 &&
               strncasecmp(data, "X-WP-TotalPages", 15) == 0) {
        http_copy_value(value, sizeof(value), colon + 1, vlen);
        x->out->total_pages = atoi(value) >= 0 ? atoi(value) : -1;
    } else if (name_len == 11 && strncasecmp(data, "Retry-After", 11) == 0) {
        http_copy_value(value, sizeof(value), colon + 1, vlen);
        x->retry_after_ms = http_parse_retry_after(value);
    }
    return len;
}

static int http_on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow,
                            curl_off_t ultotal, curl_off_t ulnow)
{
    struct http_client *c = ud;

    return c->opts.cancel && *c->opts.cancel ? 1 : 0;
}

/* Options that stay the same for every request of this client. */
static int http_setup(struct http_client *c)
{
    CURL *h = c->curl;
    CURLcode rc = CURLE_OK;

    rc |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    rc |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
    rc |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                           c->opts.connect_timeout_ms);
    rc |= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->opts.timeout_ms);
    rc |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    rc |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    rc |= curl_easy_setopt(h, CURLOPT_USERAGENT, c->user_agent);
    rc |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    rc |= curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    /* A shop must never redirect us into the local file system. */
#if LIBCURL_VERSION_NUM >= 0x075500
    rc |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file");
    rc |= curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    rc |= curl_easy_setopt(h, CURLOPT_PROTOCOLS,
                           CURLPROTO_HTTP | CURLPROTO_HTTPS | CURLPROTO_FILE);
    rc |= curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS,
                           CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
    rc |= curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip");
    rc |= curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                           (curl_off_t)c->opts.max_body);
    rc |= curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    rc |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, http_on_body);
    rc |= curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, http_on_header);
    rc |= curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    rc |= curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, http_on_progress);
    rc |= curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
    return rc == CURLE_OK ? 0 : kerr_set(KERR_NET, "http: libcurl lacks "
                                         "a required option");
}

struct http_client *http_client_new(const struct http_opts *opts)
{
    struct http_client *c;
    char ua[64];

    pthread_once(&http_once, http_global_init);
    if (http_global_rc != CURLE_OK) {
        kerr_set(KERR_NET, "http: curl_global_init failed: %s",
                 curl_easy_strerror(http_global_rc));
        return NULL;
    }

    c = calloc(1, sizeof(*c));
    if (!c) {
        kerr_set(KERR_NOMEM, "http: out of memory");
        return NULL;
    }
    if (opts)
        c->opts = *opts;
    else
        http_opts_default(&c->opts);
    if (c->opts.max_body == 0)
        c->opts.max_body = HTTP_MAX_BODY_DEFAULT;
    if (c->opts.retries < 0)
        c->opts.retries = 0;

    snprintf(ua, sizeof(ua), "optical-kiosk/%s", KIOSK_VERSION);
    c->user_agent = strdup(c->opts.user_agent ? c->opts.user_agent : ua);
    c->opts.user_agent = c->user_agent;
    c->rng = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)c ^
             0x9e3779b97f4a7c15ULL;
    c->curl = curl_easy_init();
    if (!c->user_agent || !c->curl) {
        http_client_free(c);
        kerr_set(KERR_NOMEM, "http: cannot create a curl handle");
        return NULL;
    }
    if (http_setup(c) != 0) {
        http_client_free(c);
        return NULL;
    }
    return c;
}

void http_client_free(struct http_client *c)
{
    if (!c)
        return;
    if (c->curl)
        curl_easy_cleanup(c->curl);
    free(c->user_agent);
    free(c);
}

static int http_cancelled(const struct http_client *c)
{
    return c->opts.cancel && *c->opts.cancel;
}

/* Sleep `ms` in short slices; 0 if slept out, 1 if cancelled. */
static int http_wait(const struct http_client *c, long ms)
{
    while (ms > 0) {
        long slice = ms < HTTP_SLEEP_SLICE_MS ? ms : HTTP_SLEEP_SLICE_MS;
        struct timespec ts = {slice / 1000, (slice % 1000) * 1000000L};

        if (http_cancelled(c))
            return 1;
        nanosleep(&ts, NULL);
        ms -= slice;
    }
    return http_cancelled(c);
}

/* Exponential backoff with jitter: a random wait in [d/2, d]. */
static long http_backoff_ms(struct http_client *c, int attempt)
{
    long d = c->opts.backoff_ms > 0 ? c->opts.backoff_ms : 0;
    long max = c->opts.backoff_max_ms;

    for (int i = 1; i < attempt && (max <= 0 || d < max); i++)
        d *= 2;
    if (max > 0 && d > max)
        d = max;
    if (d < 2)
        return d;

    c->rng ^= c->rng << 13;
    c->rng ^= c->rng >> 7;
    c->rng ^= c->rng << 17;
    return d / 2 + (long)(c->rng % (uint64_t)(d / 2 + 1));
}

/* "/path" out of "file://host/path", for messages about local files. */
static const char *http_file_path(const char *url)
{
    const char *p = url + strlen("file://");
    const char *slash = strchr(p, '/');

    return slash ? slash : p;
}

/* Sort a libcurl failure into done/retry/fail, with a reason. */
static enum http_verdict http_judge_curl(struct http_client *c, CURLcode rc,
                                         const struct http_xfer *x,
                                         const char *url, int *code,
                                         char *why, size_t wlen)
{
    const char *detail = c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc);

    *code = KERR_NET;
    switch (rc) {
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        if (!x->too_big && rc == CURLE_WRITE_ERROR) {
            *code = KERR_NOMEM;
            snprintf(why, wlen, "out of memory for the body");
            return HTTP_FAIL;
        }
        *code = KERR_INVAL;
        snprintf(why, wlen, "body larger than %zu bytes",
                 c->opts.max_body);
        return HTTP_FAIL;
    case CURLE_ABORTED_BY_CALLBACK:
        *code = KERR_CANCEL;
        snprintf(why, wlen, "cancelled");
        return HTTP_FAIL;
    case CURLE_FILE_COULDNT_READ_FILE:
        *code = KERR_NOTFOUND;
        snprintf(why, wlen, "cannot read %.300s", http_file_path(url));
        return HTTP_FAIL;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        *code = KERR_INVAL;
        snprintf(why, wlen, "%s", detail);
        return HTTP_FAIL;
    case CURLE_TOO_MANY_REDIRECTS:
        *code = KERR_HTTP;
        snprintf(why, wlen, "more than 5 redirects");
        return HTTP_FAIL;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
        /* Waiting does not fix a certificate. */
        snprintf(why, wlen, "TLS: %s", detail);
        return HTTP_FAIL;
    default:
        snprintf(why, wlen, "%s", detail);
        return HTTP_RETRY;
    }
}

/* Sort a complete answer by its status, checking it was complete. */
static enum http_verdict http_judge_answer(struct http_client *c,
                                           long status, int *code,
                                           char *why, size_t wlen)
{
    curl_off_t want = -1, got = 0;

    *code = KERR_HTTP;
    if (status == 0 || (status >= 200 && status < 300)) {
        curl_easy_getinfo(c->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
                          &want);
        curl_easy_getinfo(c->curl, CURLINFO_SIZE_DOWNLOAD_T, &got);
        if (status != 204 && want >= 0 && got < want) {
            *code = KERR_NET;
            snprintf(why, wlen, "body truncated: %ld of %ld bytes",
                     (long)got, (long)want);
            return HTTP_RETRY;
        }
        return HTTP_DONE;
    }
    if (status == 304)
        return HTTP_DONE;

    snprintf(why, wlen, "HTTP %ld", status);
    return status >= 500 || status == 429 ? HTTP_RETRY : HTTP_FAIL;
}

static struct curl_slist *http_validators(const char *etag,
                                          const char *since, int *oom)
{
    struct curl_slist *list = NULL, *next;
    char line[512];

    *oom = 0;
    if (etag && *etag) {
        snprintf(line, sizeof(line), "If-None-Match: %s", etag);
        next = curl_slist_append(list, line);
        if (!next)
            goto fail;
        list = next;
    }
    if (since && *since) {
        snprintf(line, sizeof(line), "If-Modified-Since: %s", since);
        next = curl_slist_append(list, line);
        if (!next)
            goto fail;
        list = next;
    }
    return list;

fail:
    *oom = 1;
    curl_slist_free_all(list);
    return NULL;
}

/* One request. The body is left in `x`; the verdict says what next. */
static enum http_verdict http_attempt(struct http_client *c, const char *url,
                                      const char *userpwd,
                                      struct curl_slist *headers,
                                      struct http_xfer *x, int *code,
                                      char *why, size_t wlen)
{
    CURLcode rc;
    long status = 0;

    free(x->buf);
    x->buf = NULL;
    x->len = x->cap = 0;
    x->too_big = 0;
    x->retry_after_ms = -1;
    c->errbuf[0] = '\0';

    curl_easy_setopt(c->curl, CURLOPT_URL, url);
    curl_easy_setopt(c->curl, CURLOPT_USERPWD,
                     userpwd && *userpwd ? userpwd : NULL);
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, x);
    rc = curl_easy_perform(c->curl);
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
    x->out->status = status;
    if (rc != CURLE_OK)
        return http_judge_curl(c, rc, x, url, code, why, wlen);

    return http_judge_answer(c, status, code, why, wlen);
}

/* How long to wait before attempt number `attempt` + 1. */
static long http_retry_wait(struct http_client *c, const struct http_xfer *x,
                            int attempt)
{
    long status = x->out->status;
    long wait;

    if ((status == 429 || status == 503) && x->retry_after_ms >= 0) {
        wait = x->retry_after_ms;
        if (c->opts.backoff_max_ms > 0 && wait > c->opts.backoff_max_ms)
            wait = c->opts.backoff_max_ms;
        return wait;
    }
    return http_backoff_ms(c, attempt);
}

/* Hand the body over: always allocated and NUL-terminated, empty on 304. */
static int http_finish(struct http_xfer *x, const char *shown)
{
    struct http_response *out = x->out;

    if (out->status == 304) {
        free(x->buf);
        x->buf = NULL;
        x->len = 0;
    }
    if (!x->buf) {
        x->buf = malloc(1);
        if (!x->buf)
            return kerr_set(KERR_NOMEM, "GET %s: out of memory", shown);
    }
    x->buf[x->len] = '\0';
    out->body = x->buf;
    out->len = x->len;
    x->buf = NULL;
    return 0;
}

int http_get(struct http_client *c, const char *url, const char *userpwd,
             const char *if_none_match, const char *if_modified_since,
             struct http_response *out)
{
    struct http_xfer x = {.c = c, .out = out, .retry_after_ms = -1};
    struct curl_slist *headers;
    enum http_verdict v = HTTP_FAIL;
    char shown[HTTP_URL_SHOWN + 16], why[CURL_ERROR_SIZE + 64] = "";
    int code = KERR_NET, oom, attempt;
    long wait;

    http_response_clear(out);
    if (!url || !*url)
        return kerr_set(KERR_INVAL, "GET: empty URL");
    http_url_shown(url, shown, sizeof(shown));
    headers = http_validators(if_none_match, if_modified_since, &oom);
    if (oom)
        return kerr_set(KERR_NOMEM, "GET %s: out of memory", shown);

    for (attempt = 1; attempt <= c->opts.retries + 1; attempt++) {
        if (http_cancelled(c)) {
            code = KERR_CANCEL;
            snprintf(why, sizeof(why), "cancelled");
            attempt--;
            break;
        }
        out->attempts = attempt;
        v = http_attempt(c, url, userpwd, headers, &x, &code, why,
                         sizeof(why));
        if (v != HTTP_RETRY || attempt > c->opts.retries)
            break;

        wait = http_retry_wait(c, &x, attempt);
        log_info("http", "GET %s: %s, retry %d of %d in %ld ms", shown,
                 why, attempt, c->opts.retries, wait);
        if (http_wait(c, wait)) {
            code = KERR_CANCEL;
            snprintf(why, sizeof(why), "cancelled while waiting to retry");
            break;
        }
    }
    curl_slist_free_all(headers);

    if (v == HTTP_DONE && code != KERR_CANCEL)
        return http_finish(&x, shown);
    free(x.buf);
    return kerr_set(code, "GET %s: %s (after %d attempt%s)", shown, why,
                    out->attempts, out->attempts == 1 ? "" : "s");
}
