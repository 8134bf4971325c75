/* The background sync thread: runs at once, on request, reports
   failures, and stops promptly even in the middle of a slow sync. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"
#include "fakeshop.h"
#include "log.h"
#include "syncer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Poll until generation reaches `gen` or the attempt fails. */
static void wait_for(struct syncer *s, int gen, struct syncer_status *st)
{
    double until = now_s() + 120;

    do {
        usleep(20 * 1000);
        syncer_status(s, st);
    } while (st->generation < gen && !(st->last_failed && !st->running) &&
             now_s() < until);
}

static void test_runs_now_and_on_request(void **state)
{
    char dir[] = "/tmp/kiosk-syncer-XXXXXX", cmd[64];
    struct syncer_status st;
    struct config cfg;
    struct syncer *s;

    (void)state;
    assert_non_null(mkdtemp(dir));
    config_defaults(&cfg);
    snprintf(cfg.data_dir, sizeof(cfg.data_dir), "%s", dir);
    cfg.demo_products = 40;
    s = syncer_start(&cfg, 1);
    assert_non_null(s);

    wait_for(s, 1, &st);
    assert_int_equal(st.generation, 1);
    assert_int_equal(st.last_failed, 0);
    assert_true(st.last_good > 0);

    syncer_request(s);
    wait_for(s, 2, &st);
    assert_int_equal(st.generation, 2);
    syncer_stop(s);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_failure_reported_and_stop_is_prompt(void **state)
{
    char dir[] = "/tmp/kiosk-syncer-XXXXXX", cmd[64];
    struct fakeshop *fs = fakeshop_start(NULL);
    struct fakeshop_fault down = {NULL, 0, 0, 503, 0, 0, 0, 0};
    struct fakeshop_fault slow = {NULL, 0, 0, 0, 0, 20000, 0, 0};
    struct syncer_status st;
    struct config cfg;
    struct syncer *s;
    double t;

    (void)state;
    assert_non_null(fs);
    assert_non_null(mkdtemp(dir));
    config_defaults(&cfg);
    snprintf(cfg.platform, sizeof(cfg.platform), "shopify");
    snprintf(cfg.url, sizeof(cfg.url), "%s", fakeshop_url(fs));
    snprintf(cfg.data_dir, sizeof(cfg.data_dir), "%s", dir);
    cfg.retries = 0;

    fakeshop_add_fault(fs, &down);
    s = syncer_start(&cfg, 1);
    wait_for(s, 1, &st);
    assert_int_equal(st.generation, 0);
    assert_int_equal(st.last_failed, 1);
    assert_non_null(strstr(st.last_error, "503"));

    fakeshop_clear_faults(fs);
    fakeshop_add_fault(fs, &slow);
    syncer_request(s);
    usleep(300 * 1000); /* now stuck in a 20 s answer */
    t = now_s();
    syncer_stop(s);
    assert_true(now_s() - t < 3);

    fakeshop_stop(fs);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_now_and_on_request),
        cmocka_unit_test(test_failure_reported_and_stop_is_prompt),
    };

    log_set_level(LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
