/*
 * catalog_index.c: the compact in-memory picture of every visible product
 * that filters, facets and sorts run over.
 *
 * Built on the first query and rebuilt whenever the database changed
 * (PRAGMA data_version moves when another connection commits; this
 * connection's own writes mark it dirty). Facet values become small
 * integer codes, and each sort order except relevance is precomputed, so
 * a query is a few linear passes over a flat array.
 */
#include "catalog.h"

#include "catalog_impl.h"
#include "kerr.h"
#include "log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CATALOG_ARENA_BLOCK 65536
#define CATALOG_KEY_MAX 256
#define CATALOG_COLOURS_MAX 32

struct catalog_arena_block {
    struct catalog_arena_block *next;
    size_t used, cap;
    char data[];
};

/* Keys of the dimensions whose values are fixed. */
static const char *const catalog_category_keys[] = {
    "optical", "sun", "accessory", NULL,
};
static const char *const catalog_price_keys[] = {
    "0-100", "100-200", "200-300", "300-500", "500+", NULL,
};
/* Lens-width bands in whole mm, then fit classes for unmeasured sizes. */
static const char *const catalog_size_keys[] = {
    "-47", "48-50", "51-53", "54-56", "57+",
    "petite", "small", "medium", "wide", "large", NULL,
};
static const char *const catalog_shelf_keys[] = {"yes", NULL};

/* ---- Arena and dictionaries ------------------------------------------- */

static char *catalog_arena_dup(struct catalog_index *ix, const char *s)
{
    size_t n = strlen(s) + 1;
    struct catalog_arena_block *b = ix->arena;

    if (!b || b->cap - b->used < n) {
        size_t cap = n > CATALOG_ARENA_BLOCK ? n : CATALOG_ARENA_BLOCK;

        b = malloc(sizeof(*b) + cap);
        if (!b)
            return NULL;
        b->next = ix->arena;
        b->used = 0;
        b->cap = cap;
        ix->arena = b;
    }
    memcpy(b->data + b->used, s, n);
    b->used += n;
    return b->data + b->used - n;
}

static uint32_t catalog_str_hash(const char *s)
{
    uint32_t h = 2166136261u;

    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

int catalog_dict_find(const struct catalog_dict *d, const char *name)
{
    uint32_t i;

    if (!name || !name[0] || d->nslots == 0)
        return 0;
    i = catalog_str_hash(name) & (d->nslots - 1);
    while (d->slots[i]) {
        if (strcmp(d->names[d->slots[i] - 1], name) == 0)
            return (int)d->slots[i];
        i = (i + 1) & (d->nslots - 1);
    }
    return 0;
}

static int catalog_dict_grow(struct catalog_dict *d)
{
    uint32_t nslots = d->nslots ? d->nslots * 2 : 64;
    uint32_t *slots = calloc(nslots, sizeof(*slots));
    char **names = realloc(d->names, nslots / 2 * sizeof(*names));

    if (!slots || !names) {
        free(slots);
        if (names)
            d->names = names;
        return KERR_NOMEM;
    }
    d->names = names;
    d->cap = (int)(nslots / 2);
    for (int code = 1; code <= d->n; code++) {
        uint32_t i = catalog_str_hash(names[code - 1]) & (nslots - 1);

        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = (uint32_t)code;
    }
    free(d->slots);
    d->slots = slots;
    d->nslots = nslots;
    return 0;
}

/* The code of `name`, added if new; 0 for none; negative on no memory. */
static int catalog_dict_add(struct catalog_index *ix, struct catalog_dict *d,
                            const char *name)
{
    uint32_t i;
    int code = catalog_dict_find(d, name);

    if (code || !name || !name[0])
        return code;
    if (d->n >= UINT16_MAX - 1)
        return 0; /* past 65,534 distinct values: not worth a facet */
    if (d->n >= d->cap && catalog_dict_grow(d))
        return KERR_NOMEM;

    d->names[d->n] = catalog_arena_dup(ix, name);
    if (!d->names[d->n])
        return KERR_NOMEM;
    d->n++;
    i = catalog_str_hash(name) & (d->nslots - 1);
    while (d->slots[i])
        i = (i + 1) & (d->nslots - 1);
    d->slots[i] = (uint32_t)d->n;
    return d->n;
}

static int catalog_dict_fixed(struct catalog_index *ix,
                              struct catalog_dict *d,
                              const char *const *keys)
{
    for (int i = 0; keys[i]; i++) {
        if (catalog_dict_add(ix, d, keys[i]) < 0)
            return KERR_NOMEM;
    }
    return 0;
}

/* ---- Building ----------------------------------------------------------- */

void catalog_index_free(struct catalog_index *ix)
{
    if (!ix)
        return;
    for (int d = 0; d < CATALOG_NDIMS; d++) {
        free(ix->dict[d].names);
        free(ix->dict[d].slots);
    }
    for (int p = 0; p < CATALOG_PERM_COUNT; p++)
        free(ix->perm[p]);
    while (ix->arena) {
        struct catalog_arena_block *next = ix->arena->next;

        free(ix->arena);
        ix->arena = next;
    }
    free(ix->e);
    free(ix->pos_of_id);
    free(ix->colours);
    free(ix);
}

int catalog_price_band(int64_t price)
{
    static const int64_t upper[] = {10000, 20000, 30000, 50000};

    if (price < 0)
        return 0;
    for (int i = 0; i < 4; i++) {
        if (price < upper[i])
            return i + 1;
    }
    return 5;
}

static const char *catalog_col(sqlite3_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st, col);
}

