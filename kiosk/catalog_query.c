/*
 * catalog_query.c: search as you type.
 *
 * The typed text goes to FTS5 as safe prefix phrases ("tok"* AND ...),
 * which folds case and accents; the matching product ids become a flag
 * per index entry. Filters, drill-sideways facet counts and the page are
 * then computed in C in one pass over the in-memory index.
 *
 * Relevance: when the text matches at most 2,000 products (the limit is
 * CATALOG_RANK_MAX in catalog_text.c) they
 * are ordered by FTS5's bm25 (brand weighs most, then model, shape,
 * colours and material, then tags and title); above that, bm25 over
 * thousands of rows costs too much while typing, so products whose brand
 * (or "brand model") starts with the typed text come first, then those
 * whose model does, then the rest, each group in brand/model order.
 * Without text, relevance is brand/model order. Ties go by id, so pages
 * are stable.
 */
#include "catalog.h"

#include "catalog_impl.h"
#include "kerr.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CATALOG_TYPED_MAX 256
#define CATALOG_LIMIT_MAX 500

/* The state of one query run. */
struct catalog_run {
    const struct catalog_index *ix;
    const struct catalog_query *q;
    uint8_t *want[CATALOG_NDIMS]; /* per code: chosen */
    int active[CATALOG_NDIMS];    /* the dimension filters */
    int *count[CATALOG_NDIMS];    /* per code, when facets are wanted */
    uint8_t *sel;                 /* per entry: 0 out, else 1 + tier */
    const uint8_t *match;         /* per entry text match; NULL all */
    int total;
    int tiers;   /* 1: relevance by the cheap in-memory tiers */
    int tier_n[3];
    int dims[CATALOG_NDIMS]; /* the active dimensions... */
    int n_dims;              /* ...and how many */
    char typed[CATALOG_TYPED_MAX]; /* the text folded, for tiers */
    size_t typed_len;
};

/* ---- Text -------------------------------------------------------------- */

/* Find what the text matches, reusing the last answer when it can. */
static int catalog_text(struct catalog *c, struct catalog_run *r)
{
    int rc;

    rc = catalog_fts_search(c, r->q->text,
                            r->q->sort == CATALOG_SORT_RELEVANCE);
    if (rc || !c->fts)
        return rc;
    r->match = c->fts->match;
    catalog_fold(r->q->text, r->typed, sizeof(r->typed));
    r->typed_len = strlen(r->typed);
    return 0;
}

/* ---- Filters and facets ------------------------------------------------ */

static int catalog_want(struct catalog_run *r, int d)
{
    const struct catalog_dict *dict = &r->ix->dict[d];

    r->want[d] = calloc((size_t)dict->n + 1, 1);
    if (!r->want[d])
        return KERR_NOMEM;
    for (int i = 0; i < CATALOG_MAX_CHOSEN; i++) {
        const char *v = r->q->chosen[d][i];

        if (v) {
            r->want[d][catalog_dict_find(dict, v)] = 1;
            r->active[d] = 1;
        }
    }
    r->want[d][0] = 0; /* an unknown choice matches nothing */
    return 0;
}

static int catalog_filters(struct catalog_run *r)
{
    const struct catalog_query *q = r->q;

    for (int d = 0; d < CATALOG_NDIMS; d++) {
        if (catalog_want(r, d))
            return KERR_NOMEM;
    }

    /* No category chosen: frames only; accessories when asked for. */
    if (!r->active[CATALOG_CATEGORY]) {
        r->active[CATALOG_CATEGORY] = 1;
        r->want[CATALOG_CATEGORY][PRODUCT_OPTICAL + 1] = 1;
        r->want[CATALOG_CATEGORY][PRODUCT_SUN + 1] = 1;
    }
    if (q->on_shelf) {
        r->active[CATALOG_SHELF] = 1;
        r->want[CATALOG_SHELF][1] = 1;
    }
    if (q->price_min > 0 || q->price_max > 0)
        r->active[CATALOG_PRICE] |= 2;
    if (q->lens_min > 0 || q->lens_max > 0)
        r->active[CATALOG_SIZE] |= 2;
    return 0;
}

static int catalog_price_ok(const struct catalog_run *r,
                            const struct catalog_entry *e)
{
    const struct catalog_query *q = r->q;

    if ((r->active[CATALOG_PRICE] & 1) && !r->want[CATALOG_PRICE][
            e->code[CATALOG_PRICE]])
        return 0;
    if (!(r->active[CATALOG_PRICE] & 2))
        return 1;
    if (e->price_min < 0)
        return 0;
    return (q->price_max <= 0 || e->price_min <= q->price_max) &&
           (q->price_min <= 0 || e->price_max >= q->price_min);
}

