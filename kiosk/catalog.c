/*
 * catalog.c: the connection, the schema and its migrations, the statement
 * cache, meta, stats and image lists. Writing is in catalog_write.c, the
 * in-memory index in catalog_index.c, searching in catalog_query.c.
 */
#include "catalog.h"

#include "catalog_impl.h"
#include "kerr.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * Schema migrations, applied in order in one transaction: migration i
 * takes the database from user_version i to i + 1. Adding version 2 is
 * appending one string.
 */
static const char *const catalog_migrations[] = {
    /* 1: the first catalog. */
    "CREATE TABLE products ("
    " id INTEGER PRIMARY KEY,"
    " source_id TEXT NOT NULL UNIQUE,"
    " handle TEXT, title TEXT, brand TEXT, model TEXT,"
    " category INTEGER NOT NULL,"
    " shape TEXT, material TEXT, rim TEXT, gender TEXT,"
    " colours TEXT, tags TEXT, description TEXT,"
    " created INTEGER NOT NULL DEFAULT 0,"
    " hash INTEGER NOT NULL,"
    " retired INTEGER NOT NULL DEFAULT 0,"
    " seen_gen INTEGER NOT NULL DEFAULT 0,"
    " price_min INTEGER NOT NULL DEFAULT -1,"
    " price_max INTEGER NOT NULL DEFAULT -1,"
    " currency TEXT, image TEXT,"
    " n_variants INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE variants ("
    " id INTEGER PRIMARY KEY,"
    " product_id INTEGER NOT NULL"
    "  REFERENCES products(id) ON DELETE CASCADE,"
    " pos INTEGER NOT NULL,"
    " source_id TEXT NOT NULL, sku TEXT, colour TEXT, size_label TEXT,"
    " lens_mm REAL, bridge_mm REAL, temple_mm REAL,"
    " frame_width_mm REAL, lens_height_mm REAL,"
    " measured INTEGER, title_lens_mm INTEGER, fit TEXT, size_text TEXT,"
    " price INTEGER, currency TEXT, orderable INTEGER,"
    " online_qty INTEGER, shelf_qty INTEGER, lead_days INTEGER,"
    " tryon_image TEXT);"
    "CREATE INDEX variants_product ON variants(product_id);"
    "CREATE INDEX variants_sku ON variants(sku);"
    "CREATE TABLE images ("
    " product_id INTEGER NOT NULL"
    "  REFERENCES products(id) ON DELETE CASCADE,"
    " pos INTEGER NOT NULL, url TEXT NOT NULL,"
    " PRIMARY KEY (product_id, pos)) WITHOUT ROWID;"
    "CREATE TABLE stock (sku TEXT PRIMARY KEY, qty INTEGER NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE VIRTUAL TABLE products_fts USING fts5("
    " brand, model, colours, shape, material, tags, title,"
    " content='products', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');",
};

#define CATALOG_SCHEMA_VERSION                                               \
    ((int)(sizeof(catalog_migrations) / sizeof(catalog_migrations[0])))

/* The full-text columns, in the order of products_fts. */
#define CATALOG_FTS_COLS "brand,model,colours,shape,material,tags,title"

