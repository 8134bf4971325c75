/*
 * kioskctl: the kiosk's command-line companion, for the people who set it
 * up and look after it. Output is for people: aligned columns, a progress
 * line while syncing, and exit codes that mean something (see usage()).
 */
#include "catalog.h"
#include "config.h"
#include "demo.h"
#include "fsutil.h"
#include "http.h"
#include "imgcache.h"
#include "kerr.h"
#include "log.h"
#include "sha256.h"
#include "shop.h"
#include "sync.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    EXIT_OK = 0,
    EXIT_FAIL = 1,    /* the command failed (sync refused, database) */
    EXIT_USAGE = 2,   /* bad command line or config */
    EXIT_PARTIAL = 3, /* catalog synced, stock feed or images did not */
    EXIT_NONE = 4,    /* nothing found */
};

struct ctl {
    struct config cfg;
    char db_path[CONFIG_PATH_MAX + 16];
};

static void usage(FILE *out)
{
    fputs(
        "usage: kioskctl [--config PATH] [-v] COMMAND [ARGS]\n"
        "\n"
        "commands:\n"
        "  sync [--no-images] [--force]  fetch the shop's catalog and stock\n"
        "  search [TEXT] [filters]       search as the kiosk does\n"
        "      --brand B --shape S --material M --rim R --colour C\n"
        "      --category optical|sun|accessory --gender G --in-store\n"
        "      --price MIN-MAX --lens MIN-MAX (mm) --facets\n"
        "      --sort relevance|price|price-desc|newest|brand\n"
        "      --page N --limit N\n"
        "  show SKU                      one product with all its variants\n"
        "  status                        counts, last sync, sizes, shop\n"
        "  demo DIR [--products N]       write the demo store as a feed\n"
        "  pin [PIN]                     make the [staff] pin_hash line\n"
        "                                (the PIN is read from stdin if\n"
        "                                not given)\n"
        "\n"
        "exit codes: 0 ok, 1 failed, 2 usage or config error,\n"
        "            3 synced but stock or images failed, 4 nothing found\n",
        out);
}

/* 1234567 -> "1,234,567", for counts people read at a glance. */
static const char *fmt_count(long long n, char *buf, size_t len)
{
    char digits[32];
    int nd, out = 0;

    nd = snprintf(digits, sizeof(digits), "%lld", n < 0 ? -n : n);
    if (n < 0 && out + 1 < (int)len)
        buf[out++] = '-';
    for (int i = 0; i < nd && out + 2 < (int)len; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            buf[out++] = ',';
        buf[out++] = digits[i];
    }
    buf[out] = '\0';
    return buf;
}

static const char *fmt_price(int64_t minor, const char *cur, char *buf,
                             size_t len)
{
    if (minor < 0)
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%lld.%02lld %s", (long long)(minor / 100),
                 (long long)(minor % 100), cur);
    return buf;
}

static const char *fmt_bytes(int64_t n, char *buf, size_t len)
{
    if (n >= 1024LL * 1024 * 1024)
        snprintf(buf, len, "%.1f GiB", (double)n / (1 << 30));
    else if (n >= 1024 * 1024)
        snprintf(buf, len, "%.1f MiB", (double)n / (1 << 20));
    else
        snprintf(buf, len, "%.0f KiB", (double)n / 1024);
    return buf;
}

static const char *fmt_when(int64_t t, char *buf, size_t len)
{
    struct tm tm;
    time_t tt = (time_t)t;
    long ago = (long)(time(NULL) - tt);
    char day[32];

    if (t <= 0) {
        snprintf(buf, len, "never");
        return buf;
    }
    localtime_r(&tt, &tm);
    strftime(day, sizeof(day), "%Y-%m-%d %H:%M", &tm);
    if (ago < 120)
        snprintf(buf, len, "%s (just now)", day);
    else if (ago < 2 * 3600)
        snprintf(buf, len, "%s (%ld min ago)", day, ago / 60);
    else if (ago < 2 * 86400)
        snprintf(buf, len, "%s (%ld h ago)", day, ago / 3600);
    else
        snprintf(buf, len, "%s (%ld days ago)", day, ago / 86400);
    return buf;
}

