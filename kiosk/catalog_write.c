/*
 * catalog_write.c: a sync replaces the catalog inside one transaction.
 *
 * Each product carries a content hash (FNV-1a 64 over a canonical
 * serialisation of every field, variant and image), so an unchanged
 * product costs one lookup and one small update. Every product put is
 * stamped with the transaction's generation; at commit, products with an
 * older stamp left the shop and are retired.
 */
#include "catalog.h"

#include "catalog_impl.h"
#include "kerr.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CATALOG_FNV_OFFSET 0xcbf29ce484222325ULL
#define CATALOG_FNV_PRIME 0x100000001b3ULL

static uint64_t catalog_hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;

    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= CATALOG_FNV_PRIME;
    }
    return h;
}

/* Integers go in as 8 little-endian bytes, the same on every machine. */
static uint64_t catalog_hash_u64(uint64_t h, uint64_t v)
{
    unsigned char b[8];

    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    return catalog_hash_bytes(h, b, sizeof(b));
}

/* Length first, so ("ab", "c") and ("a", "bc") differ; NULL is not "". */
static uint64_t catalog_hash_str(uint64_t h, const char *s)
{
    size_t n;

    if (!s)
        return catalog_hash_u64(h, UINT64_MAX);
    n = strlen(s);
    h = catalog_hash_u64(h, n);
    return catalog_hash_bytes(h, s, n);
}

static uint64_t catalog_hash_mm(uint64_t h, double mm)
{
    /* Hundredths of a millimetre: no -0.0 or rounding noise. */
    return catalog_hash_u64(h, (uint64_t)(int64_t)(mm * 100.0 + 0.5));
}

static uint64_t catalog_hash_fixed(uint64_t h, const char *s, size_t cap)
{
    return catalog_hash_bytes(catalog_hash_u64(h, strnlen(s, cap)), s,
                              strnlen(s, cap));
}

static uint64_t catalog_hash_variant(uint64_t h,
                                     const struct product_variant *v)
{
    const struct product_size *z = &v->size;

    h = catalog_hash_str(h, v->source_id);
    h = catalog_hash_str(h, v->sku);
    h = catalog_hash_str(h, v->colour);
    h = catalog_hash_str(h, v->size_label);
    h = catalog_hash_mm(h, z->lens_mm);
    h = catalog_hash_mm(h, z->bridge_mm);
    h = catalog_hash_mm(h, z->temple_mm);
    h = catalog_hash_mm(h, z->frame_width_mm);
    h = catalog_hash_mm(h, z->lens_height_mm);
    h = catalog_hash_u64(h, (uint64_t)z->measured);
    h = catalog_hash_u64(h, (uint64_t)z->title_lens_mm);
    h = catalog_hash_fixed(h, z->fit, sizeof(z->fit));
    h = catalog_hash_str(h, z->text);
    h = catalog_hash_u64(h, (uint64_t)v->price);
    h = catalog_hash_fixed(h, v->currency, sizeof(v->currency));
    h = catalog_hash_u64(h, (uint64_t)v->orderable);
    h = catalog_hash_u64(h, (uint64_t)v->online_qty);
    h = catalog_hash_u64(h, (uint64_t)v->shelf_qty);
    h = catalog_hash_u64(h, (uint64_t)v->lead_days);
    return catalog_hash_str(h, v->tryon_image);
}

static uint64_t catalog_hash_product(const struct product *p)
{
    const char *const fields[] = {
        p->source_id, p->handle, p->title, p->brand, p->model, p->shape,
        p->material, p->rim, p->gender, p->colours, p->tags,
        p->description,
    };
    uint64_t h = CATALOG_FNV_OFFSET;

    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        h = catalog_hash_str(h, fields[i]);
    h = catalog_hash_u64(h, (uint64_t)p->category);
    h = catalog_hash_u64(h, (uint64_t)p->created);

    h = catalog_hash_u64(h, p->n_images);
    for (size_t i = 0; i < p->n_images; i++)
        h = catalog_hash_str(h, p->images[i]);
    h = catalog_hash_u64(h, p->n_variants);
    for (size_t i = 0; i < p->n_variants; i++)
        h = catalog_hash_variant(h, &p->variants[i]);
    return h;
}

static void catalog_bind_fixed(sqlite3_stmt *st, int col, const char *s,
                               size_t cap)
{
    size_t n = strnlen(s, cap);

    if (n == 0)
        sqlite3_bind_null(st, col);
    else
        sqlite3_bind_text(st, col, s, (int)n, SQLITE_TRANSIENT);
}

