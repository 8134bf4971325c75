/*
 * bench_catalog: the catalog engine's speed and memory at full size.
 *
 * Serves a generated store (default 50,000 products, 150,000 variants)
 * from the fake shop in a child process, then measures in this process:
 * full sync time and peak memory, incremental sync after ~1% of products
 * change, search latency over realistic typed prefixes with and without
 * filters, facet counting, and database size. Prints figures; asserts
 * nothing, so a busy machine never fails a build.
 *
 *   bench_catalog [--products N] [--queries N] [--dir DIR]
 */
#include "catalog.h"
#include "config.h"
#include "demo.h"
#include "fakeshop.h"
#include "kerr.h"
#include "log.h"
#include "sync.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORDS 4000

struct shared {
    volatile int revision; /* the parent bumps it; the child serves it */
    volatile int ready;
    char url[128];
};

static struct shared *shared;
static struct demo_opts shop_demo;

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static long peak_rss_kb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/*
 * Pages as the Shopify adapter asks for them (250 a page), made before
 * the clock starts: the figures are the kiosk's, not the time the fake
 * shop takes to make up its answers on the same two cores.
 */
#define SHOP_LIMIT 250
#define SHOP_MAX_PAGES 1000

static char *shop_pages[2][SHOP_MAX_PAGES + 1];
static size_t shop_lens[2][SHOP_MAX_PAGES + 1];

static void prepare_pages(int products)
{
    int n = (products + SHOP_LIMIT - 1) / SHOP_LIMIT;

    for (int rev = 0; rev < 2; rev++) {
        struct demo_opts o = shop_demo;

        o.revision = rev;
        for (int p = 1; p <= n && p <= SHOP_MAX_PAGES; p++)
            shop_pages[rev][p] = demo_shopify_page(&o, p, SHOP_LIMIT,
                                                   &shop_lens[rev][p]);
    }
}

static char *serve(void *ctx, const char *path, int page, int limit,
                   size_t *len, int *status, const char **type, int *tp)
{
    struct demo_opts o = shop_demo;
    int rev = shared->revision ? 1 : 0;
    char *copy;

    (void)ctx;
    (void)status;
    (void)type;
    (void)tp;
    if (strcmp(path, "/products.json") != 0)
        return NULL;
    page = page ? page : 1;
    if (limit == SHOP_LIMIT && page <= SHOP_MAX_PAGES &&
        shop_pages[rev][page]) {
        copy = malloc(shop_lens[rev][page] + 1);
        if (copy) {
            memcpy(copy, shop_pages[rev][page], shop_lens[rev][page] + 1);
            *len = shop_lens[rev][page];
        }
        return copy;
    }
    o.revision = rev;
    return demo_shopify_page(&o, page, limit ? limit : 30, len);
}

