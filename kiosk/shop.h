/*
 * shop: the interface every online-shop platform plugs in behind.
 *
 * An adapter knows two things about its platform: which URL holds page N
 * of the catalog, and how to turn one page's body into products. The
 * sync module does the fetching, retrying, de-duplication and storing, so
 * adding a platform is one new shop_*.c file and one line in shop.c.
 */
#ifndef KIOSK_SHOP_H
#define KIOSK_SHOP_H

#include "config.h"
#include "product.h"

#include <stddef.h>

/* What to fetch for one page. */
struct shop_request {
    char url[2048];
    char userpwd[520]; /* "user:password" for HTTP basic auth, or "" */
};

/* What came back for one page; headers the adapters need are named. */
struct shop_page {
    const char *body; /* not NUL-terminated; `len` bytes */
    size_t len;
    const char *source; /* URL or file, for error messages */
    int total_pages;    /* X-WP-TotalPages, or -1 if absent */
    int page;           /* 1-based number of this page */
};

/*
 * Called once per product parsed. The callee takes ownership of the
 * struct's contents (it must product_clear() them). Returns 0 to go on,
 * negative to stop the parse with that error.
 */
typedef int (*shop_emit_fn)(void *ctx, struct product *p);

struct shop_ops {
    const char *name; /* the [shop] platform value */

    /*
     * Fill `req` for 1-based page `page`. `cfg` gives url, key, secret.
     * Returns 0, or a negative error if the config cannot work.
     */
    int (*request)(const struct config *cfg, int page,
                   struct shop_request *req);

    /*
     * Parse one page. Emit each product that is usable; skip and count
     * (in *skipped) items that are individually broken. Set *more to 1 if
     * another page should be fetched. Returns the number of products
     * emitted, or a negative error (with kerr_msg naming page and field)
     * when the page as a whole is unusable: truncated, not JSON, wrong
     * top-level shape.
     */
    int (*parse)(const struct config *cfg, const struct shop_page *page,
                 shop_emit_fn emit, void *ctx, int *more, int *skipped);

    /*
     * Optional, for products parsed with needs_detail set. `detail`
     * fills `req` for 1-based detail page `page` of product `p`; `merge`
     * folds that page's body into `p` and sets *more when another detail
     * page follows. Both return 0 or a negative error; KERR_NOTFOUND from
     * the fetch means the product went away and is skipped.
     */
    int (*detail)(const struct config *cfg, const struct product *p,
                  int page, struct shop_request *req);
    int (*merge)(const struct config *cfg, const struct shop_page *page,
                 struct product *p, int *more);
};

/* The adapter for a [shop] platform value, or NULL if there is none. */
const struct shop_ops *shop_find(const char *platform);

/* Adapters; each lives in its own shop_<name>.c. */
extern const struct shop_ops shop_shopify;
extern const struct shop_ops shop_woocommerce;
extern const struct shop_ops shop_feed;

#endif
