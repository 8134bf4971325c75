/* Kinetic scrolling stepped by hand: positions in, positions out, no
   clock. Finger deltas are in screen direction (up = negative), so a
   finger moving up scrolls towards max. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kerr.h"
#include "scroller.h"

#include <math.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static struct scroller *make(float min, float max, float pos)
{
    struct scroller *s = scroller_new(NULL);

    assert_non_null(s);
    scroller_set_bounds(s, min, max);
    scroller_jump(s, pos);
    return s;
}

/* Step until at rest (at most `limit_ms`); returns the time it took. */
static int settle(struct scroller *s, float dt, int limit_ms)
{
    int t = 0;

    while (scroller_step(s, dt)) {
        t += (int)dt;
        if (t > limit_ms)
            fail_msg("still moving after %d ms at %.2f", t,
                     (double)scroller_pos(s));
    }
    return t;
}

static void test_follows_finger(void **state)
{
    static const struct {
        float delta, pos;
    } steps[] = {
        {-30, 530}, {10, 520}, {-0.5f, 520.5f}, {-400, 920.5f}, {420, 500.5f},
    };
    struct scroller *s = make(0, 1000, 500);

    (void)state;
    scroller_drag_begin(s);
    for (size_t k = 0; k < LEN(steps); k++) {
        scroller_drag(s, steps[k].delta);
        assert_float_equal(scroller_pos(s), steps[k].pos, 1e-3);
        assert_int_equal(scroller_step(s, 16), 0); /* nothing animates */
    }
    assert_true(scroller_dragging(s));
    scroller_drag_end(s, 0);
    assert_false(scroller_dragging(s));
    assert_int_equal(scroller_step(s, 16), 0);
    assert_float_equal(scroller_pos(s), 500.5f, 1e-3);
    scroller_free(s);
}

static void test_rubber_band_beyond_edge(void **state)
{
    struct scroller *s = make(0, 1000, 20);
    float p50, p100, p10k;

    (void)state;
    scroller_drag_begin(s);
    scroller_drag(s, 20); /* exactly to the edge */
    assert_float_equal(scroller_pos(s), 0, 1e-3);

    scroller_drag(s, 50);
    p50 = scroller_pos(s);
    scroller_drag(s, 50);
    p100 = scroller_pos(s);
    scroller_drag(s, 9900);
    p10k = scroller_pos(s);

    /* Beyond the edge: moves less than the finger, less and less, and
       never past the band's limit (120 px by default). */
    assert_true(p50 < 0 && p50 > -50);
    assert_true(p100 < p50 && p100 > -100);
    assert_true(p50 - p100 < -p50);
    assert_true(p10k < p100 && p10k > -120);

    /* Going back retraces the way exactly. */
    scroller_drag(s, -9900);
    assert_float_equal(scroller_pos(s), p100, 1e-3);
    scroller_drag(s, -100 - 30);
    assert_float_equal(scroller_pos(s), 30, 1e-3);
    scroller_free(s);

    /* The far edge pulls the same way. */
    s = make(0, 1000, 1000);
    scroller_drag(s, -100);
    assert_float_equal(scroller_pos(s) - 1000, -p100, 1e-3);
    scroller_free(s);
}

static void test_fling_decays_and_stops(void **state)
{
    struct scroller *s = make(0, 100000, 1000);
    float prev = 1000, prev_step = INFINITY;
    int t = 0;

    (void)state;
    scroller_drag(s, -10);
    scroller_drag_end(s, -1000); /* finger up at 1000 px/s */
    while (scroller_step(s, 16)) {
        float p = scroller_pos(s);

        /* Always forward, always slower. */
        assert_true(p > prev);
        assert_true(p - prev < prev_step);
        prev_step = p - prev;
        prev = p;
        t += 16;
        assert_true(t < 4000);
    }
    /* v * tau = 1000 px/s * 0.325 s past the release point. */
    assert_float_equal(scroller_pos(s), 1010 + 325, 0.01);
    assert_float_equal(scroller_velocity(s), 0, 0);
    scroller_free(s);
}

