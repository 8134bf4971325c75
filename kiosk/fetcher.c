#include "fetcher.h"

#include "fsutil.h"
#include "kerr.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define FETCHER_MAX_PAGES 5000
#define FETCHER_MAX_WORKERS 4
#define FETCHER_MAX_FILE (256UL * 1024 * 1024)

struct fetcher {
    const struct config *cfg;
    const struct shop_ops *ops;
    struct http_opts http;      /* cancel points at `abort` */
    volatile int *user_cancel;  /* the caller's flag, polled while waiting */
    volatile int abort;         /* stops transfers and backoffs */
    char pages_dir[CONFIG_PATH_MAX + 32];

    pthread_t threads[FETCHER_MAX_WORKERS];
    int n_threads;
    int workers;

    pthread_mutex_t lock;
    pthread_cond_t cond;
    int next;       /* the next page a worker may take */
    int taken;      /* pages handed to the caller so far */
    int known_more; /* pages 1..known_more all parsed, all said "more" */
    int ended;      /* a page said "no more" or failed: take no more */
    int stopping;
    unsigned char said[FETCHER_MAX_PAGES + 2]; /* 1 more, 2 end or error */
    struct fetcher_page *ready[FETCHER_MAX_WORKERS + 1]; /* by page % n */
};

/* Collects the products of one page as the adapter emits them. */
struct fetcher_sink {
    struct fetcher_page *pg;
    size_t cap;
};

static int fetcher_collect(void *ctx, struct product *p)
{
    struct fetcher_sink *s = ctx;
    struct fetcher_page *pg = s->pg;

    if (pg->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 64;
        struct product *grown;

        grown = realloc(pg->products, ncap * sizeof(*grown));
        if (!grown) {
            product_clear(p);
            return kerr_set(KERR_NOMEM, "out of memory parsing a page");
        }
        pg->products = grown;
        s->cap = ncap;
    }
    pg->products[pg->n++] = *p; /* the page owns it now */
    return 0;
}

