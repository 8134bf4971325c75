/*
 * fetcher: fetch and parse catalog pages ahead of the writer, on worker
 * threads, and hand them over strictly in page order.
 *
 * Shops answer a page in tens to hundreds of milliseconds and parsing one
 * costs about as much again, while the catalog writer must stay on one
 * thread and one connection. So workers fetch and parse the next pages
 * while the writer stores the current one. A page beyond page 1 is only
 * asked for once every page before it has said "there is more", so a
 * single-document feed is never fetched twice, and at most a few pages
 * are held in memory at once.
 *
 * Conditional requests live here too: a page that came with an ETag or
 * Last-Modified is kept in `pages_dir`, and a later 304 is parsed from it.
 */
#ifndef KIOSK_FETCHER_H
#define KIOSK_FETCHER_H

#include "config.h"
#include "http.h"
#include "product.h"
#include "shop.h"

#include <stddef.h>

struct fetcher;

/* One page, fetched and parsed; the caller owns it after fetcher_next. */
struct fetcher_page {
    int page;       /* 1-based */
    int rc;         /* 0, or the negative error of fetching or parsing */
    char msg[512];  /* the error message when rc < 0 */
    int more;       /* the adapter says another page follows */
    int skipped;    /* items too broken to keep */
    struct product *products;
    size_t n;
};

/*
 * Start `workers` threads fetching pages of the shop in `cfg` through
 * `ops`. `http` gives timeouts and the cancel flag. `pages_dir` must
 * exist. NULL on failure. The structs passed must outlive the fetcher.
 */
struct fetcher *fetcher_start(const struct config *cfg,
                              const struct shop_ops *ops,
                              const struct http_opts *http,
                              const char *pages_dir, int workers);

/*
 * Wait for page `page` (asked for in order: 1, 2, 3...) and take it.
 * Returns 0 with *out set, or KERR_CANCEL if the http cancel flag was
 * raised while waiting.
 */
int fetcher_next(struct fetcher *f, int page, struct fetcher_page **out);

/* Free a page and every product it still holds. Accepts NULL. */
void fetcher_page_free(struct fetcher_page *pg);

/* Stop the workers (aborting transfers) and free all. Accepts NULL. */
void fetcher_stop(struct fetcher *f);

#endif
