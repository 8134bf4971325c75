/*
 * http: GET with libcurl, made for talking to shops that misbehave.
 *
 * Connect and total timeouts, HTTPS verification always on, a clear
 * User-Agent, a cap on body size. HTTP 429 is retried after Retry-After
 * (capped), 5xx and network errors with capped exponential backoff and
 * jitter. Conditional requests with ETag / Last-Modified. file:// URLs
 * work too, which is how the demo store runs with no network.
 *
 * A client is used from one thread at a time; make one per thread.
 */
#ifndef KIOSK_HTTP_H
#define KIOSK_HTTP_H

#include <stddef.h>

struct http_opts {
    long connect_timeout_ms; /* per attempt to connect */
    long timeout_ms;         /* whole transfer, body included */
    int retries;             /* attempts after the first one */
    long backoff_ms;         /* first backoff; doubles each retry */
    long backoff_max_ms;     /* cap on one wait, Retry-After included */
    size_t max_body;         /* larger bodies are refused (KERR_INVAL) */
    const char *user_agent;  /* NULL for "optical-kiosk/VERSION" */
    /* Set to non-zero from another thread to stop waits and transfers. */
    volatile int *cancel;
};

struct http_response {
    long status;      /* 200, 304, ...; 0 for file:// success */
    char *body;       /* NUL-terminated for convenience; may hold NULs */
    size_t len;
    char etag[256];          /* "" if the server sent none */
    char last_modified[64];  /* "" if none */
    int total_pages;         /* X-WP-TotalPages, -1 if absent */
    int attempts;            /* how many requests it took */
};

struct http_client;

/* NULL on failure (kerr_msg says why). `opts` may be NULL for defaults. */
struct http_client *http_client_new(const struct http_opts *opts);
void http_client_free(struct http_client *c);

/*
 * GET `url` into `out` (cleared first). `userpwd` ("user:pass") and the
 * validators may be NULL or "". Returns 0 for 2xx and 304; otherwise a
 * negative code after retries: KERR_HTTP for a final 4xx/5xx (status in
 * out->status), KERR_NET for network failure or timeout, KERR_INVAL for an
 * oversized body, KERR_CANCEL when cancelled. The message never includes
 * `userpwd`.
 */
int http_get(struct http_client *c, const char *url, const char *userpwd,
             const char *if_none_match, const char *if_modified_since,
             struct http_response *out);

/* Free the body and reset the struct. */
void http_response_clear(struct http_response *r);

/* Fill `opts` with the defaults used when NULL is passed. */
void http_opts_default(struct http_opts *opts);

#endif