static int catalog_size_ok(const struct catalog_run *r,
                           const struct catalog_entry *e)
{
    const struct catalog_query *q = r->q;
    int any = 0;

    if (r->active[CATALOG_SIZE] & 1) {
        for (int b = 0; b < 16 && !any; b++)
            any = ((e->size_mask >> b) & 1) && r->want[CATALOG_SIZE][b + 1];
        if (!any)
            return 0;
    }
    if (!(r->active[CATALOG_SIZE] & 2))
        return 1;
    if (e->lens_max <= 0)
        return 0;
    return (q->lens_max <= 0 || e->lens_min <= q->lens_max) &&
           (q->lens_min <= 0 || e->lens_max >= q->lens_min);
}

static int catalog_colour_ok(const struct catalog_run *r,
                             const struct catalog_entry *e)
{
    const uint16_t *col = r->ix->colours + e->colour_off;

    for (int i = 0; i < e->n_colours; i++) {
        if (r->want[CATALOG_COLOUR][col[i]])
            return 1;
    }
    return 0;
}

/* One bit per dimension whose filter this entry fails. */
static unsigned catalog_fails(const struct catalog_run *r,
                              const struct catalog_entry *e)
{
    unsigned fail = 0;

    for (int k = 0; k < r->n_dims; k++) {
        int d = r->dims[k], ok;

        if (d == CATALOG_COLOUR)
            ok = catalog_colour_ok(r, e);
        else if (d == CATALOG_PRICE)
            ok = catalog_price_ok(r, e);
        else if (d == CATALOG_SIZE)
            ok = catalog_size_ok(r, e);
        else
            ok = r->want[d][e->code[d]];
        if (!ok)
            fail |= 1u << d;
    }
    return fail;
}

static void catalog_count(struct catalog_run *r, const struct catalog_entry *e,
                          unsigned dims)
{
    for (int d = 0; d < CATALOG_NDIMS; d++) {
        if (!((dims >> d) & 1))
            continue;
        if (d == CATALOG_COLOUR) {
            const uint16_t *col = r->ix->colours + e->colour_off;

            for (int i = 0; i < e->n_colours; i++)
                r->count[d][col[i]]++;
        } else if (d == CATALOG_SIZE) {
            for (int b = 0; b < CATALOG_SIZE_BANDS + CATALOG_SIZE_FITS; b++)
                r->count[d][b + 1] += (e->size_mask >> b) & 1;
        } else {
            r->count[d][e->code[d]]++;
        }
    }
}

static int catalog_tier(const struct catalog_run *r,
                        const struct catalog_entry *e)
{
    const char *t = r->typed;
    size_t n = r->typed_len, b;

    if (!r->tiers || n == 0 || strncmp(e->brand_key, t, n) == 0)
        return 0;
    b = strlen(e->brand_key);
    if (b > 0 && n > b + 1 && t[b] == ' ' &&
        memcmp(e->brand_key, t, b) == 0 &&
        strncmp(e->model_key, t + b + 1, n - b - 1) == 0)
        return 0;
    return strncmp(e->model_key, t, n) == 0 ? 1 : 2;
}

/* The one pass: membership, tiers and drill-sideways counts. */
static void catalog_pass(struct catalog_run *r)
{
    const struct catalog_index *ix = r->ix;
    unsigned all = (1u << CATALOG_NDIMS) - 1;

    for (int i = 0; i < ix->n; i++) {
        const struct catalog_entry *e = &ix->e[i];
        unsigned fail;

        if (r->match && !r->match[i])
            continue;
        fail = catalog_fails(r, e);
        if (fail == 0) {
            int tier = catalog_tier(r, e);

            r->sel[i] = (uint8_t)(1 + tier);
            r->tier_n[tier]++;
            r->total++;
        }
        if (r->q->facets && (fail & (fail - 1)) == 0)
            catalog_count(r, e, fail ? fail : all);
    }
}

/* ---- Output ------------------------------------------------------------ */

struct catalog_value_order {
    const struct catalog_dict *dict;
    const int *count;
};

static int catalog_cmp_value(const void *pa, const void *pb, void *ctx)
{
    const struct catalog_value_order *o = ctx;
    int a = *(const int *)pa, b = *(const int *)pb;

    if (o->count[a] != o->count[b])
        return o->count[a] > o->count[b] ? -1 : 1;
    return strcmp(o->dict->names[a - 1], o->dict->names[b - 1]);
}

