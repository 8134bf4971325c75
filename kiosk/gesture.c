#include "gesture.h"

#include "kerr.h"
#include "log.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Recent positions of the followed finger, for the release velocity. At
   240 Hz a 100 ms window holds 24 samples. */
#define GESTURE_HISTORY 32

/* A swipe's main axis must carry this many times the other's speed. */
#define GESTURE_AXIS_RATIO 2.0f

enum gesture_state {
    GS_IDLE,     /* no finger down */
    GS_PRESSED,  /* following a finger that stayed within slop */
    GS_DRAGGING, /* following a finger that moved beyond slop */
    GS_BLOCKED,  /* cancelled; waiting until every finger has lifted */
};

struct gesture_sample {
    int64_t t;
    float x, y;
};

struct gesture_pointer {
    int64_t id;
    int64_t last_t; /* last event seen for it, to spot lost lifts */
};

struct gesture {
    struct gesture_opts o;
    enum gesture_state state;
    int64_t now; /* latest time seen; input never moves it back */

    struct gesture_pointer ptr[GESTURE_MAX_POINTERS];
    int nptr;

    /* The followed finger. */
    int64_t id;
    int64_t down_t;
    float start_x, start_y;
    float x, y;
    float drag_x, drag_y; /* position at the last DRAG queued */
    int long_fired;

    struct gesture_sample hist[GESTURE_HISTORY];
    int hist_head, hist_n; /* oldest sample and count */

    struct gesture_event q[GESTURE_QUEUE_MAX];
    int q_head, q_n;
    int dropped; /* events dropped since the last poll */
};

static int gesture_bad_float(float v)
{
    return !isfinite(v) || v < 0;
}

static int gesture_fill_opts(struct gesture_opts *o,
                             const struct gesture_opts *in)
{
    memset(o, 0, sizeof(*o));
    if (in)
        *o = *in;
    if (gesture_bad_float(o->px_per_mm) || gesture_bad_float(o->slop_px) ||
        gesture_bad_float(o->swipe_speed) || o->long_press_ms < 0 ||
        o->velocity_window_ms < 0 || o->stopped_ms < 0 || o->stale_ms < 0)
        return kerr_set(KERR_INVAL, "gesture: negative or non-finite "
                                    "option");

    if (o->px_per_mm == 0)
        o->px_per_mm = 4.0f;
    if (o->slop_px == 0)
        o->slop_px = 3.0f * o->px_per_mm;
    if (o->long_press_ms == 0)
        o->long_press_ms = 600;
    if (o->swipe_speed == 0)
        o->swipe_speed = 120.0f * o->px_per_mm;
    if (o->velocity_window_ms == 0)
        o->velocity_window_ms = 100;
    if (o->stopped_ms == 0)
        o->stopped_ms = 40;
    if (o->stale_ms == 0)
        o->stale_ms = 10000;
    return 0;
}

struct gesture *gesture_new(const struct gesture_opts *opts)
{
    struct gesture *g = calloc(1, sizeof(*g));

    if (!g) {
        kerr_set(KERR_NOMEM, "gesture: out of memory");
        return NULL;
    }
    if (gesture_fill_opts(&g->o, opts) < 0) {
        free(g);
        return NULL;
    }
    g->state = GS_IDLE;
    g->now = INT64_MIN;
    return g;
}

void gesture_free(struct gesture *g)
{
    free(g);
}

const char *gesture_type_name(enum gesture_type type)
{
    switch (type) {
    case GESTURE_PRESS: return "press";
    case GESTURE_TAP: return "tap";
    case GESTURE_LONG_PRESS: return "long-press";
    case GESTURE_DRAG_BEGIN: return "drag-begin";
    case GESTURE_DRAG: return "drag";
    case GESTURE_DRAG_END: return "drag-end";
    case GESTURE_SWIPE: return "swipe";
    case GESTURE_CANCEL: return "cancel";
    }
    return "?";
}

/* Input time, kept monotonic: a late or reordered event cannot make a
   long press or a velocity run backwards. */
static void gesture_clock(struct gesture *g, int64_t t_ms)
{
    if (t_ms > g->now)
        g->now = t_ms;
}

static int gesture_following(const struct gesture *g)
{
    return g->state == GS_PRESSED || g->state == GS_DRAGGING;
}

/* An event describing the followed finger as it is now. */
static struct gesture_event gesture_event_now(const struct gesture *g,
                                              enum gesture_type type)
{
    struct gesture_event ev;

    memset(&ev, 0, sizeof(ev));
    ev.type = type;
    ev.t_ms = g->now;
    ev.id = g->id;
    ev.x = g->x;
    ev.y = g->y;
    ev.start_x = g->start_x;
    ev.start_y = g->start_y;
    ev.total_x = g->x - g->start_x;
    ev.total_y = g->y - g->start_y;
    ev.dir = GESTURE_DIR_NONE;
    return ev;
}

/* Queue an event. A DRAG right after a queued DRAG is merged into it so
   fast input does not fill the queue; when full, the oldest goes. */
