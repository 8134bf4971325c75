#include "product.h"

#include "kerr.h"

#include <stdlib.h>
#include <string.h>

static void product_variant_clear(struct product_variant *v)
{
    free(v->source_id);
    free(v->sku);
    free(v->colour);
    free(v->size_label);
    free(v->size.text);
    free(v->tryon_image);
    memset(v, 0, sizeof(*v));
}

void product_clear(struct product *p)
{
    if (!p)
        return;

    for (size_t i = 0; i < p->n_variants; i++)
        product_variant_clear(&p->variants[i]);
    free(p->variants);
    for (size_t i = 0; i < p->n_images; i++)
        free(p->images[i]);
    free(p->images);

    free(p->source_id);
    free(p->handle);
    free(p->title);
    free(p->brand);
    free(p->model);
    free(p->shape);
    free(p->material);
    free(p->rim);
    free(p->gender);
    free(p->colours);
    free(p->tags);
    free(p->description);
    memset(p, 0, sizeof(*p));
}

struct product_variant *product_add_variant(struct product *p)
{
    struct product_variant *grown, *v;

    grown = realloc(p->variants, (p->n_variants + 1) * sizeof(*grown));
    if (!grown) {
        kerr_set(KERR_NOMEM, "out of memory adding a variant");
        return NULL;
    }
    p->variants = grown;

    v = &p->variants[p->n_variants++];
    memset(v, 0, sizeof(*v));
    v->price = -1;
    v->online_qty = -1;
    v->shelf_qty = -1;
    v->lead_days = -1;
    v->orderable = 1;
    return v;
}

void product_remove_variant(struct product *p, size_t i)
{
    if (i >= p->n_variants)
        return;
    product_variant_clear(&p->variants[i]);
    memmove(&p->variants[i], &p->variants[i + 1],
            (p->n_variants - i - 1) * sizeof(p->variants[0]));
    p->n_variants--;
}

int product_add_image(struct product *p, const char *url)
{
    char **grown;
    char *copy;

    copy = strdup(url);
    if (!copy)
        return kerr_set(KERR_NOMEM, "out of memory adding an image");

    grown = realloc(p->images, (p->n_images + 1) * sizeof(*grown));
    if (!grown) {
        free(copy);
        return kerr_set(KERR_NOMEM, "out of memory adding an image");
    }
    p->images = grown;
    p->images[p->n_images++] = copy;
    return 0;
}

int product_set(char **field, const char *value)
{
    char *copy = NULL;

    if (value) {
        copy = strdup(value);
        if (!copy)
            return kerr_set(KERR_NOMEM, "out of memory");
    }
    free(*field);
    *field = copy;
    return 0;
}

const char *product_category_name(enum product_category c)
{
    switch (c) {
    case PRODUCT_OPTICAL: return "optical";
    case PRODUCT_SUN: return "sun";
    case PRODUCT_ACCESSORY: return "accessory";
    case PRODUCT_HIDDEN: return "hidden";
    }
    return "optical";
}