static int catalog_facet(struct catalog_run *r, int d,
                         struct catalog_facet *f)
{
    const struct catalog_dict *dict = &r->ix->dict[d];
    int *codes = malloc(((size_t)dict->n + 1) * sizeof(*codes));
    int n = 0;

    if (!codes)
        return KERR_NOMEM;
    for (int code = 1; code <= dict->n; code++) {
        if (r->count[d][code] > 0 || r->want[d][code])
            codes[n++] = code;
    }
    qsort_r(codes, (size_t)n, sizeof(*codes), catalog_cmp_value,
            &(struct catalog_value_order){dict, r->count[d]});

    f->values = calloc((size_t)n + 1, sizeof(*f->values));
    if (!f->values) {
        free(codes);
        return KERR_NOMEM;
    }
    for (int i = 0; i < n; i++) {
        f->values[i].value = strdup(dict->names[codes[i] - 1]);
        f->values[i].count = r->count[d][codes[i]];
        if (!f->values[i].value) {
            free(codes);
            return KERR_NOMEM;
        }
        f->n++;
    }
    free(codes);
    return 0;
}

struct catalog_ranked {
    double score;
    int64_t id;
    int32_t pos;
};

static int catalog_cmp_ranked(const void *pa, const void *pb)
{
    const struct catalog_ranked *a = pa, *b = pb;

    if (a->score != b->score)
        return a->score < b->score ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* The page by bm25: only small match sets get here. */
static int catalog_page_bm25(struct catalog *c, struct catalog_run *r,
                             int32_t *page, int want)
{
    const struct catalog_fts_answer *a = c->fts;
    struct catalog_ranked *v;
    int n = 0, got = 0;

    v = malloc(((size_t)a->count + 1) * sizeof(*v));
    if (!v)
        return KERR_NOMEM;
    for (int i = 0; i < a->count; i++) {
        int pos = a->pos[i];

        if (!r->sel[pos])
            continue;
        v[n].score = a->score[i];
        v[n].id = r->ix->e[pos].id;
        v[n++].pos = pos;
    }
    qsort(v, (size_t)n, sizeof(*v), catalog_cmp_ranked);
    for (int i = r->q->offset; i < n && got < want; i++)
        page[got++] = v[i].pos;
    free(v);
    return got;
}

/* Walk a precomputed order, keeping members of `tier` (0 for any). */
static int catalog_page_walk(struct catalog_run *r, const int32_t *perm,
                             int tier, int skip, int32_t *page, int want)
{
    int got = 0;

    for (int i = 0; i < r->ix->n && got < want; i++) {
        int s = r->sel[perm[i]];

        if (!s || (tier && s != tier))
            continue;
        if (skip > 0)
            skip--;
        else
            page[got++] = perm[i];
    }
    return got;
}

static int catalog_page(struct catalog *c, struct catalog_run *r,
                        int32_t *page, int want)
{
    static const enum catalog_perm perms[] = {
        [CATALOG_SORT_PRICE_UP] = CATALOG_PERM_PRICE_UP,
        [CATALOG_SORT_PRICE_DOWN] = CATALOG_PERM_PRICE_DOWN,
        [CATALOG_SORT_NEWEST] = CATALOG_PERM_NEWEST,
        [CATALOG_SORT_BRAND] = CATALOG_PERM_NAME,
    };
    const int32_t *name = r->ix->perm[CATALOG_PERM_NAME];
    int skip = r->q->offset, got = 0;

    if (r->q->sort > CATALOG_SORT_RELEVANCE &&
        r->q->sort <= CATALOG_SORT_BRAND)
        return catalog_page_walk(r, r->ix->perm[perms[r->q->sort]], 0,
                                 skip, page, want);
    if (r->match && c->fts->ranked == 1)
        return catalog_page_bm25(c, r, page, want);

    for (int t = 0; t < 3 && got < want; t++) {
        if (skip >= r->tier_n[t]) {
            skip -= r->tier_n[t];
            continue;
        }
        got += catalog_page_walk(r, name, t + 1, skip, page + got,
                                 want - got);
        skip = 0;
    }
    return got;
}

static char *catalog_dup_col(sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);

    return s ? strdup(s) : NULL;
}

static int catalog_item(struct catalog *c, const struct catalog_entry *e,
                        struct catalog_item *it)
{
    sqlite3_stmt *st = catalog_stmt(c, CATALOG_SQL_PAGE_ROW);
    const char *cur;