static const char *const catalog_sql_text[CATALOG_SQL_COUNT] = {
    [CATALOG_SQL_META_GET] = "SELECT value FROM meta WHERE key = ?1",
    [CATALOG_SQL_META_SET] =
        "INSERT INTO meta(key, value) VALUES (?1, ?2)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [CATALOG_SQL_FIND] = "SELECT id, hash, retired, seen_gen, category"
                         " FROM products WHERE source_id = ?1",
    [CATALOG_SQL_PRODUCT_INSERT] =
        "INSERT INTO products(source_id, handle, title, brand, model,"
        " category, shape, material, rim, gender, colours, tags,"
        " description, created, hash, seen_gen, price_min, price_max,"
        " currency, image, n_variants, retired) VALUES (?1, ?2, ?3, ?4,"
        " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
        " ?18, ?19, ?20, ?21, 0)",
    [CATALOG_SQL_PRODUCT_UPDATE] =
        "UPDATE products SET handle = ?2, title = ?3, brand = ?4,"
        " model = ?5, category = ?6, shape = ?7, material = ?8, rim = ?9,"
        " gender = ?10, colours = ?11, tags = ?12, description = ?13,"
        " created = ?14, hash = ?15, seen_gen = ?16, price_min = ?17,"
        " price_max = ?18, currency = ?19, image = ?20, n_variants = ?21,"
        " retired = 0 WHERE source_id = ?1",
    [CATALOG_SQL_SEEN] = "UPDATE products SET seen_gen = ?2 WHERE id = ?1",
    [CATALOG_SQL_VARIANTS_DELETE] =
        "DELETE FROM variants WHERE product_id = ?1",
    [CATALOG_SQL_IMAGES_DELETE] = "DELETE FROM images WHERE product_id = ?1",
    [CATALOG_SQL_VARIANT_INSERT] =
        "INSERT INTO variants(product_id, pos, source_id, sku, colour,"
        " size_label, lens_mm, bridge_mm, temple_mm, frame_width_mm,"
        " lens_height_mm, measured, title_lens_mm, fit, size_text, price,"
        " currency, orderable, online_qty, shelf_qty, lead_days,"
        " tryon_image) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
        " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
    [CATALOG_SQL_IMAGE_INSERT] =
        "INSERT INTO images(product_id, pos, url) VALUES (?1, ?2, ?3)",
    [CATALOG_SQL_FTS_INSERT] =
        "INSERT INTO products_fts(rowid, " CATALOG_FTS_COLS ")"
        " SELECT id, " CATALOG_FTS_COLS " FROM products WHERE id = ?1",
    [CATALOG_SQL_FTS_DELETE] =
        "INSERT INTO products_fts(products_fts, rowid, " CATALOG_FTS_COLS
        ") SELECT 'delete', id, " CATALOG_FTS_COLS
        " FROM products WHERE id = ?1",
    [CATALOG_SQL_RETIRE_FTS] =
        "INSERT INTO products_fts(products_fts, rowid, " CATALOG_FTS_COLS
        ") SELECT 'delete', id, " CATALOG_FTS_COLS " FROM products"
        " WHERE retired = 0 AND category <> 3 AND seen_gen <> ?1",
    [CATALOG_SQL_RETIRE] = "UPDATE products SET retired = 1"
                           " WHERE retired = 0 AND seen_gen <> ?1",
    [CATALOG_SQL_STOCK_CLEAR] = "DELETE FROM stock",
    [CATALOG_SQL_STOCK_ADD] =
        "INSERT INTO stock(sku, qty) VALUES (?1, ?2)"
        " ON CONFLICT(sku) DO UPDATE SET qty = qty + excluded.qty",
    [CATALOG_SQL_DATA_VERSION] = "PRAGMA data_version",
    [CATALOG_SQL_INDEX_PRODUCTS] =
        "SELECT id, category, brand, model, shape, material, rim, gender,"
        " colours, price_min, price_max, created, n_variants FROM products"
        " WHERE retired = 0 AND category <> 3 ORDER BY id",
    [CATALOG_SQL_INDEX_VARIANTS] =
        "SELECT v.product_id, v.lens_mm, v.title_lens_mm, v.fit,"
        " v.orderable, v.lead_days,"
        " CASE WHEN s.qty IS NOT NULL THEN s.qty"
        " WHEN v.shelf_qty > 0 THEN v.shelf_qty ELSE 0 END"
        " FROM variants v LEFT JOIN stock s"
        " ON s.sku = v.sku AND v.sku <> ''",
    [CATALOG_SQL_FTS_MATCH] =
        "SELECT rowid FROM products_fts WHERE products_fts MATCH ?1",
    [CATALOG_SQL_FTS_RANK] =
        "SELECT rowid, bm25(products_fts, 10.0, 8.0, 2.0, 3.0, 2.0, 1.0,"
        " 1.0) FROM products_fts WHERE products_fts MATCH ?1",
    [CATALOG_SQL_PAGE_ROW] = "SELECT handle, brand, model, image, currency"
                             " FROM products WHERE id = ?1",
    [CATALOG_SQL_GET_PRODUCT] =
        "SELECT source_id, handle, title, brand, model, category, shape,"
        " material, rim, gender, colours, tags, description, created"
        " FROM products WHERE id = ?1 AND retired = 0",
    [CATALOG_SQL_GET_VARIANTS] =
        "SELECT v.source_id, v.sku, v.colour, v.size_label, v.lens_mm,"
        " v.bridge_mm, v.temple_mm, v.frame_width_mm, v.lens_height_mm,"
        " v.measured, v.title_lens_mm, v.fit, v.size_text, v.price,"
        " v.currency, v.orderable, v.online_qty,"
        " CASE WHEN s.qty IS NOT NULL THEN s.qty"
        " WHEN v.shelf_qty > 0 THEN v.shelf_qty ELSE 0 END,"
        " v.lead_days, v.tryon_image"
        " FROM variants v LEFT JOIN stock s ON s.sku = v.sku"
        " AND v.sku <> '' WHERE v.product_id = ?1 ORDER BY v.pos",
    [CATALOG_SQL_GET_IMAGES] =
        "SELECT url FROM images WHERE product_id = ?1 ORDER BY pos",
    [CATALOG_SQL_FIND_SKU] =
        "SELECT v.product_id FROM variants v JOIN products p"
        " ON p.id = v.product_id WHERE v.sku = ?1 AND p.retired = 0"
        " AND p.category <> 3 ORDER BY v.product_id, v.pos LIMIT 1",
    [CATALOG_SQL_STATS] =
        "SELECT coalesce(sum(retired = 0 AND category IN (0, 1)), 0),"
        " coalesce(sum(retired = 0 AND category = 2), 0),"
        " coalesce(sum(retired = 0 AND category = 3), 0),"
        " coalesce(sum(retired = 1), 0) FROM products",
    [CATALOG_SQL_STATS_VARIANTS] =
        "SELECT count(*) FROM variants v JOIN products p"
        " ON p.id = v.product_id WHERE p.retired = 0 AND p.category <> 3",
    [CATALOG_SQL_IMAGE_URLS] =
        "SELECT i.url FROM images i JOIN products p ON p.id = i.product_id"
        " WHERE p.retired = 0 AND p.category <> 3 AND i.url <> ''"
        " UNION SELECT v.tryon_image FROM variants v JOIN products p"
        " ON p.id = v.product_id WHERE p.retired = 0 AND p.category <> 3"
        " AND v.tryon_image <> ''",
};

