#include "kwset.h"

#include "kerr.h"

#include <string.h>

/* The child of `parent` reached by `c`, or 0. */
static uint16_t kwset_child(const struct kwset *k, uint16_t parent, char c)
{
    uint16_t i;

    if (parent == 0)
        return (unsigned char)c < 128 ? k->root[(unsigned char)c] : 0;
    for (i = k->node[parent].child; i; i = k->node[i].sibling) {
        if (k->node[i].c == c)
            return i;
    }
    return 0;
}

/* The child of `parent` reached by `c`, made when missing; 0 when full. */
static uint16_t kwset_grow(struct kwset *k, uint16_t parent, char c)
{
    uint16_t i = kwset_child(k, parent, c);
    struct kwset_node *n;

    if (i)
        return i;
    if (k->n_nodes == 0)
        k->n_nodes = 1; /* the root */
    if (k->n_nodes >= KWSET_NODES || (unsigned char)c >= 128)
        return 0;

    i = (uint16_t)k->n_nodes++;
    n = &k->node[i];
    n->c = c;
    n->child = 0;
    n->whole = -1;
    n->prefix = -1;
    if (parent == 0) {
        k->root[(unsigned char)c] = i;
        n->sibling = 0;
    } else {
        n->sibling = k->node[parent].child;
        k->node[parent].child = i;
    }
    return i;
}

int kwset_add(struct kwset *k, const char *phrase)
{
    size_t n = strlen(phrase);
    int star = n > 0 && phrase[n - 1] == '*';
    uint16_t at = 0;
    int16_t *head;

    if (star)
        n--;
    /* as long a phrase as a 64-byte search pattern holds */
    if (n == 0 || n + 3 > 64 || k->n_phrases >= KWSET_PHRASES)
        return kerr_set(KERR_INVAL, "kwset: cannot add '%.64s'", phrase);

    for (size_t i = 0; i < n; i++) {
        at = kwset_grow(k, at, phrase[i]);
        if (!at)
            return kerr_set(KERR_INVAL, "kwset: no room for '%.64s'",
                            phrase);
    }

    k->next[k->n_phrases] = -1;
    head = star ? &k->node[at].prefix : &k->node[at].whole;
    while (*head >= 0)
        head = &k->next[*head];
    *head = (int16_t)k->n_phrases;
    return (int)k->n_phrases++;
}

static void kwset_mark(const struct kwset *k, int16_t i,
                       struct kwset_hits *hits)
{
    for (; i >= 0; i = k->next[i])
        hits->bits[i / 64] |= (uint64_t)1 << (i % 64);
}

/* Mark the phrases that start at word start `w`. */
static void kwset_walk(const struct kwset *k, const char *w,
                       struct kwset_hits *hits)
{
    uint16_t at = 0;

    for (; *w; w++) {
        at = kwset_child(k, at, *w);
        if (!at)
            return;
        kwset_mark(k, k->node[at].prefix, hits);
        if (w[1] == ' ')
            kwset_mark(k, k->node[at].whole, hits);
    }
}

void kwset_scan(const struct kwset *k, const char *folded,
                struct kwset_hits *hits)
{
    memset(hits, 0, sizeof(*hits));
    for (const char *s = folded; *s; s++) {
        if (s[0] == ' ' && s[1] && s[1] != ' ')
            kwset_walk(k, s + 1, hits);
    }
}

int kwset_hit(const struct kwset_hits *hits, size_t i)
{
    return i < KWSET_PHRASES &&
           (hits->bits[i / 64] >> (i % 64) & 1) != 0;
}

int kwset_first(const struct kwset_hits *hits, size_t first, size_t n)
{
    for (size_t i = first; i < first + n && i < KWSET_PHRASES; i++) {
        uint64_t word = hits->bits[i / 64] >> (i % 64);

        if (!word) {
            i |= 63; /* nothing more in this word */
            continue;
        }
        i += (size_t)__builtin_ctzll(word);
        return i < first + n ? (int)i : -1;
    }
    return -1;
}