/* Run a statement that returns no rows and leave it reset. */
static int catalog_done(struct catalog *c, sqlite3_stmt *st,
                        const char *what)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return catalog_db_error(c, what);
    return 0;
}

static void catalog_bind_product(sqlite3_stmt *st, const struct product *p,
                                 uint64_t hash, int64_t gen)
{
    const char *const text[] = {
        p->source_id, p->handle, p->title, p->brand, p->model,
    };
    const char *const more[] = {
        p->shape, p->material, p->rim, p->gender, p->colours, p->tags,
        p->description,
    };
    int64_t lo = -1, hi = -1;
    const char *currency = "";

    for (int i = 0; i < 5; i++)
        sqlite3_bind_text(st, 1 + i, text[i], -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, (int)p->category);
    for (int i = 0; i < 7; i++)
        sqlite3_bind_text(st, 7 + i, more[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 14, p->created);
    sqlite3_bind_int64(st, 15, (int64_t)hash);
    sqlite3_bind_int64(st, 16, gen);

    for (size_t i = 0; i < p->n_variants; i++) {
        const struct product_variant *v = &p->variants[i];

        if (v->price >= 0 && (lo < 0 || v->price < lo))
            lo = v->price;
        if (v->price > hi)
            hi = v->price;
        if (!currency[0] && v->currency[0])
            currency = v->currency;
    }
    sqlite3_bind_int64(st, 17, lo);
    sqlite3_bind_int64(st, 18, hi);
    catalog_bind_fixed(st, 19, currency, 3);
    sqlite3_bind_text(st, 20, p->n_images ? p->images[0] : NULL, -1,
                      SQLITE_STATIC);
    sqlite3_bind_int(st, 21, (int)p->n_variants);
}

static int catalog_put_variant(struct catalog *c, int64_t id, int pos,
                               const struct product_variant *v)
{
    sqlite3_stmt *st = catalog_stmt(c, CATALOG_SQL_VARIANT_INSERT);
    const struct product_size *z = &v->size;

    if (!st)
        return KERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, pos);
    sqlite3_bind_text(st, 3, v->source_id ? v->source_id : "", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(st, 4, v->sku, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, v->colour, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, v->size_label, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 7, z->lens_mm);
    sqlite3_bind_double(st, 8, z->bridge_mm);
    sqlite3_bind_double(st, 9, z->temple_mm);
    sqlite3_bind_double(st, 10, z->frame_width_mm);
    sqlite3_bind_double(st, 11, z->lens_height_mm);
    sqlite3_bind_int(st, 12, z->measured);
    sqlite3_bind_int(st, 13, z->title_lens_mm);
    catalog_bind_fixed(st, 14, z->fit, sizeof(z->fit));
    sqlite3_bind_text(st, 15, z->text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 16, v->price);
    catalog_bind_fixed(st, 17, v->currency, 3);
    sqlite3_bind_int(st, 18, v->orderable);
    sqlite3_bind_int(st, 19, v->online_qty);
    sqlite3_bind_int(st, 20, v->shelf_qty);
    sqlite3_bind_int(st, 21, v->lead_days);
    sqlite3_bind_text(st, 22, v->tryon_image, -1, SQLITE_STATIC);
    return catalog_done(c, st, "storing a variant");
}

static int catalog_put_children(struct catalog *c, int64_t id,
                                const struct product *p)
{
    sqlite3_stmt *st;
    int rc;

    for (size_t i = 0; i < p->n_variants; i++) {
        rc = catalog_put_variant(c, id, (int)i, &p->variants[i]);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < p->n_images; i++) {
        if (!p->images[i])
            continue;
        st = catalog_stmt(c, CATALOG_SQL_IMAGE_INSERT);
        if (!st)
            return KERR_DB;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, (int)i);
        sqlite3_bind_text(st, 3, p->images[i], -1, SQLITE_STATIC);
        rc = catalog_done(c, st, "storing an image");
        if (rc)
            return rc;
    }

    /* Hidden products are never searched: keep them out of the index. */
    if (p->category == PRODUCT_HIDDEN)
        return 0;
    st = catalog_stmt(c, CATALOG_SQL_FTS_INSERT);
    if (!st)
        return KERR_DB;
    sqlite3_bind_int64(st, 1, id);
    return catalog_done(c, st, "indexing a product for search");
}

static int catalog_run_id(struct catalog *c, enum catalog_sql sql,
                          int64_t id, const char *what)
{
    sqlite3_stmt *st = catalog_stmt(c, sql);

    if (!st)
        return KERR_DB;
    sqlite3_bind_int64(st, 1, id);
    return catalog_done(c, st, what);
}