static struct catalog *ctl_open(struct ctl *c, int flags)
{
    struct stat st;
    struct catalog *cat;

    if ((flags & CATALOG_READONLY) && stat(c->db_path, &st) < 0) {
        fprintf(stderr, "kioskctl: no catalog yet at %s: run "
                "'kioskctl sync' first\n", c->db_path);
        return NULL;
    }
    cat = catalog_open(c->db_path, flags);
    if (!cat) {
        fprintf(stderr, "kioskctl: %s\n", kerr_msg());
        return NULL;
    }
    catalog_set_default_lead(cat, c->cfg.lead_days);
    return cat;
}

static void on_progress(void *ctx, const struct sync_progress *p)
{
    char a[32], b[32];

    (void)ctx;
    if (strcmp(p->phase, "images") == 0)
        fprintf(stderr, "\r  images %s / %s          ",
                fmt_count(p->done, a, sizeof(a)),
                fmt_count(p->total, b, sizeof(b)));
    else
        fprintf(stderr, "\r  page %d, %s products          ", p->page,
                fmt_count(p->products, a, sizeof(a)));
}

static int cmd_sync(struct ctl *c, int argc, char **argv)
{
    struct sync_opts so = {0};
    struct sync_report r;
    struct catalog *cat;
    char a[32], b[32], c1[32], c2[32];
    int rc;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-images") == 0)
            so.skip_images = 1;
        else if (strcmp(argv[i], "--force") == 0)
            so.force = 1;
        else
            return usage(stderr), EXIT_USAGE;
    }
    if (isatty(STDERR_FILENO))
        so.progress = on_progress;

    cat = ctl_open(c, 0);
    if (!cat)
        return EXIT_FAIL;
    rc = sync_run(&c->cfg, cat, &so, &r);
    if (so.progress)
        fputs("\r\033[K", stderr);
    catalog_close(cat);

    if (rc < 0) {
        fprintf(stderr, "kioskctl: sync failed: %s\n", kerr_msg());
        return EXIT_FAIL;
    }
    printf("synced %s products in %.1f s: %s new, %s changed, %s retired\n",
           fmt_count(r.write.seen, a, sizeof(a)), r.seconds,
           fmt_count(r.write.added, b, sizeof(b)),
           fmt_count(r.write.changed, c1, sizeof(c1)),
           fmt_count(r.write.retired, c2, sizeof(c2)));
    printf("shelf stock: %s SKUs%s; images: %s fetched, %d failed\n",
           fmt_count(r.stock_rows, b, sizeof(b)),
           r.stock_failed ? " (stock feed FAILED, see log)" : "",
           fmt_count(r.images_fetched, a, sizeof(a)), r.images_failed);
    return r.stock_failed || r.images_failed ? EXIT_PARTIAL : EXIT_OK;
}

static int parse_range(const char *s, double *lo, double *hi)
{
    char *end;

    *lo = strtod(s, &end);
    if (end == s || *end != '-')
        return -1;
    s = end + 1;
    *hi = *s ? strtod(s, &end) : 0;
    return *s && *end ? -1 : 0;
}

static int add_chosen(struct catalog_query *q, enum catalog_dim d,
                      const char *v)
{
    for (int i = 0; i < CATALOG_MAX_CHOSEN; i++) {
        if (!q->chosen[d][i]) {
            q->chosen[d][i] = v;
            return 0;
        }
    }
    return -1;
}

static int parse_sort(const char *s, enum catalog_sort *out)
{
    static const struct {
        const char *name;
        enum catalog_sort sort;
    } t[] = {{"relevance", CATALOG_SORT_RELEVANCE},
             {"price", CATALOG_SORT_PRICE_UP},
             {"price-desc", CATALOG_SORT_PRICE_DOWN},
             {"newest", CATALOG_SORT_NEWEST},
             {"brand", CATALOG_SORT_BRAND}};

    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        if (strcmp(s, t[i].name) == 0) {
            *out = t[i].sort;
            return 0;
        }
    }
    return -1;
}

