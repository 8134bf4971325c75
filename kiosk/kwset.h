/*
 * kwset: find many keyword phrases in folded text in one pass.
 *
 * Product inference asks "which of these few hundred phrases occur in
 * this title?" for every product of a sync. Searching for each phrase
 * in turn costs a strstr() per phrase; a kwset holds all phrases in a
 * trie and answers for all of them with one walk over the text.
 *
 * Phrases are lowercase ASCII words separated by single spaces, as
 * text_fold() writes text. A phrase matches folded text that holds it as
 * whole words ("sun" is not found in "sunday"); a phrase ending in '*'
 * matches when its last word is a prefix ("sunglass*" finds
 * "sunglasses"). Phrases are numbered in the order they were added.
 *
 * A set is filled once (kwset_add) and then only read, so any number of
 * threads may scan it at the same time.
 */
#ifndef KIOSK_KWSET_H
#define KIOSK_KWSET_H

#include <stddef.h>
#include <stdint.h>

#define KWSET_PHRASES 512 /* phrases a set holds at most */
#define KWSET_NODES 4096  /* trie nodes: characters of all phrases */

struct kwset_node {
    char c;             /* the character that leads here */
    uint16_t child;     /* first child, 0 for none */
    uint16_t sibling;   /* next child of the same parent, 0 for none */
    int16_t whole;      /* first phrase ending here as a whole word */
    int16_t prefix;     /* first '*' phrase ending here */
};

/* A set of phrases; zero it (or use KWSET_INIT) before the first add. */
struct kwset {
    struct kwset_node node[KWSET_NODES]; /* node[0] is the root */
    uint16_t root[128]; /* the root's children by character, 0 for none */
    int16_t next[KWSET_PHRASES]; /* next phrase ending at the same node */
    size_t n_nodes;
    size_t n_phrases;
};

/* Which phrases of a set were found: bit i for phrase i. */
struct kwset_hits {
    uint64_t bits[KWSET_PHRASES / 64];
};

/*
 * Add `phrase` (see above; at most 63 bytes) as the next phrase number.
 * Returns that number, or KERR_INVAL when the set is full or the phrase
 * is empty or too long (such a phrase can never match).
 */
int kwset_add(struct kwset *k, const char *phrase);

/*
 * Set in `hits` (cleared first) the phrases that occur in `folded`, text
 * as text_fold() writes it: a space first, single spaces between words.
 */
void kwset_scan(const struct kwset *k, const char *folded,
                struct kwset_hits *hits);

/* 1 when phrase `i` was found. */
int kwset_hit(const struct kwset_hits *hits, size_t i);

/*
 * The lowest phrase number in [first, first + n) that was found, or -1.
 */
int kwset_first(const struct kwset_hits *hits, size_t first, size_t n);

#endif
