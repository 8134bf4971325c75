#include "syncer.h"

#include "catalog.h"
#include "kerr.h"
#include "log.h"
#include "sync.h"

#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct syncer {
    struct config cfg;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int requested;
    int stopping;
    volatile int cancel; /* handed to sync_run */
    struct syncer_status status;
};

static void syncer_once(struct syncer *s, struct catalog *cat)
{
    struct sync_opts o = {0};
    struct sync_report r;
    struct catalog_stats st;
    int rc;

    o.cancel = &s->cancel;
    rc = sync_run(&s->cfg, cat, &o, &r);

    pthread_mutex_lock(&s->lock);
    s->status.running = 0;
    s->status.last_failed = rc < 0;
    snprintf(s->status.last_error, sizeof(s->status.last_error), "%s",
             rc < 0 ? kerr_msg() : "");
    if (rc == 0) {
        s->status.generation++;
        if (catalog_stats(cat, &st) == 0)
            s->status.last_good = st.last_sync;
    }
    pthread_mutex_unlock(&s->lock);
}

/* With the lock held: sleep until the next sync is due or asked for. */
static void syncer_wait(struct syncer *s)
{
    struct timespec until;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += (time_t)s->cfg.interval_min * 60;
    while (!s->requested && !s->stopping) {
        if (pthread_cond_timedwait(&s->cond, &s->lock, &until) == ETIMEDOUT)
            break;
    }
}

static void *syncer_main(void *arg)
{
    struct syncer *s = arg;
    char path[CONFIG_PATH_MAX + 16];
    struct catalog *cat;

    config_data_path(&s->cfg, "catalog.db", path, sizeof(path));
    cat = catalog_open(path, 0);
    if (!cat) {
        log_error("syncer", "no catalog to sync into: %s", kerr_msg());
        return NULL;
    }

    pthread_mutex_lock(&s->lock);
    while (!s->stopping) {
        if (!s->requested)
            syncer_wait(s);
        if (s->stopping)
            break;
        s->requested = 0;
        s->status.running = 1;
        pthread_mutex_unlock(&s->lock);

        syncer_once(s, cat);

        pthread_mutex_lock(&s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    catalog_close(cat);
    return NULL;
}

struct syncer *syncer_start(const struct config *cfg, int now)
{
    struct syncer *s = calloc(1, sizeof(*s));

    if (!s) {
        kerr_set(KERR_NOMEM, "syncer: out of memory");
        return NULL;
    }
    s->cfg = *cfg;
    s->requested = now;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    if (pthread_create(&s->thread, NULL, syncer_main, s) != 0) {
        kerr_set(KERR_NOMEM, "syncer: cannot start a thread");
        pthread_cond_destroy(&s->cond);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }
    return s;
}

void syncer_request(struct syncer *s)
{
    pthread_mutex_lock(&s->lock);
    s->requested = 1;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

void syncer_status(struct syncer *s, struct syncer_status *out)
{
    pthread_mutex_lock(&s->lock);
    *out = s->status;
    pthread_mutex_unlock(&s->lock);
}

void syncer_stop(struct syncer *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->stopping = 1;
    s->cancel = 1;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
