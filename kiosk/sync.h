/*
 * sync: bring the online shop's catalog and the shelf stock into the
 * catalog database.
 *
 * Pages are fetched and parsed one at a time and written inside a single
 * catalog transaction, so memory stays small and the previous catalog
 * stays in place until everything has arrived and made sense. Images are
 * fetched after the catalog is committed; a broken image never fails a
 * sync. Runs on whichever thread calls it (the app's sync thread, or
 * kioskctl's main thread).
 */
#ifndef KIOSK_SYNC_H
#define KIOSK_SYNC_H

#include "catalog.h"
#include "config.h"

struct sync_progress {
    const char *phase; /* "catalog", "stock", "images" */
    int page;          /* pages fetched so far */
    int products;      /* products parsed so far */
    int done, total;   /* images: done of total */
};

typedef void (*sync_progress_fn)(void *ctx, const struct sync_progress *p);

struct sync_report {
    struct catalog_write_stats write;
    int pages;
    int skipped; /* shop items too broken to keep */
    int stock_rows;
    int stock_failed; /* the catalog synced but the stock feed did not */
    int images_fetched, images_failed, images_cached;
    double seconds;
};

struct sync_opts {
    volatile int *cancel;   /* set non-zero to stop; may be NULL */
    sync_progress_fn progress; /* may be NULL */
    void *ctx;
    int skip_images; /* 1: catalog and stock only */
    int force;       /* 1: accept a catalog far smaller than the last */
};

/*
 * Sync the shop named in `cfg` into `cat` (a writable catalog). On any
 * failure the previous catalog is untouched, the error is recorded in the
 * catalog's meta "sync.last_error", and a negative code is returned.
 * A failing stock feed or image is reported in `out` and logged but does
 * not fail the sync: the catalog itself is good. The demo platform first
 * writes its store under data_dir/demo, then syncs it as a feed.
 */
int sync_run(const struct config *cfg, struct catalog *cat,
             const struct sync_opts *opts, struct sync_report *out);

#endif