static uint64_t fetcher_hash(const char *a, const char *b)
{
    uint64_t h = 1469598103934665603ULL;

    for (const char *p = a; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    h = (h ^ '\n') * 1099511628211ULL;
    for (const char *p = b; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return h;
}

/*
 * A page fetched with validators is kept as <hash(url)>.v (the
 * validators) and <hash(url, validators)>.json (the body), so a body can
 * never be mistaken for another version of the page.
 */
static void fetcher_files(const struct fetcher *f, const char *url,
                          const char *validators, char *vfile, char *body,
                          size_t len)
{
    snprintf(vfile, len, "%s/%016llx.v", f->pages_dir,
             (unsigned long long)fetcher_hash(url, ""));
    snprintf(body, len, "%s/%016llx.json", f->pages_dir,
             (unsigned long long)fetcher_hash(url, validators));
}

static void fetcher_read_validators(const char *vfile, char *etag,
                                    char *lm, char *both, size_t len)
{
    char *text = NULL;
    size_t n;

    etag[0] = lm[0] = both[0] = '\0';
    if (fsutil_read(vfile, 1024, &text, &n) < 0)
        return;
    snprintf(both, len, "%s", text);
    sscanf(text, "%255[^\t]\t%63[^\n]", etag, lm);
    free(text);
}

/*
 * GET one page, conditionally when an earlier sync kept it. On 304 the
 * body comes from the kept file; if that is gone, fetch in full.
 */
static int fetcher_get(struct fetcher *f, struct http_client *h,
                       const struct shop_request *rq,
                       struct http_response *resp)
{
    char vfile[CONFIG_PATH_MAX + 64], body[CONFIG_PATH_MAX + 64];
    char etag[256], lm[64], old[400], fresh[400];
    const char *userpwd = rq->userpwd[0] ? rq->userpwd : NULL;
    int rc;

    fetcher_files(f, rq->url, "", vfile, body, sizeof(vfile));
    fetcher_read_validators(vfile, etag, lm, old, sizeof(old));

    rc = http_get(h, rq->url, userpwd, etag, lm, resp);
    if (rc == 0 && resp->status == 304) {
        fetcher_files(f, rq->url, old, vfile, body, sizeof(vfile));
        http_response_clear(resp);
        if (fsutil_read(body, FETCHER_MAX_FILE, &resp->body,
                        &resp->len) == 0) {
            utimensat(AT_FDCWD, body, NULL, 0); /* still in use */
            utimensat(AT_FDCWD, vfile, NULL, 0);
            return 0;
        }
        rc = http_get(h, rq->url, userpwd, NULL, NULL, resp);
    }
    if (rc < 0 || (!resp->etag[0] && !resp->last_modified[0]))
        return rc;

    snprintf(fresh, sizeof(fresh), "%s\t%s", resp->etag,
             resp->last_modified);
    fetcher_files(f, rq->url, fresh, vfile, body, sizeof(vfile));
    if (fsutil_write(body, resp->body, resp->len) == 0)
        fsutil_write(vfile, fresh, strlen(fresh));
    return 0;
}

#define FETCHER_MAX_DETAIL_PAGES 10

/* Bring in one product's extra detail pages (WooCommerce variations). */
static int fetcher_detail(struct fetcher *f, struct http_client *h,
                          struct product *p)
{
    struct http_response resp = {0};
    struct shop_request rq;
    struct shop_page sp;
    int more = 1, rc = 0;

    for (int page = 1; more && page <= FETCHER_MAX_DETAIL_PAGES; page++) {
        memset(&rq, 0, sizeof(rq));
        rc = f->ops->detail(f->cfg, p, page, &rq);
        if (rc == 0)
            rc = http_get(h, rq.url, rq.userpwd[0] ? rq.userpwd : NULL,
                          NULL, NULL, &resp);
        if (rc == KERR_HTTP && resp.status == 404)
            rc = KERR_NOTFOUND;
        if (rc == 0) {
            sp = (struct shop_page){resp.body, resp.len, rq.url,
                                    resp.total_pages, page};
            more = 0;
            rc = f->ops->merge(f->cfg, &sp, p, &more);
        }
        http_response_clear(&resp);
        if (rc < 0)
            break;
    }
    p->needs_detail = 0;
    return rc;
}

/*
 * Products that asked for detail get it; one that has gone from the shop
 * in between is dropped and counted as skipped.
 */
static int fetcher_details(struct fetcher *f, struct http_client *h,
                           struct fetcher_page *pg)
{
    size_t kept = 0;
    int rc = 0;

    for (size_t i = 0; i < pg->n; i++) {
        struct product *p = &pg->products[i];

        if (rc == 0 && p->needs_detail && f->ops->detail && f->ops->merge)
            rc = fetcher_detail(f, h, p);
        if (rc == KERR_NOTFOUND) {
            log_warn("sync", "product %s vanished while syncing; skipped",
                     p->source_id);
            product_clear(p);
            pg->skipped++;
            rc = 0;
            continue;
        }
        pg->products[kept++] = *p;
    }
    pg->n = kept; /* entries past it were moved down or cleared */
    return rc;
}

/* Fetch and parse page `page` into a new fetcher_page (never NULL). */
static struct fetcher_page *fetcher_load(struct fetcher *f,
                                         struct http_client *h, int page)
{
    struct fetcher_page *pg = calloc(1, sizeof(*pg));
    struct fetcher_sink sink = {pg, 0};
    struct http_response resp = {0};
    struct shop_request rq = {0};
    struct shop_page sp;
    int rc;

    if (!pg)
        return NULL;
    pg->page = page;
    rc = f->ops->request(f->cfg, page, &rq);
    if (rc == 0)
        rc = fetcher_get(f, h, &rq, &resp);
    if (rc == 0) {
        sp = (struct shop_page){resp.body, resp.len, rq.url,
                                resp.total_pages, page};
        rc = f->ops->parse(f->cfg, &sp, fetcher_collect, &sink, &pg->more,
                           &pg->skipped);
    }
    if (rc >= 0)
        rc = fetcher_details(f, h, pg);
    if (rc < 0) {
        pg->rc = rc;
        snprintf(pg->msg, sizeof(pg->msg), "%s", kerr_msg());
    }
    http_response_clear(&resp);
    return pg;
}

static int fetcher_window(const struct fetcher *f)
{
    return f->workers + 1;
}

/*
 * Whether a worker may start page f->next now: memory is bounded by the
 * window, and pages past 1 are only fetched once the shop has shown it
 * has several, never past a page that said it was the last.
 */
static int fetcher_may_take(const struct fetcher *f)
{
    int p = f->next;

    if (f->stopping || f->ended || p > FETCHER_MAX_PAGES)
        return 0;
    if (p > f->taken + fetcher_window(f))
        return 0;
    return p == 1 || (f->known_more >= 1 && p <= f->known_more + f->workers);
}

/* With the lock held: publish a finished page and wake everyone. */
static void fetcher_store(struct fetcher *f, int page,
                          struct fetcher_page *pg)
{
    if (pg) {
        f->said[page] = pg->rc == 0 && pg->more ? 1 : 2;
        f->ready[page % fetcher_window(f)] = pg;
    } else {
        f->said[page] = 2;
    }
    if (f->said[page] == 2)
        f->ended = 1;
    while (f->known_more < FETCHER_MAX_PAGES &&
           f->said[f->known_more + 1] == 1)
        f->known_more++;
    pthread_cond_broadcast(&f->cond);
}

static void *fetcher_worker(void *arg)
{
    struct fetcher *f = arg;
    struct http_client *h = http_client_new(&f->http);

    pthread_mutex_lock(&f->lock);
    while (!f->stopping) {
        struct fetcher_page *pg;
        int page;

        if (!fetcher_may_take(f)) {
            pthread_cond_wait(&f->cond, &f->lock);
            continue;
        }
        page = f->next++;
        pthread_mutex_unlock(&f->lock);

        pg = h ? fetcher_load(f, h, page) : NULL;

        pthread_mutex_lock(&f->lock);
        fetcher_store(f, page, pg);
    }
    pthread_mutex_unlock(&f->lock);
    http_client_free(h);
    return NULL;
}

struct fetcher *fetcher_start(const struct config *cfg,
                              const struct shop_ops *ops,
                              const struct http_opts *http,
                              const char *pages_dir, int workers)
{
    struct fetcher *f = calloc(1, sizeof(*f));

    if (!f) {
        kerr_set(KERR_NOMEM, "out of memory starting the fetcher");
        return NULL;
    }
    f->cfg = cfg;
    f->ops = ops;
    f->http = *http;
    f->user_cancel = http->cancel;
    f->http.cancel = &f->abort;
    snprintf(f->pages_dir, sizeof(f->pages_dir), "%s", pages_dir);
    f->workers = workers < 1 ? 1
                 : workers > FETCHER_MAX_WORKERS ? FETCHER_MAX_WORKERS
                                                 : workers;
    f->next = 1;
    pthread_mutex_init(&f->lock, NULL);
    pthread_cond_init(&f->cond, NULL);

    for (int i = 0; i < f->workers; i++) {
        if (pthread_create(&f->threads[i], NULL, fetcher_worker, f) != 0)
            break;
        f->n_threads++;
    }
    if (f->n_threads == 0) {
        kerr_set(KERR_NOMEM, "could not start a fetch thread");
        fetcher_stop(f);
        return NULL;
    }
    f->workers = f->n_threads;
    return f;
}

int fetcher_next(struct fetcher *f, int page, struct fetcher_page **out)
{
    int slot = page % fetcher_window(f);
    struct timespec until;
    int rc = 0;

    pthread_mutex_lock(&f->lock);
    for (;;) {
        struct fetcher_page *pg = f->ready[slot];

        if (pg && pg->page == page) {
            f->ready[slot] = NULL;
            f->taken = page;
            pthread_cond_broadcast(&f->cond);
            *out = pg;
            break;
        }
        if (f->said[page] == 2) {
            rc = kerr_set(KERR_NOMEM, "out of memory fetching page %d",
                          page);
            break;
        }
        if (f->user_cancel && *f->user_cancel) {
            f->abort = 1;
            rc = kerr_set(KERR_CANCEL, "sync cancelled at page %d", page);
            break;
        }
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 100 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&f->cond, &f->lock, &until);
    }
    pthread_mutex_unlock(&f->lock);
    return rc;
}

void fetcher_page_free(struct fetcher_page *pg)
{
    if (!pg)
        return;
    for (size_t i = 0; i < pg->n; i++)
        product_clear(&pg->products[i]);
    free(pg->products);
    free(pg);
}

void fetcher_stop(struct fetcher *f)
{
    if (!f)
        return;

    pthread_mutex_lock(&f->lock);
    f->stopping = 1;
    f->abort = 1;
    pthread_cond_broadcast(&f->cond);
    pthread_mutex_unlock(&f->lock);
    for (int i = 0; i < f->n_threads; i++)
        pthread_join(f->threads[i], NULL);

    for (int i = 0; i <= FETCHER_MAX_WORKERS; i++)
        fetcher_page_free(f->ready[i]);
    pthread_cond_destroy(&f->cond);
    pthread_mutex_destroy(&f->lock);
    free(f);
}
