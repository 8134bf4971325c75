#include "sync.h"

#include "demo.h"
#include "fetcher.h"
#include "fsutil.h"
#include "http.h"
#include "imgcache.h"
#include "kerr.h"
#include "log.h"
#include "shop.h"
#include "stock.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SYNC_MAX_PAGES 5000
/* Pages fetched and parsed at once: hides shop latency, stays polite. */
#define SYNC_WORKERS 2
#define SYNC_MAX_FILE (256L * 1024 * 1024)

/* State of one sync run, shared by its phases. */
struct sync_run {
    const struct config *cfg;
    const struct sync_opts *opts;
    struct catalog *cat;
    struct http_client *http;
    struct sync_report *report;
    char pages_dir[CONFIG_PATH_MAX + 32];
    int products;  /* distinct products put so far */
};

static double sync_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sync_progress(struct sync_run *s, const char *phase, int done,
                          int total)
{
    struct sync_progress p = {phase, s->report->pages, s->products, done,
                              total};

    if (s->opts->progress)
        s->opts->progress(s->opts->ctx, &p);
}

/* Page files not used by this run belong to pages that changed or left. */
static void sync_prune_pages(struct sync_run *s, time_t started)
{
    char path[CONFIG_PATH_MAX + 320];
    struct dirent *e;
    struct stat st;
    DIR *d = opendir(s->pages_dir);

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", s->pages_dir, e->d_name);
        if (stat(path, &st) == 0 && st.st_mtime < started)
            unlink(path);
    }
    closedir(d);
}

/* Store one page's products; count the ones not seen on earlier pages. */
static int sync_put_page(struct sync_run *s, struct fetcher_page *pg,
                         int *fresh)
{
    *fresh = 0;
    for (size_t i = 0; i < pg->n; i++) {
        int rc = catalog_put(s->cat, &pg->products[i]);

        if (rc < 0)
            return rc;
        if (rc != CATALOG_DUPLICATE)
            (*fresh)++;
    }
    s->products += *fresh;
    s->report->pages++;
    s->report->skipped += pg->skipped;
    return 0;
}

/*
 * A shop answer that lost most of the catalog is far more likely broken
 * than true; refuse it rather than empty the kiosk.
 */
static int sync_min_products(struct catalog *cat)
{
    struct catalog_stats st;

    if (catalog_stats(cat, &st) < 0)
        return 1;
    return st.products / 2 > 1 ? st.products / 2 : 1;
}

static int sync_pages(struct sync_run *s, struct fetcher *f)
{
    struct fetcher_page *pg = NULL;
    int more = 1, fresh = 0, rc = 0;

    for (int page = 1; more && page <= SYNC_MAX_PAGES; page++) {
        rc = fetcher_next(f, page, &pg);
        if (rc < 0)
            break;
        rc = pg->rc < 0 ? kerr_set(pg->rc, "%s", pg->msg)
                        : sync_put_page(s, pg, &fresh);
        more = pg->more;
        fetcher_page_free(pg);
        if (rc < 0)
            break;
        /* Some shops answer every page past the end with the last one. */
        if (page > 1 && fresh == 0)
            more = 0;
        sync_progress(s, "catalog", 0, 0);
    }
    return rc;
}

static int sync_catalog(struct sync_run *s, const struct shop_ops *ops,
                        const struct http_opts *ho)
{
    int min = s->opts->force ? 1 : sync_min_products(s->cat);
    struct fetcher *f;
    int rc;

    rc = catalog_begin(s->cat);
    if (rc < 0)
        return rc;
    f = fetcher_start(s->cfg, ops, ho, s->pages_dir, SYNC_WORKERS);
    rc = f ? sync_pages(s, f) : KERR_NOMEM;
    fetcher_stop(f);
    if (rc < 0)
        goto fail;

    if (s->report->skipped > s->products) {
        rc = kerr_set(KERR_REFUSED, "%d of %d shop items were unusable; "
                      "keeping the previous catalog", s->report->skipped,
                      s->report->skipped + s->products);
        goto fail;
    }
    rc = catalog_commit(s->cat, min, &s->report->write);
    if (rc < 0)
        goto fail;
    return 0;

fail:
    catalog_rollback(s->cat);
    return rc;
}