int catalog_db_error(struct catalog *c, const char *what)
{
    return kerr_set(KERR_DB, "%s: %s: %s", c->path, what,
                    sqlite3_errmsg(c->db));
}

sqlite3_stmt *catalog_stmt(struct catalog *c, enum catalog_sql id)
{
    sqlite3_stmt *st = c->stmt[id];
    int rc;

    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
    }

    rc = sqlite3_prepare_v3(c->db, catalog_sql_text[id], -1,
                            SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        catalog_db_error(c, "preparing a statement");
        return NULL;
    }
    c->stmt[id] = st;
    return st;
}

int catalog_exec(struct catalog *c, const char *sql)
{
    if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return catalog_db_error(c, sql);
    return 0;
}

static int catalog_user_version(struct catalog *c, int *version)
{
    sqlite3_stmt *st = NULL;
    int rc;

    rc = sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return kerr_set(KERR_DB, "%s: not a usable catalog database: %s",
                        c->path, sqlite3_errmsg(c->db));
    }
    *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return 0;
}

/* Apply every migration past the stored version, all or none. */
static int catalog_migrate(struct catalog *c)
{
    char sql[64];
    int version, rc;

    rc = catalog_exec(c, "BEGIN IMMEDIATE");
    if (rc)
        return rc;

    /* Read inside the transaction: another process may have migrated. */
    rc = catalog_user_version(c, &version);
    if (rc)
        goto out;
    if (version > CATALOG_SCHEMA_VERSION) {
        rc = kerr_set(KERR_DB, "%s: catalog schema version %d is newer "
                      "than this program knows (%d)", c->path, version,
                      CATALOG_SCHEMA_VERSION);
        goto out;
    }

    for (int v = version; v < CATALOG_SCHEMA_VERSION; v++) {
        rc = catalog_exec(c, catalog_migrations[v]);
        if (rc)
            goto out;
        log_info("catalog", "%s: schema migrated to version %d", c->path,
                 v + 1);
    }
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
             CATALOG_SCHEMA_VERSION);
    rc = catalog_exec(c, sql);
    if (!rc)
        rc = catalog_exec(c, "COMMIT");

