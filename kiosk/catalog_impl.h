/*
 * catalog_impl: what the catalog's files share: catalog.c (connection,
 * schema, meta, stats), catalog_write.c (syncs), catalog_get.c (one
 * product), catalog_index.c (the in-memory index), catalog_text.c
 * (text folding and FTS5), catalog_query.c (filters, facets, pages).
 * Not part of the public face: only catalog*.c include it.
 */
#ifndef KIOSK_CATALOG_IMPL_H
#define KIOSK_CATALOG_IMPL_H

#include "catalog.h"

#include <sqlite3.h>
#include <stdint.h>

/* Every statement the catalog runs, prepared once and kept. */
enum catalog_sql {
    CATALOG_SQL_META_GET,
    CATALOG_SQL_META_SET,
    CATALOG_SQL_FIND,
    CATALOG_SQL_PRODUCT_INSERT,
    CATALOG_SQL_PRODUCT_UPDATE,
    CATALOG_SQL_SEEN,
    CATALOG_SQL_VARIANTS_DELETE,
    CATALOG_SQL_IMAGES_DELETE,
    CATALOG_SQL_VARIANT_INSERT,
    CATALOG_SQL_IMAGE_INSERT,
    CATALOG_SQL_FTS_INSERT,
    CATALOG_SQL_FTS_DELETE,
    CATALOG_SQL_RETIRE_FTS,
    CATALOG_SQL_RETIRE,
    CATALOG_SQL_STOCK_CLEAR,
    CATALOG_SQL_STOCK_ADD,
    CATALOG_SQL_DATA_VERSION,
    CATALOG_SQL_INDEX_PRODUCTS,
    CATALOG_SQL_INDEX_VARIANTS,
    CATALOG_SQL_FTS_MATCH,
    CATALOG_SQL_FTS_RANK,
    CATALOG_SQL_PAGE_ROW,
    CATALOG_SQL_GET_PRODUCT,
    CATALOG_SQL_GET_VARIANTS,
    CATALOG_SQL_GET_IMAGES,
    CATALOG_SQL_FIND_SKU,
    CATALOG_SQL_STATS,
    CATALOG_SQL_STATS_VARIANTS,
    CATALOG_SQL_IMAGE_URLS,
    CATALOG_SQL_COUNT
};

/* Sort orders kept precomputed in the index (relevance is computed). */
enum catalog_perm {
    CATALOG_PERM_PRICE_UP,
    CATALOG_PERM_PRICE_DOWN,
    CATALOG_PERM_NEWEST,
    CATALOG_PERM_NAME,
    CATALOG_PERM_COUNT
};

/* Size facet codes (1-based, as every facet code): lens bands, fits. */
#define CATALOG_SIZE_BANDS 5
#define CATALOG_SIZE_FITS 5

/* Days for orderable variants naming no lead time, until configured. */
#define CATALOG_DEFAULT_LEAD 14

/* Strings of one dimension, each with a small code; 0 means "none". */
struct catalog_dict {
    char **names;    /* names[code - 1] */
    int n;           /* codes 1..n are in use */
    int cap;
    uint32_t *slots; /* open addressing: a code, 0 empty */
    uint32_t nslots; /* a power of two */
};

/* One visible product, as the query engine needs it. */
struct catalog_entry {
    int64_t id;
    int64_t price_min, price_max; /* minor units, -1 no price */
    int64_t created;              /* unix seconds, 0 unknown */
    float lens_min, lens_max;     /* mm over variants, 0 unknown */
    uint32_t colour_off;          /* first colour code in index colours */
    uint16_t code[CATALOG_NDIMS]; /* single-valued dims; 0 none */
    uint16_t size_mask;           /* bit (code - 1) per size facet code */
    uint16_t n_variants;
    uint8_t n_colours;
    uint8_t on_shelf;
    uint8_t lead_default; /* an orderable variant names no lead time */
    int16_t lead_min;     /* shortest stated lead; INT16_MAX none */
    const char *brand_key; /* folded brand ("ray ban"), in the arena */
    const char *model_key; /* folded model */
};

struct catalog_arena_block;

