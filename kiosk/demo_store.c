/*
 * demo_store: the whole demo store written to a directory: catalog.json
 * in the generic feed format, stock.csv and the pictures, drawn on a few
 * threads.
 */
#include "demo_impl.h"

#include "fsutil.h"
#include "kerr.h"
#include "log.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEMO_THREADS 8 /* at most; one per online CPU */
#define NAME_SLOTS 8192 /* more than every look there is, twice over */
#define NAME_MAX_LEN 48

/* The distinct image names the catalog mentions. */
struct name_set {
    char (*slot)[NAME_MAX_LEN];
    char (*list)[NAME_MAX_LEN];
    int n;
};

static void feed_tags(struct demo_sb *b, const char *tags)
{
    const char *s = tags ? tags : "";

    demo_sb_put(b, "[", 1);
    while (*s) {
        const char *end = strstr(s, ", ");
        size_t len = end ? (size_t)(end - s) : strlen(s);
        char one[64];

        snprintf(one, sizeof(one), "%.*s", (int)len, s);
        if (s != tags)
            demo_sb_put(b, ",", 1);
        demo_sb_json(b, one);
        s += len + (end ? 2 : 0);
    }
    demo_sb_put(b, "]", 1);
}

static void feed_variant(struct demo_sb *b, const struct product_variant *v)
{
    demo_sb_str(b, "{\"id\":");
    demo_sb_json(b, v->source_id);
    demo_sb_str(b, ",\"sku\":");
    demo_sb_json(b, v->sku);
    demo_sb_str(b, ",\"colour\":");
    demo_sb_json(b, v->colour);
    if (v->size_label) {
        demo_sb_str(b, ",\"size\":");
        demo_sb_json(b, v->size_label);
    }
    if (v->size.lens_mm > 0)
        demo_sb_fmt(b, ",\"lens_width\":%g,\"bridge\":%g,\"temple\":%g,"
                  "\"frame_width\":%g,\"lens_height\":%g",
               v->size.lens_mm, v->size.bridge_mm, v->size.temple_mm,
               v->size.frame_width_mm, v->size.lens_height_mm);
    demo_sb_str(b, ",\"price\":");
    demo_sb_price(b, v->price);
    demo_sb_fmt(b, ",\"currency\":\"%s\",\"orderable\":%s,\"lead_days\":%d",
                v->currency, v->orderable ? "true" : "false", v->lead_days);
    if (v->tryon_image) {
        demo_sb_str(b, ",\"tryon_image\":");
        demo_sb_json(b, v->tryon_image);
    }
    demo_sb_put(b, "}", 1);
}

/* One product of catalog.json; shelf stock is left to stock.csv. */
static void feed_product(struct demo_sb *b, const struct product *p)
{
    static const char *const keys[] = {"handle", "title",    "brand", "model",
                                       "shape",  "material", "rim",   "gender"};
    const char *vals[] = {p->handle, p->title,    p->brand, p->model,
                          p->shape,  p->material, p->rim,   p->gender};

    demo_sb_str(b, "{\"id\":");
    demo_sb_json(b, p->source_id);
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        if (vals[k]) {
            demo_sb_fmt(b, ",\"%s\":", keys[k]);
            demo_sb_json(b, vals[k]);
        }
    }
    demo_sb_fmt(b, ",\"category\":\"%s\",\"tags\":",
                product_category_name(p->category));
    feed_tags(b, p->tags);
    demo_sb_str(b, ",\"description\":");
    demo_sb_html(b, p->description);
    demo_sb_str(b, ",\"images\":[");
    for (size_t k = 0; k < p->n_images; k++) {
        if (k)
            demo_sb_put(b, ",", 1);
        demo_sb_json(b, p->images[k]);
    }
    demo_sb_str(b, "],\"created\":");
    demo_sb_time(b, p->created);
    demo_sb_str(b, ",\"variants\":[");
    for (size_t k = 0; k < p->n_variants; k++) {
        if (k)
            demo_sb_put(b, ",", 1);
        feed_variant(b, &p->variants[k]);
    }
    demo_sb_str(b, "]}");
}

