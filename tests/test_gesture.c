/* Gestures from scripted finger input with an injected clock: each test
   is a script of touches in, the recognised events out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "gesture.h"
#include "kerr.h"
#include "log.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* One line of a script: d(own), m(ove), u(p), t(ick), c(ancel). */
struct step {
    char op;
    int64_t t;
    int64_t id;
    float x, y;
};

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static void run(struct gesture *g, const struct step *s, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        switch (s[k].op) {
        case 'd': gesture_down(g, s[k].t, s[k].id, s[k].x, s[k].y); break;
        case 'm': gesture_move(g, s[k].t, s[k].id, s[k].x, s[k].y); break;
        case 'u': gesture_up(g, s[k].t, s[k].id, s[k].x, s[k].y); break;
        case 't': gesture_tick(g, s[k].t); break;
        case 'c': gesture_cancel(g, s[k].t); break;
        default: fail_msg("bad op %c", s[k].op);
        }
    }
}

/* Drain the queue into "press,tap"; the last event is kept in `last`. */
static const char *drain(struct gesture *g, struct gesture_event *last)
{
    static char buf[2048];
    struct gesture_event ev;
    size_t used = 0;

    buf[0] = '\0';
    while (gesture_poll(g, &ev)) {
        used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s",
                                 used ? "," : "", gesture_type_name(ev.type));
        assert_true(used < sizeof(buf));
        if (last)
            *last = ev;
    }
    return buf;
}

/* Run a script on a default recogniser and compare the event names. */
static void expect_script(const struct step *s, size_t n, const char *want)
{
    struct gesture *g = gesture_new(NULL);

    assert_non_null(g);
    run(g, s, n);
    assert_string_equal(drain(g, NULL), want);
    gesture_free(g);
}

/* A straight move from (500, 500) starting at `t0` at `speed` px/s in
   direction (ux, uy), one sample every 8 ms for `ms`, then a lift
   `lift_after` ms after the last sample at the same place. Returns the
   DRAG_END. */
static struct gesture_event fling(struct gesture *g, int64_t t0, float ux,
                                  float uy, float speed, int ms,
                                  int lift_after)
{
    struct gesture_event ev, end;
    float x = 500, y = 500;
    int t;

    memset(&end, 0, sizeof(end));
    gesture_down(g, t0, 7, x, y);
    for (t = 8; t <= ms; t += 8) {
        x = 500 + ux * speed * (float)t / 1000.0f;
        y = 500 + uy * speed * (float)t / 1000.0f;
        gesture_move(g, t0 + t, 7, x, y);
    }
    gesture_up(g, t0 + t - 8 + lift_after, 7, x, y);
    while (gesture_poll(g, &ev)) {
        if (ev.type == GESTURE_DRAG_END)
            end = ev;
    }
    assert_int_equal(end.type, GESTURE_DRAG_END);
    return end;
}

static void test_tap(void **state)
{
    static const struct step s[] = {
        {'d', 0, 1, 100, 100},
        {'m', 50, 1, 104, 103}, /* jitter within slop */
        {'u', 120, 1, 102, 101},
    };
    struct gesture *g = gesture_new(NULL);
    struct gesture_event ev;

    (void)state;
    run(g, s, LEN(s));
    assert_string_equal(drain(g, &ev), "press,tap");
    assert_int_equal(ev.t_ms, 120);
    assert_int_equal(ev.id, 1);
    assert_true(ev.x == 102 && ev.y == 101);
    assert_true(ev.start_x == 100 && ev.start_y == 100);
    gesture_free(g);
}

static void test_beyond_slop_is_drag(void **state)
{
    static const struct step s[] = {
        {'d', 0, 1, 100, 100},
        {'m', 30, 1, 100, 130},
        {'u', 200, 1, 100, 130}, /* rested first: no swipe */
    };

    (void)state;
    expect_script(s, LEN(s), "press,drag-begin,drag,drag-end");
}

static void test_lift_beyond_slop_without_moves_is_drag(void **state)
{
    static const struct step s[] = {
        {'d', 0, 1, 100, 100},
        {'u', 20, 1, 160, 100},
    };

    (void)state;
    expect_script(s, LEN(s), "press,drag-begin,drag,drag-end,swipe");
}

static void test_long_press_fires_on_tick(void **state)
{
    struct gesture *g = gesture_new(NULL);
    struct gesture_event ev;

    (void)state;
    gesture_down(g, 0, 1, 300, 300);
    gesture_tick(g, 599);
    assert_string_equal(drain(g, NULL), "press");
    gesture_tick(g, 600);
    assert_string_equal(drain(g, &ev), "long-press");
    assert_true(ev.x == 300 && ev.y == 300);
    gesture_tick(g, 2000);
    gesture_up(g, 2100, 1, 301, 300);
    assert_string_equal(drain(g, NULL), ""); /* no tap after it */
    gesture_free(g);
}