/* Split "Black, Havana" into colour codes, each once. */
static int catalog_add_colours(struct catalog_index *ix,
                               struct catalog_entry *e, const char *text)
{
    char buf[1024], *tok, *save = NULL;

    e->colour_off = (uint32_t)ix->n_colours;
    snprintf(buf, sizeof(buf), "%s", text ? text : "");
    for (tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        char *end = tok + strlen(tok);
        int code, dup = 0;

        while (*tok == ' ')
            tok++;
        while (end > tok && end[-1] == ' ')
            *--end = '\0';
        code = catalog_dict_add(ix, &ix->dict[CATALOG_COLOUR], tok);
        if (code < 0)
            return KERR_NOMEM;
        for (int i = 0; i < e->n_colours; i++)
            dup |= ix->colours[e->colour_off + i] == code;
        if (!code || dup || e->n_colours >= CATALOG_COLOURS_MAX)
            continue;

        if (ix->n_colours == ix->cap_colours) {
            size_t cap = ix->cap_colours ? ix->cap_colours * 2 : 4096;
            uint16_t *more = realloc(ix->colours, cap * sizeof(*more));

            if (!more)
                return KERR_NOMEM;
            ix->colours = more;
            ix->cap_colours = cap;
        }
        ix->colours[ix->n_colours++] = (uint16_t)code;
        e->n_colours++;
    }
    return 0;
}

static int catalog_entry_keys(struct catalog_index *ix,
                              struct catalog_entry *e, sqlite3_stmt *st)
{
    static const enum catalog_dim dims[] = {
        CATALOG_BRAND, CATALOG_SHAPE, CATALOG_MATERIAL, CATALOG_RIM,
        CATALOG_GENDER,
    };
    static const int cols[] = {2, 4, 5, 6, 7};
    char key[CATALOG_KEY_MAX];

    for (int i = 0; i < 5; i++) {
        int code = catalog_dict_add(ix, &ix->dict[dims[i]],
                                    catalog_col(st, cols[i]));

        if (code < 0)
            return KERR_NOMEM;
        e->code[dims[i]] = (uint16_t)code;
    }

    catalog_fold(catalog_col(st, 2), key, sizeof(key));
    e->brand_key = catalog_arena_dup(ix, key);
    catalog_fold(catalog_col(st, 3), key, sizeof(key));
    e->model_key = catalog_arena_dup(ix, key);
    if (!e->brand_key || !e->model_key)
        return KERR_NOMEM;
    return catalog_add_colours(ix, e, catalog_col(st, 8));
}

static int catalog_index_product(struct catalog_index *ix, sqlite3_stmt *st)
{
    struct catalog_entry *e;
    int category = sqlite3_column_int(st, 1);

    if (ix->n == ix->cap) {
        int cap = ix->cap ? ix->cap * 2 : 1024;
        struct catalog_entry *more = realloc(ix->e, cap * sizeof(*more));

        if (!more)
            return KERR_NOMEM;
        ix->e = more;
        ix->cap = cap;
    }
    e = &ix->e[ix->n++];
    memset(e, 0, sizeof(*e));

    e->id = sqlite3_column_int64(st, 0);
    e->code[CATALOG_CATEGORY] = (uint16_t)(category + 1);
    e->price_min = sqlite3_column_int64(st, 9);
    e->price_max = sqlite3_column_int64(st, 10);
    e->code[CATALOG_PRICE] = (uint16_t)catalog_price_band(e->price_min);
    e->created = sqlite3_column_int64(st, 11);
    e->n_variants = (uint16_t)sqlite3_column_int(st, 12);
    e->lead_min = INT16_MAX;
    return catalog_entry_keys(ix, e, st);
}

