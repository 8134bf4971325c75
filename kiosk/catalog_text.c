/*
 * catalog_text.c: the text side of search. UTF-8 decoding and folding
 * for comparisons made in C, the typed text turned into a safe FTS5
 * expression, and the matching products fetched from FTS5 (with bm25
 * ranks for small answers), remembered while only the filters change.
 */
#include "catalog.h"

#include "catalog_impl.h"
#include "kerr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CATALOG_RANK_MAX 2000
#define CATALOG_TOKENS_MAX 16
#define CATALOG_TOKEN_BYTES 64
#define CATALOG_EXPR_MAX 2048

/* ---- Text folding ------------------------------------------------------ */

int32_t catalog_utf8(const unsigned char *s, size_t n, int *used)
{
    int32_t cp;
    int len;

    *used = 1;
    if (s[0] < 0x80)
        return s[0];
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        len = 2;
        cp = s[0] & 0x1f;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        len = 3;
        cp = s[0] & 0x0f;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        len = 4;
        cp = s[0] & 0x07;
    } else {
        return -1;
    }
    if ((size_t)len > n)
        return -1;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return -1;
    *used = len;
    return cp;
}

/* Punctuation and symbol blocks, which never make part of a word. */
static int catalog_symbol(int32_t cp)
{
    return (cp >= 0x80 && cp <= 0xbf) || cp == 0xd7 || cp == 0xf7 ||
           (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x303f)
           || (cp >= 0xe000 && cp <= 0xf8ff) ||
           (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xff00 && cp <= 0xff0f)
           || cp >= 0x1f000;
}

int catalog_word_char(int32_t cp)
{
    if (cp < 0)
        return 0;
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
               (cp >= 'A' && cp <= 'Z');
    return !catalog_symbol(cp);
}

/* The base letter of a Latin letter with accents, or 0. */
static char catalog_base_letter(int32_t cp)
{
    static const char latin1[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
                                 "aaaaaaaceeeeiiiidnooooo ouuuuyty";
    static const struct {
        int32_t lo, hi;
        char c;
    } ext[] = {
        {0x100, 0x105, 'a'}, {0x106, 0x10d, 'c'}, {0x10e, 0x111, 'd'},
        {0x112, 0x11b, 'e'}, {0x11c, 0x123, 'g'}, {0x124, 0x127, 'h'},
        {0x128, 0x133, 'i'}, {0x134, 0x135, 'j'}, {0x136, 0x138, 'k'},
        {0x139, 0x142, 'l'}, {0x143, 0x14b, 'n'}, {0x14c, 0x153, 'o'},
        {0x154, 0x159, 'r'}, {0x15a, 0x161, 's'}, {0x162, 0x167, 't'},
        {0x168, 0x173, 'u'}, {0x174, 0x175, 'w'}, {0x176, 0x178, 'y'},
        {0x179, 0x17e, 'z'}, {0x17f, 0x17f, 's'},
    };

    if (cp >= 0xc0 && cp <= 0xff)
        return latin1[cp - 0xc0];
    for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
        if (cp >= ext[i].lo && cp <= ext[i].hi)
            return ext[i].c;
    }
    return 0;
}

void catalog_fold(const char *in, char *out, size_t len)
{
    const unsigned char *s = (const unsigned char *)(in ? in : "");
    size_t n = strlen((const char *)s), o = 0;
    int space = 0, used;

    while (n > 0 && o + 5 < len) {
        int32_t cp = catalog_utf8(s, n, &used);
        char base = cp >= 0 ? catalog_base_letter(cp) : 0;

        if (!catalog_word_char(cp) || base == ' ') {
            space = o > 0;
        } else {
            if (space)
                out[o++] = ' ';
            space = 0;
            if (base)
                out[o++] = base;
            else if (cp < 0x80)
                out[o++] = (char)(cp | (cp >= 'A' && cp <= 'Z' ? 0x20 : 0));
            else
                for (int i = 0; i < used; i++)
                    out[o++] = (char)s[i];
        }
        s += used;
        n -= (size_t)used;
    }
    out[o] = '\0';
}

/* ---- FTS5 ------------------------------------------------------------- */

/*
 * Turn anything typed into an FTS5 expression that cannot be a syntax
 * error: words (letters and digits) only, each quoted as a prefix phrase,
 * all of them required. Operators and punctuation typed become spaces.
 */
