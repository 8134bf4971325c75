/*
 * catalog_get.c: one whole product back out of the database, and the
 * product of a SKU.
 */
#include "catalog.h"

#include "catalog_impl.h"
#include "kerr.h"

#include <stdio.h>
#include <string.h>

static int catalog_set_col(char **field, sqlite3_stmt *st, int col)
{
    return product_set(field, (const char *)sqlite3_column_text(st, col));
}

static void catalog_copy_fixed(char *dst, size_t cap, sqlite3_stmt *st,
                               int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);

    snprintf(dst, cap, "%s", s ? s : "");
}

static int catalog_get_fields(sqlite3_stmt *st, struct product *p)
{
    char **text[] = {
        &p->source_id, &p->handle, &p->title, &p->brand, &p->model,
    };
    char **more[] = {
        &p->shape, &p->material, &p->rim, &p->gender, &p->colours,
        &p->tags, &p->description,
    };

    for (int i = 0; i < 5; i++) {
        if (catalog_set_col(text[i], st, i))
            return KERR_NOMEM;
    }
    p->category = (enum product_category)sqlite3_column_int(st, 5);
    for (int i = 0; i < 7; i++) {
        if (catalog_set_col(more[i], st, 6 + i))
            return KERR_NOMEM;
    }
    p->created = sqlite3_column_int64(st, 13);
    return 0;
}

static int catalog_get_variant(sqlite3_stmt *st, struct product *p)
{
    struct product_variant *v = product_add_variant(p);
    struct product_size *z;

    if (!v)
        return KERR_NOMEM;
    z = &v->size;
    if (catalog_set_col(&v->source_id, st, 0) ||
        catalog_set_col(&v->sku, st, 1) ||
        catalog_set_col(&v->colour, st, 2) ||
        catalog_set_col(&v->size_label, st, 3) ||
        catalog_set_col(&z->text, st, 12) ||
        catalog_set_col(&v->tryon_image, st, 19))
        return KERR_NOMEM;

    z->lens_mm = sqlite3_column_double(st, 4);
    z->bridge_mm = sqlite3_column_double(st, 5);
    z->temple_mm = sqlite3_column_double(st, 6);
    z->frame_width_mm = sqlite3_column_double(st, 7);
    z->lens_height_mm = sqlite3_column_double(st, 8);
    z->measured = sqlite3_column_int(st, 9);
    z->title_lens_mm = sqlite3_column_int(st, 10);
    catalog_copy_fixed(z->fit, sizeof(z->fit), st, 11);
    v->price = sqlite3_column_int64(st, 13);
    catalog_copy_fixed(v->currency, sizeof(v->currency), st, 14);
    v->orderable = sqlite3_column_int(st, 15);
    v->online_qty = sqlite3_column_int(st, 16);
    v->shelf_qty = sqlite3_column_int(st, 17);
    v->lead_days = sqlite3_column_int(st, 18);
    return 0;
}

/* Run `sql` for product `id`, handing each row to `row`. */
static int catalog_get_rows(struct catalog *c, enum catalog_sql sql,
                            int64_t id, struct product *p,
                            int (*row)(sqlite3_stmt *, struct product *))
{
    sqlite3_stmt *st = catalog_stmt(c, sql);
    int rc = 0, step;

    if (!st)
        return KERR_DB;
    sqlite3_bind_int64(st, 1, id);
    for (;;) {
        step = sqlite3_step(st);
        if (step != SQLITE_ROW)
            break;
        rc = row(st, p);
        if (rc)
            break;
    }
    sqlite3_reset(st);
    if (rc)
        return kerr_set(rc, "%s: out of memory loading product %lld",
                        c->path, (long long)id);
    if (step != SQLITE_DONE)
        return catalog_db_error(c, "loading a product");
    return 0;
}

static int catalog_get_image(sqlite3_stmt *st, struct product *p)
{
    const char *url = (const char *)sqlite3_column_text(st, 0);

    return url ? product_add_image(p, url) : 0;
}

int catalog_get(struct catalog *c, int64_t id, struct product *out)
{
    sqlite3_stmt *st;
    int rc, step;

    memset(out, 0, sizeof(*out));
    st = catalog_stmt(c, CATALOG_SQL_GET_PRODUCT);
    if (!st)
        return KERR_DB;
    sqlite3_bind_int64(st, 1, id);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = catalog_get_fields(st, out);
    else if (step == SQLITE_DONE)
        rc = kerr_set(KERR_NOTFOUND, "%s: no product %lld", c->path,
                      (long long)id);
    else
        rc = catalog_db_error(c, "loading a product");
    sqlite3_reset(st);
    if (rc == KERR_NOMEM)
        kerr_set(rc, "%s: out of memory loading a product", c->path);

    if (!rc)
        rc = catalog_get_rows(c, CATALOG_SQL_GET_VARIANTS, id, out,
                              catalog_get_variant);
    if (!rc)
        rc = catalog_get_rows(c, CATALOG_SQL_GET_IMAGES, id, out,
                              catalog_get_image);
    if (rc)
        product_clear(out);
    return rc;
}

int catalog_find_sku(struct catalog *c, const char *sku, int64_t *id)
{
    sqlite3_stmt *st;
    int step;

    if (!sku || !sku[0])
        return kerr_set(KERR_NOTFOUND, "%s: empty SKU", c->path);
    st = catalog_stmt(c, CATALOG_SQL_FIND_SKU);
    if (!st)
        return KERR_DB;
    sqlite3_bind_text(st, 1, sku, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);

    if (step == SQLITE_DONE)
        return kerr_set(KERR_NOTFOUND, "%s: no product with SKU '%s'",
                        c->path, sku);
    if (step != SQLITE_ROW)
        return catalog_db_error(c, "finding a SKU");
    return 0;
}
