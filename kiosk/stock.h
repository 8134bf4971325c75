/*
 * stock: the shelf stock feed, a CSV of SKU and quantity exported by the
 * store's point-of-sale.
 *
 * Accepts a header line or none, comma or semicolon separators, quoted
 * fields, CRLF, a UTF-8 BOM, and extra columns. A line that cannot be read
 * is an error naming the source and line; nothing is half-applied.
 */
#ifndef KIOSK_STOCK_H
#define KIOSK_STOCK_H

#include "catalog.h"

#include <stddef.h>

struct stock_list {
    struct catalog_stock *rows;
    size_t n;
};

/*
 * Parse `len` bytes of CSV. `source` names the file or URL in errors
 * ("stock.csv:12: quantity: 'x' is not a whole number").
 */
int stock_parse(const char *text, size_t len, const char *source,
                struct stock_list *out);
void stock_list_free(struct stock_list *l); /* accepts NULL */

#endif