static void gesture_push(struct gesture *g, const struct gesture_event *ev)
{
    struct gesture_event *last;

    if (ev->type == GESTURE_DRAG && g->q_n > 0) {
        last = &g->q[(g->q_head + g->q_n - 1) % GESTURE_QUEUE_MAX];
        if (last->type == GESTURE_DRAG) {
            float dx = last->dx + ev->dx, dy = last->dy + ev->dy;

            *last = *ev;
            last->dx = dx;
            last->dy = dy;
            return;
        }
    }

    if (g->q_n == GESTURE_QUEUE_MAX) {
        if (g->dropped++ == 0)
            log_warn("gesture", "event queue full; dropping old events");
        g->q_head = (g->q_head + 1) % GESTURE_QUEUE_MAX;
        g->q_n--;
    }
    g->q[(g->q_head + g->q_n) % GESTURE_QUEUE_MAX] = *ev;
    g->q_n++;
}

static void gesture_push_type(struct gesture *g, enum gesture_type type)
{
    struct gesture_event ev = gesture_event_now(g, type);

    gesture_push(g, &ev);
}

int gesture_poll(struct gesture *g, struct gesture_event *out)
{
    if (g->q_n == 0)
        return 0;
    *out = g->q[g->q_head];
    g->q_head = (g->q_head + 1) % GESTURE_QUEUE_MAX;
    g->q_n--;
    g->dropped = 0;
    return 1;
}

/* Fire the long press once the finger has rested long enough. */
static void gesture_timers(struct gesture *g)
{
    if (g->state != GS_PRESSED || g->long_fired)
        return;
    if (g->now - g->down_t < g->o.long_press_ms)
        return;
    g->long_fired = 1;
    gesture_push_type(g, GESTURE_LONG_PRESS);
}

static int gesture_ptr_find(const struct gesture *g, int64_t id)
{
    for (int i = 0; i < g->nptr; i++) {
        if (g->ptr[i].id == id)
            return i;
    }
    return -1;
}

static void gesture_ptr_remove(struct gesture *g, int i)
{
    g->ptr[i] = g->ptr[g->nptr - 1];
    g->nptr--;
}

/* Drop the followed finger's gesture: CANCEL, then ignore every finger
   until all have lifted. */
static void gesture_abort(struct gesture *g)
{
    if (gesture_following(g))
        gesture_push_type(g, GESTURE_CANCEL);
    g->state = g->nptr > 0 ? GS_BLOCKED : GS_IDLE;
}

/* Remember a position of the followed finger. Repeated positions are
   not samples: a finger resting on glass must read as stopped. */
static void gesture_record(struct gesture *g, float x, float y)
{
    struct gesture_sample *s;
    int newest;

    g->x = x;
    g->y = y;
    if (g->hist_n > 0) {
        newest = (g->hist_head + g->hist_n - 1) % GESTURE_HISTORY;
        if (g->hist[newest].x == x && g->hist[newest].y == y)
            return;
    }
    if (g->hist_n == GESTURE_HISTORY) {
        g->hist_head = (g->hist_head + 1) % GESTURE_HISTORY;
        g->hist_n--;
    }
    s = &g->hist[(g->hist_head + g->hist_n) % GESTURE_HISTORY];
    s->t = g->now;
    s->x = x;
    s->y = y;
    g->hist_n++;
}

/* Start following a finger that landed with nothing else down. */
static void gesture_start(struct gesture *g, int64_t id, float x, float y)
{
    g->state = GS_PRESSED;
    g->id = id;
    g->down_t = g->now;
    g->start_x = g->drag_x = x;
    g->start_y = g->drag_y = y;
    g->long_fired = 0;
    g->hist_head = g->hist_n = 0;
    gesture_record(g, x, y);
    gesture_push_type(g, GESTURE_PRESS);
}

/* The followed finger is at (x, y): begin or continue a drag. */
static void gesture_follow(struct gesture *g, float x, float y)
{
    struct gesture_event ev;

    gesture_record(g, x, y);
    if (g->state == GS_PRESSED &&
        hypotf(x - g->start_x, y - g->start_y) > g->o.slop_px) {
        g->state = GS_DRAGGING;
        gesture_push_type(g, GESTURE_DRAG_BEGIN);
    }
    if (g->state != GS_DRAGGING || (x == g->drag_x && y == g->drag_y))
        return;

    ev = gesture_event_now(g, GESTURE_DRAG);
    ev.dx = x - g->drag_x;
    ev.dy = y - g->drag_y;
    g->drag_x = x;
    g->drag_y = y;
    gesture_push(g, &ev);
}

/* If every tracked finger has been silent for stale_ms, their lifts were
   most likely lost (focus change, driver hiccup): forget them rather
   than ignore the screen for good. */
static void gesture_drop_stale(struct gesture *g)
{
    for (int i = 0; i < g->nptr; i++) {
        if (g->now - g->ptr[i].last_t < g->o.stale_ms)
            return;
    }
    if (g->nptr > 0)
        log_info("gesture", "forgetting %d pointer(s) silent for %d ms",
                 g->nptr, g->o.stale_ms);
    g->nptr = 0;
    gesture_abort(g);
}

