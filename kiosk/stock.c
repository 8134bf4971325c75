#include "stock.h"

#include "kerr.h"
#include "log.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STOCK_MAX_FIELDS 64
#define STOCK_MAX_SKU 128
#define STOCK_MAX_ROWS 2000000

/* A cursor over the CSV text. */
struct stock_reader {
    const char *p, *end;
    const char *source;
    int line;
    char sep;
};

/* One line's fields, unquoted, in a scratch buffer. */
struct stock_fields {
    char buf[4096];
    char *field[STOCK_MAX_FIELDS];
    int n;
};

/*
 * Read one CSV record into `f`. Returns 1 for a record, 0 at the end, or
 * KERR_PARSE. Quoted fields may hold separators, "" and line breaks.
 */
static int stock_next(struct stock_reader *r, struct stock_fields *f)
{
    size_t used = 0;
    int quoted = 0;

    if (r->p >= r->end)
        return 0;
    r->line++;
    f->n = 1;
    f->field[0] = f->buf;

    for (; r->p < r->end; r->p++) {
        char ch = *r->p;

        if (quoted && ch == '"' && r->p + 1 < r->end && r->p[1] == '"') {
            r->p++;
        } else if (ch == '"') {
            quoted = !quoted;
            continue;
        } else if (!quoted && ch == '\n') {
            r->p++;
            break;
        } else if (!quoted && ch == '\r') {
            continue;
        } else if (!quoted && ch == r->sep) {
            if (f->n == STOCK_MAX_FIELDS)
                return kerr_set(KERR_PARSE, "%s:%d: more than %d columns",
                                r->source, r->line, STOCK_MAX_FIELDS);
            f->buf[used++] = '\0';
            f->field[f->n++] = f->buf + used;
            continue;
        }
        if (used + 2 >= sizeof(f->buf))
            return kerr_set(KERR_PARSE, "%s:%d: line longer than %zu bytes",
                            r->source, r->line, sizeof(f->buf) - 2);
        f->buf[used++] = ch;
    }
    if (quoted)
        return kerr_set(KERR_PARSE, "%s:%d: quote never closed", r->source,
                        r->line);
    f->buf[used] = '\0';
    return 1;
}

static char *stock_trim(char *s)
{
    char *end;

    while (isspace((unsigned char)*s))
        s++;
    end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

/*
 * Whole numbers, as point-of-sale exports write them: "3", "-1", "3.000",
 * "3,0". Negative stock (oversold) means none on the shelf.
 */
static int stock_qty(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);

    if (end == s)
        return -1;
    if (*end == '.' || *end == ',') {
        end++;
        while (*end == '0')
            end++;
    }
    if (*end != '\0' || v > 1000000)
        return -1;
    *out = v < 0 ? 0 : (int)v;
    return 0;
}

static int stock_is_name(const char *s, const char *const *names)
{
    for (; *names; names++) {
        if (strcasecmp(s, *names) == 0)
            return 1;
    }
    return 0;
}

/* Find the SKU and quantity columns from a header line, if it is one. */
static int stock_header(struct stock_fields *f, int *sku_col, int *qty_col)
{
    static const char *const skus[] = {"sku", "code", "ref", "reference",
                                       "référence", "barcode", "ean",
                                       "article", NULL};
    static const char *const qtys[] = {"quantity", "qty", "stock",
                                       "quantité", "quantite", "on_hand",
                                       "onhand", "available", NULL};
    int q;

    *sku_col = -1;
    *qty_col = -1;
    for (int i = 0; i < f->n; i++) {
        const char *name = stock_trim(f->field[i]);

        if (*sku_col < 0 && stock_is_name(name, skus))
            *sku_col = i;
        else if (*qty_col < 0 && stock_is_name(name, qtys))
            *qty_col = i;
    }
    if (*sku_col >= 0 && *qty_col >= 0)
        return 1;

    /* No names we know: a header all the same if column 2 is no number. */
    *sku_col = 0;
    *qty_col = 1;
    return f->n >= 2 && stock_qty(stock_trim(f->field[1]), &q) < 0;
}

