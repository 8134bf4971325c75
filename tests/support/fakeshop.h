/*
 * fakeshop: a small HTTP server on 127.0.0.1 that stands in for an online
 * shop in tests and benchmarks, and misbehaves on request.
 *
 * It serves files from a fixture directory (path /products.json?page=2 maps
 * to DIR/products.json.page2 if that exists, else DIR/products.json; with
 * no page parameter DIR/<path>), or whatever a handler returns. Faults are
 * matched in order against each request and can answer with a status,
 * Retry-After, a delay, a truncated body or a dropped connection.
 * Runs on its own threads; all functions are safe to call from the test.
 */
#ifndef KIOSK_FAKESHOP_H
#define KIOSK_FAKESHOP_H

#include <stddef.h>

struct fakeshop;

/*
 * Dynamic content: return a malloc'd body (fakeshop frees it) for `path`
 * with parsed `page` (0 if absent) and `limit` (0 if absent), and set
 * *status (default 200) and *content_type (default application/json).
 * Return NULL for 404. Extra headers: set *total_pages >= 0 to send
 * X-WP-TotalPages.
 */
typedef char *(*fakeshop_handler_fn)(void *ctx, const char *path, int page,
                                     int limit, size_t *len, int *status,
                                     const char **content_type,
                                     int *total_pages);

struct fakeshop_fault {
    const char *path; /* request path it applies to; NULL for any */
    int page;         /* page number it applies to; 0 for any */
    int times;        /* how many requests it hits; 0 for every one */
    int status;       /* answer with this status instead (0: normal) */
    int retry_after;  /* with status 429/503: Retry-After seconds */
    int delay_ms;     /* wait this long before answering */
    int truncate;     /* send only the first half of the body */
    int drop;         /* close the connection without an answer */
};

/* Start on a free port. `fixture_dir` may be NULL. NULL on failure. */
struct fakeshop *fakeshop_start(const char *fixture_dir);
void fakeshop_stop(struct fakeshop *fs); /* accepts NULL */

/* "http://127.0.0.1:PORT", no trailing slash. */
const char *fakeshop_url(const struct fakeshop *fs);

void fakeshop_set_handler(struct fakeshop *fs, fakeshop_handler_fn fn,
                          void *ctx);

/* Faults are copied (path too); checked in the order added. */
void fakeshop_add_fault(struct fakeshop *fs, const struct fakeshop_fault *f);
void fakeshop_clear_faults(struct fakeshop *fs);

/* Requests seen for `path` (NULL: all) since start. */
int fakeshop_hits(struct fakeshop *fs, const char *path);

/* Validators: when set, responses carry this ETag and a matching
   If-None-Match gets 304. NULL turns it off. */
void fakeshop_set_etag(struct fakeshop *fs, const char *etag);

#endif
