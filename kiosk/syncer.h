/*
 * syncer: the catalog sync on its own thread, every [sync] interval_min
 * and on request, so the app's main thread never waits for the shop.
 *
 * The thread has its own catalog connection; readers see a finished sync
 * all at once (catalog.h). The app polls syncer_status() once per frame.
 */
#ifndef KIOSK_SYNCER_H
#define KIOSK_SYNCER_H

#include "config.h"

#include <stdint.h>

struct syncer;

struct syncer_status {
    int running;        /* a sync is under way */
    int generation;     /* bumped each time a sync commits */
    int64_t last_good;  /* unix seconds of the last good sync, 0 never */
    int last_failed;    /* the last attempt failed (shop down, offline) */
    char last_error[256];
};

/*
 * Start the thread for `cfg` (copied). The first sync runs at once when
 * `now` is set, else after interval_min. NULL on failure.
 */
struct syncer *syncer_start(const struct config *cfg, int now);

/* Ask for a sync as soon as possible (staff "Sync now"). Any thread. */
void syncer_request(struct syncer *s);

/* A copy of the current status. Any thread. */
void syncer_status(struct syncer *s, struct syncer_status *out);

/* Stop: cancel a running sync, join the thread, free. Accepts NULL. */
void syncer_stop(struct syncer *s);

#endif