/* The stock feed: a path, or a URL (file:// included). */
static int sync_stock(struct sync_run *s, const char *where)
{
    struct http_response resp = {0};
    struct stock_list list = {0};
    char *body = NULL;
    size_t len = 0;
    int rc;

    if (strstr(where, "://")) {
        rc = http_get(s->http, where, NULL, NULL, NULL, &resp);
        body = resp.body;
        len = resp.len;
    } else {
        rc = fsutil_read(where, SYNC_MAX_FILE, &body, &len);
    }
    if (rc < 0)
        goto out;

    rc = stock_parse(body, len, where, &list);
    if (rc < 0)
        goto out;
    rc = catalog_set_stock(s->cat, list.rows, list.n);
    if (rc == 0)
        s->report->stock_rows = (int)list.n;

out:
    stock_list_free(&list);
    if (body != resp.body)
        free(body);
    http_response_clear(&resp);
    return rc;
}

static void sync_http_opts(const struct config *cfg,
                           const struct sync_opts *o, struct http_opts *ho)
{
    http_opts_default(ho);
    ho->connect_timeout_ms = cfg->connect_timeout_s * 1000L;
    ho->timeout_ms = cfg->timeout_s * 1000L;
    ho->retries = cfg->retries;
    ho->backoff_max_ms = cfg->retry_max_s * 1000L;
    ho->cancel = o->cancel;
}

static void sync_image_progress(void *ctx, int done, int total)
{
    sync_progress(ctx, "images", done, total);
}

static int sync_images(struct sync_run *s)
{
    char dir[CONFIG_PATH_MAX + 16];
    struct imgcache_stats st = {0};
    struct imgcache *ic = NULL;
    struct http_opts ho;
    char **urls = NULL;
    size_t n = 0;
    int rc;

    config_data_path(s->cfg, "images", dir, sizeof(dir));
    ic = imgcache_open(dir, (int64_t)s->cfg->cache_mb * 1024 * 1024,
                       s->cfg->thumb_px);
    if (!ic)
        return KERR_IO;
    rc = catalog_image_urls(s->cat, &urls, &n);
    if (rc < 0)
        goto out;

    sync_http_opts(s->cfg, s->opts, &ho);
    rc = imgcache_fetch(ic, urls, n, &ho, s->cfg->parallel,
                        sync_image_progress, s, &st);
    s->report->images_fetched = st.fetched;
    s->report->images_failed = st.failed;
    s->report->images_cached = st.cached;

out:
    for (size_t i = 0; i < n; i++)
        free(urls[i]);
    free(urls);
    imgcache_close(ic);
    return rc;
}

/*
 * The demo store is a feed on local disk, written once per size and seed;
 * the sync then runs the same path a real feed does.
 */