static void test_slow_release_does_not_coast(void **state)
{
    struct scroller *s = make(0, 1000, 500);

    (void)state;
    scroller_drag(s, 5);
    scroller_drag_end(s, 30);
    assert_int_equal(scroller_step(s, 16), 0);
    assert_float_equal(scroller_pos(s), 495, 1e-3);
    scroller_free(s);
}

/* Coast into the end: it passes the edge a little, comes back, and
   rests exactly on it without dipping back inside by more than 1 px. */
static void test_fling_into_edge_springs_back(void **state)
{
    static const float speeds[] = {1500, 5000, 12000, 50000};

    (void)state;
    for (size_t k = 0; k < LEN(speeds); k++) {
        struct scroller *s = make(0, 2000, 1800);
        float peak = 0, low_after_peak = INFINITY;
        int t = 0;

        scroller_drag_begin(s);
        scroller_drag_end(s, -speeds[k]);
        while (scroller_step(s, 16)) {
            float p = scroller_pos(s);

            if (p > peak) {
                peak = p;
                low_after_peak = INFINITY;
            } else if (p < low_after_peak) {
                low_after_peak = p;
            }
            t += 16;
            assert_true(t < 3000);
        }
        assert_true(peak > 2000);
        assert_true(peak < 2000 + 120 + 1);
        assert_true(low_after_peak >= 2000 - 1);
        assert_float_equal(scroller_pos(s), 2000, 0);
        scroller_free(s);
    }
}

static void test_release_overscrolled_springs_back(void **state)
{
    /* Let go still, pulled back towards the content hard, or flung
       further out: every time it ends on the edge without crossing. */
    static const float release[] = {0, -8000, 3000};

    (void)state;
    for (size_t k = 0; k < LEN(release); k++) {
        struct scroller *s = make(0, 1000, 0);
        int t = 0;

        scroller_drag(s, 200);
        assert_true(scroller_pos(s) < -50);
        scroller_drag_end(s, release[k]);
        while (scroller_step(s, 8)) {
            assert_true(scroller_pos(s) <= 1);
            assert_true(scroller_pos(s) > -121);
            t += 8;
        }
        assert_true(t > 100 && t < 1500);
        assert_float_equal(scroller_pos(s), 0, 0);
        scroller_free(s);
    }
}

/* The same fling stepped at 60 Hz, 120 Hz and with uneven frames must
   follow the same path. */
static void test_frame_rate_independent(void **state)
{
    static const float uneven[] = {16, 7, 33, 4, 16, 50, 1, 9};
    static const struct {
        float start, velocity;
    } flings[] = {
        {500, -3000},  /* coasts, stays inside */
        {1500, -4000}, /* hits the end, springs back */
        {300, 6000},   /* hits the start */
    };

    (void)state;
    for (size_t k = 0; k < LEN(flings); k++) {
        struct scroller *a = make(0, 2000, flings[k].start);
        struct scroller *b = make(0, 2000, flings[k].start);
        struct scroller *c = make(0, 2000, flings[k].start);
        float tc = 0;
        size_t u = 0;

        scroller_drag_begin(a);
        scroller_drag_end(a, flings[k].velocity);
        scroller_drag_begin(b);
        scroller_drag_end(b, flings[k].velocity);
        scroller_drag_begin(c);
        scroller_drag_end(c, flings[k].velocity);
        for (int frame = 1; frame <= 200; frame++) {
            scroller_step(a, 16);
            scroller_step(b, 8);
            scroller_step(b, 8);
            while (tc < frame * 16.0f) {
                float dt = fminf(uneven[u++ % LEN(uneven)], frame * 16.0f - tc);

                scroller_step(c, dt);
                tc += dt;
            }
            assert_float_equal(scroller_pos(a), scroller_pos(b), 1.0);
            assert_float_equal(scroller_pos(a), scroller_pos(c), 1.0);
        }
        assert_int_equal(scroller_step(a, 16), 0);
        assert_float_equal(scroller_pos(a), scroller_pos(b), 0.01);
        assert_float_equal(scroller_pos(a), scroller_pos(c), 0.01);
        scroller_free(a);
        scroller_free(b);
        scroller_free(c);
    }
}