static void catalog_fts_expr(const char *text, char *out)
{
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    size_t n = strlen((const char *)s), o = 0;
    int ntok = 0, used;

    while (n > 0 && ntok < CATALOG_TOKENS_MAX) {
        size_t bytes = 0;

        if (!catalog_word_char(catalog_utf8(s, n, &used))) {
            s += used;
            n -= (size_t)used;
            continue;
        }
        if (ntok++)
            o += (size_t)sprintf(out + o, " AND ");
        out[o++] = '"';
        while (n > 0 && catalog_word_char(catalog_utf8(s, n, &used))) {
            for (int i = 0; i < used && bytes + used <= CATALOG_TOKEN_BYTES;
                 i++) {
                char ch = (char)s[i];

                if (ch >= 'A' && ch <= 'Z')
                    ch = (char)(ch + 32);
                if (ch == '"') /* cannot happen; kept for safety */
                    out[o++] = '"';
                out[o++] = ch;
            }
            bytes += (size_t)used;
            s += used;
            n -= (size_t)used;
        }
        out[o++] = '"';
        out[o++] = '*';
    }
    out[o] = '\0';
}

static void catalog_fts_clear(struct catalog_fts_answer *a)
{
    free(a->expr);
    free(a->match);
    free(a->pos);
    free(a->score);
    memset(a, 0, sizeof(*a));
    a->ranked = -1;
}

void catalog_fts_forget(struct catalog *c)
{
    for (int i = 0; i < CATALOG_FTS_CACHE; i++)
        catalog_fts_clear(&c->fts_cache[i]);
    c->fts = NULL;
}

/* The remembered answer for `expr`, or the slot to reuse for it. */
static struct catalog_fts_answer *catalog_fts_slot(struct catalog *c,
                                                   const char *expr,
                                                   int *hit)
{
    struct catalog_fts_answer *oldest = &c->fts_cache[0];

    *hit = 0;
    for (int i = 0; i < CATALOG_FTS_CACHE; i++) {
        struct catalog_fts_answer *a = &c->fts_cache[i];

        if (a->expr && a->gen == c->index_gen &&
            strcmp(a->expr, expr) == 0) {
            *hit = 1;
            return a;
        }
        if (!a->expr || a->gen != c->index_gen || a->used < oldest->used)
            oldest = a;
    }
    return oldest;
}

static int catalog_fts_match(struct catalog *c,
                             struct catalog_fts_answer *a, const char *expr)
{
    const struct catalog_index *ix = c->index;
    sqlite3_stmt *st;
    int step;

    catalog_fts_clear(a);
    a->expr = strdup(expr);
    a->match = calloc((size_t)ix->n + 1, 1);
    if (!a->expr || !a->match) {
        catalog_fts_clear(a);
        return kerr_set(KERR_NOMEM, "%s: out of memory searching",
                        c->path);
    }
    a->gen = c->index_gen;

    st = catalog_stmt(c, CATALOG_SQL_FTS_MATCH);
    if (!st)
        return KERR_DB;
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    for (;;) {
        int pos;

        step = sqlite3_step(st);
        if (step != SQLITE_ROW)
            break;
        pos = catalog_index_pos(ix, sqlite3_column_int64(st, 0));
        if (pos >= 0 && !a->match[pos]) {
            a->match[pos] = 1;
            a->count++;
        }
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        catalog_fts_clear(a);
        return catalog_db_error(c, "searching");
    }
    return 0;
}

static int catalog_fts_rank(struct catalog *c, struct catalog_fts_answer *a)
{
    sqlite3_stmt *st;
    int n = 0, step;

    a->ranked = 0;
    if (a->count > CATALOG_RANK_MAX)
        return 0;
    a->pos = malloc(((size_t)a->count + 1) * sizeof(*a->pos));
    a->score = malloc(((size_t)a->count + 1) * sizeof(*a->score));
    if (!a->pos || !a->score)
        return kerr_set(KERR_NOMEM, "%s: out of memory ranking", c->path);

    st = catalog_stmt(c, CATALOG_SQL_FTS_RANK);
    if (!st)
        return KERR_DB;
    sqlite3_bind_text(st, 1, a->expr, -1, SQLITE_STATIC);
    for (;;) {
        int pos;

        step = sqlite3_step(st);
        if (step != SQLITE_ROW)
            break;
        pos = catalog_index_pos(c->index, sqlite3_column_int64(st, 0));
        if (pos < 0 || !a->match[pos] || n >= a->count)
            continue;
        a->pos[n] = pos;
        a->score[n++] = sqlite3_column_double(st, 1);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
        return catalog_db_error(c, "ranking");
    a->count = n;
    a->ranked = 1;
    return 0;
}

int catalog_fts_search(struct catalog *c, const char *text, int rank)
{
    struct catalog_fts_answer *a;
    char expr[CATALOG_EXPR_MAX];
    int hit, rc;

    c->fts = NULL;
    catalog_fts_expr(text, expr);
    if (!expr[0])
        return 0;

    a = catalog_fts_slot(c, expr, &hit);
    if (!hit) {
        rc = catalog_fts_match(c, a, expr);
        if (rc)
            return rc;
    }
    a->used = ++c->fts_clock;
    c->fts = a;
    if (rank && a->ranked < 0)
        return catalog_fts_rank(c, a);
    return 0;
}
