#include "shopfix.h"

#include "fsutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int shopfix_collect(void *ctx, struct product *p)
{
    struct shopfix *g = ctx;

    if (g->n < SHOPFIX_MAX)
        g->p[g->n++] = *p;
    else
        product_clear(p);
    return 0;
}

void shopfix_free(struct shopfix *g)
{
    for (int i = 0; i < g->n; i++)
        product_clear(&g->p[i]);
    free(g);
}

const struct product *shopfix_find(const struct shopfix *g, const char *id)
{
    for (int i = 0; i < g->n; i++) {
        if (strcmp(g->p[i].source_id, id) == 0)
            return &g->p[i];
    }
    return NULL;
}

char *shopfix_slurp(const char *dir, const char *name, size_t *len)
{
    char path[1024];
    char *buf;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (fsutil_read(path, 64u << 20, &buf, len) < 0)
        return NULL;
    return buf;
}
