/* The session idle timer on a scripted timeline: times in, states and
   countdown seconds out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "idle.h"
#include "kerr.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* One line of a timeline: activity ('a'), sleep ('s') or a check ('c')
   at `t` expecting `state` and `secs` seconds left. */
struct tick {
    char op;
    int64_t t;
    enum idle_state state;
    int secs;
};

static void play(struct idle *i, const struct tick *tl, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        enum idle_state got;
        int secs = -1;

        if (tl[k].op == 'a') {
            idle_activity(i, tl[k].t);
            continue;
        }
        if (tl[k].op == 's') {
            idle_sleep(i);
            continue;
        }
        got = idle_check(i, tl[k].t, &secs);
        if (got != tl[k].state || secs != tl[k].secs)
            fail_msg("line %zu, t=%lld: got %s %d, want %s %d", k,
                     (long long)tl[k].t, idle_state_name(got), secs,
                     idle_state_name(tl[k].state), tl[k].secs);
    }
}

static void test_timeline(void **state)
{
    static const struct tick tl[] = {
        {'c', 0, IDLE_ASLEEP, 0}, /* a new timer waits for a customer */
        {'a', 1000, 0, 0},
        {'c', 1000, IDLE_ACTIVE, 70},
        {'c', 60999, IDLE_ACTIVE, 11},
        {'c', 61000, IDLE_WARNING, 10}, /* 60 s without touch */
        {'c', 61001, IDLE_WARNING, 10},
        {'c', 61999, IDLE_WARNING, 10},
        {'c', 62000, IDLE_WARNING, 9},
        {'c', 66500, IDLE_WARNING, 5},
        {'c', 69999, IDLE_WARNING, 2},
        {'c', 70000, IDLE_WARNING, 1},
        {'c', 70999, IDLE_WARNING, 1},
        {'c', 71000, IDLE_EXPIRED, 0}, /* once */
        {'c', 71000, IDLE_ASLEEP, 0},
        {'c', 500000, IDLE_ASLEEP, 0},
        {'a', 600000, 0, 0}, /* the next customer */
        {'c', 600016, IDLE_ACTIVE, 70},
    };
    struct idle *i = idle_new(60000, 10000);

    (void)state;
    assert_non_null(i);
    play(i, tl, LEN(tl));
    idle_free(i);
}

static void test_countdown_every_second(void **state)
{
    struct idle *i = idle_new(60000, 10000);
    int secs;

    (void)state;
    idle_activity(i, 0);
    for (int k = 0; k < 10; k++) {
        assert_int_equal(idle_check(i, 60000 + k * 1000, &secs), IDLE_WARNING);
        assert_int_equal(secs, 10 - k);
        assert_int_equal(idle_check(i, 60000 + k * 1000 + 999, &secs),
                         IDLE_WARNING);
        assert_int_equal(secs, 10 - k);
    }
    assert_int_equal(idle_check(i, 70000, NULL), IDLE_EXPIRED);
    idle_free(i);
}

static void test_activity_resets(void **state)
{
    static const struct tick tl[] = {
        {'a', 0, 0, 0},
        {'a', 30000, 0, 0},
        {'c', 89999, IDLE_ACTIVE, 11},
        {'c', 95000, IDLE_WARNING, 5},
        {'a', 95000, 0, 0}, /* "Yes" on the sheet */
        {'c', 95000, IDLE_ACTIVE, 70},
        {'c', 154999, IDLE_ACTIVE, 11},
        {'c', 155000, IDLE_WARNING, 10},
        {'a', 90000, 0, 0}, /* late report: does not shorten */
        {'c', 155000, IDLE_WARNING, 10},
        {'c', 90000, IDLE_ACTIVE, 70}, /* clock behind: full time */
        {'c', 165000, IDLE_EXPIRED, 0},
    };
    struct idle *i = idle_new(60000, 10000);

    (void)state;
    play(i, tl, LEN(tl));
    idle_free(i);
}

static void test_sleep_on_attract_screen(void **state)
{
    static const struct tick tl[] = {
        {'a', 0, 0, 0},
        {'s', 0, 0, 0}, /* customer pressed Home / ended the session */
        {'c', 65000, IDLE_ASLEEP, 0},
        {'c', 80000, IDLE_ASLEEP, 0}, /* no EXPIRED for nothing */
        {'a', 90000, 0, 0},
        {'c', 90000, IDLE_ACTIVE, 70},
        {'s', 91000, 0, 0},
        {'a', 100, 0, 0}, /* a new session even with an old time */
        {'c', 100, IDLE_ACTIVE, 70},
    };
    struct idle *i = idle_new(60000, 10000);

    (void)state;
    play(i, tl, LEN(tl));
    idle_free(i);
}

static void test_no_warning_phase(void **state)
{
    static const struct tick tl[] = {
        {'a', 0, 0, 0},
        {'c', 29999, IDLE_ACTIVE, 1},
        {'c', 30000, IDLE_EXPIRED, 0},
        {'c', 30001, IDLE_ASLEEP, 0},
    };
    struct idle *i = idle_new(30000, 0);

    (void)state;
    play(i, tl, LEN(tl));
    idle_free(i);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    assert_null(idle_new(0, 10000));
    assert_string_not_equal(kerr_msg(), "");
    assert_null(idle_new(60000, -1));
    assert_null(idle_new((int64_t)1 << 40, 0));
    idle_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timeline),
        cmocka_unit_test(test_countdown_every_second),
        cmocka_unit_test(test_activity_resets),
        cmocka_unit_test(test_sleep_on_attract_screen),
        cmocka_unit_test(test_no_warning_phase),
        cmocka_unit_test(test_bad_arguments),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