static char stock_guess_sep(const char *p, const char *end)
{
    int commas = 0, semis = 0, tabs = 0;

    for (; p < end && *p != '\n'; p++) {
        commas += *p == ',';
        semis += *p == ';';
        tabs += *p == '\t';
    }
    if (tabs > commas && tabs > semis)
        return '\t';
    return semis > commas ? ';' : ',';
}

static int stock_append(struct stock_list *l, size_t *cap, const char *sku,
                        int qty)
{
    char *copy;

    if (l->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 256;
        struct catalog_stock *grown;

        grown = realloc(l->rows, ncap * sizeof(*grown));
        if (!grown)
            return kerr_set(KERR_NOMEM, "out of memory reading stock");
        l->rows = grown;
        *cap = ncap;
    }
    copy = strdup(sku);
    if (!copy)
        return kerr_set(KERR_NOMEM, "out of memory reading stock");
    l->rows[l->n].sku = copy;
    l->rows[l->n].qty = qty;
    l->n++;
    return 0;
}

static int stock_cmp(const void *a, const void *b)
{
    const struct catalog_stock *x = a, *y = b;

    return strcmp(x->sku, y->sku);
}

/* A SKU listed on several lines (one per location) adds up. */
static void stock_merge(struct stock_list *l)
{
    size_t w = 0;

    if (l->n == 0)
        return;
    qsort(l->rows, l->n, sizeof(l->rows[0]), stock_cmp);
    for (size_t i = 0; i < l->n; i++) {
        if (w > 0 && strcmp(l->rows[w - 1].sku, l->rows[i].sku) == 0) {
            l->rows[w - 1].qty += l->rows[i].qty;
            free((char *)l->rows[i].sku);
            continue;
        }
        l->rows[w++] = l->rows[i];
    }
    l->n = w;
}

static int stock_row(struct stock_reader *r, struct stock_fields *f,
                     int sku_col, int qty_col, struct stock_list *l,
                     size_t *cap)
{
    const char *sku, *qty_text;
    int qty;

    if (f->n == 1 && *stock_trim(f->field[0]) == '\0')
        return 0; /* blank line */
    if (f->n <= sku_col || f->n <= qty_col)
        return kerr_set(KERR_PARSE, "%s:%d: expected sku%cquantity, got "
                        "%d column(s)", r->source, r->line, r->sep, f->n);

    sku = stock_trim(f->field[sku_col]);
    qty_text = stock_trim(f->field[qty_col]);
    if (*sku == '\0')
        return 0; /* a product with no SKU cannot be matched; skip */
    if (strlen(sku) > STOCK_MAX_SKU)
        return kerr_set(KERR_PARSE, "%s:%d: sku: longer than %d bytes",
                        r->source, r->line, STOCK_MAX_SKU);
    if (stock_qty(qty_text, &qty) < 0)
        return kerr_set(KERR_PARSE, "%s:%d: quantity: '%.40s' is not a "
                        "whole number", r->source, r->line, qty_text);
    if (l->n >= STOCK_MAX_ROWS)
        return kerr_set(KERR_PARSE, "%s:%d: more than %d rows", r->source,
                        r->line, STOCK_MAX_ROWS);
    return stock_append(l, cap, sku, qty);
}

int stock_parse(const char *text, size_t len, const char *source,
                struct stock_list *out)
{
    struct stock_reader r = {text, text + len, source, 0, ','};
    struct stock_fields *f;
    int sku_col = 0, qty_col = 1;
    size_t cap = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        r.p += 3;
    r.sep = stock_guess_sep(r.p, r.end);
    f = malloc(sizeof(*f));
    if (!f)
        return kerr_set(KERR_NOMEM, "out of memory reading stock");

    rc = stock_next(&r, f);
    if (rc > 0 && !stock_header(f, &sku_col, &qty_col))
        rc = stock_row(&r, f, sku_col, qty_col, out, &cap);
    while (rc >= 0) {
        rc = stock_next(&r, f);
        if (rc <= 0)
            break;
        rc = stock_row(&r, f, sku_col, qty_col, out, &cap);
    }
    free(f);

    if (rc < 0) {
        stock_list_free(out);
        return rc;
    }
    stock_merge(out);
    return 0;
}

void stock_list_free(struct stock_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free((char *)l->rows[i].sku);
    free(l->rows);
    l->rows = NULL;
    l->n = 0;
}
