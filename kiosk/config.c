#include "config.h"

#include "kerr.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONFIG_LINE_MAX 2048

enum config_type { CT_STR, CT_INT, CT_LEVEL, CT_PLATFORM, CT_CURRENCY,
                   CT_SIZES, CT_LANG, CT_COLOUR, CT_DOUBLE, CT_ROTATE };

/* One known key: where it goes in struct config and what it may hold. */
struct config_key {
    const char *section;
    const char *name;
    enum config_type type;
    size_t offset;
    size_t size;  /* for strings: buffer size */
    long min, max; /* for integers */
};

#define STR(sec, key, field)                                              \
    {sec, key, CT_STR, offsetof(struct config, field),                    \
     sizeof(((struct config *)0)->field), 0, 0}
#define INT(sec, key, field, lo, hi)                                      \
    {sec, key, CT_INT, offsetof(struct config, field),                    \
     sizeof(((struct config *)0)->field), lo, hi}
#define TYPED(sec, key, type, field)                                      \
    {sec, key, type, offsetof(struct config, field),                      \
     sizeof(((struct config *)0)->field), 0, 0}

static const struct config_key config_keys[] = {
    STR("kiosk", "data_dir", data_dir),
    STR("kiosk", "name", name),
    TYPED("kiosk", "log_level", CT_LEVEL, log_level),
    TYPED("kiosk", "language", CT_LANG, language),
    TYPED("kiosk", "accent", CT_COLOUR, accent),
    STR("kiosk", "logo", logo),
    INT("kiosk", "idle_s", idle_s, 10, 3600),
    INT("kiosk", "idle_warn_s", idle_warn_s, 3, 120),
    TYPED("screen", "diagonal_in", CT_DOUBLE, diagonal_in),
    TYPED("screen", "rotate", CT_ROTATE, rotate),
    INT("screen", "large_text", large_text, 0, 1),
    STR("staff", "pin_hash", pin_hash),
    TYPED("shop", "platform", CT_PLATFORM, platform),
    STR("shop", "url", url),
    STR("shop", "stock", stock),
    STR("shop", "key", key),
    STR("shop", "secret", secret),
    TYPED("shop", "currency", CT_CURRENCY, currency),
    INT("shop", "lead_days", lead_days, 0, 365),
    INT("sync", "interval_min", interval_min, 1, 7 * 24 * 60),
    INT("sync", "connect_timeout_s", connect_timeout_s, 1, 300),
    INT("sync", "timeout_s", timeout_s, 1, 3600),
    INT("sync", "retries", retries, 0, 20),
    INT("sync", "retry_max_s", retry_max_s, 1, 3600),
    INT("images", "cache_mb", cache_mb, 16, 1024 * 1024),
    INT("images", "parallel", parallel, 1, 32),
    TYPED("images", "thumb_px", CT_SIZES, thumb_px),
    /* The demo feed is one file, read whole: bounded like any download. */
    INT("demo", "products", demo_products, 1, 40000),
    INT("demo", "seed", demo_seed, 0, 2147483647),
};

/* Root is a kiosk install; anyone else is a developer trying the demo. */
static void config_default_data_dir(char *buf, size_t len)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");

    if (geteuid() == 0 || !home || !*home)
        snprintf(buf, len, "/var/lib/kiosk");
    else if (xdg && *xdg)
        snprintf(buf, len, "%s/kiosk", xdg);
    else
        snprintf(buf, len, "%s/.local/share/kiosk", home);
}

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof(*c));
    config_default_data_dir(c->data_dir, sizeof(c->data_dir));
    snprintf(c->name, sizeof(c->name), "Demo Optics");
    c->log_level = LOG_INFO;
    snprintf(c->language, sizeof(c->language), "en");
    snprintf(c->accent, sizeof(c->accent), "#1d5c63");
    c->idle_s = 60;
    c->idle_warn_s = 10;
    c->diagonal_in = 0;

    snprintf(c->platform, sizeof(c->platform), "demo");
    snprintf(c->currency, sizeof(c->currency), "EUR");
    c->lead_days = 14;

    c->interval_min = 30;
    c->connect_timeout_s = 10;
    c->timeout_s = 60;
    c->retries = 4;
    c->retry_max_s = 60;

    c->cache_mb = 1024;
    c->parallel = 6;
    c->thumb_px[0] = 320;
    c->thumb_px[1] = 960;

    c->demo_products = 2400;
    c->demo_seed = 1;
}

