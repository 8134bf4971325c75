#include "shop.h"

#include <stddef.h>
#include <strings.h>

/* Every adapter the kiosk knows, by its [shop] platform value. */
static const struct {
    const char *name;
    const struct shop_ops *ops;
} shop_table[] = {
    {"shopify", &shop_shopify},
    {"woocommerce", &shop_woocommerce},
    {"woo", &shop_woocommerce},
    {"feed", &shop_feed},
};

const struct shop_ops *shop_find(const char *platform)
{
    if (!platform)
        return NULL;

    for (size_t i = 0; i < sizeof(shop_table) / sizeof(shop_table[0]);
         i++) {
        if (strcasecmp(platform, shop_table[i].name) == 0)
            return shop_table[i].ops;
    }
    return NULL;
}
