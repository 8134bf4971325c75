/*
 * gesture: turns raw pointer events into taps, long presses, drags and
 * swipes, for one finger at a time.
 *
 * The app feeds it SDL finger (or mouse) events already converted to
 * screen pixels in the rotated frame the customer sees, and reads what was
 * recognised with gesture_poll(). Nothing here reads a clock: every call
 * takes the time in milliseconds (any monotonic origin, such as
 * SDL_GetTicks64()), so tests run a whole gesture in microseconds.
 *
 * One pointer at a time. The first finger to land drives the gesture.
 * Moves and lifts of other pointer ids are ignored, and a second finger
 * landing cancels the gesture (CANCEL): after that nothing is recognised
 * until every finger has lifted, so a palm or two resting fingers never
 * produce stray taps. SDL's touch-to-mouse emulation is the app's to drop
 * (mouse events whose `which` is SDL_TOUCH_MOUSEID); real mouse events may
 * be fed with a pointer id of their own.
 *
 * Events of one finger, in order:
 *   PRESS, then TAP                           (lifted within slop, early)
 *   PRESS, LONG_PRESS                         (rested long_press_ms)
 *   PRESS, [LONG_PRESS,] DRAG_BEGIN, DRAG..., DRAG_END [, SWIPE]
 *   PRESS, ..., CANCEL                        (second finger, or asked)
 * A LONG_PRESS only suppresses the TAP: a finger that rested and then
 * moves still drags (so a slow start still scrolls the grid). SWIPE
 * follows the DRAG_END of a fast, clearly directed release, so scrolling
 * code only needs DRAG_END and a carousel only needs SWIPE.
 *
 * Not thread-safe: one recogniser belongs to the UI thread.
 */
#ifndef KIOSK_GESTURE_H
#define KIOSK_GESTURE_H

#include <stdint.h>

/* Events kept until polled; older ones are dropped beyond this. */
#define GESTURE_QUEUE_MAX 32

/* Pointers tracked at once (to know when all fingers have lifted). */
#define GESTURE_MAX_POINTERS 10

enum gesture_type {
    GESTURE_PRESS,      /* finger landed: show the pressed state */
    GESTURE_TAP,        /* lifted within slop before long_press_ms */
    GESTURE_LONG_PRESS, /* held still for long_press_ms */
    GESTURE_DRAG_BEGIN, /* moved beyond slop; a DRAG follows at once */
    GESTURE_DRAG,       /* moved: dx, dy since the previous DRAG */
    GESTURE_DRAG_END,   /* lifted after dragging: vx, vy */
    GESTURE_SWIPE,      /* after DRAG_END: fast and clear: dir */
    GESTURE_CANCEL,     /* forget the gesture: undo pressed state */
};

enum gesture_dir {
    GESTURE_DIR_NONE,
    GESTURE_DIR_LEFT, /* finger moved towards smaller x */
    GESTURE_DIR_RIGHT,
    GESTURE_DIR_UP, /* finger moved towards smaller y */
    GESTURE_DIR_DOWN,
};

struct gesture_event {
    enum gesture_type type;
    int64_t t_ms;           /* time of the input that caused it */
    int64_t id;             /* pointer id of the finger */
    float x, y;             /* finger position now, px */
    float start_x, start_y; /* where the finger landed, px */
    float dx, dy;           /* DRAG: movement since the previous DRAG */
    float total_x, total_y; /* x - start_x, y - start_y */
    float vx, vy;           /* DRAG_END, SWIPE: release velocity, px/s */
    enum gesture_dir dir;   /* SWIPE: its direction; else NONE */
};

/*
 * Tuning. A zero field takes its default. The app should set px_per_mm
 * from the screen's stated diagonal; the pixel thresholds then follow
 * from physical sizes unless given explicitly.
 */
struct gesture_opts {
    float px_per_mm;        /* default 4 (a 43" 4K panel) */
    float slop_px;          /* movement still a tap; default 3 mm */
    int long_press_ms;      /* default 600 */
    float swipe_speed;      /* px/s for a SWIPE; default 120 mm/s */
    int velocity_window_ms; /* movement used for vx, vy; default 100 */
    int stopped_ms;         /* still this long before lifting means
                               zero velocity; default 40 */
    int stale_ms;           /* fingers silent this long when another
                               lands are taken as lost lifts; 10000 */
};

struct gesture;

/*
 * Create a recogniser. `opts` may be NULL for all defaults; it is copied.
 * Returns NULL with KERR_INVAL for negative or non-finite options, or
 * KERR_NOMEM. Free with gesture_free().
 */
struct gesture *gesture_new(const struct gesture_opts *opts);
void gesture_free(struct gesture *g); /* accepts NULL */

/*
 * Feed pointer input: a finger (or mouse button) landing, moving, lifting.
 * Coordinates in screen pixels; `t_ms` must not go backwards (an earlier
 * time is taken as the latest time seen). Non-finite coordinates are
 * ignored. A down for an id already down is taken as a lost lift first.
 */
void gesture_down(struct gesture *g, int64_t t_ms, int64_t id, float x,
                  float y);
void gesture_move(struct gesture *g, int64_t t_ms, int64_t id, float x,
                  float y);
void gesture_up(struct gesture *g, int64_t t_ms, int64_t id, float x, float y);

/*
 * Let time pass without input, so a LONG_PRESS fires while the finger
 * rests. Call once per frame (or from a timer) with the current time.
 */
void gesture_tick(struct gesture *g, int64_t t_ms);

/*
 * Cancel the gesture in progress (the screen changed under the finger):
 * queues CANCEL if a finger was being followed; that finger and any other
 * are then ignored until all have lifted.
 */
void gesture_cancel(struct gesture *g, int64_t t_ms);

/*
 * Forget every pointer, as after losing window focus, when lifts may never
 * arrive. Queues CANCEL if a finger was being followed.
 */
void gesture_reset(struct gesture *g, int64_t t_ms);

/*
 * Take the oldest queued event into `out`. Returns 1 when one was taken,
 * 0 when the queue is empty. Consecutive DRAGs are merged while queued,
 * and when the queue is full the oldest event is dropped, so an app that
 * stalls loses old taps, never memory.
 */
int gesture_poll(struct gesture *g, struct gesture_event *out);

/* A short name such as "tap", for logs and tests. */
const char *gesture_type_name(enum gesture_type type);

#endif
