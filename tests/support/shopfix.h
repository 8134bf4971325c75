/*
 * shopfix: what the shop-adapter tests share: collecting the products a
 * parse emits, finding one, and reading a fixture file.
 */
#ifndef KIOSK_SHOPFIX_H
#define KIOSK_SHOPFIX_H

#include "product.h"

#include <stddef.h>

#define SHOPFIX_MAX 300

/* The products one parse emitted, in order (owned). */
struct shopfix {
    struct product p[SHOPFIX_MAX];
    int n;
};

/* A shop_emit_fn: keeps the product (drops any beyond SHOPFIX_MAX). */
int shopfix_collect(void *ctx, struct product *p);

/* Clear every product and free `g` itself (calloc'd by the test). */
void shopfix_free(struct shopfix *g);

/* The product with this source id, or NULL. */
const struct product *shopfix_find(const struct shopfix *g, const char *id);

/* DIR/NAME read whole and NUL-terminated, or NULL. */
char *shopfix_slurp(const char *dir, const char *name, size_t *len);

#endif
