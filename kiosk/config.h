/*
 * config: the kiosk's settings, from one INI file.
 *
 * Found at --config PATH, else $KIOSK_CONFIG, else /etc/kiosk/kiosk.ini,
 * else the built-in defaults, which run the demo store with no network.
 * Every key, with its default, is documented in config/kiosk.example.ini.
 * A bad file is refused whole with "PATH:LINE: key: what is wrong".
 */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include "log.h"

#include <stddef.h>

#define CONFIG_PATH_MAX 1024
#define CONFIG_URL_MAX 1024
#define CONFIG_DEFAULT_PATH "/etc/kiosk/kiosk.ini"

struct config {
    char path[CONFIG_PATH_MAX]; /* the file loaded, "" for built-in */

    /* [kiosk] */
    char data_dir[CONFIG_PATH_MAX]; /* database and image cache live here */
    char name[128];                 /* the store's name, shown to people */
    enum log_level log_level;
    char language[8];   /* language the kiosk starts in: "en", "fr" */
    char accent[8];     /* the store's brand colour, "#rrggbb" */
    char logo[CONFIG_PATH_MAX]; /* PNG of the store's logo, or "" */
    int idle_s;         /* seconds without a touch before "Still there?" */
    int idle_warn_s;    /* seconds of countdown before the session ends */

    /* [screen] */
    double diagonal_in; /* the panel's diagonal; 0: ask the display */
    int rotate;         /* 0, 90, 180, 270: clockwise turn of the picture */
    int large_text;     /* 1: larger type everywhere */

    /* [staff] */
    char pin_hash[160]; /* "salt$sha256(salt+PIN)" hex; never log */

    /* [shop] */
    char platform[16];         /* shopify, woocommerce, feed or demo */
    char url[CONFIG_URL_MAX];  /* shop base URL, or feed URL/path */
    char stock[CONFIG_URL_MAX]; /* shelf stock CSV: path or URL, or "" */
    char key[256];             /* WooCommerce REST key: secret, never log */
    char secret[256];          /* WooCommerce REST secret: never log */
    char currency[4];          /* used when the shop data names none */
    int lead_days;             /* default lead time for orderable items */

    /* [sync] */
    int interval_min;      /* minutes between background syncs */
    int connect_timeout_s; /* per connection attempt */
    int timeout_s;         /* whole request, body included */
    int retries;           /* attempts after the first, on 429/5xx/network */
    int retry_max_s;       /* cap on one backoff or Retry-After wait */

    /* [images] */
    int cache_mb;    /* image cache size cap, least recently used go */
    int parallel;    /* concurrent image downloads */
    int thumb_px[4]; /* thumbnail edge sizes in pixels, 0-terminated */

    /* [demo] */
    int demo_products; /* products the demo store generates */
    unsigned demo_seed;
};

/* Fill `c` with the built-in defaults: the demo store. */
void config_defaults(struct config *c);

/*
 * Apply the file at `path` over what `c` holds. On error `c` is left as
 * it was and kerr_msg() reads "PATH:LINE: key: what is wrong".
 */
int config_load_file(struct config *c, const char *path);

/*
 * Defaults, then the first of: `cli_path` (may be NULL), $KIOSK_CONFIG,
 * CONFIG_DEFAULT_PATH if it exists. A named file that is missing is an
 * error; the absence of the default one is not.
 */
int config_load(struct config *c, const char *cli_path);

/*
 * The i-th known key (0-based) as "section.key", or NULL past the last;
 * lets tests check that the example file documents every key.
 */
const char *config_key_name(size_t i, char *buf, size_t len);

/* Path of a file under the data directory, e.g. "catalog.db". */
int config_data_path(const struct config *c, const char *name, char *buf,
                     size_t len);

#endif
