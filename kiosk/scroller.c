#include "scroller.h"

#include "kerr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A coast or spring this close to its end, in px, is done: the rest of
   the way would be invisible and only keep the frames coming. */
#define SCROLLER_REST_PX 0.5
/* ...provided it is also this slow, px/s (a spring leaving the edge
   starts there at full speed). */
#define SCROLLER_REST_SPEED 20.0

enum scroller_mode {
    SM_REST,
    SM_DRAG,
    SM_COAST,
    SM_SPRING,
};

struct scroller {
    struct scroller_opts o;
    enum scroller_mode mode;
    double min, max;
    double pos, vel; /* px; px/s of pos */
    double raw;      /* drag: where the finger would put pos without
                        edges; pos is its rubber-banded image */

    /* Coast and spring: the state they started from and the time since,
       in seconds, so that the motion is exact whatever the steps. */
    double x0, v0, t;
    double t_edge; /* coast: when it reaches an edge, or INFINITY */
    double edge;   /* spring: where it comes to rest */
};

static int scroller_bad(float v)
{
    return !isfinite(v) || v < 0;
}

static int scroller_fill_opts(struct scroller_opts *o,
                              const struct scroller_opts *in)
{
    memset(o, 0, sizeof(*o));
    if (in)
        *o = *in;
    if (scroller_bad(o->time_constant_ms) || scroller_bad(o->overscroll_px) ||
        scroller_bad(o->spring_ms) || scroller_bad(o->min_fling) ||
        scroller_bad(o->max_fling))
        return kerr_set(KERR_INVAL, "scroller: negative or non-finite "
                                    "option");

    if (o->time_constant_ms == 0)
        o->time_constant_ms = 325;
    if (o->overscroll_px == 0)
        o->overscroll_px = 120;
    if (o->spring_ms == 0)
        o->spring_ms = 60;
    if (o->min_fling == 0)
        o->min_fling = 50;
    if (o->max_fling == 0)
        o->max_fling = 12000;
    return 0;
}

struct scroller *scroller_new(const struct scroller_opts *opts)
{
    struct scroller *s = calloc(1, sizeof(*s));

    if (!s) {
        kerr_set(KERR_NOMEM, "scroller: out of memory");
        return NULL;
    }
    if (scroller_fill_opts(&s->o, opts) < 0) {
        free(s);
        return NULL;
    }
    s->mode = SM_REST;
    return s;
}

void scroller_free(struct scroller *s)
{
    free(s);
}

static double scroller_clamp(const struct scroller *s, double p)
{
    if (p < s->min)
        return s->min;
    if (p > s->max)
        return s->max;
    return p;
}

/* Where the content shows for a finger asking for `raw`: exact inside,
   d * c / (d + c) beyond an edge, approaching c but never reaching it. */
static double scroller_band(const struct scroller *s, double raw)
{
    double c = s->o.overscroll_px, d;

    if (raw > s->max) {
        d = raw - s->max;
        return s->max + d * c / (d + c);
    }
    if (raw < s->min) {
        d = s->min - raw;
        return s->min - d * c / (d + c);
    }
    return raw;
}

/* The inverse of scroller_band(), so a content caught while overscrolled
   does not jump under the finger. */
static double scroller_unband(const struct scroller *s, double p)
{
    double c = s->o.overscroll_px, o;

    if (p > s->max) {
        o = fmin(p - s->max, 0.999 * c);
        return s->max + o * c / (c - o);
    }
    if (p < s->min) {
        o = fmin(s->min - p, 0.999 * c);
        return s->min - o * c / (c - o);
    }
    return p;
}

static void scroller_rest(struct scroller *s, double p)
{
    s->mode = SM_REST;
    s->pos = p;
    s->vel = 0;
}

/*
 * Spring back to the nearest edge from outside the bounds. The speed
 * towards the edge is limited so the spring cannot cross it (critical
 * damping then never oscillates). The speed away from it is limited so
 * the motion stays within the rubber band: the offset a (1 + wt) e^(-wt)
 * never exceeds a, and the part v0 t e^(-wt) never exceeds v0 / (w e).
 */
static void scroller_spring(struct scroller *s, double x0, double v0)
{
    double w = 1000.0 / s->o.spring_ms, vout;
    int high = x0 > s->max || (x0 == s->max && v0 > 0);

    s->edge = high ? s->max : s->min;
    vout = w * M_E * fmax(s->o.overscroll_px - fabs(x0 - s->edge), 0);
    if (high)
        v0 = fmin(fmax(v0, -w * (x0 - s->edge)), vout);
    else
        v0 = fmax(fmin(v0, w * (s->edge - x0)), -vout);
    s->mode = SM_SPRING;
    s->x0 = x0;
    s->v0 = v0;
    s->t = 0;
    s->pos = x0;
    s->vel = v0;
}