/* The shop runs in a child so this process's memory is the kiosk's. */
static pid_t start_shop(int products)
{
    pid_t pid = fork();

    if (pid != 0)
        return pid;

    shop_demo = (struct demo_opts){products, 42, 0,
                                   "http://127.0.0.1:9/img"};
    prepare_pages(products);
    struct fakeshop *fs = fakeshop_start(NULL);
    if (!fs)
        _exit(1);
    fakeshop_set_handler(fs, serve, NULL);
    snprintf(shared->url, sizeof(shared->url), "%s", fakeshop_url(fs));
    shared->ready = 1;
    for (;;)
        pause();
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static void print_pcts(const char *what, double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    printf("%-34s p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  (n=%d)\n",
           what, v[n / 2], v[n * 95 / 100], v[n * 99 / 100], n);
}

/* Words customers type: brands, models, colours, shapes from the data. */
static int collect_words(struct catalog *cat, char **words)
{
    struct catalog_query q = {0};
    struct catalog_result r;
    int n = 0;

    q.limit = 400;
    q.sort = CATALOG_SORT_NEWEST;
    q.facets = 1;
    if (catalog_query(cat, &q, &r) < 0)
        return 0;
    for (int i = 0; i < r.n_items && n + 2 < MAX_WORDS / 2; i++) {
        if (r.items[i].brand)
            words[n++] = strdup(r.items[i].brand);
        if (r.items[i].model)
            words[n++] = strdup(r.items[i].model);
    }
    for (int d = 0; d < CATALOG_NDIMS; d++) {
        if (d != CATALOG_COLOUR && d != CATALOG_SHAPE &&
            d != CATALOG_MATERIAL)
            continue;
        for (int i = 0; i < r.facets[d].n && n < MAX_WORDS; i++)
            words[n++] = strdup(r.facets[d].values[i].value);
    }
    catalog_result_free(&r);
    return n;
}

/* A prefix of a word, one letter up to the whole, as typed key by key. */
static void typed_prefix(const char *word, unsigned r, char *buf,
                         size_t len)
{
    size_t wl = strlen(word);
    size_t cut = 1 + r % (wl ? wl : 1);

    if (cut >= len)
        cut = len - 1;
    memcpy(buf, word, cut);
    buf[cut] = '\0';
}

/*
 * One pass of `nq` queries over typed prefixes. `mode` 0: text only;
 * 1: text with a shape filter, shelf filter and sort; 2: as 1 with all
 * facet counts. Each pass types its own sequence, so one pass's cached
 * text matches never flatter another's figures.
 */
static void bench_pass(struct catalog *cat, char **words, int nw, int nq,
                       int mode, unsigned seed, double *ms)
{
    for (int i = 0; i < nq; i++) {
        struct catalog_query q = {0};
        struct catalog_result r;
        char text[64];
        double t;

        seed = seed * 1103515245 + 12345;
        typed_prefix(words[(seed >> 8) % (unsigned)nw], seed >> 20, text,
                     sizeof(text));
        q.text = text;
        q.limit = 24;
        if (mode > 0) {
            q.chosen[CATALOG_SHAPE][0] = i % 2 ? "round" : "square";
            q.on_shelf = i % 3 == 0;
            q.sort = (enum catalog_sort)(i % 5);
        }
        q.facets = mode == 2;

        t = now_ms();
        catalog_query(cat, &q, &r);
        ms[i] = now_ms() - t;
        catalog_result_free(&r);
    }
}

static void bench_queries(struct catalog *cat, int nq)
{
    static const char *const what[] = {"search page, text only",
                                       "search page, text + filters/sort",
                                       "search page + all facet counts"};
    char *words[MAX_WORDS];
    double *ms = calloc((size_t)nq, sizeof(double));
    int nw = collect_words(cat, words);

    if (nw == 0 || !ms) {
        fprintf(stderr, "bench: no words to search for\n");
        exit(1);
    }
    for (int mode = 0; mode < 3; mode++) {
        bench_pass(cat, words, nw, nq, mode, 12345u + 977u * mode, ms);
        print_pcts(what[mode], ms, nq);
    }
    for (int i = 0; i < nw; i++)
        free(words[i]);
    free(ms);
}

static void run_sync(struct config *cfg, struct catalog *cat,
                     const char *what)
{
    struct sync_opts o = {0};
    struct sync_report r;
    double t = now_ms();

    o.skip_images = 1;
    if (sync_run(cfg, cat, &o, &r) < 0) {
        fprintf(stderr, "bench: %s failed: %s\n", what, kerr_msg());
        exit(1);
    }
    printf("%-34s %8.2f s   (%d products, %d changed, %d pages; peak "
           "RSS %.1f MB)\n",
           what, (now_ms() - t) / 1e3, r.write.seen,
           r.write.changed + r.write.added, r.pages,
           (double)peak_rss_kb() / 1024);
}

int main(int argc, char **argv)
{
    int products = 50000, queries = 2000;
    char dir[256] = "", db[300];
    struct catalog_stats st;
    struct catalog *cat;
    struct config cfg;
    pid_t shop;

    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--products") == 0)
            products = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--queries") == 0)
            queries = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--dir") == 0)
            snprintf(dir, sizeof(dir), "%s", argv[i + 1]);
    }
    if (!dir[0]) {
        snprintf(dir, sizeof(dir), "/tmp/kiosk-bench-XXXXXX");
        if (!mkdtemp(dir))
            return 1;
    }
    log_set_level(LOG_WARN);
    shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    shop = start_shop(products);
    while (!shared->ready)
        usleep(10000);

    config_defaults(&cfg);
    snprintf(cfg.platform, sizeof(cfg.platform), "shopify");
    snprintf(cfg.url, sizeof(cfg.url), "%s", shared->url);
    snprintf(cfg.data_dir, sizeof(cfg.data_dir), "%s", dir);
    snprintf(db, sizeof(db), "%s/catalog.db", dir);
    cat = catalog_open(db, 0);
    if (!cat) {
        fprintf(stderr, "bench: %s\n", kerr_msg());
        return 1;
    }

    printf("catalog benchmark: %d products, data in %s\n\n", products, dir);
    printf("%-34s %8.1f MB\n", "RSS before sync",
           (double)peak_rss_kb() / 1024);
    run_sync(&cfg, cat, "full sync");
    shared->revision = 1;
    run_sync(&cfg, cat, "incremental sync (~1% changed)");

    bench_queries(cat, queries);
    catalog_stats(cat, &st);
    printf("%-34s %8.1f MB   (%d products, %d variants)\n",
           "database size", (double)st.db_bytes / (1 << 20), st.products,
           st.variants);

    catalog_close(cat);
    kill(shop, SIGTERM);
    waitpid(shop, NULL, 0);
    return 0;
}
