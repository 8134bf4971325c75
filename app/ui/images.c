#include "images.h"

#include "imgcache.h"
#include "kerr.h"
#include "log.h"

#include <SDL2/SDL_image.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define IMAGES_QUEUE 64      /* requests waiting; older ones are dropped */
#define IMAGES_UPLOADS 4     /* textures made per frame at most */
#define IMAGES_KEY_MAX 1100
/* Textures held at most: a 960 px picture is ~1.8 MB, a thumbnail 0.2. */
#define IMAGES_MAX_BYTES (64LL * 1024 * 1024)

enum images_state { IM_WANTED, IM_LOADING, IM_READY, IM_FAILED };

struct images_entry {
    char key[IMAGES_KEY_MAX]; /* "px url" */
    enum images_state state;
    SDL_Surface *surface; /* decoded, waiting for upload */
    SDL_Texture *tex;
    int w, h;
    unsigned last; /* frame last asked for */
};

struct images {
    SDL_Renderer *ren;
    struct imgcache *cache; /* used by the worker only */
    struct images_entry *e;
    int n, cap;
    int64_t bytes; /* held by textures */
    unsigned frame;

    pthread_t worker;
    int started;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int stopping;
};

/* With the lock held: the most recently asked entry still wanted. */
static struct images_entry *images_next_wanted(struct images *im)
{
    struct images_entry *best = NULL;

    for (int i = 0; i < im->n; i++) {
        if (im->e[i].state == IM_WANTED &&
            (!best || im->e[i].last > best->last))
            best = &im->e[i];
    }
    return best;
}

static SDL_Surface *images_load(struct images *im, const char *key)
{
    char path[1200];
    const char *url = strchr(key, ' ');
    int px = atoi(key);

    if (!url || imgcache_path(im->cache, url + 1, px, path,
                              sizeof(path)) < 0)
        return NULL;
    return IMG_Load(path);
}

static void *images_work(void *arg)
{
    struct images *im = arg;
    char key[IMAGES_KEY_MAX];

    pthread_mutex_lock(&im->lock);
    while (!im->stopping) {
        struct images_entry *e = images_next_wanted(im);
        SDL_Surface *s;

        if (!e) {
            pthread_cond_wait(&im->cond, &im->lock);
            continue;
        }
        e->state = IM_LOADING;
        memcpy(key, e->key, sizeof(key));
        pthread_mutex_unlock(&im->lock);

        s = images_load(im, key);

        pthread_mutex_lock(&im->lock);
        /* The entry may have moved; find it again by key. */
        for (int i = 0; i < im->n; i++) {
            if (im->e[i].state == IM_LOADING &&
                strcmp(im->e[i].key, key) == 0) {
                im->e[i].surface = s;
                im->e[i].state = s ? IM_READY : IM_FAILED;
                s = NULL;
                break;
            }
        }
        if (s)
            SDL_FreeSurface(s);
    }
    pthread_mutex_unlock(&im->lock);
    return NULL;
}

struct images *images_open(SDL_Renderer *r, const char *cache_dir, int cap)
{
    struct images *im = calloc(1, sizeof(*im));

    if (!im)
        return NULL;
    im->ren = r;
    im->cap = cap > 16 ? cap : 16;
    im->e = calloc((size_t)im->cap, sizeof(*im->e));
    im->cache = imgcache_open(cache_dir, 0, NULL);
    pthread_mutex_init(&im->lock, NULL);
    pthread_cond_init(&im->cond, NULL);
    if (!im->e || !im->cache ||
        pthread_create(&im->worker, NULL, images_work, im) != 0) {
        log_warn("images", "no picture loader: %s", kerr_msg());
        images_close(im);
        return NULL;
    }
    im->started = 1;
    return im;
}

static void images_drop(struct images *im, struct images_entry *e)
{
    if (e->tex) {
        SDL_DestroyTexture(e->tex);
        im->bytes -= (int64_t)e->w * e->h * 4;
    }
    if (e->surface)
        SDL_FreeSurface(e->surface);
    memset(e, 0, sizeof(*e));
}