static void test_long_press_without_tick_still_suppresses_tap(void **state)
{
    static const struct step s[] = {
        {'d', 0, 1, 300, 300},
        {'u', 900, 1, 300, 300},
    };

    (void)state;
    expect_script(s, LEN(s), "press,long-press");
}

static void test_long_press_then_move_drags(void **state)
{
    static const struct step s[] = {
        {'d', 0, 1, 300, 300},
        {'t', 700, 0, 0, 0},
        {'m', 1000, 1, 300, 400},
        {'u', 1200, 1, 300, 400},
    };

    (void)state;
    expect_script(s, LEN(s), "press,long-press,drag-begin,drag,drag-end");
}

static void test_moving_finger_gets_no_long_press(void **state)
{
    static const struct step s[] = {
        {'d', 0, 1, 300, 300},
        {'m', 100, 1, 300, 350},
        {'t', 700, 0, 0, 0},
        {'u', 800, 1, 300, 350},
    };

    (void)state;
    expect_script(s, LEN(s), "press,drag-begin,drag,drag-end");
}

/* Deltas must add up to the whole movement, whether polled after each
   move or all at once (merged in the queue). */
static void test_drag_deltas_sum_to_total(void **state)
{
    static const float path[][2] = {
        {100, 100}, {103, 98}, {120, 90}, {150, 60}, {149.5f, 61},
        {90, 200}, {91, 210}, {40, 400}, {40, 400}, {37.25f, 410},
    };
    struct gesture *g = gesture_new(NULL);
    struct gesture_event ev, end;

    (void)state;
    for (int each = 0; each < 2; each++) {
        int64_t t0 = each * 1000;
        float sx = 0, sy = 0;
        size_t k;

        memset(&end, 0, sizeof(end));
        gesture_down(g, t0, 1, path[0][0], path[0][1]);
        for (k = 1; k < LEN(path); k++) {
            gesture_move(g, t0 + (int64_t)k * 10, 1, path[k][0],
                         path[k][1]);
            while (each && gesture_poll(g, &ev)) {
                sx += ev.type == GESTURE_DRAG ? ev.dx : 0;
                sy += ev.type == GESTURE_DRAG ? ev.dy : 0;
            }
        }
        gesture_up(g, t0 + (int64_t)k * 10, 1, 30, 420);
        while (gesture_poll(g, &ev)) {
            sx += ev.type == GESTURE_DRAG ? ev.dx : 0;
            sy += ev.type == GESTURE_DRAG ? ev.dy : 0;
            if (ev.type == GESTURE_DRAG_END)
                end = ev;
        }
        assert_int_equal(end.type, GESTURE_DRAG_END);
        assert_float_equal(sx, 30 - 100, 0.01);
        assert_float_equal(sy, 420 - 100, 0.01);
        assert_float_equal(end.total_x, sx, 0.01);
        assert_float_equal(end.total_y, sy, 0.01);
    }
    gesture_free(g);
}

static void test_velocity_of_steady_move(void **state)
{
    struct gesture *g = gesture_new(NULL);
    struct gesture_event end;

    (void)state;
    /* Lifted 8 ms after the last move at the same place, as many panels
       report it: the repeated position must not read as stopping. */
    end = fling(g, 1000, 1, 0, 1000, 200, 8);
    assert_float_equal(end.vx, 1000, 50);
    assert_float_equal(end.vy, 0, 1);

    end = fling(g, 2000, 0, -1, 2500, 120, 0);
    assert_float_equal(end.vx, 0, 1);
    assert_float_equal(end.vy, -2500, 125);
    gesture_free(g);
}

static void test_stop_then_lift_has_no_velocity(void **state)
{
    struct gesture *g = gesture_new(NULL);
    struct gesture_event end;

    (void)state;
    /* Silent rest of 150 ms. */
    end = fling(g, 1000, 1, 0, 1000, 200, 150);
    assert_float_equal(end.vx, 0, 1);

    /* A rest reported as repeated moves at the same place. */
    gesture_down(g, 5000, 3, 0, 0);
    for (int t = 8; t <= 200; t += 8)
        gesture_move(g, 5000 + t, 3, (float)t, 0);
    for (int t = 208; t <= 320; t += 8)
        gesture_move(g, 5000 + t, 3, 200, 0);
    gesture_up(g, 5328, 3, 200, 0);
    while (gesture_poll(g, &end) && end.type != GESTURE_DRAG_END)
        ;
    assert_int_equal(end.type, GESTURE_DRAG_END);
    assert_float_equal(end.vx, 0, 1);
    assert_float_equal(end.vy, 0, 1);
    gesture_free(g);
}