/* All visible products of one committed state of the database. */
struct catalog_index {
    struct catalog_entry *e; /* sorted by id */
    int n;
    int cap;
    int32_t *pos_of_id;      /* id -> entry index or -1 */
    int64_t map_size;        /* entries in pos_of_id */
    struct catalog_dict dict[CATALOG_NDIMS];
    uint16_t *colours; /* colour codes of every entry, back to back */
    size_t n_colours, cap_colours;
    int32_t *perm[CATALOG_PERM_COUNT]; /* entry indices in sort order */
    struct catalog_arena_block *arena;
};

/* Text searches remembered per connection (each ~1 byte per product). */
#define CATALOG_FTS_CACHE 16

/* What FTS5 answered for one expression on one index generation. */
struct catalog_fts_answer {
    char *expr;      /* NULL: slot unused */
    unsigned gen;    /* index_gen it belongs to */
    uint64_t used;   /* for least-recently-used replacement */
    uint8_t *match;  /* per entry: 1 when the text matches */
    int count;       /* entries matching */
    int32_t *pos;    /* ranked: matching entries... */
    double *score;   /* ...and their bm25 (lower is better) */
    int ranked;      /* -1 not tried, 0 too many to rank, 1 ranked */
};

struct catalog {
    sqlite3 *db;
    char *path;
    int readonly;
    int default_lead; /* days, for orderable variants naming none */
    sqlite3_stmt *stmt[CATALOG_SQL_COUNT];

    int in_tx;          /* a write transaction is open */
    int64_t generation; /* of the open write; stamps products seen */
    struct catalog_write_stats ws;

    struct catalog_index *index; /* NULL until the first query */
    int64_t data_version;        /* of the database the index was built on */
    int index_dirty;             /* this connection changed the catalog */
    unsigned index_gen;          /* bumped at every rebuild */

    /* Recent text searches: typing back and forth, working filters. */
    struct catalog_fts_answer fts_cache[CATALOG_FTS_CACHE];
    struct catalog_fts_answer *fts; /* the current query's answer */
    uint64_t fts_clock;
};

/*
 * The cached statement `id`, reset and with no bindings, or NULL after
 * kerr_set (KERR_DB naming the file).
 */
sqlite3_stmt *catalog_stmt(struct catalog *c, enum catalog_sql id);

/* Set and return KERR_DB: "PATH: what: sqlite's message". */
int catalog_db_error(struct catalog *c, const char *what);

/* Run SQL with no result rows; 0 or KERR_DB. */
int catalog_exec(struct catalog *c, const char *sql);

/*
 * Make c->index describe the database as committed now, rebuilding it
 * when another connection or this one has changed the catalog.
 */
int catalog_index_fresh(struct catalog *c);

void catalog_index_free(struct catalog_index *ix); /* accepts NULL */

/*
 * Search the visible products for `text` (any bytes). c->fts = NULL when
 * the text holds no word, so everything matches; else c->fts->match flags
 * the matching entries of c->index (which must be fresh), and with
 * `rank`, c->fts->pos/score hold bm25 ranks when the matches are few
 * enough (c->fts->ranked = 1). The answer lives in c->fts_cache.
 */
int catalog_fts_search(struct catalog *c, const char *text, int rank);

/* Drop every remembered text search. */
void catalog_fts_forget(struct catalog *c);

/* The entry index of product `id`, or -1. */
int catalog_index_pos(const struct catalog_index *ix, int64_t id);

/* Code of `name` in `d`, or 0 when unknown. */
int catalog_dict_find(const struct catalog_dict *d, const char *name);

/*
 * Fold UTF-8 text for comparisons made in C: ASCII lowercased, Latin
 * accents removed, every run of other punctuation one space, other
 * characters copied. Always NUL-terminates `out` (len > 0).
 */
void catalog_fold(const char *in, char *out, size_t len);

/*
 * Decode one UTF-8 character at s (n bytes left): its code point, or -1
 * for an invalid sequence; *used gets the bytes consumed (at least 1).
 */
int32_t catalog_utf8(const unsigned char *s, size_t n, int *used);

/* 1 when code point cp belongs to a word (letters, digits); else 0. */
int catalog_word_char(int32_t cp);

/* The price band code (1-based) of a price in minor units, 0 none. */
int catalog_price_band(int64_t price);

/*
 * Lead days shown for an entry: 0 on the shelf, else the shortest lead
 * of an orderable variant (the default for those naming none), else -1.
 */
int catalog_lead_days(const struct catalog *c,
                      const struct catalog_entry *e);

#endif