/* Turn search's flags into a query; -1 on a bad flag. */
static int parse_search(int argc, char **argv, struct catalog_query *q,
                        int *page)
{
    static const struct {
        const char *flag;
        enum catalog_dim dim;
    } dims[] = {{"--brand", CATALOG_BRAND},     {"--shape", CATALOG_SHAPE},
                {"--material", CATALOG_MATERIAL}, {"--rim", CATALOG_RIM},
                {"--colour", CATALOG_COLOUR},   {"--color", CATALOG_COLOUR},
                {"--category", CATALOG_CATEGORY},
                {"--gender", CATALOG_GENDER}};
    double lo, hi;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        size_t d;

        for (d = 0; d < sizeof(dims) / sizeof(dims[0]); d++) {
            if (strcmp(a, dims[d].flag) == 0)
                break;
        }
        if (d < sizeof(dims) / sizeof(dims[0])) {
            if (!v || add_chosen(q, dims[d].dim, v) < 0)
                return -1;
            i++;
        } else if (strcmp(a, "--in-store") == 0) {
            q->on_shelf = 1;
        } else if (strcmp(a, "--facets") == 0) {
            q->facets = 1;
        } else if (strcmp(a, "--price") == 0 && v &&
                   parse_range(v, &lo, &hi) == 0) {
            q->price_min = (int64_t)(lo * 100);
            q->price_max = (int64_t)(hi * 100);
            i++;
        } else if (strcmp(a, "--lens") == 0 && v &&
                   parse_range(v, &lo, &hi) == 0) {
            q->lens_min = lo;
            q->lens_max = hi;
            i++;
        } else if (strcmp(a, "--sort") == 0 && v &&
                   parse_sort(v, &q->sort) == 0) {
            i++;
        } else if (strcmp(a, "--page") == 0 && v && atoi(v) > 0) {
            *page = atoi(argv[++i]);
        } else if (strcmp(a, "--limit") == 0 && v && atoi(v) > 0) {
            q->limit = atoi(argv[++i]);
        } else if (a[0] != '-' && !q->text) {
            q->text = a;
        } else {
            return -1;
        }
    }
    return 0;
}

static const char *item_status(const struct catalog_item *it, char *buf,
                               size_t len)
{
    if (it->on_shelf)
        snprintf(buf, len, "on the shelf");
    else if (it->lead_days >= 0)
        snprintf(buf, len, "order, ~%d days", it->lead_days);
    else
        snprintf(buf, len, "unavailable");
    return buf;
}

static void print_items(const struct catalog_result *r)
{
    char price[48], status[32];

    printf("%-22s %-26s %14s  %-16s %s\n", "BRAND", "MODEL", "PRICE",
           "AVAILABILITY", "SIZES");
    for (int i = 0; i < r->n_items; i++) {
        const struct catalog_item *it = &r->items[i];

        printf("%-22.22s %-26.26s %14s  %-16s %d\n",
               it->brand ? it->brand : "",
               it->model ? it->model : "",
               fmt_price(it->price_min, it->currency, price, sizeof(price)),
               item_status(it, status, sizeof(status)), it->n_variants);
    }
}

static void print_facets(const struct catalog_result *r)
{
    for (int d = 0; d < CATALOG_NDIMS; d++) {
        const struct catalog_facet *f = &r->facets[d];

        if (f->n == 0)
            continue;
        printf("%-9s", catalog_dim_name((enum catalog_dim)d));
        for (int i = 0; i < f->n && i < 8; i++)
            printf("%s %s (%d)", i ? "," : "", f->values[i].value,
                   f->values[i].count);
        printf("%s\n", f->n > 8 ? ", ..." : "");
    }
}