static int sync_demo_setup(const struct config *cfg, struct config *eff)
{
    char dir[CONFIG_PATH_MAX + 16], stamp[CONFIG_PATH_MAX + 32];
    char want[64], have[64] = "";
    char images[CONFIG_PATH_MAX + 32];
    struct demo_opts o = {0};
    FILE *f;
    int rc;

    config_data_path(cfg, "demo", dir, sizeof(dir));
    snprintf(stamp, sizeof(stamp), "%s/stamp", dir);
    snprintf(want, sizeof(want), "%d %u 1\n", cfg->demo_products,
             cfg->demo_seed);
    f = fopen(stamp, "r");
    if (f) {
        if (!fgets(have, sizeof(have), f))
            have[0] = '\0';
        fclose(f);
    }

    if (strcmp(want, have) != 0) {
        log_info("sync", "writing the demo store: %d products in %s",
                 cfg->demo_products, dir);
        snprintf(images, sizeof(images), "file://%s/img", dir);
        o = (struct demo_opts){cfg->demo_products, cfg->demo_seed, 0,
                               images};
        rc = fsutil_mkdirs(dir);
        if (rc == 0)
            rc = demo_write_store(&o, dir);
        if (rc == 0)
            rc = fsutil_write(stamp, want, strlen(want));
        if (rc < 0)
            return rc;
    }

    *eff = *cfg;
    snprintf(eff->platform, sizeof(eff->platform), "feed");
    if (snprintf(eff->url, sizeof(eff->url), "%s/catalog.json", dir) >=
            (int)sizeof(eff->url) ||
        (!cfg->stock[0] &&
         snprintf(eff->stock, sizeof(eff->stock), "%s/stock.csv", dir) >=
             (int)sizeof(eff->stock)))
        return kerr_set(KERR_INVAL, "data_dir: path too long");
    return 0;
}

static void sync_log_done(const struct sync_report *r)
{
    log_info("sync", "catalog: %d products from %d pages (%d new, %d "
             "changed, %d unchanged, %d retired, %d skipped) in %.1f s",
             r->write.seen, r->pages, r->write.added, r->write.changed,
             r->write.unchanged, r->write.retired, r->skipped, r->seconds);
}

static void sync_fail(struct catalog *cat, int rc)
{
    char msg[600];

    snprintf(msg, sizeof(msg), "%s", kerr_msg());
    log_error("sync", "failed, keeping the previous catalog: %s", msg);
    catalog_meta_set(cat, "sync.last_error", msg);
    kerr_set(rc, "%s", msg);
}

int sync_run(const struct config *cfg, struct catalog *cat,
             const struct sync_opts *opts, struct sync_report *out)
{
    static const struct sync_opts no_opts;
    struct sync_run s = {0};
    const struct shop_ops *ops;
    struct http_opts ho;
    struct config eff = *cfg;
    double t0 = sync_now();
    time_t started = time(NULL);
    int rc;

    memset(out, 0, sizeof(*out));
    s = (struct sync_run){.cfg = &eff, .opts = opts ? opts : &no_opts,
                          .cat = cat, .report = out};
    if (strcmp(cfg->platform, "demo") == 0) {
        rc = sync_demo_setup(cfg, &eff);
        if (rc < 0)
            goto out;
    }
    ops = shop_find(eff.platform);
    if (!ops) {
        rc = kerr_set(KERR_INVAL, "platform: no adapter for '%s'",
                      eff.platform);
        goto out;
    }

    sync_http_opts(&eff, s.opts, &ho);
    s.http = http_client_new(&ho);
    if (!s.http) {
        rc = KERR_NOMEM;
        goto out;
    }
    snprintf(s.pages_dir, sizeof(s.pages_dir), "%s/pages", eff.data_dir);
    rc = fsutil_mkdirs(s.pages_dir);
    if (rc == 0)
        rc = sync_catalog(&s, ops, &ho);
    if (rc < 0)
        goto out;
    out->seconds = sync_now() - t0;
    sync_log_done(out);
    catalog_meta_set(cat, "sync.last_error", "");
    sync_prune_pages(&s, started);

    if (eff.stock[0] && sync_stock(&s, eff.stock) < 0) {
        out->stock_failed = 1;
        log_error("sync", "stock feed: %s", kerr_msg());
        catalog_meta_set(cat, "sync.stock_error", kerr_msg());
    } else if (eff.stock[0]) {
        log_info("sync", "stock: %d SKUs from the shelf feed",
                 out->stock_rows);
        catalog_meta_set(cat, "sync.stock_error", "");
    }

    if (!s.opts->skip_images && sync_images(&s) < 0)
        log_warn("sync", "images: %s", kerr_msg());

out:
    if (rc < 0)
        sync_fail(cat, rc);
    http_client_free(s.http);
    out->seconds = sync_now() - t0;
    return rc;
}