/* Stored before, changed since (or retired): rewrite it in place. */
static int catalog_rewrite(struct catalog *c, const struct product *p,
                           uint64_t hash, int64_t id, int was_searchable)
{
    sqlite3_stmt *st;
    int rc = 0;

    /* The FTS row must go while the old text is still in products. */
    if (was_searchable)
        rc = catalog_run_id(c, CATALOG_SQL_FTS_DELETE, id,
                            "unindexing a product");
    if (!rc)
        rc = catalog_run_id(c, CATALOG_SQL_VARIANTS_DELETE, id,
                            "removing old variants");
    if (!rc)
        rc = catalog_run_id(c, CATALOG_SQL_IMAGES_DELETE, id,
                            "removing old images");
    if (rc)
        return rc;

    st = catalog_stmt(c, CATALOG_SQL_PRODUCT_UPDATE);
    if (!st)
        return KERR_DB;
    catalog_bind_product(st, p, hash, c->generation);
    rc = catalog_done(c, st, "updating a product");
    if (rc)
        return rc;
    return catalog_put_children(c, id, p);
}

static int catalog_insert(struct catalog *c, const struct product *p,
                          uint64_t hash)
{
    sqlite3_stmt *st = catalog_stmt(c, CATALOG_SQL_PRODUCT_INSERT);
    int rc;

    if (!st)
        return KERR_DB;
    catalog_bind_product(st, p, hash, c->generation);
    rc = catalog_done(c, st, "adding a product");
    if (rc)
        return rc;
    return catalog_put_children(c, sqlite3_last_insert_rowid(c->db), p);
}

/* What the database holds for one source_id. */
struct catalog_stored {
    int found;
    int64_t id;
    uint64_t hash;
    int retired;
    int64_t seen_gen;
    int category;
};

static int catalog_lookup(struct catalog *c, const char *source_id,
                          struct catalog_stored *s)
{
    sqlite3_stmt *st = catalog_stmt(c, CATALOG_SQL_FIND);
    int rc;

    memset(s, 0, sizeof(*s));
    if (!st)
        return KERR_DB;
    sqlite3_bind_text(st, 1, source_id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        s->found = 1;
        s->id = sqlite3_column_int64(st, 0);
        s->hash = (uint64_t)sqlite3_column_int64(st, 1);
        s->retired = sqlite3_column_int(st, 2);
        s->seen_gen = sqlite3_column_int64(st, 3);
        s->category = sqlite3_column_int(st, 4);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return catalog_db_error(c, "looking up a product");
    return 0;
}

int catalog_begin(struct catalog *c)
{
    char buf[32];
    int rc;

    if (c->readonly)
        return kerr_set(KERR_INVAL, "%s: catalog opened read-only",
                        c->path);
    if (c->in_tx)
        return kerr_set(KERR_INVAL, "%s: a catalog write is already open",
                        c->path);

    rc = catalog_exec(c, "BEGIN IMMEDIATE");
    if (rc)
        return rc;
    c->in_tx = 1;
    memset(&c->ws, 0, sizeof(c->ws));

    c->generation = 1;
    if (catalog_meta_get(c, "catalog.generation", buf, sizeof(buf)) == 0)
        c->generation = strtoll(buf, NULL, 10) + 1;
    return 0;
}

int catalog_put(struct catalog *c, const struct product *p)
{
    struct catalog_stored s;
    uint64_t hash;
    int rc;

    if (!c->in_tx)
        return kerr_set(KERR_INVAL, "%s: catalog_put outside a write",
                        c->path);
    if (!p->source_id || !p->source_id[0])
        return kerr_set(KERR_INVAL, "%s: product without a source id",
                        c->path);
    if (p->category < PRODUCT_OPTICAL || p->category > PRODUCT_HIDDEN)
        return kerr_set(KERR_INVAL, "%s: product %s: unknown category %d",
                        c->path, p->source_id, (int)p->category);

    rc = catalog_lookup(c, p->source_id, &s);
    if (rc)
        return rc;
    if (s.found && s.seen_gen == c->generation) {
        c->ws.duplicate++;
        return CATALOG_DUPLICATE;
    }
    c->ws.seen++;

    hash = catalog_hash_product(p);
    if (s.found && s.hash == hash && !s.retired) {
        sqlite3_stmt *st = catalog_stmt(c, CATALOG_SQL_SEEN);

        if (!st)
            return KERR_DB;
        c->ws.unchanged++;
        sqlite3_bind_int64(st, 1, s.id);
        sqlite3_bind_int64(st, 2, c->generation);
        return catalog_done(c, st, "marking a product seen");
    }
    if (!s.found) {
        c->ws.added++;
        return catalog_insert(c, p, hash);
    }
    c->ws.changed++;
    return catalog_rewrite(c, p, hash, s.id,
                           !s.retired && s.category != PRODUCT_HIDDEN);
}

/* Products not put in this generation left the shop. */
static int catalog_retire(struct catalog *c)
{
    sqlite3_stmt *st;
    int rc;

    st = catalog_stmt(c, CATALOG_SQL_RETIRE_FTS);
    if (!st)
        return KERR_DB;
    sqlite3_bind_int64(st, 1, c->generation);
    rc = catalog_done(c, st, "unindexing retired products");
    if (rc)
        return rc;

    st = catalog_stmt(c, CATALOG_SQL_RETIRE);
    if (!st)
        return KERR_DB;
    sqlite3_bind_int64(st, 1, c->generation);
    rc = catalog_done(c, st, "retiring products");
    if (!rc)
        c->ws.retired = sqlite3_changes(c->db);
    return rc;
}

static int catalog_finish(struct catalog *c)
{
    char buf[32];
    int rc;

    rc = catalog_retire(c);
    if (rc)
        return rc;

    snprintf(buf, sizeof(buf), "%lld", (long long)time(NULL));
    rc = catalog_meta_set(c, "sync.last_good", buf);
    if (rc)
        return rc;
    snprintf(buf, sizeof(buf), "%lld", (long long)c->generation);
    rc = catalog_meta_set(c, "catalog.generation", buf);
    if (rc)
        return rc;
    return catalog_exec(c, "COMMIT");
}

int catalog_commit(struct catalog *c, int min_products,
                   struct catalog_write_stats *stats)
{
    int rc;