out:
    if (rc)
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* A reader never migrates: the schema must already be the known one. */
static int catalog_check_version(struct catalog *c)
{
    int version, rc;

    rc = catalog_user_version(c, &version);
    if (rc)
        return rc;
    if (version > CATALOG_SCHEMA_VERSION)
        return kerr_set(KERR_DB, "%s: catalog schema version %d is newer "
                        "than this program knows (%d)", c->path, version,
                        CATALOG_SCHEMA_VERSION);
    if (version < CATALOG_SCHEMA_VERSION)
        return kerr_set(KERR_DB, "%s: catalog schema version %d, %d needed"
                        " (open it for writing once to create or migrate"
                        " it)", c->path, version, CATALOG_SCHEMA_VERSION);
    return 0;
}

static int catalog_configure(struct catalog *c)
{
    int rc;

    sqlite3_busy_timeout(c->db, 5000);

    /* The first read tells a database from any other file. */
    rc = catalog_user_version(c, &(int){0});
    if (rc)
        return rc;

    if (!c->readonly) {
        rc = catalog_exec(c, "PRAGMA journal_mode = WAL");
        if (!rc)
            rc = catalog_exec(c, "PRAGMA synchronous = NORMAL");
        if (rc)
            return rc;
    }
    rc = catalog_exec(c, "PRAGMA foreign_keys = ON");
    if (!rc)
        rc = catalog_exec(c, "PRAGMA cache_size = -16384");
    if (!rc)
        rc = catalog_exec(c, "PRAGMA temp_store = MEMORY");
    if (rc)
        return rc;

    return c->readonly ? catalog_check_version(c) : catalog_migrate(c);
}

struct catalog *catalog_open(const char *path, int flags)
{
    struct catalog *c;
    int oflags, rc;

    c = calloc(1, sizeof(*c));
    if (c)
        c->path = strdup(path);
    if (!c || !c->path) {
        free(c);
        kerr_set(KERR_NOMEM, "%s: out of memory opening the catalog", path);
        return NULL;
    }
    c->readonly = (flags & CATALOG_READONLY) != 0;
    c->default_lead = CATALOG_DEFAULT_LEAD;
    c->index_dirty = 1;

    oflags = c->readonly ? SQLITE_OPEN_READONLY
                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    rc = sqlite3_open_v2(path, &c->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        kerr_set(KERR_DB, "%s: cannot open the catalog: %s", path,
                 c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
        goto fail;
    }
    if (catalog_configure(c))
        goto fail;
    return c;

fail:
    catalog_close(c);
    return NULL;
}

void catalog_close(struct catalog *c)
{
    if (!c)
        return;

    if (c->in_tx)
        catalog_rollback(c);
    for (int i = 0; i < CATALOG_SQL_COUNT; i++)
        sqlite3_finalize(c->stmt[i]);
    sqlite3_close(c->db);

    catalog_index_free(c->index);
    catalog_fts_forget(c);
    free(c->path);
    free(c);
}

void catalog_set_default_lead(struct catalog *c, int days)
{
    c->default_lead = days < 0 ? 0 : days;
}

int catalog_meta_set(struct catalog *c, const char *key, const char *value)
{
    sqlite3_stmt *st;

    if (c->readonly)
        return kerr_set(KERR_INVAL, "%s: catalog opened read-only",
                        c->path);
    st = catalog_stmt(c, CATALOG_SQL_META_SET);
    if (!st)
        return KERR_DB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        return catalog_db_error(c, "storing meta");
    sqlite3_reset(st);
    return 0;
}

int catalog_meta_get(struct catalog *c, const char *key, char *buf,
                     size_t len)
{
    sqlite3_stmt *st;
    const char *value;
    int rc;

    st = catalog_stmt(c, CATALOG_SQL_META_GET);
    if (!st)
        return KERR_DB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);

    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return kerr_set(KERR_NOTFOUND, "%s: no meta '%s'", c->path, key);
    }
    if (rc != SQLITE_ROW)
        return catalog_db_error(c, "reading meta");

    value = (const char *)sqlite3_column_text(st, 0);
    if (len > 0)
        snprintf(buf, len, "%s", value ? value : "");
    sqlite3_reset(st);
    return 0;
}

