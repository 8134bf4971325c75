/*
 * app: the kiosk program's state and the parts every screen shares: the
 * bottom bar, the language switch, the "Still there?" sheet, the session
 * and its reset. Each screen lives in its own file and draws itself with
 * the ui widgets from app_frame(). Main thread only.
 */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H

#include "catalog.h"
#include "config.h"
#include "display.h"
#include "font.h"
#include "gesture.h"
#include "idle.h"
#include "images.h"
#include "scroller.h"
#include "syncer.h"
#include "ui.h"

#include <stdint.h>

enum app_screen {
    SCREEN_ATTRACT,
    SCREEN_BROWSE,
    SCREEN_SEARCH,
    SCREEN_PRODUCT,
    SCREEN_SELECTION,
    SCREEN_STAFF,
};

#define APP_SELECTION_MAX 24
#define APP_PAGE 60 /* results held around the visible rows */

/* One item the customer picked: a variant of a product. */
struct app_pick {
    int64_t product_id;
    char variant_id[64];
    char title[160];  /* "Brand Model" */
    char detail[160]; /* "Tortoise · 52-18-145" */
    int64_t price;
    char currency[4];
    char image[512];
};

struct app {
    struct config cfg;
    struct display *display;
    struct font *font;
    struct ui *ui;
    struct images *images;
    SDL_Texture *logo; /* the store's logo, or NULL: its name is shown */
    struct catalog *cat;
    struct gesture *gesture;
    struct idle *idle;
    int w, h;    /* canvas */
    int64_t now; /* ms, from the real or the scripted clock */
    int frame_ms;       /* time since the previous frame, for motion */
    int64_t last_frame; /* a->now at the previous frame */
    int quit;
    int dev; /* developer keys allowed */
    struct syncer *syncer;     /* background sync; NULL in headless runs */
    struct syncer_status sync; /* as of the last frame */
    int catalog_stale; /* a sync landed mid-session: requery at reset */
    enum idle_state idle_state; /* as of the last frame */
    int idle_left;              /* seconds of countdown left */

    enum app_screen screen;
    int64_t screen_since; /* for transitions */

    /* browse and search */
    char text[96]; /* what the customer typed */
    int kb_layer;  /* on-screen keyboard: 0 letters, 1 accents */
    char chosen[CATALOG_NDIMS][4][48];
    int on_shelf;
    enum catalog_sort sort;
    int query_dirty; /* text or filters changed: count and facets again */
    struct catalog_result facets; /* counts for the chips */
    struct catalog_result page;   /* items [page_offset, +APP_PAGE) */
    int page_offset;
    int total;
    struct scroller *grid;
    int facet_open; /* the dimension whose sheet is open, or -1 */

    /* product */
    struct product product;
    int64_t product_id;
    int variant;     /* chosen variant index */
    int image;       /* picture shown, of the product's images */
    char notice[96]; /* short confirmation ("Added") */
    int64_t notice_until;

    /* my selection */
    struct app_pick picks[APP_SELECTION_MAX];
    int n_picks;

    /* staff */
    char pin[8];
    int pin_wrong;
    int staff_unlocked;
    int64_t corner_since; /* finger held on the hidden corner */
};

/* Open everything for `cfg`; NULL on failure (kerr_msg says why). */
struct app *app_new(const struct config *cfg, const struct display_opts *d,
                    const char *asset_dir);
void app_free(struct app *a); /* accepts NULL */

/* Sync the catalog in the background from now on (the real kiosk). */
void app_start_sync(struct app *a);

/* Draw one frame at time a->now (events already fed to the ui). */
void app_frame(struct app *a);

/* 1 when something moves and frames should keep coming. */
int app_animating(struct app *a);

/* Wipe everything of the session and return to the attract screen. */
void app_reset_session(struct app *a);

void app_go(struct app *a, enum app_screen s);

/* A touch happened: the idle timer starts again. */
void app_activity(struct app *a);

/* Shared pieces of screens. */
void app_bottom_bar(struct app *a);
int app_bar_height(const struct app *a);
void app_language_switch(struct app *a, SDL_Rect r);
void app_requery(struct app *a); /* text or filters changed */
/* The query the customer has built, for items [offset, offset+limit). */
void app_query(const struct app *a, struct catalog_query *q, int offset,
               int limit, int facets);
void app_open_product(struct app *a, int64_t id);

/* The screens, one file each. */
void attract_draw(struct app *a);
void browse_draw(struct app *a);
void search_draw(struct app *a);
void product_draw(struct app *a);
void selection_draw(struct app *a);
void staff_draw(struct app *a);

#endif
