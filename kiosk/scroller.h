/*
 * scroller: one axis of kinetic scrolling with rubber-band edges, as for
 * the product grid or a product's image strip.
 *
 * The position `pos` is the scroll offset in pixels: the content
 * coordinate shown at the view's leading edge (top or left). It lives in
 * [min, max] at rest; usually min = 0 and max = content size - view
 * size. A finger moving up (negative dy) scrolls towards max.
 *
 * While dragged, the content follows the finger exactly inside the
 * bounds and with growing resistance beyond them (an overscroll of
 * d * c / (d + c) for a pull of d, c = overscroll_px, so it never goes
 * further than c). Released with speed, it coasts with exponential
 * friction; released beyond an edge, or coasting into one, a critically
 * damped spring brings it back to the edge without oscillating.
 *
 * Every motion is an exact function of time, and stepping splits at the
 * moment a coast reaches an edge, so the path does not depend on the
 * frame rate: 60 steps of 16 ms land where 120 steps of 8 ms do.
 *
 * Opaque; one per scrolling view. Not thread-safe: belongs to the UI
 * thread. Nothing reads a clock: scroller_step() takes the frame time.
 */
#ifndef KIOSK_SCROLLER_H
#define KIOSK_SCROLLER_H

/* Tuning; a zero field takes its default. Distances in px, times in ms,
   speeds in px/s. */
struct scroller_opts {
    float time_constant_ms; /* coasting decays as exp(-t / this); 325 */
    float overscroll_px;    /* rubber-band limit c; 120 */
    float spring_ms;        /* spring back: 1/omega; 70 (settles in
                               about 0.4 s) */
    float min_fling;        /* slower releases do not coast; 50 */
    float max_fling;        /* releases are capped at this; 12000 */
};

struct scroller;

/*
 * Create a scroller at rest at 0 with bounds [0, 0]. `opts` may be NULL;
 * it is copied. Returns NULL with KERR_INVAL for negative or non-finite
 * options, or KERR_NOMEM.
 */
struct scroller *scroller_new(const struct scroller_opts *opts);
void scroller_free(struct scroller *s); /* accepts NULL */

/*
 * Set the range the position rests in (px). max < min (content smaller
 * than the view) is taken as max = min. A scroller at rest outside the
 * new bounds is moved inside at once; a coast or spring carries on
 * towards the new edges; a drag keeps following the finger.
 */
void scroller_set_bounds(struct scroller *s, float min, float max);

/* Stop any motion and rest at `pos`, clamped to the bounds. */
void scroller_jump(struct scroller *s, float pos);

/* Stop any motion where it is now, pulled back inside the bounds. */
void scroller_stop(struct scroller *s);

/*
 * A finger took hold (DRAG_BEGIN): any coast or spring stops where it is,
 * so a fast-moving list can be caught.
 */
void scroller_drag_begin(struct scroller *s);

/*
 * The finger moved by `delta` px along this axis (the DRAG event's dx or
 * dy, in screen direction: pos changes by -delta inside the bounds).
 * Starts a drag if none was begun.
 */
void scroller_drag(struct scroller *s, float delta);

/*
 * The finger lifted, moving at `velocity` px/s along this axis in screen
 * direction (the DRAG_END's vx or vy). Starts a coast, a spring back to
 * the nearest edge, or a stop. Also right after a CANCEL, with 0.
 */
void scroller_drag_end(struct scroller *s, float velocity);

/*
 * Advance the motion by `dt_ms` (the time since the previous frame; 0 or
 * less does nothing). Returns 1 while a coast or spring is still running,
 * so the app keeps drawing frames, and 0 at rest or while dragged.
 */
int scroller_step(struct scroller *s, float dt_ms);

/* The position to draw at now, px. */
float scroller_pos(const struct scroller *s);

/* The position's rate of change now, px/s (0 at rest or while dragged). */
float scroller_velocity(const struct scroller *s);

/* 1 while a finger holds the content. */
int scroller_dragging(const struct scroller *s);

#endif
