/*
 * idle: the customer session's idle timer, with a warning phase.
 *
 * After `timeout_ms` without a touch the app shows the "Still there?"
 * sheet with a countdown of `warn_ms`; if nobody touches the screen
 * before it runs out, the session is over (wipe it, show the attract
 * screen). With the defaults of UI.md: idle_new(60000, 10000), the sheet
 * at 60 s, the end at 70 s.
 *
 *   ACTIVE --timeout--> WARNING --warn--> EXPIRED (once) --> ASLEEP
 *      ^                   |                                   |
 *      +---- activity -----+------------- activity ------------+
 *
 * A new timer is asleep: the app starts on the attract screen, where
 * there is nothing to count down, and the first touch starts a session.
 *
 * Nothing reads a clock: every call takes the time in milliseconds (any
 * monotonic origin). Not thread-safe: belongs to the UI thread.
 */
#ifndef KIOSK_IDLE_H
#define KIOSK_IDLE_H

#include <stdint.h>

enum idle_state {
    IDLE_ACTIVE,  /* a session is in use */
    IDLE_WARNING, /* show the countdown */
    IDLE_EXPIRED, /* end the session now; reported once */
    IDLE_ASLEEP,  /* no session (attract screen) */
};

struct idle;

/*
 * Create a timer, asleep. `timeout_ms` (> 0) is the quiet time before the
 * warning, `warn_ms` (>= 0) the length of the countdown; 0 expires without
 * warning; both under 2^31 ms (24 days). Returns NULL with KERR_INVAL for
 * other values, or KERR_NOMEM.
 */
struct idle *idle_new(int64_t timeout_ms, int64_t warn_ms);
void idle_free(struct idle *i); /* accepts NULL */

/* A touch (or anything that shows a customer is there) at `t_ms`:
   starts a session when asleep, and ends any warning. */
void idle_activity(struct idle *i, int64_t t_ms);

/*
 * Where the session stands at `t_ms`; call once per frame. When
 * `seconds_left` is not NULL it receives the whole seconds until the
 * session ends, rounded up (10 .. 1 during a 10 s warning), or 0 when
 * expired or asleep. A time before the last activity counts as that
 * activity's time.
 */
enum idle_state idle_check(struct idle *i, int64_t t_ms, int *seconds_left);

/* The app went back to the attract screen by itself: no session, no
   countdown, until the next activity. */
void idle_sleep(struct idle *i);

/* A short name such as "warning", for logs and tests. */
const char *idle_state_name(enum idle_state state);

#endif