static void test_bounds_change(void **state)
{
    struct scroller *s = make(0, 1000, 900);

    (void)state;
    /* At rest: moved inside at once. */
    scroller_set_bounds(s, 0, 500);
    assert_float_equal(scroller_pos(s), 500, 0);
    scroller_set_bounds(s, 0, -300); /* content smaller than the view */
    assert_float_equal(scroller_pos(s), 0, 0);
    scroller_set_bounds(s, 0, 5000);
    assert_float_equal(scroller_pos(s), 0, 0);

    /* Coasting when the content shrinks: ends on the new edge. */
    scroller_jump(s, 3000);
    scroller_drag_begin(s);
    scroller_drag_end(s, -2000);
    scroller_step(s, 100);
    scroller_set_bounds(s, 0, 2000);
    settle(s, 16, 3000);
    assert_float_equal(scroller_pos(s), 2000, 0);

    /* Dragged: the content stays under the finger. */
    scroller_drag(s, 10);
    scroller_set_bounds(s, 0, 8000);
    assert_float_equal(scroller_pos(s), 1990, 1e-3);
    scroller_drag(s, 10);
    assert_float_equal(scroller_pos(s), 1980, 1e-3);
    scroller_free(s);
}

static void test_catch_stop_and_jump(void **state)
{
    struct scroller *s = make(0, 10000, 100);
    float caught;

    (void)state;
    scroller_drag_begin(s);
    scroller_drag_end(s, -5000);
    assert_int_equal(scroller_step(s, 100), 1);
    assert_true(scroller_velocity(s) > 0);

    /* A finger on a moving list stops it where it is. */
    caught = scroller_pos(s);
    scroller_drag_begin(s);
    assert_int_equal(scroller_step(s, 100), 0);
    assert_float_equal(scroller_pos(s), caught, 1e-3);
    scroller_drag_end(s, 0);

    scroller_jump(s, 20000);
    assert_float_equal(scroller_pos(s), 10000, 0);
    scroller_jump(s, NAN);
    assert_float_equal(scroller_pos(s), 10000, 0);

    scroller_drag(s, -50); /* overscrolled, then stopped: back inside */
    scroller_stop(s);
    assert_float_equal(scroller_pos(s), 10000, 0);
    assert_int_equal(scroller_step(s, 16), 0);

    /* Nonsense frame times do nothing. */
    scroller_drag_begin(s);
    scroller_drag_end(s, 3000);
    caught = scroller_pos(s);
    scroller_step(s, -5);
    scroller_step(s, NAN);
    assert_float_equal(scroller_pos(s), caught, 0);
    scroller_free(s);
}

static void test_options(void **state)
{
    struct scroller_opts bad = {.overscroll_px = -1};
    struct scroller_opts slow = {.time_constant_ms = 650};
    struct scroller *s;

    (void)state;
    assert_null(scroller_new(&bad));
    assert_string_not_equal(kerr_msg(), "");
    scroller_free(NULL);

    s = scroller_new(&slow);
    scroller_set_bounds(s, 0, 100000);
    scroller_drag_begin(s);
    scroller_drag_end(s, -1000);
    settle(s, 16, 10000);
    assert_float_equal(scroller_pos(s), 650, 0.01);
    scroller_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_follows_finger),
        cmocka_unit_test(test_rubber_band_beyond_edge),
        cmocka_unit_test(test_fling_decays_and_stops),
        cmocka_unit_test(test_slow_release_does_not_coast),
        cmocka_unit_test(test_fling_into_edge_springs_back),
        cmocka_unit_test(test_release_overscrolled_springs_back),
        cmocka_unit_test(test_frame_rate_independent),
        cmocka_unit_test(test_bounds_change),
        cmocka_unit_test(test_catch_stop_and_jump),
        cmocka_unit_test(test_options),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