void gesture_down(struct gesture *g, int64_t t_ms, int64_t id, float x, float y)
{
    int i;

    if (!isfinite(x) || !isfinite(y))
        return;
    gesture_clock(g, t_ms);
    gesture_timers(g);

    i = gesture_ptr_find(g, id);
    if (i >= 0) {
        gesture_ptr_remove(g, i);
        if (g->id == id || g->nptr == 0)
            gesture_abort(g);
    }
    gesture_drop_stale(g);

    if (g->nptr < GESTURE_MAX_POINTERS) {
        g->ptr[g->nptr].id = id;
        g->ptr[g->nptr].last_t = g->now;
        g->nptr++;
    }
    if (g->state == GS_IDLE)
        gesture_start(g, id, x, y);
    else
        gesture_abort(g);
}

void gesture_move(struct gesture *g, int64_t t_ms, int64_t id, float x, float y)
{
    int i;

    if (!isfinite(x) || !isfinite(y))
        return;
    gesture_clock(g, t_ms);
    gesture_timers(g);

    i = gesture_ptr_find(g, id);
    if (i >= 0)
        g->ptr[i].last_t = g->now;
    if (gesture_following(g) && id == g->id)
        gesture_follow(g, x, y);
}

/*
 * Release velocity in px/s: a least-squares slope over the samples of the
 * last velocity_window_ms of movement. A finger that stopped for
 * stopped_ms before lifting has none, whatever came before.
 */
static void gesture_velocity(const struct gesture *g, float *vx, float *vy)
{
    double st = 0, sx = 0, sy = 0, stt = 0, stx = 0, sty = 0, den;
    const struct gesture_sample *last;
    int n = 0;

    *vx = *vy = 0;
    if (g->hist_n < 2)
        return;
    last = &g->hist[(g->hist_head + g->hist_n - 1) % GESTURE_HISTORY];
    if (g->now - last->t >= g->o.stopped_ms)
        return;

    for (int k = g->hist_n - 1; k >= 0; k--) {
        const struct gesture_sample *s =
            &g->hist[(g->hist_head + k) % GESTURE_HISTORY];
        double t = (double)(s->t - last->t) / 1000.0;

        if (last->t - s->t > g->o.velocity_window_ms)
            break;
        st += t;
        sx += s->x;
        sy += s->y;
        stt += t * t;
        stx += t * s->x;
        sty += t * s->y;
        n++;
    }

    den = n * stt - st * st;
    if (n < 2 || den <= 1e-12)
        return;
    *vx = (float)((n * stx - st * sx) / den);
    *vy = (float)((n * sty - st * sy) / den);
}

static enum gesture_dir gesture_direction(float vx, float vy)
{
    float ax = fabsf(vx), ay = fabsf(vy);

    if (ax >= GESTURE_AXIS_RATIO * ay)
        return vx < 0 ? GESTURE_DIR_LEFT : GESTURE_DIR_RIGHT;
    if (ay >= GESTURE_AXIS_RATIO * ax)
        return vy < 0 ? GESTURE_DIR_UP : GESTURE_DIR_DOWN;
    return GESTURE_DIR_NONE;
}

/* The followed finger lifted: say what it was. */
static void gesture_finish(struct gesture *g)
{
    struct gesture_event ev;

    if (g->state == GS_PRESSED) {
        if (!g->long_fired)
            gesture_push_type(g, GESTURE_TAP);
        return;
    }

    ev = gesture_event_now(g, GESTURE_DRAG_END);
    gesture_velocity(g, &ev.vx, &ev.vy);
    gesture_push(g, &ev);
    if (hypotf(ev.vx, ev.vy) < g->o.swipe_speed)
        return;
    ev.dir = gesture_direction(ev.vx, ev.vy);
    if (ev.dir == GESTURE_DIR_NONE)
        return;
    ev.type = GESTURE_SWIPE;
    gesture_push(g, &ev);
}

void gesture_up(struct gesture *g, int64_t t_ms, int64_t id, float x, float y)
{
    int i;

    gesture_clock(g, t_ms);
    gesture_timers(g);

    i = gesture_ptr_find(g, id);
    if (i < 0)
        return;
    gesture_ptr_remove(g, i);

    if (gesture_following(g) && id == g->id) {
        /* A lift must never be lost, even with a broken position. */
        if (isfinite(x) && isfinite(y))
            gesture_follow(g, x, y);
        gesture_finish(g);
        g->state = GS_IDLE;
    }
    if (g->nptr > 0 && g->state == GS_IDLE)
        g->state = GS_BLOCKED;
    else if (g->nptr == 0)
        g->state = GS_IDLE;
}

void gesture_tick(struct gesture *g, int64_t t_ms)
{
    gesture_clock(g, t_ms);
    gesture_timers(g);
}

void gesture_cancel(struct gesture *g, int64_t t_ms)
{
    gesture_clock(g, t_ms);
    gesture_abort(g);
}

void gesture_reset(struct gesture *g, int64_t t_ms)
{
    gesture_clock(g, t_ms);
    g->nptr = 0;
    gesture_abort(g);
}
