#include "idle.h"

#include "kerr.h"

#include <stdlib.h>

struct idle {
    int64_t timeout_ms, warn_ms;
    int64_t last; /* time of the latest activity */
    int asleep;   /* no session: nothing to count */
};

struct idle *idle_new(int64_t timeout_ms, int64_t warn_ms)
{
    struct idle *i;

    if (timeout_ms <= 0 || warn_ms < 0 || timeout_ms > INT32_MAX ||
        warn_ms > INT32_MAX) {
        kerr_set(KERR_INVAL,
                 "idle: timeout %lld ms, warning %lld ms: "
                 "need 0 < timeout and 0 <= warning, both under 24 days",
                 (long long)timeout_ms, (long long)warn_ms);
        return NULL;
    }
    i = calloc(1, sizeof(*i));
    if (!i) {
        kerr_set(KERR_NOMEM, "idle: out of memory");
        return NULL;
    }
    i->timeout_ms = timeout_ms;
    i->warn_ms = warn_ms;
    i->asleep = 1;
    return i;
}

void idle_free(struct idle *i)
{
    free(i);
}

void idle_activity(struct idle *i, int64_t t_ms)
{
    /* A late, out-of-order report must not shorten the session. */
    if (i->asleep || t_ms > i->last)
        i->last = t_ms;
    i->asleep = 0;
}

void idle_sleep(struct idle *i)
{
    i->asleep = 1;
}

enum idle_state idle_check(struct idle *i, int64_t t_ms, int *seconds_left)
{
    int64_t end, left;

    if (seconds_left)
        *seconds_left = 0;
    if (i->asleep)
        return IDLE_ASLEEP;

    end = i->last + i->timeout_ms + i->warn_ms;
    left = t_ms < i->last ? end - i->last : end - t_ms;
    if (left <= 0) {
        i->asleep = 1;
        return IDLE_EXPIRED;
    }

    if (seconds_left)
        *seconds_left = (int)((left + 999) / 1000);
    return left > i->warn_ms ? IDLE_ACTIVE : IDLE_WARNING;
}

const char *idle_state_name(enum idle_state state)
{
    switch (state) {
    case IDLE_ACTIVE: return "active";
    case IDLE_WARNING: return "warning";
    case IDLE_EXPIRED: return "expired";
    case IDLE_ASLEEP: return "asleep";
    }
    return "?";
}
