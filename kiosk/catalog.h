/*
 * catalog: the store's whole catalog in SQLite, searchable as you type.
 *
 * One file (WAL mode, foreign keys, versioned schema). Writers replace the
 * catalog inside one transaction, so readers keep seeing the last good
 * catalog until a sync has fully succeeded; a killed sync leaves it as it
 * was. Queries combine FTS5 text search (prefixes, accents folded) with
 * filters, sorting, paging and facet counts, computed from a compact
 * in-memory index that is rebuilt when another connection commits.
 *
 * A struct catalog is one connection: use it from one thread at a time,
 * and open one per thread (the UI's, the sync's).
 */
#ifndef KIOSK_CATALOG_H
#define KIOSK_CATALOG_H

#include "product.h"

#include <stddef.h>
#include <stdint.h>

struct catalog;

enum catalog_open_flags {
    CATALOG_READONLY = 1, /* a reader: never migrates, never writes */
};

/*
 * Open (creating and migrating if needed) the catalog at `path`.
 * NULL on failure with kerr_msg() naming the file and the cause.
 */
struct catalog *catalog_open(const char *path, int flags);
void catalog_close(struct catalog *c); /* accepts NULL */

/*
 * Lead time in days reported for orderable variants whose shop data
 * names none (config [shop] lead_days). Default 14.
 */
void catalog_set_default_lead(struct catalog *c, int days);

/* ---- Writing: one sync is one transaction ---------------------------- */

/* Counts from one write transaction, for logs and kioskctl. */
struct catalog_write_stats {
    int seen;      /* products put */
    int added;     /* new products */
    int changed;   /* rewritten because their content changed */
    int unchanged; /* identical to what was stored: not rewritten */
    int retired;   /* stored but no longer in the shop */
    int duplicate; /* put twice in one transaction: second ignored */
};

/* Start replacing the catalog. Fails if a write is already open. */
int catalog_begin(struct catalog *c);

/*
 * Store one product (identified by source_id, never by SKU). A product
 * whose content is unchanged is not rewritten. Returns 0, or
 * CATALOG_DUPLICATE when the source_id was already put in this
 * transaction (counted and ignored: shops repeat items across pages), or
 * a negative error, after which the caller must catalog_rollback().
 */
#define CATALOG_DUPLICATE 1

int catalog_put(struct catalog *c, const struct product *p);

/*
 * Finish: products not put in this transaction are retired (hidden, kept
 * for history), the sync time recorded, and everything committed at once.
 * `min_products`: refuse (KERR_REFUSED, rolled back) if fewer were put,
 * so an empty or broken shop answer never wipes a good catalog.
 */
int catalog_commit(struct catalog *c, int min_products,
                   struct catalog_write_stats *stats);

/* Abandon the transaction; the previous catalog stays. Accepts NULL. */
void catalog_rollback(struct catalog *c);

/* One row of the shelf stock feed. */
struct catalog_stock {
    const char *sku;
    int qty;
};

/* Replace the shelf stock with these rows, atomically. */
int catalog_set_stock(struct catalog *c, const struct catalog_stock *rows,
                      size_t n);

/* Small persistent key/value state (sync validators, last error). */
int catalog_meta_set(struct catalog *c, const char *key, const char *value);
/* Copies the value into buf; KERR_NOTFOUND if the key is absent. */
int catalog_meta_get(struct catalog *c, const char *key, char *buf,
                     size_t len);

/* ---- Reading ---------------------------------------------------------- */

enum catalog_dim {
    CATALOG_BRAND,
    CATALOG_SHAPE,
    CATALOG_MATERIAL,
    CATALOG_RIM,
    CATALOG_COLOUR,
    CATALOG_CATEGORY, /* "optical", "sun", "accessory" */
    CATALOG_GENDER,
    CATALOG_PRICE, /* bands, e.g. "100-200" in major units */
    CATALOG_SIZE,  /* lens-width bands, e.g. "50-52" mm; or fit class */
    CATALOG_SHELF, /* "yes" when some variant is on the shelf now */
    CATALOG_NDIMS
};

enum catalog_sort {
    CATALOG_SORT_RELEVANCE,
    CATALOG_SORT_PRICE_UP,
    CATALOG_SORT_PRICE_DOWN,
    CATALOG_SORT_NEWEST,
    CATALOG_SORT_BRAND,
};

#define CATALOG_MAX_CHOSEN 16

struct catalog_query {
    const char *text; /* what the customer typed; NULL or "" for all */
    /* Chosen facet values per dimension: OR within, AND across. */
    const char *chosen[CATALOG_NDIMS][CATALOG_MAX_CHOSEN];
    int64_t price_min, price_max; /* minor units; 0 means no bound */
    double lens_min, lens_max;    /* mm; 0 means no bound */
    int on_shelf;                 /* 1: only what is on the shelf now */
    enum catalog_sort sort;
    int offset, limit; /* the page of results wanted */
    int facets;        /* 1: compute facet counts too */
};

/* One product in a result page. Strings live as long as the result. */
struct catalog_item {
    int64_t id;
    const char *handle;
    const char *brand;
    const char *model;
    const char *image; /* main image URL, or NULL */
    enum product_category category;
    int64_t price_min, price_max; /* minor units over variants; -1 none */
    char currency[4];
    int on_shelf;  /* 1 if some variant is on the shelf now */
    int lead_days; /* else the shortest lead time in days of an orderable
                      variant; -1 when nothing can be ordered */
    int n_variants;
};

struct catalog_facet_value {
    const char *value; /* the key to put in query.chosen */
    int count;         /* products matching with this value added */
};

struct catalog_facet {
    struct catalog_facet_value *values; /* most common first */
    int n;
};

struct catalog_result {
    int total; /* products matching, over all pages */
    struct catalog_item *items;
    int n_items;
    struct catalog_facet facets[CATALOG_NDIMS]; /* when query.facets */
};

/*
 * Run a query. Counts for a dimension are taken with that dimension's
 * own choice left out, so a customer can widen a choice they made.
 * Hidden and retired products never appear. Free with
 * catalog_result_free().
 */
int catalog_query(struct catalog *c, const struct catalog_query *q,
                  struct catalog_result *out);
void catalog_result_free(struct catalog_result *r);

/* Load one product with all its variants (shelf quantities filled in). */
int catalog_get(struct catalog *c, int64_t id, struct product *out);

/* Find the product holding a variant with this SKU (first if repeated). */
int catalog_find_sku(struct catalog *c, const char *sku, int64_t *id);

struct catalog_stats {
    int products;    /* visible: optical + sun */
    int accessories; /* shown apart */
    int hidden;      /* gift cards and fees */
    int retired;     /* gone from the shop */
    int variants;
    int on_shelf;       /* visible products with shelf stock */
    int64_t last_sync;  /* unix seconds of the last good sync, 0 never */
    int64_t db_bytes;   /* database file plus its WAL */
};

int catalog_stats(struct catalog *c, struct catalog_stats *out);

/* Every image URL of visible products, for the image cache. */
int catalog_image_urls(struct catalog *c, char ***urls, size_t *n);

const char *catalog_dim_name(enum catalog_dim d); /* "brand", "shape"... */

#endif