    if (!c->in_tx)
        return kerr_set(KERR_INVAL, "%s: catalog_commit without a write",
                        c->path);
    if (stats)
        *stats = c->ws;
    if (c->ws.seen < min_products) {
        catalog_rollback(c);
        return kerr_set(KERR_REFUSED, "%s: only %d products received, at "
                        "least %d expected; the catalog was kept",
                        c->path, c->ws.seen, min_products);
    }

    rc = catalog_finish(c);
    if (rc) {
        catalog_rollback(c);
        return rc;
    }
    c->in_tx = 0;
    c->index_dirty = 1;
    if (stats)
        *stats = c->ws;
    log_info("catalog", "%d products: %d added, %d changed, %d unchanged, "
             "%d retired, %d duplicates", c->ws.seen, c->ws.added,
             c->ws.changed, c->ws.unchanged, c->ws.retired,
             c->ws.duplicate);
    return 0;
}

void catalog_rollback(struct catalog *c)
{
    if (!c || !c->in_tx)
        return;
    sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    c->in_tx = 0;
    c->index_dirty = 1;
}

static int catalog_stock_rows(struct catalog *c,
                              const struct catalog_stock *rows, size_t n)
{
    sqlite3_stmt *st;
    int rc;

    st = catalog_stmt(c, CATALOG_SQL_STOCK_CLEAR);
    if (!st)
        return KERR_DB;
    rc = catalog_done(c, st, "clearing the stock");
    if (rc)
        return rc;

    for (size_t i = 0; i < n; i++) {
        /* A row without a SKU cannot name a variant. */
        if (!rows[i].sku || !rows[i].sku[0])
            continue;
        st = catalog_stmt(c, CATALOG_SQL_STOCK_ADD);
        if (!st)
            return KERR_DB;
        sqlite3_bind_text(st, 1, rows[i].sku, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, rows[i].qty);
        rc = catalog_done(c, st, "storing stock");
        if (rc)
            return rc;
    }
    return 0;
}

int catalog_set_stock(struct catalog *c, const struct catalog_stock *rows,
                      size_t n)
{
    int own = !c->in_tx;
    int rc;

    if (c->readonly)
        return kerr_set(KERR_INVAL, "%s: catalog opened read-only",
                        c->path);
    if (own) {
        rc = catalog_exec(c, "BEGIN IMMEDIATE");
        if (rc)
            return rc;
    }

    rc = catalog_stock_rows(c, rows, n);
    if (own && !rc)
        rc = catalog_exec(c, "COMMIT");
    if (own && rc)
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    c->index_dirty = 1;
    return rc;
}