static int cmd_search(struct ctl *c, int argc, char **argv)
{
    struct catalog_query q = {0};
    struct catalog_result r = {0};
    struct catalog *cat;
    char a[32];
    int page = 1, rc;

    q.limit = 20;
    if (parse_search(argc, argv, &q, &page) < 0)
        return usage(stderr), EXIT_USAGE;
    q.offset = (page - 1) * q.limit;

    cat = ctl_open(c, CATALOG_READONLY);
    if (!cat)
        return EXIT_FAIL;
    rc = catalog_query(cat, &q, &r);
    if (rc < 0) {
        fprintf(stderr, "kioskctl: search: %s\n", kerr_msg());
        catalog_close(cat);
        return EXIT_FAIL;
    }

    printf("%s frames match", fmt_count(r.total, a, sizeof(a)));
    if (r.total > r.n_items)
        printf(" (showing %d-%d)", q.offset + 1, q.offset + r.n_items);
    printf("\n\n");
    if (r.n_items > 0)
        print_items(&r);
    if (q.facets) {
        printf("\n");
        print_facets(&r);
    }
    rc = r.total > 0 ? EXIT_OK : EXIT_NONE;
    catalog_result_free(&r);
    catalog_close(cat);
    return rc;
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

static void print_size(const struct product_variant *v, char *buf,
                       size_t len)
{
    const struct product_size *z = &v->size;

    if (z->measured)
        snprintf(buf, len, "%.0f-%.0f-%.0f mm", z->lens_mm, z->bridge_mm,
                 z->temple_mm);
    else if (z->title_lens_mm > 0)
        snprintf(buf, len, "lens %d (title)", z->title_lens_mm);
    else if (z->fit[0])
        snprintf(buf, len, "fit %s", z->fit);
    else
        snprintf(buf, len, "%s", or_dash(z->text ? z->text : v->size_label));
}

static void print_product(const struct product *p, int lead_default)
{
    char price[48], size[64], avail[32];

    printf("%s %s\n", or_dash(p->brand), or_dash(p->model));
    printf("  category  %s\n", product_category_name(p->category));
    printf("  shape     %-14s material %-14s rim %s\n", or_dash(p->shape),
           or_dash(p->material), or_dash(p->rim));
    printf("  for       %-14s colours  %s\n", or_dash(p->gender),
           or_dash(p->colours));
    printf("  handle    %s (%zu image%s)\n", or_dash(p->handle),
           p->n_images, p->n_images == 1 ? "" : "s");
    if (p->description && *p->description)
        printf("  about     %.300s\n", p->description);

    printf("\n  %-22s %-14s %-20s %14s  %s\n", "SKU", "COLOUR", "SIZE",
           "PRICE", "AVAILABILITY");
    for (size_t i = 0; i < p->n_variants; i++) {
        const struct product_variant *v = &p->variants[i];
        int lead = v->lead_days >= 0 ? v->lead_days : lead_default;

        print_size(v, size, sizeof(size));
        if (v->shelf_qty > 0)
            snprintf(avail, sizeof(avail), "%d on the shelf", v->shelf_qty);
        else if (v->orderable)
            snprintf(avail, sizeof(avail), "order, ~%d days", lead);
        else
            snprintf(avail, sizeof(avail), "unavailable");
        printf("  %-22.22s %-14.14s %-20.20s %14s  %s\n", or_dash(v->sku),
               or_dash(v->colour), size,
               fmt_price(v->price, v->currency, price, sizeof(price)),
               avail);
    }
}

static int cmd_show(struct ctl *c, int argc, char **argv)
{
    struct product p = {0};
    struct catalog *cat;
    int64_t id;
    int rc;

    if (argc != 2)
        return usage(stderr), EXIT_USAGE;
    cat = ctl_open(c, CATALOG_READONLY);
    if (!cat)
        return EXIT_FAIL;

    rc = catalog_find_sku(cat, argv[1], &id);
    if (rc == 0)
        rc = catalog_get(cat, id, &p);
    if (rc == KERR_NOTFOUND) {
        fprintf(stderr, "kioskctl: no product has SKU '%s'\n", argv[1]);
        catalog_close(cat);
        return EXIT_NONE;
    }
    if (rc < 0) {
        fprintf(stderr, "kioskctl: show: %s\n", kerr_msg());
        catalog_close(cat);
        return EXIT_FAIL;
    }

    print_product(&p, c->cfg.lead_days);
    product_clear(&p);
    catalog_close(cat);
    return EXIT_OK;
}

/* Ask the shop for its first page, briefly; for status, not for sync. */
static void print_reachable(const struct config *cfg)
{
    const struct shop_ops *ops = shop_find(cfg->platform);
    struct shop_request rq = {0};
    struct http_response resp = {0};
    struct http_client *h;
    struct http_opts ho;
    enum log_level saved = log_get_level();

    if (strcmp(cfg->platform, "demo") == 0) {
        printf("shop         built-in demo store (no network needed)\n");
        return;
    }
    if (!ops || ops->request(cfg, 1, &rq) < 0)
        return;

    http_opts_default(&ho);
    ho.connect_timeout_ms = 5000;
    ho.timeout_ms = 15000;
    ho.retries = 0;
    h = http_client_new(&ho);
    log_set_level(LOG_QUIET);
    if (h && http_get(h, rq.url, rq.userpwd[0] ? rq.userpwd : NULL, NULL,
                      NULL, &resp) == 0)
        printf("shop         %s: reachable\n", cfg->platform);
    else
        printf("shop         %s: NOT reachable: %s\n", cfg->platform,
               kerr_msg());
    log_set_level(saved);
    http_response_clear(&resp);
    http_client_free(h);
}

static int64_t cache_bytes(const struct config *cfg)
{
    char dir[CONFIG_PATH_MAX + 16];
    struct imgcache *ic;
    int64_t n;

    config_data_path(cfg, "images", dir, sizeof(dir));
    ic = imgcache_open(dir, (int64_t)cfg->cache_mb << 20, NULL);
    n = ic ? imgcache_bytes(ic) : 0;
    imgcache_close(ic);
    return n;
}

static int cmd_status(struct ctl *c)
{
    struct catalog_stats st;
    struct catalog *cat;
    char a[32], b[32], w[64], err[600];

    printf("config       %s\n", c->cfg.path[0] ? c->cfg.path
                                                : "built-in (demo store)");
    printf("data         %s\n", c->cfg.data_dir);
    cat = ctl_open(c, CATALOG_READONLY);
    if (!cat)
        return EXIT_FAIL;
    if (catalog_stats(cat, &st) < 0) {
        fprintf(stderr, "kioskctl: status: %s\n", kerr_msg());
        catalog_close(cat);
        return EXIT_FAIL;
    }

    printf("products     %s frames (%s on the shelf), %s accessories\n",
           fmt_count(st.products, a, sizeof(a)),
           fmt_count(st.on_shelf, b, sizeof(b)),
           fmt_count(st.accessories, w, sizeof(w)));
    printf("variants     %s; %d hidden, %d retired\n",
           fmt_count(st.variants, a, sizeof(a)), st.hidden, st.retired);
    printf("last sync    %s\n", fmt_when(st.last_sync, w, sizeof(w)));
    if (catalog_meta_get(cat, "sync.last_error", err, sizeof(err)) == 0 &&
        err[0])
        printf("last error   %s\n", err);
    printf("database     %s\n", fmt_bytes(st.db_bytes, a, sizeof(a)));
    printf("image cache  %s\n", fmt_bytes(cache_bytes(&c->cfg), a,
                                          sizeof(a)));
    catalog_close(cat);
    print_reachable(&c->cfg);
    return EXIT_OK;
}

static int cmd_demo(struct ctl *c, int argc, char **argv)
{
    struct demo_opts o = {c->cfg.demo_products, c->cfg.demo_seed, 0, NULL};
    char images[CONFIG_PATH_MAX + 16];

    if (argc == 4 && strcmp(argv[2], "--products") == 0 && atoi(argv[3]) > 0)
        o.products = atoi(argv[3]);
    else if (argc != 2)
        return usage(stderr), EXIT_USAGE;

    snprintf(images, sizeof(images), "file://%s/img", argv[1]);
    o.images = images;
    if (demo_write_store(&o, argv[1]) < 0) {
        fprintf(stderr, "kioskctl: demo: %s\n", kerr_msg());
        return EXIT_FAIL;
    }
    printf("wrote a %d-product demo store to %s\n", o.products, argv[1]);
    return EXIT_OK;
}

/*
 * The staff PIN as config stores it: "salt$sha256(salt + PIN)" in hex,
 * with a random salt, so the file never holds the PIN itself.
 */
static int cmd_pin(int argc, char **argv)
{
    char pin[64] = "", salted[96], hex[SHA256_HEX_LEN], salt[17];
    unsigned char raw[8];
    FILE *r;
    size_t n;

    if (argc == 2)
        snprintf(pin, sizeof(pin), "%s", argv[1]);
    else if (argc != 1 || !fgets(pin, sizeof(pin), stdin))
        return usage(stderr), EXIT_USAGE;
    pin[strcspn(pin, "\r\n")] = '\0';
    n = strlen(pin);
    if (n < 4 || n > 7 || strspn(pin, "0123456789") != n) {
        fprintf(stderr, "kioskctl: a PIN is 4 to 7 digits\n");
        return EXIT_USAGE;
    }

    r = fopen("/dev/urandom", "rb");
    if (!r || fread(raw, 1, sizeof(raw), r) != sizeof(raw)) {
        fprintf(stderr, "kioskctl: no randomness for the salt\n");
        if (r)
            fclose(r);
        return EXIT_FAIL;
    }
    fclose(r);
    for (size_t i = 0; i < sizeof(raw); i++)
        snprintf(salt + 2 * i, 3, "%02x", raw[i]);
    snprintf(salted, sizeof(salted), "%s%s", salt, pin);
    sha256_hex(salted, strlen(salted), hex);
    printf("[staff]\npin_hash = %s$%s\n", salt, hex);
    return EXIT_OK;
}

static int run(struct ctl *c, int argc, char **argv)
{
    const char *cmd = argv[0];

    if (strcmp(cmd, "sync") == 0)
        return cmd_sync(c, argc, argv);
    if (strcmp(cmd, "search") == 0)
        return cmd_search(c, argc, argv);
    if (strcmp(cmd, "show") == 0)
        return cmd_show(c, argc, argv);
    if (strcmp(cmd, "status") == 0 && argc == 1)
        return cmd_status(c);
    if (strcmp(cmd, "demo") == 0)
        return cmd_demo(c, argc, argv);
    if (strcmp(cmd, "pin") == 0)
        return cmd_pin(argc, argv);
    if (strcmp(cmd, "help") == 0)
        return usage(stdout), EXIT_OK;
    return usage(stderr), EXIT_USAGE;
}

int main(int argc, char **argv)
{
    static const struct option longs[] = {
        {"config", required_argument, NULL, 'c'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *config_path = NULL;
    struct ctl c;
    int verbose = 0, opt, rc;

    while ((opt = getopt_long(argc, argv, "+c:vh", longs, NULL)) != -1) {
        if (opt == 'c')
            config_path = optarg;
        else if (opt == 'v')
            verbose = 1;
        else
            return usage(opt == 'h' ? stdout : stderr),
                   opt == 'h' ? EXIT_OK : EXIT_USAGE;
    }
    if (optind >= argc)
        return usage(stderr), EXIT_USAGE;

    if (config_load(&c.cfg, config_path) < 0) {
        fprintf(stderr, "kioskctl: %s\n", kerr_msg());
        return EXIT_USAGE;
    }
    log_set_level(verbose ? LOG_DEBUG : c.cfg.log_level);
    if (fsutil_mkdirs(c.cfg.data_dir) < 0 ||
        config_data_path(&c.cfg, "catalog.db", c.db_path,
                         sizeof(c.db_path)) < 0) {
        fprintf(stderr, "kioskctl: %s\n", kerr_msg());
        return EXIT_FAIL;
    }

    rc = run(&c, argc - optind, argv + optind);
    return rc;
}