/* Coast from inside the bounds, noting when it would reach an edge. */
static void scroller_coast(struct scroller *s, double x0, double v0)
{
    double tau = s->o.time_constant_ms / 1000.0;
    double reach = v0 * tau;

    /* x0 + reach (1 - e^(-t/tau)) meets the edge when e^(-t/tau) is
       1 - gap / reach. */
    s->t_edge = INFINITY;
    if (v0 > 0 && x0 + reach > s->max)
        s->t_edge = -tau * log(1.0 - (s->max - x0) / reach);
    else if (v0 < 0 && x0 + reach < s->min)
        s->t_edge = -tau * log(1.0 - (s->min - x0) / reach);

    s->mode = SM_COAST;
    s->x0 = x0;
    s->v0 = v0;
    s->t = 0;
    s->pos = x0;
    s->vel = v0;
}

/* Let go at `p` moving at `v` px/s: spring, coast or rest. */
static void scroller_release(struct scroller *s, double p, double v)
{
    if (!isfinite(v))
        v = 0;
    v = fmax(fmin(v, s->o.max_fling), -s->o.max_fling);

    if (p > s->max || p < s->min)
        scroller_spring(s, p, v);
    else if (fabs(v) < s->o.min_fling)
        scroller_rest(s, p);
    else
        scroller_coast(s, p, v);
}

/* Advance a coast by up to `dt` s; returns the time left over when it
   reached an edge and handed on to the spring. */
static double scroller_coast_step(struct scroller *s, double dt)
{
    double tau = s->o.time_constant_ms / 1000.0;
    double target = s->x0 + s->v0 * tau, decay, left;

    if (s->t + dt >= s->t_edge) {
        left = s->t + dt - s->t_edge;
        decay = exp(-s->t_edge / tau);
        scroller_spring(s, s->v0 > 0 ? s->max : s->min, s->v0 * decay);
        return left;
    }

    s->t += dt;
    decay = exp(-s->t / tau);
    s->pos = target - s->v0 * tau * decay;
    s->vel = s->v0 * decay;
    if (fabs(target - s->pos) < SCROLLER_REST_PX)
        scroller_rest(s, target);
    return 0;
}

/* Critically damped: x = edge + (a + b t) e^(-w t). */
static void scroller_spring_step(struct scroller *s, double dt)
{
    double w = 1000.0 / s->o.spring_ms;
    double a = s->x0 - s->edge, b = s->v0 + w * a, e;

    s->t += dt;
    e = exp(-w * s->t);
    s->pos = s->edge + (a + b * s->t) * e;
    s->vel = (s->v0 - w * b * s->t) * e;
    if (fabs(s->pos - s->edge) < SCROLLER_REST_PX &&
        fabs(s->vel) < SCROLLER_REST_SPEED)
        scroller_rest(s, s->edge);
}

int scroller_step(struct scroller *s, float dt_ms)
{
    double dt = dt_ms / 1000.0;

    if (!(dt > 0) || !isfinite(dt))
        return s->mode == SM_COAST || s->mode == SM_SPRING;

    while (dt > 0 && (s->mode == SM_COAST || s->mode == SM_SPRING)) {
        if (s->mode == SM_COAST) {
            dt = scroller_coast_step(s, dt);
        } else {
            scroller_spring_step(s, dt);
            dt = 0;
        }
    }
    return s->mode == SM_COAST || s->mode == SM_SPRING;
}

void scroller_set_bounds(struct scroller *s, float min, float max)
{
    if (!isfinite(min) || !isfinite(max))
        return;
    s->min = min;
    s->max = max < min ? min : max;

    switch (s->mode) {
    case SM_REST: s->pos = scroller_clamp(s, s->pos); break;
    case SM_DRAG:
        s->raw = scroller_unband(s, s->pos);
        s->pos = scroller_band(s, s->raw);
        break;
    case SM_COAST:
    case SM_SPRING: scroller_release(s, s->pos, s->vel); break;
    }
}

void scroller_jump(struct scroller *s, float pos)
{
    if (!isfinite(pos))
        return;
    scroller_rest(s, scroller_clamp(s, pos));
}

void scroller_stop(struct scroller *s)
{
    scroller_rest(s, scroller_clamp(s, s->pos));
}

void scroller_drag_begin(struct scroller *s)
{
    s->mode = SM_DRAG;
    s->vel = 0;
    s->raw = scroller_unband(s, s->pos);
    s->pos = scroller_band(s, s->raw);
}

void scroller_drag(struct scroller *s, float delta)
{
    if (s->mode != SM_DRAG)
        scroller_drag_begin(s);
    if (!isfinite(delta))
        return;
    s->raw -= delta;
    s->pos = scroller_band(s, s->raw);
}

void scroller_drag_end(struct scroller *s, float velocity)
{
    if (s->mode != SM_DRAG)
        return;
    scroller_release(s, s->pos, -(double)velocity);
}

float scroller_pos(const struct scroller *s)
{
    return (float)s->pos;
}

float scroller_velocity(const struct scroller *s)
{
    return (float)s->vel;
}

int scroller_dragging(const struct scroller *s)
{
    return s->mode == SM_DRAG;
}
