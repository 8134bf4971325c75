/*
 * text: turning what shops type into plain, bounded, valid UTF-8.
 *
 * Shop data arrives as whatever the shop's staff typed: HTML with
 * entities escaped once or twice, invalid UTF-8, control characters,
 * runs of odd spaces. This module cleans it, converts HTML to text, joins
 * lists, and folds text to lowercase ASCII words for keyword matching.
 *
 * The functions run once per field of every product of a catalog sync
 * (tens of thousands per sync), so they avoid heap churn: the *_to
 * variants write into the caller's buffer. Pure functions; any thread.
 */
#ifndef KIOSK_TEXT_H
#define KIOSK_TEXT_H

#include <stddef.h>

/* Caps on strings taken from shops, in bytes (NUL not counted). */
#define TEXT_TITLE_MAX 512
#define TEXT_DESC_MAX (64 * 1024)
#define TEXT_FIELD_MAX 1024 /* brand, sku, colour, ids, ... */
#define TEXT_URL_MAX 2048
#define TEXT_TAGS_MAX 4096

/* Size of a buffer for text_fold() that holds any field's words. */
#define TEXT_FOLD_MAX 4096

/* --- UTF-8 --- */

/* 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int text_utf8_valid(const char *s, size_t len);

/*
 * The longest prefix of valid UTF-8 `s` (len bytes) that fits in `cap`
 * bytes without splitting a character. Returns its length.
 */
size_t text_utf8_cut(const char *s, size_t len, size_t cap);

/*
 * A malloc'd, NUL-terminated copy of s[0..len) that is valid UTF-8:
 * invalid bytes become U+FFFD, control characters other than tab and
 * newline (NUL included) become spaces, and the result is cut to at most
 * `cap` bytes on a character boundary. Caller frees. NULL only when out
 * of memory (kerr set). `s` must not be NULL.
 */
char *text_utf8_clean(const char *s, size_t len, size_t cap);

/*
 * text_utf8_clean() into `dst` of `size` bytes (at least 1): the result
 * is cut to min(cap, size - 1) bytes and NUL-terminated. Returns its
 * length. Allocates nothing.
 */
size_t text_utf8_clean_to(char *dst, size_t size, const char *s,
                          size_t len, size_t cap);

/* --- HTML --- */

/*
 * Plain text from HTML: tags dropped (with everything inside <script>,
 * <style> and comments), named and numeric entities decoded, entities
 * escaped twice ("&amp;eacute;", "&amp;amp;") decoded fully, whitespace
 * collapsed and trimmed. Block tags (p, br, div, li, ...) and newlines
 * become one "\n", or a space when `one_line` is set. Invalid UTF-8 is
 * replaced first, so the result is always valid; it is cut to `cap`
 * bytes. Caller frees; NULL only when out of memory.
 */
char *text_html(const char *html, size_t len, size_t cap, int one_line);

/*
 * text_html() into `dst` of `size` bytes (at least 1), cut to
 * min(cap, size - 1) bytes. Sets *n to the length. Text without '<' and
 * '&' allocates nothing. Returns 0 or KERR_NOMEM.
 */
int text_html_to(char *dst, size_t size, const char *html, size_t len,
                 size_t cap, int one_line, size_t *n);

/* --- lists --- */

/*
 * Append `item` to the ", "-joined list *list (malloc'd, may be NULL)
 * unless it is empty, already there (case-insensitive) or the list would
 * pass `cap` bytes. Returns 0 or KERR_NOMEM.
 */
int text_join(char **list, const char *item, size_t cap);

/*
 * text_join() on a caller buffer `list` of at least cap + 1 bytes that
 * holds a NUL-terminated list of *len bytes (0 for none). Allocates
 * nothing.
 */
void text_join_to(char *list, size_t *len, const char *item, size_t cap);

/* --- words for matching --- */

/*
 * Fold UTF-8 `s` (NULL reads as "") into `out` of `size` bytes: accents
 * dropped (é -> e, œ -> oe), ASCII lowercased, everything else a single
 * space, with a space at both ends (" lunettes de vue "), so whole words
 * and phrases can be found with strstr(" word "). Text that does not fit
 * is cut, so its last word may be partial and lack the final space.
 */
void text_fold(const char *s, char *out, size_t size);

#endif