static char *config_trim(char *s)
{
    char *end;

    while (isspace((unsigned char)*s))
        s++;
    end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

/*
 * A line whose first character is ';' or '#' is a comment, and so is the
 * rest of a line after " ;". A '#' inside a value is kept: colours
 * (#1d5c63) and URLs (/#frames) need it.
 */
static void config_strip_comment(char *s)
{
    int quoted = 0;

    while (isspace((unsigned char)*s))
        s++;
    if (*s == '#' || *s == ';') {
        *s = '\0';
        return;
    }
    for (char *p = s; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        if (quoted || *p != ';')
            continue;
        if (isspace((unsigned char)p[-1])) {
            *p = '\0';
            return;
        }
    }
}

static const struct config_key *config_find(const char *section,
                                            const char *name)
{
    size_t n = sizeof(config_keys) / sizeof(config_keys[0]);

    for (size_t i = 0; i < n; i++) {
        if (strcasecmp(config_keys[i].section, section) == 0 &&
            strcasecmp(config_keys[i].name, name) == 0)
            return &config_keys[i];
    }
    return NULL;
}

static int config_section_known(const char *section)
{
    size_t n = sizeof(config_keys) / sizeof(config_keys[0]);

    for (size_t i = 0; i < n; i++) {
        if (strcasecmp(config_keys[i].section, section) == 0)
            return 1;
    }
    return 0;
}

static int config_parse_long(const char *v, long *out)
{
    char *end;

    errno = 0;
    *out = strtol(v, &end, 10);
    return errno == 0 && end != v && *end == '\0' ? 0 : -1;
}

static int config_set_sizes(int *sizes, const char *v)
{
    char buf[128];
    char *save = NULL;
    int n = 0;

    snprintf(buf, sizeof(buf), "%s", v);
    for (char *tok = strtok_r(buf, ", ", &save); tok;
         tok = strtok_r(NULL, ", ", &save)) {
        long px;

        if (n == 3 || config_parse_long(tok, &px) < 0 || px < 16 ||
            px > 4096)
            return -1;
        sizes[n++] = (int)px;
    }
    sizes[n] = 0;
    return n > 0 ? 0 : -1;
}

/* A screen diagonal in inches: 0 (ask the display) or 7 to 120. */
static int config_set_double(double *field, const char *v, char *why,
                             size_t whylen)
{
    char *end;
    double d;

    errno = 0;
    d = strtod(v, &end);
    if (errno || end == v || *end || (d != 0 && (d < 7 || d > 120))) {
        snprintf(why, whylen, "'%s' is not 0 or a size from 7 to 120", v);
        return -1;
    }
    *field = d;
    return 0;
}

/* Store `v` for key `k` into `c`; on error fill `why`. */
static int config_assign(struct config *c, const struct config_key *k,
                         const char *v, char *why, size_t whylen)
{
    char *field = (char *)c + k->offset;
    long num;

    switch (k->type) {
    case CT_STR:
        if (strlen(v) >= k->size) {
            snprintf(why, whylen, "longer than %zu bytes", k->size - 1);
            return -1;
        }
        memcpy(field, v, strlen(v) + 1);
        return 0;
    case CT_INT:
        if (config_parse_long(v, &num) < 0 || num < k->min || num > k->max) {
            snprintf(why, whylen, "'%s' is not a whole number from %ld to %ld",
                     v, k->min, k->max);
            return -1;
        }
        /* int and unsigned fields alike; the range check kept it in */
        *(int *)field = (int)num;
        return 0;
    case CT_LEVEL:
        if (log_parse_level(v, (enum log_level *)field) < 0) {
            snprintf(why, whylen, "'%s' is not debug, info, warn or error",
                     v);
            return -1;
        }
        return 0;
    case CT_PLATFORM:
        if (strcasecmp(v, "shopify") && strcasecmp(v, "woocommerce") &&
            strcasecmp(v, "feed") && strcasecmp(v, "demo")) {
            snprintf(why, whylen,
                     "'%s' is not shopify, woocommerce, feed or demo", v);
            return -1;
        }
        for (size_t i = 0; i <= strlen(v); i++)
            field[i] = (char)tolower((unsigned char)v[i]);
        return 0;
    case CT_CURRENCY:
        if (strlen(v) != 3 || !isalpha((unsigned char)v[0]) ||
            !isalpha((unsigned char)v[1]) || !isalpha((unsigned char)v[2])) {
            snprintf(why, whylen, "'%s' is not a 3-letter currency code", v);
            return -1;
        }
        for (int i = 0; i < 3; i++)
            field[i] = (char)toupper((unsigned char)v[i]);
        field[3] = '\0';
        return 0;
    case CT_LANG:
        if (strcmp(v, "en") != 0 && strcmp(v, "fr") != 0) {
            snprintf(why, whylen, "'%s' is not en or fr", v);
            return -1;
        }
        memcpy(field, v, strlen(v) + 1);
        return 0;
    case CT_COLOUR:
        if (strlen(v) != 7 || v[0] != '#' ||
            strspn(v + 1, "0123456789abcdefABCDEF") != 6) {
            snprintf(why, whylen, "'%s' is not a colour like #1d5c63", v);
            return -1;
        }
        memcpy(field, v, 8);
        return 0;
    case CT_DOUBLE:
        return config_set_double((double *)field, v, why, whylen);
    case CT_ROTATE:
        if (config_parse_long(v, &num) < 0 || num % 90 || num < 0 ||
            num > 270) {
            snprintf(why, whylen, "'%s' is not 0, 90, 180 or 270", v);
            return -1;
        }
        *(int *)field = (int)num;
        return 0;
    case CT_SIZES:
        if (config_set_sizes((int *)field, v) < 0) {
            snprintf(why, whylen,
                     "'%s' is not 1 to 3 pixel sizes from 16 to 4096", v);
            return -1;
        }
        return 0;
    }
    return -1;
}

/* Take a "key = value" line apart; value may be "quoted". */
static int config_split(char *line, char **key, char **value)
{
    char *eq = strchr(line, '=');
    size_t n;

    if (!eq)
        return -1;
    *eq = '\0';
    *key = config_trim(line);
    *value = config_trim(eq + 1);

    n = strlen(*value);
    if (n >= 2 && (*value)[0] == '"' && (*value)[n - 1] == '"') {
        (*value)[n - 1] = '\0';
        (*value)++;
    }
    return **key ? 0 : -1;
}

static int config_line(struct config *c, const char *path, int lineno,
                       char *line, char *section, size_t seclen)
{
    const struct config_key *k;
    char why[256];
    char *key, *value, *s;

    config_strip_comment(line);
    s = config_trim(line);
    if (*s == '\0')
        return 0;

    if (*s == '[') {
        char *end = strchr(s, ']');

        if (!end || end[1] != '\0')
            return kerr_set(KERR_PARSE, "%s:%d: section: '%s' is not "
                            "[name]", path, lineno, s);
        *end = '\0';
        snprintf(section, seclen, "%s", config_trim(s + 1));
        if (!config_section_known(section))
            return kerr_set(KERR_PARSE, "%s:%d: [%s]: unknown section",
                            path, lineno, section);
        return 0;
    }

    if (config_split(s, &key, &value) < 0)
        return kerr_set(KERR_PARSE, "%s:%d: line: expected key = value",
                        path, lineno);
    if (!*section)
        return kerr_set(KERR_PARSE, "%s:%d: %s: key before any [section]",
                        path, lineno, key);

    k = config_find(section, key);
    if (!k)
        return kerr_set(KERR_PARSE, "%s:%d: %s: unknown key in [%s]", path,
                        lineno, key, section);
    if (config_assign(c, k, value, why, sizeof(why)) < 0)
        return kerr_set(KERR_PARSE, "%s:%d: %s: %s", path, lineno, key, why);
    return 0;
}

int config_load_file(struct config *c, const char *path)
{
    char line[CONFIG_LINE_MAX];
    char section[64] = "";
    struct config work = *c;
    int lineno = 0;
    int rc = 0;
    FILE *f;

    f = fopen(path, "r");
    if (!f)
        return kerr_set(errno == ENOENT ? KERR_NOTFOUND : KERR_IO,
                        "%s: %s", path, strerror(errno));

    while (fgets(line, sizeof(line), f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            rc = kerr_set(KERR_PARSE, "%s:%d: line: longer than %d bytes",
                          path, lineno, CONFIG_LINE_MAX - 2);
            goto out;
        }
        rc = config_line(&work, path, lineno, line, section,
                         sizeof(section));
        if (rc < 0)
            goto out;
    }
    if (ferror(f)) {
        rc = kerr_set(KERR_IO, "%s: read error", path);
        goto out;
    }

    snprintf(work.path, sizeof(work.path), "%s", path);
    *c = work;

out:
    fclose(f);
    return rc;
}

static int config_check(const struct config *c)
{
    const char *where = c->path[0] ? c->path : "built-in config";

    if (strcmp(c->platform, "demo") != 0 && c->url[0] == '\0')
        return kerr_set(KERR_INVAL, "%s: url: [shop] platform %s needs a "
                        "url", where, c->platform);
    if ((c->key[0] == '\0') != (c->secret[0] == '\0'))
        return kerr_set(KERR_INVAL, "%s: secret: [shop] key and secret go "
                        "together; set both or neither", where);
    if (c->data_dir[0] == '\0')
        return kerr_set(KERR_INVAL, "%s: data_dir: must not be empty",
                        where);
    return 0;
}

int config_load(struct config *c, const char *cli_path)
{
    const char *env = getenv("KIOSK_CONFIG");
    struct stat st;
    int rc = 0;

    config_defaults(c);
    if (cli_path && *cli_path)
        rc = config_load_file(c, cli_path);
    else if (env && *env)
        rc = config_load_file(c, env);
    else if (stat(CONFIG_DEFAULT_PATH, &st) == 0)
        rc = config_load_file(c, CONFIG_DEFAULT_PATH);
    if (rc < 0)
        return rc;
    return config_check(c);
}

int config_data_path(const struct config *c, const char *name, char *buf,
                     size_t len)
{
    int n = snprintf(buf, len, "%s/%s", c->data_dir, name);

    if (n < 0 || (size_t)n >= len)
        return kerr_set(KERR_INVAL, "data_dir: path too long for %s", name);
    return 0;
}

const char *config_key_name(size_t i, char *buf, size_t len)
{
    if (i >= sizeof(config_keys) / sizeof(config_keys[0]))
        return NULL;
    snprintf(buf, len, "%s.%s", config_keys[i].section, config_keys[i].name);
    return buf;
}