    it->id = e->id;
    it->category = (enum product_category)(e->code[CATALOG_CATEGORY] - 1);
    it->price_min = e->price_min;
    it->price_max = e->price_max;
    it->on_shelf = e->on_shelf;
    it->lead_days = catalog_lead_days(c, e);
    it->n_variants = e->n_variants;
    if (!st)
        return KERR_DB;

    sqlite3_bind_int64(st, 1, e->id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        it->handle = catalog_dup_col(st, 0);
        it->brand = catalog_dup_col(st, 1);
        it->model = catalog_dup_col(st, 2);
        it->image = catalog_dup_col(st, 3);
        cur = (const char *)sqlite3_column_text(st, 4);
        snprintf(it->currency, sizeof(it->currency), "%s", cur ? cur : "");
    }
    sqlite3_reset(st);
    return 0;
}

static int catalog_items(struct catalog *c, struct catalog_run *r,
                         struct catalog_result *out)
{
    int want = r->q->limit, got, rc = 0;
    int32_t *page;

    if (want > CATALOG_LIMIT_MAX)
        want = CATALOG_LIMIT_MAX;
    if (want <= 0 || r->q->offset < 0 || r->q->offset >= r->total)
        return 0;

    page = malloc((size_t)want * sizeof(*page));
    out->items = calloc((size_t)want, sizeof(*out->items));
    if (!page || !out->items) {
        free(page);
        return KERR_NOMEM;
    }
    got = catalog_page(c, r, page, want);
    if (got < 0)
        rc = got;
    for (int i = 0; i < got && !rc; i++) {
        rc = catalog_item(c, &r->ix->e[page[i]], &out->items[i]);
        out->n_items = i + 1;
    }
    free(page);
    return rc;
}

/* ---- The query --------------------------------------------------------- */

static int catalog_run_alloc(struct catalog_run *r)
{
    r->sel = calloc((size_t)r->ix->n + 1, 1);
    if (!r->sel)
        return KERR_NOMEM;
    if (!r->q->facets)
        return 0;
    for (int d = 0; d < CATALOG_NDIMS; d++) {
        r->count[d] = calloc((size_t)r->ix->dict[d].n + 1, sizeof(int));
        if (!r->count[d])
            return KERR_NOMEM;
    }
    return 0;
}

static void catalog_run_free(struct catalog_run *r)
{
    for (int d = 0; d < CATALOG_NDIMS; d++) {
        free(r->want[d]);
        free(r->count[d]);
    }
    free(r->sel);
}

static int catalog_query_run(struct catalog *c, struct catalog_run *r,
                             struct catalog_result *out)
{
    int rc;

    rc = catalog_text(c, r);
    if (rc)
        return rc;
    if (catalog_filters(r) || catalog_run_alloc(r))
        return KERR_NOMEM;

    for (int d = 0; d < CATALOG_NDIMS; d++) {
        if (r->active[d])
            r->dims[r->n_dims++] = d;
    }
    r->tiers = r->q->sort == CATALOG_SORT_RELEVANCE && r->match &&
               c->fts->ranked != 1;
    catalog_pass(r);
    out->total = r->total;
    rc = catalog_items(c, r, out);
    if (rc)
        return rc;

    for (int d = 0; d < CATALOG_NDIMS && r->q->facets; d++) {
        rc = catalog_facet(r, d, &out->facets[d]);
        if (rc)
            return rc;
    }
    return 0;
}

int catalog_query(struct catalog *c, const struct catalog_query *q,
                  struct catalog_result *out)
{
    struct catalog_run r;
    int rc;

    memset(out, 0, sizeof(*out));
    memset(&r, 0, sizeof(r));
    rc = catalog_index_fresh(c);
    if (rc)
        return rc;

    r.ix = c->index;
    r.q = q;
    rc = catalog_query_run(c, &r, out);
    catalog_run_free(&r);
    if (rc == KERR_NOMEM)
        kerr_set(rc, "%s: out of memory running a query", c->path);
    if (rc)
        catalog_result_free(out);
    return rc;
}

void catalog_result_free(struct catalog_result *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->n_items; i++) {
        free((char *)r->items[i].handle);
        free((char *)r->items[i].brand);
        free((char *)r->items[i].model);
        free((char *)r->items[i].image);
    }
    free(r->items);
    for (int d = 0; d < CATALOG_NDIMS; d++) {
        for (int i = 0; i < r->facets[d].n; i++)
            free((char *)r->facets[d].values[i].value);
        free(r->facets[d].values);
    }
    memset(r, 0, sizeof(*r));
}