void images_close(struct images *im)
{
    if (!im)
        return;
    if (im->started) {
        pthread_mutex_lock(&im->lock);
        im->stopping = 1;
        pthread_cond_broadcast(&im->cond);
        pthread_mutex_unlock(&im->lock);
        pthread_join(im->worker, NULL);
    }
    for (int i = 0; i < im->n; i++)
        images_drop(im, &im->e[i]);
    imgcache_close(im->cache);
    pthread_cond_destroy(&im->cond);
    pthread_mutex_destroy(&im->lock);
    free(im->e);
    free(im);
}

/* With the lock held: room for one more entry, evicting the oldest one
   not being loaded. NULL if every slot is busy. */
static struct images_entry *images_slot(struct images *im)
{
    int victim = -1;

    if (im->n < im->cap)
        return &im->e[im->n++];
    for (int i = 0; i < im->n; i++) {
        if (im->e[i].state == IM_LOADING || im->e[i].last == im->frame)
            continue;
        if (victim < 0 || im->e[i].last < im->e[victim].last)
            victim = i;
    }
    if (victim < 0)
        return NULL;
    images_drop(im, &im->e[victim]);
    return &im->e[victim];
}

SDL_Texture *images_get(struct images *im, const char *url, int px, int *w,
                        int *h)
{
    char key[IMAGES_KEY_MAX];
    struct images_entry *e = NULL;

    if (!im || !url || !*url)
        return NULL;
    snprintf(key, sizeof(key), "%d %s", px, url);

    pthread_mutex_lock(&im->lock);
    for (int i = 0; i < im->n && !e; i++) {
        if (strcmp(im->e[i].key, key) == 0)
            e = &im->e[i];
    }
    if (!e) {
        e = images_slot(im);
        if (e) {
            memcpy(e->key, key, sizeof(key));
            e->state = IM_WANTED;
            pthread_cond_signal(&im->cond);
        }
    }
    if (e)
        e->last = im->frame;
    pthread_mutex_unlock(&im->lock);

    if (!e || !e->tex)
        return NULL;
    *w = e->w;
    *h = e->h;
    return e->tex;
}

/* With the lock held: drop the least recently drawn textures beyond the
   byte cap, never one drawn in this frame. */
static void images_trim(struct images *im)
{
    while (im->bytes > IMAGES_MAX_BYTES) {
        int victim = -1;

        for (int i = 0; i < im->n; i++) {
            struct images_entry *e = &im->e[i];

            if (!e->tex || e->last == im->frame)
                continue;
            if (victim < 0 || e->last < im->e[victim].last)
                victim = i;
        }
        if (victim < 0)
            return;
        images_drop(im, &im->e[victim]);
        im->e[victim] = im->e[--im->n];
    }
}

void images_frame(struct images *im)
{
    int uploads = 0;

    if (!im)
        return;
    pthread_mutex_lock(&im->lock);
    im->frame++;
    for (int i = 0; i < im->n && uploads < IMAGES_UPLOADS; i++) {
        struct images_entry *e = &im->e[i];

        if (e->state != IM_READY || !e->surface)
            continue;
        e->tex = SDL_CreateTextureFromSurface(im->ren, e->surface);
        e->w = e->surface->w;
        e->h = e->surface->h;
        if (e->tex)
            im->bytes += (int64_t)e->w * e->h * 4;
        SDL_FreeSurface(e->surface);
        e->surface = NULL;
        if (!e->tex)
            e->state = IM_FAILED;
        uploads++;
    }
    images_trim(im);
    pthread_mutex_unlock(&im->lock);
}

int images_busy(struct images *im)
{
    int busy = 0;

    if (!im)
        return 0;
    pthread_mutex_lock(&im->lock);
    for (int i = 0; i < im->n && !busy; i++)
        busy = im->e[i].state == IM_WANTED || im->e[i].state == IM_LOADING ||
               (im->e[i].state == IM_READY && !im->e[i].tex);
    pthread_mutex_unlock(&im->lock);
    return busy;
}

int images_cached(const struct images *im)
{
    return im ? im->n : 0;
}