static int catalog_build_map(struct catalog_index *ix)
{
    int64_t max_id = ix->n ? ix->e[ix->n - 1].id : 0;

    /* Ids are dense in practice; a direct map beats binary search. */
    if (max_id > (int64_t)ix->n * 8 + 4096 || max_id < 0)
        return 0;
    ix->map_size = max_id + 1;
    ix->pos_of_id = malloc((size_t)ix->map_size * sizeof(int32_t));
    if (!ix->pos_of_id)
        return KERR_NOMEM;
    memset(ix->pos_of_id, 0xff, (size_t)ix->map_size * sizeof(int32_t));
    for (int i = 0; i < ix->n; i++)
        ix->pos_of_id[ix->e[i].id] = i;
    return 0;
}

int catalog_index_pos(const struct catalog_index *ix, int64_t id)
{
    int lo = 0, hi = ix->n - 1;

    if (ix->pos_of_id)
        return id >= 0 && id < ix->map_size ? ix->pos_of_id[id] : -1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;

        if (ix->e[mid].id == id)
            return mid;
        if (ix->e[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static int catalog_fit_code(const char *fit)
{
    for (int i = 0; fit && i < CATALOG_SIZE_FITS; i++) {
        if (strcmp(fit, catalog_size_keys[CATALOG_SIZE_BANDS + i]) == 0)
            return CATALOG_SIZE_BANDS + i + 1;
    }
    return 0;
}

static int catalog_lens_code(double mm)
{
    long whole = lround(mm);

    if (whole <= 47)
        return 1;
    if (whole <= 50)
        return 2;
    if (whole <= 53)
        return 3;
    return whole <= 56 ? 4 : 5;
}

/* Fold one variant row into its product's entry. */
static void catalog_index_variant(struct catalog_index *ix,
                                  sqlite3_stmt *st)
{
    int pos = catalog_index_pos(ix, sqlite3_column_int64(st, 0));
    struct catalog_entry *e;
    double lens;
    int code, lead;

    if (pos < 0)
        return;
    e = &ix->e[pos];

    lens = sqlite3_column_double(st, 1);
    if (lens <= 0)
        lens = sqlite3_column_double(st, 2);
    if (lens > 0 && lens < 1000) {
        code = catalog_lens_code(lens);
        if (e->lens_min == 0 || lens < e->lens_min)
            e->lens_min = (float)lens;
        if (lens > e->lens_max)
            e->lens_max = (float)lens;
    } else {
        code = catalog_fit_code(catalog_col(st, 3));
    }
    if (code)
        e->size_mask |= (uint16_t)(1u << (code - 1));

    if (sqlite3_column_int(st, 6) > 0)
        e->on_shelf = 1;
    lead = sqlite3_column_int(st, 5);
    if (sqlite3_column_int(st, 4) && lead < 0)
        e->lead_default = 1;
    else if (sqlite3_column_int(st, 4) && lead < e->lead_min)
        e->lead_min = (int16_t)lead;
}

static int catalog_scan(struct catalog *c, struct catalog_index *ix,
                        enum catalog_sql sql)
{
    sqlite3_stmt *st = catalog_stmt(c, sql);
    int rc = 0, step;

    if (!st)
        return KERR_DB;
    for (;;) {
        step = sqlite3_step(st);
        if (step != SQLITE_ROW)
            break;
        if (sql == CATALOG_SQL_INDEX_PRODUCTS)
            rc = catalog_index_product(ix, st);
        else
            catalog_index_variant(ix, st);
        if (rc)
            break;
    }
    sqlite3_reset(st);
    if (rc)
        return kerr_set(rc, "%s: out of memory indexing the catalog",
                        c->path);
    if (step != SQLITE_DONE)
        return catalog_db_error(c, "reading the catalog");
    return 0;
}

/* ---- Sort orders ------------------------------------------------------- */

static int catalog_cmp_id(const struct catalog_entry *a,
                          const struct catalog_entry *b)
{
    return (a->id > b->id) - (a->id < b->id);
}

static int catalog_cmp_price(const struct catalog_entry *a,
                             const struct catalog_entry *b, int down)
{
    if ((a->price_min < 0) != (b->price_min < 0))
        return a->price_min < 0 ? 1 : -1; /* no price: last either way */
    if (a->price_min != b->price_min) {
        int up = a->price_min < b->price_min ? -1 : 1;

        return down ? -up : up;
    }
    return catalog_cmp_id(a, b);
}

static int catalog_cmp_perm(const void *pa, const void *pb, void *ctx)
{
    const struct catalog_index *ix = ctx;
    const struct catalog_entry *a = &ix->e[((const int32_t *)pa)[0] >> 2];
    const struct catalog_entry *b = &ix->e[((const int32_t *)pb)[0] >> 2];
    int order = ((const int32_t *)pa)[0] & 3;
    int r;

    switch (order) {
    case CATALOG_PERM_PRICE_UP: return catalog_cmp_price(a, b, 0);
    case CATALOG_PERM_PRICE_DOWN: return catalog_cmp_price(a, b, 1);
    case CATALOG_PERM_NEWEST:
        if (a->created != b->created)
            return a->created > b->created ? -1 : 1;
        return catalog_cmp_id(a, b);
    default:
        r = strcmp(a->brand_key, b->brand_key);
        if (!r)
            r = strcmp(a->model_key, b->model_key);
        return r ? r : catalog_cmp_id(a, b);
    }
}

static int catalog_build_perms(struct catalog_index *ix)
{
    for (int p = 0; p < CATALOG_PERM_COUNT; p++) {
        int32_t *perm = malloc(((size_t)ix->n + 1) * sizeof(*perm));

        if (!perm)
            return KERR_NOMEM;
        ix->perm[p] = perm;
        /* The order rides in the low two bits while sorting. */
        for (int i = 0; i < ix->n; i++)
            perm[i] = (i << 2) | p;
        qsort_r(perm, (size_t)ix->n, sizeof(*perm), catalog_cmp_perm, ix);
        for (int i = 0; i < ix->n; i++)
            perm[i] >>= 2;
    }
    return 0;
}

static struct catalog_index *catalog_index_new(void)
{
    struct catalog_index *ix = calloc(1, sizeof(*ix));

    if (!ix)
        return NULL;
    if (catalog_dict_fixed(ix, &ix->dict[CATALOG_CATEGORY],
                           catalog_category_keys) ||
        catalog_dict_fixed(ix, &ix->dict[CATALOG_PRICE],
                           catalog_price_keys) ||
        catalog_dict_fixed(ix, &ix->dict[CATALOG_SIZE],
                           catalog_size_keys) ||
        catalog_dict_fixed(ix, &ix->dict[CATALOG_SHELF],
                           catalog_shelf_keys)) {
        catalog_index_free(ix);
        return NULL;
    }
    return ix;
}

static int catalog_index_build(struct catalog *c, struct catalog_index *ix)
{
    int rc;

    rc = catalog_scan(c, ix, CATALOG_SQL_INDEX_PRODUCTS);
    if (!rc)
        rc = catalog_build_map(ix);
    if (!rc)
        rc = catalog_scan(c, ix, CATALOG_SQL_INDEX_VARIANTS);
    if (rc)
        return rc;

    for (int i = 0; i < ix->n; i++)
        ix->e[i].code[CATALOG_SHELF] = ix->e[i].on_shelf;
    if (catalog_build_perms(ix))
        return kerr_set(KERR_NOMEM, "%s: out of memory sorting the "
                        "catalog", c->path);
    return 0;
}

static int catalog_data_version(struct catalog *c, int64_t *out)
{
    sqlite3_stmt *st = catalog_stmt(c, CATALOG_SQL_DATA_VERSION);

    if (!st)
        return KERR_DB;
    if (sqlite3_step(st) != SQLITE_ROW)
        return catalog_db_error(c, "reading data_version");
    *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

int catalog_index_fresh(struct catalog *c)
{
    struct catalog_index *ix;
    int64_t version = 0;
    int own_tx, rc;
    struct timespec t0, t1;

    rc = catalog_data_version(c, &version);
    if (rc)
        return rc;
    if (c->index && !c->index_dirty && version == c->data_version)
        return 0;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    ix = catalog_index_new();
    if (!ix)
        return kerr_set(KERR_NOMEM, "%s: out of memory", c->path);

    /* One read transaction: products and variants of the same commit. */
    own_tx = sqlite3_get_autocommit(c->db);
    rc = own_tx ? catalog_exec(c, "BEGIN") : 0;
    if (!rc)
        rc = catalog_data_version(c, &version);
    if (!rc)
        rc = catalog_index_build(c, ix);
    if (own_tx)
        sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    if (rc) {
        catalog_index_free(ix);
        return rc;
    }

    catalog_index_free(c->index);
    c->index = ix;
    c->data_version = version;
    c->index_dirty = 0;
    c->index_gen++;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    log_debug("catalog", "index: %d products in %.1f ms", ix->n,
              (t1.tv_sec - t0.tv_sec) * 1e3 +
                  (t1.tv_nsec - t0.tv_nsec) / 1e6);
    return 0;
}

int catalog_lead_days(const struct catalog *c, const struct catalog_entry *e)
{
    int best = -1;

    if (e->on_shelf)
        return 0;
    if (e->lead_min != INT16_MAX)
        best = e->lead_min;
    if (e->lead_default && (best < 0 || c->default_lead < best))
        best = c->default_lead;
    return best;
}