static uint32_t demo_fnv(const char *s)
{
    uint32_t h = 2166136261u;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

/* Add the file name at the end of `url`. */
static int name_set_add(struct name_set *ns, const char *url)
{
    const char *name = strrchr(url, '/');
    uint32_t h;

    name = name ? name + 1 : url;
    if (strlen(name) >= NAME_MAX_LEN || ns->n >= NAME_SLOTS / 2)
        return kerr_set(KERR_INVAL, "demo: image name '%.60s' unexpected",
                        name);
    h = demo_fnv(name) % NAME_SLOTS;
    while (ns->slot[h][0]) {
        if (strcmp(ns->slot[h], name) == 0)
            return 0;
        h = (h + 1) % NAME_SLOTS;
    }
    strcpy(ns->slot[h], name);
    strcpy(ns->list[ns->n++], name);
    return 0;
}

/* Everything the store's files need, built in memory first. */
struct store {
    struct demo_sb catalog, stock;
    struct name_set names;
    long variants;
};

static int store_add(struct store *st, const struct product *p, int first)
{
    int rc = 0;

    if (!first)
        demo_sb_put(&st->catalog, ",\n", 2);
    feed_product(&st->catalog, p);
    for (size_t k = 0; k < p->n_images && rc == 0; k++)
        rc = name_set_add(&st->names, p->images[k]);
    for (size_t k = 0; k < p->n_variants && rc == 0; k++) {
        const struct product_variant *v = &p->variants[k];

        if (v->tryon_image)
            rc = name_set_add(&st->names, v->tryon_image);
        if (v->sku && v->shelf_qty > 0)
            demo_sb_fmt(&st->stock, "%s,%d\n", v->sku, v->shelf_qty);
    }
    st->variants += (long)p->n_variants;
    return rc;
}

static int store_build(const struct demo_opts *o, struct store *st)
{
    struct product p;
    int rc = 0;

    st->names.slot = calloc(NAME_SLOTS, NAME_MAX_LEN);
    st->names.list = calloc(NAME_SLOTS / 2, NAME_MAX_LEN);
    if (!st->names.slot || !st->names.list)
        return kerr_set(KERR_NOMEM, "demo: out of memory");

    demo_sb_str(&st->catalog, "{\"feed\":\"optical-kiosk/1\",\"currency\":"
                              "\"EUR\",\"pages\":1,\"products\":[\n");
    demo_sb_str(&st->stock, "sku,quantity\n");
    for (int i = 0; i < o->products && rc == 0; i++) {
        rc = demo_product(o, i, &p);
        if (rc == 0)
            rc = store_add(st, &p, i == 0);
        product_clear(&p);
    }
    demo_sb_str(&st->catalog, "\n]}\n");
    if (rc == 0 && (st->catalog.failed || st->stock.failed))
        rc = kerr_set(KERR_NOMEM, "demo: out of memory");
    return rc;
}

/* Work shared by the drawing threads. */
struct draw_job {
    const struct name_set *names;
    const char *dir;
    pthread_mutex_t lock;
    int next;  /* next name to draw */
    int drawn; /* pictures actually drawn (others were on disk) */
    int rc;    /* first error */
    char msg[256];
};

static int draw_one(struct draw_job *job, const char *name, int *drawn)
{
    char path[PATH_MAX];
    struct demo_look look;
    struct stat st;
    unsigned char *png;
    size_t len;
    int rc;

    *drawn = 0;
    if (snprintf(path, sizeof(path), "%s/img/%s", job->dir, name) >=
        (int)sizeof(path))
        return kerr_set(KERR_INVAL, "demo: %.60s...: path too long", job->dir);
    /* The same name always draws the same picture: keep what is there. */
    if (stat(path, &st) == 0 && st.st_size > 0)
        return 0;
    if (demo_draw_parse(name, &look) < 0)
        return KERR_NOTFOUND;
    png = demo_draw_png(&look, &len);
    if (!png)
        return KERR_NOMEM;
    rc = fsutil_write(path, png, len);
    free(png);
    *drawn = rc == 0;
    return rc;
}

static void *draw_worker(void *arg)
{
    struct draw_job *job = arg;

    for (;;) {
        int k, rc, drawn;

        pthread_mutex_lock(&job->lock);
        k = job->rc == 0 && job->next < job->names->n ? job->next++ : -1;
        pthread_mutex_unlock(&job->lock);
        if (k < 0)
            return NULL;

        rc = draw_one(job, job->names->list[k], &drawn);
        pthread_mutex_lock(&job->lock);
        job->drawn += drawn;
        if (rc < 0 && job->rc == 0) {
            job->rc = rc;
            snprintf(job->msg, sizeof(job->msg), "%s", kerr_msg());
        }
        pthread_mutex_unlock(&job->lock);
    }
}

/* Draw the missing pictures on a couple of threads. */
static int store_draw(const struct name_set *names, const char *dir, int *drawn)
{
    struct draw_job job = {names, dir, PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, ""};
    pthread_t tid[DEMO_THREADS];
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int want = cpus < 1 ? 1 : cpus > DEMO_THREADS ? DEMO_THREADS : (int)cpus;
    int started = 0;

    for (int k = 0; k < want; k++) {
        if (pthread_create(&tid[k], NULL, draw_worker, &job) != 0)
            break;
        started++;
    }
    if (started == 0)
        draw_worker(&job);
    for (int k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    pthread_mutex_destroy(&job.lock);

    *drawn = job.drawn;
    if (job.rc < 0)
        return kerr_set(job.rc, "%s", job.msg);
    return 0;
}

static double demo_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int demo_write_store(const struct demo_opts *o, const char *dir)
{
    struct store st = {0};
    char path[PATH_MAX];
    double t0 = demo_now();
    int rc, drawn = 0;

    if (!o || !dir || !*dir || o->products < 1 ||
        o->products > DEMO_MAX_PRODUCTS)
        return kerr_set(KERR_INVAL, "demo: bad store options");
    if (snprintf(path, sizeof(path), "%s/img", dir) >= (int)sizeof(path))
        return kerr_set(KERR_INVAL, "demo: %.60s...: path too long", dir);
    rc = fsutil_mkdirs(path);
    if (rc < 0)
        goto out;

    rc = store_build(o, &st);
    if (rc == 0)
        rc = store_draw(&st.names, dir, &drawn);

    /* Catalog last: it never names a file that is not there yet. */
    snprintf(path, sizeof(path), "%s/stock.csv", dir);
    if (rc == 0)
        rc = fsutil_write(path, st.stock.p, st.stock.n);
    snprintf(path, sizeof(path), "%s/catalog.json", dir);
    if (rc == 0)
        rc = fsutil_write(path, st.catalog.p, st.catalog.n);
    if (rc == 0)
        log_info("demo", "%d products, %ld variants, %d images (%d drawn) "
                 "in %s, %.2f s", o->products, st.variants, st.names.n,
                 drawn, dir, demo_now() - t0);

out:
    free(st.catalog.p);
    free(st.stock.p);
    free(st.names.slot);
    free(st.names.list);
    return rc;
}

unsigned char *demo_image_png(const struct demo_opts *o, const char *name,
                              size_t *len)
{
    struct demo_look look;

    (void)o;
    if (!name || demo_draw_parse(name, &look) < 0) {
        kerr_set(KERR_NOTFOUND, "demo: no image named '%.80s'",
                 name ? name : "");
        return NULL;
    }
    return demo_draw_png(&look, len);
}