static void test_swipe_direction(void **state)
{
    static const struct {
        float ux, uy, speed;
        const char *events;
        enum gesture_dir dir;
    } cases[] = {
        {-1, 0, 1500, "drag-end,swipe", GESTURE_DIR_LEFT},
        {1, 0.2f, 1500, "drag-end,swipe", GESTURE_DIR_RIGHT},
        {0, -1, 1500, "drag-end,swipe", GESTURE_DIR_UP},
        {0.1f, 1, 1500, "drag-end,swipe", GESTURE_DIR_DOWN},
        {0.7f, 0.7f, 1500, "drag-end", GESTURE_DIR_NONE}, /* diagonal */
        {1, 0, 200, "drag-end", GESTURE_DIR_NONE},        /* slow */
    };
    struct gesture *g = gesture_new(NULL);
    struct gesture_event ev;
    char got[64];

    (void)state;
    for (size_t k = 0; k < LEN(cases); k++) {
        int64_t t0 = (int64_t)k * 10000;

        gesture_down(g, t0, 1, 500, 500);
        for (int t = 8; t <= 160; t += 8) {
            float d = cases[k].speed * (float)t / 1000.0f;

            gesture_move(g, t0 + t, 1, 500 + cases[k].ux * d,
                         500 + cases[k].uy * d);
        }
        while (gesture_poll(g, &ev) && ev.type != GESTURE_DRAG)
            ;
        gesture_up(g, t0 + 170, 1, 500 + cases[k].ux * cases[k].speed * 0.16f,
                   500 + cases[k].uy * cases[k].speed * 0.16f);
        snprintf(got, sizeof(got), "%s", drain(g, &ev));
        assert_string_equal(got, cases[k].events);
        assert_int_equal(ev.dir, cases[k].dir);
    }
    gesture_free(g);
}

static void test_second_finger_cancels(void **state)
{
    static const struct step s[] = {
        {'d', 0, 1, 100, 100},
        {'m', 20, 1, 100, 150},
        {'d', 30, 2, 400, 400}, /* second finger: cancel */
        {'m', 40, 2, 400, 480},
        {'m', 50, 1, 100, 250},
        {'u', 60, 2, 400, 480},
        {'u', 70, 1, 100, 250}, /* nothing until all have lifted */
        {'d', 100, 3, 10, 10},  /* then a fresh tap works */
        {'u', 150, 3, 10, 10},
    };

    (void)state;
    expect_script(s, LEN(s),
                  "press,drag-begin,drag,cancel,press,tap");
}

static void test_palm_makes_no_taps(void **state)
{
    /* A palm: several contacts land together and lift one by one. */
    static const struct step s[] = {
        {'d', 0, 1, 100, 100}, {'d', 5, 2, 130, 110}, {'d', 9, 3, 90, 140},
        {'u', 60, 1, 100, 100}, {'d', 70, 4, 600, 900},
        {'u', 90, 4, 600, 900}, {'u', 100, 2, 130, 110},
        {'u', 120, 3, 90, 140},
    };

    (void)state;
    expect_script(s, LEN(s), "press,cancel");
}

static void test_other_pointer_ignored(void **state)
{
    /* Moves and lifts of a pointer that never landed (or whose landing
       went to another window) change nothing. */
    static const struct step s[] = {
        {'d', 0, 1, 100, 100},
        {'m', 10, 9, 900, 900},
        {'u', 20, 9, 900, 900},
        {'u', 80, 1, 101, 100},
        {'m', 90, 9, 10, 10},
        {'u', 95, 9, 10, 10},
    };

    (void)state;
    expect_script(s, LEN(s), "press,tap");
}

static void test_cancel_on_request(void **state)
{
    static const struct step s[] = {
        {'d', 0, 1, 100, 100},
        {'c', 50, 0, 0, 0},
        {'m', 60, 1, 100, 300},
        {'u', 80, 1, 100, 300},
        {'c', 90, 0, 0, 0}, /* nothing to cancel */
    };

    (void)state;
    expect_script(s, LEN(s), "press,cancel");
}

static void test_lost_lift_recovers(void **state)
{
    /* Finger 1 lifts while the window is unfocused; 20 s later another
       finger must work, and a reused id means its lift was lost. */
    static const struct step s[] = {
        {'d', 0, 1, 100, 100},
        {'d', 20000, 2, 50, 50},
        {'u', 20050, 2, 50, 50},
        {'d', 30000, 5, 10, 10},
        {'d', 30010, 5, 10, 10},
        {'u', 30050, 5, 10, 10},
    };

    (void)state;
    expect_script(s, LEN(s), "press,long-press,cancel,press,tap,"
                            "press,cancel,press,tap");
}