static int64_t catalog_file_size(const char *path, const char *suffix)
{
    char name[4096];
    struct stat sb;

    snprintf(name, sizeof(name), "%s%s", path, suffix);
    if (stat(name, &sb) != 0)
        return 0;
    return (int64_t)sb.st_size;
}

static int catalog_stats_counts(struct catalog *c, struct catalog_stats *out)
{
    sqlite3_stmt *st;

    st = catalog_stmt(c, CATALOG_SQL_STATS);
    if (!st)
        return KERR_DB;
    if (sqlite3_step(st) != SQLITE_ROW)
        return catalog_db_error(c, "counting products");
    out->products = sqlite3_column_int(st, 0);
    out->accessories = sqlite3_column_int(st, 1);
    out->hidden = sqlite3_column_int(st, 2);
    out->retired = sqlite3_column_int(st, 3);
    sqlite3_reset(st);

    st = catalog_stmt(c, CATALOG_SQL_STATS_VARIANTS);
    if (!st)
        return KERR_DB;
    if (sqlite3_step(st) != SQLITE_ROW)
        return catalog_db_error(c, "counting variants");
    out->variants = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return 0;
}

int catalog_stats(struct catalog *c, struct catalog_stats *out)
{
    char buf[32];
    int rc;

    memset(out, 0, sizeof(*out));
    rc = catalog_stats_counts(c, out);
    if (rc)
        return rc;

    rc = catalog_index_fresh(c);
    if (rc)
        return rc;
    for (int i = 0; i < c->index->n; i++) {
        const struct catalog_entry *e = &c->index->e[i];

        if (e->on_shelf && e->code[CATALOG_CATEGORY] <= PRODUCT_SUN + 1)
            out->on_shelf++;
    }

    if (catalog_meta_get(c, "sync.last_good", buf, sizeof(buf)) == 0)
        out->last_sync = strtoll(buf, NULL, 10);
    out->db_bytes = catalog_file_size(c->path, "") +
                    catalog_file_size(c->path, "-wal");
    return 0;
}

static int catalog_urls_push(char ***urls, size_t *n, size_t *cap,
                             const char *url)
{
    char *copy;

    if (*n == *cap) {
        size_t grown = *cap ? *cap * 2 : 64;
        char **more = realloc(*urls, grown * sizeof(*more));

        if (!more)
            return KERR_NOMEM;
        *urls = more;
        *cap = grown;
    }
    copy = strdup(url);
    if (!copy)
        return KERR_NOMEM;
    (*urls)[(*n)++] = copy;
    return 0;
}

int catalog_image_urls(struct catalog *c, char ***urls, size_t *n)
{
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc = 0, step;

    *urls = NULL;
    *n = 0;
    st = catalog_stmt(c, CATALOG_SQL_IMAGE_URLS);
    if (!st)
        return KERR_DB;

    for (;;) {
        const char *url;

        step = sqlite3_step(st);
        if (step != SQLITE_ROW)
            break;
        url = (const char *)sqlite3_column_text(st, 0);

        if (url && catalog_urls_push(urls, n, &cap, url)) {
            rc = kerr_set(KERR_NOMEM, "%s: out of memory listing images",
                          c->path);
            goto out;
        }
    }
    if (step != SQLITE_DONE)
        rc = catalog_db_error(c, "listing images");

out:
    sqlite3_reset(st);
    if (rc) {
        for (size_t i = 0; i < *n; i++)
            free((*urls)[i]);
        free(*urls);
        *urls = NULL;
        *n = 0;
    }
    return rc;
}

const char *catalog_dim_name(enum catalog_dim d)
{
    switch (d) {
    case CATALOG_BRAND: return "brand";
    case CATALOG_SHAPE: return "shape";
    case CATALOG_MATERIAL: return "material";
    case CATALOG_RIM: return "rim";
    case CATALOG_COLOUR: return "colour";
    case CATALOG_CATEGORY: return "category";
    case CATALOG_GENDER: return "gender";
    case CATALOG_PRICE: return "price";
    case CATALOG_SIZE: return "size";
    case CATALOG_SHELF: return "shelf";
    case CATALOG_NDIMS: break;
    }
    return "unknown";
}