static void test_reset_forgets_pointers(void **state)
{
    struct gesture *g = gesture_new(NULL);

    (void)state;
    gesture_down(g, 0, 1, 100, 100);
    gesture_down(g, 10, 2, 200, 100);
    gesture_reset(g, 20);
    gesture_down(g, 30, 3, 10, 10);
    gesture_up(g, 40, 3, 10, 10);
    assert_string_equal(drain(g, NULL), "press,cancel,press,tap");
    gesture_free(g);
}

static void test_broken_input(void **state)
{
    /* Non-finite positions are ignored but a lift still ends the press;
       a time running backwards does not undo a long press. */
    static const struct step s[] = {
        {'d', 0, 1, NAN, 0},
        {'d', 10, 1, 100, 100},
        {'m', 20, 1, INFINITY, 100},
        {'u', 30, 1, NAN, NAN},
        {'d', 1000, 2, 100, 100},
        {'t', 1700, 0, 0, 0},
        {'u', 1200, 2, 100, 100},
    };

    (void)state;
    expect_script(s, LEN(s), "press,tap,press,long-press");
}

static void test_queue_is_bounded(void **state)
{
    struct gesture *g = gesture_new(NULL);
    struct gesture_event ev, last;
    int n = 0;

    (void)state;
    memset(&last, 0, sizeof(last));
    log_set_level(LOG_QUIET);
    for (int k = 0; k < 1000; k++) {
        gesture_down(g, k * 100, 1, 50, 50);
        gesture_up(g, k * 100 + 50, 1, 50, 50);
    }
    while (gesture_poll(g, &ev)) {
        last = ev;
        n++;
    }
    assert_int_equal(n, GESTURE_QUEUE_MAX);
    assert_int_equal(last.type, GESTURE_TAP);
    assert_int_equal(last.t_ms, 999 * 100 + 50); /* newest kept */

    /* A long unpolled drag takes three slots, not thousands. */
    gesture_down(g, 200000, 1, 0, 0);
    for (int k = 1; k <= 5000; k++)
        gesture_move(g, 200000 + k, 1, (float)k, 0);
    assert_string_equal(drain(g, &ev), "press,drag-begin,drag");
    assert_float_equal(ev.dx, 5000, 0.01);
    gesture_free(g);
    log_set_level(LOG_INFO);
}

static void test_options(void **state)
{
    struct gesture_opts bad = {.slop_px = -1};
    struct gesture_opts nan = {.swipe_speed = NAN};
    struct gesture_opts wide = {.slop_px = 100, .long_press_ms = 300};
    static const struct step s[] = {
        {'d', 0, 1, 100, 100},
        {'m', 20, 1, 180, 100},
        {'t', 300, 0, 0, 0},
        {'u', 400, 1, 180, 100},
    };
    struct gesture *g;

    (void)state;
    assert_null(gesture_new(&bad));
    assert_null(gesture_new(&nan));
    assert_string_not_equal(kerr_msg(), "");
    gesture_free(NULL);

    g = gesture_new(&wide);
    assert_non_null(g);
    run(g, s, LEN(s));
    assert_string_equal(drain(g, NULL), "press,long-press");
    gesture_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tap),
        cmocka_unit_test(test_beyond_slop_is_drag),
        cmocka_unit_test(test_lift_beyond_slop_without_moves_is_drag),
        cmocka_unit_test(test_long_press_fires_on_tick),
        cmocka_unit_test(test_long_press_without_tick_still_suppresses_tap),
        cmocka_unit_test(test_long_press_then_move_drags),
        cmocka_unit_test(test_moving_finger_gets_no_long_press),
        cmocka_unit_test(test_drag_deltas_sum_to_total),
        cmocka_unit_test(test_velocity_of_steady_move),
        cmocka_unit_test(test_stop_then_lift_has_no_velocity),
        cmocka_unit_test(test_swipe_direction),
        cmocka_unit_test(test_second_finger_cancels),
        cmocka_unit_test(test_palm_makes_no_taps),
        cmocka_unit_test(test_other_pointer_ignored),
        cmocka_unit_test(test_cancel_on_request),
        cmocka_unit_test(test_lost_lift_recovers),
        cmocka_unit_test(test_reset_forgets_pointers),
        cmocka_unit_test(test_broken_input),
        cmocka_unit_test(test_queue_is_bounded),
        cmocka_unit_test(test_options),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
